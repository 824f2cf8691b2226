//! A bump allocator over linear memory, reset after each batch: a guest's memory grows to what
//! its largest batch needs and then stays flat.
//!
//! Safety rests on two rules. Every slice the arena hands out borrows it (`&'b Arena` gives
//! `&'b mut [T]`), and the only reset is the entry point's, after `process` has returned, when
//! no borrow of the batch is left. And the arena holds only [`Pod`] values, so every byte of its
//! memory is initialised: linear memory always is, the host writes bytes, and Pod values have no
//! padding. That is what makes [`Arena::reused`] (memory as the last batch left it) sound.

use crate::Error;
use core::cell::Cell;

/// A type for which every bit pattern is a valid value and which has no padding bytes, so a view
/// of memory that held anything else is still a valid value of it.
///
/// # Safety
/// Implement it only for such types: integers, floats, and `#[repr(C)]` structs or arrays of
/// them without padding.
pub unsafe trait Pod: Copy {}

unsafe impl Pod for u8 {}
unsafe impl Pod for u16 {}
unsafe impl Pod for u32 {}
unsafe impl Pod for u64 {}
unsafe impl Pod for i8 {}
unsafe impl Pod for i16 {}
unsafe impl Pod for i32 {}
unsafe impl Pod for i64 {}
unsafe impl Pod for f32 {}
unsafe impl Pod for f64 {}
unsafe impl<T: Pod, const N: usize> Pod for [T; N] {}

/// Slices start on a cache line: tensors the host's vector kernels write.
const SLICE_ALIGN: usize = 64;

/// The memory of one call. A guest reaches it through [`crate::Batch::arena`].
pub struct Arena {
    /// The first address it hands out; 0 until the first allocation on wasm32 (`__heap_base`).
    base: Cell<usize>,
    top: Cell<usize>,
    /// Addresses at or above it are not the arena's (off wasm32: the end of its buffer).
    limit: usize,
}

impl Arena {
    /// The arena over linear memory above the data and stack, growing it as needed.
    #[cfg(target_arch = "wasm32")]
    pub(crate) const fn linear() -> Arena {
        Arena { base: Cell::new(0), top: Cell::new(0), limit: usize::MAX }
    }

