//! What the benches share: timing a closure (untimed warm-up, then the
//! median, the fastest and the slowest of many runs), comparing two
//! timings, and the fixtures they start from.
//!
//! Each bench includes it with `mod common;`. These machines are noisy:
//! compare medians.

// Each bench uses only part of it.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveTime};
use deroule::model::{Event, EventStatus, Id, Practical};
use deroule::Db;
use std::time::{Duration, Instant};

/// Untimed runs before the timed ones: the first run pays for cold caches
/// and first allocations, which a median of few runs would not absorb.
const WARM_UP: usize = 1;

/// The timed runs of one measure.
pub struct Timing {
    /// Shortest first.
    sorted: Vec<Duration>,
}

impl Timing {
    pub fn median(&self) -> Duration {
        self.sorted[self.sorted.len() / 2]
    }

    pub fn min(&self) -> Duration {
        self.sorted[0]
    }

    pub fn max(&self) -> Duration {
        self.sorted[self.sorted.len() - 1]
    }
}

/// What a run produced, printed after its timings (and kept from being
/// optimised away).
pub trait Outcome {
    fn describe(&self) -> String;
}

/// The size of what a run wrote, in bytes; printed in kB.
pub struct Bytes(pub usize);

impl Outcome for Bytes {
    fn describe(&self) -> String {
        format!("{} kB", self.0 / 1024)
    }
}

/// A few words on what a run did ("served 1000 seats 2000").
impl Outcome for String {
    fn describe(&self) -> String {
        self.clone()
    }
}

/// Runs `f` once untimed, then `runs` times timed, and prints one line:
/// `name`, the median, the fastest and the slowest run, and the last
/// run's outcome.
pub fn measure<T: Outcome>(name: &str, runs: usize, mut f: impl FnMut() -> T) -> Timing {
    assert!(runs > 0, "{name}: no runs to time");
    for _ in 0..WARM_UP {
        std::hint::black_box(f());
    }
    let mut sorted = Vec::with_capacity(runs);
    let mut outcome = None;
    for _ in 0..runs {
        let start = Instant::now();
        let produced = std::hint::black_box(f());
        sorted.push(start.elapsed());
        outcome = Some(produced);
    }
    sorted.sort();
    let timing = Timing { sorted };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{name:<44} median {:>9.2} ms   min {:>9.2} ms   max {:>9.2} ms   ({runs} runs) {}",
        ms(timing.median()),
        ms(timing.min()),
        ms(timing.max()),
        outcome.map(|o| o.describe()).unwrap_or_default(),
    );
    timing
}

/// Prints how many times `slow`'s median is `fast`'s: how a cost grows
/// with the size of its input.
pub fn ratio(name: &str, slow: &Timing, fast: &Timing) {
    println!(
        "{name:<44} ×{:.1} (medians)",
        slow.median().as_secs_f64() / fast.median().as_secs_f64()
    );
}

/// A database in memory with the demo loaded, and the demo event's id.
pub fn demo() -> (Db, Id) {
    let mut db = Db::open_in_memory().unwrap();
    let event = db.load_demo().unwrap();
    (db, event)
}

/// A database file in a temporary directory, removed with the directory:
/// for what costs differ on disk (the journal, `synchronous`).
pub fn file_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("bench.db")).unwrap();
    (dir, db)
}

pub fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

pub fn time(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap()
}

/// A one-day event in Paris, in French, with nothing but its title, date,
/// hours and status (set the rest with `..event(…)`).
pub fn event(
    title: &str,
    date: NaiveDate,
    hours: (NaiveTime, NaiveTime),
    status: EventStatus,
) -> Event {
    Event {
        id: None,
        title: title.into(),
        series: String::new(),
        date,
        day_start: hours.0,
        day_end: hours.1,
        time_zone: "Europe/Paris".into(),
        language: "fr".into(),
        description: String::new(),
        audience: String::new(),
        practical: Practical::default(),
        organisers: vec![],
        partners: vec![],
        status,
    }
}
