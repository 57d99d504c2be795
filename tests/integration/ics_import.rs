//! iCalendar import. Data-driven: every file of tests/fixtures/ics (exports
//! of Google Calendar, Outlook, Thunderbird, Déroulé, and a hand-made file
//! with floating times) is imported into an event of its day and compared
//! with its snapshot; Python's `icalendar` reads the same files
//! independently. Malformed files are a table of cases, each with the line
//! its error must name.

use crate::{demo_db, dump, python};
use chrono::{NaiveDate, NaiveTime};
use deroule::exchange::ics::read::{time_zone, WINDOWS_ZONES};
use deroule::exchange::programme_file::ProgrammeFile;
use deroule::model::{
    Event, EventStatus, IcsImportSummary, Item, ItemKind, ItemSpeaker, Practical, Programme,
    SkipReason, SpeakerRole, Venue,
};
use deroule::{Db, ErrorCode};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ics")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures_dir().join(name)).unwrap()
}

/// A new event with no programme on `date`, in `zone`, at `venue` (none
/// when empty). Returns its id.
fn new_event(db: &mut Db, date: &str, zone: &str, venue: &str) -> i64 {
    let event = db
        .create_event(&Event {
            id: None,
            title: "Journée professionnelle".into(),
            series: String::new(),
            date: date.parse().unwrap(),
            day_start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            day_end: NaiveTime::from_hms_opt(17, 30, 0).unwrap(),
            time_zone: zone.into(),
            language: "fr".into(),
            description: String::new(),
            audience: String::new(),
            practical: Practical::default(),
            organisers: Vec::new(),
            partners: Vec::new(),
            status: EventStatus::Draft,
        })
        .unwrap();
    let id = event.id.unwrap();
    if !venue.is_empty() {
        db.save_venue(
            id,
            &Venue {
                name: venue.into(),
                ..Venue::default()
            },
        )
        .unwrap();
    }
    id
}

/// One fixture: the event it is imported into and what must come of it.
struct Case {
    file: &'static str,
    date: &'static str,
    zone: &'static str,
    venue: &'static str,
    created: i64,
    rooms_created: i64,
    skipped: &'static [SkipReason],
}

const CASES: &[Case] = &[
    Case {
        file: "deroule-nec-vaulx-2022.ics",
        date: "2022-12-09",
        zone: "Europe/Paris",
        venue: "L’Atelier « Léonard de Vinci », médiathèque-maison de quartier",
        created: 4,
        rooms_created: 1,
        skipped: &[SkipReason::Cancelled],
    },
    Case {
        file: "floating-tiers-lieux-auvergne-2016.ics",
        date: "2016-11-17",
        zone: "Europe/Paris",
        venue: "La Cocotte Numérique",
        created: 6,
        rooms_created: 2,
        skipped: &[],
    },
    Case {
        file: "google-nec-vaulx-2025.ics",
        date: "2025-12-09",
        zone: "Europe/Paris",
        venue: "L’Atelier « Léonard de Vinci »",
        created: 6,
        rooms_created: 3,
        skipped: &[
            SkipReason::AllDay,
            SkipReason::EndsAfterMidnight,
            SkipReason::OutsideEventDate,
        ],
    },
    Case {
        file: "outlook-montreal-2025.ics",
        date: "2025-06-12",
        zone: "America/Montreal",
        venue: "Grande Bibliothèque",
        created: 5,
        rooms_created: 3,
        skipped: &[SkipReason::OutsideEventDate],
    },
    Case {
        file: "outlook-referents-loire-2025.ics",
        date: "2025-07-01",
        zone: "Europe/Paris",
        venue: "Médiathèque départementale de la Loire",
        created: 7,
        rooms_created: 5,
        skipped: &[SkipReason::Cancelled],
    },
    // Recurring meetings of a médiathèque, the event's day being one of
    // their occurrences: rules, RDATE, EXDATE, a moved occurrence, a rule
    // on UTC's clock (see recur.rs). Python's recurring_ical_events gives
    // the same six occurrences for the day.
    Case {
        file: "thunderbird-recurring-bourg-2025.ics",
        date: "2025-07-08",
        zone: "Europe/Paris",
        venue: "Médiathèque Jean-Macé",
        created: 6,
        rooms_created: 5,
        skipped: &[
            SkipReason::NotThisDay,
            SkipReason::NotThisDay,
            SkipReason::NotThisDay,
        ],
    },
    Case {
        file: "thunderbird-tiers-lieux-lozere-2022.ics",
        date: "2022-04-21",
        zone: "Europe/Paris",
        venue: "POLeN",
        created: 7,
        rooms_created: 4,
        skipped: &[SkipReason::OutsideEventDate],
    },
];

fn case(file: &str) -> &'static Case {
    CASES.iter().find(|c| c.file == file).unwrap()
}

