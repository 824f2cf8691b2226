//! Frames into tensors: decoding, resizing and normalising run on the host (JVM speed, no
//! per-pixel loops in Wasm); the guest chooses the parameters.

use crate::regions::Box2;
use crate::{abi, Arena, Error, Pod, TensorType};
#[cfg(target_arch = "wasm32")]
use crate::{Frame, Graph};

/// How pixels become model inputs (for a model taking 8-bit pixels only `pad` and `max_scale`
/// apply: its pixel form reorders and normalises the RGB bytes itself).
#[derive(Clone, Copy)]
pub struct Norm {
    pub scale: f32,
    pub mean: [f32; 3],
    pub std: [f32; 3],
    /// Padding pixel value, 0..255, before normalisation.
    pub pad: f32,
    pub bgr: bool,
    /// Largest resize factor allowed; 1.0 never enlarges a frame, 0.0 means no limit.
    pub max_scale: f32,
}

impl Norm {
    /// RGB scaled to 0..1, black padding, frames never enlarged.
    pub const UNIT: Norm = Norm {
        scale: 1.0 / 255.0,
        mean: [0.0; 3],
        std: [1.0; 3],
        pad: 0.0,
        bgr: false,
        max_scale: 1.0,
    };

    fn raw(&self) -> abi::NormParams {
        abi::NormParams {
            scale: self.scale,
            mean: self.mean,
            std: self.std,
            pad: self.pad,
            order: self.bgr as u32,
            max_scale: self.max_scale,
        }
    }
}

/// Where a frame (or a region of it) landed in a tensor: `tensor = (frame - origin) * scale + pad`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Transform {
    pub scale_x: f32,
    pub scale_y: f32,
    pub pad_x: f32,
    pub pad_y: f32,
    pub origin_x: f32,
    pub origin_y: f32,
}

unsafe impl Pod for Transform {} // six f32, no padding

impl Transform {
    /// Tensor coordinates back to frame coordinates.
    pub fn to_frame(&self, x: f32, y: f32) -> (f32, f32) {
        (
            (x - self.pad_x) / self.scale_x + self.origin_x,
            (y - self.pad_y) / self.scale_y + self.origin_y,
        )
    }

    fn placed(raw: abi::TransformRaw, origin_x: f32, origin_y: f32) -> Transform {
        let abi::TransformRaw { scale_x, scale_y, pad_x, pad_y } = raw;
        Transform { scale_x, scale_y, pad_x, pad_y, origin_x, origin_y }
    }
}

/// A batch of images in the form a model's input takes, chosen by the model the deployment bound:
/// normalised `f32` values, NCHW (the host kernel normalises), or the 8-bit pixels themselves,
/// `u8` NHWC (the model normalises in its graph: a quarter of the bytes, and the arithmetic runs
/// where the model runs). The same guest code fills either. Slots are not cleared: fill each with
/// [`BatchTensor::letterbox`] or [`BatchTensor::crop_resize`], or [`BatchTensor::clear_slot`] for
/// a frame you skip; [`BatchTensor::placement`] then says where each filled frame landed.
pub struct BatchTensor<'b> {
    data: &'b mut [u8],
    /// Per slot, where its frame landed; a zero scale marks a slot not filled.
    placed: &'b mut [Transform],
    dims: [u32; 4],
    tensor_type: TensorType,
    /// A slot's sides, for the host kernels.
    width: u32,
    height: u32,
}

impl<'b> BatchTensor<'b> {
    /// A tensor of `n` frames of `w x h` in the form `graph`'s input 0 takes.
    #[cfg(target_arch = "wasm32")]
    pub fn for_graph(graph: &Graph<'b>, n: u32, h: u32, w: u32) -> Result<BatchTensor<'b>, Error> {
        BatchTensor::new(graph.arena(), graph.input_type(0)?, n, h, w)
    }

    /// A tensor of `n` frames of `w x h` of `tensor_type` (`F32` or `U8`).
    pub fn new(
        arena: &'b Arena,
        tensor_type: TensorType,
        n: u32,
        h: u32,
        w: u32,
    ) -> Result<BatchTensor<'b>, Error> {
        let dims = match tensor_type {
            TensorType::F32 => [n, 3, h, w],
            TensorType::U8 => [n, h, w, 3],
            _ => return Err(Error::InvalidArgument),
        };
        let len = (n as usize)
            .checked_mul(3 * tensor_type.size())
            .and_then(|v| v.checked_mul(h as usize))
            .and_then(|v| v.checked_mul(w as usize))
            .ok_or(Error::TooLarge)?;
        let data = arena.reused::<u8>(len)?;
        let placed = arena.filled(n as usize, Transform::default())?;
        Ok(BatchTensor { data, placed, dims, tensor_type, width: w, height: h })
    }

