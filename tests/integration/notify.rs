//! Messages to the people concerned: the .eml files read back by Python's
//! `email` package with their calendars by `icalendar`, and sending to a
//! real SMTP server (`aiosmtpd` from PyPI) started here on 127.0.0.1,
//! including a refusal and a failure mid-way, and the resume that sends
//! only the rest.

use crate::support::smtp::{free_port, Sink};
use crate::{demo_db, python};
use deroule::model::{Id, Item, SignupStatus};
use deroule::notify::eml::write_eml;
use deroule::notify::smtp::{self, Mailer, Security, SendStatus, SmtpSettings};
use deroule::notify::{
    MessageTemplate, NotifyKind, NotifyPlan, NotifyRequest, PersonKind, Unreachable,
};
use deroule::Db;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

const PACKAGES: &[&str] = &["icalendar"];

fn changes() -> NotifyRequest {
    NotifyRequest {
        kind: NotifyKind::Changes,
        since: None,
        block_id: None,
    }
}

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

/// The demo, marked as sent, then "Atelier 1" at 14h moved to 14h30 and
/// one of its attendees left without an e-mail. Returns the event, the
/// moved item and that attendee.
fn demo_after_a_change() -> (Db, Id, Item, Id) {
    let (mut db, event) = demo_db();
    db.mark_version(event, "Programme imprimé").unwrap();
    let mut moved = item(&db, event, "Atelier 1", "14:00");
    moved.starts_at += chrono::Duration::minutes(30);
    moved.ends_at += chrono::Duration::minutes(30);
    db.save_item(&moved).unwrap();
    let r = db.registrations(event).unwrap();
    let someone = r
        .signups
        .iter()
        .find(|s| s.item_id == moved.id.unwrap() && s.status == SignupStatus::Confirmed)
        .unwrap()
        .attendee_id;
    let mut a = r
        .attendees
        .iter()
        .find(|a| a.id == Some(someone))
        .unwrap()
        .clone();
    a.email = String::new();
    db.save_attendee(&a).unwrap();
    (db, event, moved, someone)
}

/// What Python's `email` and `icalendar` read in an .eml file.
#[derive(Debug, Deserialize)]
struct Parsed {
    from: String,
    to: String,
    subject: String,
    date: String,
    message_id: String,
    mime_version: String,
    content_type: String,
    text: String,
    text_charset: String,
    text_encoding: String,
    calendar_type: String,
    calendar_method_param: String,
    calendar_filename: String,
    method: String,
    /// UID -> DTSTART as "YYYY-MM-DD HH:MM" local.
    events: BTreeMap<String, String>,
    defects: Vec<String>,
}

const READ_EML: &str = r#"
import email, json, sys
from email import policy
from icalendar import Calendar
out = {}
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        m = email.message_from_binary_file(f, policy=policy.default)
    text = m.get_body(preferencelist=('plain',))
    cal = [p for p in m.walk() if p.get_content_type() == 'text/calendar'][0]
    c = Calendar.from_ical(cal.get_payload(decode=True))
    events = {str(e['UID']): e.decoded('DTSTART').strftime('%Y-%m-%d %H:%M') for e in c.walk('VEVENT')}
    defects = [str(d) for part in m.walk() for d in part.defects]
    out[path] = dict(
        from_=str(m['From']), to=str(m['To']), subject=str(m['Subject']), date=str(m['Date']),
        message_id=str(m['Message-ID']), mime_version=str(m['MIME-Version']),
        content_type=m.get_content_type(), text=text.get_content(),
        text_charset=text.get_content_charset(), text_encoding=str(text['Content-Transfer-Encoding']),
        calendar_type=cal.get_content_type(), calendar_method_param=cal.get_param('method') or '',
        calendar_filename=cal.get_filename() or '', method=str(c.get('METHOD')),
        events=events, defects=defects)
    out[path]['from'] = out[path].pop('from_')
