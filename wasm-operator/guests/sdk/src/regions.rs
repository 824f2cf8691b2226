//! Score maps to boxes: threshold, 4-connected regions, boxes, unclip, map back to the frame.

use crate::{Arena, Error, Frame, Pod, Transform};

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

    /// The corners as a quad for [`crate::BatchTensor::crop_quad`]: top-left, top-right,
    /// bottom-right, bottom-left.
    pub fn corners(&self) -> [f32; 8] {
        [self.x0, self.y0, self.x1, self.y0, self.x1, self.y1, self.x0, self.y1]
    }

    /// Width over height; 0 for a box without height.
    pub fn aspect(&self) -> f32 {
        let h = self.y1 - self.y0;
        if h > 0.0 {
            (self.x1 - self.x0) / h
        } else {
            0.0
        }
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
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
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

unsafe impl Pod for Region {} // five u32 and two f32, no padding

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

/// Finds regions in score maps: the working memory is made once and reused for every map of a
/// batch, since the arena is only reset after the batch (allocating per frame would grow memory
/// with the batch size).
pub struct Scratch<'b> {
    /// `seen[i] == epoch` marks cell i visited in the current map, so no clearing between maps.
    seen: &'b mut [u32],
    epoch: u32,
    stack: &'b mut [u32],
    list: &'b mut [Region],
}

