//! Data-driven: every programme in tests/fixtures/programmes (and the demo)
//! is loaded, printed as `deroule show` prints it, and compared with its
//! snapshot. Adding a fixture adds a case.

use crate::{demo_db, dump, updated};
use chrono::Duration;
use deroule::cli::show::programme_text;
use deroule::exchange::programme_file::ProgrammeFile;
use deroule::model::{Item, ItemKind, ItemSpeaker, SpeakerRole, Warning};
use deroule::Db;
use std::path::Path;

fn check(name: &str, json: &str) {
    let mut db = Db::open_in_memory().unwrap();
    let file = ProgrammeFile::parse(json).unwrap_or_else(|e| panic!("{name}: {e}"));
    let id = db
        .import_programme(&file)
        .unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let programme = db.programme(id).unwrap();
    assert_eq!(
        programme.items.len(),
        file.items.len(),
        "{name}: every item stored"
    );
    insta::assert_snapshot!(format!("show_{name}"), programme_text(&programme));
    insta::assert_json_snapshot!(format!("warnings_{name}"), programme.warnings);
}

#[test]
fn fixtures() {
    check("demo", deroule::demo::DEMO_JSON);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/programmes");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        check(&name, &std::fs::read_to_string(&path).unwrap());
    }
}

/// The demo holds the whole sample day: both round tables with each
/// speaker's question, the remote introduction, the four workshops run twice.
#[test]
fn demo_is_the_complete_sample_day() {
    let (db, id) = demo_db();
    let p = db.programme(id).unwrap();
    assert_eq!(p.event.date.to_string(), "2022-12-09");
    assert_eq!(p.venue.city, "Vaulx-en-Velin");
    assert_eq!(p.venue.postcode, "69120");
    assert_eq!(p.event.practical.admission, deroule::model::Admission::Free);
    assert_eq!(
        p.event.practical.registration,
        deroule::model::Registration::Required
    );
    assert_eq!(p.rooms.len(), 5);
    assert_eq!(p.speakers.len(), 11);
    let round_tables: Vec<_> = p
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::RoundTable)
        .collect();
    assert_eq!(round_tables.len(), 2);
    assert_eq!(round_tables[0].speakers.len(), 3);
    assert!(round_tables[0]
        .speakers
        .iter()
        .all(|s| s.topic.ends_with('?')));
    assert!(round_tables[1].remote);
    assert_eq!(round_tables[1].speakers[0].role, SpeakerRole::Keynote);
    let workshops: Vec<_> = p
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Workshop)
        .collect();
    assert_eq!(workshops.len(), 8);
    assert!(workshops
        .iter()
        .all(|w| w.capacity.is_some() && w.room_id.is_some()));
    let mut titles: Vec<_> = workshops.iter().map(|w| w.title.as_str()).collect();
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), 4);
    assert!(p.warnings.is_empty(), "{:?}", p.warnings);
}

/// Loading the demo twice reuses the directory's speakers.
#[test]
fn demo_twice_shares_speakers() {
    let (mut db, _) = demo_db();
    db.load_demo().unwrap();
    assert_eq!(db.list_speakers().unwrap().len(), 11);
    assert_eq!(db.list_events().unwrap().len(), 2);
}

/// Each warning names the right items.
#[test]
fn warnings_point_at_items() {
    let mut db = Db::open_in_memory().unwrap();
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/programmes/every-warning.json");
    let id = db
        .import_programme(&ProgrammeFile::parse(&std::fs::read_to_string(dir).unwrap()).unwrap())
        .unwrap();
    let p = db.programme(id).unwrap();
    let title = |id: i64| {
        p.items
            .iter()
            .find(|i| i.id == Some(id))
            .unwrap()
            .title
            .clone()
    };
    let mut seen = Vec::new();
    for w in &p.warnings {
        let titles: Vec<String> = w.item_ids().iter().map(|&i| title(i)).collect();
        let kind = match w {
            Warning::SpeakerDoubleBooked { .. } => "speaker",
            Warning::RoomDoubleBooked { .. } => "room",
            Warning::OutsideDay { .. } => "outside",
            Warning::CapacityOverRoom {
                capacity,
                room_capacity,
                ..
            } => {
                assert_eq!((*capacity, *room_capacity), (20, 12));
                "capacity"
            }
            Warning::AttendeeDoubleBooked { attendee_name, .. } => attendee_name,
        };
        seen.push(format!("{kind}: {}", titles.join(" / ")));
    }
    assert_eq!(
        seen,
        [
            "speaker: Ouverture / Réparer ensemble",
            "room: Réparer ensemble / Table ronde : les tiers-lieux ruraux",
            "outside: Café d'accueil avant l'ouverture",
            "outside: Pot de clôture",
            "capacity: Réparer ensemble",
        ]
    );
}

