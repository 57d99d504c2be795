//! Export speed at conference scale: a generated programme of 500 items with
//! 3 speakers each, written as iCalendar and as c3voc schedule XML and JSON. Prints the median, the fastest and
//! the slowest of many runs (these machines are noisy: compare medians).
//!
//!     cargo bench -p deroule --bench export

use chrono::{NaiveTime, Utc};
use deroule::exchange::ics::Selection;
use deroule::exchange::programme_file::{FileItem, FileLink, FileRoom, ProgrammeFile};
use deroule::model::{Event, EventStatus, ItemKind, Practical, Speaker, SpeakerRole, Venue};
use deroule::Db;
use std::time::{Duration, Instant};

const ITEMS: usize = 500;
const ROOMS: usize = 10;
const SPEAKERS: usize = 300;

fn programme() -> ProgrammeFile {
    let event = Event {
        id: None,
        title: "Assises nationales des médiathèques et tiers-lieux".into(),
        series: "Rencontres professionnelles".into(),
        date: chrono::NaiveDate::from_ymd_opt(2025, 10, 26).unwrap(),
        day_start: NaiveTime::from_hms_opt(0, 0, 0).unwrap(),
        day_end: NaiveTime::from_hms_opt(23, 59, 0).unwrap(),
        time_zone: "Europe/Paris".into(),
        language: "fr".into(),
        description: String::new(),
        audience: String::new(),
        practical: Practical::default(),
        organisers: vec![],
        partners: vec![],
        status: EventStatus::Published,
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
            let time = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap();
            FileItem {
                start: time(start),
                end: time(start + 20),
                kind: ItemKind::RoundTable,
                title: format!("Table ronde n°{i} : quelles hybridations, nouveaux liens et nouveaux lieux ?"),
                description: "Des expériences présentées par leurs initiatrices, « sur mesure », avec des questions.".into(),
                room: Some(format!("Salle {}", i % ROOMS + 1)),
                part_label: String::new(),
                capacity: None,
                remote: false,
                speakers: (0..3)
                    .map(|k| FileLink {
                        name: format!("Intervenante n°{}", (i * 3 + k) % SPEAKERS),
                        role: SpeakerRole::Speaker,
                        topic: "Comment l’inclusion numérique change-t-elle nos lieux ?".into(),
                    })
                    .collect(),
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
    }
}

fn measure(name: &str, runs: usize, mut f: impl FnMut() -> usize) {
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let t = Instant::now();
        size = std::hint::black_box(f());
        times.push(t.elapsed());
    }
    times.sort();
    println!(
        "{name:<28} median {:>8.2} ms   min {:>8.2} ms   max {:>8.2} ms   ({runs} runs, {} kB)",
        times[runs / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[runs - 1].as_secs_f64() * 1e3,
        size / 1024
    );
}

fn main() {
    let mut db = Db::open_in_memory().unwrap();
    let id = db.import_programme(&programme()).unwrap();
    assert_eq!(db.programme(id).unwrap().items.len(), ITEMS);
    measure("programme (load + warnings)", 50, || {
        db.programme(id).unwrap().items.len()
    });
    measure("iCal, whole programme", 50, || {
        db.export_ics(id, &Selection::All, Utc::now())
            .unwrap()
            .len()
    });
    let p = db.programme(id).unwrap();
    measure("schedule XML (c3voc)", 50, || {
        deroule::exchange::schedule::schedule_xml(&p).len()
    });
    measure("schedule JSON (c3voc)", 50, || {
        deroule::exchange::schedule::schedule_json(&p)
            .to_string()
            .len()
    });
}
