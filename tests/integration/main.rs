//! The core's integration tests: one binary, data-driven where it can be.
//! Fixtures are real-looking programmes (tests/fixtures, and the demo);
//! expected outputs are snapshots (tests/integration/snapshots).

#[path = "../support/mod.rs"]
mod support;

mod allocation;
mod allocation_cli;
mod allocation_fairness;
mod allocation_mip;
mod atomic;
mod attendees_csv;
mod backup;
mod choices_csv;
mod clock;
mod errors;
mod event_files;
mod facts;
mod fuzz_corpus;
mod ics_export;
mod ics_import;
mod layers;
mod migrations;
mod model;
mod notify;
mod parts;
mod personal;
mod personal_calendars;
mod print;
mod processes;
mod programmes;
mod publish;
mod real_world;
mod recurrence;
mod running;
mod schedule;
mod sheets;
mod signups;
mod undo;
mod validation;
mod versions;
mod web;
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

/// An attendee of `event` with only a name, not saved yet (other fields by
/// `..new_attendee(event, name)`).
pub fn new_attendee(event: i64, name: &str) -> deroule::model::Attendee {
    deroule::model::Attendee {
        id: None,
        event_id: event,
        name: name.into(),
        email: String::new(),
        organisation: String::new(),
        category: String::new(),
        notes: String::new(),
        registered_at: None,
    }
}

/// Saves a new attendee; returns their id.
pub fn save_new(db: &mut Db, attendee: &deroule::model::Attendee) -> i64 {
    db.save_attendee(attendee).unwrap().id.unwrap()
}

/// A new attendee of `event` with only a name; returns their id.
pub fn add_attendee(db: &mut Db, event: i64, name: &str) -> i64 {
    save_new(db, &new_attendee(event, name))
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

pub use support::python::python;

/// The editor's copy of a programme, brought up to date with what a change
/// told (as `ui/src/lib/update.ts` does).
pub fn updated(
    before: &deroule::model::Programme,
    update: &deroule::programme::update::ProgrammeUpdate,
) -> deroule::model::Programme {
    let mut by_id: std::collections::HashMap<_, _> =
        before.items.iter().map(|i| (i.id, i)).collect();
    by_id.extend(update.items.iter().map(|i| (i.id, i)));
    deroule::model::Programme {
        event: update.event.clone(),
        venue: update.venue.clone(),
        rooms: update.rooms.clone(),
        items: update
            .order
            .iter()
            .map(|id| (*by_id.get(&Some(*id)).expect("every item in order is known")).clone())
            .collect(),
        parts: update.parts.clone(),
        speakers: update.speakers.clone(),
        warnings: update.warnings.clone(),
    }
}
