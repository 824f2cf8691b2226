//! Frames and the host kernels that turn them into tensors: decoding, resizing and normalising
//! run on the host (JVM speed, no per-pixel loops in Wasm); the guest chooses the parameters.

use crate::abi;
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

/// How pixels become model inputs.
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

impl Frame {
    /// Letterboxes this frame into one `3 x h x w` slot of an NCHW tensor: resized by one factor
    /// to fit, centred, padded, normalised.
    pub fn letterbox(&self, slot: &mut [f32], w: u32, h: u32, norm: &Norm) -> Result<Transform, Error> {
        if slot.len() < (3 * w * h) as usize {
            return Err(Error::INVALID_ARGUMENT);
        }
        let params = norm.raw();
        let mut t = abi::TransformRaw::default();
        Error::check(unsafe { abi::letterbox(self.index, slot.as_mut_ptr(), w, h, &params, &mut t) })?;
        Ok(Transform { scale_x: t.scale_x, scale_y: t.scale_y, pad_x: t.pad_x, pad_y: t.pad_y, origin_x: 0.0, origin_y: 0.0 })
    }

    /// Crops `region` (frame pixels) and letterboxes it into one slot, as [`Frame::letterbox`].
    pub fn crop_resize(&self, region: &Box2, slot: &mut [f32], w: u32, h: u32, norm: &Norm) -> Result<Transform, Error> {
        if slot.len() < (3 * w * h) as usize {
            return Err(Error::INVALID_ARGUMENT);
        }
        let x = region.x0.max(0.0) as u32;
        let y = region.y0.max(0.0) as u32;
        let cw = (region.x1 - region.x0).max(1.0) as u32;
        let ch = (region.y1 - region.y0).max(1.0) as u32;
        let params = norm.raw();
        let mut t = abi::TransformRaw::default();
        Error::check(unsafe {
            abi::crop_resize(self.index, x, y, cw, ch, slot.as_mut_ptr(), w, h, &params, &mut t)
        })?;
        Ok(Transform { scale_x: t.scale_x, scale_y: t.scale_y, pad_x: t.pad_x, pad_y: t.pad_y, origin_x: x as f32, origin_y: y as f32 })
    }
}

/// An NCHW float tensor for a whole batch, in the arena. Its slots are not cleared: fill each with
/// a kernel, or [`BatchTensor::clear_slot`] for a frame you skip.
pub struct BatchTensor {
    pub data: &'static mut [f32],
    pub dims: [u32; 4],
}

impl BatchTensor {
    pub fn new(n: u32, c: u32, h: u32, w: u32) -> Result<BatchTensor, Error> {
        let data = crate::arena::slice_stale((n * c * h * w) as usize)?;
        Ok(BatchTensor { data, dims: [n, c, h, w] })
    }

    /// Zeroes frame `i`'s part, for a frame that is skipped.
    pub fn clear_slot(&mut self, i: u32) {
        for v in self.slot(i).iter_mut() {
            *v = 0.0;
        }
    }

    /// Frame `i`'s part of the tensor.
    pub fn slot(&mut self, i: u32) -> &mut [f32] {
        let per = (self.dims[1] * self.dims[2] * self.dims[3]) as usize;
        &mut self.data[i as usize * per..(i as usize + 1) * per]
    }
}
