//! The allocation screen on the demo: the block chosen, a simulation whose
//! first-choice count is the core's own, then the allocation applied and
//! undone in one step.

use crate::harness::{launch, screenshot_path};
use serde_json::json;

#[tokio::test]
async fn allocation_is_simulated_applied_and_undone() {
    let (_db, app) = launch().await;
    app.load_demo().await;
    app.open_tab("participants").await;
    app.click("[data-testid=allocation-open]").await;
    app.wait_for("[data-testid=allocation]").await;

    // The block chosen, and how many ranked its workshops.
    let block: i64 = app
        .js("return Number(document.querySelector('[data-testid=allocation-block]').value)")
        .await
        .as_i64()
        .expect("a block id");
    let expected = app
        .invoke(
            "allocate_block",
            json!({ "blockId": block, "dryRun": true }),
        )
        .await;
    let ranked = expected["attendees"].as_i64().expect("a report");
    assert!(ranked > 0, "{expected}");
    app.wait_until("the count of attendees who ranked", async || {
        Ok(app.content("[data-testid=allocation-ranked]").await
            == format!("{ranked} participants ont classé ses ateliers."))
    })
    .await;

    // Simulate: the first choices as the core counts them.
    app.click("[data-testid=allocation-simulate]").await;
    app.wait_for("[data-testid=allocation-result][data-applied=false]")
        .await;
    let first = "[data-testid=allocation-rank][data-rank='1']";
    assert!(app.content(first).await.starts_with("1er choix"));
    assert_eq!(
        app.content(&format!("{first} [data-testid=allocation-rank-count]"))
            .await,
        expected["byRank"][0].to_string()
    );
    assert_eq!(
        app.content("[data-testid=allocation-served]").await,
        expected["served"].to_string()
    );
    assert_eq!(
        app.count("[data-testid=allocation-fill]").await,
        expected["fills"].as_array().unwrap().len()
    );
    let history = app.invoke("history", json!({})).await;
    assert_eq!(history["undo"], "demo.load", "a simulation writes nothing");

    // Apply, after the confirmation.
    app.click("[data-testid=allocation-apply]").await;
    assert!(app
        .content("#confirm-message")
        .await
        .contains("seront remplacées"));
    app.click("[data-testid=confirm-yes]").await;
    app.wait_for("[data-testid=allocation-result][data-applied=true]")
        .await;
    assert_eq!(
        app.content(&format!("{first} [data-testid=allocation-rank-count]"))
            .await,
        expected["byRank"][0].to_string()
    );
    app.screenshot(screenshot_path("allocation_applied")).await;
    let history = app.invoke("history", json!({})).await;
    assert_eq!(history["undo"], "allocation.run", "{history}");

    // One undo reverts it.
    app.click("[data-testid=undo]").await;
    app.wait_until("the allocation to be undone", async || {
        let history = app.invoke("history", json!({})).await;
        Ok(history["redo"] == "allocation.run" && history["undo"] == "demo.load")
    })
    .await;
    // The applied result, no longer true, leaves the screen.
    app.wait_gone("[data-testid=allocation-result]").await;
    app.quit().await;
}
