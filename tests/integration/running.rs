//! The running order: a duration typed moves what follows (up to a pinned
//! item), an item inserted or duplicated makes room, an item moves up and
//! down the list by swapping times; each is one undo step.

use crate::{dump, updated};
use deroule::exchange::programme_file::ProgrammeFile;
use deroule::model::{Item, ItemKind};
use deroule::{Db, ErrorCode};

/// The 90-minute morning in one room, and its event id.
pub fn morning() -> (Db, i64) {
    let mut db = Db::open_in_memory().unwrap();
    let text =
        std::fs::read_to_string("tests/fixtures/programmes/matinee-90-minutes.json").unwrap();
    let id = db
        .import_programme(&ProgrammeFile::parse(&text).unwrap())
        .unwrap();
    (db, id)
}

/// "HH:MM-HH:MM title" for each item, in time order.
fn times(db: &Db, event: i64) -> Vec<String> {
    db.programme(event)
        .unwrap()
        .items
        .iter()
        .map(|i| {
            format!(
                "{}-{} {}",
                i.starts_at.format("%H:%M"),
                i.ends_at.format("%H:%M"),
                i.title
            )
        })
        .collect()
}

/// The event's item whose title starts with `title`.
pub fn item(db: &Db, event: i64, title: &str) -> Item {
    db.programme(event)
        .unwrap()
        .items
        .into_iter()
        .find(|i| i.title.starts_with(title))
        .unwrap_or_else(|| panic!("no item {title:?}"))
}

fn minutes(item: &Item, n: i64) -> chrono::NaiveDateTime {
    item.starts_at + chrono::Duration::minutes(n)
}

#[test]
fn a_longer_item_moves_what_follows_up_to_a_pinned_item() {
    let (mut db, event) = morning();
    let before = dump(&db);
    let chapter = item(&db, event, "1995");
    db.set_item_pinned(item(&db, event, "Et demain").id.unwrap(), true)
        .unwrap();
    // 1995 takes 15 minutes instead of 10: 2010 and 2024 move by 5; the
    // pinned round table and the closing after it stay.
    let moved = db
        .retime_item(
            chapter.id.unwrap(),
            chapter.starts_at,
            minutes(&chapter, 15),
            true,
        )
        .unwrap();
    assert_eq!(moved, 2);
    let now = times(&db, event);
    assert_eq!(
        now[3..],
        [
            "09:30-09:45 1995 : le réseau des bibliothèques-relais",
            "09:45-09:55 2010 : les intercommunalités s'en mêlent",
            "09:55-10:05 2024 : le numérique et les ressources en ligne",
            "10:00-10:25 Et demain ? Table ronde",
            "10:25-10:30 Clôture",
        ]
    );
    // The overlap this leaves before the pinned item is a warning.
    let warnings = db.programme(event).unwrap().warnings;
    assert!(
        warnings.iter().any(|w| w
            .item_ids()
            .contains(&item(&db, event, "Et demain").id.unwrap())),
        "{warnings:?}"
    );
    // One undo step each.
    assert_eq!(db.history().undo.as_deref(), Some("item.retime"));
    db.undo().unwrap();
    db.undo().unwrap();
    assert_eq!(dump(&db), before);
}

#[test]
fn shorter_and_without_ripple() {
    let (mut db, event) = morning();
    let open = item(&db, event, "Mot d'accueil");
    // Five minutes shorter: everything after moves 5 minutes earlier.
    assert_eq!(
        db.retime_item(open.id.unwrap(), open.starts_at, minutes(&open, 5), true)
            .unwrap(),
        6
    );
    assert_eq!(times(&db, event)[7], "10:20-10:25 Clôture");
    // Without ripple only the item changes.
    let chapter = item(&db, event, "2010");
    assert_eq!(
        db.retime_item(
            chapter.id.unwrap(),
            chapter.starts_at,
            minutes(&chapter, 20),
            false
        )
        .unwrap(),
        0
    );
    assert_eq!(
        times(&db, event)[5],
        "09:45-09:55 2024 : le numérique et les ressources en ligne"
    );
    // An end before the start is refused, nothing moves.
    let before = dump(&db);
    let err = db
        .retime_item(
            chapter.id.unwrap(),
            chapter.starts_at,
            minutes(&chapter, -5),
            true,
        )
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert_eq!(dump(&db), before);
}

#[test]
fn insert_and_duplicate_make_room() {
    let (mut db, event) = morning();
    let anchor = item(&db, event, "Mot d'accueil");
    let draft = Item {
        title: "Vidéo : le bibliobus en 1985".into(),
        kind: ItemKind::Other,
        part_label: anchor.part_label.clone(),
        speakers: Vec::new(),
        ..anchor.clone()
    };
    let made = db.insert_item_after(anchor.id.unwrap(), &draft, 5).unwrap();
    assert_eq!(made.starts_at.format("%H:%M").to_string(), "09:20");
    assert_eq!(made.room_id, anchor.room_id);
    assert_ne!(made.uid, anchor.uid);
    let now = times(&db, event);
    assert_eq!(now[2], "09:20-09:25 Vidéo : le bibliobus en 1985");
    assert_eq!(
        now[3],
        "09:25-09:35 1985 : la bibliothèque centrale de prêt prend la route"
    );
    assert_eq!(now[8], "10:30-10:35 Clôture");

    let chapter = item(&db, event, "2024");
    let copy = db.duplicate_item(chapter.id.unwrap()).unwrap();
    assert_eq!(copy.title, chapter.title);
    assert_eq!(copy.speakers, chapter.speakers);
    assert_eq!(copy.part_label, chapter.part_label);
    assert_eq!(copy.starts_at, chapter.ends_at);
    assert_eq!(times(&db, event)[9], "10:40-10:45 Clôture");
    assert_eq!(db.history().undo.as_deref(), Some("item.duplicate"));
}

