//! Guest for windows of sensor samples (`FLOAT32_TENSOR` frames the job assembles per source) and
//! an anomaly model such as nn-backend's `PcaAnomalyDetector`: the windows of a batch are copied
//! as they are into one `[n, channels, 1, length]` tensor (the model holds its own normalisation),
//! the model gives one score per window (reconstruction error over the error it was fitted to
//! call normal: 1.0 is the boundary), and a window scoring at least 1.0 is reported as one
//! `anomaly` box over the whole window with confidence `score / (1 + score)` (0.5 at the
//! boundary). A normal window reports no box, so the alert stage's persistence rule (a box in N
//! consecutive frames) raises an alert after N anomalous windows in a row.
#![no_std]

use vigil_guest::{emit, fail_frame, Batch, BatchTensor, Box2, Error, FrameEncoding};

vigil_guest::guest! {
    name: "anomaly-score",
    version: "1.0.0",
    models: "detector",
    encodings: "FLOAT32_TENSOR",
    max_batch: 64,
    process: process,
}

/// Reconstruction error at which a window stops being normal, in the model's units.
const BOUNDARY: f32 = 1.0;

fn process(batch: &Batch) -> Result<(), Error> {
    if batch.is_empty() {
        return Ok(());
    }
    // A source's windows all have its shape; a window of another shape fails alone (the host
    // rejects it as TENSOR_SHAPE_MISMATCH) and the model says whether the shape is its own. Frames
    // of other encodings are failed by the host before the call and do not count.
    let (mut length, mut channels) = (1, 1);
    for frame in batch.frames().filter(|f| f.encoding == Some(FrameEncoding::Float32Tensor)) {
        length = length.max(frame.width);
        channels = channels.max(frame.height);
    }
    let n = batch.len() as u32;
    let graph = batch.graph("detector")?;
    let mut tensor = BatchTensor::windows(batch.arena(), n, channels, length)?;
    for frame in batch.frames() {
        match tensor.copy_window(frame.index, &frame, 0.0, 1.0) {
            Ok(()) => {}
            Err(Error::BadFrame) => tensor.clear_slot(frame.index), // the host has recorded why
            Err(e) => return Err(e),
        }
    }
    let mut context = graph.init_execution_context()?;
    context.set_input(0, &tensor)?;
    let output = context.bind_output(0, batch.len())?;
    context.compute()?;
    let scores = context.read(&output)?;
    for frame in batch.frames() {
        if tensor.placement(frame.index).is_none() {
            continue;
        }
        let score = scores[frame.index as usize];
        if !score.is_finite() {
            fail_frame(&frame, "the model scored the window NaN or infinite");
        } else if score >= BOUNDARY {
            let whole = Box2 { x0: 0.0, y0: 0.0, x1: frame.width as f32, y1: frame.height as f32 };
            emit(&frame, 0, score / (1.0 + score), &whole)?;
        }
    }
    Ok(())
}