    /// An arena over a fixed buffer, for tests on the host target.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn over(buffer: &'static mut [u8]) -> Arena {
        let base = buffer.as_mut_ptr() as usize;
        Arena { base: Cell::new(base), top: Cell::new(base), limit: base + buffer.len() }
    }

    /// `size` bytes aligned to `align` (a power of two), or null when memory cannot grow further
    /// (the host's page limit). Write only [`Pod`] values through it.
    pub fn alloc(&self, size: usize, align: usize) -> *mut u8 {
        let align = align.max(1);
        if !align.is_power_of_two() {
            return core::ptr::null_mut();
        }
        let top = match self.top.get() {
            0 => self.first_address(),
            top => top,
        };
        let start = match top.checked_add(align - 1) {
            Some(v) => v & !(align - 1),
            None => return core::ptr::null_mut(),
        };
        let end = match start.checked_add(size) {
            Some(end) if end <= self.limit && self.have(end) => end,
            _ => return core::ptr::null_mut(),
        };
        self.top.set(end);
        start as *mut u8
    }

    /// `len` values, each set to `value`, for the rest of the batch.
    pub fn filled<T: Pod>(&self, len: usize, value: T) -> Result<&mut [T], Error> {
        let slice = self.reused(len)?;
        for v in slice.iter_mut() {
            *v = value;
        }
        Ok(slice)
    }

    /// `len` values holding whatever bytes the arena held before (valid values: `T` is [`Pod`]),
    /// for buffers written before they are read (tensor slots the host fills): setting every
    /// element first costs a pass in Wasm (about 1.5 ms for a 640x640 frame in Chicory).
    pub fn reused<T: Pod>(&self, len: usize) -> Result<&mut [T], Error> {
        let bytes = len.checked_mul(core::mem::size_of::<T>()).ok_or(Error::TooLarge)?;
        let ptr = self.alloc(bytes, SLICE_ALIGN.max(core::mem::align_of::<T>())) as *mut T;
        if ptr.is_null() {
            return Err(Error::MissingMemory);
        }
        // Safety: fresh (the top moved past it), aligned, initialised memory (module docs),
        // borrowed for as long as the arena is.
        Ok(unsafe { core::slice::from_raw_parts_mut(ptr, len) })
    }

    /// Frees everything allocated since the last reset.
    ///
    /// # Safety
    /// No slice or pointer the arena handed out may be used afterwards: only the entry point
    /// calls it, once `process` has returned.
    pub(crate) unsafe fn reset(&self) {
        self.top.set(self.first_address());
    }

    /// Bytes handed out since the last reset.
    #[cfg(test)]
    pub(crate) fn used(&self) -> usize {
        self.top.get() - self.base.get()
    }

    #[cfg(target_arch = "wasm32")]
    fn first_address(&self) -> usize {
        extern "C" {
            static __heap_base: u8;
        }
        if self.base.get() == 0 {
            self.base.set(unsafe { &__heap_base as *const u8 as usize });
        }
        self.base.get()
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn first_address(&self) -> usize {
        self.base.get()
    }

    /// Whether memory reaches `end`, growing linear memory if it must.
    #[cfg(target_arch = "wasm32")]
    fn have(&self, end: usize) -> bool {
        use core::arch::wasm32;
        const PAGE: usize = 65536;
        let have = wasm32::memory_size(0) * PAGE;
        end <= have || wasm32::memory_grow(0, (end - have + PAGE - 1) / PAGE) != usize::MAX
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn have(&self, _end: usize) -> bool {
        true // the buffer is all there is: `limit`
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::Arena;
    use crate::Error;

    /// An arena over a fresh zeroed buffer of `bytes`.
    pub(crate) fn arena(bytes: usize) -> Arena {
        Arena::over(Box::leak(vec![0u8; bytes].into_boxed_slice()))
    }

    #[test]
    fn slices_are_aligned_disjoint_and_filled() {
        let arena = arena(4096);
        let a = arena.filled(3, 7u32).unwrap();
        let b = arena.filled(5, 1.5f32).unwrap();
        assert_eq!(a, &[7, 7, 7]);
        assert_eq!(b, &[1.5; 5]);
        assert_eq!(a.as_ptr() as usize % 64, 0);
        assert_eq!(b.as_ptr() as usize % 64, 0);
        assert!(b.as_ptr() as usize >= a.as_ptr() as usize + 12);
        a[0] = 9;
        assert_eq!(b, &[1.5; 5]);
    }

    #[test]
    fn reused_memory_shows_what_the_last_batch_left() {
        let arena = arena(4096);
        arena.filled(4, 0xABu8).unwrap();
        unsafe { arena.reset() };
        assert_eq!(arena.used(), 0);
        assert_eq!(arena.reused::<u8>(4).unwrap(), &[0xAB; 4]);
    }

    #[test]
    fn raw_allocations_align_to_any_power_of_two() {
        let arena = arena(4096);
        let a = arena.alloc(3, 1) as usize;
        let b = arena.alloc(16, 8) as usize;
        assert_eq!(b % 8, 0);
        assert!(b >= a + 3);
        assert_eq!(arena.alloc(1, 0) as usize, b + 16); // align 0 is 1
        assert!(arena.alloc(1, 3).is_null());
    }

    #[test]
    fn full_arena_is_missing_memory_and_keeps_its_top() {
        let arena = arena(256);
        arena.reused::<u8>(100).unwrap();
        let used = arena.used();
        assert_eq!(arena.reused::<u8>(200).unwrap_err(), Error::MissingMemory);
        assert!(arena.alloc(usize::MAX, 1).is_null());
        assert_eq!(arena.used(), used);
    }

    #[test]
    fn oversized_lengths_are_too_large() {
        let arena = arena(256);
        assert_eq!(arena.reused::<u32>(usize::MAX / 2).unwrap_err(), Error::TooLarge);
    }
}
