//! The fuzz targets' corpus and every crash file they found, replayed on
//! stable with the same code as the targets (`fuzz/targets.rs`): no reader
//! may panic on any of them, and a refused file changes nothing.

#[path = "../../fuzz/targets.rs"]
mod targets;

use std::path::Path;

/// The files of `fuzz/KIND/TARGET/`, sorted; none when the folder is absent.
fn files(kind: &str, target: &str) -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target);
    let mut files: Vec<_> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    };
    files.retain(|p| p.is_file());
    files.sort();
    files
}

#[test]
fn every_corpus_and_crash_file_is_read_without_a_panic() {
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (target, run) in targets::TARGETS {
        let corpus = files("corpus", target);
        assert!(
            corpus.len() >= 3,
            "fuzz/corpus/{target} holds {} files",
            corpus.len()
        );
        for path in corpus.iter().chain(&files("artifacts", target)) {
            let bytes = std::fs::read(path).unwrap();
            replayed += 1;
            if let Err(panic) = std::panic::catch_unwind(|| run(&bytes)) {
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failures.push(format!("{target}: {}: {what}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(replayed >= 12);
}
