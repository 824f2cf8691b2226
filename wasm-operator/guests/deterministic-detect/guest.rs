//! Guest for the generated deterministic detector (nn-backend's `DeterministicDetector`): every
//! box it reports can be computed by hand. Frames are letterboxed (never enlarged) into one tensor
//! whose sides are the batch's largest frame rounded up to the 8-pixel cell, as floats or as 8-bit
//! pixels, whichever the bound model takes (`deterministic-detector` or `-u8`); heatmap cells above
//! 0.5 that touch (4-connected) form one box, reported in frame pixels with the region's peak
//! score.
#![no_std]

use vigil_guest::{emit, Batch, BatchTensor, Error, Norm, Scratch};

vigil_guest::guest! {
    name: "deterministic-detect",
    version: "1.1.0",
    models: "detector",
    encodings: "RAW_RGB8,JPEG,PNG",
    max_batch: 64,
    process: process,
}

const CELL: u32 = 8;
const MAX_SIDE: u32 = 640;
const THRESHOLD: f32 = 0.5;

fn process(batch: &Batch) -> Result<(), Error> {
    if batch.is_empty() {
        return Ok(());
    }
    let (w, h) = tensor_size(batch.max_size());
    let n = batch.len() as u32;
    let graph = batch.graph("detector")?;
    let mut tensor = BatchTensor::for_graph(&graph, n, h, w)?;
    for frame in batch.frames() {
        match tensor.letterbox(frame.index, &frame, &Norm::UNIT) {
            Ok(_) => {}
            Err(Error::BadFrame) => tensor.clear_slot(frame.index), // the host has recorded why
            Err(e) => return Err(e),
        }
    }
    let mut context = graph.init_execution_context()?;
    context.set_input(0, &tensor)?;
    let (cols, rows) = (w / CELL, h / CELL);
    let per_frame = (cols * rows) as usize;
    let output = context.bind_output(0, batch.len() * per_frame)?;
    context.compute()?;
    let heatmap = context.read(&output)?;
    // One scratch for the batch: a checkerboard map has per_frame / 2 + 1 regions at most.
    let mut scratch = Scratch::new(batch.arena(), per_frame, per_frame / 2 + 1)?;
    for frame in batch.frames() {
        if let Some(t) = tensor.placement(frame.index) {
            let i = frame.index as usize;
            let map = &heatmap[i * per_frame..(i + 1) * per_frame];
            for region in scratch.find(map, cols, rows, THRESHOLD)? {
                let b = region.bbox(CELL as f32).to_frame(&t, &frame);
                emit(&frame, 0, region.max_score, &b)?;
            }
        }
    }
    Ok(())
}

/// The largest frame, shrunk to fit MAX_SIDE, rounded up to whole cells.
fn tensor_size((w, h): (u32, u32)) -> (u32, u32) {
    let longest = w.max(h).max(1);
    let (w, h) = if longest > MAX_SIDE {
        (w * MAX_SIDE / longest, h * MAX_SIDE / longest)
    } else {
        (w, h)
    };
    (round_up(w.max(1)), round_up(h.max(1)))
}

fn round_up(v: u32) -> u32 {
    (v + CELL - 1) / CELL * CELL
}
