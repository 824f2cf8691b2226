// expect: cannot borrow `tensor` as mutable because it is also borrowed as immutable
// The host reads an input tensor in place at compute: it stays unchanged while the context lives.
#![no_std]
use vigil_guest::{Batch, BatchTensor, Error};

pub fn run(batch: &Batch) -> Result<(), Error> {
    let graph = batch.graph("detector")?;
    let mut tensor = BatchTensor::for_graph(&graph, 1, 8, 8)?;
    let mut context = graph.init_execution_context()?;
    context.set_input(0, &tensor)?;
    tensor.clear_slot(0); // BAD
    context.compute()
}