/// Back-to-back items in one room do not collide; one minute of overlap does.
#[test]
fn back_to_back_is_not_a_conflict() {
    let (mut db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let mut second = p
        .items
        .iter()
        .find(|i| i.title.starts_with("Table ronde inspirante #2"))
        .unwrap()
        .clone();
    assert!(db.programme(id).unwrap().warnings.is_empty());
    second.starts_at -= chrono::Duration::minutes(1);
    db.save_item(&second).unwrap();
    let warnings = db.programme(id).unwrap().warnings;
    // Only the room: no speaker of #2 is in #1.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(matches!(warnings[0], Warning::RoomDoubleBooked { .. }));
}

/// A duplicated event is a draft copy of the venue, rooms and programme;
/// moving its date moves its items with it, and the original is untouched.
#[test]
fn duplicate_for_next_edition() {
    let (mut db, id) = demo_db();
    let before = dump(&db);
    let copy = db.duplicate_event(id, " (copie)").unwrap();
    assert_eq!(copy.title, "La métamorphose réciproque (copie)");
    let copy_id = copy.id.unwrap();
    let mut next = copy.clone();
    next.date = chrono::NaiveDate::from_ymd_opt(2023, 12, 8).unwrap();
    db.update_event(&next).unwrap();
    let original = db.programme(id).unwrap();
    let moved = db.programme(copy_id).unwrap();
    assert_eq!(moved.items.len(), original.items.len());
    assert_eq!(moved.rooms.len(), original.rooms.len());
    assert_eq!(moved.venue, original.venue);
    for (a, b) in original.items.iter().zip(&moved.items) {
        assert_eq!(a.title, b.title);
        assert_eq!(b.starts_at.date().to_string(), "2023-12-08");
        assert_eq!(a.starts_at.time(), b.starts_at.time());
        assert_eq!(a.speakers, b.speakers);
        assert_ne!(a.uid, b.uid, "a copy is a new item for calendars");
        let room_name = |p: &deroule::model::Programme, r: Option<i64>| {
            r.map(|r| {
                p.rooms
                    .iter()
                    .find(|x| x.id == Some(r))
                    .unwrap()
                    .name
                    .clone()
            })
        };
        assert_eq!(
            room_name(&original, a.room_id),
            room_name(&moved, b.room_id)
        );
        assert!(
            a.room_id.is_none() || a.room_id != b.room_id,
            "rooms are copies"
        );
    }
    db.delete_event(copy_id).unwrap();
    // Put aside until its deletion leaves the history, then purged whole.
    db.forget_history().unwrap();
    assert_eq!(db.purge_deleted_events().unwrap(), 1);
    assert_eq!(dump(&db), before);
}

/// An item keeps its UID through every edit, whatever UID the edit carries.
#[test]
fn uid_is_stable_and_unique() {
    let (mut db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let uids: std::collections::HashSet<_> = p.items.iter().map(|i| i.uid.clone()).collect();
    assert_eq!(uids.len(), p.items.len());
    let mut item = p.items[3].clone();
    let uid = item.uid.clone();
    item.title = "Table ronde inspirante #2 (nouveau titre)".into();
    item.starts_at += chrono::Duration::minutes(15);
    item.uid = "something-else@example.org".into();
    let saved = db.save_item(&item).unwrap();
    assert_eq!(saved.uid, uid);
}

/// Each edit the editor makes through `save_item` tells only the items it
/// changed, and with them the editor's copy becomes the programme as
/// stored: moved, renamed, a speaker added, a new part, a new item that
/// double-books a room, a save that changes nothing.
#[test]
fn a_save_tells_the_editor_what_changed() {
    let (mut db, id) = demo_db();
    let p = db.editor_programme(id).unwrap();
    let room = p
        .items
        .iter()
        .find(|i| i.room_id.is_some())
        .unwrap()
        .clone();
    let speaker = p.speakers[0].id.unwrap();
    type Edit = Box<dyn Fn(&Item) -> Item>;
    let edits: Vec<(&str, Edit, usize, &str)> = vec![
        (
            "moved",
            Box::new(|i| Item {
                starts_at: i.starts_at + Duration::minutes(5),
                ends_at: i.ends_at + Duration::minutes(5),
                ..i.clone()
            }),
            1,
            "item.update",
        ),
        (
            "renamed",
            Box::new(|i| Item {
                title: format!("{} (bis)", i.title),
                ..i.clone()
            }),
            1,
            "item.update",
        ),
        (
            "speaker added",
            Box::new(move |i| {
                let mut i = i.clone();
                i.speakers.retain(|s| s.speaker_id != speaker);
                i.speakers.push(ItemSpeaker {
                    speaker_id: speaker,
                    role: SpeakerRole::Speaker,
                    topic: "Une question".into(),
                });
                i
            }),
            1,
            "item.update",
        ),
        (
            "new part",
            Box::new(|i| Item {
                part_label: "Partie 9 — Nouvelle".into(),
                ..i.clone()
            }),
            1,
            "item.update",
        ),
        ("unchanged", Box::new(|i| i.clone()), 0, "item.update"),
        (
            "created over it",
            Box::new(|i| Item {
                id: None,
                uid: String::new(),
                title: "Doublon".into(),
                speakers: vec![],
                ..i.clone()
            }),
            1,
            "item.create",
        ),
    ];
    for (name, edit, changed, label) in edits {
        let before = db.editor_programme(id).unwrap();
        let target = before.items.iter().find(|i| i.id == room.id).unwrap();
        let saved = db.save_item_in_editor(&edit(target)).unwrap();
        let after = db.editor_programme(id).unwrap();
        assert_eq!(saved.programme.items.len(), changed, "{name}: items told");
        assert_eq!(
            updated(&before, &saved.programme),
            after,
            "{name}: the copy is the programme"
        );
        assert!(
            saved.programme.items.contains(&saved.item) || changed == 0,
            "{name}"
        );
        assert_eq!(saved.history.undo.as_deref(), Some(label), "{name}");
        if name == "created over it" {
            assert!(
                after.warnings.len() > before.warnings.len(),
                "{name}: the room is double-booked"
            );
        }
    }
}
