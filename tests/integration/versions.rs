//! Versions of the programme that went out, and the changes since: what
//! each change says, and whom it concerns.

use super::demo_db;
use deroule::model::{Id, Item, ItemSpeaker, SignupStatus, SpeakerRole};
use deroule::versions::ChangeKind;
use deroule::words::Lang;
use deroule::{Db, ErrorCode};

fn item(db: &Db, event: Id, title_starts: &str, time: &str) -> Item {
    db.programme(event)
        .unwrap()
        .items
        .into_iter()
        .find(|i| {
            i.title.starts_with(title_starts) && i.starts_at.format("%H:%M").to_string() == time
        })
        .unwrap_or_else(|| panic!("no item {title_starts:?} at {time}"))
}

fn signed_up(db: &Db, event: Id, item_id: Id) -> (Vec<Id>, Vec<Id>) {
    let r = db.registrations(event).unwrap();
    let of = |status| {
        r.signups
            .iter()
            .filter(|s| s.item_id == item_id && s.status == status)
            .map(|s| s.attendee_id)
            .collect::<Vec<_>>()
    };
    (of(SignupStatus::Confirmed), of(SignupStatus::Waitlisted))
}

#[test]
fn a_version_is_listed_named_once_and_never_edited() {
    let (mut db, event) = demo_db();
    assert!(db.versions(event).unwrap().is_empty());
    let err = db.changes(event, None, None).unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("no_version"));
    let v = db.mark_version(event, "  Programme imprimé ").unwrap();
    assert_eq!(v.label, "Programme imprimé");
    assert_eq!(
        v.item_count,
        db.programme(event).unwrap().items.len() as i64
    );
    let err = db.mark_version(event, "Programme imprimé").unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("taken"));
    let err = db.mark_version(event, "   ").unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("required"));
    db.mark_version(event, "Envoi du 3 juin").unwrap();
    let labels: Vec<String> = db
        .versions(event)
        .unwrap()
        .into_iter()
        .map(|v| v.label)
        .collect();
    assert_eq!(labels, ["Programme imprimé", "Envoi du 3 juin"]);
    // The database itself refuses to edit one.
    let err = db
        .conn()
        .execute("UPDATE versions SET label = 'autre' WHERE id = ?1", [v.id])
        .unwrap_err();
    assert!(err.to_string().contains("never edited"), "{err}");
    // Marking is not an undoable change: undo has nothing of it.
    assert_eq!(db.history().undo.as_deref(), Some("demo.load"));
    let err = db.changes(event, Some("Inconnue"), None).unwrap_err();
    assert_eq!(
        (err.code, err.reason.as_deref()),
        (ErrorCode::Invalid, Some("not_found"))
    );
    // Nothing changed since: no change.
    assert!(db.changes(event, None, None).unwrap().changes.is_empty());
}

