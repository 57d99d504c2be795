//! "Sauvegarder…" and "Restaurer…" on the events screen: a dated copy of
//! the database, then the copy put back after asking, the database it
//! replaced kept aside. Events deleted and copied there, and undone.

use crate::harness::{screenshot_path, App, TempDb};

#[tokio::test]
async fn a_backup_is_restored_after_asking_and_the_current_base_is_kept_aside() {
    let db = TempDb::new();
    let out = tempfile::tempdir().unwrap();
    // The copy's name is dated by the app's clock, today's; the core names
    // it, so ask the core for the name of a database called deroule.db.
    let name = {
        let probe = tempfile::tempdir().unwrap();
        deroule::Db::open(&probe.path().join("deroule.db"))
            .unwrap()
            .backup_file_name()
    };
    let copy = out.path().join(&name);
    let (save_to, open_from) = (
        out.path().to_string_lossy().into_owned(),
        copy.to_string_lossy().into_owned(),
    );
    let app = App::start_with(
        db.path(),
        &["--save-to", &save_to, "--open-from", &open_from],
    )
    .await;
    app.load_demo().await;
    app.click("[data-testid=nav-events]").await;
    app.wait_for("[data-testid=backup-database]").await;

    app.click("[data-testid=backup-database]").await;
    app.wait_until("the copy to be saved", async || {
        Ok(app
            .text("[data-testid=notice]")
            .await
            .starts_with("Copie de la base enregistrée"))
    })
    .await;
    assert!(copy.exists(), "{}", copy.display());

    // A second event, made after the copy.
    app.create_event("Journée d'étude", "01/07/2025", None)
        .await;
    app.click("[data-testid=nav-events]").await;
    app.wait_until("two events", async || {
        Ok(app.count("[data-testid=event-row]").await == 2)
    })
    .await;

    // Restoring asks first; "Annuler" leaves everything.
    app.click("[data-testid=restore-database]").await;
    app.wait_for("[data-testid=confirm-dialog]").await;
    app.click("[data-testid=confirm-no]").await;
    app.wait_gone("[data-testid=confirm-dialog]").await;
    assert_eq!(app.count("[data-testid=event-row]").await, 2);

    app.click("[data-testid=restore-database]").await;
    app.click("[data-testid=confirm-yes]").await;
    app.wait_until("the copy to be restored", async || {
        Ok(app.count("[data-testid=event-row]").await == 1)
    })
    .await;
    let notice = app.text("[data-testid=notice]").await;
    assert!(notice.starts_with("Base restaurée depuis"), "{notice}");
    app.screenshot(screenshot_path("backup_restored")).await;
    assert_eq!(
        app.invoke("history", serde_json::json!({})).await,
        serde_json::json!({ "undo": null, "redo": null })
    );
    app.quit().await;

    // On disk: the restored database holds the demo only, and the one it
    // replaced, with both events, is beside it under a dated name.
    let dir = db.path().parent().unwrap();
    let aside: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("deroule-avant-restauration-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(notice.contains(&aside[0].display().to_string()), "{notice}");
    let count = |path: &std::path::Path| {
        deroule::Db::open(path)
            .unwrap()
            .list_events()
            .unwrap()
            .len()
    };
    assert_eq!(count(&aside[0]), 2);
    assert_eq!(count(db.path()), 1);
}

/// Deleting an event on the events screen takes it off the list after
/// asking; "Annuler" brings it back whole; deleted again, it leaves the
/// database file once its deletion can no longer be undone (the app ended),
/// and the other event is untouched.
#[tokio::test]
async fn a_deleted_event_comes_back_with_undo_and_leaves_the_file_once_the_app_ended() {
    let db = TempDb::new();
    let app = App::start(db.path()).await;
    app.load_demo().await;
    app.click("[data-testid=nav-events]").await;
    app.create_event("Journée d'étude", "01/07/2025", None)
        .await;
    app.click("[data-testid=nav-events]").await;
    app.wait_until("two events", async || {
        Ok(app.count("[data-testid=event-row]").await == 2)
    })
    .await;
    let events = app.invoke("list_events", serde_json::json!({})).await;
    let demo = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] != "Journée d'étude")
        .unwrap()["id"]
        .clone();
    let demo_row = format!("[data-testid=event-row][data-event-id='{demo}']");
    let delete = format!("{demo_row} [data-testid=delete-event]");

    app.click(&delete).await;
    app.click("[data-testid=confirm-yes]").await;
    app.wait_gone(&demo_row).await;
    assert_eq!(app.count("[data-testid=event-row]").await, 1);
    app.click("[data-testid=undo]").await;
    app.wait_for(&demo_row).await;
    let back = app
        .invoke("get_programme", serde_json::json!({ "eventId": demo }))
        .await;
    assert_eq!(back["items"].as_array().unwrap().len(), 14);

    app.click(&delete).await;
    app.click("[data-testid=confirm-yes]").await;
    app.wait_gone(&demo_row).await;
    // WebDriver ends the app without the close a person makes (which
    // purges on the way out, as the app's own tests check): the next start
    // purges what it left.
    app.quit().await;
    let count = |sql: &str| -> i64 {
        let db = deroule::Db::open(db.path()).unwrap();
        db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    };
    assert_eq!(
        count("SELECT count(*) FROM events"),
        2,
        "put aside until then"
    );
    let app = App::start(db.path()).await;
    app.wait_until("the deleted event to be purged", async || {
        Ok(count("SELECT count(*) FROM events") == 1)
    })
    .await;
    app.wait_until("the one event listed", async || {
        Ok(app.count("[data-testid=event-row]").await == 1)
    })
    .await;
    app.quit().await;
    assert_eq!(count("SELECT count(*) FROM items"), 0);
    assert_eq!(count("SELECT count(*) FROM attendees"), 0);
    let left = deroule::Db::open(db.path()).unwrap().list_events().unwrap();
    assert_eq!(left[0].title, "Journée d'étude");
}

