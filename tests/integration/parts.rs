//! Parts as sections of their own: numbered and titled once, renamed once
//! for all their items, started at any item of the running order, gone
//! when no item is in them; the labels of older files become parts.

use crate::dump;
use crate::running::{item, morning};
use deroule::model::{Item, Part};
use deroule::{Db, ErrorCode};

/// "number|title: first item title, …" for each part, in order.
fn outline(db: &Db, event: i64) -> Vec<String> {
    let programme = db.programme(event).unwrap();
    programme
        .parts
        .iter()
        .map(|p| {
            let items: Vec<&str> = programme
                .items
                .iter()
                .filter(|i| i.part_id == p.id)
                .map(|i| i.title.split(' ').next().unwrap())
                .collect();
            format!("{}|{}: {}", p.number, p.title, items.join(", "))
        })
        .collect()
}

fn part(db: &Db, event: i64, number: &str) -> Part {
    db.programme(event)
        .unwrap()
        .parts
        .into_iter()
        .find(|p| p.number == number)
        .unwrap_or_else(|| panic!("no part {number}"))
}

/// The fixture names its parts by label ("02 Partie 1 : « … »"): they are
/// read as numbered parts, in the order of their first item.
#[test]
fn labels_in_a_file_become_numbered_parts_in_order() {
    let (db, event) = morning();
    assert_eq!(
        outline(&db, event),
        [
            "01|Ouverture: Accueil, Mot",
            "02|Partie 1 : « Une histoire en quatre temps »: 1985, 1995, 2010, 2024",
            "03|Partie 2 : Et demain ?: Et, Clôture",
        ]
    );
    // Each item reads its part as the file wrote it.
    assert_eq!(
        item(&db, event, "1985").part_label,
        "02 Partie 1 : « Une histoire en quatre temps »"
    );
}

#[test]
fn a_part_renamed_once_is_renamed_on_every_item_and_undone_in_one_step() {
    let (mut db, event) = morning();
    let before = dump(&db);
    let chapters = part(&db, event, "02");
    let saved = db
        .save_part(&Part {
            number: "Partie 1".into(),
            title: "Une histoire en quatre dates".into(),
            ..chapters.clone()
        })
        .unwrap();
    assert_eq!(saved.label(), "Partie 1 – Une histoire en quatre dates");
    let items = db.programme(event).unwrap().items;
    let renamed: Vec<&str> = items
        .iter()
        .filter(|i| i.part_label == "Partie 1 – Une histoire en quatre dates")
        .map(|i| &i.title[..4])
        .collect();
    assert_eq!(renamed, ["1985", "1995", "2010", "2024"]);
    assert_eq!(db.undo().unwrap().label, "part.save");
    assert_eq!(dump(&db), before);
}

#[test]
fn a_part_started_at_an_item_takes_the_rest_of_the_part_it_cuts() {
    let (mut db, event) = morning();
    let before = dump(&db);
    let at = item(&db, event, "2010").id.unwrap();
    let new = db.start_part(at, "02b", "Le temps présent").unwrap();
    assert_eq!(new.label(), "02b – Le temps présent");
    assert_eq!(
        outline(&db, event),
        [
            "01|Ouverture: Accueil, Mot",
            "02|Partie 1 : « Une histoire en quatre temps »: 1985, 1995",
            "02b|Le temps présent: 2010, 2024",
            "03|Partie 2 : Et demain ?: Et, Clôture",
        ]
    );
    assert_eq!(db.undo().unwrap().label, "part.start");
    assert_eq!(dump(&db), before);
}

#[test]
fn a_part_started_at_its_first_item_leaves_the_old_one_empty_and_gone() {
    let (mut db, event) = morning();
    let at = item(&db, event, "Accueil").id.unwrap();
    db.start_part(at, "00", "Accueil").unwrap();
    assert_eq!(
        outline(&db, event)[0..1],
        ["00|Accueil: Accueil, Mot".to_owned()]
    );
    assert!(db
        .programme(event)
        .unwrap()
        .parts
        .iter()
        .all(|p| p.title != "Ouverture"));
}

#[test]
fn an_item_saved_in_another_part_leaves_and_an_empty_part_goes() {
    let (mut db, event) = morning();
    // Both items of part 03 go to part 02 by its label, as the panel saves.
    let label = item(&db, event, "1985").part_label;
    for title in ["Et demain", "Clôture"] {
        db.save_item(&Item {
            part_label: label.clone(),
            ..item(&db, event, title)
        })
        .unwrap();
    }
    let parts = db.programme(event).unwrap().parts;
    assert_eq!(
        parts.iter().map(|p| p.number.as_str()).collect::<Vec<_>>(),
        ["01", "02"]
    );
    // A new label makes a new part, last.
    db.save_item(&Item {
        part_label: "IV – Clôture".into(),
        ..item(&db, event, "Clôture")
    })
    .unwrap();
    assert_eq!(part(&db, event, "IV").title, "Clôture");
}

#[test]
fn a_part_deleted_leaves_its_items_in_no_part() {
    let (mut db, event) = morning();
    let before = dump(&db);
    let gone = part(&db, event, "03");
    db.delete_part(gone.id.unwrap()).unwrap();
    let closing = item(&db, event, "Clôture");
    assert_eq!((closing.part_id, closing.part_label.as_str()), (None, ""));
    assert_eq!(db.programme(event).unwrap().parts.len(), 2);
    // Undo brings the part back with its items in it.
    assert_eq!(db.undo().unwrap().label, "part.delete");
    assert_eq!(dump(&db), before);
    assert_eq!(item(&db, event, "Clôture").part_id, gone.id);
}

