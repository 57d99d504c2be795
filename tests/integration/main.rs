//! The core's integration tests: one binary, data-driven where it can be.
//! Fixtures are real-looking programmes (tests/fixtures, and the demo);
//! expected outputs are snapshots (tests/integration/snapshots).

mod allocation;
mod attendees_csv;
mod clock;
mod errors;
mod ics_export;
mod ics_import;
mod layers;
mod migrations;
mod personal;
mod personal_calendars;
mod print;
mod programmes;
mod publish;
mod schedule;
mod sheets;
mod signups;
mod undo;
mod validation;
mod versions;
mod words;

use deroule::Db;

/// Every row of every table, as text, for comparing whole databases.
pub fn dump(db: &Db) -> String {
    let conn = db.conn();
    let mut out = String::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in tables {
        out.push_str(&format!("# {table}\n"));
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
            .unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n)
                .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                .collect();
            out.push_str(&cells.join(" | "));
            out.push('\n');
        }
    }
    out
}

/// A fresh in-memory database holding the demo programme; returns its id.
pub fn demo_db() -> (Db, i64) {
    let mut db = Db::open_in_memory().unwrap();
    let id = db.load_demo().unwrap();
    (db, id)
}

/// A fresh in-memory database holding the demo's programme only: no
/// choice block, attendees nor sign-ups. Returns the event's id.
pub fn bare_demo_db() -> (Db, i64) {
    let mut db = Db::open_in_memory().unwrap();
    let id = db
        .import_programme(&deroule::demo::programme_file())
        .unwrap();
    (db, id)
}

/// A Python with the given PyPI packages, for checking our files with
/// independent implementations (icalendar, jsonschema). Uses
/// `DEROULE_TEST_PYTHON` when set (a Python of your own), else makes a
/// virtual environment under target/ once and installs into it. Never skipped: a missing
/// Python is a failure.
pub fn python(packages: &[&str]) -> std::path::PathBuf {
    use std::process::Command;
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let python = match std::env::var_os("DEROULE_TEST_PYTHON") {
        Some(p) => std::path::PathBuf::from(p),
        None => {
            let venv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/test-venv");
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
