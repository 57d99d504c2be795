//! "Sauvegarder…" and "Restaurer…" on the events screen: a dated copy of
//! the database, then the copy put back after asking, the database it
//! replaced kept aside.

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