/// Imports a fixture into a new event of its case; returns the database,
/// the event's id and what the import said.
fn import_case(c: &Case) -> (Db, i64, IcsImportSummary) {
    let mut db = Db::open_in_memory().unwrap();
    let id = new_event(&mut db, c.date, c.zone, c.venue);
    let summary = db
        .import_ics(id, &fixture(c.file))
        .unwrap_or_else(|e| panic!("{}: {e:?}", c.file));
    (db, id, summary)
}

/// The programme as the snapshots show it. A UID the file does not hold
/// (made by the store for a VEVENT without one) is shown as such, since it
/// is random.
fn report(p: &Programme, s: &IcsImportSummary, file: &str) -> String {
    let unfolded = ["\r\n ", "\r\n\t", "\n ", "\n\t"]
        .iter()
        .fold(file.to_owned(), |text, fold| text.replace(fold, ""));
    let rooms: HashMap<i64, &str> = p
        .rooms
        .iter()
        .map(|r| (r.id.unwrap(), r.name.as_str()))
        .collect();
    let mut out = format!(
        "created {}, updated {}, unchanged {}, deleted {}, rooms created {}\n",
        s.items_created, s.items_updated, s.items_unchanged, s.items_deleted, s.rooms_created
    );
    for k in &s.skipped {
        out.push_str(&format!(
            "skipped line {}: {:?} {:?} ({})\n",
            k.line, k.reason, k.title, k.uid
        ));
    }
    out.push_str(&format!(
        "rooms: {}\n",
        p.rooms
            .iter()
            .map(|r| r.name.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    ));
    for i in &p.items {
        out.push_str(&format!(
            "\n{}–{} {} [{}] {}\n  uid {}\n",
            i.starts_at.format("%Y-%m-%d %H:%M"),
            i.ends_at.format("%H:%M"),
            i.kind.as_str(),
            i.room_id.map_or("-", |r| rooms[&r]),
            i.title,
            if unfolded.contains(&format!("UID:{}", i.uid)) {
                i.uid.as_str()
            } else {
                "(made on import)"
            }
        ));
        for line in i.description.lines() {
            out.push_str(&format!("  | {line}\n"));
        }
    }
    out
}

/// Every fixture imports into an event of its day as its snapshot says,
/// with the counts of its case; a new fixture without a case fails.
#[test]
fn fixtures() {
    let mut files: Vec<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".ics"))
        .collect();
    files.sort();
    let cases: Vec<&str> = CASES.iter().map(|c| c.file).collect();
    assert_eq!(files, cases, "every fixture has a case, and only those");
    for c in CASES {
        let (db, id, summary) = import_case(c);
        let p = db.programme(id).unwrap();
        assert_eq!(summary.items_created, c.created, "{}", c.file);
        assert_eq!(p.items.len() as i64, c.created, "{}", c.file);
        assert_eq!(summary.rooms_created, c.rooms_created, "{}", c.file);
        assert_eq!(p.rooms.len() as i64, c.rooms_created, "{}", c.file);
        assert_eq!(
            (
                summary.items_updated,
                summary.items_unchanged,
                summary.items_deleted
            ),
            (0, 0, 0),
            "{}",
            c.file
        );
        let reasons: Vec<SkipReason> = summary.skipped.iter().map(|s| s.reason).collect();
        assert_eq!(reasons, c.skipped, "{}", c.file);
        let day = NaiveDate::parse_from_str(c.date, "%Y-%m-%d").unwrap();
        assert!(
            p.items.iter().all(|i| i.starts_at.date() == day),
            "{}",
            c.file
        );
        let name = c.file.trim_end_matches(".ics");
        insta::assert_snapshot!(
            format!("ics_{name}"),
            report(&p, &summary, &fixture(c.file))
        );
    }
}

fn item<'a>(p: &'a Programme, title: &str) -> &'a Item {
    p.items
        .iter()
        .find(|i| i.title == title)
        .unwrap_or_else(|| panic!("no item {title:?}"))
}

fn hours(i: &Item) -> String {
    format!(
        "{}–{}",
        i.starts_at.format("%H:%M"),
        i.ends_at.format("%H:%M")
    )
}

/// The name of the room item `i` is in; none for the whole venue.
pub(crate) fn room_of<'a>(p: &'a Programme, i: &Item) -> Option<&'a str> {
    i.room_id.map(|r| {
        p.rooms
            .iter()
            .find(|x| x.id == Some(r))
            .unwrap()
            .name
            .as_str()
    })
}

