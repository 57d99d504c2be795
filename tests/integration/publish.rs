//! Publishing to a real CalDAV server: Radicale (from PyPI, in the tests'
//! Python), started here on 127.0.0.1 with a free port and an account, and
//! read back with another client entirely (Python's `caldav`).

use crate::{demo_db, dump};
use chrono::{DateTime, TimeZone, Utc};
use deroule::exchange::ics::Selection;
use deroule::model::{EventStatus, Id};
use deroule::publish::{PublishTarget, ResourceAction};
use deroule::Db;
use std::collections::HashMap;
use std::net::TcpListener;
use std::process::{Command, Stdio};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 11, 20, 8, 0, 0).unwrap()
}

pub(crate) use crate::support::radicale::{Radicale, Remote, PASSWORD, USER};

fn target(url: &str, selection: Selection) -> PublishTarget {
    PublishTarget {
        url: url.to_owned(),
        user: USER.to_owned(),
        subscribe_url: String::new(),
        selection,
    }
}

fn published_demo() -> (Db, Id) {
    let (mut db, id) = demo_db();
    let mut event = db.event(id).unwrap();
    event.status = EventStatus::Published;
    db.update_event(&event).unwrap();
    (db, id)
}

#[test]
fn publishes_the_demo_then_only_what_changed() {
    let server = Radicale::start();
    let url = server.calendar("journee");
    let (mut db, id) = published_demo();
    let p = db.programme(id).unwrap();
    let all = target(&url, Selection::All);

    let first = db.publish(id, &all, PASSWORD, now()).unwrap();
    assert!(first.failed.is_empty(), "{:?}", first.failed);
    assert_eq!(first.sent.len(), p.items.len());
    assert!(first
        .sent
        .iter()
        .all(|s| s.action == ResourceAction::Created && s.sequence == 0));
    let remote = server.read(&url);
    assert_eq!(remote.len(), p.items.len());
    for item in &p.items {
        let r = &remote[&item.uid];
        assert_eq!((r.summary.as_str(), r.sequence), (item.title.as_str(), 0));
        assert_eq!(r.status, "CONFIRMED");
        assert!(
            r.href
                .ends_with(&format!("/journee/{}.ics", item.uid.replace('@', "%40"))),
            "{}",
            r.href
        );
    }

    // Nothing changed: nothing is sent.
    let again = db.publish(id, &all, PASSWORD, now()).unwrap();
    assert_eq!(
        (again.sent.len(), again.unchanged),
        (0, p.items.len() as i64)
    );
    assert_eq!(etags(&server.read(&url)), etags(&remote));

    // One item moves: exactly its resource changes, with a higher SEQUENCE.
    let mut moved = p.items[3].clone();
    moved.starts_at += chrono::Duration::minutes(15);
    moved.ends_at += chrono::Duration::minutes(15);
    db.save_item(&moved).unwrap();
    let report = db.publish(id, &all, PASSWORD, now()).unwrap();
    assert_eq!(report.sent.len(), 1);
    assert_eq!(
        (
            report.sent[0].uid.as_str(),
            report.sent[0].action,
            report.sent[0].sequence
        ),
        (moved.uid.as_str(), ResourceAction::Updated, 1)
    );
    let after = server.read(&url);
    let changed: Vec<&String> = after
        .keys()
        .filter(|uid| after[*uid].etag != remote[*uid].etag)
        .collect();
    assert_eq!(changed, [&moved.uid]);
    assert_eq!(after[&moved.uid].sequence, 1);

    // A deleted item stays on the server, cancelled, its SEQUENCE raised.
    let gone = p.items[5].clone();
    db.delete_item(gone.id.unwrap()).unwrap();
    let report = db.publish(id, &all, PASSWORD, now()).unwrap();
    assert_eq!(report.sent.len(), 1);
    assert_eq!(report.sent[0].action, ResourceAction::Cancelled);
    let after = server.read(&url);
    assert_eq!(after.len(), p.items.len());
    assert_eq!(
        (after[&gone.uid].status.as_str(), after[&gone.uid].sequence),
        ("CANCELLED", 1)
    );

    let publications = db.publications(id).unwrap();
    assert_eq!(publications.len(), 1);
    assert_eq!(publications[0].resources, p.items.len() as i64);
    assert_eq!(
        db.subscription_url(id).unwrap().as_deref(),
        Some(url.as_str())
    );
}

fn etags(remote: &HashMap<String, Remote>) -> HashMap<String, String> {
    remote
        .iter()
        .map(|(uid, r)| (uid.clone(), r.etag.clone()))
        .collect()
}

#[test]
fn a_rooms_calendar_loses_an_item_that_moved_away() {
    let server = Radicale::start();
    let url = server.calendar("fablab");
    let (mut db, id) = published_demo();
    let p = db.programme(id).unwrap();
    let room = |name: &str| p.rooms.iter().find(|r| r.name == name).unwrap().id.unwrap();
    let fablab = target(&url, Selection::Room(room("Fablab")));
    let first = db.publish(id, &fablab, PASSWORD, now()).unwrap();
    assert_eq!(first.sent.len(), 2);
    let mut item = p
        .items
        .iter()
        .find(|i| i.room_id == Some(room("Fablab")))
        .unwrap()
        .clone();
    item.room_id = Some(room("Auditorium"));
    db.save_item(&item).unwrap();
    let report = db.publish(id, &fablab, PASSWORD, now()).unwrap();
    assert_eq!(report.sent.len(), 1);
    assert_eq!(
        (report.sent[0].uid.as_str(), report.sent[0].action),
        (item.uid.as_str(), ResourceAction::Removed)
    );
    let remote = server.read(&url);
    assert_eq!(remote.len(), 1);
    assert!(!remote.contains_key(&item.uid));
}

