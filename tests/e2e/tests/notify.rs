//! Notifying the people concerned by a change, from the Modifications
//! screen: the dialog's template and preview, and the .eml files saved into
//! the --save-to folder, read back here.

use crate::harness::{launch_saving, screenshot_path};
use crate::support::smtp::{free_port, Sink};
use fantoccini::key::Key;
use std::collections::BTreeSet;

#[tokio::test]
async fn the_people_of_a_moved_workshop_get_a_message_saved_as_eml() {
    let (db, out, app) = launch_saving().await;
    app.load_demo().await;

    app.open_tab("changes").await;
    app.wait_for("[data-testid=versions-none]").await;
    app.fill("[data-testid=mark-version-label]", "Programme imprimé")
        .await;
    app.click("[data-testid=mark-version-go]").await;
    app.wait_for("[data-testid=changes-none]").await;

    // "Atelier 1" of 14h moves to 14h30.
    app.open_tab("programme").await;
    app.click("[data-item-id='7'] .title").await;
    app.wait_for("[data-testid=item-panel]").await;
    app.fill("[data-testid=item-start]", "14h30").await;
    app.fill("[data-testid=item-end]", "15h30").await;
    app.wait_for("[data-testid=item-end]")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    app.wait_until("the item to move", async || {
        Ok(app.text("[data-item-id='7']").await.contains("14h30"))
    })
    .await;

    app.open_tab("changes").await;
    app.wait_for("[data-testid=change]").await;
    app.click("[data-testid=notify-open]").await;
    app.wait_for("[data-testid=notify-preview]").await;
    let preview = app.text("[data-testid=notify-preview-body]").await;
    assert!(preview.contains("Déplacé de 14h à 14h30"), "{preview}");
    assert!(preview.starts_with("Bonjour "), "{preview}");
    assert!(app
        .text("[data-testid=notify-preview-subject]")
        .await
        .ends_with("modifications du programme"));

    // The template is edited: the preview follows, an unknown field is
    // refused with its name.
    app.fill(
        "[data-testid=notify-subject]",
        "{événement} — {nom}, du nouveau",
    )
    .await;
    app.wait_until("the preview to follow the subject", async || {
        Ok(app
            .text("[data-testid=notify-preview-subject]")
            .await
            .ends_with(", du nouveau"))
    })
    .await;
    app.fill("[data-testid=notify-body]", "Bonjour {prenom}")
        .await;
    app.wait_for("[data-testid=notify-template-error]").await;
    assert!(app
        .text("[data-testid=notify-template-error]")
        .await
        .contains("{prenom}"));
    app.fill(
        "[data-testid=notify-body]",
        "Bonjour {nom}, voici ce qui change : {changements} {infos pratiques}",
    )
    .await;
    app.wait_gone("[data-testid=notify-template-error]").await;
    app.screenshot(screenshot_path("notify_fr")).await;
    app.assert_accessible("the Notify dialog").await;

    app.click("[data-testid=notify-save-eml]").await;
    app.wait_for("[data-testid=notify-saved]").await;
    app.screenshot(screenshot_path("notify_saved_fr")).await;

    // The files: one per person concerned with an e-mail, as the core says.
    let (concerned, event) = concerned_emails(db.path());
    let mut files: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    assert_eq!(files.len(), concerned.len());
    let mut to = BTreeSet::new();
    for file in &files {
        let eml = std::fs::read_to_string(file).unwrap();
        let header = eml.split("\r\n\r\n").next().unwrap();
        let line = header
            .lines()
            .find(|l| l.starts_with("To: "))
            .expect("a To header");
        let email = line
            .rsplit('<')
            .next()
            .unwrap()
            .trim_end_matches('>')
            .to_owned();
        to.insert(email);
        assert!(header.contains("MIME-Version: 1.0"));
        assert!(header.contains("X-Unsent: 1"));
        assert!(eml.contains("Content-Type: text/calendar; charset=utf-8; method=PUBLISH"));
        let text = quoted_printable(&eml);
        assert!(text.contains("Déplacé de 14h à 14h30"), "{text}");
        // The edited template, kept before writing.
        assert!(text.contains(", voici ce qui change : "), "{text}");
        assert!(text.contains("Informations pratiques"));
        let ics = calendar_of(&eml);
        assert!(ics.contains("METHOD:PUBLISH\r\n"), "{ics}");
        assert!(ics.contains("BEGIN:VEVENT"), "{ics}");
    }
    assert_eq!(to, concerned);
    // The edited template was kept for the event.
    let db = deroule::Db::open(db.path()).unwrap();
    let kept = db
        .message_template(event, deroule::notify::NotifyKind::Changes)
        .unwrap();
    assert_eq!(kept.subject, "{événement} — {nom}, du nouveau");

    // Sending through a mail server that closes after two messages: a
    // report per person, then Resume sends only the rest.
    let port = free_port();
    let first = Sink::start(port, "", 2);
    app.click("[data-testid=notify-smtp] summary").await;
    app.fill("[data-testid=smtp-host]", "127.0.0.1").await;
    app.choose("[data-testid=smtp-security]", "Aucune (serveur local)")
        .await;
    app.fill("[data-testid=smtp-port]", &port.to_string()).await;
    app.fill("[data-testid=smtp-from]", "Organisation <orga@example.org>")
        .await;
    app.click("[data-testid=notify-send]").await;
    app.wait_for("[data-testid=notify-resume]").await;
    let sent = app
        .count("[data-testid=notify-outcome][data-status=sent]")
        .await;
    assert_eq!(sent, 2);
    assert_eq!(
        app.count("[data-testid=notify-outcome][data-status=failed]")
            .await,
        1
    );
    assert_eq!(
        app.count("[data-testid=notify-outcome][data-status=not_sent]")
            .await,
        concerned.len() - 3
    );
    app.screenshot(screenshot_path("notify_report_fr")).await;
    app.assert_accessible("the Notify dialog's report").await;
    let mut received = first.received();
    drop(first);
    let second = Sink::start(port, "", -1);
    app.click("[data-testid=notify-resume]").await;
    app.wait_until("the resumed sending to end", async || {
        Ok(app.count("[data-testid=notify-resume]").await == 0
            && app
                .count("[data-testid=notify-outcome][data-status=already_sent]")
                .await
                == 2)
    })
    .await;
    assert_eq!(
        app.count("[data-testid=notify-outcome][data-status=sent]")
            .await,
        concerned.len() - 2
    );
    received.extend(second.received());
    let unique: BTreeSet<String> = received.iter().cloned().collect();
    assert_eq!(received.len(), unique.len(), "someone got two messages");
    assert_eq!(unique, concerned);
    app.screenshot(screenshot_path("notify_resumed_fr")).await;

    app.click("[data-testid=notify-close]").await;
    app.wait_gone("[data-testid=notify-dialog]").await;
    app.quit().await;
}