print(json.dumps(out))
"#;

fn read_eml(files: &[std::path::PathBuf]) -> BTreeMap<String, Parsed> {
    let py = python(PACKAGES);
    let out = Command::new(py)
        .arg("-c")
        .arg(READ_EML)
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn eml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    files
}

#[test]
fn each_person_concerned_gets_an_eml_that_mail_readers_parse_with_their_calendar() {
    let (mut db, event, moved, no_email) = demo_after_a_change();
    let report = db.changes(event, None, None).unwrap();
    let concerned: BTreeSet<String> = report
        .attendees
        .iter()
        .map(|p| format!("attendee:{}", p.id))
        .chain(report.speakers.iter().map(|p| format!("speaker:{}", p.id)))
        .collect();
    let plan = db
        .notify_plan(event, &changes(), None, true, db.now())
        .unwrap();
    // Everyone concerned, each once: a message or the desk's list.
    let planned: BTreeSet<String> = plan
        .messages
        .iter()
        .map(|m| m.recipient.key.clone())
        .chain(plan.without_email.iter().map(|w| w.recipient.key.clone()))
        .collect();
    assert_eq!(planned, concerned);
    assert_eq!(
        plan.messages.len() + plan.without_email.len(),
        concerned.len()
    );
    // The attendee left without an e-mail (and the demo's speakers who
    // have none) are listed for the desk.
    let attendees_without: Vec<Id> = plan
        .without_email
        .iter()
        .filter(|w| w.recipient.person == PersonKind::Attendee)
        .map(|w| w.recipient.id)
        .collect();
    assert_eq!(attendees_without, [no_email]);
    assert!(plan
        .without_email
        .iter()
        .all(|w| w.reason == Unreachable::NoEmail && w.recipient.email.is_empty()));
    assert!(plan.messages.len() >= 5, "{}", plan.messages.len());

    let dir = tempfile::tempdir().unwrap();
    let from = deroule::notify::eml::parse_sender("Équipe Déroulé <orga@example.org>").unwrap();
    let written = write_eml(&plan, dir.path(), Some(&from), db.now()).unwrap();
    assert_eq!(written.written.len(), plan.messages.len());
    let files = eml_files(dir.path());
    assert_eq!(files.len(), plan.messages.len());
    // The desk's list names the person without an e-mail.
    let desk = std::fs::read_to_string(dir.path().join(written.desk_list.unwrap())).unwrap();
    for w in &plan.without_email {
        assert!(desk.contains(&w.recipient.name), "{desk}");
    }

    let parsed = read_eml(&files);
    let moved_local = moved.starts_at.format("%Y-%m-%d %H:%M").to_string();
    assert!(moved_local.ends_with("14:30"));
    for (file, m) in &written
        .written
        .iter()
        .zip(&plan.messages)
        .collect::<Vec<_>>()
    {
        let path = dir.path().join(&file.file_name);
        let e = &parsed[&path.display().to_string()];
        assert!(e.defects.is_empty(), "{}: {:?}", file.file_name, e.defects);
        assert_eq!(e.from, "Équipe Déroulé <orga@example.org>");
        assert!(
            e.to.contains(&m.recipient.email),
            "{} / {}",
            e.to,
            m.recipient.email
        );
        assert!(e.to.contains(&m.recipient.name), "{}", e.to);
        assert!(
            e.subject.contains("modifications du programme"),
            "{}",
            e.subject
        );
        assert!(!e.date.is_empty() && e.message_id.starts_with("<deroule."));
        assert_eq!(e.mime_version, "1.0");
        assert_eq!(e.content_type, "multipart/mixed");
        assert_eq!(e.text_charset, "utf-8");
        assert_eq!(e.text_encoding, "quoted-printable");
        assert!(
            e.text.contains(&format!("Bonjour {},", m.recipient.name)),
            "{}",
            e.text
        );
        assert!(e.text.contains("Informations pratiques"), "{}", e.text);
        assert!(e.text.contains("Vaulx-en-Velin"), "{}", e.text);
        assert_eq!(e.calendar_type, "text/calendar");
        assert_eq!(e.calendar_method_param, "PUBLISH");
        assert!(
            e.calendar_filename.ends_with(".ics"),
            "{}",
            e.calendar_filename
        );
        assert_eq!(e.method, "PUBLISH");
        if m.recipient.key.starts_with("attendee:") {
            // An attendee of the moved workshop: its new time in words and
            // in their calendar.
            assert!(
                e.text.contains("Déplacé de 14h à 14h30"),
                "{}: {}",
                m.recipient.name,
                e.text
            );
            let attended = e.events.get(&moved.uid);
            let waiting = e.text.contains("liste d'attente");
            assert!(
                attended == Some(&moved_local) || waiting,
                "{}: {:?}",
                m.recipient.name,
                e.events
            );
        }
    }
}

