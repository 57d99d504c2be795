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

use harness::{launch, screenshot_path};

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
