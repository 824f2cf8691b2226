//! wasi-nn shaped inference: models by name only, from the deployment's allow-list. As in the
//! wasi-nn Rust bindings, a [`Context`] borrows its [`Graph`]; here the graph also borrows the
//! batch, since the host's handles are valid only until `vigil_process` returns.

#[cfg(target_arch = "wasm32")]
use crate::{abi, Arena, BatchTensor, Error, Labels, Pod};
#[cfg(target_arch = "wasm32")]
use core::marker::PhantomData;

abi_enum! {
    /// wasi-nn's graph encodings; Vigil's models are always `Onnx` (for guests ported from wasi-nn:
    /// no v1 function takes one, the deployment chooses).
    pub enum GraphEncoding {
        Openvino = 0,
        Onnx = 1,
        Tensorflow = 2,
        Pytorch = 3,
        Tensorflowlite = 4,
        Ggml = 5,
        Autodetect = 6,
    }
}

abi_enum! {
    /// wasi-nn's execution targets (for guests ported from wasi-nn: the deployment chooses the
    /// device, not the guest).
    pub enum ExecutionTarget {
        Cpu = 0,
        Gpu = 1,
        Tpu = 2,
    }
}

abi_enum! {
    /// wasi-nn's tensor types; v1 hosts accept `F32` and `U8` inputs.
    pub enum TensorType {
        F16 = 0,
        F32 = 1,
        F64 = 2,
        U8 = 3,
        I32 = 4,
        I64 = 5,
    }
}

impl TensorType {
    /// Bytes per value.
    pub fn size(self) -> usize {
        match self {
            TensorType::U8 => 1,
            TensorType::F16 => 2,
            TensorType::F32 | TensorType::I32 => 4,
            TensorType::F64 | TensorType::I64 => 8,
        }
    }
}

/// A model the guest may use, found by its name in the guest's metadata; valid for one call.
#[cfg(target_arch = "wasm32")]
pub struct Graph<'b> {
    handle: u32,
    arena: &'b Arena,
}

/// One inference context on a graph.
#[cfg(target_arch = "wasm32")]
pub struct Context<'g> {
    handle: u32,
    graph: &'g Graph<'g>,
}

/// An output bound to guest memory with [`Context::bind_output`]. The host writes it during
/// `compute`, so until [`Context::read`] the guest holds a pointer, not a Rust reference.
#[cfg(target_arch = "wasm32")]
pub struct Output<'g> {
    ptr: *mut f32,
    len: usize,
    index: u32,
    context: u32,
    memory: PhantomData<&'g mut [f32]>,
}

#[cfg(target_arch = "wasm32")]
impl<'b> Graph<'b> {
    pub(crate) fn load(arena: &'b Arena, name: &str) -> Result<Graph<'b>, Error> {
        let mut handle = 0u32;
        Error::check(unsafe { abi::load_by_name(name.as_ptr(), name.len() as u32, &mut handle) })?;
        Ok(Graph { handle, arena })
    }

    /// The tensor type input `index` takes: `F32` (normalised values) or `U8` (8-bit pixels,
    /// normalised by the model).
    pub fn input_type(&self, index: u32) -> Result<TensorType, Error> {
        let mut t = 0u32;
        Error::check(unsafe { abi::input_type(self.handle, index, &mut t) })?;
        TensorType::try_from(t).map_err(|_| Error::UnsupportedOperation)
    }

    /// The model's class labels (for a recogniser: its dictionary, class 0 CTC's blank), as the
    /// deployment's model descriptor lists them; read from the host into this call's memory.
    pub fn labels(&self) -> Result<Labels<'b>, Error> {
        let mut size = 0u32;
        match Error::check(unsafe { abi::model_labels(self.handle, core::ptr::null_mut(), 0, &mut size) }) {
            Ok(()) | Err(Error::TooLarge) => {}
            Err(e) => return Err(e),
        }
        let text = self.arena.reused::<u8>(size as usize)?;
        let mut written = 0u32;
        Error::check(unsafe { abi::model_labels(self.handle, text.as_mut_ptr(), size, &mut written) })?;
        if written != size {
            return Err(Error::InvalidArgument);
        }
        Labels::parse(self.arena, text)
    }

    /// A context for this call (at most 16 per call).
    pub fn init_execution_context(&self) -> Result<Context<'_>, Error> {
        let mut handle = 0u32;
        Error::check(unsafe { abi::init_execution_context(self.handle, &mut handle) })?;
        Ok(Context { handle, graph: self })
    }

    pub(crate) fn arena(&self) -> &'b Arena {
        self.arena
    }
}

#[cfg(target_arch = "wasm32")]
impl<'g> Context<'g> {
    /// The host's handle of this context, for calling `abi` functions directly.
    pub fn handle(&self) -> u32 {
        self.handle
    }

