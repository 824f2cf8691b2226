//! # vigil-guest: the Rust SDK for Vigil guests (guest ABI v1)
//!
//! A guest is a core WebAssembly module that the Wasm operator runs for the pre- and
//! post-processing of a batch of frames; the contract is `docs/guest-abi.md`. With this crate a
//! guest is one function over a [`Batch`], `#![no_std]`, no other crates:
//!
//! ```ignore
//! #![no_std]
//! use vigil_guest::{emit, Batch, BatchTensor, Error, Norm};
//!
//! vigil_guest::guest! {
//!     name: "my-guest", version: "1.0.0", models: "detector",
//!     encodings: "RAW_RGB8,JPEG,PNG", max_batch: 16,
//!     process: process,
//!     extra: "input.size=640x640\n", // the guest's own settings, read with batch.meta()
//! }
//!
//! fn process(batch: &Batch) -> Result<(), Error> {
//!     let (w, h) = batch.meta().size("input.size", 32)?;
//!     let graph = batch.graph("detector")?;
//!     let mut tensor = BatchTensor::for_graph(&graph, batch.len() as u32, h, w)?;
//!     for frame in batch.frames() {
//!         match tensor.letterbox(frame.index, &frame, &Norm::UNIT) {
//!             Ok(_) | Err(Error::BadFrame) => {} // a bad frame is already recorded by the host
//!             Err(e) => return Err(e),
//!         }
//!     }
//!     let mut context = graph.init_execution_context()?;
//!     context.set_input(0, &tensor)?;
//!     let output = context.bind_output(0, (w * h) as usize * batch.len())?;
//!     context.compute()?;
//!     let scores = context.read(&output)?;
//!     // ... decide, then emit(&frame, label, score, &box) per detection
//!     Ok(())
//! }
//! ```
//!
//! **Memory.** Everything the SDK allocates comes from the batch's [`Arena`], a bump allocator
//! over linear memory that the entry point resets after `process` returns, so a guest's memory
//! grows to what its largest batch needs and then stays flat. Slices, tensors, graphs and outputs
//! all borrow the batch (`'b`), so none can outlive the call whose reset reuses their memory; a
//! [`Context`] borrows its [`Graph`], and an output read in place borrows its context, so the
//! next `compute` cannot overwrite memory a slice still shows.
//!
//! **Building.** `cargo build --target wasm32-unknown-unknown --release` in a crate of
//! `crate-type = ["cdylib"]` that depends on this one (see `guests/Cargo.toml`), or Debian's
//! `rustc` as `guests/build.sh` builds the bundled guests bit for bit. The SDK's own tests run
//! on the host target: `guests/test.sh` (rustc only) or `cargo test --offline` in `guests/`.
#![cfg_attr(not(test), no_std)]
// Off wasm32 the parts that call the host are left out, so what only they use is unused there.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

/// Declares a `#[repr(u32)]` enum of ABI values with `TryFrom<u32>` (the unknown value is the
/// error) and `From<Self> for u32`.
macro_rules! abi_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u32)]
        pub enum $name {
            $($(#[$vmeta])* $variant = $value,)+
        }

        impl TryFrom<u32> for $name {
            type Error = u32;

            fn try_from(value: u32) -> Result<Self, u32> {
                match value {
                    $($value => Ok($name::$variant),)+
                    other => Err(other),
                }
            }
        }

        impl From<$name> for u32 {
            fn from(value: $name) -> u32 {
                value as u32
            }
        }
    };
}

pub mod abi;
mod arena;
mod batch;
pub mod dbnet;
mod error;
pub mod image;
mod meta;
pub mod nn;
pub mod regions;
pub mod text;

pub use arena::{Arena, Pod};
pub use batch::{Batch, Frame, FrameEncoding};
pub use error::Error;
pub use image::{BatchTensor, Norm, Transform};
pub use meta::Meta;
#[cfg(target_arch = "wasm32")]
pub use nn::{Context, Graph, Output};
pub use nn::{ExecutionTarget, GraphEncoding, TensorType};
pub use regions::{Box2, Region, Scratch};
pub use text::{ctc_greedy, Labels, Reading};

