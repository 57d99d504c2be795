//! What each fuzz target does with one input, shared by cargo-fuzz's
//! targets (`fuzz_targets/`) and the stable test that replays the corpus
//! and every crash file (`tests/integration/fuzz_corpus.rs`), so both run
//! exactly the same code.
//!
//! Each reader gets the bytes as a user's file would reach it, on an event
//! of the demo: whatever the input, it must answer (a report or an error
//! naming the problem) without panicking, and a refused file must leave
//! the database as it was.

use deroule::exchange::programme_file::ProgrammeFile;
use deroule::exchange::ImportFormat;
use deroule::Db;

/// A fresh database with the demo's programme; its event's id.
fn demo() -> (Db, i64) {
    let mut db = Db::open_in_memory().expect("an in-memory database");
    let event = db
        .import_programme(&deroule::demo::programme_file())
        .expect("the demo");
    (db, event)
}

/// Every row of the programme, to check that a refusal changed nothing.
fn snapshot(db: &Db, event: i64) -> String {
    format!("{:?}", db.programme(event).map(|p| (p.rooms, p.items)))
}

thread_local! {
    /// The demo's database, made once per thread: each import is undone
    /// after it, so every input meets the same programme (made afresh for
    /// each, it held the fuzzer to about 25 inputs a second).
    static DEMO: std::cell::RefCell<Option<(Db, i64)>> = const { std::cell::RefCell::new(None) };
}

fn import_text(data: &[u8], format: ImportFormat) {
    // The app reads files as UTF-8 (with or without a BOM); anything else
    // is refused before a reader sees it.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    DEMO.with(|demo_db| {
        let mut demo_db = demo_db.borrow_mut();
        let (db, event) = demo_db.get_or_insert_with(demo);
        let event = *event;
        let before = snapshot(db, event);
        let depth = db.undo_depth();
        match db.import(event, format, text) {
            Err(_) => assert_eq!(
                snapshot(db, event),
                before,
                "a refused import changed the programme"
            ),
            // An import is one change, undone whole.
            Ok(_) if db.undo_depth() > depth => {
                reads_what_it_writes(db, event);
                db.undo().expect("an import is undone");
                assert_eq!(snapshot(db, event), before, "an undone import left a trace");
            }
            Ok(_) => assert_eq!(
                snapshot(db, event),
                before,
                "an import that recorded no change changed the programme"
            ),
        }
    });
}

/// What an import left, written as a schedule (XML and JSON), reads back:
/// the JSON is written exactly as its value (pretty, keys in order), and
/// each file imports into the event it came from. Each import it makes is
/// undone.
fn reads_what_it_writes(db: &mut Db, event: i64) {
    use deroule::exchange::schedule::{schedule_json, schedule_xml};
    let p = db.programme(event).expect("the programme");
    let json = schedule_json(&p);
    let value: serde_json::Value = serde_json::from_str(&json).expect("the JSON written reads");
    assert_eq!(
        json,
        serde_json::to_string_pretty(&value).expect("a value writes") + "\n",
        "the JSON is not written as its value"
    );
    for (format, text) in [
        (ImportFormat::ScheduleJson, json),
        (ImportFormat::ScheduleXml, schedule_xml(&p)),
    ] {
        let depth = db.undo_depth();
        if let Err(e) = db.import(event, format, &text) {
            panic!("{format:?} written from the import cannot be read back: {e:?}\n{text}");
        }
        if db.undo_depth() > depth {
            db.undo().expect("an import is undone");
        }
    }
}

/// An iCalendar file imported into an event.
pub fn ics(data: &[u8]) {
    import_text(data, ImportFormat::Ics);
}

/// A frab/c3voc schedule.xml imported into an event.
pub fn schedule_xml(data: &[u8]) {
    import_text(data, ImportFormat::ScheduleXml);
}

/// Its JSON form, schedule.json, imported into an event.
pub fn schedule_json(data: &[u8]) {
    import_text(data, ImportFormat::ScheduleJson);
}

/// An attendee list previewed, then imported.
pub fn csv(data: &[u8]) {
    let (mut db, event) = demo();
    let _ = db.preview_attendees_csv(event, data, None);
    let before = db.attendees(event).map(|a| a.len());
    if db.import_attendees_csv(event, data, None).is_err() {
        assert_eq!(
            db.attendees(event).map(|a| a.len()),
            before,
            "a refused list changed the attendees"
        );
    }
}

/// A programme file (the demo's and the fixtures' format) read, then
/// written into a new database.
pub fn programme_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(file) = ProgrammeFile::parse(text) {
        let mut db = Db::open_in_memory().expect("an in-memory database");
        if db.import_programme(&file).is_err() {
            assert!(
                db.list_events().expect("events").is_empty(),
                "a refused file left an event"
            );
        }
    }
}

/// A target's name (the folder of its corpus and crash files) and what it
/// does with one input.
pub type Target = (&'static str, fn(&[u8]));

/// The targets by name.
pub const TARGETS: [Target; 5] = [
    ("ics", ics),
    ("schedule_xml", schedule_xml),
    ("schedule_json", schedule_json),
    ("csv", csv),
    ("programme_file", programme_file),
];
