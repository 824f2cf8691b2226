//! One call: the frames the host laid out, the arena that lives as long as the call, and the
//! entry point that owns both.

use crate::abi::FrameEntry;
use crate::{Arena, Error, Meta, Pod};
use core::cell::Cell;

unsafe impl Pod for FrameEntry {}

abi_enum! {
    /// How a frame's payload is encoded (as `Frame.encoding` in the Avro schema).
    pub enum FrameEncoding {
        RawRgb8 = 1,
        Jpeg = 2,
        Png = 3,
        /// A window of sensor samples: height channels x width samples, little-endian f32.
        Float32Tensor = 4,
    }
}

/// One frame of the batch. Its pixels stay on the host.
#[derive(Clone, Copy, Debug)]
pub struct Frame {
    /// Its place in the batch: the frame index of every host function.
    pub index: u32,
    pub width: u32,
    pub height: u32,
    /// `None` for a value this SDK does not know.
    pub encoding: Option<FrameEncoding>,
}

/// The frames of one call, the guest's metadata, and the call's memory. Everything borrowed from
/// it (`'b`) ends with the call.
pub struct Batch<'b> {
    frames: &'b [FrameEntry],
    arena: &'b Arena,
    meta: Meta,
}

impl<'b> Batch<'b> {
    #[inline]
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
            encoding: FrameEncoding::try_from(e.encoding).ok(),
        }
    }

    /// The frames in batch order.
    pub fn frames(&self) -> impl Iterator<Item = Frame> + '_ {
        (0..self.len()).map(|i| self.frame(i))
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

    /// The memory of this call, reset after it.
    #[inline]
    pub fn arena(&self) -> &'b Arena {
        self.arena
    }

    /// The guest's metadata, as its `guest!` declared it.
    #[inline]
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The graph of model `name` (one the guest's metadata lists), valid for this call.
    #[cfg(target_arch = "wasm32")]
    pub fn graph(&self, name: &str) -> Result<crate::Graph<'b>, Error> {
        crate::Graph::load(self.arena, name)
    }
}

