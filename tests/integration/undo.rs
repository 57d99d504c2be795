//! Undo reverts every kind of change exactly, redo replays it, and a new
//! change forgets what was undone.

use crate::{demo_db, dump};
use deroule::model::{ItemSpeaker, Room, Speaker, SpeakerRole, Venue};
use deroule::{Db, ErrorCode};

#[test]
fn undo_and_redo_every_change() {
    let (mut db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let mut states = vec![dump(&db)];
    let mut labels = Vec::new();
    let mut step = |db: &mut Db, label: &str, states: &mut Vec<String>| {
        labels.push(label.to_owned());
        assert_eq!(db.history().undo.as_deref(), Some(label));
        states.push(dump(db));
    };

    // Move an item and give it a new speaker with a question.
    let mut item = p.items[2].clone();
    item.starts_at += chrono::Duration::minutes(5);
    item.ends_at += chrono::Duration::minutes(5);
    let speaker = db
        .save_speaker(&Speaker {
            id: None,
            name: "Léa Martin".into(),
            title: "Médiatrice numérique".into(),
            organisation: "Centre social Peyri".into(),
            bio: String::new(),
            email: "lea.martin@example.org".into(),
            phone: String::new(),
        })
        .unwrap();
    step(&mut db, "speaker.create", &mut states);
    item.speakers.insert(
        0,
        ItemSpeaker {
            speaker_id: speaker.id.unwrap(),
            role: SpeakerRole::Moderator,
            topic: "Et les centres sociaux ?".into(),
        },
    );
    db.save_item(&item).unwrap();
    step(&mut db, "item.update", &mut states);
    // A room deleted: its items lose their room.
    db.delete_room(p.rooms[0].id.unwrap()).unwrap();
    step(&mut db, "room.delete", &mut states);
    db.save_room(&Room {
        id: None,
        event_id: id,
        name: "Mezzanine".into(),
        capacity: Some(30),
        accessibility: "Ascenseur".into(),
        position: 0,
    })
    .unwrap();
    step(&mut db, "room.create", &mut states);
    db.save_venue(
        id,
        &Venue {
            name: "Autre lieu".into(),
            latitude: Some(45.7797),
            longitude: Some(4.9214),
            ..Venue::default()
        },
    )
    .unwrap();
    step(&mut db, "venue.save", &mut states);
    db.delete_speaker(p.speakers[0].id.unwrap()).unwrap();
    step(&mut db, "speaker.delete", &mut states);
    // Sign-ups: a cancellation (which promotes nobody: seats were free),
    // a new sign-up, then the allocation again.
    let r = db.registrations(id).unwrap();
    db.cancel_signup(r.signups[0].id).unwrap();
    step(&mut db, "signup.cancel", &mut states);
    let walk_in = r
        .attendees
        .iter()
        .find(|a| !r.signups.iter().any(|s| s.attendee_id == a.id.unwrap()))
        .unwrap();
    db.sign_up(
        r.fills[0].item_id,
        walk_in.id.unwrap(),
        deroule::model::SignupSource::Desk,
    )
    .unwrap();
    step(&mut db, "signup.create", &mut states);
    db.allocate_block(r.blocks[0].id.unwrap(), false).unwrap();
    step(&mut db, "allocation.run", &mut states);
    // The whole event, cascading to everything it holds.
    db.delete_event(id).unwrap();
    step(&mut db, "event.delete", &mut states);

    let last = states.len() - 1;
    for i in (0..last).rev() {
        assert_eq!(db.undo().unwrap().label, labels[i]);
        assert_eq!(dump(&db), states[i], "after undoing {}", labels[i]);
    }
    assert_eq!(db.undo().unwrap().label, "demo.load");
    assert_eq!(db.list_events().unwrap().len(), 0);
    assert_eq!(db.undo().unwrap_err().code, ErrorCode::NothingToUndo);
    assert_eq!(db.redo().unwrap().label, "demo.load");
    assert_eq!(dump(&db), states[0]);
    for i in 1..=last {
        assert_eq!(db.redo().unwrap().label, labels[i - 1]);
        assert_eq!(dump(&db), states[i], "after redoing {}", labels[i - 1]);
    }
    assert!(db.history().redo.is_none());
}

#[test]
fn a_new_change_forgets_the_redo_history() {
    let (mut db, id) = demo_db();
    let mut item = db.programme(id).unwrap().items[0].clone();
    item.title = "Café d'accueil".into();
    db.save_item(&item).unwrap();
    db.undo().unwrap();
    assert_eq!(db.history().redo.as_deref(), Some("item.update"));
    item.title = "Accueil des participants".into();
    db.save_item(&item).unwrap();
    assert!(db.history().redo.is_none());
    assert_eq!(db.redo().unwrap_err().code, ErrorCode::NothingToUndo);
    db.undo().unwrap();
    let title = &db.programme(id).unwrap().items[0].title;
    assert_eq!(title, "Accueil café et inscription dans les ateliers");
}

#[test]
fn a_change_that_changes_nothing_is_not_recorded() {
    let (mut db, id) = demo_db();
    let item = db.programme(id).unwrap().items[0].clone();
    db.save_item(&item).unwrap();
    // An UPDATE that writes the same values still fires the trigger; undoing
    // it must then be harmless.
    db.undo().unwrap();
    assert_eq!(db.programme(id).unwrap().items[0], item);
}

/// Moving a room reorders the timeline's columns in one undoable step.
#[test]
fn rooms_move_left_and_right() {
    let (mut db, id) = demo_db();
    let names = |db: &Db| {
        db.programme(id)
            .unwrap()
            .rooms
            .iter()
            .map(|r| r.name.clone())
            .collect::<Vec<_>>()
    };
    let before = names(&db);
    let fablab = db.programme(id).unwrap().rooms[4].id.unwrap();
    db.move_room(fablab, -1).unwrap();
    assert_eq!(
        names(&db),
        [
            "Auditorium",
            "Espace numérique",
            "Salle d'animation",
            "Fablab",
            "Salle de l'heure du conte"
        ]
    );
    db.move_room(fablab, -10).unwrap();
    assert_eq!(names(&db)[0], "Fablab");
    db.move_room(fablab, 1).unwrap();
    assert_eq!(names(&db)[1], "Fablab");
    // Workshops follow their room: the timeline orders items by room position.
    let first_workshop = db
        .programme(id)
        .unwrap()
        .items
        .iter()
        .find(|i| i.title.starts_with("Atelier"))
        .unwrap()
        .title
        .clone();
    assert_eq!(first_workshop, "Atelier 4 : Échange avec des fablabs");
    for _ in 0..3 {
        assert_eq!(db.undo().unwrap().label, "room.move");
    }
    assert_eq!(names(&db), before);
    assert_eq!(db.move_room(9999, 1).unwrap_err().code, ErrorCode::NotFound);
}

/// What an undo or a redo says it reached is all the window reads back:
/// when it says the attendees list, the sign-up side or the speakers
/// directory were not reached, they are exactly as before. A plain move
/// reaches none of them; a sign-up cancelled leaves the attendees list.
#[test]
fn undo_and_redo_say_what_they_reached() {
    let (mut db, id) = demo_db();
    let regs = db.registrations(id).unwrap();
    let p = db.programme(id).unwrap();
    let filled: Vec<i64> = regs.fills.iter().map(|f| f.item_id).collect();
    let plain = p
        .items
        .iter()
        .find(|i| !filled.contains(&i.id.unwrap()))
        .unwrap()
        .clone();
    let with_fill = p
        .items
        .iter()
        .find(|i| filled.contains(&i.id.unwrap()))
        .unwrap()
        .clone();

    // Each change, and what its undo and redo reach (attendees, sign-ups,
    // directory).
    let mut moved = plain.clone();
    moved.starts_at += chrono::Duration::minutes(5);
    moved.ends_at += chrono::Duration::minutes(5);
    db.save_item(&moved).unwrap();
    let mut expected = vec![(false, false, false)];
    let mut retitled = with_fill.clone();
    retitled.title.push_str(" (complet)");
    db.save_item(&retitled).unwrap();
    expected.push((false, true, false));
    db.save_speaker(&Speaker {
        id: None,
        name: "Léa Martin".into(),
        title: "Médiatrice numérique".into(),
        organisation: "Centre social Peyri".into(),
        bio: String::new(),
        email: String::new(),
        phone: String::new(),
    })
    .unwrap();
    expected.push((false, false, true));
    let signup = regs.signups[0].clone();
    db.cancel_signup(signup.id).unwrap();
    expected.push((false, true, false));
    let mut renamed = regs.attendees[0].clone();
    renamed.organisation = "Médiathèque de Bron".into();
    db.save_attendee(&renamed).unwrap();
    expected.push((true, false, false));
    let holder = regs.signups.last().unwrap().attendee_id;
    db.delete_attendee(holder).unwrap();
    expected.push((true, true, false));
    db.set_item_workshop(plain.id.unwrap(), Some(regs.blocks[0].id.unwrap()), None)
        .unwrap();
    expected.push((false, true, false));
    let mut room = p.rooms[0].clone();
    room.capacity = Some(3);
    db.save_room(&room).unwrap();
    expected.push((false, true, false));

    let check = |db: &mut Db, undo: bool, want: (bool, bool, bool)| {
        let attendees = db.attendees(id).unwrap();
        let state = db.signup_state(id).unwrap();
        let speakers = db.list_speakers().unwrap();
        let done = if undo { db.undo() } else { db.redo() }.unwrap();
        let got = (
            done.reach.attendees,
            done.reach.signups,
            done.reach.directory,
        );
        assert_eq!(
            got,
            want,
            "{} of {}",
            if undo { "undo" } else { "redo" },
            done.label
        );
        assert_eq!(done.history, db.history());
        if !got.0 {
            assert_eq!(db.attendees(id).unwrap(), attendees, "{}", done.label);
        }
        if !got.1 {
            assert_eq!(db.signup_state(id).unwrap(), state, "{}", done.label);
        }
        if !got.2 {
            assert_eq!(db.list_speakers().unwrap(), speakers, "{}", done.label);
        }
    };
    for want in expected.iter().rev() {
        check(&mut db, true, *want);
    }
    for want in &expected {
        check(&mut db, false, *want);
    }
}

/// A connection that exports before it changes anything (the command line,
/// the app's first export) records what the calendar sent without a step
/// of undo, and its first change after is undone whole.
#[test]
fn an_export_before_any_change_is_no_step_and_the_next_change_undoes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deroule.db");
    let id = {
        let mut db = Db::open(&path).unwrap();
        let id = db.load_demo().unwrap();
        let mut event = db.programme(id).unwrap().event;
        event.status = deroule::model::EventStatus::Published;
        db.update_event(&event).unwrap();
        id
    };
    let mut db = Db::open(&path).unwrap();
    let now = db.now();
    let first = db
        .export_ics(id, &deroule::exchange::ics::Selection::All, now)
        .unwrap();
    assert!(first.contains("BEGIN:VEVENT"));
    // Published: what it sent is recorded, and is not a step of undo.
    let sent: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM calendar_sent", [], |r| r.get(0))
        .unwrap();
    assert!(sent > 0);
    assert_eq!(db.history().undo, None);
    let before = dump(&db);
    let mut item = db.programme(id).unwrap().items[0].clone();
    item.title = "Accueil des participants".into();
    db.save_item(&item).unwrap();
    assert_eq!(db.history().undo.as_deref(), Some("item.update"));
    db.undo().unwrap();
    assert_eq!(dump(&db), before);
    db.redo().unwrap();
    assert_eq!(
        db.programme(id).unwrap().items[0].title,
        "Accueil des participants"
    );
}