/// "Dupliquer" on the events screen opens the copy; "Annuler" takes the
/// whole copy away (its items, rooms, workshops) and leaves the original as
/// it was; "Rétablir" brings the copy back whole, its workshops included.
#[tokio::test]
async fn a_copied_event_is_undone_whole_and_redone() {
    let db = TempDb::new();
    let app = App::start(db.path()).await;
    app.load_demo().await;
    app.click("[data-testid=nav-events]").await;
    let events = async || app.invoke("list_events", serde_json::json!({})).await;
    let demo = events().await[0]["id"].clone();
    let demo_row = format!("[data-testid=event-row][data-event-id='{demo}']");
    let before = app
        .invoke("get_programme", serde_json::json!({ "eventId": demo }))
        .await;

    app.click(&format!("{demo_row} [data-testid=duplicate-event]"))
        .await;
    app.wait_until("the copy", async || {
        Ok(events().await.as_array().unwrap().len() == 2)
    })
    .await;
    let copy = events()
        .await
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] != demo)
        .unwrap()["id"]
        .clone();
    let programme = async |id: &serde_json::Value| {
        app.invoke("get_programme", serde_json::json!({ "eventId": id }))
            .await
    };
    let workshops = |p: &serde_json::Value| {
        p["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| !i["workshopId"].is_null())
            .count()
    };
    let copied = programme(&copy).await;
    let items = |p: &serde_json::Value| p["items"].as_array().unwrap().len();
    assert_eq!(items(&copied), items(&before));
    assert_eq!(workshops(&copied), workshops(&before));
    assert!(workshops(&before) > 0, "the demo has workshops");

    app.click("[data-testid=undo]").await;
    app.wait_until("the copy undone", async || {
        Ok(events().await.as_array().unwrap().len() == 1)
    })
    .await;
    app.click("[data-testid=nav-events]").await;
    app.wait_until("one event listed", async || {
        Ok(app.count("[data-testid=event-row]").await == 1)
    })
    .await;
    assert_eq!(programme(&demo).await, before, "the original is as it was");

    app.click("[data-testid=redo]").await;
    app.wait_until("the copy back", async || {
        Ok(app.count("[data-testid=event-row]").await == 2)
    })
    .await;
    let back = programme(&copy).await;
    assert_eq!(back["items"], copied["items"]);
    assert_eq!(back["rooms"], copied["rooms"]);
    assert_eq!(workshops(&back), workshops(&before));
    app.screenshot(&screenshot_path("copy_redone")).await;
    app.quit().await;
}
