//! wasi-nn shaped inference: models by name only, from the deployment's allow-list.

use crate::abi;
use crate::image::BatchTensor;
use crate::Error;

/// wasi-nn's graph encodings; Vigil's models are always `ONNX`.
pub mod encoding {
    pub const OPENVINO: u32 = 0;
    pub const ONNX: u32 = 1;
    pub const TENSORFLOW: u32 = 2;
    pub const PYTORCH: u32 = 3;
    pub const TENSORFLOWLITE: u32 = 4;
    pub const GGML: u32 = 5;
    pub const AUTODETECT: u32 = 6;
}

/// wasi-nn's execution targets; the deployment chooses the device, not the guest.
pub mod target {
    pub const CPU: u32 = 0;
    pub const GPU: u32 = 1;
    pub const TPU: u32 = 2;
}

/// wasi-nn's tensor types; v1 hosts accept `F32` and `U8` inputs.
pub mod tensor_type {
    pub const F16: u32 = 0;
    pub const F32: u32 = 1;
    pub const F64: u32 = 2;
    pub const U8: u32 = 3;
    pub const I32: u32 = 4;
    pub const I64: u32 = 5;
}

/// A model the guest may use, found by its name in the guest's metadata.
pub struct Graph(u32);

/// One inference context on a graph.
pub struct Context(u32);

/// An output bound to guest memory with [`Context::bind_output`]. The host writes it during
/// `compute`, so the guest holds a raw pointer, not a Rust reference, until then.
pub struct Output {
    ptr: *mut f32,
    len: usize,
    index: u32,
}

impl Graph {
    pub fn load(name: &str) -> Result<Graph, Error> {
        let mut graph = 0u32;
        Error::check(unsafe { abi::load_by_name(name.as_ptr(), name.len() as u32, &mut graph) })?;
        Ok(Graph(graph))
    }

    /// The tensor type input `index` takes: `tensor_type::F32` (normalised values) or
    /// `tensor_type::U8` (8-bit pixels, normalised by the model).
    pub fn input_type(&self, index: u32) -> Result<u32, Error> {
        let mut t = 0u32;
        Error::check(unsafe { abi::input_type(self.0, index, &mut t) })?;
        Ok(t)
    }

    pub fn context(&self) -> Result<Context, Error> {
        let mut context = 0u32;
        Error::check(unsafe { abi::init_execution_context(self.0, &mut context) })?;
        Ok(Context(context))
    }
}

impl Context {
    /// The host's handle of this context, for calling `abi` functions directly.
    pub fn handle(&self) -> u32 {
        self.0
    }

    /// Hands the batch tensor to the host in place (no copy: the host reads guest memory).
    pub fn set_input(&self, index: u32, tensor: &BatchTensor) -> Result<(), Error> {
        let raw = abi::Tensor {
            dims_ptr: tensor.dims.as_ptr(),
            dims_len: 4,
            tensor_type: tensor.tensor_type,
            data_ptr: tensor.bytes().as_ptr(),
            data_len: tensor.bytes().len() as u32,
        };
        Error::check(unsafe { abi::set_input(self.0, index, &raw) })
    }

    pub fn compute(&self) -> Result<(), Error> {
        Error::check(unsafe { abi::compute(self.0) })
    }

    /// Binds output `index` (`len` floats) before `compute`: the model runtime then writes it
    /// straight into guest memory, with no copy. A context with bound outputs computes only
    /// those; read one with [`Context::read`] after `compute`.
    pub fn bind_output(&self, index: u32, len: usize) -> Result<Output, Error> {
        let out = crate::arena::slice_stale::<f32>(len)?;
        let ptr = out.as_mut_ptr();
        Error::check(unsafe { abi::set_output(self.0, index, ptr as *mut u8, (len * 4) as u32) })?;
        Ok(Output { ptr, len, index })
    }

    /// A bound output after `compute`; the host checks its size and copies nothing.
    pub fn read(&self, output: &Output) -> Result<&'static [f32], Error> {
        let mut written = 0u32;
        let bytes = (output.len * 4) as u32;
        Error::check(unsafe {
            abi::get_output(self.0, output.index, output.ptr as *mut u8, bytes, &mut written)
        })?;
        if written != bytes {
            return Err(Error::INVALID_ARGUMENT);
        }
        Ok(unsafe { core::slice::from_raw_parts(output.ptr, output.len) })
    }

    /// Output `index` of the last compute, `len` floats, copied into the arena (for contexts
    /// without bound outputs, e.g. code ported from wasi-nn).
    pub fn output(&self, index: u32, len: usize) -> Result<&'static mut [f32], Error> {
        let out = crate::arena::slice(len, 0f32)?;
        let mut written = 0u32;
        Error::check(unsafe {
            abi::get_output(self.0, index, out.as_mut_ptr() as *mut u8, (len * 4) as u32, &mut written)
        })?;
        if written as usize != len * 4 {
            return Err(Error::INVALID_ARGUMENT);
        }
        Ok(out)
    }
}
