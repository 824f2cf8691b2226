//! Vigil guest SDK, guest ABI v1 (see docs/guest-abi.md). `#![no_std]`, no crates.
//!
//! A guest is one function over a batch of frames:
//!
//! ```ignore
//! vigil_guest::guest! {
//!     name: "my-guest", version: "1.0.0", models: "detector",
//!     encodings: "RAW_RGB8,JPEG,PNG", max_batch: 16,
//!     process: process,
//! }
//! fn process(batch: &Batch) -> Result<(), Error> { ... }
//! ```
//!
//! Memory: everything a guest allocates comes from the arena, which is reset after every batch,
//! so linear memory stays flat across calls.
#![no_std]

pub mod abi;
pub mod arena;
pub mod image;
pub mod nn;
pub mod regions;

pub use image::{Frame, Norm, Transform};
pub use regions::{Box2, Regions};

/// The guest ABI version this SDK speaks; the host refuses guests built for another one.
pub const ABI_VERSION: u32 = 1;

/// A guest-side failure: the host reports it with the batch's frames.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error(pub i32);

impl Error {
    pub const INVALID_ARGUMENT: Error = Error(1);
    pub const OUT_OF_MEMORY: Error = Error(3);
    pub const TOO_LARGE: Error = Error(7);
    pub const NOT_FOUND: Error = Error(8);

    /// Maps a host status code to Ok or an Error carrying it.
    pub fn check(status: u32) -> Result<(), Error> {
        if status == 0 {
            Ok(())
        } else {
            Err(Error(status as i32))
        }
    }
}

/// The frames of one call, as the host laid them out (ABI: frame table).
pub struct Batch {
    frames: &'static [abi::FrameEntry],
}

impl Batch {
    /// # Safety
    /// `table` must point to `count` frame entries written by the host.
    pub unsafe fn from_raw(table: *const abi::FrameEntry, count: usize) -> Batch {
        let frames = if count == 0 {
            &[]
        } else {
            core::slice::from_raw_parts(table, count)
        };
        Batch { frames }
    }

    pub fn len(&self) -> usize {
        self.frames.len()
    }

    pub fn is_empty(&self) -> bool {
        self.frames.is_empty()
    }

    pub fn frame(&self, index: usize) -> Frame {
        let e = &self.frames[index];
        Frame {
            index: index as u32,
            width: e.width,
            height: e.height,
            encoding: e.encoding,
        }
    }

    /// The largest width and height over the batch's frames.
    pub fn max_size(&self) -> (u32, u32) {
        let mut w = 0;
        let mut h = 0;
        for e in self.frames {
            w = w.max(e.width);
            h = h.max(e.height);
        }
        (w, h)
    }
}

/// Reports a detection for frame `frame` in frame pixel coordinates.
pub fn emit(frame: &Frame, label: u32, score: f32, b: &Box2) -> Result<(), Error> {
    Error::check(unsafe {
        abi::emit_detection(frame.index, label, score, b.x0, b.y0, b.x1, b.y1)
    })
}

/// Marks one frame as failed with a reason (it goes to the dead-letter topic); the rest of the
/// batch carries on.
pub fn fail_frame(frame: &Frame, reason: &str) {
    unsafe {
        abi::fail_frame(frame.index, reason.as_ptr(), reason.len() as u32);
    }
}

/// Logs through the host's logger (debug level, truncated by the host).
pub fn log(message: &str) {
    unsafe { abi::log(message.as_ptr(), message.len() as u32) }
}

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

#[cfg(not(test))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

/// Reads `key` (e.g. `b"input.size="`) of a metadata text as `WxH`, each side a positive
/// multiple of `multiple`: a guest's settings live in its metadata, so `vigil modules inspect`
/// shows them and changing one is a one-line edit and rebuild.
pub fn meta_size(meta: &[u8], key: &[u8], multiple: u32) -> Result<(u32, u32), Error> {
    for line in meta.split(|&b| b == b'\n') {
        if line.starts_with(key) {
            let value = &line[key.len()..];
            let x = value.iter().position(|&b| b == b'x').ok_or(Error::INVALID_ARGUMENT)?;
            let w = parse_u32(&value[..x])?;
            let h = parse_u32(&value[x + 1..])?;
            if w == 0 || h == 0 || w % multiple != 0 || h % multiple != 0 {
                return Err(Error::INVALID_ARGUMENT);
            }
            return Ok((w, h));
        }
    }
    Err(Error::INVALID_ARGUMENT)
}

fn parse_u32(digits: &[u8]) -> Result<u32, Error> {
    if digits.is_empty() || digits.len() > 6 {
        return Err(Error::INVALID_ARGUMENT);
    }
    let mut v = 0u32;
    for &d in digits {
        if !d.is_ascii_digit() {
            return Err(Error::INVALID_ARGUMENT);
        }
        v = v * 10 + (d - b'0') as u32;
    }
    Ok(v)
}

/// Declares a guest: its metadata custom section and the ABI's exports. `extra` adds the guest's
/// own `key=value` lines (each ending in a newline) to the section.
#[macro_export]
macro_rules! guest {
    (name: $name:literal, version: $version:literal, models: $models:literal,
     encodings: $enc:literal, max_batch: $max_batch:literal, process: $process:path $(,)?) => {
        $crate::guest! {
            name: $name, version: $version, models: $models, encodings: $enc,
            max_batch: $max_batch, process: $process, extra: "",
        }
    };
    (name: $name:literal, version: $version:literal, models: $models:literal,
     encodings: $enc:literal, max_batch: $max_batch:literal, process: $process:path,
     extra: $extra:literal $(,)?) => {
        const VIGIL_META_TEXT: &[u8] = concat!(
            "abi=1\n",
            "name=", $name, "\n",
            "version=", $version, "\n",
            "models=", $models, "\n",
            "input.encodings=", $enc, "\n",
            "input.max_batch=", $max_batch, "\n",
            $extra
        )
        .as_bytes();

        #[link_section = "vigil.guest"]
        #[used]
        static VIGIL_META: [u8; VIGIL_META_TEXT.len()] =
            $crate::bytes::<{ VIGIL_META_TEXT.len() }>(VIGIL_META_TEXT);

        #[no_mangle]
        pub extern "C" fn vigil_alloc(size: u32, align: u32) -> u32 {
            $crate::arena::alloc(size, align) as u32
        }

        #[no_mangle]
        pub extern "C" fn vigil_process(table: u32, count: u32) -> i32 {
            let batch = unsafe {
                $crate::Batch::from_raw(table as *const $crate::abi::FrameEntry, count as usize)
            };
            let result = $process(&batch);
            $crate::arena::reset();
            match result {
                Ok(()) => 0,
                Err(e) => e.0,
            }
        }
    };
}
