//! Hostile guest: reads far outside its linear memory, which traps.
#![no_std]

use vigil_guest::{Batch, Error};

vigil_guest::guest! {
    name: "hostile-trap", version: "1.0.0", models: "",
    encodings: "RAW_RGB8", max_batch: 8, process: process,
}

fn process(batch: &Batch) -> Result<(), Error> {
    let wild = (0xFFFF_FF00u32 - batch.len() as u32) as usize as *const u32;
    let value = unsafe { core::ptr::read_volatile(wild) };
    if value == 42 {
        return Err(Error::InvalidArgument);
    }
    Ok(())
}
