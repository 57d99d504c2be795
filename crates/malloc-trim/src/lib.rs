//! What glibc's malloc holds free, and giving it back to the system.
//!
//! glibc keeps what a thread freed in that thread's arena for the next
//! allocation, and gives the middle of an arena back only when asked
//! (`malloc_trim`). Two calls into glibc, each behind a safe function; on
//! another C library they do nothing. The workspace forbids `unsafe`
//! elsewhere (see also `highs-interrupt`).

/// What malloc's arenas hold, in octets, over every arena (not the
/// blocks it maps apart, which go back to the system when freed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heap {
    /// Allocated and not freed.
    pub in_use: usize,
    /// Freed and kept (in the arenas' lists and at their tops).
    pub free: usize,
}

/// What malloc's arenas hold now; `None` where malloc is not glibc's.
pub fn heap() -> Option<Heap> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 takes no argument and only reads malloc's own
        // counters, under malloc's locks; callable from any thread.
        let info = unsafe { libc::mallinfo2() };
        Some(Heap {
            in_use: info.uordblks,
            free: info.fordblks,
        })
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    None
}

/// Gives the free memory of every arena back to the system (the pages of
/// free chunks; the chunks stay in malloc's lists, still counted free by
/// [`heap`]); whether any was given back.
pub fn trim() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: malloc_trim takes a size to keep at the top of the heap
        // (none here) and takes malloc's locks itself; callable from any
        // thread at any time.
        (unsafe { libc::malloc_trim(0) }) == 1
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    false
}
