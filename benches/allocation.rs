//! The allocation by preference against PuLP + CBC, measured in the same
//! run on the same instances: every class of block
//! (`solver::instances::Class`) at 150, 1,000 and 5,000 attendees. Prints
//! each timing, then a Markdown table (our median, CBC's median, the
//! ratio, and whether both reached the same optimum, tier by tier) for
//! docs/allocation-benchmarks.md.
//!
//!     cargo bench -p deroule --bench allocation
//!
//! CBC is run through benches/cbc.py with the Python of
//! `DEROULE_TEST_PYTHON`, else the tests' virtual environment
//! (target/test-venv, made by the core tests), else `python3`; it needs
//! `pulp`. `ALLOCATION_BENCH_SIZES=150,1000` limits the sizes;
//! `CBC_TIME_LIMIT` (seconds, default 900) bounds CBC on one instance.
//! `ALLOCATION_BENCH_ONLY=fairness` measures only the rows whose label holds
//! that text; `ALLOCATION_BENCH_KEEP=DIR` keeps each instance there as a
//! JSON file that `deroule allocate --problem FILE` reads.
//!
//! Besides the classes, one row re-allocates the 2-round class after late
//! registrations with every fairness option on (seats held from a first
//! allocation, one attendee in four of a priority category, at most 2 of
//! one organisation per session): five tiers for both solvers.

mod common;

use common::measure;
use deroule::signups::allocation::solver::instances::{self, Class};
use deroule::signups::allocation::solver::{allocate, Allocation, Problem, Score};
use std::path::PathBuf;
use std::process::Command;

fn python() -> PathBuf {
    if let Some(p) = std::env::var_os("DEROULE_TEST_PYTHON") {
        return p.into();
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-venv/bin/python3");
    if venv.exists() {
        venv
    } else {
        "python3".into()
    }
}

struct Row {
    name: String,
    attendees: usize,
    workshops: usize,
    ours: f64,
    score: Score,
    optimal: bool,
    file: PathBuf,
}

fn main() {
    let sizes: Vec<usize> = std::env::var("ALLOCATION_BENCH_SIZES")
        .unwrap_or_else(|_| "150,1000,5000".into())
        .split(',')
        .map(|s| s.trim().parse().expect("sizes are numbers"))
        .collect();
    let only = std::env::var("ALLOCATION_BENCH_ONLY").unwrap_or_default();
    let temp = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("ALLOCATION_BENCH_KEEP")
        .map_or_else(|| temp.path().to_owned(), PathBuf::from);
    std::fs::create_dir_all(&dir).unwrap();
    let mut rows = Vec::new();
    let instances = Class::ALL
        .into_iter()
        .map(|class| (class.name().to_owned(), class))
        .map(|(name, class)| {
            (
                name,
                Box::new(move |n| class.instance(n, 12)) as Box<dyn Fn(usize) -> Problem>,
            )
        })
        .chain(std::iter::once((
            "2 rounds, re-run with every fairness option".to_owned(),
            Box::new(|n| instances::with_every_option(n).unwrap().0)
                as Box<dyn Fn(usize) -> Problem>,
        )));
    for (label, make) in instances.filter(|(label, _)| label.contains(&only)) {
        for &n in &sizes {
            let problem = make(n);
            let file = dir.join(format!("{}-{n}.json", rows.len()));
            std::fs::write(&file, serde_json::to_string(&problem).unwrap()).unwrap();
            let runs = if n >= 5000 { 3 } else { 5 };
            let mut last: Option<Allocation> = None;
            let name = format!("{label} × {n}");
            let timing = measure(&name, runs, || {
                let a = allocate(&problem).unwrap();
                let out = format!(
                    "served {} seats {} {:?}{}",
                    a.score.served,
                    a.score.seats,
                    a.method,
                    if a.optimal { "" } else { " NOT OPTIMAL" }
                );
                last = Some(a);
                out
            });
            let last = last.unwrap();
            rows.push(Row {
                name: label.clone(),
                attendees: n,
                workshops: problem.workshops.len(),
                ours: timing.median().as_secs_f64(),
                score: last.score,
                optimal: last.optimal,
                file,
            });
        }
    }
    println!("\nPuLP + CBC on the same instances (benches/cbc.py):");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/cbc.py");
    let mut table = String::from(
        "| Class | Attendees × workshops | Ours (median) | PuLP + CBC (median) | CBC / ours | Same optimum |\n\
         |---|---|---|---|---|---|\n",
    );
    for row in &rows {
        let runs = if row.attendees >= 5000 { "1" } else { "3" };
        let out = Command::new(python())
            .arg(&script)
            .arg(runs)
            .arg(&row.file)
            .output()
            .expect("python runs");
        assert!(
            out.status.success(),
            "cbc.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let line: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("cbc.py prints JSON");
        let ours = [
            row.score.priority as u64,
            row.score.served as u64,
            row.score.seats as u64,
            row.score.kept as u64,
            row.score.satisfaction,
        ];
        let name = format!("{} × {}", row.name, row.attendees);
        // CBC stopped at its time limit: no median, no optimum to compare.
        let Some(cbc) = line["median"].as_f64() else {
            let limit = line["limit"].as_f64().unwrap_or(f64::NAN);
            println!("{name:<44} CBC not finished in {limit} s (ours {ours:?})");
            table.push_str(&format!(
                "| {} | {} × {} | {} | > {} | > ×{:.0} | CBC unproven |\n",
                row.name,
                row.attendees,
                row.workshops,
                seconds(row.ours),
                seconds(limit),
                limit / row.ours,
            ));
            continue;
        };
        let optima: Vec<u64> = serde_json::from_value(line["optima"].clone()).unwrap();
        let same = optima == ours && row.optimal;
        println!(
            "{name:<44} CBC median {:>9.2} ms  optima {optima:?} (ours {ours:?})",
            cbc * 1e3
        );
        table.push_str(&format!(
            "| {} | {} × {} | {} | {} | ×{:.1} | {} |\n",
            row.name,
            row.attendees,
            row.workshops,
            seconds(row.ours),
            seconds(cbc),
            cbc / row.ours,
            if same { "yes" } else { "NO" }
        ));
    }
    println!("\n{table}");
}

fn seconds(s: f64) -> String {
    if s < 1.0 {
        format!("{:.0} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}
