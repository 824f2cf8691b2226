//! Hostile guest: allocates 1 MiB after 1 MiB and never frees, then aborts when memory cannot
//! grow, as a Rust guest with a global allocator does on allocation failure.
#![no_std]

use vigil_guest::{Batch, Error};

vigil_guest::guest! {
    name: "hostile-memory-bomb", version: "1.0.0", models: "",
    encodings: "RAW_RGB8", max_batch: 8, process: process,
}

fn process(batch: &Batch) -> Result<(), Error> {
    loop {
        let block = batch.arena().alloc(1 << 20, 8);
        if block.is_null() {
            core::arch::wasm32::unreachable();
        }
        unsafe { core::ptr::write_volatile(block, 1) };
    }
}