#[test]
fn a_refused_or_unreachable_server_changes_nothing_and_says_why() {
    let server = Radicale::start();
    let url = server.calendar("journee");
    let (mut db, id) = published_demo();
    let before = dump(&db);
    let all = target(&url, Selection::All);

    let err = db.publish(id, &all, "wrong", now()).unwrap_err();
    assert_eq!(
        (err.field.as_deref(), err.reason.as_deref()),
        (Some("password"), Some("unauthorized"))
    );
    assert!(err.message.contains("HTTP 401"), "{}", err.message);
    assert!(err.message.contains("nothing was published"));

    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let offline = target(
        &format!("http://127.0.0.1:{port}/organiser/journee/"),
        Selection::All,
    );
    let err = db.publish(id, &offline, PASSWORD, now()).unwrap_err();
    assert_eq!(
        err.reason.as_deref(),
        Some("unreachable"),
        "{}",
        err.message
    );

    let principal = target(&format!("{}{USER}/", server.root()), Selection::All);
    let err = db.publish(id, &principal, PASSWORD, now()).unwrap_err();
    assert_eq!(
        err.reason.as_deref(),
        Some("not_a_calendar"),
        "{}",
        err.message
    );

    let missing = target(
        &format!("{}{USER}/nothing-here/", server.root()),
        Selection::All,
    );
    let err = db.publish(id, &missing, PASSWORD, now()).unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("not_found"), "{}", err.message);

    assert_eq!(dump(&db), before, "nothing written locally");
    assert!(server.read(&url).is_empty(), "nothing written remotely");
}

#[test]
fn an_item_changed_by_another_client_is_not_overwritten() {
    let server = Radicale::start();
    let url = server.calendar("journee");
    let (mut db, id) = published_demo();
    let p = db.programme(id).unwrap();
    let all = target(&url, Selection::All);
    db.publish(id, &all, PASSWORD, now()).unwrap();

    let item = p.items[2].clone();
    server.change_elsewhere(&url, &item.uid, "Modifié dans Thunderbird");
    let mut changed = item.clone();
    changed.title = format!("{} (reporté)", item.title);
    db.save_item(&changed).unwrap();
    let mut other = p.items[7].clone();
    other.title = format!("{} (nouvelle salle)", other.title);
    db.save_item(&other).unwrap();

    let report = db.publish(id, &all, PASSWORD, now()).unwrap();
    assert_eq!(report.failed.len(), 1, "{:?}", report.failed);
    let failed = &report.failed[0];
    assert_eq!(
        (failed.uid.as_str(), failed.status, failed.reason.as_str()),
        (item.uid.as_str(), Some(412), "changed_on_server")
    );
    assert!(
        failed.message.contains("not overwritten"),
        "{}",
        failed.message
    );
    assert_eq!(report.sent.len(), 1, "the other change still goes out");
    assert_eq!(report.sent[0].uid, other.uid);
    let remote = server.read(&url);
    assert_eq!(remote[&item.uid].summary, "Modifié dans Thunderbird");
    assert_eq!(remote[&other.uid].summary, other.title);

    // Next time it is refused again, not sent blindly.
    let again = db.publish(id, &all, PASSWORD, now()).unwrap();
    assert_eq!(again.failed.len(), 1);
    assert_eq!(again.failed[0].status, Some(412));
}

#[test]
fn the_command_line_publishes_with_the_password_from_the_environment() {
    let server = Radicale::start();
    let url = server.calendar("journee");
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("prog.db");
    let exe = env!("CARGO_BIN_EXE_deroule");
    let status = Command::new(exe)
        .args(["demo", "--db"])
        .arg(&db_path)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let publish = |password: Option<&str>| {
        let mut cmd = Command::new(exe);
        cmd.args([
            "publish", "--event", "1", "--url", &url, "--user", USER, "--db",
        ])
        .arg(&db_path)
        // No Secret Service here, as on CI.
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .env_remove("DEROULE_CALDAV_PASSWORD");
        if let Some(p) = password {
            cmd.env("DEROULE_CALDAV_PASSWORD", p);
        }
        cmd.output().unwrap()
    };
    let out = publish(None);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no password for organiser"), "{stderr}");
    assert!(stderr.contains("DEROULE_CALDAV_PASSWORD"), "{stderr}");

    let out = publish(Some(PASSWORD));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["sent"].as_array().unwrap().len(), 14);
    assert_eq!(report["failed"].as_array().unwrap().len(), 0);
    assert_eq!(server.read(&url).len(), 14);

    let out = publish(Some("wrong"));
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("refused the user name or password"),
        "{stderr}"
    );
}
