//! Hostile guest: claims guest ABI version 2 in its metadata. The host must refuse it at load.
//! Written by hand, as docs/guest-abi.md shows, since the SDK's `guest!` only writes version 1.
#![no_std]

// The SDK's panic handler; nothing else of it.
extern crate vigil_guest;

#[link_section = "vigil.guest"]
#[used]
static VIGIL_META: [u8; 94] = *b"abi=2\nname=hostile-wrong-abi\nversion=1.0.0\nmodels=\ninput.encodings=RAW_RGB8\ninput.max_batch=8\n";

#[no_mangle]
pub extern "C" fn vigil_alloc(_size: u32, _align: u32) -> u32 {
    0 // never called: the host refuses the module first
}

#[no_mangle]
pub extern "C" fn vigil_process(_table: u32, _count: u32) -> i32 {
    0
}
