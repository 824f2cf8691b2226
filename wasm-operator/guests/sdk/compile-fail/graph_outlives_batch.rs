// expect: lifetime may not live long enough
// A graph (a host handle valid for one call) cannot outlive the batch.
#![no_std]
use vigil_guest::{Batch, Graph};

pub fn keep<'b>(batch: &Batch<'b>) -> Graph<'b> {
    let graph = batch.graph("detector").unwrap();
    let _kept: Graph<'static> = batch.graph("detector").unwrap(); // BAD
    graph
}
