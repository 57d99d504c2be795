//! Memory freed after a burst of work goes back to the system.
//!
//! glibc's malloc keeps what a thread freed in that thread's arena, for the
//! next allocation, and gives the middle of an arena back only when asked
//! (`malloc_trim`). Commands run on a pool of threads, and a large one
//! leaves its garbage behind: after the print preview of the large event's
//! 10,060 badges (a 1.8 MB page, the attendees read to make it) was closed
//! three times, the app process held 95 MB, 79 MB once trimmed; the events
//! list, where nothing big was freed, held the same 64 MB trimmed or not.
//!
//! So a thread looks every few seconds at malloc's arenas, and when they
//! changed since its last look (the app worked) and hold more than
//! [`WORTH_IT`] free, gives that back. An idle app costs one look every
//! [`EVERY`]; another C library, nothing. (Trimming gives the pages back
//! but leaves the chunks in malloc's lists, still counted free: how much
//! is free does not say whether it was given back already.)

use std::time::Duration;

/// How often the free memory malloc holds is looked at.
const EVERY: Duration = Duration::from_secs(5);
/// Free memory malloc holds past which it is given back.
const WORTH_IT: usize = 8 << 20;

/// Starts the thread that gives freed memory back (where malloc is
/// glibc's).
pub fn start() {
    if malloc_trim::heap().is_none() {
        return;
    }
    let spawned = std::thread::Builder::new().name("memory".into()).spawn(|| {
        let mut trimmer = Trimmer::default();
        loop {
            std::thread::sleep(EVERY);
            trimmer.look(WORTH_IT);
        }
    });
    if let Err(e) = spawned {
        eprintln!("deroule: memory is not given back: {e}");
    }
}

/// Gives back what malloc holds free after the app worked.
#[derive(Default)]
struct Trimmer {
    /// The arenas at the last look.
    last: Option<malloc_trim::Heap>,
}

impl Trimmer {
    /// Trims when the arenas changed since the last look and hold more
    /// than `over` octets free; whether it did.
    fn look(&mut self, over: usize) -> bool {
        let now = malloc_trim::heap();
        let worked = now != self.last;
        self.last = now;
        if !worked || now.is_none_or(|heap| heap.free <= over) {
            return false;
        }
        malloc_trim::trim();
        // Trimming allocates nothing: the next look sees the same arenas
        // unless the app worked meanwhile.
        self.last = malloc_trim::heap();
        true
    }
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    use super::*;

    /// The resident memory of this process, in octets.
    fn resident() -> usize {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
        let pages: usize = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
        pages * 4096
    }

    #[test]
    fn memory_a_thread_freed_goes_back_to_the_system() {
        // A burst of work on another thread: 64 MB in blocks of 64 KB
        // (under malloc's mmap threshold, so kept in its arena), written,
        // then freed but the last, which keeps the arena from shrinking by
        // its top alone.
        let kept = std::thread::spawn(|| {
            let mut blocks: Vec<Vec<u8>> = (0..1024).map(|_| vec![1u8; 64 << 10]).collect();
            blocks.split_off(1023)
        })
        .join()
        .unwrap();
        let before = (malloc_trim::heap().unwrap().free, resident());
        assert!(before.0 > 32 << 20, "{} octets held free", before.0);
        let mut trimmer = Trimmer::default();
        assert!(trimmer.look(WORTH_IT));
        // Given back already, and nothing allocated since: not again.
        assert!(!trimmer.look(WORTH_IT));
        let after = resident();
        assert!(
            after + (32 << 20) < before.1,
            "resident {} -> {} octets",
            before.1,
            after
        );
        drop(kept);
    }
}
