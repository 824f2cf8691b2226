//! Reference guest for PaddleOCR's DBNet text detector (`ppocr-det@3` / `@4`, bound as
//! "detector"). Pre: the host letterboxes every frame into a tensor of `input.size` (sides multiples
//! of 32, as DBNet needs), BGR and ImageNet mean/std as the model's descriptor says (or as 8-bit
//! pixels, for a detector that normalises in its graph). Post, per frame, as PaddleOCR's
//! DBPostProcess (the SDK's `dbnet`, shared with `text-read`): probability map > 0.3, 4-connected
//! regions, their boxes, small ones and those with mean probability < 0.6 dropped, each unclipped
//! by 1.5 (DBNet's map covers a shrunk text core) and mapped back to frame pixels.
#![no_std]

use vigil_guest::{dbnet, emit, Batch, BatchTensor, Error, Scratch};

vigil_guest::guest! {
    name: "text-detect",
    version: "1.1.0",
    models: "detector",
    encodings: "RAW_RGB8,JPEG,PNG",
    max_batch: 16,
    process: process,
    extra: "input.size=640x640\n",
}

fn process(batch: &Batch) -> Result<(), Error> {
    if batch.is_empty() {
        return Ok(());
    }
    let (w, h) = batch.meta().size("input.size", 32)?;
    let n = batch.len() as u32;
    let graph = batch.graph("detector")?;
    let mut tensor = BatchTensor::for_graph(&graph, n, h, w)?;
    for frame in batch.frames() {
        match tensor.letterbox(frame.index, &frame, &dbnet::NORM) {
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
    let mut scratch = Scratch::new(batch.arena(), per_frame, dbnet::MAX_REGIONS)?;
    for frame in batch.frames() {
        if let Some(t) = tensor.placement(frame.index) {
            let i = frame.index as usize;
            let map = &maps[i * per_frame..(i + 1) * per_frame];
            dbnet::boxes(&mut scratch, map, w, h, &t, &frame, |b, score| emit(&frame, 0, score, &b))?;
        }
    }
    Ok(())
}
