// expect: cannot borrow `context` as mutable because it is also borrowed as immutable
// An output read in place borrows its context: the next compute would overwrite it.
#![no_std]
use vigil_guest::{Batch, Error};

pub fn run(batch: &Batch) -> Result<f32, Error> {
    let graph = batch.graph("detector")?;
    let mut context = graph.init_execution_context()?;
    let output = context.bind_output(0, 4)?;
    context.compute()?;
    let scores = context.read(&output)?;
    context.compute()?; // BAD
    Ok(scores[0])
}
