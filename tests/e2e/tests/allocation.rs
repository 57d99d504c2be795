//! The allocation screen on the demo: the block chosen, a simulation whose
//! first-choice count is the core's own, then the allocation applied and
//! undone in one step.

use crate::harness::{screenshot_path, App, TempDb};
use crate::signups::content;
use serde_json::{json, Value};

/// Runs a command through the page's invoke bridge, as the UI does.
async fn invoke(app: &App, command: &str, args: Value) -> Value {
    app.js(&format!(
        "return window.__TAURI_INTERNALS__.invoke({}, {args}).catch(e => ({{ refused: e }}))",
        json!(command)
    ))
    .await
}

#[tokio::test]
async fn allocation_is_simulated_applied_and_undone() {
    let db = TempDb::new();
    let app = App::start(db.path()).await;
    app.click("[data-testid=load-demo]").await;
    app.wait_for("[data-testid=block-badge]").await;
    app.click("[data-testid=tab-participants]").await;
    app.click("[data-testid=allocation-open]").await;
    app.wait_for("[data-testid=allocation]").await;

    // The block chosen, and how many ranked its workshops.
    let block: i64 = app
        .js("return Number(document.querySelector('[data-testid=allocation-block]').value)")
        .await
        .as_i64()
        .expect("a block id");
    let expected = invoke(
        &app,
        "allocate_block",
        json!({ "blockId": block, "dryRun": true }),
    )
    .await;
    let ranked = expected["attendees"].as_i64().expect("a report");
    assert!(ranked > 0, "{expected}");
    app.wait_until("the count of attendees who ranked", async || {
        Ok(content(&app, "[data-testid=allocation-ranked]").await
            == format!("{ranked} participants ont classé ses ateliers."))
    })
    .await;

    // Simulate: the first choices as the core counts them.
    app.click("[data-testid=allocation-simulate]").await;
    app.wait_for("[data-testid=allocation-result][data-applied=false]")
        .await;
    let first = "[data-testid=allocation-rank][data-rank='1']";
    assert!(content(&app, first).await.starts_with("1er choix"));
    assert_eq!(
        content(
            &app,
            &format!("{first} [data-testid=allocation-rank-count]")
        )
        .await,
        expected["byRank"][0].to_string()
    );
    assert_eq!(
        content(&app, "[data-testid=allocation-served]").await,
        expected["served"].to_string()
    );
    assert_eq!(
        app.count("[data-testid=allocation-fill]").await,
        expected["fills"].as_array().unwrap().len()
    );
    let history = invoke(&app, "history", json!({})).await;
    assert_eq!(history["undo"], "demo.load", "a simulation writes nothing");

    // Apply, after the confirmation.
    app.click("[data-testid=allocation-apply]").await;
    assert!(content(&app, "#confirm-message")
        .await
        .contains("seront remplacées"));
    app.click("[data-testid=confirm-yes]").await;
    app.wait_for("[data-testid=allocation-result][data-applied=true]")
        .await;
    assert_eq!(
        content(
            &app,
            &format!("{first} [data-testid=allocation-rank-count]")
        )
        .await,
        expected["byRank"][0].to_string()
    );
    app.screenshot(screenshot_path("allocation_applied")).await;
    let history = invoke(&app, "history", json!({})).await;
    assert_eq!(history["undo"], "allocation.run", "{history}");

    // One undo reverts it.
    app.click("[data-testid=undo]").await;
    app.wait_until("the allocation to be undone", async || {
        let history = invoke(&app, "history", json!({})).await;
        Ok(history["redo"] == "allocation.run" && history["undo"] == "demo.load")
    })
    .await;
    // The applied result, no longer true, leaves the screen.
    app.wait_gone("[data-testid=allocation-result]").await;
    app.quit().await;
}
