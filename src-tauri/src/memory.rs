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
    /// than `over` octets free.
    fn look(&mut self, over: usize) {
        if self.worth_it(malloc_trim::heap(), over) {
            malloc_trim::trim();
            // Trimming allocates nothing: the next look sees the same
            // arenas unless the app worked meanwhile.
            self.last = malloc_trim::heap();
        }
    }

    /// Whether to trim arenas that are `now`, and remembers them.
    fn worth_it(&mut self, now: Option<malloc_trim::Heap>, over: usize) -> bool {
        let worked = now != self.last;
        self.last = now;
        worked && now.is_some_and(|heap| heap.free > over)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use malloc_trim::Heap;

    fn heap(in_use: usize, free: usize) -> Option<Heap> {
        Some(Heap { in_use, free })
    }

    #[test]
    fn trims_after_work_that_left_enough_free_and_not_while_idle() {
        let mut t = Trimmer::default();
        let mb = 1 << 20;
        // Work left 40 MB free: trimmed.
        assert!(t.worth_it(heap(60 * mb, 40 * mb), WORTH_IT));
        // Nothing done since (trimming leaves the chunks counted free).
        assert!(!t.worth_it(heap(60 * mb, 40 * mb), WORTH_IT));
        // Work again: the same free memory holds pages touched again.
        assert!(t.worth_it(heap(61 * mb, 39 * mb), WORTH_IT));
        // Work that left little free: not worth a trim.
        assert!(!t.worth_it(heap(95 * mb, 5 * mb), WORTH_IT));
        // Not glibc: never.
        assert!(!t.worth_it(None, WORTH_IT));
    }
}
