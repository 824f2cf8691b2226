//! Reference guest for PaddleOCR's DBNet text detector (`ppocr-det@3` / `@4`, bound as
//! "detector"). Pre: the host letterboxes every frame into a tensor of `input.size` (sides multiples
//! of 32, as DBNet needs), BGR and ImageNet mean/std as the model's descriptor says (or as 8-bit
//! pixels, for a detector that normalises in its graph). Post, per frame, as PaddleOCR's
//! DBPostProcess (the SDK's `dbnet`, shared with `text-read`): probability map > 0.3, 4-connected
//! regions, their boxes, small ones and those with mean probability < 0.6 dropped, each unclipped
//! by 1.5 (DBNet's map covers a shrunk text core) and mapped back to frame pixels.
#![no_std]

use vigil_guest::{dbnet, emit, Batch, Error};

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
    dbnet::detect(batch, |frame, map| map.boxes(frame, |b, score| emit(frame, 0, score, &b)))
}
