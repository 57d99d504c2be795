//! Memory a thread freed goes back to the system when trimmed. A test
//! binary of its own: one process, one test, so that nothing else
//! allocates meanwhile.

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn memory_a_thread_freed_goes_back_to_the_system_when_trimmed() {
    /// The resident memory of this process, in octets.
    fn resident() -> usize {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
        let pages: usize = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
        pages * 4096
    }
    // A burst of work on another thread: 64 MB in blocks of 64 KB (under
    // malloc's mmap threshold, so kept in its arena), written, then freed
    // but the last, which keeps the arena from shrinking by its top alone.
    let kept = std::thread::spawn(|| {
        let mut blocks: Vec<Vec<u8>> = (0..1024).map(|_| vec![1u8; 64 << 10]).collect();
        blocks.split_off(1023)
    })
    .join()
    .unwrap();
    let heap = malloc_trim::heap().expect("glibc's malloc");
    assert!(heap.free > 48 << 20, "{heap:?}");
    let before = resident();
    assert!(malloc_trim::trim());
    let after = resident();
    assert!(
        after + (48 << 20) < before,
        "resident {before} -> {after} octets"
    );
    // The chunks stay in malloc's lists, still counted free.
    assert!(malloc_trim::heap().unwrap().free > 48 << 20);
    drop(kept);
}
