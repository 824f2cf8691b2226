//! Reads text (licence plates, signs) with two models: PaddleOCR's DBNet detector (`ppocr-det`,
//! bound as "detector") finds text regions on every frame of the batch, exactly as `text-detect`
//! does (the SDK's `dbnet`); each region is cut out upright from the original frame by the host
//! (`crop_quad`: height 48, aspect kept, padded to one width for the batch); ONE run of PaddleOCR's
//! CTC recogniser (`ppocr-rec`, bound as "recogniser") reads all crops of all frames; the guest
//! decodes it greedily with the recogniser's own labels as the dictionary (`model_labels`, not
//! compiled in) and emits every box with its text and the text's confidence.
//!
//! A plate's groups ("AB 123 CD") are one text but DBNet, on sharp renders, often finds each group
//! as a region of its own: before cropping, the guest joins the regions of one line (overlapping
//! vertically by half the lower one, similar heights, gaps up to 1.2 times the line's height: a monospaced font's space), so the
//! recogniser reads the whole plate, spaces included.
//!
//! At most `recognise.max_crops` regions per batch are read: the most confident ones (equal
//! scores: the earlier frame and region first). The others are still emitted, as boxes without
//! text, so a crowded batch loses readings, never detections, and memory stays bounded.
#![no_std]

use vigil_guest::{ctc_greedy, dbnet, emit, emit_text, Batch, BatchTensor, Box2, Error, Norm, Pod, Reading, TensorType};

vigil_guest::guest! {
    name: "text-read",
    version: "1.0.0",
    models: "detector,recogniser",
    encodings: "RAW_RGB8,JPEG,PNG",
    max_batch: 8,
    process: process,
    extra: "input.size=640x640\nrecognise.height=48\nrecognise.min_width=320\nrecognise.max_width=640\nrecognise.max_crops=16\n",
}

/// PaddleOCR's recogniser input: BGR, /255, then `(v - 0.5) / 0.5`; padded with 127.5, which is
/// 0 after normalising, as PaddleOCR pads its crops.
const REC: Norm = Norm { scale: 1.0 / 255.0, mean: [0.5; 3], std: [0.5; 3], pad: 127.5, bgr: true, max_scale: 0.0 };
/// A box PaddleOCR would turn before reading (height at least 1.5 times the width: vertical text).
const VERTICAL: f32 = 1.0 / 1.5;
/// Bytes of text kept per box (the host's limit of `emit_text`).
const MAX_TEXT: usize = 256;
/// The recogniser's width stride: one CTC step per 8 pixels of crop width.
const STEP: u32 = 8;
const NO_CROP: u32 = u32::MAX;

/// Lines: boxes joined when they overlap vertically by at least this part of the lower one...
const LINE_OVERLAP: f32 = 0.5;
/// ...their gap is at most this part of the taller one's height, and one is at most this many
/// times taller than the other.
const LINE_GAP: f32 = 1.2;
const LINE_HEIGHTS: f32 = 2.0;

/// A detected region: its box in frame pixels, score, frame, and its slot in the recogniser's
/// batch (`NO_CROP` when past the cap).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct Found {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
    score: f32,
    frame: u32,
    crop: u32,
}

unsafe impl Pod for Found {} // five f32 and two u32, no padding

impl Found {
    fn bbox(&self) -> Box2 {
        Box2 { x0: self.x0, y0: self.y0, x1: self.x1, y1: self.y1 }
    }

    /// The crop's corners, turned a quarter anticlockwise for vertical text (as PaddleOCR's
    /// `np.rot90`), and the width it takes at `height` (at most `max_width`).
    fn quad(&self, height: u32, max_width: u32) -> ([f32; 8], u32) {
        let b = self.bbox();
        let (corners, aspect) = if b.aspect() < VERTICAL {
            ([b.x1, b.y0, b.x1, b.y1, b.x0, b.y1, b.x0, b.y0], 1.0 / b.aspect())
        } else {
            (b.corners(), b.aspect())
        };
        let width = (height as f32 * aspect + 0.5) as u32;
        (corners, width.max(1).min(max_width))
    }

    fn height(&self) -> f32 {
        self.y1 - self.y0
    }

    /// Whether `next` (starting at or right of this box's start) continues this box's line.
    fn continued_by(&self, next: &Found) -> bool {
        let (low, tall) = (self.height().min(next.height()), self.height().max(next.height()));
        let overlap = self.y1.min(next.y1) - self.y0.max(next.y0);
        overlap >= LINE_OVERLAP * low && tall <= LINE_HEIGHTS * low && next.x0 - self.x1 <= LINE_GAP * tall
    }

    /// This box grown to hold `other`, its score the two's mean weighted by area.
    fn join(&mut self, other: &Found) {
        let (a, b) = (self.height() * (self.x1 - self.x0), other.height() * (other.x1 - other.x0));
        if a + b > 0.0 {
            self.score = (self.score * a + other.score * b) / (a + b);
        }
        self.x0 = self.x0.min(other.x0);
        self.y0 = self.y0.min(other.y0);
        self.x1 = self.x1.max(other.x1);
        self.y1 = self.y1.max(other.y1);
    }
}

