//! Test guest: exercises both ways outputs come back (copied by `get_output`, or bound with
//! `set_output` and written in place) and the host's refusals, on the generated detector. For
//! each frame (letterboxed like deterministic-detect, an 8x8 frame is one heatmap cell) it emits
//! three detections whose scores are cell 0 of the heatmap as read by: 0 the copy path, 1 the
//! bound path, 2 a bound output read into another address. A host status different from the one
//! expected fails the frame, naming the check. It builds the tensor the bound model takes (floats
//! or 8-bit pixels), and checks that a tensor of the other type is refused; and the refusals of
//! the reading guests' additions: `model_labels` into too small a buffer (the size still written),
//! `emit_text` of malformed UTF-8, of more than 256 bytes and with a text score outside 0..1.
#![no_std]

use vigil_guest::{abi, emit, fail_frame, Batch, BatchTensor, Box2, Error, Frame, Norm, TensorType};

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
    let graph = batch.graph("detector")?;
    let mut tensor = BatchTensor::for_graph(&graph, 1, 8, 8)?;
    tensor.letterbox(0, &frame, &Norm::UNIT)?;

    let mut copied = graph.init_execution_context()?;
    copied.set_input(0, &tensor)?;
    copied.compute()?;
    let by_copy = copy_out(&copied, batch)?;

    let mut bound = graph.init_execution_context()?;
    bound.set_input(0, &tensor)?;
    let output = bound.bind_output(0, 1)?;
    bound.compute()?;
    let in_place = bound.read(&output)?[0];
    let elsewhere = copy_out(&bound, batch)?; // get_output into a fresh buffer: copied from the bound one

    let whole = Box2 { x0: 0.0, y0: 0.0, x1: 8.0, y1: 8.0 };
    for (label, score) in [(0, by_copy), (1, in_place), (2, elsewhere)] {
        emit(&frame, label, score, &whole)?;
    }

    let refused = graph.init_execution_context()?;
    let space = batch.arena().filled(4, 0f32)?;
    let base = space.as_mut_ptr() as *mut u8;
    let r = refused.handle();
    expect(&frame, "misaligned", 1, unsafe { abi::set_output(r, 0, base.add(1), 4) })?;
    expect(&frame, "output index", 1, unsafe { abi::set_output(r, 5, base, 4) })?;
    let mut small = graph.init_execution_context()?;
    small.set_input(0, &tensor)?;
    expect(&frame, "bind 0 bytes", 0, unsafe { abi::set_output(small.handle(), 0, base, 0) })?;
    expect(&frame, "compute into 0 bytes", 1, unsafe { abi::compute(small.handle()) })?;

    // A tensor of the type the model does not take, and an input the model does not have.
    let other = if tensor.tensor_type() == TensorType::U8 { TensorType::F32 } else { TensorType::U8 };
    let wrong = BatchTensor::new(batch.arena(), other, 1, 8, 8)?;
    let status = match small.set_input(0, &wrong) {
        Ok(()) => 0,
        Err(e) => e.code(),
    };
    expect(&frame, "set_input of the other type", 1, status)?;
    let mut t = 0u32;
    expect(&frame, "input_type of input 1", 1, unsafe { abi::input_type(0, 1, &mut t) })?;

    // The detector's labels are "bright\n": 7 bytes.
    let (mut g, mut size, mut written) = (0u32, 0u32, 0u32);
    expect(&frame, "load_by_name", 0, unsafe { abi::load_by_name(b"detector".as_ptr(), 8, &mut g) })?;
    expect(&frame, "model_labels size query", 7, unsafe { abi::model_labels(g, core::ptr::null_mut(), 0, &mut size) })?;
    expect(&frame, "model_labels size", 7, size)?;
    let one = batch.arena().filled(1, 0u8)?;
    expect(&frame, "model_labels into 1 byte", 7, unsafe { abi::model_labels(g, one.as_mut_ptr(), 1, &mut written) })?;
    expect(&frame, "model_labels size written when too small", 7, written)?;
    let text = batch.arena().filled(258, b'A')?;
    text[0] = 0xFF; // never a UTF-8 byte
    let emit_text = |len: u32, from: usize, text_score: f32| unsafe {
        abi::emit_text(0, 0, 0.5, 0.0, 0.0, 8.0, 8.0, text[from..].as_ptr(), len, text_score)
    };
    expect(&frame, "emit_text of malformed UTF-8", 1, emit_text(2, 0, 0.5))?;
    expect(&frame, "emit_text of 257 bytes", 1, emit_text(257, 1, 0.5))?;
    expect(&frame, "emit_text with text score 1.5", 1, emit_text(1, 1, 1.5))?;
    Ok(())
}

/// Cell 0 of output 0, copied out by `get_output`.
fn copy_out(context: &vigil_guest::Context, batch: &Batch) -> Result<f32, Error> {
    let out = batch.arena().filled(1, 0f32)?;
    if context.get_output(0, out)? != 4 {
        return Err(Error::InvalidArgument);
    }
    Ok(out[0])
}

fn expect(frame: &Frame, what: &str, wanted: u32, got: u32) -> Result<(), Error> {
    if wanted != got {
        fail_frame(frame, what);
    }
    Ok(())
}