/// Runs `process` over the frames at `table`, then resets the arena. A call made while another
/// runs (a guest calling its own `vigil_process`) is refused as busy: its reset would free
/// memory the outer call still uses. Returns the status of `vigil_process`.
///
/// # Safety
/// `table` points to `count` frame entries (`count` 0: any value).
pub(crate) unsafe fn call<F>(
    arena: &Arena,
    in_call: &Cell<bool>,
    table: *const FrameEntry,
    count: usize,
    meta: &'static str,
    process: F,
) -> u32
where
    F: FnOnce(&Batch<'_>) -> Result<(), Error>,
{
    if count > 0 && (table.is_null() || table as usize % core::mem::align_of::<FrameEntry>() != 0) {
        return Error::InvalidArgument.code();
    }
    if in_call.replace(true) {
        return Error::Busy.code();
    }
    let frames = if count == 0 { &[] } else { core::slice::from_raw_parts(table, count) };
    // The result holds no borrow of the batch, so nothing handed out during the call is left.
    let result = process(&Batch { frames, arena, meta: Meta::new(meta) });
    arena.reset();
    in_call.set(false);
    match result {
        Ok(()) => 0,
        Err(e) => e.code(),
    }
}

/// The one arena and call flag of a wasm32 guest.
#[cfg(target_arch = "wasm32")]
struct Global {
    arena: Arena,
    in_call: Cell<bool>,
}

// A guest has one thread (guest ABI v1: no threads, no shared memory).
#[cfg(target_arch = "wasm32")]
unsafe impl Sync for Global {}

#[cfg(target_arch = "wasm32")]
static GLOBAL: Global = Global { arena: Arena::linear(), in_call: Cell::new(false) };

/// `vigil_alloc`: memory the host fills before the call (the frame table), freed after it.
#[cfg(target_arch = "wasm32")]
pub fn alloc(size: u32, align: u32) -> u32 {
    GLOBAL.arena.alloc(size as usize, align as usize) as u32
}

/// `vigil_process`.
///
/// # Safety
/// `table` points to `count` frame entries written by the host.
#[cfg(target_arch = "wasm32")]
pub unsafe fn process<F>(table: u32, count: u32, meta: &'static str, process: F) -> i32
where
    F: FnOnce(&Batch<'_>) -> Result<(), Error>,
{
    let table = table as usize as *const FrameEntry;
    call(&GLOBAL.arena, &GLOBAL.in_call, table, count as usize, meta, process) as i32
}

#[cfg(test)]
mod tests {
    use super::{call, Batch, FrameEncoding};
    use crate::abi::FrameEntry;
    use crate::arena::tests::arena;
    use crate::Error;
    use core::cell::Cell;

    const META: &str = "abi=1\nname=t\ninput.size=64x32\n";

    fn table(arena: &crate::Arena, frames: &[(u32, u32, u32)]) -> *const FrameEntry {
        let table = arena.reused::<FrameEntry>(frames.len()).unwrap();
        for (e, &(width, height, encoding)) in table.iter_mut().zip(frames) {
            *e = FrameEntry { width, height, encoding, payload_len: width * height * 3 };
        }
        table.as_ptr()
    }

    #[test]
    fn a_call_sees_its_frames_and_metadata_and_frees_its_memory_after() {
        let arena = arena(8192);
        let frames = table(&arena, &[(64, 48, 1), (32, 96, 3), (8, 8, 9)]);
        let before = arena.used();
        let status = unsafe {
            call(&arena, &Cell::new(false), frames, 3, META, |batch: &Batch| {
                assert_eq!(batch.len(), 3);
                assert_eq!(batch.max_size(), (64, 96));
                let f = batch.frame(1);
                assert_eq!((f.index, f.width, f.height), (1, 32, 96));
                assert_eq!(f.encoding, Some(FrameEncoding::Png));
                assert_eq!(batch.frame(2).encoding, None);
                assert_eq!(batch.frames().map(|f| f.index).sum::<u32>(), 3);
                assert_eq!(batch.meta().size("input.size", 32), Ok((64, 32)));
                let scratch = batch.arena().filled(100, 1u32)?;
                assert_eq!(scratch.len(), 100);
                Ok(())
            })
        };
        assert_eq!(status, 0);
        assert!(before > 0);
        assert_eq!(arena.used(), 0); // the frame table, too, lived until the call returned
    }

    #[test]
    fn a_failed_call_returns_its_code_and_frees_its_memory() {
        let arena = arena(4096);
        let status = unsafe {
            call(&arena, &Cell::new(false), core::ptr::null(), 0, META, |batch: &Batch| {
                assert!(batch.is_empty());
                batch.arena().filled(10, 0u8)?;
                Err(Error::NotFound)
            })
        };
        assert_eq!(status, 8);
        assert_eq!(arena.used(), 0);
    }

    #[test]
    fn a_call_inside_a_call_is_busy_and_leaves_the_outer_memory_alone() {
        let arena = arena(4096);
        let in_call = Cell::new(false);
        let status = unsafe {
            call(&arena, &in_call, core::ptr::null(), 0, META, |batch: &Batch| {
                let mine = batch.arena().filled(4, 5u32)?;
                let inner = call(&arena, &in_call, core::ptr::null(), 0, META, |_: &Batch| Ok(()));
                assert_eq!(inner, Error::Busy.code());
                assert!(arena.used() > 0);
                assert_eq!(mine, &[5; 4]);
                Ok(())
            })
        };
        assert_eq!(status, 0);
        assert!(!in_call.get());
    }

    #[test]
    fn a_misaligned_table_is_refused() {
        let arena = arena(4096);
        let odd = (arena.alloc(64, 4) as usize + 1) as *const FrameEntry;
        let status = unsafe { call(&arena, &Cell::new(false), odd, 1, META, |_: &Batch| Ok(())) };
        assert_eq!(status, Error::InvalidArgument.code());
    }

    #[test]
    fn frame_encodings_convert_both_ways() {
        for (code, encoding) in
            [(1, FrameEncoding::RawRgb8), (2, FrameEncoding::Jpeg), (3, FrameEncoding::Png), (4, FrameEncoding::Float32Tensor)]
        {
            assert_eq!(FrameEncoding::try_from(code), Ok(encoding));
            assert_eq!(u32::from(encoding), code);
        }
        assert_eq!(FrameEncoding::try_from(0), Err(0));
        assert_eq!(FrameEncoding::try_from(5), Err(5));
    }
}
