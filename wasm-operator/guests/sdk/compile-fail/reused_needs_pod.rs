// expect: the trait bound `bool: Pod` is not satisfied
// Memory as the last batch left it is viewed only as types valid for every bit pattern.
#![no_std]
use vigil_guest::Batch;

pub fn run(batch: &Batch) {
    let _ = batch.arena().reused::<u8>(4);
    let _ = batch.arena().reused::<bool>(4); // BAD
}
