// expect: associated function `reset` is private
// Only the entry point resets the arena, after the call.
#![no_std]
use vigil_guest::Batch;

pub fn run(batch: &Batch) {
    let arena = batch.arena();
    let _ = arena.filled(4, 0u8);
    unsafe { arena.reset() }; // BAD
}