/// The guest ABI version this SDK speaks; the host refuses guests built for another one.
pub const ABI_VERSION: u32 = 1;

/// Reports a detection for `frame` in frame pixel coordinates; `label` indexes the model's labels.
#[cfg(target_arch = "wasm32")]
pub fn emit(frame: &Frame, label: u32, score: f32, b: &Box2) -> Result<(), Error> {
    Error::check(unsafe {
        abi::emit_detection(frame.index, label, score, b.x0, b.y0, b.x1, b.y1)
    })
}

/// Reports a box with the text read in it and the confidence in that text (0..1): what a reading
/// guest emits instead of [`emit`]. The host takes at most 256 bytes of text.
#[cfg(target_arch = "wasm32")]
pub fn emit_text(frame: &Frame, label: u32, score: f32, b: &Box2, text: &str, text_score: f32) -> Result<(), Error> {
    Error::check(unsafe {
        abi::emit_text(
            frame.index,
            label,
            score,
            b.x0,
            b.y0,
            b.x1,
            b.y1,
            text.as_ptr(),
            text.len() as u32,
            text_score,
        )
    })
}

/// Marks one frame as failed with a reason (it goes to the dead-letter topic); the rest of the
/// batch carries on.
#[cfg(target_arch = "wasm32")]
pub fn fail_frame(frame: &Frame, reason: &str) {
    unsafe {
        abi::fail_frame(frame.index, reason.as_ptr(), reason.len() as u32);
    }
}

/// Logs through the host's logger (debug level, truncated by the host).
#[cfg(target_arch = "wasm32")]
pub fn log(message: &str) {
    unsafe { abi::log(message.as_ptr(), message.len() as u32) }
}

#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// What [`guest!`] expands to; not for guests' own use.
#[doc(hidden)]
pub mod entry {
    #[cfg(target_arch = "wasm32")]
    pub use crate::batch::{alloc, process};

    /// Copies `text` into a fixed-size array at compile time (for the metadata section).
    pub const fn bytes<const N: usize>(text: &[u8]) -> [u8; N] {
        let mut out = [0u8; N];
        let mut i = 0;
        while i < N {
            out[i] = text[i];
            i += 1;
        }
        out
    }
}

/// Declares a guest: its metadata custom section `vigil.guest` and the ABI's exports
/// (`vigil_alloc`, `vigil_process`). `process` is called with each [`Batch`]; the batch's arena
/// is reset after it returns. `extra` adds the guest's own `key=value` lines (each ending in a
/// newline) to the section; the guest reads them back with [`Batch::meta`]. The metadata text
/// is not visible to the guest's code by any name: the section is its only copy.
#[macro_export]
macro_rules! guest {
    (name: $name:literal, version: $version:literal, models: $models:literal,
     encodings: $enc:literal, max_batch: $max_batch:literal, process: $process:path
     $(, extra: $extra:literal)? $(,)?) => {
        const _: () = {
            const TEXT: &str = concat!(
                "abi=1\n",
                "name=", $name, "\n",
                "version=", $version, "\n",
                "models=", $models, "\n",
                "input.encodings=", $enc, "\n",
                "input.max_batch=", $max_batch, "\n",
                $($extra,)?
            );

            #[link_section = "vigil.guest"]
            #[used]
            static VIGIL_META: [u8; TEXT.len()] =
                $crate::entry::bytes::<{ TEXT.len() }>(TEXT.as_bytes());

            #[cfg(target_arch = "wasm32")]
            #[no_mangle]
            pub extern "C" fn vigil_alloc(size: u32, align: u32) -> u32 {
                $crate::entry::alloc(size, align)
            }

            #[cfg(target_arch = "wasm32")]
            #[no_mangle]
            pub extern "C" fn vigil_process(table: u32, count: u32) -> i32 {
                // Safety: the host wrote `count` frame entries at `table` (guest ABI v1).
                unsafe { $crate::entry::process(table, count, TEXT, $process) }
            }
        };
    };
}