    /// A tensor of `n` windows of sensor samples, `[n, channels, 1, length]` f32: filled with
    /// [`BatchTensor::copy_window`], for models of signals rather than images.
    pub fn windows(arena: &'b Arena, n: u32, channels: u32, length: u32) -> Result<BatchTensor<'b>, Error> {
        let len = (n as usize)
            .checked_mul(4 * channels as usize)
            .and_then(|v| v.checked_mul(length as usize))
            .ok_or(Error::TooLarge)?;
        let data = arena.reused::<u8>(len)?;
        let placed = arena.filled(n as usize, Transform::default())?;
        let dims = [n, channels, 1, length];
        Ok(BatchTensor { data, placed, dims, tensor_type: TensorType::F32, width: length, height: channels })
    }

    /// Copies the window `frame` (a `FLOAT32_TENSOR` of this tensor's channels and length) into
    /// slot `i` as `(sample - offset) * scale`. `Err(BadFrame)`: another shape or a non-finite
    /// sample, which the host has recorded.
    #[cfg(target_arch = "wasm32")]
    pub fn copy_window(&mut self, i: u32, frame: &Frame, offset: f32, scale: f32) -> Result<(), Error> {
        if self.dims[2] != 1 {
            return Err(Error::UnsupportedOperation);
        }
        let (slot, channels, length) = (self.slot(i)?, self.height, self.width);
        Error::check(unsafe { abi::tensor_copy(frame.index, slot as *mut f32, channels, length, offset, scale) })?;
        self.place(i, Transform { scale_x: 1.0, scale_y: 1.0, ..Transform::default() });
        Ok(())
    }

    /// The dimensions as the model sees them: `[n, 3, h, w]` for f32, `[n, h, w, 3]` for u8.
    #[inline]
    pub fn dims(&self) -> &[u32; 4] {
        &self.dims
    }

    #[inline]
    pub fn tensor_type(&self) -> TensorType {
        self.tensor_type
    }

    /// The whole tensor's bytes, as `set_input` hands them to the host.
    #[inline]
    pub fn bytes(&self) -> &[u8] {
        self.data
    }

    /// Where the frame of slot `i` landed, if a letterbox or crop filled it.
    #[inline]
    pub fn placement(&self, i: u32) -> Option<Transform> {
        self.placed.get(i as usize).copied().filter(|t| t.scale_x != 0.0)
    }

    /// Letterboxes `frame` into slot `i`: resized by one factor to fit, centred, padded; normalised
    /// as `norm` says for f32 (u8 slots get RGB bytes: only `pad` and `max_scale` apply).
    /// `Err(BadFrame)`: the host could not decode the frame and has recorded why.
    #[cfg(target_arch = "wasm32")]
    pub fn letterbox(&mut self, i: u32, frame: &Frame, norm: &Norm) -> Result<Transform, Error> {
        let (slot, w, h, params) = (self.slot(i)?, self.width, self.height, norm.raw());
        let mut t = abi::TransformRaw::default();
        let status = unsafe {
            if self.tensor_type == TensorType::U8 {
                abi::letterbox_u8(frame.index, slot, w, h, &params, &mut t)
            } else {
                abi::letterbox(frame.index, slot as *mut f32, w, h, &params, &mut t)
            }
        };
        Error::check(status)?;
        Ok(self.place(i, Transform::placed(t, 0.0, 0.0)))
    }

    /// Crops `region` (frame pixels) of `frame` and letterboxes it into slot `i`, as
    /// [`BatchTensor::letterbox`]: for two-stage guests.
    #[cfg(target_arch = "wasm32")]
    pub fn crop_resize(&mut self, i: u32, frame: &Frame, region: &Box2, norm: &Norm) -> Result<Transform, Error> {
        let (slot, w, h, params) = (self.slot(i)?, self.width, self.height, norm.raw());
        let (x, y, cw, ch) = crop(region);
        let mut t = abi::TransformRaw::default();
        let status = unsafe {
            if self.tensor_type == TensorType::U8 {
                abi::crop_resize_u8(frame.index, x, y, cw, ch, slot, w, h, &params, &mut t)
            } else {
                abi::crop_resize(frame.index, x, y, cw, ch, slot as *mut f32, w, h, &params, &mut t)
            }
        };
        Error::check(status)?;
        Ok(self.place(i, Transform::placed(t, x as f32, y as f32)))
    }

    /// Cuts the quad `corners` (top-left, top-right, bottom-right, bottom-left as x, y pairs,
    /// frame pixels) of `frame` out upright into slot `i` of an f32 tensor: the slot's height, the
    /// quad's aspect kept, the columns right of it padded with `norm.pad`. Returns the width it
    /// took. For recognisers, whose input is text lines of one height.
    #[cfg(target_arch = "wasm32")]
    pub fn crop_quad(&mut self, i: u32, frame: &Frame, corners: &[f32; 8], norm: &Norm) -> Result<u32, Error> {
        if self.tensor_type != TensorType::F32 {
            return Err(Error::UnsupportedOperation);
        }
        let (slot, w, h, params) = (self.slot(i)?, self.width, self.height, norm.raw());
        let mut width = 0u32;
        Error::check(unsafe {
            abi::crop_quad(frame.index, corners.as_ptr(), slot as *mut f32, w, h, &params, &mut width)
        })?;
        // Marked filled; a crop has no letterbox placement, its box is the quad.
        self.place(i, Transform { scale_x: 1.0, scale_y: 1.0, ..Transform::default() });
        Ok(width)
    }

    /// Zeroes frame `i`'s part, for a frame that is skipped.
    pub fn clear_slot(&mut self, i: u32) {
        let per = self.data.len() / self.dims[0] as usize;
        for v in self.data[i as usize * per..(i as usize + 1) * per].iter_mut() {
            *v = 0;
        }
        self.placed[i as usize] = Transform::default();
    }

    /// The start of frame `i`'s part of the tensor.
    fn slot(&mut self, i: u32) -> Result<*mut u8, Error> {
        if i >= self.dims[0] {
            return Err(Error::InvalidArgument);
        }
        let per = self.data.len() / self.dims[0] as usize;
        Ok(self.data[i as usize * per..].as_mut_ptr())
    }

    fn place(&mut self, i: u32, t: Transform) -> Transform {
        self.placed[i as usize] = t;
        t
    }
}

/// The integer rectangle `x, y, w, h` of a region for `crop_resize`: its origin clipped at 0,
/// each side at least one pixel (the host clips the rest to the frame).
fn crop(region: &Box2) -> (u32, u32, u32, u32) {
    let x = region.x0.max(0.0) as u32;
    let y = region.y0.max(0.0) as u32;
    let w = (region.x1 - region.x0).max(1.0) as u32;
    let h = (region.y1 - region.y0).max(1.0) as u32;
    (x, y, w, h)
}

#[cfg(test)]
mod tests {
    use super::{crop, BatchTensor, Norm, Transform};
    use crate::arena::tests::arena;
    use crate::{abi, Box2, Error, TensorType};

