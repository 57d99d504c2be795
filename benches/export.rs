//! Export speed at conference scale: a generated programme of 500 items with
//! 3 speakers each, written as iCalendar and as c3voc schedule XML and JSON.
//! Prints the median, the fastest and the slowest of many runs (these
//! machines are noisy: compare medians).
//!
//!     cargo bench -p deroule --bench export

mod common;

use chrono::Utc;
use common::{measure, Bytes};
use deroule::exchange::ics::Selection;
use deroule::exchange::programme_file::{FileItem, FileLink, FileRoom, ProgrammeFile};
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
        Bytes(
            deroule::exchange::schedule::schedule_json(&p)
                .to_string()
                .len(),
        )
    });
}