/// Joins the boxes of one frame that make one line of text; the lines are left at the front of
/// `boxes`, left to right, and their count returned.
fn join_lines(boxes: &mut [Found]) -> usize {
    boxes.sort_unstable_by(|a, b| a.x0.partial_cmp(&b.x0).unwrap_or(core::cmp::Ordering::Equal));
    let mut lines = 0;
    for i in 0..boxes.len() {
        let next = boxes[i];
        match boxes[..lines].iter_mut().find(|line| line.continued_by(&next)) {
            Some(line) => line.join(&next),
            None => {
                boxes[lines] = next;
                lines += 1;
            }
        }
    }
    lines
}

fn process(batch: &Batch) -> Result<(), Error> {
    if batch.is_empty() {
        return Ok(());
    }
    let found = detect(batch)?;
    let meta = batch.meta();
    let max_crops = meta.number("recognise.max_crops")? as usize;
    let arena = batch.arena();
    // The regions to read: most confident first, ties in detection order.
    let order = arena.reused::<u32>(found.len())?;
    for (i, o) in order.iter_mut().enumerate() {
        *o = i as u32;
    }
    order.sort_unstable_by(|&a, &b| {
        let (sa, sb) = (found[a as usize].score, found[b as usize].score);
        sb.partial_cmp(&sa).unwrap_or(core::cmp::Ordering::Equal).then(a.cmp(&b))
    });
    let crops = found.len().min(max_crops);
    for (k, &i) in order.iter().enumerate() {
        found[i as usize].crop = if k < crops { k as u32 } else { NO_CROP };
    }
    let texts = arena.reused::<u8>(crops * MAX_TEXT)?;
    let readings = arena.filled(crops, [0u32; 2])?; // per crop: bytes of text, score bits
    if crops > 0 {
        recognise(batch, found, &order[..crops], texts, readings)?;
    }
    for f in found.iter() {
        let frame = batch.frame(f.frame as usize);
        if f.crop == NO_CROP {
            emit(&frame, 0, f.score, &f.bbox())?;
        } else {
            let k = f.crop as usize;
            let text = &texts[k * MAX_TEXT..k * MAX_TEXT + readings[k][0] as usize];
            let text = core::str::from_utf8(text).map_err(|_| Error::InvalidArgument)?;
            emit_text(&frame, 0, f.score, &f.bbox(), text, f32::from_bits(readings[k][1]))?;
        }
    }
    Ok(())
}

/// The text lines of every frame, in frame order, each frame's left to right.
fn detect<'b>(batch: &Batch<'b>) -> Result<&'b mut [Found], Error> {
    let found = batch.arena().reused::<Found>(batch.len() * dbnet::MAX_REGIONS)?;
    let mut count = 0;
    dbnet::detect(batch, |frame, map| {
        let start = count;
        map.boxes(frame, |b, score| {
            found[count] = Found { x0: b.x0, y0: b.y0, x1: b.x1, y1: b.y1, score, frame: frame.index, crop: NO_CROP };
            count += 1;
            Ok(())
        })?;
        count = start + join_lines(&mut found[start..count]);
        Ok(())
    })?;
    Ok(&mut found[..count])
}

/// One recogniser run over the crops of `chosen` (slot k is `found[chosen[k]]`); crop k's text
/// into `texts[k * MAX_TEXT..]`, its length and score into `readings[k]`.
fn recognise(batch: &Batch, found: &[Found], chosen: &[u32], texts: &mut [u8], readings: &mut [[u32; 2]]) -> Result<(), Error> {
    let meta = batch.meta();
    let height = meta.number("recognise.height")?;
    let (min_width, max_width) = (meta.number("recognise.min_width")?, meta.number("recognise.max_width")?);
    if height == 0 || max_width < min_width || max_width % STEP != 0 {
        return Err(Error::InvalidArgument);
    }
    // One width for the batch: the widest crop's, to a multiple of 32, at least PaddleOCR's 320.
    let widest = chosen.iter().map(|&i| found[i as usize].quad(height, max_width).1).max().unwrap_or(1);
    let width = ((widest + 31) / 32 * 32).max(min_width).min(max_width);
    let graph = batch.graph("recogniser")?;
    let labels = graph.labels()?;
    let mut tensor = BatchTensor::new(batch.arena(), TensorType::F32, chosen.len() as u32, height, width)?;
    for (k, &i) in chosen.iter().enumerate() {
        let f = &found[i as usize];
        let (corners, _) = f.quad(height, max_width);
        tensor.crop_quad(k as u32, &batch.frame(f.frame as usize), &corners, &REC)?;
    }
    let mut context = graph.init_execution_context()?;
    context.set_input(0, &tensor)?;
    let classes = labels.len();
    let output = context.bind_output(0, chosen.len() * (width / STEP) as usize * classes)?;
    context.compute()?;
    let probs = context.read_written(&output)?;
    let per_crop = probs.len() / chosen.len();
    if classes == 0 || per_crop * chosen.len() != probs.len() || per_crop % classes != 0 {
        return Err(Error::InvalidArgument); // not [crops, steps, labels]: not a CTC recogniser
    }
    for k in 0..chosen.len() {
        let steps = &probs[k * per_crop..(k + 1) * per_crop];
        let out = &mut texts[k * MAX_TEXT..(k + 1) * MAX_TEXT];
        let Reading { len, score, .. } = ctc_greedy(steps, classes, &labels, out)?;
        readings[k] = [len as u32, score.to_bits()];
    }
    Ok(())
}
