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
    let registrations = app.registrations(&event).await;
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

/// A slow block (the app told to pause each allocation 3 s after reading
/// the block): the screen shows the progress with a Stop button, the
/// database answers meanwhile, Stop writes nothing, a ranking changed
/// meanwhile refuses the result with a clear message, and an undisturbed
/// run applies.
#[tokio::test]
async fn allocation_runs_in_the_background_can_be_stopped_and_refuses_a_changed_block() {
    let db = crate::harness::TempDb::new();
    // Each run waits 8 s before it solves: time enough, on a loaded
    // machine, for the screenshot and the accessibility check of the
    // running state before Stop is pressed.
    const PAUSE: std::time::Duration = std::time::Duration::from_secs(8);
    let app = crate::harness::App::start_with(
        db.path(),
        &["--allocation-pause-ms", &PAUSE.as_millis().to_string()],
    )
    .await;
    app.load_demo().await;
    app.open_tab("participants").await;
    app.click("[data-testid=allocation-open]").await;
    app.wait_for("[data-testid=allocation-ranked]").await;
    let block: i64 = app
        .js("return Number(document.querySelector('[data-testid=allocation-block]').value)")
        .await
        .as_i64()
        .expect("a block id");

    // Stop: nothing is written, the result never shows.
    app.click("[data-testid=allocation-apply]").await;
    app.click("[data-testid=confirm-yes]").await;
    app.wait_for("[data-testid=allocation-progress]").await;
    assert!(app
        .text("[data-testid=allocation-progress-text]")
        .await
        .contains("Lecture du bloc"));
    // The database is not held while it runs.
    let asked = std::time::Instant::now();
    let history = app.invoke("history", json!({})).await;
    assert_eq!(history["undo"], "demo.load");
    assert!(asked.elapsed().as_millis() < 1500, "{:?}", asked.elapsed());
    app.screenshot(screenshot_path("allocation_running")).await;
    app.assert_accessible("the allocation running").await;
    app.click("[data-testid=allocation-cancel]").await;
    app.wait_gone("[data-testid=allocation-progress]").await;
    tokio::time::sleep(PAUSE + std::time::Duration::from_millis(500)).await;
    let history = app.invoke("history", json!({})).await;
    assert_eq!(history["undo"], "demo.load", "a stopped run writes nothing");
    assert_eq!(app.count("[data-testid=allocation-result]").await, 0);

    // A ranking changed while it runs: refused, nothing written.
    app.click("[data-testid=allocation-apply]").await;
    app.click("[data-testid=confirm-yes]").await;
    app.wait_for("[data-testid=allocation-progress]").await;
    let registrations = app
        .registrations(&app.invoke("list_events", json!({})).await[0]["id"])
        .await;
    let workshops: Vec<i64> = registrations["workshops"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["blockId"].as_i64() == Some(block))
        .map(|w| w["id"].as_i64().unwrap())
        .collect();
    let someone = registrations["attendees"][0]["id"].clone();
    let changed = app
        .invoke(
            "set_ranking",
            json!({ "attendeeId": someone, "blockId": block, "workshopIds": [workshops[workshops.len() - 1]] }),
        )
        .await;
    assert!(changed.get("refused").is_none(), "{changed}");
    app.wait_for_at_most("[data-testid=allocation-error]", PAUSE * 3)
        .await;
    assert!(app
        .text("[data-testid=allocation-error]")
        .await
        .starts_with("Le bloc a changé pendant la répartition"));
    let history = app.invoke("history", json!({})).await;
    assert_ne!(history["undo"], "allocation.run", "{history}");
    app.screenshot(screenshot_path("allocation_changed")).await;

    // Left alone, it applies.
    app.click("[data-testid=allocation-apply]").await;
    app.click("[data-testid=confirm-yes]").await;
    app.wait_for_at_most(
        "[data-testid=allocation-result][data-applied=true]",
        PAUSE * 3,
    )
    .await;
    let history = app.invoke("history", json!({})).await;
    assert_eq!(history["undo"], "allocation.run", "{history}");
    app.quit().await;
}