#[test]
fn each_change_is_said_in_words_with_the_people_it_concerns() {
    let (mut db, event) = demo_db();
    db.mark_version(event, "Programme imprimé").unwrap();
    let p = db.programme(event).unwrap();
    // A workshop moved by half an hour.
    let mut moved = item(&db, event, "Atelier 1", "14:00");
    let (moved_confirmed, moved_waiting) = signed_up(&db, event, moved.id.unwrap());
    assert!(!moved_confirmed.is_empty());
    moved.starts_at += chrono::Duration::minutes(30);
    moved.ends_at += chrono::Duration::minutes(30);
    db.save_item(&moved).unwrap();
    // Another changes room, a round table changes title and speakers.
    let mut roomed = item(&db, event, "Atelier 3", "14:00");
    let new_room = p.rooms.iter().find(|r| r.id != roomed.room_id).unwrap();
    roomed.room_id = new_room.id;
    db.save_item(&roomed).unwrap();
    let mut table = item(&db, event, "Table ronde inspirante #2", "11:00");
    let old_title = table.title.clone();
    table.title = "Table ronde #2 : hybridations".into();
    let removed = table.speakers.remove(0).speaker_id;
    let added = p
        .speakers
        .iter()
        .find(|s| {
            !table.speakers.iter().any(|t| Some(t.speaker_id) == s.id) && Some(removed) != s.id
        })
        .unwrap()
        .id
        .unwrap();
    table.speakers.push(ItemSpeaker {
        speaker_id: added,
        role: SpeakerRole::Panelist,
        topic: String::new(),
    });
    db.save_item(&table).unwrap();
    // A workshop occurrence is cancelled, with its people.
    let cancelled = item(&db, event, "Atelier 2", "15:00");
    let (cancelled_confirmed, _) = signed_up(&db, event, cancelled.id.unwrap());
    db.delete_item(cancelled.id.unwrap()).unwrap();
    // And an item is added.
    let mut added_item = item(&db, event, "Pause méridienne", "12:30");
    added_item.id = None;
    added_item.uid = String::new();
    added_item.title = "Apéritif de clôture".into();
    added_item.starts_at = added_item.starts_at.date().and_hms_opt(17, 0, 0).unwrap();
    added_item.ends_at = added_item.starts_at + chrono::Duration::minutes(45);
    db.save_item(&added_item).unwrap();

    let report = db.changes(event, None, None).unwrap();
    assert_eq!(report.lang, Lang::Fr);
    let said: Vec<(ChangeKind, &str)> = report
        .changes
        .iter()
        .map(|c| (c.kind, c.text.as_str()))
        .collect();
    let nbsp = '\u{a0}';
    let q = |t: &str| format!("«\u{202f}{t}\u{202f}»");
    assert_eq!(
        said,
        [
            (
                ChangeKind::TitleChanged,
                format!(
                    "Nouveau titre{nbsp}: {} devient {}",
                    q(&old_title),
                    q("Table ronde #2 : hybridations")
                )
                .as_str()
            ),
            (
                ChangeKind::SpeakerAdded,
                format!("Intervenant·e ajouté·e{nbsp}: {}", name(&report, added)).as_str()
            ),
            (
                ChangeKind::SpeakerRemoved,
                format!("Intervenant·e retiré·e{nbsp}: {}", name(&report, removed)).as_str()
            ),
            (
                ChangeKind::RoomChanged,
                format!(
                    "Change de salle{nbsp}: Salle de l'heure du conte devient {}",
                    new_room.name
                )
                .as_str()
            ),
            (ChangeKind::Moved, "Déplacé de 14h à 14h30"),
            (ChangeKind::Cancelled, "Annulé (était prévu 15h–16h)"),
            (
                ChangeKind::Added,
                format!("Ajouté au programme{nbsp}: 17h–17h45").as_str()
            ),
        ]
    );
    let of = |kind| report.changes.iter().find(|c| c.kind == kind).unwrap();
    let m = of(ChangeKind::Moved);
    assert_eq!(
        m.before.as_deref(),
        Some("2022-12-09T14:00/2022-12-09T15:00")
    );
    assert_eq!(
        m.after.as_deref(),
        Some("2022-12-09T14:30/2022-12-09T15:30")
    );
    let mut expected: Vec<Id> = moved_confirmed
        .iter()
        .chain(&moved_waiting)
        .copied()
        .collect();
    expected.sort();
    let mut got = m.attendee_ids.clone();
    got.sort();
    assert_eq!(got, expected);
    // The people of a cancelled item are those who had a seat then.
    let c = of(ChangeKind::Cancelled);
    assert!(!cancelled_confirmed.is_empty());
    for id in &cancelled_confirmed {
        assert!(c.attendee_ids.contains(id));
    }
    assert_eq!(c.item.id, cancelled.id.unwrap());
    // The removed and the added speakers are both concerned.
    let s = of(ChangeKind::SpeakerRemoved);
    assert!(s.speaker_ids.contains(&removed) && s.speaker_ids.contains(&added));
    assert!(of(ChangeKind::Added).attendee_ids.is_empty());
    // Everyone named is in the report's people, with an email when known.
    for c in &report.changes {
        for id in &c.attendee_ids {
            assert!(report.attendees.iter().any(|p| p.id == *id));
        }
        for id in &c.speaker_ids {
            assert!(report.speakers.iter().any(|p| p.id == *id));
        }
    }
    // In English on request.
    let en = db
        .changes(event, Some("Programme imprimé"), Some(Lang::En))
        .unwrap();
    let moved_en = en
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::Moved)
        .unwrap();
    assert_eq!(moved_en.text, "Moved from 14:00 to 14:30");
}

fn name(report: &deroule::versions::ChangeReport, speaker: Id) -> String {
    report
        .speakers
        .iter()
        .find(|p| p.id == speaker)
        .unwrap()
        .name
        .clone()
}

#[test]
fn a_new_length_and_a_new_day_are_said_in_full() {
    let l = Lang::Fr;
    let at = |d: u32, h: u32, m: u32| {
        chrono::NaiveDate::from_ymd_opt(2025, 7, d)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    };
    assert_eq!(
        l.change_moved((at(1, 14, 0), at(1, 15, 0)), (at(1, 14, 0), at(1, 15, 30))),
        "Horaire changé\u{a0}: 14h–15h devient 14h–15h30"
    );
    assert_eq!(
        l.change_moved((at(1, 9, 30), at(1, 10, 0)), (at(2, 9, 30), at(2, 10, 0))),
        "Déplacé de mardi 1er juillet 2025, 9h30 à mercredi 2 juillet 2025, 9h30"
    );
    assert_eq!(
        Lang::En.change_moved((at(1, 14, 0), at(1, 15, 0)), (at(1, 16, 0), at(1, 17, 30))),
        "Time changed: 14:00–15:00 is now 16:00–17:30"
    );
}