    /// Hands the batch tensor to the host in place (no copy: the host reads guest memory when it
    /// computes). The tensor stays borrowed, so unchanged, for as long as the context lives.
    pub fn set_input(&mut self, index: u32, tensor: &'g BatchTensor<'_>) -> Result<(), Error> {
        let bytes = tensor.bytes();
        let raw = abi::Tensor {
            dims_ptr: tensor.dims().as_ptr(),
            dims_len: 4,
            tensor_type: tensor.tensor_type().into(),
            data_ptr: bytes.as_ptr(),
            data_len: bytes.len() as u32,
        };
        Error::check(unsafe { abi::set_input(self.handle, index, &raw) })
    }

    /// One model run over the whole batch. It needs the context unborrowed: no slice of a bound
    /// output from an earlier run is left for it to overwrite.
    pub fn compute(&mut self) -> Result<(), Error> {
        Error::check(unsafe { abi::compute(self.handle) })
    }

    /// Binds output `index` (`len` floats) before `compute`: the model runtime then writes it
    /// straight into guest memory, with no copy. A context with bound outputs computes only
    /// those; read one with [`Context::read`] after `compute`.
    pub fn bind_output(&mut self, index: u32, len: usize) -> Result<Output<'g>, Error> {
        let ptr = self.graph.arena().reused::<f32>(len)?.as_mut_ptr();
        Error::check(unsafe { abi::set_output(self.handle, index, ptr as *mut u8, (len * 4) as u32) })?;
        Ok(Output { ptr, len, index, context: self.handle, memory: PhantomData })
    }

    /// A bound output of this context after `compute`; the host checks its size and copies
    /// nothing. The slice borrows the context, so the next `compute` waits until it is gone.
    pub fn read(&self, output: &Output<'g>) -> Result<&[f32], Error> {
        if output.context != self.handle {
            return Err(Error::InvalidArgument);
        }
        let mut written = 0u32;
        let bytes = (output.len * 4) as u32;
        Error::check(unsafe {
            abi::get_output(self.handle, output.index, output.ptr as *mut u8, bytes, &mut written)
        })?;
        if written != bytes {
            return Err(Error::InvalidArgument);
        }
        Ok(unsafe { core::slice::from_raw_parts(output.ptr, output.len) })
    }

    /// A bound output after `compute` as far as the host wrote it: for outputs whose size the
    /// guest cannot know exactly before the run (a recogniser's steps per crop), bound with room
    /// to spare. As [`Context::read`], in place.
    pub fn read_written(&self, output: &Output<'g>) -> Result<&[f32], Error> {
        if output.context != self.handle {
            return Err(Error::InvalidArgument);
        }
        let mut written = 0u32;
        let bytes = (output.len * 4) as u32;
        Error::check(unsafe {
            abi::get_output(self.handle, output.index, output.ptr as *mut u8, bytes, &mut written)
        })?;
        if written > bytes || written % 4 != 0 {
            return Err(Error::InvalidArgument);
        }
        Ok(unsafe { core::slice::from_raw_parts(output.ptr, written as usize / 4) })
    }

    /// Copies output `index` of the last compute into `out` and returns the bytes written, as
    /// wasi-nn's `get_output` (for contexts without bound outputs, e.g. code ported from wasi-nn).
    pub fn get_output<T: Pod>(&self, index: u32, out: &mut [T]) -> Result<usize, Error> {
        let mut written = 0u32;
        let max = core::mem::size_of_val(out) as u32;
        Error::check(unsafe {
            abi::get_output(self.handle, index, out.as_mut_ptr() as *mut u8, max, &mut written)
        })?;
        Ok(written as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::{ExecutionTarget, GraphEncoding, TensorType};

    #[test]
    fn tensor_types_convert_both_ways_and_know_their_size() {
        let all = [
            (0, TensorType::F16, 2),
            (1, TensorType::F32, 4),
            (2, TensorType::F64, 8),
            (3, TensorType::U8, 1),
            (4, TensorType::I32, 4),
            (5, TensorType::I64, 8),
        ];
        for (code, t, size) in all {
            assert_eq!(TensorType::try_from(code), Ok(t));
            assert_eq!(u32::from(t), code);
            assert_eq!(t.size(), size);
        }
        assert_eq!(TensorType::try_from(6), Err(6));
    }

    #[test]
    fn encodings_and_targets_are_wasi_nn_values() {
        assert_eq!(GraphEncoding::try_from(1), Ok(GraphEncoding::Onnx));
        assert_eq!(GraphEncoding::try_from(6), Ok(GraphEncoding::Autodetect));
        assert_eq!(GraphEncoding::try_from(7), Err(7));
        assert_eq!(u32::from(GraphEncoding::Openvino), 0);
        assert_eq!(ExecutionTarget::try_from(1), Ok(ExecutionTarget::Gpu));
        assert_eq!(u32::from(ExecutionTarget::Tpu), 2);
        assert_eq!(ExecutionTarget::try_from(3), Err(3));
    }
}
