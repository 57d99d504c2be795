//! Export speed at conference scale: a generated programme of 500 items with
//! 3 speakers each, written as iCalendar and as c3voc schedule XML and JSON;
//! then the large demo of 5,000 sessions in a database file (what
//! `scripts/ics-vs-python.sh` exports as a whole process), each step of its
//! .ics export timed apart: opening the file, reading the programme, the
//! calendar written again (published, nothing changed since) with the file
//! saved, and without. Prints the median, the fastest and the slowest of many runs
//! (these machines are noisy: compare medians).
//!
//! Last, every attendee's own calendar in one `.zip` (what the app's
//! « Calendriers personnels » saves) for the demo's day with 10,060
//! attendees, as a draft and once published (each calendar's items
//! recorded, then written again with nothing changed).
//!
//!     cargo bench -p deroule --bench export      (SESSIONS=5000 by default)
//!     PERSONAL_ONLY=1 PERSONAL_SESSIONS=500 cargo bench -p deroule --bench export
//!         (only the personal calendars, of the day with 500 more sessions:
//!         the large event the app's IPC bench opens)

mod common;

use chrono::Utc;
use common::{measure, Bytes};
use deroule::demo::LargeDemo;
use deroule::exchange::ics::Selection;
use deroule::exchange::programme_file::{FileItem, FileLink, FileRoom, ProgrammeFile};
use deroule::exchange::ExportFormat;
use deroule::model::{Event, EventStatus, ItemKind, Speaker, SpeakerRole, Venue};
use deroule::Db;

const ITEMS: usize = 500;
const ROOMS: usize = 10;
const SPEAKERS: usize = 300;

fn programme() -> ProgrammeFile {
    let event = Event {
        series: "Rencontres professionnelles".into(),
        ..common::event(
            "Assises nationales des médiathèques et tiers-lieux",
            common::date(2025, 10, 26),
            (common::time(0, 0), common::time(23, 59)),
            EventStatus::Published,
        )
    };
    let rooms = (0..ROOMS)
        .map(|r| FileRoom {
            name: format!("Salle {}", r + 1),
            capacity: Some(40),
            accessibility: String::new(),
        })
        .collect();
    let speakers = (0..SPEAKERS)
        .map(|s| Speaker {
            id: None,
            name: format!("Intervenante n°{s}"),
            title: "Chargée de mission lecture publique".into(),
            organisation: format!("Médiathèque départementale n°{}", s % 40),
            bio: String::new(),
            email: String::new(),
            phone: String::new(),
        })
        .collect();
    let items = (0..ITEMS)
        .map(|i| {
            let slot = (i / ROOMS) as u32; // 50 slots of 25 minutes from 1h
            let start = 60 + slot * 25;
            let time = |m: u32| common::time(m / 60, m % 60);
            FileItem {
                date: None,
                start: time(start),
                end: time(start + 20),
                kind: ItemKind::RoundTable,
                title: format!("Table ronde n°{i} : quelles hybridations, nouveaux liens et nouveaux lieux ?"),
                description: "Des expériences présentées par leurs initiatrices, « sur mesure », avec des questions.".into(),
                room: Some(format!("Salle {}", i % ROOMS + 1)),
                part_label: String::new(),
                capacity: None,
                remote: false,
                pinned: false,
                speakers: (0..3)
                    .map(|k| FileLink {
                        name: format!("Intervenante n°{}", (i * 3 + k) % SPEAKERS),
                        role: SpeakerRole::Speaker,
                        topic: "Comment l’inclusion numérique change-t-elle nos lieux ?".into(),
                    })
                    .collect(),
                block: None,
            }
        })
        .collect();
    ProgrammeFile {
        event,
        venue: Venue {
            name: "Centre des congrès".into(),
            ..Venue::default()
        },
        rooms,
        speakers,
        items,
        blocks: Vec::new(),
        attendees: Vec::new(),
    }
}

