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

    // Each attendee can be told their workshops: the message of the one
    // previewed names those the core gave them.
    app.click("[data-testid=notify-open]").await;
    app.wait_for("[data-testid=notify-preview]").await;
    let body = app.text("[data-testid=notify-preview-body]").await;
    let who = app
        .js("return document.querySelector('[data-testid=notify-sample-of]').selectedOptions[0].textContent")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    let event = app.invoke("list_events", json!({})).await[0]["id"].clone();
    let registrations = app
        .invoke("registrations", json!({ "eventId": event }))
        .await;
    let attendee = registrations["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| who.starts_with(a["name"].as_str().unwrap()))
        .unwrap_or_else(|| panic!("no attendee for {who:?}"));
    let programme = app
        .invoke("get_programme", json!({ "eventId": event }))
        .await;
    let titles: Vec<&str> = registrations["signups"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["attendeeId"] == attendee["id"] && s["status"] == "confirmed")
        .filter_map(|s| {
            programme["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["id"] == s["itemId"] && i["blockId"].as_i64() == Some(block))
                .map(|i| i["title"].as_str().unwrap())
        })
        .collect();
    assert!(!titles.is_empty());
    for title in titles {
        assert!(body.contains(title), "{title} not in {body}");
    }
    assert!(app
        .text("[data-testid=notify-preview-subject]")
        .await
        .ends_with("vos ateliers"));
    app.screenshot(screenshot_path("notify_allocation_fr"))
        .await;
    app.assert_accessible("the Notify dialog after an allocation")
        .await;
    app.click("[data-testid=notify-close]").await;
    app.wait_gone("[data-testid=notify-dialog]").await;

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
