//! Score maps to boxes: threshold, 4-connected regions, boxes, unclip, map back to the frame.

use crate::image::{Frame, Transform};
use crate::Error;

/// An axis-aligned box, `x0 <= x1`, `y0 <= y1`; edges, not pixel centres.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Box2 {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Box2 {
    /// DBNet's unclip for a rectangle: every side moves out by `area * ratio / perimeter`.
    pub fn unclip(&self, ratio: f32) -> Box2 {
        let w = self.x1 - self.x0;
        let h = self.y1 - self.y0;
        let perimeter = 2.0 * (w + h);
        if perimeter <= 0.0 {
            return *self;
        }
        let d = w * h * ratio / perimeter;
        Box2 { x0: self.x0 - d, y0: self.y0 - d, x1: self.x1 + d, y1: self.y1 + d }
    }

    /// From tensor coordinates to the frame's, clamped to the frame.
    pub fn to_frame(&self, t: &Transform, frame: &Frame) -> Box2 {
        let (x0, y0) = t.to_frame(self.x0, self.y0);
        let (x1, y1) = t.to_frame(self.x1, self.y1);
        let (w, h) = (frame.width as f32, frame.height as f32);
        Box2 { x0: x0.max(0.0).min(w), y0: y0.max(0.0).min(h), x1: x1.max(0.0).min(w), y1: y1.max(0.0).min(h) }
    }
}

/// One connected region of map cells above the threshold.
#[derive(Clone, Copy, Debug, Default)]
pub struct Region {
    /// Bounding cells, inclusive.
    pub col0: u32,
    pub row0: u32,
    pub col1: u32,
    pub row1: u32,
    pub cells: u32,
    pub max_score: f32,
    pub sum_score: f32,
}

impl Region {
    pub fn mean_score(&self) -> f32 {
        self.sum_score / self.cells as f32
    }

    /// The region's box in map units times `cell` (the map's stride in tensor pixels).
    pub fn bbox(&self, cell: f32) -> Box2 {
        Box2 {
            x0: self.col0 as f32 * cell,
            y0: self.row0 as f32 * cell,
            x1: (self.col1 + 1) as f32 * cell,
            y1: (self.row1 + 1) as f32 * cell,
        }
    }
}

/// The regions of one score map, in the order their first cell appears (row-major).
pub struct Regions {
    pub list: &'static mut [Region],
    pub count: usize,
}

impl Regions {
    pub fn iter(&self) -> core::slice::Iter<'_, Region> {
        self.list[..self.count].iter()
    }
}

/// Finds the 4-connected regions of cells with score `> threshold` in a `w x h` row-major map.
pub fn find(map: &[f32], w: u32, h: u32, threshold: f32) -> Result<Regions, Error> {
    let n = (w * h) as usize;
    let mut scratch = Scratch::new(n, n / 2 + 1)?; // a checkerboard has n/2 + 1 regions at most
    let count = find_with(&mut scratch, map, w, h, threshold)?.len();
    Ok(Regions { list: scratch.list, count })
}

/// Working memory for [`find_with`], reused for every map of a batch: the arena is only reset
/// after the batch, so allocating per frame would grow memory with the batch size.
pub struct Scratch {
    /// `seen[i] == epoch` marks cell i visited in the current map, so no clearing between maps.
    seen: &'static mut [u32],
    epoch: u32,
    stack: &'static mut [u32],
    list: &'static mut [Region],
}

impl Scratch {
    /// For maps of up to `cells` cells, keeping at most `max_regions` regions per map.
    pub fn new(cells: usize, max_regions: usize) -> Result<Scratch, Error> {
        Ok(Scratch {
            seen: crate::arena::slice(cells, 0u32)?,
            epoch: 0,
            stack: crate::arena::slice_stale(cells)?,
            // Stale: entries are written before they are read, and any bits are a valid Region.
            list: crate::arena::slice_stale(max_regions.max(1))?,
        })
    }
}

/// [`find`] with reusable scratch memory. Regions past the scratch's `max_regions` are dropped
/// (the first ones in row-major order are kept). Maps are at most 65535 cells a side.
pub fn find_with<'a>(
    s: &'a mut Scratch,
    map: &[f32],
    w: u32,
    h: u32,
    threshold: f32,
) -> Result<&'a [Region], Error> {
    let n = (w * h) as usize;
    if map.len() < n || s.seen.len() < n || w > 0xFFFF || h > 0xFFFF {
        return Err(Error::INVALID_ARGUMENT);
    }
    s.epoch = s.epoch.wrapping_add(1);
    if s.epoch == 0 {
        for v in s.seen.iter_mut() {
            *v = 0;
        }
        s.epoch = 1;
    }
    let epoch = s.epoch;
    let seen = &mut *s.seen;
    let stack = &mut *s.stack;
    // Unchecked indexing below: every cell index is below n, checked against map and seen above;
    // stack is as long as seen and holds each cell at most once (marked seen before it is pushed).
    // In Chicory each bounds check is a few more Wasm instructions per cell, as is every division:
    // the stack holds (row << 16 | column), so a cell's column and row need none.
    let mut count = 0;
    for start in 0..n {
        // Most cells of a real map are below the threshold: that test first.
        if unsafe { *map.get_unchecked(start) <= threshold || *seen.get_unchecked(start) == epoch } {
            continue;
        }
        let (sc, sr) = (start as u32 % w, start as u32 / w);
        let mut r = Region { col0: sc, row0: sr, col1: sc, row1: sr, ..Region::default() };
        unsafe {
            *seen.get_unchecked_mut(start) = epoch;
            *stack.get_unchecked_mut(0) = sr << 16 | sc;
        }
        let mut top = 1;
        while top > 0 {
            top -= 1;
            let packed = unsafe { *stack.get_unchecked(top) };
            let (c, row) = (packed & 0xFFFF, packed >> 16);
            let cell = (row * w + c) as usize;
            let score = unsafe { *map.get_unchecked(cell) };
            r.cells += 1;
            r.sum_score += score;
            if score > r.max_score {
                r.max_score = score; // f32::max would call fmaxf: scores here are never NaN
            }
            r.col0 = r.col0.min(c);
            r.col1 = r.col1.max(c);
            r.row0 = r.row0.min(row);
            r.row1 = r.row1.max(row);
            let mut push = |i: usize, next: u32| unsafe {
                if *seen.get_unchecked(i) != epoch && *map.get_unchecked(i) > threshold {
                    *seen.get_unchecked_mut(i) = epoch;
                    *stack.get_unchecked_mut(top) = next;
                    top += 1;
                }
            };
            if c > 0 { push(cell - 1, packed - 1); }
            if c + 1 < w { push(cell + 1, packed + 1); }
            if row > 0 { push(cell - w as usize, packed - (1 << 16)); }
            if row + 1 < h { push(cell + w as usize, packed + (1 << 16)); }
        }
        if count < s.list.len() {
            s.list[count] = r;
            count += 1;
        }
    }
    Ok(&s.list[..count])
}
