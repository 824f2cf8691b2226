//! Raw imports and layouts of guest ABI v1 (docs/guest-abi.md). Prefer the safe wrappers in the
//! other modules. The imports exist only on wasm32: on the host target (the SDK's unit tests) there
//! is no Vigil host to call, and a symbol such as `log` would bind to the C library's instead.

/// One frame in the table the host writes before `vigil_process` (16 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct FrameEntry {
    pub width: u32,
    pub height: u32,
    /// [`crate::FrameEncoding`] as u32.
    pub encoding: u32,
    pub payload_len: u32,
}

/// wasi-nn's tensor (20 bytes): dimensions list, type ([`crate::TensorType`] as u32), data list.
#[repr(C)]
pub struct Tensor {
    pub dims_ptr: *const u32,
    pub dims_len: u32,
    pub tensor_type: u32,
    pub data_ptr: *const u8,
    pub data_len: u32,
}

/// Pixel to model-input mapping: `(pixel * scale - mean[c]) / std[c]`, channels in `order`.
#[repr(C)]
pub struct NormParams {
    pub scale: f32,
    pub mean: [f32; 3],
    pub std: [f32; 3],
    /// Pixel value (0..255, before normalisation) of the padding.
    pub pad: f32,
    /// 0 RGB, 1 BGR.
    pub order: u32,
    /// Largest resize factor allowed (1.0: never enlarge); 0.0 means no limit.
    pub max_scale: f32,
}

/// Where a frame landed in a tensor: `tensor = frame * scale + pad`, per axis.
#[repr(C)]
#[derive(Clone, Copy, Default)]
pub struct TransformRaw {
    pub scale_x: f32,
    pub scale_y: f32,
    pub pad_x: f32,
    pub pad_y: f32,
}

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "wasi_ephemeral_nn")]
extern "C" {
    pub fn load_by_name(name: *const u8, name_len: u32, graph: *mut u32) -> u32;
    pub fn init_execution_context(graph: u32, context: *mut u32) -> u32;
    pub fn set_input(context: u32, index: u32, tensor: *const Tensor) -> u32;
    /// Vigil addition to wasi-nn: output `index` of the next compute is written straight here.
    pub fn set_output(context: u32, index: u32, out: *mut u8, out_max: u32) -> u32;
    pub fn compute(context: u32) -> u32;
    pub fn get_output(
        context: u32,
        index: u32,
        out: *mut u8,
        out_max: u32,
        written: *mut u32,
    ) -> u32;
    /// Vigil addition to wasi-nn: the tensor type input `index` of `graph` takes (F32 or U8).
    pub fn input_type(graph: u32, index: u32, tensor_type: *mut u32) -> u32;
    /// Vigil addition: the graph's labels, UTF-8, each followed by `\n`; the byte count at
    /// `written` also when they do not fit (`TooLarge`; `out_max` 0 asks for the size).
    pub fn model_labels(graph: u32, out: *mut u8, out_max: u32, written: *mut u32) -> u32;
}

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "vigil_host")]
extern "C" {
    pub fn letterbox(
        frame: u32,
        dst: *mut f32,
        dst_w: u32,
        dst_h: u32,
        params: *const NormParams,
        transform: *mut TransformRaw,
    ) -> u32;
    pub fn crop_resize(
        frame: u32,
        x: u32,
        y: u32,
        w: u32,
        h: u32,
        dst: *mut f32,
        dst_w: u32,
        dst_h: u32,
        params: *const NormParams,
        transform: *mut TransformRaw,
    ) -> u32;
    /// `letterbox` into 8-bit RGB pixels, `dst_h x dst_w x 3` bytes (NHWC): the model reorders
    /// and normalises; of `params` only `pad` and `max_scale` apply.
    pub fn letterbox_u8(
        frame: u32,
        dst: *mut u8,
        dst_w: u32,
        dst_h: u32,
        params: *const NormParams,
        transform: *mut TransformRaw,
    ) -> u32;
    /// `crop_resize` into 8-bit pixels, as `letterbox_u8`.
    pub fn crop_resize_u8(
        frame: u32,
        x: u32,
        y: u32,
        w: u32,
        h: u32,
        dst: *mut u8,
        dst_w: u32,
        dst_h: u32,
        params: *const NormParams,
        transform: *mut TransformRaw,
    ) -> u32;
    pub fn emit_detection(
        frame: u32,
        label: u32,
        score: f32,
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
    ) -> u32;
    /// A text region, the quad `corners` (8 f32: top-left, top-right, bottom-right, bottom-left,
    /// frame pixels), cut out upright into the `3 x dst_h x dst_w` float slot: height `dst_h`,
    /// aspect kept, padded on the right; the width it took is written at `width`.
    pub fn crop_quad(
        frame: u32,
        corners: *const f32,
        dst: *mut f32,
        dst_w: u32,
        dst_h: u32,
        params: *const NormParams,
        width: *mut u32,
    ) -> u32;
    /// `emit_detection` with the text recognised in the box (UTF-8, at most 256 bytes) and its
    /// confidence, 0..1.
    pub fn emit_text(
        frame: u32,
        label: u32,
        score: f32,
        x0: f32,
        y0: f32,
        x1: f32,
        y1: f32,
        text: *const u8,
        text_len: u32,
        text_score: f32,
    ) -> u32;
    /// A `FLOAT32_TENSOR` window of `channels x length` samples into the float slot at `dst`,
    /// as `(sample - offset) * scale`; `BadFrame` for another shape or a non-finite sample.
    pub fn tensor_copy(
        frame: u32,
        dst: *mut f32,
        channels: u32,
        length: u32,
        offset: f32,
        scale: f32,
    ) -> u32;
    pub fn fail_frame(frame: u32, reason: *const u8, reason_len: u32) -> u32;
    pub fn log(message: *const u8, message_len: u32);
}