/// A deleted event is put aside: gone from every read and closed to
/// additions, back whole on undo, and purged with all it holds only once
/// no step of undo or redo leads back to it; the purge is no step itself.
#[test]
fn a_deleted_event_is_put_aside_then_purged_once_undo_cannot_reach_it() {
    let (mut db, id) = demo_db();
    let kept = db
        .create_event(&deroule::model::Event {
            title: "Une autre journée".into(),
            ..db.event(id).unwrap()
        })
        .unwrap();
    let before = dump(&db);
    let item = db.programme(id).unwrap().items[0].clone();
    let count =
        |db: &Db, sql: &str| -> i64 { db.conn().query_row(sql, [id], |r| r.get(0)).unwrap() };
    let attendees = count(&db, "SELECT count(*) FROM attendees WHERE event_id = ?1");
    assert!(attendees > 0);

    db.delete_event(id).unwrap();
    assert_eq!(db.history().undo.as_deref(), Some("event.delete"));
    let listed: Vec<_> = db.list_events().unwrap().iter().map(|e| e.id).collect();
    assert_eq!(listed, vec![kept.id.unwrap()]);
    for code in [
        db.event(id).unwrap_err().code,
        db.programme(id).unwrap_err().code,
        db.attendees(id).unwrap_err().code,
        db.duplicate_event(id, " (copie)").unwrap_err().code,
        db.delete_event(id).unwrap_err().code,
        db.save_attendee(&crate::new_attendee(id, "Léa Martin"))
            .unwrap_err()
            .code,
    ] {
        assert_eq!(code, ErrorCode::NotFound);
    }
    // An item added by one who still had the event in hand is refused,
    // and so is a row written straight into it (the schema's guard).
    let added = db.save_item(&deroule::model::Item {
        id: None,
        ..item.clone()
    });
    assert_eq!(added.unwrap_err().code, ErrorCode::NotFound);
    let raw = db.conn().execute(
        "INSERT INTO rooms (event_id, name, capacity) VALUES (?1, 'Salle 3', 20)",
        [id],
    );
    assert!(raw
        .unwrap_err()
        .to_string()
        .contains("the event was deleted"));
    // Its rows are all still there while undo can bring it back.
    assert_eq!(db.purge_deleted_events().unwrap(), 0);
    assert_eq!(
        count(&db, "SELECT count(*) FROM attendees WHERE event_id = ?1"),
        attendees
    );

    db.undo().unwrap();
    assert_eq!(dump(&db), before);
    // Deleted again by redo: redo's step leads to it, so it stays.
    db.redo().unwrap();
    assert_eq!(db.purge_deleted_events().unwrap(), 0);
    db.undo().unwrap();
    assert_eq!(dump(&db), before);
    db.redo().unwrap();

    // Once the history forgets it, it goes with everything it held, and
    // undo is as it was (nothing to undo).
    db.forget_history().unwrap();
    assert_eq!(db.purge_deleted_events().unwrap(), 1);
    assert_eq!(db.undo().unwrap_err().code, ErrorCode::NothingToUndo);
    for table in [
        "items",
        "rooms",
        "attendees",
        "signups",
        "choice_blocks",
        "venues",
    ] {
        let sql = format!(
            "SELECT count(*) FROM {table} WHERE {} = ?1",
            match table {
                "signups" =>
                    "attendee_id IN (SELECT id FROM attendees WHERE event_id = ?1) OR ?1 = 0",
                _ => "event_id",
            }
        );
        assert_eq!(count(&db, &sql), 0, "{table}");
    }
    assert_eq!(count(&db, "SELECT count(*) FROM events WHERE id = ?1"), 0);
    assert_eq!(db.list_events().unwrap().len(), 1);
    // The next change is undone as usual.
    db.delete_event(kept.id.unwrap()).unwrap();
    db.undo().unwrap();
    assert_eq!(db.list_events().unwrap().len(), 1);
}