#[test]
fn after_an_allocation_each_attendee_is_told_the_workshops_they_got() {
    let (mut db, event) = demo_db();
    let r = db.registrations(event).unwrap();
    let block = r.blocks[0].id.unwrap();
    let request = NotifyRequest {
        kind: NotifyKind::Allocation,
        since: None,
        block_id: Some(block),
    };
    let plan = db
        .notify_plan(event, &request, None, true, db.now())
        .unwrap();
    assert!(plan.batch.starts_with(&format!("allocation:{block}:")));
    let p = db.programme(event).unwrap();
    let titles: BTreeMap<Id, &str> = p
        .items
        .iter()
        .filter(|i| i.block_id == Some(block))
        .map(|i| (i.id.unwrap(), i.title.as_str()))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    write_eml(&plan, dir.path(), None, db.now()).unwrap();
    let parsed = read_eml(&eml_files(dir.path()));
    assert_eq!(parsed.len(), plan.messages.len());
    assert!(!plan.messages.is_empty());
    let mut told = 0;
    for m in &plan.messages {
        let mine: Vec<&str> = r
            .signups
            .iter()
            .filter(|s| s.attendee_id == m.recipient.id && s.status == SignupStatus::Confirmed)
            .filter_map(|s| titles.get(&s.item_id).copied())
            .collect();
        assert!(m.subject.ends_with("vos ateliers"), "{}", m.subject);
        if mine.is_empty() {
            assert!(m.body.contains("Aucun atelier"), "{}", m.body);
        }
        for title in mine {
            assert!(
                m.body.contains(title),
                "{}: {title} not in {}",
                m.recipient.name,
                m.body
            );
            told += 1;
        }
        let e = parsed
            .values()
            .find(|e| e.to.contains(&m.recipient.email))
            .unwrap();
        assert!(e.text.contains(&m.recipient.name));
        assert_eq!(e.method, "PUBLISH");
    }
    assert!(told >= plan.messages.len(), "{told} workshops told");
    // Same allocation, same batch.
    let again = db
        .notify_plan(event, &request, None, false, db.now())
        .unwrap();
    assert_eq!(again.batch, plan.batch);
}