/// Google writes UTC: 08:30Z on a December day is 9h30 in Paris (UTC+1), and
/// 21:30Z–23:30Z ends after the Paris midnight, so it is not of the day.
#[test]
fn utc_times_are_read_in_the_event_zone() {
    let (db, id, summary) = import_case(case("google-nec-vaulx-2025.ics"));
    let p = db.programme(id).unwrap();
    assert_eq!(
        hours(item(&p, "Introduction de la journée en plénière")),
        "09:30–10:00"
    );
    assert_eq!(
        hours(item(&p, "Accueil café et inscription dans les ateliers")),
        "09:00–09:30"
    );
    assert_eq!(hours(item(&p, "Pot de clôture")), "16:30–17:00");
    let left_out: Vec<(&str, SkipReason, String)> = summary
        .skipped
        .iter()
        .filter(|s| s.reason != SkipReason::AllDay)
        .map(|s| (s.title.as_str(), s.reason, s.date.unwrap().to_string()))
        .collect();
    assert_eq!(
        left_out,
        [
            (
                "Démontage et rangement",
                SkipReason::EndsAfterMidnight,
                "2025-12-09".to_owned()
            ),
            (
                "Réunion bilan du comité d'organisation",
                SkipReason::OutsideEventDate,
                "2025-12-10".to_owned()
            ),
        ]
    );
}

/// An event in Montréal: Outlook's "Eastern Standard Time" is its own
/// rules, "Romance Standard Time" is Paris six hours ahead in June, UTC is
/// four hours ahead; 05:00 in Paris is still the day before in Montréal.
#[test]
fn montreal_event_converts_windows_zones_and_utc() {
    let (db, id, summary) = import_case(case("outlook-montreal-2025.ics"));
    let p = db.programme(id).unwrap();
    assert_eq!(hours(item(&p, "Mot de bienvenue")), "09:00–09:30");
    assert_eq!(
        hours(item(
            &p,
            "Conférence à distance depuis Lyon : les tiers-lieux en médiathèque"
        )),
        "09:30–10:30"
    );
    assert_eq!(
        hours(item(
            &p,
            "Table ronde : bibliothèques et tiers-lieux, regards croisés"
        )),
        "11:00–12:30"
    );
    assert_eq!(summary.skipped.len(), 1);
    assert_eq!(
        summary.skipped[0].title,
        "Appel de coordination avec la délégation française"
    );
    assert_eq!(summary.skipped[0].reason, SkipReason::OutsideEventDate);
}

/// Floating times are wall-clock times of the event's own zone: the same
/// file gives the same hours in Paris and in Montréal. DURATION gives the
/// end, and without DTEND nor DURATION an item lasts an hour.
#[test]
fn floating_times_are_the_event_zone() {
    let text = fixture("floating-tiers-lieux-auvergne-2016.ics");
    let mut seen = Vec::new();
    for zone in ["Europe/Paris", "America/Montreal"] {
        let mut db = Db::open_in_memory().unwrap();
        let id = new_event(&mut db, "2016-11-17", zone, "");
        db.import_ics(id, &text).unwrap();
        let p = db.programme(id).unwrap();
        let times: Vec<String> = p
            .items
            .iter()
            .map(|i| format!("{} {}", hours(i), i.title))
            .collect();
        assert_eq!(
            hours(item(
                &p,
                "Table ronde : des espaces hybrides, facteurs d'attractivité"
            )),
            "10:00–11:30",
            "DURATION:PT1H30M"
        );
        assert_eq!(
            hours(item(
                &p,
                "Présentation du projet de Fablab du pays de Murat"
            )),
            "11:30–12:30",
            "no DTEND"
        );
        seen.push(times);
    }
    assert_eq!(seen[0], seen[1]);
}

/// Folded lines are joined (a fold may fall before a space, inside a word,
/// inside an escape, or use a tab), then the text is unescaped.
#[test]
fn descriptions_are_unfolded_and_unescaped() {
    let (db, id, _) = import_case(case("outlook-referents-loire-2025.ics"));
    let p = db.programme(id).unwrap();
    assert_eq!(
        item(&p, "Introduction").description,
        "Introduction de la journée par Sophie Marchand, directrice de la Médiathèque \
         départementale de la Loire, et Éric Dubreuil, chargé de mission à \
         Auvergne-Rhône-Alpes Livre et Lecture.\n\nObjectifs : partager des expériences; \
         renforcer la posture professionnelle des référents de territoire; nourrir \
         l'ingénierie culturelle des schémas départementaux de développement de la lecture \
         publique.\n\nVisioconférence pour les collègues à distance : \
         https://visio.example.org/referents-2025"
    );
    assert_eq!(
        item(&p, "Accueil").description,
        "Café et viennoiseries. Merci de signer la feuille d'émargement à l'entrée; les \
         badges sont à retirer auprès de l'équipe de la MD."
    );
    assert_eq!(item(&p, "Pause").description, "");

    let (db, id, _) = import_case(case("thunderbird-tiers-lieux-lozere-2022.ics"));
    let p = db.programme(id).unwrap();
    assert_eq!(
        item(&p, "Atelier : financer un coworking en milieu rural").description,
        "Subventions de la Région, du Département et des fonds européens (LEADER); \
         montage d'un dossier pas à pas."
    );

    let (db, id, _) = import_case(case("floating-tiers-lieux-auvergne-2016.ics"));
    let p = db.programme(id).unwrap();
    assert_eq!(
        item(
            &p,
            "Table ronde : des espaces hybrides, facteurs d'attractivité"
        )
        .description,
        "Ils ne sont ni votre domicile, ni votre travail : ce sont des tiers-lieux. \
         Témoignages de Lapalisse (03), de Murat (15) et du Numéro 7 au Puy-en-Velay (43)."
    );
}

