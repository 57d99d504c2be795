//! A Python with the packages tests check our output with, or that serve
//! what they talk to (a CalDAV server, an SMTP sink).

/// The workspace's root: the nearest folder above this crate with a
/// Cargo.lock (the core's tests and the end-to-end crate share it).
pub fn workspace_root() -> std::path::PathBuf {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .find(|d| d.join("Cargo.lock").is_file())
        .unwrap_or(here)
        .to_owned()
}

/// A Python with the given PyPI packages, for checking our files with
/// independent implementations (icalendar, jsonschema). Uses
/// `DEROULE_TEST_PYTHON` when set (a Python of your own), else makes a
/// virtual environment under the workspace's target/ once and installs into it. Never skipped: a missing
/// Python is a failure.
pub fn python(packages: &[&str]) -> std::path::PathBuf {
    use std::process::Command;
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let python = match std::env::var_os("DEROULE_TEST_PYTHON") {
        Some(p) => std::path::PathBuf::from(p),
        None => {
            let venv = workspace_root().join("target/test-venv");
            let python = venv.join("bin/python3");
            if !python.exists() {
                let status = Command::new("python3")
                    .args(["-m", "venv"])
                    .arg(&venv)
                    .status();
                assert!(
                    matches!(status, Ok(s) if s.success()),
                    "cannot create a Python virtual environment at {} (install python3-venv)",
                    venv.display()
                );
            }
            python
        }
    };
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            !Command::new(&python)
                .args([
                    "-c",
                    // "radicale==3.9.0" is imported as "radicale".
                    &format!("import {}", p.split("==").next().unwrap().replace('-', "_")),
                ])
                // A package not there yet is what this asks, not an error
                // for the test's log.
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .map(|s| s.success())
                .unwrap_or(false)
        })
        .collect();
    if !missing.is_empty() {
        let status = Command::new(&python)
            .args(["-m", "pip", "install", "--quiet"])
            .args(&missing)
            .status()
            .expect("pip runs");
        assert!(
            status.success(),
            "cannot install {missing:?} with {}",
            python.display()
        );
    }
    python
}

/// Runs `script` with `python` and `args`; its standard output. A script
/// that fails fails the test with what it wrote on standard error.
pub fn run_script<S: AsRef<std::ffi::OsStr>>(
    python: &std::path::Path,
    script: &str,
    args: &[S],
) -> String {
    let out = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
    assert!(
        out.status.success(),
        "the Python script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}