#[test]
fn reorder_swaps_times_and_respects_pins() {
    let (mut db, event) = morning();
    let before = dump(&db);
    // 2024 (10 min) moves two places up: it takes 1995's start.
    let chapter = item(&db, event, "2024");
    assert_eq!(db.reorder_item(chapter.id.unwrap(), -2).unwrap(), 3);
    let now = times(&db, event);
    assert_eq!(
        now[2..6],
        [
            "09:20-09:30 1985 : la bibliothèque centrale de prêt prend la route",
            "09:30-09:40 2024 : le numérique et les ressources en ligne",
            "09:40-09:50 1995 : le réseau des bibliothèques-relais",
            "09:50-10:00 2010 : les intercommunalités s'en mêlent",
        ]
    );
    // A longer item swapped down keeps the pair's span.
    let table = item(&db, event, "Et demain");
    db.reorder_item(table.id.unwrap(), 1).unwrap();
    assert_eq!(
        times(&db, event)[6..],
        ["10:00-10:05 Clôture", "10:05-10:30 Et demain ? Table ronde"]
    );
    // Past the end of the list: nothing more moves.
    assert_eq!(db.reorder_item(table.id.unwrap(), 3).unwrap(), 0);
    // A pinned item is neither moved nor jumped over.
    db.set_item_pinned(item(&db, event, "Clôture").id.unwrap(), true)
        .unwrap();
    let err = db.reorder_item(table.id.unwrap(), -1).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("pinned"));
    assert!(err.message.contains("Clôture"), "{}", err.message);
    for _ in 0..3 {
        db.undo().unwrap();
    }
    assert_eq!(dump(&db), before);
}

#[test]
fn whole_venue_items_belong_to_every_lane() {
    let (mut db, event) = morning();
    // The welcome coffee (no room) grows by 10 minutes: the auditorium's
    // items after it move.
    let coffee = item(&db, event, "Accueil café");
    assert_eq!(coffee.room_id, None);
    db.retime_item(
        coffee.id.unwrap(),
        coffee.starts_at,
        minutes(&coffee, 20),
        true,
    )
    .unwrap();
    assert_eq!(times(&db, event)[7], "10:35-10:40 Clôture");
}

#[test]
fn speakers_typed_in_the_running_order() {
    let (mut db, event) = morning();
    let speech = item(&db, event, "Mot d'accueil");
    let before = dump(&db);
    // A known name with a role, a known one in other case and accents, a
    // new one (joins the directory).
    let created = db
        .set_item_speakers_text(
            speech.id.unwrap(),
            "paul ferrand (Modération), CLAIRE VAUTRIN, Léa Martin (grand témoin)",
        )
        .unwrap();
    assert_eq!(created, 1);
    let now = item(&db, event, "Mot d'accueil");
    let directory = db.list_speakers().unwrap();
    let name = |id: i64| {
        directory
            .iter()
            .find(|s| s.id == Some(id))
            .unwrap()
            .name
            .clone()
    };
    let links: Vec<(String, &str)> = now
        .speakers
        .iter()
        .map(|l| (name(l.speaker_id), l.role.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            ("Paul Ferrand".to_owned(), "moderator"),
            ("Claire Vautrin".to_owned(), "speaker"),
            ("Léa Martin".to_owned(), "keynote"),
        ]
    );
    // A role nobody has: refused, nothing changed.
    let after = dump(&db);
    let err = db
        .set_item_speakers_text(speech.id.unwrap(), "Paul Ferrand (président)")
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("speakers"));
    assert_eq!(dump(&db), after);
    db.undo().unwrap();
    assert_eq!(dump(&db), before);
}

/// A new time typed in the running order tells the editor the item and the
/// items its ripple moved, and with them its copy is the programme as stored.
#[test]
fn a_retime_tells_the_editor_what_moved() {
    let (mut db, event) = morning();
    let open = item(&db, event, "Mot d'accueil");
    let before = db.editor_programme(event).unwrap();
    let retimed = db
        .retime_item_in_editor(open.id.unwrap(), open.starts_at, minutes(&open, 5), true)
        .unwrap();
    assert_eq!(retimed.moved, 6);
    assert_eq!(
        retimed.programme.items.len(),
        7,
        "the item and the six after it"
    );
    assert_eq!(retimed.history.undo.as_deref(), Some("item.retime"));
    assert_eq!(
        updated(&before, &retimed.programme),
        db.editor_programme(event).unwrap()
    );
    // Refused: nothing told, nothing moved.
    let err = db
        .retime_item_in_editor(open.id.unwrap(), open.starts_at, minutes(&open, -5), true)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
}