fn main() {
    if std::env::var_os("PERSONAL_ONLY").is_some() {
        return personal();
    }
    let mut db = Db::open_in_memory().unwrap();
    let id = db.import_programme(&programme()).unwrap();
    assert_eq!(db.programme(id).unwrap().items.len(), ITEMS);
    measure("programme (load + warnings)", 50, || {
        format!("{} items", db.programme(id).unwrap().items.len())
    });
    measure("iCal, whole programme", 50, || {
        Bytes(
            db.export_ics(id, &Selection::All, Utc::now())
                .unwrap()
                .len(),
        )
    });
    let p = db.programme(id).unwrap();
    measure("schedule XML (c3voc)", 50, || {
        Bytes(deroule::exchange::schedule::schedule_xml(&p).len())
    });
    measure("schedule JSON (c3voc)", 50, || {
        Bytes(deroule::exchange::schedule::schedule_json(&p).len())
    });
    large();
    personal();
}

/// The .ics of the large demo (5,000 sessions), step by step, from a file.
fn large() {
    let sessions = std::env::var("SESSIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.db");
    let id = {
        let mut db = Db::open(&path).unwrap();
        db.load_large_demo(LargeDemo {
            sessions,
            attendees: 0,
        })
        .unwrap()
    };
    println!("\nthe large demo, {sessions} sessions, from a file:");
    measure("open the database", 30, || {
        Db::open(&path).unwrap();
        String::new()
    });
    let mut db = Db::open(&path).unwrap();
    measure("programme (load + warnings)", 30, || {
        format!("{} items", db.programme(id).unwrap().items.len())
    });
    let out = dir.path().join("large.ics");
    measure("iCal, whole programme, saved (as the CLI)", 30, || {
        let file = db
            .export_to(id, ExportFormat::Ics, &Selection::All, Utc::now(), |f| {
                deroule::files::write_atomic(&out, f.contents.as_bytes())
            })
            .unwrap();
        Bytes(file.contents.len())
    });
    measure("iCal, whole programme, not saved", 30, || {
        Bytes(
            db.export_ics(id, &Selection::All, Utc::now())
                .unwrap()
                .len(),
        )
    });
}

/// Every attendee's calendar in one archive: the demo's day (its common
/// items and workshops) with 10,060 attendees, in a database file.
fn personal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("attendees.db");
    let sessions = std::env::var("PERSONAL_SESSIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let runs = if sessions > 0 { 3 } else { 10 };
    let id = {
        let mut db = Db::open(&path).unwrap();
        db.load_large_demo(LargeDemo {
            sessions,
            attendees: 10_000,
        })
        .unwrap()
    };
    let mut db = Db::open(&path).unwrap();
    let attendees = db.attendees(id).unwrap().len();
    println!("\nthe demo's day, {sessions} more sessions, {attendees} attendees, from a file:");
    let zip = |db: &mut Db| {
        let archive = db.personal_calendars_zip(id, Utc::now()).unwrap();
        Bytes(archive.bytes.len())
    };
    // The demo is published: a draft first (which records nothing).
    let mut event = db.programme(id).unwrap().event;
    event.status = EventStatus::Draft;
    db.update_event(&event).unwrap();
    measure("personal calendars (.zip), draft", runs, || zip(&mut db));
    event.status = EventStatus::Published;
    db.update_event(&event).unwrap();
    // What the app holds the database for when it makes them apart: the
    // copy, then the records taken up (the first published export's, which
    // record every attendee), each time into a copy of the database as it
    // stood.
    measure("a copy of the database in memory (apart)", runs, || {
        db.apart().unwrap().unwrap();
        String::new()
    });
    let mut recorded = db.apart().unwrap().unwrap();
    zip(&mut recorded);
    let mut taking = Vec::new();
    for _ in 0..runs {
        let mut before = db.apart().unwrap().unwrap();
        let start = std::time::Instant::now();
        assert!(before.take_up(&recorded).unwrap());
        taking.push(start.elapsed());
    }
    taking.sort();
    println!(
        "{:<44} median {:>9.2} ms   min {:>9.2} ms   max {:>9.2} ms   ({runs} runs)",
        "its records taken up (first published)",
        taking[runs / 2].as_secs_f64() * 1e3,
        taking[0].as_secs_f64() * 1e3,
        taking[runs - 1].as_secs_f64() * 1e3,
    );
    zip(&mut db); // the first published export records every calendar
    measure(
        "personal calendars (.zip), published, unchanged",
        runs,
        || zip(&mut db),
    );
}
