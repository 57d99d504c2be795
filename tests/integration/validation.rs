//! Bad input gets an error naming the field and the reason, and leaves the
//! database exactly as it was.

use crate::{demo_db, dump};
use deroule::exchange::programme_file::ProgrammeFile;
use deroule::model::{Item, ItemSpeaker, Room, Speaker, SpeakerRole};
use deroule::{Db, ErrorCode};

fn at(item: &Item, hm: &str) -> chrono::NaiveDateTime {
    let t = chrono::NaiveTime::parse_from_str(hm, "%H:%M").unwrap();
    item.starts_at.date().and_time(t)
}

/// Each case: a change to a valid item, and the field and reason expected.
#[test]
fn bad_items_are_refused_whole() {
    let (mut db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let base = p
        .items
        .iter()
        .find(|i| i.title.starts_with("Table ronde inspirante #1"))
        .unwrap()
        .clone();
    let other_event = {
        let mut e = p.event.clone();
        e.title = "Autre journée".into();
        db.create_event(&e).unwrap()
    };
    let foreign_room = db
        .save_room(&Room {
            id: None,
            event_id: other_event.id.unwrap(),
            name: "Ailleurs".into(),
            capacity: None,
            accessibility: String::new(),
            position: 0,
        })
        .unwrap();
    let before = dump(&db);

    type Case = (
        &'static str,
        Box<dyn Fn(&mut Item)>,
        &'static str,
        &'static str,
    );
    let cases: Vec<Case> = vec![
        (
            "empty title",
            Box::new(|i| i.title = "   ".into()),
            "title",
            "required",
        ),
        (
            "end before start",
            Box::new(|i| i.ends_at = at(i, "09:45")),
            "endsAt",
            "end_before_start",
        ),
        (
            "end equals start",
            Box::new(|i| i.ends_at = i.starts_at),
            "endsAt",
            "end_before_start",
        ),
        (
            "another day",
            Box::new(|i| {
                i.starts_at += chrono::Duration::days(1);
                i.ends_at += chrono::Duration::days(1);
            }),
            "startsAt",
            "outside_event_date",
        ),
        (
            "past midnight",
            Box::new(|i| {
                i.starts_at = at(i, "23:00");
                i.ends_at = i.starts_at + chrono::Duration::hours(2);
            }),
            "endsAt",
            "outside_event_date",
        ),
        (
            "unknown room",
            Box::new(|i| i.room_id = Some(9999)),
            "roomId",
            "unknown_room",
        ),
        (
            "room of another event",
            Box::new(move |i| i.room_id = foreign_room.id),
            "roomId",
            "unknown_room",
        ),
        (
            "negative capacity",
            Box::new(|i| i.capacity = Some(-3)),
            "capacity",
            "negative",
        ),
        (
            "unknown speaker",
            Box::new(|i| {
                i.speakers.push(ItemSpeaker {
                    speaker_id: 9999,
                    role: SpeakerRole::Speaker,
                    topic: String::new(),
                })
            }),
            "speakers",
            "unknown_speaker",
        ),
        (
            "speaker twice",
            Box::new(|i| {
                let again = i.speakers[0].clone();
                i.speakers.push(again);
            }),
            "speakers",
            "duplicate_speaker",
        ),
    ];
    for (name, change, field, reason) in cases {
        for new in [false, true] {
            let mut item = base.clone();
            if new {
                item.id = None;
                item.uid.clear();
            }
            change(&mut item);
            let err = db.save_item(&item).expect_err(name);
            assert_eq!(err.code, ErrorCode::Invalid, "{name}");
            assert_eq!(err.field.as_deref(), Some(field), "{name}");
            assert_eq!(
                err.reason.as_deref(),
                Some(reason),
                "{name}: {}",
                err.message
            );
            assert_eq!(dump(&db), before, "{name}: nothing saved");
        }
    }
}

#[test]
fn bad_event_room_and_speaker() {
    let (mut db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let before = dump(&db);
    let mut e = p.event.clone();
    e.day_end = e.day_start;
    let err = db.update_event(&e).unwrap_err();
    assert_eq!(
        (err.field.as_deref(), err.reason.as_deref()),
        (Some("dayEnd"), Some("end_before_start"))
    );
    let mut e = p.event.clone();
    e.time_zone = "Paris".into();
    let err = db.update_event(&e).unwrap_err();
    assert_eq!(
        (err.field.as_deref(), err.reason.as_deref()),
        (Some("timeZone"), Some("bad_time_zone"))
    );
    let mut e = p.event.clone();
    e.title = String::new();
    assert_eq!(
        db.create_event(&e).unwrap_err().field.as_deref(),
        Some("title")
    );

    let mut room = p.rooms[0].clone();
    room.capacity = Some(-1);
    let err = db.save_room(&room).unwrap_err();
    assert_eq!(
        (err.field.as_deref(), err.reason.as_deref()),
        (Some("capacity"), Some("negative"))
    );
    room.capacity = Some(10);
    room.name = " ".into();
    assert_eq!(
        db.save_room(&room).unwrap_err().field.as_deref(),
        Some("name")
    );

    let mut s: Speaker = p.speakers[0].clone();
    s.email = "dorie.bruyas@".into();
    let err = db.save_speaker(&s).unwrap_err();
    assert_eq!(
        (err.field.as_deref(), err.reason.as_deref()),
        (Some("email"), Some("bad_email"))
    );
    assert_eq!(dump(&db), before);
}

/// A programme file with one bad item stores nothing at all, and the error
/// says where in the file the problem is.
#[test]
fn programme_file_is_all_or_nothing() {
    let mut db = Db::open_in_memory().unwrap();
    let before = dump(&db);
    let mut file = deroule::demo::programme_file();
    file.items[9].room = Some("Salle inconnue".into());
    let err = db.import_programme(&file).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("items[9].room"));
    assert_eq!(err.reason.as_deref(), Some("unknown_room"));
    let mut file = deroule::demo::programme_file();
    file.items[3].end = chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap();
    let err = db.import_programme(&file).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("items[3].endsAt"));
    assert_eq!(dump(&db), before);
    assert!(
        db.history().undo.is_none(),
        "a failed change is not in the history"
    );

    let err = ProgrammeFile::parse("{\"event\": {\n  \"title\": 3 }}").unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("bad_json"));
    assert!(err.message.contains("line 2"), "{}", err.message);
}
