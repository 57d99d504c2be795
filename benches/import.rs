//! Import speed at congress scale: a generated schedule.xml of 500 and
//! 5,000 events (a speaker of its own for each, as a large congress has),
//! and an attendee CSV of 1,000 and 10,000 rows, each imported into a fresh
//! event of a database in memory (on these shared machines a file's fsyncs
//! make the timings noisy; the quadratic costs were in the CPU). Prints the median, the fastest and the slowest
//! of several runs, and how the median grows with ten times the input (×10
//! is linear, ×100 quadratic).
//!
//!     cargo bench -p deroule --bench import

mod common;

use common::{measure, ratio};
use deroule::exchange::ImportFormat;
use deroule::model::EventStatus;
use deroule::Db;
use std::fmt::Write;

const ROOMS: usize = 50;

/// A schedule.xml of `events` events in 50 rooms, 25-minute slots from 1h,
/// each with a person of its own and one shared with nine others.
fn schedule(events: usize) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n  <version>1</version>\n  \
         <conference><title>Congrès</title><acronym>congres</acronym></conference>\n  \
         <day index=\"1\" date=\"2025-11-20\" start=\"2025-11-20T01:00:00+01:00\" end=\"2025-11-20T23:59:00+01:00\">\n",
    );
    let per_room = events.div_ceil(ROOMS);
    for r in 0..ROOMS {
        writeln!(xml, "    <room name=\"Salle {}\">", r + 1).unwrap();
        for k in 0..per_room {
            let i = r * per_room + k;
            if i >= events {
                break;
            }
            let minutes = 60 + (k as u32 % 55) * 25;
            writeln!(
                xml,
                "      <event id=\"{i}\" guid=\"{:08x}-0000-4000-8000-{:012x}\">\n        \
                 <date>2025-11-20T{:02}:{:02}:00+01:00</date>\n        <duration>00:20</duration>\n        \
                 <room>Salle {}</room>\n        <title>Exposé n°{i} : des lieux et des liens</title>\n        \
                 <type>lecture</type>\n        <abstract>Des expériences présentées par leurs initiatrices.</abstract>\n        \
                 <persons><person id=\"{}\">Intervenante n°{i}</person><person>Animatrice n°{}</person></persons>\n      </event>",
                i,
                i,
                minutes / 60,
                minutes % 60,
                r + 1,
                100_000 + i,
                i / 10,
            )
            .unwrap();
        }
        xml.push_str("    </room>\n");
    }
    xml.push_str("  </day>\n</schedule>\n");
    xml
}

/// An attendee list of `rows` rows as a registration platform exports it.
fn attendees(rows: usize) -> Vec<u8> {
    let mut csv = String::from("Nom;Prénom;E-mail;Société;Fonction;Date de commande\n");
    for i in 0..rows {
        writeln!(
            csv,
            "Participante{i};Camille;camille.participante{i}@exemple.fr;Médiathèque n°{};Médiatrice;14/11/2025 09:{:02}",
            i % 300,
            i % 60
        )
        .unwrap();
    }
    csv.into_bytes()
}

fn main() {
    let event = common::event(
        "Congrès",
        common::date(2025, 11, 20),
        (common::time(0, 0), common::time(23, 59)),
        EventStatus::Draft,
    );
    let mut timings = Vec::new();
    for (events, runs) in [(500, 7), (5_000, 3)] {
        let xml = schedule(events);
        timings.push(measure(
            &format!("schedule.xml, {events} events"),
            runs,
            || {
                let mut db = Db::open_in_memory().unwrap();
                let id = db.create_event(&event).unwrap().id.unwrap();
                let report = db.import(id, ImportFormat::ScheduleXml, &xml).unwrap();
                assert_eq!(report.items_created as usize, events);
                format!("{} items", report.items_created)
            },
        ));
    }
    ratio("schedule.xml, ×10 events", &timings[1], &timings[0]);
    let mut timings = Vec::new();
    for (rows, runs) in [(1_000, 7), (10_000, 3)] {
        let csv = attendees(rows);
        timings.push(measure(
            &format!("attendees CSV, {rows} rows"),
            runs,
            || {
                let mut db = Db::open_in_memory().unwrap();
                let id = db.create_event(&event).unwrap().id.unwrap();
                let report = db.import_attendees_csv(id, &csv, None).unwrap();
                assert_eq!(report.created as usize, rows);
                format!("{} attendees", report.created)
            },
        ));
    }
    ratio("attendees CSV, ×10 rows", &timings[1], &timings[0]);
}
