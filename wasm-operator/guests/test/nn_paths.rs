//! Test guest: exercises both ways outputs come back (copied by `get_output`, or bound with
//! `set_output` and written in place) and the host's refusals, on the generated detector. For
//! each frame (letterboxed like deterministic-detect, an 8x8 frame is one heatmap cell) it emits
//! three detections whose scores are cell 0 of the heatmap as read by: 0 the copy path, 1 the
//! bound path, 2 a bound output read into another address. A host status different from the one
//! expected fails the frame, naming the check. It builds the tensor the bound model takes (floats
//! or 8-bit pixels), and checks that a tensor of the other type is refused.
#![no_std]

use vigil_guest::abi;
use vigil_guest::image::BatchTensor;
use vigil_guest::nn::{tensor_type, Graph};
use vigil_guest::{emit, fail_frame, Batch, Box2, Error, Norm};

vigil_guest::guest! {
    name: "test-nn-paths",
    version: "1.0.0",
    models: "detector",
    encodings: "RAW_RGB8",
    max_batch: 1,
    process: process,
}

fn process(batch: &Batch) -> Result<(), Error> {
    if batch.len() != 1 {
        return Ok(());
    }
    let frame = batch.frame(0);
    let graph = Graph::load("detector")?;
    let mut tensor = BatchTensor::for_graph(&graph, 1, 8, 8)?;
    tensor.letterbox(0, &frame, &Norm::UNIT)?;

    let copied = graph.context()?;
    copied.set_input(0, &tensor)?;
    copied.compute()?;
    let by_copy = copied.output(0, 1)?[0];

    let bound = graph.context()?;
    bound.set_input(0, &tensor)?;
    let output = bound.bind_output(0, 1)?;
    bound.compute()?;
    let in_place = bound.read(&output)?[0];
    let elsewhere = bound.output(0, 1)?[0]; // get_output into a fresh buffer: copied from the bound one

    let whole = Box2 { x0: 0.0, y0: 0.0, x1: 8.0, y1: 8.0 };
    for (label, score) in [(0, by_copy), (1, in_place), (2, elsewhere)] {
        emit(&frame, label, score, &whole)?;
    }

    let refused = graph.context()?;
    let space = vigil_guest::arena::slice(4, 0f32)?;
    let base = space.as_mut_ptr() as *mut u8;
    let r = refused.handle();
    expect(&frame, "misaligned", 1, unsafe { abi::set_output(r, 0, base.add(1), 4) })?;
    expect(&frame, "output index", 1, unsafe { abi::set_output(r, 5, base, 4) })?;
    let small = graph.context()?;
    small.set_input(0, &tensor)?;
    expect(&frame, "bind 0 bytes", 0, unsafe { abi::set_output(small.handle(), 0, base, 0) })?;
    expect(&frame, "compute into 0 bytes", 1, unsafe { abi::compute(small.handle()) })?;

    // A tensor of the type the model does not take, and an input the model does not have.
    let other = if tensor.tensor_type == tensor_type::U8 { tensor_type::F32 } else { tensor_type::U8 };
    let wrong = BatchTensor::new(other, 1, 8, 8)?;
    expect(&frame, "set_input of the other type", 1, unsafe {
        let raw = abi::Tensor {
            dims_ptr: wrong.dims.as_ptr(),
            dims_len: 4,
            tensor_type: other,
            data_ptr: wrong.bytes().as_ptr(),
            data_len: wrong.bytes().len() as u32,
        };
        abi::set_input(small.handle(), 0, &raw)
    })?;
    let mut t = 0u32;
    expect(&frame, "input_type of input 1", 1, unsafe { abi::input_type(0, 1, &mut t) })?;
    Ok(())
}

fn expect(frame: &vigil_guest::Frame, what: &str, wanted: u32, got: u32) -> Result<(), Error> {
    if wanted != got {
        fail_frame(frame, what);
    }
    Ok(())
}
