//! One database file, several connections (two app windows, the app and the
//! command line): changes take turns instead of failing with "database is
//! locked", and undo or redo refuses (`changed_elsewhere`) once another
//! connection changed the data, instead of replaying old row images over
//! its work.

use crate::dump;
use chrono::NaiveTime;
use deroule::model::{Attendee, Event, EventStatus, Practical};
use deroule::{Db, ErrorCode};
use std::path::Path;

fn event(title: &str) -> Event {
    Event {
        id: None,
        title: title.into(),
        series: String::new(),
        date: "2025-06-12".parse().unwrap(),
        day_start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        day_end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        time_zone: "Europe/Paris".into(),
        language: "fr".into(),
        description: String::new(),
        audience: String::new(),
        practical: Practical::default(),
        organisers: Vec::new(),
        partners: Vec::new(),
        status: EventStatus::Draft,
    }
}

fn attendee(event_id: i64, name: &str, email: &str) -> Attendee {
    Attendee {
        email: email.into(),
        ..crate::new_attendee(event_id, name)
    }
}

fn names(db: &Db, event_id: i64) -> Vec<String> {
    db.attendees(event_id)
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect()
}

fn open_two(path: &Path) -> (Db, Db) {
    (Db::open(path).unwrap(), Db::open(path).unwrap())
}

/// Window A adds an attendee, then window B adds another: A's undo would
/// delete by row id what it inserted, but B's work came since, so it is
/// refused with `changed_elsewhere`, changing nothing; B's own undo, made
/// last, goes through; after it, A's is still refused.
#[test]
fn undo_refuses_after_another_connection_changed_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deroule.db");
    let (mut a, mut b) = open_two(&path);
    let id = a.create_event(&event("Rencontres")).unwrap().id.unwrap();
    a.save_attendee(&attendee(id, "Chloé Martin", "chloe@exemple.fr"))
        .unwrap();
    // A alone: undo and redo work.
    assert_eq!(a.undo().unwrap().label, "attendee.create");
    assert_eq!(a.redo().unwrap().label, "attendee.create");

    b.save_attendee(&attendee(id, "Karim Benali", "karim@exemple.fr"))
        .unwrap();
    let before = dump(&a);
    let history = a.history();
    let e = a.undo().unwrap_err();
    assert_eq!(e.code, ErrorCode::ChangedElsewhere);
    assert_eq!(e.reason.as_deref(), Some("changed_elsewhere"));
    assert!(e.message.contains("changed elsewhere"), "{}", e.message);
    assert_eq!(dump(&a), before, "nothing reverted");
    assert_eq!(a.history(), history, "the step is kept");
    assert_eq!(names(&a, id), ["Chloé Martin", "Karim Benali"]);

    // B's change is the last one: B may undo it.
    assert_eq!(b.undo().unwrap().label, "attendee.create");
    assert_eq!(names(&b, id), ["Chloé Martin"]);
    let e = a.undo().unwrap_err();
    assert_eq!(e.code, ErrorCode::ChangedElsewhere);
    assert_eq!(names(&a, id), ["Chloé Martin"]);

    // A change of A's own after B's starts a history A may undo again.
    a.save_attendee(&attendee(id, "Inès Moreau", "ines@exemple.fr"))
        .unwrap();
    assert_eq!(a.undo().unwrap().label, "attendee.create");
    assert_eq!(names(&a, id), ["Chloé Martin"]);
    // ...and redo it, nobody having written since.
    assert_eq!(a.redo().unwrap().label, "attendee.create");
    // Redo too is refused once B writes.
    a.undo().unwrap();
    b.save_attendee(&attendee(id, "Léon Petit", "leon@exemple.fr"))
        .unwrap();
    assert_eq!(a.redo().unwrap_err().code, ErrorCode::ChangedElsewhere);
    assert_eq!(names(&a, id), ["Chloé Martin", "Léon Petit"]);
}

