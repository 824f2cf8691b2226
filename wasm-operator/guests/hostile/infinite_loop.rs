//! Hostile guest: never returns from a batch. The host's per-call deadline must stop it.
#![no_std]

use vigil_guest::{Batch, Error};

vigil_guest::guest! {
    name: "hostile-infinite-loop", version: "1.0.0", models: "",
    encodings: "RAW_RGB8", max_batch: 8, process: process,
}

static mut SPINS: u64 = 0;

fn process(_batch: &Batch) -> Result<(), Error> {
    loop {
        // A volatile write, so the loop cannot be optimised into a trap.
        unsafe { core::ptr::write_volatile(core::ptr::addr_of_mut!(SPINS), SPINS + 1) };
    }
}