    #[test]
    fn float_tensors_are_nchw_and_byte_tensors_nhwc() {
        let arena = arena(1 << 16);
        let f = BatchTensor::new(&arena, TensorType::F32, 2, 8, 16).unwrap();
        assert_eq!(f.dims(), &[2, 3, 8, 16]);
        assert_eq!(f.bytes().len(), 2 * 3 * 8 * 16 * 4);
        assert_eq!(f.bytes().as_ptr() as usize % 64, 0);
        let u = BatchTensor::new(&arena, TensorType::U8, 2, 8, 16).unwrap();
        assert_eq!(u.dims(), &[2, 8, 16, 3]);
        assert_eq!(u.bytes().len(), 2 * 3 * 8 * 16);
        assert_eq!(u.tensor_type(), TensorType::U8);
        let other = BatchTensor::new(&arena, TensorType::I64, 1, 1, 1);
        assert_eq!(other.err(), Some(Error::InvalidArgument));
        let huge = BatchTensor::new(&arena, TensorType::F32, u32::MAX, u32::MAX, u32::MAX);
        assert_eq!(huge.err(), Some(Error::TooLarge));
    }

    #[test]
    fn window_tensors_are_n_channels_1_length_floats_split_by_window() {
        let arena = arena(1 << 16);
        let mut t = BatchTensor::windows(&arena, 3, 2, 256).unwrap();
        assert_eq!(t.dims(), &[3, 2, 1, 256]);
        assert_eq!(t.tensor_type(), TensorType::F32);
        assert_eq!(t.bytes().len(), 3 * 2 * 256 * 4);
        let base = t.bytes().as_ptr() as usize;
        assert_eq!(t.slot(2).unwrap() as usize, base + 2 * 2 * 256 * 4);
        assert_eq!(t.slot(3).unwrap_err(), Error::InvalidArgument);
        let huge = BatchTensor::windows(&arena, u32::MAX, u32::MAX, u32::MAX);
        assert_eq!(huge.err(), Some(Error::TooLarge));
    }

