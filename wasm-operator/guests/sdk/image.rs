//! Frames and the host kernels that turn them into tensors: decoding, resizing and normalising
//! run on the host (JVM speed, no per-pixel loops in Wasm); the guest chooses the parameters.

use crate::abi;
use crate::nn::{tensor_type, Graph};
use crate::regions::Box2;
use crate::Error;

/// The host could not decode this frame; it has already recorded the frame as failed. Skip it.
pub const BAD_FRAME: Error = Error(64);

/// One frame of the batch. Its pixels stay on the host.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    pub index: u32,
    pub width: u32,
    pub height: u32,
    /// 1 RAW_RGB8, 2 JPEG, 3 PNG.
    pub encoding: u32,
}

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
#[derive(Clone, Copy, Debug, Default)]
pub struct Transform {
    pub scale_x: f32,
    pub scale_y: f32,
    pub pad_x: f32,
    pub pad_y: f32,
    pub origin_x: f32,
    pub origin_y: f32,
}

impl Transform {
    /// Tensor coordinates back to frame coordinates.
    pub fn to_frame(&self, x: f32, y: f32) -> (f32, f32) {
        (
            (x - self.pad_x) / self.scale_x + self.origin_x,
            (y - self.pad_y) / self.scale_y + self.origin_y,
        )
    }
}

/// A batch of images in the form a model's input takes, chosen by the model the deployment bound:
/// normalised `f32` values, NCHW (the host kernel normalises), or the 8-bit pixels themselves,
/// `u8` NHWC (the model normalises in its graph: a quarter of the bytes, and the arithmetic runs
/// where the model runs). The same guest code fills either. Slots are not cleared: fill each with
/// [`BatchTensor::letterbox`] or [`BatchTensor::crop_resize`], or [`BatchTensor::clear_slot`] for
/// a frame you skip.
pub struct BatchTensor {
    data: &'static mut [u8],
    /// The dimensions as the model sees them: `[n, 3, h, w]` for f32, `[n, h, w, 3]` for u8.
    pub dims: [u32; 4],
    /// `nn::tensor_type::F32` or `nn::tensor_type::U8`.
    pub tensor_type: u32,
    width: u32,
    height: u32,
}

impl BatchTensor {
    /// A tensor of `n` frames of `w x h` in the form `graph`'s input 0 takes.
    pub fn for_graph(graph: &Graph, n: u32, h: u32, w: u32) -> Result<BatchTensor, Error> {
        BatchTensor::new(graph.input_type(0)?, n, h, w)
    }

    /// A tensor of `n` frames of `w x h` of `tensor_type` (F32 or U8).
    pub fn new(tensor_type: u32, n: u32, h: u32, w: u32) -> Result<BatchTensor, Error> {
        let dims = match tensor_type {
            tensor_type::F32 => [n, 3, h, w],
            tensor_type::U8 => [n, h, w, 3],
            _ => return Err(Error::INVALID_ARGUMENT),
        };
        let per_value = if tensor_type == tensor_type::F32 { 4 } else { 1 };
        let len = (n as usize) * 3 * (h as usize) * (w as usize) * per_value;
        let data = crate::arena::slice_stale::<u8>(len)?;
        Ok(BatchTensor { data, dims, tensor_type, width: w, height: h })
    }

    /// The whole tensor's bytes, for `set_input`.
    pub fn bytes(&self) -> &[u8] {
        self.data
    }

    /// Letterboxes `frame` into slot `i`: resized by one factor to fit, centred, padded; normalised
    /// as `norm` says for f32 (u8 slots get RGB bytes: only `pad` and `max_scale` apply).
    pub fn letterbox(&mut self, i: u32, frame: &Frame, norm: &Norm) -> Result<Transform, Error> {
        let (slot, w, h, params) = (self.slot(i)?, self.width, self.height, norm.raw());
        let mut t = abi::TransformRaw::default();
        let status = unsafe {
            if self.tensor_type == tensor_type::U8 {
                abi::letterbox_u8(frame.index, slot, w, h, &params, &mut t)
            } else {
                abi::letterbox(frame.index, slot as *mut f32, w, h, &params, &mut t)
            }
        };
        Error::check(status)?;
        Ok(Transform { scale_x: t.scale_x, scale_y: t.scale_y, pad_x: t.pad_x, pad_y: t.pad_y, origin_x: 0.0, origin_y: 0.0 })
    }

    /// Crops `region` (frame pixels) of `frame` and letterboxes it into slot `i`, as
    /// [`BatchTensor::letterbox`].
    pub fn crop_resize(&mut self, i: u32, frame: &Frame, region: &Box2, norm: &Norm) -> Result<Transform, Error> {
        let (slot, w, h, params) = (self.slot(i)?, self.width, self.height, norm.raw());
        let x = region.x0.max(0.0) as u32;
        let y = region.y0.max(0.0) as u32;
        let cw = (region.x1 - region.x0).max(1.0) as u32;
        let ch = (region.y1 - region.y0).max(1.0) as u32;
        let mut t = abi::TransformRaw::default();
        let status = unsafe {
            if self.tensor_type == tensor_type::U8 {
                abi::crop_resize_u8(frame.index, x, y, cw, ch, slot, w, h, &params, &mut t)
            } else {
                abi::crop_resize(frame.index, x, y, cw, ch, slot as *mut f32, w, h, &params, &mut t)
            }
        };
        Error::check(status)?;
        Ok(Transform { scale_x: t.scale_x, scale_y: t.scale_y, pad_x: t.pad_x, pad_y: t.pad_y, origin_x: x as f32, origin_y: y as f32 })
    }

    /// Zeroes frame `i`'s part, for a frame that is skipped.
    pub fn clear_slot(&mut self, i: u32) {
        let per = self.data.len() / self.dims[0] as usize;
        for v in self.data[i as usize * per..(i as usize + 1) * per].iter_mut() {
            *v = 0;
        }
    }

    /// The start of frame `i`'s part of the tensor.
    fn slot(&mut self, i: u32) -> Result<*mut u8, Error> {
        if i >= self.dims[0] {
            return Err(Error::INVALID_ARGUMENT);
        }
        let per = self.data.len() / self.dims[0] as usize;
        Ok(self.data[i as usize * per..].as_mut_ptr())
    }
}