/// LOCATION names a room by the part before its first ", "; a room of the
/// event matches whatever the case (accents included); a LOCATION that is
/// the venue itself names no room.
#[test]
fn locations_find_or_create_rooms() {
    let mut db = Db::open_in_memory().unwrap();
    let file = ProgrammeFile::parse(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/programmes/referents-loire-2025.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let id = db.import_programme(&file).unwrap();
    let before = db.programme(id).unwrap();
    let summary = db
        .import_ics(id, &fixture("outlook-referents-loire-2025.ics"))
        .unwrap();
    let p = db.programme(id).unwrap();
    assert_eq!(summary.items_created, 7);
    assert_eq!(p.items.len(), before.items.len() + 7);
    // "Hall d'accueil" and "Restaurant administratif" are new; "Salle de
    // conférence", "SALLE DE CONFÉRENCE", "Salle 2" and "salle 3" are not.
    assert_eq!(summary.rooms_created, 2);
    let names: Vec<&str> = p.rooms.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Salle de conférence",
            "Salle 1",
            "Salle 2",
            "Salle 3",
            "Salle 4",
            "Hall d'accueil",
            "Restaurant administratif"
        ]
    );
    let imported = |title: &str| {
        p.items
            .iter()
            .find(|i| i.title == title && i.uid.starts_with("040000008200E00074C5B7101A82E008"))
            .unwrap_or_else(|| panic!("no imported item {title:?}"))
    };
    let room = |title: &str| room_of(&p, imported(title));
    assert_eq!(room("Introduction"), Some("Salle de conférence"));
    assert_eq!(
        room("Conclusion et suites à donner"),
        Some("Salle de conférence")
    );
    assert_eq!(room("Atelier : Poldoc partagée"), Some("Salle 3"));
    assert_eq!(room("Déjeuner"), Some("Restaurant administratif"));
    assert_eq!(room("Pause"), None);

    let (db, id, _) = import_case(case("outlook-montreal-2025.ics"));
    let p = db.programme(id).unwrap();
    assert_eq!(room_of(&p, item(&p, "Dîner")), None, "the venue itself");
    assert_eq!(
        room_of(&p, item(&p, "Mot de bienvenue")),
        Some("Auditorium")
    );
}

/// CATEGORIES choose the kind: English names, French labels, other words
/// of the trade; the first that names a kind wins; none, `other`.
#[test]
fn categories_give_the_kind() {
    let (db, id, _) = import_case(case("outlook-referents-loire-2025.ics"));
    let p = db.programme(id).unwrap();
    let kind = |title: &str| item(&p, title).kind;
    assert_eq!(kind("Accueil"), ItemKind::Welcome);
    assert_eq!(kind("Introduction"), ItemKind::Plenary);
    assert_eq!(kind("Pause"), ItemKind::Break);
    assert_eq!(kind("Déjeuner"), ItemKind::Meal);
    assert_eq!(kind("Atelier : Poldoc partagée"), ItemKind::Workshop);
    assert_eq!(kind("Conclusion et suites à donner"), ItemKind::Closing);

    let (db, id, _) = import_case(case("floating-tiers-lieux-auvergne-2016.ics"));
    let p = db.programme(id).unwrap();
    let kinds: Vec<ItemKind> = p.items.iter().map(|i| i.kind).collect();
    assert_eq!(
        kinds,
        [
            ItemKind::Welcome,
            ItemKind::RoundTable,
            ItemKind::Pitches,
            ItemKind::Meal,
            ItemKind::Visit,
            ItemKind::Other
        ]
    );
}