#[test]
fn templates_are_checked_kept_per_event_and_filled_in_the_events_language() {
    let (mut db, event, _, _) = demo_after_a_change();
    let default = db.message_template(event, NotifyKind::Changes).unwrap();
    assert!(default.body.contains("{changements}"), "{}", default.body);
    let bad = MessageTemplate {
        subject: "Bonjour {prénom}".into(),
        body: "{changements}".into(),
    };
    let err = db
        .save_message_template(event, NotifyKind::Changes, &bad)
        .unwrap_err();
    assert_eq!(
        (err.field.as_deref(), err.reason.as_deref()),
        (Some("subject"), Some("unknown_placeholder"))
    );
    assert!(err.message.contains("{prénom}"), "{}", err.message);
    let unclosed = MessageTemplate {
        subject: "Changement".into(),
        body: "Bonjour {nom".into(),
    };
    let err = db
        .save_message_template(event, NotifyKind::Changes, &unclosed)
        .unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("unclosed_placeholder"));
    // A workshop list has no value in a message about changes.
    let wrong_kind = MessageTemplate {
        subject: "Changement".into(),
        body: "{ateliers}".into(),
    };
    assert!(db
        .save_message_template(event, NotifyKind::Changes, &wrong_kind)
        .is_err());
    // Accents, case and English names are all understood.
    let mine = MessageTemplate {
        subject: "{Evenement} — du nouveau pour {name}".into(),
        body: "{NOM} : {changes}\n\n{infos pratiques}".into(),
    };
    db.save_message_template(event, NotifyKind::Changes, &mine)
        .unwrap();
    assert_eq!(
        db.message_template(event, NotifyKind::Changes).unwrap(),
        mine
    );
    let plan = db
        .notify_plan(event, &changes(), None, false, db.now())
        .unwrap();
    let m = &plan.messages[0];
    let title = db.event(event).unwrap().title;
    assert_eq!(
        m.subject,
        format!("{title} — du nouveau pour {}", m.recipient.name)
    );
    assert!(
        m.body.starts_with(&format!("{} : • ", m.recipient.name)),
        "{}",
        m.body
    );
    // The allocation's template is still the default.
    assert!(db
        .message_template(event, NotifyKind::Allocation)
        .unwrap()
        .body
        .contains("{ateliers}"));
    // An English event gets English defaults.
    let mut e = db.event(event).unwrap();
    e.language = "en".into();
    db.update_event(&e).unwrap();
    db.reset_message_template(event, NotifyKind::Changes)
        .unwrap();
    let plan = db
        .notify_plan(event, &changes(), None, false, db.now())
        .unwrap();
    let m = &plan.messages[0];
    assert!(
        m.subject.ends_with("changes to the programme"),
        "{}",
        m.subject
    );
    assert!(m.body.starts_with(&format!("Dear {},", m.recipient.name)));
    assert!(m.body.contains("Practical information"), "{}", m.body);
}

fn settings(port: u16) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        security: Security::Plain,
        user: String::new(),
        from: "Organisation <orga@example.org>".into(),
    }
}

fn send(db: &mut Db, plan: &NotifyPlan, port: u16) -> smtp::SendReport {
    let mailer = Mailer::new(&settings(port), "").unwrap();
    let now = db.now();
    let mut seen = 0;
    let report = smtp::send(plan, &mailer, db, now, &mut |done, total, _| {
        seen += 1;
        assert_eq!((done, total), (seen, plan.messages.len()));
    })
    .unwrap();
    assert_eq!(seen, plan.messages.len());
    report
}

fn status_of(report: &smtp::SendReport, status: SendStatus) -> Vec<String> {
    report
        .outcomes
        .iter()
        .filter(|o| o.status == status)
        .map(|o| o.recipient.email.to_lowercase())
        .collect()
}

