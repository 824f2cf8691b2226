//! Hostile guest: imports a function the host does not offer. It must fail to link.
#![no_std]

use vigil_guest::{Batch, Error};

vigil_guest::guest! {
    name: "hostile-unknown-import", version: "1.0.0", models: "",
    encodings: "RAW_RGB8", max_batch: 8, process: process,
}

#[link(wasm_import_module = "env")]
extern "C" {
    fn open_socket(host: *const u8, host_len: u32, port: u32) -> i32;
}

fn process(_batch: &Batch) -> Result<(), Error> {
    let host = "203.0.113.7";
    let fd = unsafe { open_socket(host.as_ptr(), host.len() as u32, 443) };
    if fd < 0 {
        return Err(Error::NotFound);
    }
    Ok(())
}