impl<'b> Scratch<'b> {
    /// For maps of up to `cells` cells, keeping at most `max_regions` regions per map.
    pub fn new(arena: &'b Arena, cells: usize, max_regions: usize) -> Result<Scratch<'b>, Error> {
        Ok(Scratch {
            seen: arena.filled(cells, 0u32)?,
            epoch: 0,
            // Reused: entries are written before they are read.
            stack: arena.reused(cells)?,
            list: arena.reused(max_regions.max(1))?,
        })
    }

    /// The 4-connected regions of cells with score `> threshold` in a `w x h` row-major map, in
    /// the order their first cell appears (row-major). Regions past `max_regions` are dropped.
    /// Maps are at most 65535 cells a side.
    pub fn find(&mut self, map: &[f32], w: u32, h: u32, threshold: f32) -> Result<&[Region], Error> {
        find(self, map, w, h, threshold)
    }
}

fn find<'a>(
    s: &'a mut Scratch<'_>,
    map: &[f32],
    w: u32,
    h: u32,
    threshold: f32,
) -> Result<&'a [Region], Error> {
    if w > 0xFFFF || h > 0xFFFF {
        return Err(Error::InvalidArgument);
    }
    let n = (w * h) as usize;
    if map.len() < n || s.seen.len() < n {
        return Err(Error::InvalidArgument);
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

#[cfg(test)]
mod tests {
    use super::{Box2, Region, Scratch};
    use crate::arena::tests::arena;
    use crate::{Error, FrameEncoding, Frame, Transform};

    /// A map from rows of '#' (score 0.9) and '.' (0.1); digits d are d / 10.
    fn map(rows: &[&str]) -> Vec<f32> {
        rows.iter()
            .flat_map(|r| r.bytes())
            .map(|b| match b {
                b'#' => 0.9,
                b'.' => 0.1,
                d => (d - b'0') as f32 / 10.0,
            })
            .collect()
    }

    fn boxes(regions: &[Region]) -> Vec<(u32, u32, u32, u32, u32)> {
        regions.iter().map(|r| (r.col0, r.row0, r.col1, r.row1, r.cells)).collect()
    }

    #[test]
    fn four_connected_cells_form_one_region_diagonals_do_not() {
        let arena = arena(1 << 16);
        let mut s = Scratch::new(&arena, 20, 10).unwrap();
        let m = map(&["##...", ".#..#", "...#.", "....."]);
        let found = s.find(&m, 5, 4, 0.5).unwrap();
        assert_eq!(boxes(found), vec![(0, 0, 1, 1, 3), (4, 1, 4, 1, 1), (3, 2, 3, 2, 1)]);
    }

    #[test]
    fn scores_must_exceed_the_threshold_and_are_summed() {
        let arena = arena(1 << 16);
        let mut s = Scratch::new(&arena, 4, 4).unwrap();
        let m = map(&["59", "57"]);
        let found = s.find(&m, 2, 2, 0.5).unwrap();
        assert_eq!(boxes(found), vec![(1, 0, 1, 1, 2)]);
        assert_eq!(found[0].max_score, 0.9);
        assert!((found[0].mean_score() - 0.8).abs() < 1e-6);
    }

    #[test]
    fn scratch_is_reused_across_maps_without_clearing() {
        let arena = arena(1 << 16);
        let mut s = Scratch::new(&arena, 9, 9).unwrap();
        let used = arena.used();
        assert_eq!(s.find(&map(&["###", "...", "###"]), 3, 3, 0.5).unwrap().len(), 2);
        assert_eq!(boxes(s.find(&map(&["#..", "#..", "#.."]), 3, 3, 0.5).unwrap()), vec![(0, 0, 0, 2, 3)]);
        assert_eq!(s.find(&map(&["...", "...", "..."]), 3, 3, 0.5).unwrap().len(), 0);
        assert_eq!(arena.used(), used);
    }

    #[test]
    fn regions_past_the_limit_are_dropped_first_ones_kept() {
        let arena = arena(1 << 16);
        let mut s = Scratch::new(&arena, 25, 2).unwrap();
        let m = map(&["#.#.#", ".....", "#.#.#"]);
        assert_eq!(boxes(s.find(&m, 5, 3, 0.5).unwrap()), vec![(0, 0, 0, 0, 1), (2, 0, 2, 0, 1)]);
    }

    #[test]
    fn maps_larger_than_the_scratch_or_too_wide_are_refused() {
        let arena = arena(1 << 16);
        let mut s = Scratch::new(&arena, 4, 4).unwrap();
        assert_eq!(s.find(&[0.0; 9], 3, 3, 0.5).unwrap_err(), Error::InvalidArgument);
        assert_eq!(s.find(&[0.0; 4], 2, 3, 0.5).unwrap_err(), Error::InvalidArgument);
        assert_eq!(s.find(&[], 0x10000, 0, 0.5).unwrap_err(), Error::InvalidArgument);
    }

    #[test]
    fn boxes_are_cell_edges_in_tensor_pixels() {
        let r = Region { col0: 1, row0: 2, col1: 3, row1: 2, cells: 3, max_score: 0.9, sum_score: 2.4 };
        assert_eq!(r.bbox(8.0), Box2 { x0: 8.0, y0: 16.0, x1: 32.0, y1: 24.0 });
    }

    #[test]
    fn unclip_moves_every_side_out_by_area_times_ratio_over_perimeter() {
        let b = Box2 { x0: 10.0, y0: 10.0, x1: 30.0, y1: 20.0 }; // 20 x 10: d = 200 * 1.5 / 60 = 5
        assert_eq!(b.unclip(1.5), Box2 { x0: 5.0, y0: 5.0, x1: 35.0, y1: 25.0 });
        let point = Box2 { x0: 3.0, y0: 3.0, x1: 3.0, y1: 3.0 };
        assert_eq!(point.unclip(1.5), point);
    }

    #[test]
    fn boxes_map_back_to_the_frame_clamped_to_it() {
        let frame = Frame { index: 0, width: 100, height: 50, encoding: Some(FrameEncoding::Png) };
        let t = Transform { scale_x: 2.0, scale_y: 2.0, pad_x: 0.0, pad_y: 10.0, ..Transform::default() };
        let b = Box2 { x0: 20.0, y0: 30.0, x1: 60.0, y1: 50.0 };
        assert_eq!(b.to_frame(&t, &frame), Box2 { x0: 10.0, y0: 10.0, x1: 30.0, y1: 20.0 });
        let outside = Box2 { x0: -20.0, y0: 0.0, x1: 400.0, y1: 300.0 };
        assert_eq!(outside.to_frame(&t, &frame), Box2 { x0: 0.0, y0: 0.0, x1: 100.0, y1: 50.0 });
    }
}