/// Two connections writing at the same time, each change in its own
/// transaction: every change waits its turn and succeeds (a DEFERRED
/// transaction that read first would fail at once with "database is
/// locked" when the other wrote in between).
#[test]
fn two_writers_take_turns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deroule.db");
    let id = Db::open(&path)
        .unwrap()
        .create_event(&event("Rencontres"))
        .unwrap()
        .id
        .unwrap();
    let writers: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|who| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut db = Db::open(&path).unwrap();
                for n in 0..40 {
                    // A read, then a write, in one change: the pattern
                    // that fails when transactions start DEFERRED.
                    db.change("test.write", |tx| {
                        let count: i64 =
                            tx.query_row("SELECT count(*) FROM attendees", [], |r| r.get(0))?;
                        tx.execute(
                            "INSERT INTO attendees (event_id, name, email, notes, created_at) \
                             VALUES (?1, ?2, ?3, ?4, deroule_now())",
                            rusqlite::params![
                                id,
                                format!("{who} {n}"),
                                format!("{who}{n}@exemple.fr"),
                                count.to_string()
                            ],
                        )?;
                        Ok(())
                    })
                    .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let db = Db::open(&path).unwrap();
    assert_eq!(db.attendees(id).unwrap().len(), 80);
}

/// A connection that opens while another holds the write lock waits for it
/// (the busy timeout is set before the first statement) instead of failing.
#[test]
fn opening_waits_for_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deroule.db");
    let mut holder = Db::open(&path).unwrap();
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let path2 = path.clone();
    let opener = std::thread::spawn(move || {
        locked_rx.recv().unwrap();
        let mut db = Db::open(&path2)?;
        db.create_event(&event("Pendant l'écriture")).map(|_| ())
    });
    holder
        .change("test.hold", |tx| {
            tx.execute(
                "INSERT INTO events (title, series, date, day_start, day_end, time_zone, language) \
                 VALUES ('Tenue', '', '2025-06-12', '09:00', '17:00', 'Europe/Paris', 'fr')",
                [],
            )?;
            locked_tx.send(()).unwrap();
            std::thread::sleep(std::time::Duration::from_millis(400));
            Ok(())
        })
        .unwrap();
    opener.join().unwrap().unwrap();
    assert_eq!(holder.list_events().unwrap().len(), 2);
}

/// The command line killed (SIGKILL, as a crash or a power cut would stop
/// it) at many moments of an attendee import of 10,000 rows: each time the
/// file passes SQLite's `integrity_check` and holds all of the import or
/// none of it; run to its end, it holds all.
#[test]
fn an_import_killed_at_any_moment_is_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deroule.db");
    let event = Db::open(&path).unwrap().load_demo().unwrap();
    let before = Db::open(&path).unwrap().attendees(event).unwrap().len();
    let rows = 10_000;
    let mut csv = String::from("Nom;Prénom;E-mail;Structure\n");
    for n in 0..rows {
        csv.push_str(&format!(
            "Martin{n};Camille;camille.martin{n}@exemple.fr;Médiathèque n°{n}\n"
        ));
    }
    let file = dir.path().join("inscriptions.csv");
    std::fs::write(&file, csv).unwrap();
    let import = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_deroule"))
            .args(["import", "attendees", "--db"])
            .arg(&path)
            .args(["--event", &event.to_string()])
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let check = |when: &str| -> bool {
        let db = Db::open(&path).unwrap();
        let integrity: String = db
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(integrity, "ok", "{when}");
        let count = db.attendees(event).unwrap().len();
        assert!(
            count == before || count == before + rows,
            "{when}: {count} attendees, neither {before} nor {}",
            before + rows
        );
        count == before + rows
    };
    let mut interrupted = 0;
    for step in 0..12u64 {
        let mut child = import();
        std::thread::sleep(std::time::Duration::from_millis(30 + step * 60));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().unwrap_or(());
        child.wait().unwrap();
        let when = format!("killed after {} ms", 30 + step * 60);
        if check(&when) {
            // It got through: start again from none.
            let db = Db::open(&path).unwrap();
            db.conn()
                .execute(
                    "DELETE FROM attendees WHERE email LIKE 'camille.martin%'",
                    [],
                )
                .unwrap();
        } else if !finished {
            interrupted += 1;
        }
    }
    assert!(interrupted > 0, "no import was interrupted");
    let status = import().wait().unwrap();
    assert!(status.success());
    assert!(check("run to its end"));
}
