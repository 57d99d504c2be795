//! Printing speed: the demo day with 500 attendees more than its own 60,
//! each confirmed for a workshop at 14h and another at 15h. Renders the 560
//! personal schedules (one HTML page of 560 sheets, from one read of the
//! programme) and the other documents; the large event's badges and
//! sign-in sheets (10,060 attendees), and the badges without their fonts'
//! `data:` copies (`with_installed_fonts`, the app's); then finds the parts of the preview
//! of a batch of the large event's schedules (39 days of 506 lines, each
//! cut in pieces: `Sheets::of`, which `open_print` runs) and serves a piece
//! (`Sheets::part`, the `deroule-print:` scheme's work). Prints the median,
//! the fastest and the slowest of many runs (these machines are noisy:
//! compare medians).
//!
//!     cargo bench -p deroule --bench print
//!
//! Writes the schedules to `deroule-print-bench-schedules.html` in the
//! temporary directory, to time Chromium's PDF of them by hand:
//!
//!     chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
//!       --user-data-dir=/tmp/chromium-bench --print-to-pdf=/tmp/schedules.pdf \
//!       file:///tmp/deroule-print-bench-schedules.html

mod common;

use common::{measure, Bytes};
use deroule::model::{Attendee, Id};
use deroule::print::{Document, PrintOptions, Sheets};
use deroule::Db;

const ATTENDEES: usize = 500;

/// The demo with its workshops as one choice block, and `ATTENDEES` more
/// attendees.
fn event() -> (Db, Id) {
    let (mut db, event) = common::demo();
    let conn = db.conn();
    conn.execute(
        "INSERT INTO choice_blocks (event_id, name, max_choices) VALUES (?1, 'Ateliers', 2)",
        [event],
    )
    .unwrap();
    let block = conn.last_insert_rowid();
    for n in 1..=4 {
        conn.execute("INSERT INTO workshops (block_id) VALUES (?1)", [block])
            .unwrap();
        let w = conn.last_insert_rowid();
        conn.execute(
            "UPDATE items SET workshop_id = ?1 WHERE event_id = ?2 AND title LIKE ?3",
            rusqlite::params![w, event, format!("Atelier {n} %")],
        )
        .unwrap();
    }
    let workshops: Vec<Id> = db
        .programme(event)
        .unwrap()
        .items
        .iter()
        .filter(|i| i.workshop_id.is_some())
        .filter_map(|i| i.id)
        .collect();
    assert_eq!(workshops.len(), 8);
    for n in 0..ATTENDEES {
        let a = db
            .save_attendee(&Attendee {
                id: None,
                event_id: event,
                name: format!("Participante n°{n:03}"),
                email: String::new(),
                organisation: format!("Médiathèque départementale n°{}", n % 40),
                category: "Bibliothécaire".into(),
                notes: String::new(),
                registered_at: None,
            })
            .unwrap()
            .id
            .unwrap();
        // Items come by start time: four at 14h, then four at 15h.
        for (k, item) in [workshops[n % 4], workshops[4 + (n + 1) % 4]]
            .into_iter()
            .enumerate()
        {
            db.conn()
                .execute(
                    "INSERT INTO signups (item_id, attendee_id, status, requested_at, updated_at, seq, source) \
                     VALUES (?1, ?2, 'confirmed', '2025-06-01T09:00:00Z', '2025-06-01T09:00:00Z', ?3, 'manual')",
                    rusqlite::params![item, a, (n * 2 + k) as i64],
                )
                .unwrap();
        }
    }
    (db, event)
}

fn main() {
    let (db, event) = event();
    let print = |document| {
        db.print(event, document, &PrintOptions::default())
            .unwrap()
            .html
    };
    // The demo's own attendees come on top of the bench's.
    let attendees = db.attendees(event).unwrap().len();
    assert!(attendees > ATTENDEES);
    let schedules = print(Document::Schedules);
    assert_eq!(
        schedules.matches("<section class=\"sheet\">").count(),
        attendees
    );
    let out = std::env::temp_dir().join("deroule-print-bench-schedules.html");
    std::fs::write(&out, &schedules).unwrap();
    println!("{attendees} schedules written to {}", out.display());
    measure(&format!("{attendees} personal schedules"), 30, || {
        Bytes(print(Document::Schedules).len())
    });
    measure("programme", 30, || Bytes(print(Document::Programme).len()));
    measure("sign-in sheets (day + 8 items)", 30, || {
        Bytes(print(Document::Signin).len())
    });
    measure(
        &format!("badges ({attendees} attendees, the speakers)"),
        30,
        || Bytes(print(Document::Badges).len()),
    );

    // The large event's documents of everyone: 10,060 attendees' badges
    // and sign-in sheets (`open_print`'s work in the app).
    let mut large = Db::open_in_memory().unwrap();
    let event = large
        .load_large_demo(deroule::demo::LargeDemo::default())
        .unwrap();
    let everyone = large.attendees(event).unwrap().len();
    let print_large = |document| {
        large
            .print(event, document, &PrintOptions::default())
            .unwrap()
            .html
    };
    measure(&format!("large event: badges ({everyone})"), 30, || {
        Bytes(print_large(Document::Badges).len())
    });
    measure(
        &format!("large event: sign-in sheets ({everyone})"),
        30,
        || Bytes(print_large(Document::Signin).len()),
    );
    let badges = print_large(Document::Badges);
    // What the app adds where the print fonts are installed.
    // (Timed with the copy of the document each run starts from.)
    measure("large event: badges without the fonts' copies", 30, || {
        Bytes(deroule::print::with_installed_fonts(badges.clone()).len())
    });
    measure("large event: badges' parts (Sheets::of)", 30, || {
        format!("{} parts", Sheets::of(&badges).parts().len())
    });

    // The app's preview of the large event's schedules: its first batch.
    let batch: Vec<Id> = large.attendees(event).unwrap()[..39]
        .iter()
        .filter_map(|a| a.id)
        .collect();
    let html = large
        .print(
            event,
            Document::Schedules,
            &PrintOptions {
                attendee_ids: batch,
                ..PrintOptions::default()
            },
        )
        .unwrap()
        .html;
    println!(
        "39 schedules of 506 lines: {} parts",
        Sheets::of(&html).parts().len()
    );
    measure("their preview's parts (Sheets::of)", 30, || {
        format!("{} parts", Sheets::of(&html).parts().len())
    });
    let sheets = Sheets::of(&html);
    measure("a piece of the last day served (Sheets::part)", 30, || {
        Bytes(sheets.part(&html, sheets.parts().len() - 1).unwrap().len())
    });
}
