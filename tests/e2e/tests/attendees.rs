//! Attendee lists in the real app: `--open-from` stands in for the open
//! dialog, so the commands run from the page as the screens will run them,
//! through the app's real capability and its database file.

use crate::harness::launch_opening;
use serde_json::json;
use std::path::Path;

#[tokio::test]
async fn attendee_list_opened_from_the_command_line() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/csv/weezevent-bom.csv")
        .canonicalize()
        .unwrap();
    let (db, app) = launch_opening(&file).await;
    let list = file.to_string_lossy().into_owned();
    app.load_demo().await;

    let pick = app
        .invoke("pick_attendees_csv", json!({ "eventId": 1 }))
        .await;
    assert_eq!(pick["path"], list, "{pick}");
    assert_eq!(pick["preview"]["encoding"], "utf8_bom");
    assert_eq!(pick["preview"]["creates"], 4);
    assert_eq!(pick["preview"]["rows"][1]["name"], "Mathieu Roux");

    // Only the picked file is read.
    let refused = app
        .invoke(
            "import_attendees_csv",
            json!({ "eventId": 1, "path": "/etc/passwd", "mapping": null }),
        )
        .await;
    assert_eq!(refused["refused"]["reason"], "not_picked", "{refused}");

    let report = app
        .invoke(
            "import_attendees_csv",
            json!({ "eventId": 1, "path": list, "mapping": null }),
        )
        .await;
    assert_eq!(report["created"], 4, "{report}");
    let history = app.invoke("history", json!({})).await;
    assert_eq!(history["undo"], "attendees.import");
    app.quit().await;

    // The demo's 60 attendees and the 4 of the list.
    let names = db.attendee_names();
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
