//! A bump allocator over linear memory, reset after each batch: a guest's memory grows to what
//! its largest batch needs and then stays flat.

use core::arch::wasm32;

extern "C" {
    static __heap_base: u8;
}

const PAGE: usize = 65536;
static mut TOP: usize = 0;
static mut HIGH_WATER: usize = 0;

fn base() -> usize {
    unsafe { &__heap_base as *const u8 as usize }
}

/// `size` bytes aligned to `align` (a power of two, at least 1), or null when linear memory
/// cannot grow further (the host's page limit).
pub fn alloc(size: u32, align: u32) -> *mut u8 {
    unsafe {
        if TOP == 0 {
            TOP = base();
        }
        let align = if align == 0 { 1 } else { align as usize };
        let start = (TOP + align - 1) & !(align - 1);
        let end = match start.checked_add(size as usize) {
            Some(end) => end,
            None => return core::ptr::null_mut(),
        };
        let have = wasm32::memory_size(0) * PAGE;
        if end > have {
            let pages = (end - have + PAGE - 1) / PAGE;
            if wasm32::memory_grow(0, pages) == usize::MAX {
                return core::ptr::null_mut();
            }
        }
        TOP = end;
        if end > HIGH_WATER {
            HIGH_WATER = end;
        }
        start as *mut u8
    }
}

/// A slice of `len` values, each set to `value`, living until the next [`reset`].
pub fn slice<T: Copy>(len: usize, value: T) -> Result<&'static mut [T], crate::Error> {
    let bytes = len
        .checked_mul(core::mem::size_of::<T>())
        .ok_or(crate::Error::TOO_LARGE)?;
    let ptr = alloc(bytes as u32, 64.max(core::mem::align_of::<T>()) as u32) as *mut T;
    if ptr.is_null() {
        return Err(crate::Error::OUT_OF_MEMORY);
    }
    unsafe {
        for i in 0..len {
            ptr.add(i).write(value);
        }
        Ok(core::slice::from_raw_parts_mut(ptr, len))
    }
}

/// A slice of `len` values holding whatever the arena held before: for buffers the host fills
/// completely (tensor slots written by `letterbox`), where setting every element first would cost
/// a pass over the tensor in Wasm (about 1.5 ms for a 640x640 frame in Chicory).
pub fn slice_stale<T: Copy>(len: usize) -> Result<&'static mut [T], crate::Error> {
    let bytes = len
        .checked_mul(core::mem::size_of::<T>())
        .ok_or(crate::Error::TOO_LARGE)?;
    let ptr = alloc(bytes as u32, 64.max(core::mem::align_of::<T>()) as u32) as *mut T;
    if ptr.is_null() {
        return Err(crate::Error::OUT_OF_MEMORY);
    }
    // Linear memory is always initialised (zero or earlier batches), so any f32/u8 is valid.
    unsafe { Ok(core::slice::from_raw_parts_mut(ptr, len)) }
}

/// Frees everything allocated since the last reset.
pub fn reset() {
    unsafe { TOP = base() }
}

/// The highest address ever handed out: a guest's memory need.
pub fn high_water() -> usize {
    unsafe { HIGH_WATER }
}