#[test]
fn a_part_is_refused_empty_or_twice() {
    let (mut db, event) = morning();
    let at = item(&db, event, "2010").id.unwrap();
    let empty = db.start_part(at, " ", "").unwrap_err();
    assert_eq!(
        (empty.code, empty.reason.as_deref()),
        (ErrorCode::Invalid, Some("part_empty"))
    );
    let twice = db
        .start_part(at, "03", "Partie 2 : Et demain ?")
        .unwrap_err();
    assert_eq!(twice.reason.as_deref(), Some("part_exists"));
    assert!(
        twice.message.contains("03 Partie 2 : Et demain ?"),
        "{}",
        twice.message
    );
    let renamed = db
        .save_part(&Part {
            number: "03".into(),
            title: "Partie 2 : Et demain ?".into(),
            ..part(&db, event, "02")
        })
        .unwrap_err();
    assert_eq!(renamed.reason.as_deref(), Some("part_exists"));
    // Nothing was written.
    assert_eq!(db.programme(event).unwrap().parts.len(), 3);
}

/// A database of version 9 kept its parts as labels on the items: each
/// distinct label of an event becomes a part, in the order of its first
/// item, and the items read the same labels.
#[test]
fn labels_stored_by_version_9_migrate_to_parts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v8.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        deroule::db::migrations().to_version(&mut conn, 9).unwrap();
        conn.execute_batch(
            "INSERT INTO events (id, title, date, day_start, day_end) VALUES (1, 'Journée', '2026-06-04', '09:00', '17:00');
             INSERT INTO events (id, title, date, day_start, day_end) VALUES (2, 'Autre', '2026-06-05', '09:00', '17:00');
             INSERT INTO items (event_id, starts_at, ends_at, kind, title, part_label, uid) VALUES
               (1, '2026-06-04T14:00', '2026-06-04T15:00', 'workshop', 'Atelier', 'Après-midi', 'a'),
               (1, '2026-06-04T09:00', '2026-06-04T10:00', 'plenary', 'Plénière', ' Matinée ', 'b'),
               (1, '2026-06-04T10:00', '2026-06-04T11:00', 'plenary', 'Table ronde', 'Matinée', 'c'),
               (1, '2026-06-04T12:00', '2026-06-04T13:00', 'meal', 'Déjeuner', '', 'd'),
               (2, '2026-06-05T09:00', '2026-06-05T10:00', 'plenary', 'Ouverture', 'Matinée', 'e');",
        )
        .unwrap();
    }
    let db = Db::open(&path).unwrap();
    assert_eq!(
        outline(&db, 1),
        ["|Matinée: Plénière, Table", "|Après-midi: Atelier"]
    );
    assert_eq!(outline(&db, 2), ["|Matinée: Ouverture"]);
    assert_eq!(item(&db, 1, "Déjeuner").part_id, None);
    assert_eq!(item(&db, 1, "Table").part_label, "Matinée");
}

/// A part renamed once is printed and exported under its new name: its
/// number set apart in print, its label in each calendar event.
#[test]
fn a_renamed_part_is_printed_and_exported_under_its_new_name() {
    let (mut db, event) = morning();
    db.save_part(&Part {
        title: "Une histoire en quatre dates".into(),
        ..part(&db, event, "02")
    })
    .unwrap();
    let html = db
        .print(
            event,
            deroule::print::Document::Programme,
            &deroule::print::PrintOptions::default(),
        )
        .unwrap()
        .html;
    assert!(
        html.contains("<span class=\"part-number\">02</span> Une histoire en quatre dates"),
        "{html}"
    );
    assert!(!html.contains("quatre temps"));
    // The heading copies from the PDF as it reads, number first.
    let text = crate::print::Pdf::of(&html).text();
    assert!(text.contains("02 Une histoire en quatre dates"), "{text}");
    let now = chrono::DateTime::parse_from_rfc3339("2026-03-01T10:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let ics = db
        .export_ics(event, &deroule::exchange::ics::Selection::All, now)
        .unwrap();
    // Four chapters of the part, each saying it (folded lines joined).
    let unfolded = ics.replace("\r\n ", "");
    assert_eq!(
        unfolded.matches("02 Une histoire en quatre dates").count(),
        4,
        "{unfolded}"
    );
}

/// A label names a part by number only when it plainly has one, and the
/// number and title read back as the label was written.
#[test]
fn a_label_has_a_number_only_when_it_plainly_has_one() {
    use deroule::model::{part_label, split_part_label};
    let cases = [
        ("01 Ouverture", ("01", "Ouverture")),
        ("Partie 2 – Débats", ("Partie 2", "Débats")),
        ("IV – Clôture", ("IV", "Clôture")),
        // Counts, dates and dashes in titles are titles.
        (
            "4 ateliers d'1 heure au choix",
            ("", "4 ateliers d'1 heure au choix"),
        ),
        ("2024 : le numérique", ("", "2024 : le numérique")),
        ("2 – Débats", ("", "2 – Débats")),
        ("Atelier – suite", ("", "Atelier – suite")),
        ("Matinée", ("", "Matinée")),
    ];
    for (label, (number, title)) in cases {
        let split = split_part_label(label);
        assert_eq!(
            (split.0.as_str(), split.1.as_str()),
            (number, title),
            "{label}"
        );
        assert_eq!(part_label(&split.0, &split.1), label);
    }
}
