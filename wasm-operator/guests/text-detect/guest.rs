//! Reference guest for PaddleOCR's DBNet text detector (`ppocr-det@3` / `@4`, bound as
//! "detector"). Pre: the host letterboxes every frame into a tensor of `input.size` (sides multiples
//! of 32, as DBNet needs), BGR and ImageNet mean/std as the model's descriptor says (or as 8-bit
//! pixels, for a detector that normalises in its graph). Post, per frame, as PaddleOCR's
//! DBPostProcess: probability map > 0.3, 4-connected regions, their boxes, small ones and those
//! with mean probability < 0.6 dropped, each unclipped by 1.5 (DBNet's map covers a shrunk text
//! core) and mapped back to frame pixels.
#![no_std]

use vigil_guest::{emit, Batch, BatchTensor, Error, Norm, Scratch};

vigil_guest::guest! {
    name: "text-detect",
    version: "1.1.0",
    models: "detector",
    encodings: "RAW_RGB8,JPEG,PNG",
    max_batch: 16,
    process: process,
    extra: "input.size=640x640\n",
}

/// DBNet's binarisation threshold (PaddleOCR `thresh`).
const THRESHOLD: f32 = 0.3;
/// Least mean probability of a region (PaddleOCR `box_thresh`).
const MIN_SCORE: f32 = 0.6;
/// Shortest side of a region's box, tensor pixels (PaddleOCR `min_size`), and least pixel count.
const MIN_SIDE: u32 = 3;
const MIN_PIXELS: u32 = 16;
/// DBNet's unclip ratio (PaddleOCR `unclip_ratio`).
const UNCLIP: f32 = 1.5;
/// Regions kept per frame, at most (the host's default maxDetectionsPerFrame).
const MAX_REGIONS: usize = 1000;

/// PaddleOCR's detector input: BGR, /255, ImageNet mean and std; black padding; frames smaller
/// than the tensor are not enlarged.
const DBNET: Norm = Norm {
    scale: 1.0 / 255.0,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    pad: 0.0,
    bgr: true,
    max_scale: 1.0,
};

fn process(batch: &Batch) -> Result<(), Error> {
    if batch.is_empty() {
        return Ok(());
    }
    let (w, h) = batch.meta().size("input.size", 32)?;
    let n = batch.len() as u32;
    let graph = batch.graph("detector")?;
    let mut tensor = BatchTensor::for_graph(&graph, n, h, w)?;
    for frame in batch.frames() {
        match tensor.letterbox(frame.index, &frame, &DBNET) {
            Ok(_) => {}
            Err(Error::BadFrame) => tensor.clear_slot(frame.index), // the host has recorded why
            Err(e) => return Err(e),
        }
    }
    let mut context = graph.init_execution_context()?;
    context.set_input(0, &tensor)?;
    let per_frame = (w * h) as usize;
    let output = context.bind_output(0, batch.len() * per_frame)?;
    context.compute()?;
    let maps = context.read(&output)?;
    let mut scratch = Scratch::new(batch.arena(), per_frame, MAX_REGIONS)?;
    for frame in batch.frames() {
        if let Some(t) = tensor.placement(frame.index) {
            let i = frame.index as usize;
            let map = &maps[i * per_frame..(i + 1) * per_frame];
            for r in scratch.find(map, w, h, THRESHOLD)? {
                let small = r.col1 + 1 - r.col0 < MIN_SIDE || r.row1 + 1 - r.row0 < MIN_SIDE;
                if small || r.cells < MIN_PIXELS || r.mean_score() < MIN_SCORE {
                    continue;
                }
                let b = r.bbox(1.0).unclip(UNCLIP).to_frame(&t, &frame);
                if b.x1 > b.x0 && b.y1 > b.y0 {
                    emit(&frame, 0, r.mean_score(), &b)?;
                }
            }
        }
    }
    Ok(())
}
