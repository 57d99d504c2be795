//! Publishing the programme from the app to a real CalDAV server (Radicale,
//! started here on 127.0.0.1), reading the calendar back with another
//! client (Python's `caldav`), and publishing again after a change: one
//! click, the password typed once per run, only what changed sent.

use crate::harness::{launch, screenshot_path, App};
use crate::support::radicale::{Radicale, PASSWORD, USER};

/// Clicks Publier in the dialog and waits for its report or its error.
async fn publish(app: &App) -> String {
    app.click("[data-testid=publish-go]").await;
    app.wait_until("the publication to end", async || {
        Ok(app.count("[data-testid=publish-summary]").await > 0
            || app.count("[data-testid=publish-error]").await > 0)
    })
    .await;
    if app.count("[data-testid=publish-error]").await > 0 {
        app.text("[data-testid=publish-error]").await
    } else {
        app.text("[data-testid=publish-summary]").await
    }
}

#[tokio::test]
async fn the_programme_is_published_then_published_again_after_a_change() {
    let server = Radicale::start();
    let url = server.calendar("journee");
    let (_db, app) = launch().await;
    app.load_demo().await;

    // A wrong password: the server refuses, nothing is published.
    app.click("[data-testid=publish]").await;
    app.wait_for("[data-testid=publish-dialog]").await;
    assert_eq!(app.count("[data-testid=publish-previous]").await, 0);
    app.fill("[data-testid=publish-url]", &url).await;
    app.fill("[data-testid=publish-user]", USER).await;
    app.fill("[data-testid=publish-password]", "wrong").await;
    // No keyring under Xvfb: keep the password for this run only.
    app.click("[data-testid=publish-remember]").await;
    assert_eq!(
        publish(&app).await,
        "Le serveur a refusé ce compte ou ce mot de passe. Rien n’a été publié."
    );
    assert!(server.read(&url).is_empty());

    // The right one: every item becomes an event of the calendar.
    app.fill("[data-testid=publish-password]", PASSWORD).await;
    assert_eq!(publish(&app).await, "14 événements créés.");
    app.screenshot(screenshot_path("publish_done")).await;
    let before = server.read(&url);
    assert_eq!(before.len(), 14);
    assert!(before.values().all(|r| r.sequence == 0));
    // Publishing proposes to mark the version that went out.
    app.wait_for("[data-testid=mark-version]").await;
    app.click("[data-testid=publish-close]").await;
    app.wait_gone("[data-testid=publish-dialog]").await;

    // Move "Atelier 1" of 14h by half an hour in its panel.
    app.move_in_panel(7, "14h30", "15h30").await;

    // Publish again: the calendar is offered, the password is not asked
    // again in this run, and only the moved workshop is sent.
    app.click("[data-testid=publish]").await;
    app.wait_for("[data-testid=publish-previous]").await;
    assert_eq!(app.count("[data-testid=publish-previous]").await, 1);
    let chosen = app
        .js("return document.querySelector('[data-testid=publish-previous]').checked")
        .await;
    assert_eq!(chosen, serde_json::json!(true));
    assert_eq!(
        app.js("return document.querySelector('[data-testid=publish-url]').value")
            .await,
        serde_json::json!(url)
    );
    assert_eq!(publish(&app).await, "1 mis à jour, 13 inchangés.");
    app.screenshot(screenshot_path("publish_again")).await;
    let after = server.read(&url);
    assert_eq!(after.len(), 14);
    let changed: Vec<_> = after
        .values()
        .filter(|r| r.etag != before[&r.uid].etag)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].summary.starts_with("Atelier 1 "));
    assert_eq!(changed[0].sequence, 1);

    app.quit().await;
}