/// A text that holds a NUL character (a UID read from a damaged calendar
/// file, a title pasted from one) comes back whole: SQLite's `quote()`,
/// which writes what undo keeps, cuts a text at its NUL, and the shortened
/// UID then clashed with another item's.
#[test]
fn a_text_with_a_nul_comes_back_whole() {
    let (mut db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let (first, mut second) = (p.items[0].clone(), p.items[1].clone());
    // The second item's UID is the first's, then a NUL and more.
    second.uid = format!("{}\0\0P:20221120T080000Z", first.uid);
    second.title = "Accueil\0 et introduction".into();
    db.conn()
        .execute(
            "UPDATE items SET uid = ?2, title = ?3 WHERE id = ?1",
            rusqlite::params![second.id, second.uid, second.title],
        )
        .unwrap();
    let before = dump(&db);
    let mut moved = db.programme(id).unwrap().items[1].clone();
    assert_eq!(moved.uid, second.uid, "stored whole");
    moved.title = "Autre titre".into();
    moved.uid = "autre@deroule".into();
    db.save_item(&moved).unwrap();
    db.undo().unwrap();
    assert_eq!(dump(&db), before);
    let back = db.programme(id).unwrap().items[1].clone();
    assert_eq!((back.uid, back.title), (second.uid, second.title));
    // Deleted and undone: the row comes back by INSERT.
    db.delete_item(back.id.unwrap()).unwrap();
    db.undo().unwrap();
    assert_eq!(dump(&db), before);
    db.redo().unwrap();
    db.undo().unwrap();
    assert_eq!(dump(&db), before);
}
