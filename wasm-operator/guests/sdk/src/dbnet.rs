//! PaddleOCR's DBNet text detector (`ppocr-det`) around its model run: the input normalisation and
//! the post-processing of its probability map as PaddleOCR's `DBPostProcess` does it, for every
//! guest that detects text (`text-detect`, `text-read`).

use crate::{Box2, Error, Frame, Norm, Scratch, Transform};
#[cfg(target_arch = "wasm32")]
use crate::{Batch, BatchTensor};

/// PaddleOCR's detector input: BGR, /255, ImageNet mean and std; black padding; frames smaller
/// than the tensor are not enlarged.
pub const NORM: Norm = Norm {
    scale: 1.0 / 255.0,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
    pad: 0.0,
    bgr: true,
    max_scale: 1.0,
};

/// DBNet's binarisation threshold (PaddleOCR `thresh`).
pub const THRESHOLD: f32 = 0.3;
/// Least mean probability of a region (PaddleOCR `box_thresh`).
pub const MIN_SCORE: f32 = 0.6;
/// Shortest side of a region's box, tensor pixels (PaddleOCR `min_size`), and least pixel count.
pub const MIN_SIDE: u32 = 3;
pub const MIN_PIXELS: u32 = 16;
/// DBNet's unclip ratio (PaddleOCR `unclip_ratio`).
pub const UNCLIP: f32 = 1.5;
/// Regions kept per frame, at most (the host's default maxDetectionsPerFrame).
pub const MAX_REGIONS: usize = 1000;

/// Runs the detector bound as "detector" over every frame of the batch: letterboxes each into
/// the tensor of the metadata's `input.size` (a frame the host rejects keeps a cleared slot and is
/// skipped: the host has recorded why), one model run, then hands `each` every placed frame, in
/// batch order, with its probability map.
#[cfg(target_arch = "wasm32")]
pub fn detect<F>(batch: &Batch, mut each: F) -> Result<(), Error>
where
    F: FnMut(&Frame, &mut FrameMap<'_, '_>) -> Result<(), Error>,
{
    let (w, h) = batch.meta().size("input.size", 32)?;
    let graph = batch.graph("detector")?;
    let mut tensor = BatchTensor::for_graph(&graph, batch.len() as u32, h, w)?;
    for frame in batch.frames() {
        match tensor.letterbox(frame.index, &frame, &NORM) {
            Ok(_) => {}
            Err(Error::BadFrame) => tensor.clear_slot(frame.index),
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
            each(&frame, &mut FrameMap { scratch: &mut scratch, map, w, h, t })?;
        }
    }
    Ok(())
}

/// One frame's probability map from [`detect`], with where the frame landed in the tensor.
pub struct FrameMap<'s, 'a> {
    scratch: &'s mut Scratch<'a>,
    map: &'s [f32],
    w: u32,
    h: u32,
    t: Transform,
}

impl FrameMap<'_, '_> {
    /// This map's text boxes in `frame`'s pixels, as [`boxes`] finds them.
    pub fn boxes<F>(&mut self, frame: &Frame, found: F) -> Result<(), Error>
    where
        F: FnMut(Box2, f32) -> Result<(), Error>,
    {
        boxes(self.scratch, self.map, self.w, self.h, &self.t, frame, found)
    }
}

/// The text boxes of one frame's probability map (`w x h`, the frame placed by `t`): map > 0.3,
/// 4-connected regions, their boxes, small ones and those with mean probability < 0.6 dropped,
/// each unclipped by 1.5 (DBNet's map covers a shrunk text core) and mapped back to frame pixels.
/// `found` gets each box with its score, in the order the regions start (row-major).
pub fn boxes<F>(
    scratch: &mut Scratch<'_>,
    map: &[f32],
    w: u32,
    h: u32,
    t: &Transform,
    frame: &Frame,
    mut found: F,
) -> Result<(), Error>
where
    F: FnMut(Box2, f32) -> Result<(), Error>,
{
    for r in scratch.find(map, w, h, THRESHOLD)? {
        let small = r.col1 + 1 - r.col0 < MIN_SIDE || r.row1 + 1 - r.row0 < MIN_SIDE;
        if small || r.cells < MIN_PIXELS || r.mean_score() < MIN_SCORE {
            continue;
        }
        let b = r.bbox(1.0).unclip(UNCLIP).to_frame(t, frame);
        if b.x1 > b.x0 && b.y1 > b.y0 {
            found(b, r.mean_score())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::boxes;
    use crate::arena::tests::arena;
    use crate::{Box2, Frame, FrameEncoding, Scratch, Transform};

    #[test]
    fn a_confident_region_is_unclipped_and_mapped_and_weak_or_small_ones_dropped() {
        let arena = arena(1 << 16);
        let (w, h) = (32u32, 16u32);
        let mut map = vec![0.0f32; (w * h) as usize];
        for row in 4..8 {
            for col in 4..14 {
                map[row * w as usize + col] = 0.9; // 10 x 4: kept
            }
            for col in 20..30 {
                map[row * w as usize + col] = 0.5; // above the threshold, mean below 0.6
            }
        }
        map[12 * w as usize + 2] = 0.95; // one cell: too small
        let frame = Frame { index: 0, width: 64, height: 32, encoding: Some(FrameEncoding::Png) };
        let t = Transform { scale_x: 0.5, scale_y: 0.5, ..Transform::default() };
        let mut scratch = Scratch::new(&arena, (w * h) as usize, 16).unwrap();
        let mut found = Vec::new();
        boxes(&mut scratch, &map, w, h, &t, &frame, |b, s| {
            found.push((b, s));
            Ok(())
        })
        .unwrap();
        assert_eq!(found.len(), 1);
        let d = 10.0 * 4.0 * 1.5 / 28.0; // area * ratio / perimeter, tensor pixels
        let expected = Box2 { x0: 4.0 - d, y0: 4.0 - d, x1: 14.0 + d, y1: 8.0 + d };
        let (b, s) = found[0];
        assert!((b.x0 - expected.x0 * 2.0).abs() < 1e-4 && (b.y1 - expected.y1 * 2.0).abs() < 1e-4);
        assert!((s - 0.9).abs() < 1e-6);
    }
}