    #[test]
    fn slots_split_the_tensor_by_frame() {
        let arena = arena(1 << 16);
        let mut t = BatchTensor::new(&arena, TensorType::F32, 3, 4, 4).unwrap();
        let base = t.bytes().as_ptr() as usize;
        assert_eq!(t.slot(0).unwrap() as usize, base);
        assert_eq!(t.slot(2).unwrap() as usize, base + 2 * 3 * 4 * 4 * 4);
        assert_eq!(t.slot(3).unwrap_err(), Error::InvalidArgument);
    }

    #[test]
    fn a_cleared_slot_is_zero_and_unplaced_and_its_neighbours_untouched() {
        let arena = arena(1 << 16);
        arena.filled(3 * 4 * 4 * 3 + 64, 0xFFu8).unwrap(); // what an earlier batch left
        unsafe { arena.reset() };
        let mut t = BatchTensor::new(&arena, TensorType::U8, 3, 4, 4).unwrap();
        let placed = Transform { scale_x: 0.5, scale_y: 0.5, ..Transform::default() };
        t.place(1, placed);
        assert_eq!(t.placement(1), Some(placed));
        assert_eq!(t.placement(0), None);
        assert_eq!(t.placement(9), None);
        t.clear_slot(1);
        let per = 4 * 4 * 3;
        assert!(t.bytes()[per..2 * per].iter().all(|&b| b == 0));
        assert!(t.bytes()[..per].iter().all(|&b| b == 0xFF));
        assert!(t.bytes()[2 * per..].iter().all(|&b| b == 0xFF));
        assert_eq!(t.placement(1), None);
    }

    #[test]
    fn transforms_map_tensor_points_back_to_the_frame() {
        // A 1280x960 frame letterboxed into 640x640: factor 0.5, 80 px of padding above.
        let t = Transform { scale_x: 0.5, scale_y: 0.5, pad_x: 0.0, pad_y: 80.0, origin_x: 0.0, origin_y: 0.0 };
        assert_eq!(t.to_frame(0.0, 80.0), (0.0, 0.0));
        assert_eq!(t.to_frame(640.0, 560.0), (1280.0, 960.0));
        let cropped = Transform { origin_x: 100.0, origin_y: 50.0, ..t };
        assert_eq!(cropped.to_frame(10.0, 90.0), (120.0, 70.0));
    }

    #[test]
    fn crops_clip_their_origin_and_keep_a_pixel() {
        assert_eq!(crop(&Box2 { x0: 10.5, y0: 20.0, x1: 50.5, y1: 30.0 }), (10, 20, 40, 10));
        assert_eq!(crop(&Box2 { x0: -5.0, y0: -1.0, x1: 5.0, y1: 9.0 }), (0, 0, 10, 10));
        assert_eq!(crop(&Box2 { x0: 7.0, y0: 7.0, x1: 7.0, y1: 7.2 }), (7, 7, 1, 1));
    }

    #[test]
    fn norms_lay_out_as_the_abi_params() {
        let bgr = Norm { bgr: true, pad: 114.0, ..Norm::UNIT };
        let raw: abi::NormParams = bgr.raw();
        assert_eq!((raw.order, raw.pad, raw.max_scale), (1, 114.0, 1.0));
        assert_eq!(raw.scale, 1.0 / 255.0);
        assert_eq!(Norm::UNIT.raw().order, 0);
        assert_eq!(core::mem::size_of::<abi::NormParams>(), 40);
        assert_eq!(core::mem::size_of::<abi::TransformRaw>(), 16);
        assert_eq!(core::mem::size_of::<abi::FrameEntry>(), 16);
        assert_eq!(core::mem::size_of::<Transform>(), 24);
    }
}