/// Importing a file again finds its items by UID: nothing is added, and
/// what the file changed is changed in place (same item, same id), while
/// what the file does not carry (speakers, part label) stays.
#[test]
fn reimport_updates_instead_of_duplicating() {
    let c = case("thunderbird-tiers-lieux-lozere-2022.ics");
    let (mut db, id, _) = import_case(c);
    let text = fixture(c.file);

    let first = dump(&db);
    let again = db.import_ics(id, &text).unwrap();
    assert_eq!(
        (
            again.items_created,
            again.items_updated,
            again.items_unchanged,
            again.rooms_created
        ),
        (0, 0, 7, 0)
    );
    assert_eq!(dump(&db), first, "the same file changes nothing");

    // The organiser completes an item in Déroulé.
    let p = db.programme(id).unwrap();
    let round_table = item(&p, "Table ronde : les comptoirs Solozère dix ans après").clone();
    let speaker = db
        .save_speaker(&deroule::model::Speaker {
            id: None,
            name: "Lozère Développement".into(),
            title: String::new(),
            organisation: String::new(),
            bio: String::new(),
            email: String::new(),
            phone: String::new(),
        })
        .unwrap();
    db.save_item(&Item {
        part_label: "Matinée".into(),
        speakers: vec![ItemSpeaker {
            speaker_id: speaker.id.unwrap(),
            role: SpeakerRole::Moderator,
            topic: String::new(),
        }],
        ..round_table.clone()
    })
    .unwrap();

    // The calendar's owner renames it and moves it a quarter of an hour.
    let changed = text
        .replace(
            "SUMMARY:Table ronde : les comptoirs Solozère dix ans après",
            "SUMMARY:Table ronde : les comptoirs Solozère\\, dix ans après",
        )
        .replace(
            "DTSTART;TZID=Europe/Paris:20220421T104500",
            "DTSTART;TZID=Europe/Paris:20220421T110000",
        );
    assert_ne!(changed, text);
    let third = db.import_ics(id, &changed).unwrap();
    assert_eq!(
        (
            third.items_created,
            third.items_updated,
            third.items_unchanged
        ),
        (0, 1, 6)
    );
    let p = db.programme(id).unwrap();
    assert_eq!(p.items.len(), 7);
    let updated = item(&p, "Table ronde : les comptoirs Solozère, dix ans après");
    assert_eq!(updated.id, round_table.id);
    assert_eq!(updated.uid, "c7f2a4e6-1b3d-4f5a-8c9e-0d2b4f6a8c13");
    assert_eq!(hours(updated), "11:00–12:15");
    assert_eq!(updated.part_label, "Matinée");
    assert_eq!(updated.speakers.len(), 1);
}

/// A VEVENT without UID cannot be recognised: each import makes a new item.
#[test]
fn vevents_without_uid_are_created_each_time() {
    let c = case("floating-tiers-lieux-auvergne-2016.ics");
    let (mut db, id, _) = import_case(c);
    let again = db.import_ics(id, &fixture(c.file)).unwrap();
    assert_eq!(
        (again.items_created, again.items_unchanged),
        (1, 5),
        "only \"Visite de La Forge\" has no UID"
    );
    let p = db.programme(id).unwrap();
    assert_eq!(
        p.items
            .iter()
            .filter(|i| i.title == "Visite de La Forge")
            .count(),
        2
    );
}

/// STATUS:CANCELLED deletes the item with that UID; a cancelled VEVENT
/// that matches no item is skipped.
#[test]
fn cancelled_vevents_delete_their_items() {
    let c = case("google-nec-vaulx-2025.ics");
    let (mut db, id, _) = import_case(c);
    let uid = "9w3e7r1t5y0u4i8o2p6a1s5d9f@google.com";
    let text = fixture(c.file);
    let start = text.find(&format!("UID:{uid}")).unwrap();
    let cancelled = format!(
        "{}{}",
        &text[..start],
        text[start..].replacen("STATUS:CONFIRMED", "STATUS:CANCELLED", 1)
    );
    let summary = db.import_ics(id, &cancelled).unwrap();
    assert_eq!(summary.items_deleted, 1);
    assert_eq!(summary.items_unchanged, 5);
    let p = db.programme(id).unwrap();
    assert_eq!(p.items.len(), 5);
    assert!(p.items.iter().all(|i| i.uid != uid));
    // Cancelled again: nothing left to delete.
    let summary = db.import_ics(id, &cancelled).unwrap();
    assert_eq!(summary.items_deleted, 0);
    assert!(summary
        .skipped
        .iter()
        .any(|s| s.uid == uid && s.reason == SkipReason::Cancelled));

    let (_, _, summary) = import_case(case("outlook-referents-loire-2025.ics"));
    assert_eq!(summary.skipped[0].title, "Visite des réserves de la MD");
    assert_eq!(summary.skipped[0].reason, SkipReason::Cancelled);
}

