//! Personal calendars: each attendee's own day as an `.ics`, under the
//! programme's UIDs, read back by the `ical` crate and Python's `icalendar`;
//! a workshop an attendee no longer holds goes out to them cancelled, and
//! the archive of everyone's calendars opens with Python's `zipfile`.

use crate::ics_export::{now, python_read};
use crate::{add_attendee, demo_db, python};
use deroule::exchange::ics::Selection;
use deroule::exchange::{slug, ExportFormat};
use deroule::model::{EventStatus, Id, SignupStatus};
use deroule::Db;
use std::collections::HashMap;
use std::process::Command;

/// (UID, STATUS, SEQUENCE) of each VEVENT, read by the `ical` crate.
fn events(ics: &str) -> Vec<(String, String, i64)> {
    let mut out = Vec::new();
    for cal in ical::IcalParser::new(ics.as_bytes()) {
        for ev in cal.expect("the ical crate reads the file").events {
            let value = |name: &str| {
                ev.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            };
            out.push((
                value("UID"),
                value("STATUS"),
                value("SEQUENCE").parse().unwrap(),
            ));
        }
    }
    out
}

fn publish(db: &mut Db, id: Id, status: EventStatus) {
    let mut event = db.event(id).unwrap();
    event.status = status;
    db.update_event(&event).unwrap();
}

