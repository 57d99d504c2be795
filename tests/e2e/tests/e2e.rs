//! End-to-end tests of Déroulé in its real window.
//!
//! Run through scripts/test.sh, or by hand:
//! `DEROULE_APP=$PWD/target/debug/deroule-app xvfb-run -a -s "-screen 0 1280x800x24" \
//!  cargo test -p deroule-e2e -- --test-threads=1`

mod a11y;
mod allocation;
mod allocation_fairness;
mod attendees;
mod backup;
mod changes;
mod choices_import;
mod csv_import;
mod disk_failures;
mod editor;
mod exports;
mod harness;
mod notify;
mod print;
mod publish;
mod running_order;
mod signups;
mod single_instance;
// The helpers the core's integration tests use too (Python, Radicale).
#[path = "../../support/mod.rs"]
#[allow(dead_code)]
mod support;

use harness::{launch, screenshot_path, App, TempDb};

/// The window starts on a fresh database and shows the app's page.
#[tokio::test]
async fn window_starts() {
    let (db, app) = launch().await;

    assert_eq!(app.title().await, "Déroulé");
    app.screenshot(screenshot_path("window_starts")).await;
    assert!(
        db.path().exists(),
        "the app did not create its database at {}",
        db.path().display()
    );

    app.quit().await;
}

/// The events list comes with the page (`start_page.rs`): the window shows
/// the events and the language chosen last time from the page's own data,
/// once it has loaded, and reads that data once.
#[tokio::test]
async fn the_events_list_comes_with_the_page() {
    let (db, app) = launch().await;
    app.load_demo().await;
    app.switch_to_english().await;
    app.quit().await;

    let app = App::restart(db.path()).await;
    app.wait_loaded().await;
    let shown = app
        .js(
            "return {
                rows: [...document.querySelectorAll('[data-testid=event-row] [data-testid=open-event]')]
                    .map(e => e.textContent.trim()),
                lang: document.documentElement.lang,
                block: document.getElementById('deroule-start') !== null,
            }",
        )
        .await;
    assert_eq!(shown["lang"], "en", "{shown}");
    let rows = shown["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 1, "{shown}");
    assert!(
        rows[0]
            .as_str()
            .unwrap()
            .contains("La métamorphose réciproque"),
        "{shown}"
    );
    // Read once, then taken out of the page.
    assert_eq!(shown["block"], false, "{shown}");

    // From the page, not asked of the backend (`ui/src/main.ts` marks which).
    let from = app
        .js("return performance.getEntriesByType('mark').map(m => m.name).filter(n => n.startsWith('start:'))")
        .await;
    assert_eq!(from, serde_json::json!(["start:page"]));
    app.quit().await;
}

/// A database written by a newer Déroulé: the window says so in place of
/// the editor, names the file, and leaves it as it was.
#[tokio::test]
async fn a_newer_database_is_named_and_left_as_it_was() {
    let db = TempDb::new();
    {
        let newer = deroule::Db::open(db.path()).expect("a database");
        newer
            .conn()
            .pragma_update(None, "user_version", 999)
            .expect("a version from the future");
    }
    let before = std::fs::read(db.path()).expect("the file");
    let app = App::start(db.path()).await;
    app.wait_for("[data-testid=fatal]").await;
    let path = db.path().display().to_string();
    app.wait_until("the file named", async || {
        Ok(app.text("[data-testid=fatal]").await.contains(&path))
    })
    .await;
    let said = app.text("[data-testid=fatal]").await;
    assert!(said.contains("version plus récente"), "{said}");
    assert_eq!(
        app.count("[data-testid=event-row], [data-testid=load-demo]")
            .await,
        0
    );
    app.assert_accessible("a database from a newer version")
        .await;
    app.screenshot(screenshot_path("newer_database")).await;
    app.quit().await;
    assert_eq!(std::fs::read(db.path()).expect("the file"), before);
}
