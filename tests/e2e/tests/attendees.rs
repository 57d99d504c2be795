//! Attendee lists in the real app: `--open-from` stands in for the open
//! dialog, so the commands run from the page as the screens will run them,
//! through the app's real capability and its database file.

use crate::harness::{App, TempDb};
use deroule::Db;
use serde_json::json;
use std::path::Path;

#[tokio::test]
async fn attendee_list_opened_from_the_command_line() {
    let db = TempDb::new();
    let list = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/csv/weezevent-bom.csv")
        .canonicalize()
        .unwrap();
    let list = list.to_string_lossy().into_owned();
    let app = App::start_with(db.path(), &["--open-from", &list]).await;
    app.click("[data-testid=load-demo]").await;
    app.wait_until("the demo", async || {
        Ok(app.count("[data-testid=item]").await == 14)
    })
    .await;
    let invoke = |command: &str, args: serde_json::Value| {
        format!(
            "return window.__TAURI_INTERNALS__.invoke({}, {args}).catch(e => ({{ refused: e }}))",
            json!(command)
        )
    };

    let pick = app
        .js(&invoke("pick_attendees_csv", json!({ "eventId": 1 })))
        .await;
    assert_eq!(pick["path"], list, "{pick}");
    assert_eq!(pick["preview"]["encoding"], "utf8_bom");
    assert_eq!(pick["preview"]["creates"], 4);
    assert_eq!(pick["preview"]["rows"][1]["name"], "Mathieu Roux");

    // Only the picked file is read.
    let refused = app
        .js(&invoke(
            "import_attendees_csv",
            json!({ "eventId": 1, "path": "/etc/passwd", "mapping": null }),
        ))
        .await;
    assert_eq!(refused["refused"]["reason"], "not_picked", "{refused}");

    let report = app
        .js(&invoke(
            "import_attendees_csv",
            json!({ "eventId": 1, "path": list, "mapping": null }),
        ))
        .await;
    assert_eq!(report["created"], 4, "{report}");
    let history = app.js(&invoke("history", json!({}))).await;
    assert_eq!(history["undo"], "attendees.import");
    app.quit().await;

    // The demo's 60 attendees and the 4 of the list.
    let names: Vec<String> = Db::open(db.path())
        .unwrap()
        .attendees(1)
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names.len(), 64);
    for name in [
        "Julie Lefebvre",
        "Louis Morel",
        "Mathieu Roux",
        "Samira Haddad",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} missing");
    }
}
