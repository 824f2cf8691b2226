//! Hostile guest: claims guest ABI version 2 in its metadata. The host must refuse it at load.
#![no_std]

use vigil_guest::arena;

const META: &[u8] = b"abi=2\nname=hostile-wrong-abi\nversion=1.0.0\nmodels=\ninput.encodings=RAW_RGB8\ninput.max_batch=8\n";

#[link_section = "vigil.guest"]
#[used]
static VIGIL_META: [u8; META.len()] = vigil_guest::bytes::<{ META.len() }>(META);

#[no_mangle]
pub extern "C" fn vigil_alloc(size: u32, align: u32) -> u32 {
    arena::alloc(size, align) as u32
}

#[no_mangle]
pub extern "C" fn vigil_process(_table: u32, _count: u32) -> i32 {
    arena::reset();
    0
}