/// The e-mails of the people the core would write to, and the event.
fn concerned_emails(path: &std::path::Path) -> (BTreeSet<String>, i64) {
    let mut db = deroule::Db::open(path).expect("the app's database");
    let event = db.list_events().unwrap()[0].id;
    let request = deroule::notify::NotifyRequest {
        kind: deroule::notify::NotifyKind::Changes,
        since: None,
        block_id: None,
    };
    let now = db.now();
    let plan = db.notify_plan(event, &request, None, false, now).unwrap();
    assert!(plan.messages.len() >= 5);
    let emails = plan
        .messages
        .iter()
        .map(|m| m.recipient.email.clone())
        .collect();
    (emails, event)
}

/// The message's quoted-printable parts decoded (soft breaks joined, =XX
/// bytes read as UTF-8); other text left as it is.
/// The calendar attached to a message: the `text/calendar` part's body,
/// base64 (as the app writes it) decoded.
fn calendar_of(eml: &str) -> String {
    use base64::Engine;
    let part = eml
        .split("Content-Type: text/calendar")
        .nth(1)
        .expect("a calendar part");
    let (headers, rest) = part.split_once("\r\n\r\n").expect("the part's headers");
    assert!(
        headers.contains("Content-Transfer-Encoding: base64"),
        "{headers}"
    );
    let body: String = rest
        .split("\r\n--")
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body)
        .expect("base64");
    String::from_utf8(bytes).expect("UTF-8")
}

fn quoted_printable(eml: &str) -> String {
    let joined = eml.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