/// A calendar Déroulé wrote of the demo, imported back into the demo whose
/// items carry its UIDs, changes nothing: the rooms and kinds match, the
/// venue is no room, and Déroulé's composed DESCRIPTION does not replace
/// the item's own.
#[test]
fn deroule_calendar_reimports_into_its_event_unchanged() {
    let (mut db, id) = demo_db();
    let uids = [
        (
            "Accueil café et inscription dans les ateliers",
            "5f0c3a9e2b7d4c1e8a6f0b3d9c2e7a41@deroule",
        ),
        (
            "Accueil et introduction de la journée",
            "9b2e6d1a4c8f3e7b0d5a9c2f6e1b4d83@deroule",
        ),
        (
            "Table ronde inspirante #1 : Le numérique en médiathèques les rendent-elles plus ouvertes, désirables, humaines et inclusives ?",
            "2d7a0e5c9f3b6a1d4e8c2b7f0a5d9e16@deroule",
        ),
        (
            "Pause méridienne : buffet",
            "c4e8b2f6a0d3e7c1b5f9a2d6e0c4b8f2@deroule",
        ),
    ];
    for (title, uid) in uids {
        let n = db
            .conn()
            .execute(
                "UPDATE items SET uid = ?1 WHERE event_id = ?2 AND title = ?3",
                (uid, id, title),
            )
            .unwrap();
        assert_eq!(n, 1, "{title}");
    }
    let before = dump(&db);
    let summary = db
        .import_ics(id, &fixture("deroule-nec-vaulx-2022.ics"))
        .unwrap();
    assert_eq!(
        (
            summary.items_created,
            summary.items_updated,
            summary.items_unchanged,
            summary.rooms_created
        ),
        (0, 0, 4, 0)
    );
    assert_eq!(summary.skipped.len(), 1);
    assert_eq!(summary.skipped[0].reason, SkipReason::Cancelled);
    assert_eq!(dump(&db), before);
}

/// The import is one change that undo reverts whole.
#[test]
fn import_is_one_undoable_change() {
    let mut db = Db::open_in_memory().unwrap();
    let id = new_event(&mut db, "2022-04-21", "Europe/Paris", "");
    let before = dump(&db);
    db.import_ics(id, &fixture("thunderbird-tiers-lieux-lozere-2022.ics"))
        .unwrap();
    assert_eq!(db.history().undo.as_deref(), Some("ics.import"));
    assert_ne!(dump(&db), before);
    assert_eq!(db.undo().unwrap().label, "ics.import");
    assert_eq!(dump(&db), before);
}

