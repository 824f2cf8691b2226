// expect: lifetime may not live long enough
// A slice of the arena cannot outlive the batch: the reset after the call reuses its memory.
#![no_std]
use vigil_guest::Batch;

pub fn keep<'b>(batch: &Batch<'b>) -> &'b [u32] {
    let slice: &'b [u32] = batch.arena().filled(4, 0u32).unwrap();
    let _kept: &'static [u32] = slice; // BAD
    slice
}
