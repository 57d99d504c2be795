//! The demo at conference scale, for measuring the app as a large event
//! uses it: the demo, plus 500 sessions of 15 minutes in 10 more rooms
//! (08:00 to 23:00), and 10,000 more attendees (10,060 in all), imported
//! through the CSV importer as an organiser would. Deterministic: the same
//! names, e-mails and times on every run. `deroule demo --large`; other
//! sizes with `--sessions`, `--attendees` (the .ics bench: 5,000 sessions).

use super::{populate, programme_file};
use crate::db::Db;
use crate::error::Result;
use crate::exchange::programme_file::{write_programme, FileItem, FileLink, FileRoom};
use crate::model::{Id, ItemKind, Speaker, SpeakerRole};
use chrono::NaiveTime;

/// How much the large demo adds to the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LargeDemo {
    /// Sessions of 15 minutes, every 18 minutes from 08:00 in each room.
    pub sessions: usize,
    /// Attendees added to the demo's 60.
    pub attendees: usize,
}

impl Default for LargeDemo {
    /// 500 sessions (in 10 rooms), 10,000 attendees.
    fn default() -> LargeDemo {
        LargeDemo {
            sessions: 500,
            attendees: 10_000,
        }
    }
}

/// Sessions one room holds between 08:00 and 23:00.
const PER_ROOM: usize = 50;

const SPEAKERS: usize = 250;

const FIRST: [&str; 24] = [
    "Élodie",
    "Camille",
    "Léa",
    "Hugo",
    "Inès",
    "Jérôme",
    "Gaëlle",
    "Noé",
    "Zoé",
    "Anaïs",
    "Étienne",
    "Chloé",
    "Loïc",
    "Maël",
    "Sébastien",
    "Hélène",
    "Océane",
    "Rémi",
    "Aurélie",
    "Benoît",
    "Clémence",
    "François",
    "Mathéo",
    "Solène",
];

const LAST: [&str; 31] = [
    "Carré",
    "Martin",
    "Lefèvre",
    "Dubois",
    "Girard",
    "Mercier",
    "Bézier",
    "Roux",
    "Fournier",
    "Morel",
    "Faure",
    "André",
    "Boyer",
    "Chevalier",
    "Ménard",
    "Lambert",
    "Bonnet",
    "François",
    "Légaré",
    "Gauthier",
    "Perrin",
    "Robin",
    "Clément",
    "Garnier",
    "Moreau",
    "Nguyen",
    "Diallo",
    "Benali",
    "Colin",
    "Vidal",
    "Brunet",
];

const ORGANISATIONS: [&str; 12] = [
    "Médiathèque de Bron",
    "Ville de Villeurbanne",
    "Centre social Peyri",
    "Métropole de Lyon",
    "Fablab de Saint-Fons",
    "Département du Rhône",
    "Tiers-lieu La Myne",
    "Région Auvergne-Rhône-Alpes",
    "Bibliothèque municipale de Lyon",
    "Espace public numérique de Vénissieux",
    "Hub numérique Auvergne-Rhône-Alpes",
    "Université Lumière Lyon 2",
];

const CATEGORIES: [&str; 6] = [
    "Bibliothécaire",
    "Médiateur·rice numérique",
    "Chargé·e de mission",
    "Fabmanager",
    "Élu·e",
    "Étudiant·e",
];

impl Db {
    /// Writes the large demo as a new event and returns its id: the demo's
    /// programme with `size.sessions` more sessions in one more room per 50
    /// sessions, its sign-ups, and `size.attendees` more attendees. Two
    /// undoable steps (the programme, the attendees' import).
    pub fn load_large_demo(&mut self, size: LargeDemo) -> Result<Id> {
        let rooms = size.sessions.div_ceil(PER_ROOM);
        let mut file = programme_file();
        file.event.title = format!("{} (grand format)", file.event.title);
        file.event.day_start = hm(8, 0);
        file.event.day_end = hm(23, 0);
        file.rooms.extend((0..rooms).map(|r| FileRoom {
            name: room_name(r),
            capacity: Some(60),
            accessibility: String::new(),
        }));
        file.speakers.extend((0..SPEAKERS).map(|s| Speaker {
            id: None,
            name: person(s + 7),
            title: "Intervenant·e".into(),
            organisation: ORGANISATIONS[s % ORGANISATIONS.len()].into(),
            bio: String::new(),
            email: String::new(),
            phone: String::new(),
        }));
        file.items
            .extend((0..size.sessions).map(|n| session(n, rooms)));
        let id = self.change("demo.load", |tx| {
            let id = write_programme(tx, &file)?;
            populate(tx, id)?;
            Ok(id)
        })?;
        if size.attendees > 0 {
            self.import_attendees_csv(id, attendees_csv(size.attendees).as_bytes(), None)?;
        }
        Ok(id)
    }
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("a valid time")
}

fn room_name(r: usize) -> String {
    format!("Salle {}", r + 101)
}

/// "Élodie Carré" and on: first and last names paired so that they repeat
/// as rarely as 24 × 31 allows.
fn person(n: usize) -> String {
    format!(
        "{} {}",
        FIRST[n % FIRST.len()],
        LAST[(n / FIRST.len() + n) % LAST.len()]
    )
}

/// Session `n` of `rooms`: room `n % rooms`, the `n / rooms`th slot of
/// 18 minutes from 08:00.
fn session(n: usize, rooms: usize) -> FileItem {
    let room = n % rooms;
    let slot = (n / rooms) as u32;
    let start = 8 * 60 + slot * 18;
    let end = start + 15;
    let speakers = (0..1 + n % 2)
        .map(|k| FileLink {
            name: person((n * 3 + k) % SPEAKERS + 7),
            role: SpeakerRole::Speaker,
            topic: String::new(),
        })
        .collect();
    FileItem {
        date: None,
        start: hm(start / 60, start % 60),
        end: hm(end / 60, end % 60),
        kind: if n % 5 == 0 {
            ItemKind::RoundTable
        } else {
            ItemKind::Pitches
        },
        title: format!("Session {} : retours d'expérience n°{}", n + 1, slot + 1),
        description: "Une présentation courte suivie de questions.".into(),
        room: Some(room_name(room)),
        part_label: String::new(),
        capacity: None,
        remote: false,
        pinned: false,
        speakers,
        block: None,
    }
}

/// The attendees as a CSV file, as a ticketing site would give them.
fn attendees_csv(count: usize) -> String {
    let mut out = String::from("Nom;E-mail;Organisation;Catégorie\n");
    for n in 0..count {
        let name = person(n);
        let email = format!("{}.{n}@exemple.org", crate::words::slug(&name));
        out.push_str(&format!(
            "{name};{email};{};{}\n",
            ORGANISATIONS[n % ORGANISATIONS.len()],
            CATEGORIES[n % CATEGORIES.len()]
        ));
    }
    out
}