#[test]
fn unknown_event_is_not_found() {
    let mut db = Db::open_in_memory().unwrap();
    let e = db
        .import_ics(42, &fixture("google-nec-vaulx-2025.ics"))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

/// The base of the malformed cases: valid, two VEVENTs on the demo's day,
/// the first with a DESCRIPTION folded over lines 9 to 11.
const BASE: [&str; 19] = [
    "BEGIN:VCALENDAR",                                                         // 1
    "VERSION:2.0",                                                             // 2
    "PRODID:-//Médiathèque de Vaulx-en-Velin//Agenda//FR",                     // 3
    "BEGIN:VEVENT",                                                            // 4
    "UID:accueil-2022@vaulx-en-velin.example",                                 // 5
    "DTSTART;TZID=Europe/Paris:20221209T090000",                               // 6
    "DTEND;TZID=Europe/Paris:20221209T093000",                                 // 7
    "SUMMARY:Accueil café",                                                    // 8
    "DESCRIPTION:Une description assez longue pour être pliée sur plusieurs",  // 9
    "  lignes\\, comme le font Outlook et Google\\, afin de vérifier que les", // 10
    "  numéros de ligne restent ceux du fichier.",                             // 11
    "END:VEVENT",                                                              // 12
    "BEGIN:VEVENT",                                                            // 13
    "UID:table-ronde-2022@vaulx-en-velin.example",                             // 14
    "DTSTART;TZID=Europe/Paris:20221209T100000",                               // 15
    "DTEND;TZID=Europe/Paris:20221209T110000",                                 // 16
    "SUMMARY:Table ronde",                                                     // 17
    "END:VEVENT",                                                              // 18
    "END:VCALENDAR",                                                           // 19
];

/// BASE with line `n` (from 1) replaced by `with` (several lines, or none).
fn edit(n: usize, with: &[&str]) -> Vec<String> {
    let mut lines: Vec<String> = BASE.iter().map(|l| l.to_string()).collect();
    lines.splice(n - 1..n, with.iter().map(|l| l.to_string()));
    lines
}

/// Each malformed file: the line its error names and words of the message.
fn malformed_cases() -> Vec<(&'static str, Vec<String>, usize, &'static str)> {
    let vtimezone = [
        "BEGIN:VTIMEZONE",
        "TZID:Heure normale d'Europe centrale",
        "BEGIN:STANDARD",
        "DTSTART:16011028T030000",
        "TZOFFSETFROM:+0200",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
    ];
    let mut unknown_defined = edit(4, &vtimezone);
    for line in &mut unknown_defined {
        *line = line.replace("TZID=Europe/Paris", "TZID=Heure normale d'Europe centrale");
    }
    vec![
        ("empty file", Vec::new(), 1, "file is empty"),
        (
            "not a calendar",
            edit(1, &["BEGIN:VCARD"]),
            1,
            "must start with BEGIN:VCALENDAR",
        ),
        (
            "HTML instead of a calendar",
            edit(1, &["<!DOCTYPE html>", "BEGIN:VCALENDAR"]),
            1,
            "must start with BEGIN:VCALENDAR",
        ),
        (
            "missing END:VEVENT",
            edit(18, &[]),
            18,
            "END:VCALENDAR while BEGIN:VEVENT of line 13 is still open",
        ),
        (
            "END without BEGIN",
            edit(12, &["END:VEVENT", "END:VEVENT"]),
            13,
            "END:VEVENT while BEGIN:VCALENDAR of line 1 is still open",
        ),
        (
            "file cut short",
            edit(19, &[]),
            1,
            "BEGIN:VCALENDAR is never closed",
        ),
        (
            "property after the calendar",
            edit(19, &["END:VCALENDAR", "X-WR-CALNAME:Agenda"]),
            20,
            "outside BEGIN:VCALENDAR",
        ),
        (
            "a recurring VEVENT's EXDATE that is no date-time",
            edit(
                17,
                &[
                    "SUMMARY:Table ronde",
                    "RRULE:FREQ=WEEKLY",
                    "EXDATE;TZID=Europe/Paris:20221216T1000",
                ],
            ),
            19,
            "bad date-time \"20221216T1000\" in EXDATE",
        ),
        (
            "a RECURRENCE-ID that is no date-time",
            edit(17, &["SUMMARY:Table ronde", "RECURRENCE-ID:2022-12-16"]),
            18,
            "in RECURRENCE-ID",
        ),
        (
            "property line without ':'",
            edit(17, &["SUMMARY Table ronde"]),
            17,
            "no ':'",
        ),
        (
            "fold without its leading space",
            edit(
                10,
                &["lignes\\, comme le font Outlook et Google\\, afin de vérifier que les"],
            ),
            10,
            "no ':'",
        ),
        (
            "parameter without '='",
            edit(15, &["DTSTART;TZID:20221209T100000"]),
            15,
            "no '=' between its name and its value",
        ),
        (
            "bad date-time",
            edit(15, &["DTSTART;TZID=Europe/Paris:20221209T10h00"]),
            15,
            "bad date-time \"20221209T10h00\" in DTSTART",
        ),
        (
            "no 13th month",
            edit(16, &["DTEND:20221309T110000Z"]),
            16,
            "bad date-time",
        ),
        (
            "DTEND before DTSTART",
            edit(16, &["DTEND;TZID=Europe/Paris:20221209T093000"]),
            16,
            "DTEND 20221209T093000 is before DTSTART 20221209T100000 (line 15)",
        ),
        (
            "bad DURATION",
            edit(16, &["DURATION:1H"]),
            16,
            "bad DURATION",
        ),
        (
            "negative DURATION",
            edit(16, &["DURATION:-PT30M"]),
            16,
            "negative",
        ),
        (
            "unknown TZID, no VTIMEZONE",
            edit(6, &["DTSTART;TZID=Heure de Paris:20221209T090000"]),
            6,
            "unknown time zone \"Heure de Paris\"",
        ),
        (
            "TZID defined by a VTIMEZONE without an offset",
            unknown_defined,
            6,
            "BEGIN:STANDARD of a VTIMEZONE without TZOFFSETTO (time zone \"Heure normale d'Europe centrale\", used at line 13)",
        ),
        (
            "VEVENT without DTSTART",
            edit(15, &[]),
            13,
            "without DTSTART",
        ),
        (
            "empty SUMMARY after an item that was already stored",
            edit(17, &["SUMMARY:"]),
            17,
            "SUMMARY is empty",
        ),
        ("no SUMMARY", edit(17, &[]), 13, "without SUMMARY"),
    ]
}

/// A malformed file is refused whole, with an error naming its line (the
/// physical line, folds counted, with CRLF or LF line ends), and the
/// database stays as it was, byte for byte, history included.
#[test]
fn malformed_files_name_the_line_and_import_nothing() {
    for (name, lines, line, words) in malformed_cases() {
        for eol in ["\r\n", "\n"] {
            let (mut db, id) = demo_db();
            let before = dump(&db);
            let history = db.history();
            let text = if lines.is_empty() {
                String::new()
            } else {
                lines.join(eol) + eol
            };
            let e = db.import_ics(id, &text).unwrap_err();
            let context = format!("{name} ({eol:?}): {}", e.message);
            assert_eq!(e.code, ErrorCode::Invalid, "{context}");
            assert_eq!(e.field.as_deref(), Some("file"), "{context}");
            assert_eq!(e.reason.as_deref(), Some("bad_ics"), "{context}");
            assert!(
                e.message.starts_with(&format!("line {line}: ")),
                "{context}: expected line {line}"
            );
            assert!(e.message.contains(words), "{context}: expected {words:?}");
            assert_eq!(dump(&db), before, "{context}");
            assert_eq!(db.history(), history, "{context}");
        }
    }
    // The base itself is valid: each case fails for its own change.
    let (mut db, id) = demo_db();
    let summary = db.import_ics(id, &BASE.join("\r\n")).unwrap();
    assert_eq!(summary.items_created, 2);
    let p = db.programme(id).unwrap();
    let accueil = p
        .items
        .iter()
        .find(|i| i.uid == "accueil-2022@vaulx-en-velin.example")
        .unwrap();
    assert_eq!(
        accueil.description,
        "Une description assez longue pour être pliée sur plusieurs lignes, comme le font \
         Outlook et Google, afin de vérifier que les numéros de ligne restent ceux du fichier."
    );
}

/// The Windows names Outlook writes resolve to the IANA zone with the same
/// rules; IANA names, and IANA names behind a path, resolve to themselves.
#[test]
fn windows_zone_names_resolve_to_iana_zones() {
    let expected = [
        ("Romance Standard Time", "Europe/Paris"),
        ("W. Europe Standard Time", "Europe/Berlin"),
        ("GMT Standard Time", "Europe/London"),
        ("Eastern Standard Time", "America/New_York"),
        ("Pacific Standard Time", "America/Los_Angeles"),
        ("Central Europe Standard Time", "Europe/Budapest"),
        ("romance standard time", "Europe/Paris"),
        ("Europe/Paris", "Europe/Paris"),
        ("America/Montreal", "America/Montreal"),
        ("/mozilla.org/20050126_1/Europe/Paris", "Europe/Paris"),
        (
            "/freeassociation.sourceforge.net/Tzfile/Europe/Brussels",
            "Europe/Brussels",
        ),
    ];
    for (tzid, iana) in expected {
        assert_eq!(time_zone(tzid).map(|z| z.name()), Some(iana), "{tzid}");
    }
    for (windows, iana) in WINDOWS_ZONES {
        assert_eq!(time_zone(windows).map(|z| z.name()), Some(*iana));
    }
    for unknown in [
        "Customized Time Zone",
        "Heure de Paris",
        "",
        "Europe/Parisss",
    ] {
        assert_eq!(time_zone(unknown), None, "{unknown}");
    }
    // America/Montreal keeps New York's rules: same offsets all year.
    let new_york = time_zone("Eastern Standard Time").unwrap();
    let montreal = time_zone("America/Montreal").unwrap();
    for month in 1..=12 {
        use chrono::TimeZone;
        let t = chrono::Utc
            .with_ymd_and_hms(2025, month, 15, 12, 0, 0)
            .unwrap();
        assert_eq!(
            t.with_timezone(&new_york).naive_local(),
            t.with_timezone(&montreal).naive_local()
        );
    }
}

#[derive(Debug, Deserialize)]
struct PyEvent {
    summary: String,
    description: String,
}

const PY_READ: &str = r#"
import sys, json, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(json.dumps([
    {'summary': str(ev.get('summary', '')), 'description': str(ev.get('description', ''))}
    for ev in cal.walk('VEVENT')
]))
"#;

/// Python's icalendar, another implementation entirely, finds in each
/// fixture the VEVENTs we account for (imported or skipped), with the same
/// titles and, for what we imported, the same unfolded and unescaped
/// descriptions.
#[test]
fn python_icalendar_reads_the_same_vevents() {
    let python = python(&["icalendar"]);
    for c in CASES {
        let out = Command::new(&python)
            .arg("-c")
            .arg(PY_READ)
            .arg(fixtures_dir().join(c.file))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: icalendar refused it: {}",
            c.file,
            String::from_utf8_lossy(&out.stderr)
        );
        let theirs: Vec<PyEvent> = serde_json::from_slice(&out.stdout).unwrap();

        let (db, id, summary) = import_case(c);
        let p = db.programme(id).unwrap();
        let accounted = summary.items_created
            + summary.items_updated
            + summary.items_unchanged
            + summary.items_deleted
            + summary.skipped.len() as i64;
        assert_eq!(theirs.len() as i64, accounted, "{}", c.file);

        let mut their_titles: Vec<&str> = theirs.iter().map(|e| e.summary.trim()).collect();
        let mut our_titles: Vec<&str> = p
            .items
            .iter()
            .map(|i| i.title.as_str())
            .chain(summary.skipped.iter().map(|s| s.title.as_str()))
            .collect();
        their_titles.sort_unstable();
        our_titles.sort_unstable();
        assert_eq!(our_titles, their_titles, "{}", c.file);

        for i in &p.items {
            let theirs = theirs.iter().find(|e| e.summary.trim() == i.title).unwrap();
            assert_eq!(
                i.description,
                theirs.description.trim(),
                "{}: {}",
                c.file,
                i.title
            );
        }
    }
}
