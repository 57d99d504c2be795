//! Marking the programme as sent out, changing it, and reading on the
//! Modifications screen what changed and whom it concerns.

use crate::harness::{launch, screenshot_path};

#[tokio::test]
async fn a_moved_workshop_is_listed_with_its_attendees_since_the_version_sent() {
    let (db, app) = launch().await;
    app.load_demo().await;

    // Nothing went out yet.
    app.open_tab("changes").await;
    app.wait_for("[data-testid=versions-none]").await;
    app.fill("[data-testid=mark-version-label]", "Programme imprimé")
        .await;
    app.click("[data-testid=mark-version-go]").await;
    app.wait_for("[data-testid=version]").await;
    assert_eq!(
        app.text("[data-testid=mark-version-result]").await,
        "Version « Programme imprimé » enregistrée."
    );
    app.wait_for("[data-testid=changes-none]").await;

    // Move "Atelier 1" of 14h by half an hour in its panel.
    app.open_tab("programme").await;
    app.move_in_panel(7, "14h30", "15h30").await;

    app.open_tab("changes").await;
    app.wait_for("[data-testid=change]").await;
    assert_eq!(app.count("[data-testid=change]").await, 1);
    assert_eq!(
        app.text("[data-testid=change][data-kind=moved]").await,
        "Déplacé de 14h à 14h30"
    );
    let confirmed = signed_up(db.path(), 7);
    assert!(confirmed > 0);
    app.click("[data-testid=change-people]").await;
    assert_eq!(
        app.count("[data-testid=change-attendee]").await as i64,
        confirmed
    );
    assert!(app
        .text("[data-testid=change-people]")
        .await
        .starts_with(&format!("Concerne {confirmed} participants")));
    app.screenshot(screenshot_path("changes_fr")).await;

    // The same screen in English.
    app.click("[data-testid=lang]").await;
    app.wait_until("the English sentence", async || {
        Ok(app.text("[data-testid=change]").await == "Moved from 14:00 to 14:30")
    })
    .await;
    app.screenshot(screenshot_path("changes_en")).await;
    app.click("[data-testid=lang]").await;

    // A second version leaves nothing changed since it.
    app.fill("[data-testid=mark-version-label]", "Erratum 1")
        .await;
    app.click("[data-testid=mark-version-go]").await;
    app.wait_for("[data-testid=changes-none]").await;
    assert_eq!(app.count("[data-testid=version]").await, 2);
    // The first one can still be compared with.
    app.choose("[data-testid=changes-since]", "Programme imprimé")
        .await;
    app.wait_for("[data-testid=change]").await;
    app.quit().await;
}

/// How many attendees hold or wait for a seat in an item, read by the core.
fn signed_up(path: &std::path::Path, item: i64) -> i64 {
    let db = deroule::Db::open(path).expect("the app's database");
    let event = db.list_events().unwrap()[0].id;
    let r = db.registrations(event).unwrap();
    r.signups.iter().filter(|s| s.item_id == item).count() as i64
}
