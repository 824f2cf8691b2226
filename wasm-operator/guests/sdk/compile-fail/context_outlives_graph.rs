// expect: `graph` does not live long enough
// A context borrows its graph, as in the wasi-nn bindings.
#![no_std]
use vigil_guest::{Batch, Error};

pub fn run(batch: &Batch) -> Result<(), Error> {
    let outer = batch.graph("detector")?;
    let mut context = outer.init_execution_context()?;
    {
        let graph = batch.graph("detector")?;
        context = graph.init_execution_context()?; // BAD
        graph.init_execution_context()?.compute()?;
    }
    context.compute()
}