#[test]
fn each_attendee_gets_their_own_day_under_the_programme_uids() {
    let (mut db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let uid_of: HashMap<Id, &str> = p
        .items
        .iter()
        .map(|i| (i.id.unwrap(), i.uid.as_str()))
        .collect();
    let programme = events(&db.export_ics(id, &Selection::All, now()).unwrap());
    let calendars = db.personal_calendars(id, now()).unwrap();
    let attendees = db.attendees(id).unwrap();
    assert_eq!(calendars.len(), attendees.len());
    assert!(calendars.len() >= 50, "the demo has its attendees");
    let mut sizes = Vec::new();
    for c in &calendars {
        let day = db.attendee_day(id, c.attendee_id).unwrap();
        let expected: Vec<&str> = day.programme.iter().map(|l| uid_of[&l.item_id]).collect();
        let got = events(&c.file.contents);
        let uids: Vec<&str> = got.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(uids, expected, "{}", c.name);
        for e in &got {
            assert!(
                programme.iter().any(|p| p.0 == e.0),
                "same UID as the programme's"
            );
        }
        assert!(c.file.contents.contains(&format!(
            "X-WR-CALNAME:La métamorphose réciproque — {}\r\n",
            c.name
        )));
        assert!(c
            .file
            .file_name
            .ends_with(&format!("-{}.ics", slug(&c.name))));
        // One by one, the same file.
        let one = db
            .export(
                id,
                ExportFormat::Ics,
                &Selection::Attendee(c.attendee_id),
                now(),
            )
            .unwrap();
        assert_eq!(one, c.file);
        sizes.push(got.len());
    }
    // Days differ by the workshops held: the common items and two rounds.
    let common = p.items.iter().filter(|i| i.block_id.is_none()).count();
    assert!(sizes.iter().all(|&n| n >= common && n <= common + 2));
    assert!(sizes.contains(&(common + 2)));

    // Python's icalendar reads one, with the programme's titles.
    let first = &calendars[0];
    let parsed = python_read(&first.file.contents, true);
    let titles: Vec<&str> = parsed.iter().map(|e| e.summary.as_str()).collect();
    let day = db.attendee_day(id, first.attendee_id).unwrap();
    let expected: Vec<&str> = day
        .programme
        .iter()
        .map(|l| {
            p.items
                .iter()
                .find(|i| i.id == Some(l.item_id))
                .unwrap()
                .title
                .as_str()
        })
        .collect();
    assert_eq!(titles, expected);
}

#[test]
fn an_unknown_attendee_or_another_events_is_refused() {
    let (mut db, id) = demo_db();
    let err = db
        .export(id, ExportFormat::Ics, &Selection::Attendee(99_999), now())
        .unwrap_err();
    assert!(err.message.contains("attendee 99999"), "{}", err.message);
    let other = db.duplicate_event(id, " (copie)");
    let other = other.unwrap().id.unwrap();
    let someone = db.attendees(id).unwrap()[0].id.unwrap();
    let err = db
        .export(
            other,
            ExportFormat::Ics,
            &Selection::Attendee(someone),
            now(),
        )
        .unwrap_err();
    assert!(err.message.contains("not"), "{}", err.message);
}

/// An attendee, their sign-up for a workshop, its item, and an item of the
/// same block it can move to (the demo's workshops are
/// full: they get more seats first).
fn movable(db: &mut Db, id: Id) -> (Id, Id, Id, Id) {
    for mut item in db.programme(id).unwrap().items {
        if item.block_id.is_some() {
            item.capacity = Some(200);
            db.save_item(&item).unwrap();
        }
    }
    let reg = db.registrations(id).unwrap();
    for s in reg
        .signups
        .iter()
        .filter(|s| s.status == SignupStatus::Confirmed)
    {
        let day = db.attendee_day(id, s.attendee_id).unwrap();
        let Some(moves) = day.moves.iter().find(|m| m.signup_id == s.id) else {
            continue;
        };
        // A move the engine accepts, tried and undone.
        for &to in &moves.item_ids {
            if db.move_signup(s.id, to).is_ok() {
                db.undo().unwrap();
                return (s.attendee_id, s.id, s.item_id, to);
            }
        }
    }
    panic!("the demo has a sign-up that can move");
}

#[test]
fn a_workshop_no_longer_held_goes_out_cancelled_to_that_attendee_only() {
    let (mut db, id) = demo_db();
    publish(&mut db, id, EventStatus::Published);
    let (attendee, signup, from, to) = movable(&mut db, id);
    let p = db.programme(id).unwrap();
    let uid = |item: Id| {
        p.items
            .iter()
            .find(|i| i.id == Some(item))
            .unwrap()
            .uid
            .clone()
    };
    let (from_uid, to_uid) = (uid(from), uid(to));
    let mine = Selection::Attendee(attendee);
    let find = |evs: &[(String, String, i64)], uid: &str| {
        evs.iter().find(|e| e.0 == uid).map(|e| (e.1.clone(), e.2))
    };

    let first = events(&db.export_ics(id, &mine, now()).unwrap());
    assert_eq!(find(&first, &from_uid), Some(("CONFIRMED".into(), 0)));
    assert_eq!(find(&first, &to_uid), None);

    db.move_signup(signup, to).unwrap();
    let moved = events(&db.export_ics(id, &mine, now()).unwrap());
    assert_eq!(find(&moved, &from_uid), Some(("CANCELLED".into(), 1)));
    assert_eq!(find(&moved, &to_uid), Some(("CONFIRMED".into(), 0)));
    assert_eq!(moved.len(), first.len() + 1);
    for e in moved.iter().filter(|e| e.0 != from_uid) {
        assert_eq!(e.2, 0, "nothing else changed for them");
    }
    // The same calendar again: still cancelled, the SEQUENCE kept.
    let again = events(&db.export_ics(id, &mine, now()).unwrap());
    assert_eq!(again, moved);
    // The programme still has the workshop, as it was.
    let programme = events(&db.export_ics(id, &Selection::All, now()).unwrap());
    assert_eq!(find(&programme, &from_uid), Some(("CONFIRMED".into(), 0)));

    // Back again: the item returns above the cancellation they were sent.
    let reg = db.registrations(id).unwrap();
    let now_signup = reg
        .signups
        .iter()
        .find(|s| s.attendee_id == attendee && s.item_id == to)
        .unwrap()
        .id;
    db.move_signup(now_signup, from).unwrap();
    let back = events(&db.export_ics(id, &mine, now()).unwrap());
    assert_eq!(find(&back, &from_uid), Some(("CONFIRMED".into(), 2)));
    assert_eq!(find(&back, &to_uid), Some(("CANCELLED".into(), 1)));

    // A change to a common item raises it alike in both calendars.
    let mut common = p
        .items
        .iter()
        .find(|i| i.block_id.is_none())
        .unwrap()
        .clone();
    common.title = format!("{} (nouvelle salle)", common.title);
    db.save_item(&common).unwrap();
    let personal = events(&db.export_ics(id, &mine, now()).unwrap());
    let programme = events(&db.export_ics(id, &Selection::All, now()).unwrap());
    assert_eq!(find(&personal, &common.uid), Some(("CONFIRMED".into(), 1)));
    assert_eq!(find(&programme, &common.uid), Some(("CONFIRMED".into(), 1)));
}

/// Written all at once (each item's VEVENT made once per SEQUENCE and
/// copied into every calendar holding it), each attendee's calendar is the
/// file exported for them alone: the one who got a workshop back at a
/// higher SEQUENCE than the others hold it at included.
#[test]
fn everyones_calendars_at_once_are_each_theirs_alone() {
    let (mut db, id) = demo_db();
    publish(&mut db, id, EventStatus::Published);
    let (attendee, signup, from, to) = movable(&mut db, id);
    db.personal_calendars(id, now()).unwrap();
    db.move_signup(signup, to).unwrap();
    db.personal_calendars(id, now()).unwrap();
    let back = db
        .registrations(id)
        .unwrap()
        .signups
        .into_iter()
        .find(|s| s.attendee_id == attendee && s.item_id == to)
        .unwrap();
    db.move_signup(back.id, from).unwrap();
    let all = db.personal_calendars(id, now()).unwrap();

    let p = db.programme(id).unwrap();
    let from_uid = &p.items.iter().find(|i| i.id == Some(from)).unwrap().uid;
    let sequence_of = |ics: &str| {
        events(ics)
            .into_iter()
            .find(|e| &e.0 == from_uid)
            .map(|e| (e.1, e.2))
    };
    let mut others = 0;
    for c in &all {
        let alone = db
            .export_ics(id, &Selection::Attendee(c.attendee_id), now())
            .unwrap();
        assert_eq!(c.file.contents, alone, "{}", c.name);
        match sequence_of(&alone) {
            Some(seen) if c.attendee_id == attendee => {
                assert_eq!(seen, ("CONFIRMED".into(), 2))
            }
            Some(seen) => {
                assert_eq!(seen, ("CONFIRMED".into(), 0));
                others += 1;
            }
            None => {}
        }
    }
    assert!(others > 0, "others hold the workshop at its first SEQUENCE");
}

/// An archive written as it is made, into a disk that fills up, or that
/// cannot be put in its place: refused, saying why, and nothing recorded
/// as sent; with room, the same export records what it sent.
#[test]
fn an_archive_that_cannot_be_written_records_nothing() {
    struct FillsUp(std::io::Cursor<Vec<u8>>);
    impl std::io::Write for FillsUp {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0.get_ref().len() + buf.len() > 20_000 {
                return Err(std::io::Error::from_raw_os_error(28));
            }
            self.0.write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    impl std::io::Seek for FillsUp {
        fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
            self.0.seek(pos)
        }
    }
    let sent = |db: &Db| -> (i64, i64) {
        let count = |table: &str| {
            db.conn()
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        (count("calendar_sent"), count("personal_calendar_sent"))
    };
    let (mut db, id) = demo_db();
    publish(&mut db, id, EventStatus::Published);
    let out = FillsUp(Default::default());
    let e = db
        .personal_calendars_zip_into(id, now(), out, |_| Ok(()))
        .unwrap_err();
    assert_eq!(e.code, deroule::ErrorCode::Io);
    assert!(
        e.message
            .starts_with("cannot write the calendars' archive: ")
            && e.message.contains("space"),
        "{}",
        e.message
    );
    assert_eq!(sent(&db), (0, 0));

    let out = std::io::Cursor::new(Vec::new());
    let e = db
        .personal_calendars_zip_into(id, now(), out, |_| -> deroule::Result<()> {
            Err(deroule::Error::new(deroule::ErrorCode::Io, "cannot rename"))
        })
        .unwrap_err();
    assert_eq!(e.message, "cannot rename");
    assert_eq!(sent(&db), (0, 0));

    let out = std::io::Cursor::new(Vec::new());
    let bytes = db
        .personal_calendars_zip_into(id, now(), out, |c| Ok(c.into_inner()))
        .unwrap();
    assert!(bytes.starts_with(b"PK"));
    let (programme, personal) = sent(&db);
    assert!(
        programme > 0 && personal > programme,
        "{programme} {personal}"
    );
}

fn count(db: &Db, sql: &str) -> i64 {
    db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Once published, what everyone's calendars sent is kept as one list of
/// the items common to everyone and, per attendee, their own rows only
/// (the workshops they hold), where it was a row per attendee and item.
#[test]
fn common_items_are_recorded_once_not_per_attendee() {
    let (mut db, id) = demo_db();
    publish(&mut db, id, EventStatus::Published);
    db.personal_calendars(id, now()).unwrap();
    let attendees = db.attendees(id).unwrap().len() as i64;
    let held = count(
        &db,
        "SELECT count(*) FROM signups s JOIN items i ON i.id = s.item_id \
         WHERE s.status = 'confirmed' AND i.workshop_id IS NOT NULL",
    );
    assert!(held > 0);
    assert_eq!(
        count(&db, "SELECT count(*) FROM personal_calendar_sent"),
        held
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM personal_calendar_commons"),
        1
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM personal_calendar_holders"),
        attendees
    );
    // The same again records nothing new; the event and its records go
    // together.
    db.personal_calendars(id, now()).unwrap();
    assert_eq!(
        count(&db, "SELECT count(*) FROM personal_calendar_sent"),
        held
    );
    assert_eq!(
        count(&db, "SELECT count(*) FROM personal_calendar_commons"),
        1
    );
    db.delete_event(id).unwrap();
    db.forget_history().unwrap();
    db.purge_deleted_events().unwrap();
    for table in [
        "personal_calendar_sent",
        "personal_calendar_commons",
        "personal_calendar_holders",
    ] {
        assert_eq!(count(&db, &format!("SELECT count(*) FROM {table}")), 0);
    }
}

/// An item common to everyone that becomes a workshop goes out cancelled
/// to those who had it and do not hold it, from the list of common items
/// their calendar held; an attendee whose first calendar comes after is
/// sent no cancellation. A database that recorded a row per attendee and
/// item (before version 14) gives the same calendars, and drops the rows
/// that say what the programme says.
#[test]
fn a_common_item_made_a_workshop_goes_out_cancelled_to_who_had_it() {
    let (mut db, id) = demo_db();
    publish(&mut db, id, EventStatus::Published);
    let p = db.programme(id).unwrap();
    let block = p.items.iter().find_map(|i| i.block_id).unwrap();
    let common = p
        .items
        .iter()
        .find(|i| i.block_id.is_none() && i.room_id.is_some())
        .unwrap()
        .clone();
    let someone = db.attendees(id).unwrap()[0].id.unwrap();
    db.personal_calendars(id, now()).unwrap();
    let find = |ics: &str| {
        events(ics)
            .into_iter()
            .find(|e| e.0 == common.uid)
            .map(|e| (e.1, e.2))
    };
    let before = db
        .export_ics(id, &Selection::Attendee(someone), now())
        .unwrap();
    assert_eq!(find(&before), Some(("CONFIRMED".into(), 0)));

    // As recorded before version 14: a row for every item sent.
    let own = count(&db, "SELECT count(*) FROM personal_calendar_sent");
    db.conn()
        .execute_batch(
            "INSERT INTO personal_calendar_sent (event_id, attendee_id, uid, sequence, \
             fingerprint, summary, starts_at, ends_at, cancelled) \
             SELECT c.event_id, h.attendee_id, c.uid, c.sequence, c.fingerprint, c.summary, \
             c.starts_at, c.ends_at, 0 FROM personal_calendar_holders h \
             JOIN personal_calendar_commons l ON l.id = h.commons_id, json_each(l.uids) u \
             JOIN calendar_sent c ON c.event_id = l.event_id AND c.uid = u.value; \
             DELETE FROM personal_calendar_holders; DELETE FROM personal_calendar_commons;",
        )
        .unwrap();
    let rows = count(&db, "SELECT count(*) FROM personal_calendar_sent");
    let old_way = db.personal_calendars(id, now()).unwrap();
    let again = db.personal_calendars(id, now()).unwrap();
    assert_eq!(old_way, again, "the same calendars");
    let now_rows = count(&db, "SELECT count(*) FROM personal_calendar_sent");
    assert!(rows > own * 3, "{own} rows of their own, {rows} in all");
    assert_eq!(now_rows, own, "only their own rows are left");

    db.set_item_workshop(common.id.unwrap(), Some(block), None)
        .unwrap();
    let newcomer = add_attendee(&mut db, id, "Nadia Benali");
    let after = db
        .export_ics(id, &Selection::Attendee(someone), now())
        .unwrap();
    assert_eq!(find(&after), Some(("CANCELLED".into(), 1)));
    let theirs = db
        .export_ics(id, &Selection::Attendee(newcomer), now())
        .unwrap();
    assert_eq!(find(&theirs), None);
    // Still cancelled for them the next time, the SEQUENCE kept.
    let all = db.personal_calendars(id, now()).unwrap();
    let mine = all.iter().find(|c| c.attendee_id == someone).unwrap();
    assert_eq!(find(&mine.file.contents), Some(("CANCELLED".into(), 1)));
    assert_eq!(
        count(&db, "SELECT count(*) FROM personal_calendar_commons"),
        1
    );
}

#[test]
fn a_draft_records_nothing_for_attendees() {
    let (mut db, id) = demo_db();
    publish(&mut db, id, EventStatus::Draft);
    let (attendee, signup, from, to) = movable(&mut db, id);
    let mine = Selection::Attendee(attendee);
    db.export_ics(id, &mine, now()).unwrap();
    db.move_signup(signup, to).unwrap();
    let after = events(&db.export_ics(id, &mine, now()).unwrap());
    // A draft's items are tentative, in personal calendars too.
    assert!(after.iter().all(|e| e.1 == "TENTATIVE" && e.2 == 0));
    let p = db.programme(id).unwrap();
    let from_uid = &p.items.iter().find(|i| i.id == Some(from)).unwrap().uid;
    assert!(after.iter().all(|e| &e.0 != from_uid));
    let rows: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM personal_calendar_sent", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(rows, 0);
}

const READ_ZIP: &str = r#"
import sys, json, zipfile, icalendar
out = {}
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    for name in z.namelist():
        cal = icalendar.Calendar.from_ical(z.read(name))
        out[name] = [str(e['uid']) for e in cal.walk('VEVENT')]
print(json.dumps(out))
"#;

#[test]
fn everyones_calendars_in_one_archive() {
    let (mut db, id) = demo_db();
    let archive = db.personal_calendars_zip(id, now()).unwrap();
    assert_eq!(
        archive.file_name,
        "la-metamorphose-reciproque-2022-12-09-participants.zip"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(&archive.file_name);
    std::fs::write(&path, &archive.bytes).unwrap();
    let out = Command::new(python(&["icalendar"]))
        .args(["-c", READ_ZIP])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: HashMap<String, Vec<String>> = serde_json::from_slice(&out.stdout).unwrap();
    let attendees = db.attendees(id).unwrap();
    let p = db.programme(id).unwrap();
    assert_eq!(files.len(), attendees.len() + p.speakers.len());
    for a in &attendees {
        let name = format!("participants/{}.ics", slug(&a.name));
        let uids = files
            .get(&name)
            .or_else(|| {
                files.get(&format!(
                    "participants/{}-{}.ics",
                    slug(&a.name),
                    a.id.unwrap()
                ))
            })
            .unwrap_or_else(|| panic!("{name} in the archive"));
        assert_eq!(
            uids.len(),
            db.attendee_day(id, a.id.unwrap()).unwrap().programme.len()
        );
    }
    let servet = files
        .get("intervenants/mathilde-servet.ics")
        .expect("each speaker's calendar");
    assert_eq!(servet.len(), 3);
}

#[test]
fn the_archive_holds_each_calendar_whole_in_the_attendee_list_order() {
    // Deflated on several threads, packed in order: every attendee's file
    // in the order of the list, then the speakers', each the very calendar
    // made for that person.
    let (mut db, id) = demo_db();
    let archive = db.personal_calendars_zip(id, now()).unwrap();
    let calendars = db.personal_calendars(id, now()).unwrap();
    let speakers = db.programme(id).unwrap().speakers;
    assert!(calendars.len() > 16, "more calendars than threads at work");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive.bytes)).unwrap();
    assert_eq!(zip.len(), calendars.len() + speakers.len());
    for (i, c) in calendars.iter().enumerate() {
        let mut file = zip.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let base = slug(&c.name);
        assert!(
            name == format!("participants/{base}.ics")
                || name == format!("participants/{base}-{}.ics", c.attendee_id),
            "entry {i} is {name}, not {}'s calendar",
            c.name
        );
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).unwrap();
        assert_eq!(text, c.file.contents, "{name}");
    }
    for (i, s) in speakers.iter().enumerate() {
        let name = zip
            .by_index(calendars.len() + i)
            .unwrap()
            .name()
            .unwrap()
            .into_owned();
        assert!(
            name.starts_with(&format!("intervenants/{}", slug(&s.name))),
            "{name}"
        );
    }
}

/// Every row of the tables an export records, as text, in key order.
fn records(db: &Db) -> Vec<String> {
    let mut out = Vec::new();
    for (table, key) in [
        ("calendar_sent", "event_id, uid"),
        ("personal_calendar_sent", "event_id, attendee_id, uid"),
        ("personal_calendar_commons", "id"),
        ("personal_calendar_holders", "attendee_id"),
    ] {
        let sql = format!("SELECT * FROM {table} ORDER BY {key}");
        let mut stmt = db.conn().prepare(&sql).unwrap();
        let columns = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let values: Vec<String> = (0..columns)
                    .map(|c| format!("{:?}", r.get::<_, rusqlite::types::Value>(c).unwrap()))
                    .collect();
                Ok(format!("{table}: {}", values.join(", ")))
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

/// Everyone's calendars as one archive, in memory.
fn archive(db: &mut Db, id: Id) -> Vec<u8> {
    let out = std::io::Cursor::new(Vec::new());
    db.personal_calendars_zip_into(id, now(), out, |c| Ok(c.into_inner()))
        .unwrap()
}

/// Made on a copy apart and taken up, everyone's calendars record what
/// they record made on the database itself, and the next ones (a workshop
/// moved, a common item changed) are the same either way; undo is left as
/// it was.
#[test]
fn calendars_made_apart_record_what_they_record_made_here() {
    let (mut db, id) = demo_db();
    publish(&mut db, id, EventStatus::Published);
    let (_, signup, _, to) = movable(&mut db, id);
    // Two databases alike: one works apart, the other as before.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("here.db");
    db.backup_to(&copy).unwrap();
    let mut here = Db::open(&copy).unwrap();
    for round in 0..3 {
        let mut copy = db.apart().unwrap().unwrap();
        let made_apart = archive(&mut copy, id);
        assert_eq!(
            records(&db),
            records(&here),
            "round {round}: not yet taken up"
        );
        assert!(db.take_up(&copy).unwrap(), "round {round}");
        let made_here = archive(&mut here, id);
        assert_eq!(made_apart, made_here, "round {round}: the same archive");
        assert_eq!(
            records(&db),
            records(&here),
            "round {round}: the same records"
        );
        assert!(!records(&db).is_empty());
        // Between rounds, the same changes to both.
        for db in [&mut db, &mut here] {
            match round {
                0 => {
                    db.move_signup(signup, to).unwrap();
                }
                _ => {
                    let mut item = db.programme(id).unwrap().items[0].clone();
                    item.title = format!("{} (suite)", item.title);
                    db.save_item(&item).unwrap();
                }
            };
        }
    }
    // Taking records up is not a step of undo: the last change is undone.
    let title = db.programme(id).unwrap().items[0].title.clone();
    let copy = db.apart().unwrap().unwrap();
    assert!(
        db.take_up(&copy).unwrap(),
        "nothing recorded is taken up alike"
    );
    let mut copy = db.apart().unwrap().unwrap();
    archive(&mut copy, id);
    assert!(db.take_up(&copy).unwrap());
    db.undo().unwrap();
    assert_eq!(
        format!("{} (suite)", db.programme(id).unwrap().items[0].title),
        title
    );
}

/// When what a copy recorded meets a row the database changed since the
/// copy (the same attendee's calendar exported meanwhile, an attendee
/// deleted), none of it is taken up, and the records stay as they were.
#[test]
fn records_changed_since_the_copy_are_not_taken_up() {
    let (mut db, id) = demo_db();
    publish(&mut db, id, EventStatus::Published);
    let (attendee, signup, _, to) = movable(&mut db, id);
    archive(&mut db, id);

    // Their workshop moved, and their own calendar sent meanwhile.
    db.move_signup(signup, to).unwrap();
    let mut copy = db.apart().unwrap().unwrap();
    db.export_ics(id, &Selection::Attendee(attendee), now())
        .unwrap();
    let before = records(&db);
    archive(&mut copy, id);
    assert!(!db.take_up(&copy).unwrap());
    assert_eq!(records(&db), before);

    // Someone new, deleted meanwhile: their first calendar's records have
    // no one to belong to.
    let newcomer = add_attendee(&mut db, id, "Nadia Benali");
    let mut copy = db.apart().unwrap().unwrap();
    db.delete_attendee(newcomer).unwrap();
    let before = records(&db);
    archive(&mut copy, id);
    assert!(!db.take_up(&copy).unwrap());
    assert_eq!(records(&db), before);

    // A copy made after that is taken up.
    let mut copy = db.apart().unwrap().unwrap();
    archive(&mut copy, id);
    assert!(db.take_up(&copy).unwrap());
    // Only a copy made apart has records to take up.
    let (plain, _) = demo_db();
    assert_eq!(
        db.take_up(&plain).unwrap_err().code,
        deroule::ErrorCode::Internal
    );
}