#[test]
fn sending_stops_on_a_failing_server_and_resumes_without_sending_anyone_twice() {
    let (mut db, event, _, _) = demo_after_a_change();
    let plan = db
        .notify_plan(event, &changes(), None, true, db.now())
        .unwrap();
    let emails: Vec<String> = plan
        .messages
        .iter()
        .map(|m| m.recipient.email.to_lowercase())
        .collect();
    assert!(emails.len() >= 6);

    // Nothing listens: the first message fails, the batch stops, nothing
    // is recorded.
    let report = send(&mut db, &plan, free_port());
    assert_eq!(status_of(&report, SendStatus::Failed), emails[..1]);
    assert_eq!(status_of(&report, SendStatus::NotSent), emails[1..]);
    assert!(report.stopped.is_some());
    assert_eq!(
        status_of(&report, SendStatus::NoEmail).len(),
        plan.without_email.len()
    );
    assert_eq!(db.sent_count(event, &plan.batch).unwrap(), 0);

    // The server refuses the second person (550) and, after three
    // messages, closes (421): those three are recorded, the refused one is
    // reported, the rest not sent.
    let first = Sink::start(free_port(), &emails[1], 3);
    let report = send(&mut db, &plan, first.port);
    let received = first.received();
    assert_eq!(
        received,
        [emails[0].clone(), emails[2].clone(), emails[3].clone()]
    );
    assert_eq!(status_of(&report, SendStatus::Sent), received);
    let failed = status_of(&report, SendStatus::Failed);
    assert_eq!(failed, [emails[1].clone(), emails[4].clone()]);
    let refused = &report.outcomes[1];
    assert!(
        refused.reason.as_deref().unwrap().contains("550"),
        "{refused:?}"
    );
    assert!(
        report.stopped.as_deref().unwrap().contains("421"),
        "{report:?}"
    );
    assert_eq!(status_of(&report, SendStatus::NotSent), emails[5..]);
    assert_eq!(db.sent_count(event, &plan.batch).unwrap(), 3);
    drop(first);

    // Sent again (the plan made anew, as the command does): only the rest.
    let plan = db
        .notify_plan(event, &changes(), None, true, db.now())
        .unwrap();
    let second = Sink::start(free_port(), "", -1);
    let report = send(&mut db, &plan, second.port);
    let mut rest: Vec<String> = emails.clone();
    rest.retain(|e| !received.contains(e));
    assert_eq!(second.received(), rest);
    assert_eq!(status_of(&report, SendStatus::AlreadySent), received);
    let mut everyone: Vec<String> = received.iter().chain(&second.received()).cloned().collect();
    everyone.sort();
    let mut expected = emails.clone();
    expected.sort();
    assert_eq!(everyone, expected, "each person exactly once");

    // A third time: nobody.
    let report = send(&mut db, &plan, second.port);
    assert_eq!(second.received().len(), rest.len());
    assert_eq!(report.count(SendStatus::AlreadySent), emails.len());

    // A further change is another batch, told again.
    let mut lunch = item(&db, event, "Pause méridienne", "12:30");
    lunch.ends_at += chrono::Duration::minutes(15);
    db.save_item(&lunch).unwrap();
    let next = db
        .notify_plan(event, &changes(), None, false, db.now())
        .unwrap();
    assert_ne!(next.batch, plan.batch);
    assert_eq!(db.sent_count(event, &next.batch).unwrap(), 0);
}

#[test]
fn the_command_writes_the_files_then_sends_and_resumes() {
    let (db, event, _, _) = demo_after_a_change();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deroule.db");
    db.conn()
        .execute("VACUUM INTO ?1", [file.to_str().unwrap()])
        .unwrap();
    drop(db);
    let exe = env!("CARGO_BIN_EXE_deroule");
    let out_dir = dir.path().join("messages");
    let run = |args: &[&str]| {
        Command::new(exe)
            .args([
                "notify",
                "--db",
                file.to_str().unwrap(),
                "--event",
                &event.to_string(),
            ])
            .args(args)
            .env_remove("DEROULE_SMTP_PASSWORD")
            .output()
            .unwrap()
    };
    let out = run(&["--out", out_dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let written = json["files"]["written"].as_array().unwrap().len();
    assert_eq!(written, eml_files(&out_dir).len());
    let without = json["files"]["withoutEmail"].as_array().unwrap().len();
    assert!(without >= 1);
    assert!(written >= 5);

    // Sending without a sender is refused, naming what is missing.
    let sink = Sink::start(free_port(), "", 2);
    let server = format!("127.0.0.1:{}", sink.port);
    let out = run(&["--smtp", &server, "--plain"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from"));
    // Two accepted, then the server closes: the command fails, saying so.
    let from = [
        "--smtp",
        &server,
        "--plain",
        "--from",
        "Orga <orga@example.org>",
    ];
    let out = run(&from);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("run the same command again"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let outcomes = json["sent"]["outcomes"].as_array().unwrap();
    let count = |s: &str| outcomes.iter().filter(|o| o["status"] == s).count();
    assert_eq!((count("sent"), count("no_email")), (2, without));
    drop(sink);
    let sink = Sink::start(free_port(), "", -1);
    let server = format!("127.0.0.1:{}", sink.port);
    let from = [
        "--smtp",
        &server,
        "--plain",
        "--from",
        "Orga <orga@example.org>",
    ];
    let out = run(&from);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(sink.received().len(), written - 2);
}

#[test]
fn the_command_logs_in_with_the_password_of_its_variable() {
    let (db, event, _, _) = demo_after_a_change();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deroule.db");
    db.conn()
        .execute("VACUUM INTO ?1", [file.to_str().unwrap()])
        .unwrap();
    drop(db);
    let sink = Sink::start_with_login(free_port(), "", -1, ("orga", "s3cret"));
    let server = format!("127.0.0.1:{}", sink.port);
    let run = |password: &str| {
        Command::new(env!("CARGO_BIN_EXE_deroule"))
            .args([
                "notify",
                "--db",
                file.to_str().unwrap(),
                "--event",
                &event.to_string(),
            ])
            .args(["--smtp", &server, "--plain", "--user", "orga"])
            .args(["--from", "Orga <orga@example.org>"])
            .env("DEROULE_SMTP_PASSWORD", password)
            .output()
            .unwrap()
    };
    // A wrong password: refused at the login (535), the batch stops at
    // once and nothing is recorded.
    let out = run("wrong");
    assert!(!out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stopped = json["sent"]["stopped"].as_str().unwrap();
    assert!(stopped.contains("535"), "{stopped}");
    let outcomes = json["sent"]["outcomes"].as_array().unwrap();
    assert_eq!(outcomes[0]["status"], "failed");
    assert!(outcomes[1..]
        .iter()
        .all(|o| o["status"] == "not_sent" || o["status"] == "no_email"));
    assert!(sink.received().is_empty());
    // The right one: everyone.
    let out = run("s3cret");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sent = json["sent"]["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["status"] == "sent")
        .count();
    assert!(sent >= 5);
    assert_eq!(sink.received().len(), sent);
}

/// A message whose file cannot be put in place (its name taken by a
/// folder) stops the writing with an error that names it; no temporary
/// file stays behind, the folder in the way is left as it was, and the
/// same messages written again where they can be are all there, whole.
#[test]
fn a_message_that_cannot_be_written_stops_with_its_name_and_leaves_no_part() {
    let (mut db, event, _, _) = demo_after_a_change();
    let plan = db
        .notify_plan(event, &changes(), None, true, db.now())
        .unwrap();
    assert!(plan.messages.len() >= 5);
    let dir = tempfile::tempdir().unwrap();
    let first = write_eml(&plan, dir.path(), None, db.now()).unwrap();
    let blocked = dir.path().join("bloque");
    let in_the_way = blocked.join(&first.written[2].file_name);
    std::fs::create_dir_all(in_the_way.join("notes")).unwrap();

    let err = write_eml(&plan, &blocked, None, db.now()).unwrap_err();
    assert!(
        err.message
            .contains(&format!("cannot write {}", in_the_way.display())),
        "{}",
        err.message
    );
    let left: Vec<String> = std::fs::read_dir(&blocked)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(left.iter().all(|name| !name.ends_with(".part")), "{left:?}");
    assert!(in_the_way.join("notes").is_dir());

    // With nothing in the way, every message is written, as the first time.
    std::fs::remove_dir_all(&in_the_way).unwrap();
    let again = write_eml(&plan, &blocked, None, db.now()).unwrap();
    assert_eq!(again.written, first.written);
    assert_eq!(read_eml(&eml_files(&blocked)).len(), plan.messages.len());
}
