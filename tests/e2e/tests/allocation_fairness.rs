//! The fairness options on the allocation screen: at most 2 people of one
//! organisation per session, typed in the window, saved (undoable), then a
//! simulation and an allocation that honour it, with the report's figures.

use crate::harness::{launch, screenshot_path};
use serde_json::{json, Value};
use std::collections::HashMap;

/// Confirmed seats per (item of the block, organisation).
fn per_organisation(
    registrations: &Value,
    programme: &Value,
    block: i64,
) -> HashMap<(i64, String), usize> {
    let organisation: HashMap<i64, String> = registrations["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_i64().unwrap(),
                a["organisation"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let in_block: Vec<i64> = programme["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["blockId"].as_i64() == Some(block))
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    let mut count = HashMap::new();
    for s in registrations["signups"].as_array().unwrap() {
        let item = s["itemId"].as_i64().unwrap();
        if s["status"] == "confirmed" && in_block.contains(&item) {
            let org = &organisation[&s["attendeeId"].as_i64().unwrap()];
            *count.entry((item, org.clone())).or_insert(0) += 1;
        }
    }
    count
}

#[tokio::test]
async fn at_most_two_per_organisation_is_set_in_the_window_and_honoured() {
    let (_db, app) = launch().await;
    app.load_demo().await;
    let event = app.invoke("list_events", json!({})).await[0]["id"].clone();
    // Twelve attendees of the demo work at the same médiathèque.
    let registrations = app.registrations(&event).await;
    for a in registrations["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .take(12)
    {
        let mut a = a.clone();
        a["organisation"] = json!("Médiathèque Jacques-Prévert");
        app.invoke("save_attendee", json!({ "attendee": a })).await;
    }
    app.open_tab("participants").await;
    app.click("[data-testid=allocation-open]").await;
    app.wait_for("[data-testid=fairness]").await;
    let block: i64 = app
        .js("return Number(document.querySelector('[data-testid=allocation-block]').value)")
        .await
        .as_i64()
        .expect("a block id");

    // The number field sits beside its label, on the label's line, not
    // under it.
    let beside = app
        .js(
            "const input = document.querySelector('[data-testid=fairness-cap]').getBoundingClientRect(); \
             const label = document.querySelector('[data-testid=fairness-cap]').closest('label'); \
             const words = [...label.childNodes].find((n) => n.nodeType === 3 && n.textContent.trim()); \
             const range = document.createRange(); range.selectNodeContents(words); \
             const text = range.getBoundingClientRect(); \
             return [input.left >= text.right, input.top < text.bottom && input.bottom > text.top];",
        )
        .await;
    assert_eq!(
        beside,
        json!([true, true]),
        "right of the label text, same line"
    );

    // k = 2, typed and saved: one undoable step.
    app.fill("[data-testid=fairness-cap]", "2").await;
    app.click("[data-testid=fairness-keep]").await;
    app.click("[data-testid=fairness-save]").await;
    app.wait_until("the options saved", async || {
        let history = app.invoke("history", json!({})).await;
        Ok(history["undo"] == "block.fairness")
    })
    .await;
    let stored = app
        .invoke("block_fairness", json!({ "blockId": block }))
        .await;
    assert_eq!(stored["organisationCap"], 2, "{stored}");
    assert_eq!(stored["keepSeats"], true, "{stored}");

    // The simulation is the core's, options included.
    let expected = app
        .invoke(
            "allocate_block",
            json!({ "blockId": block, "dryRun": true }),
        )
        .await;
    app.click("[data-testid=allocation-simulate]").await;
    app.wait_for("[data-testid=allocation-result][data-applied=false]")
        .await;
    assert_eq!(
        app.content("[data-testid=allocation-served]").await,
        expected["served"].to_string()
    );
    // The demo's block was allocated already: the report says what
    // becomes of those seats.
    let before = expected["seatsBefore"].as_i64().unwrap();
    assert!(before > 0, "{expected}");
    assert_eq!(
        app.content("[data-testid=allocation-changes]").await,
        format!(
            "Places déjà attribuées : {before} — gardées {}, déplacées {}, ajoutées {}, retirées {}.",
            expected["seatsKept"], expected["seatsMoved"], expected["seatsAdded"], expected["seatsRemoved"]
        )
    );
    app.screenshot(screenshot_path("allocation_fairness_fr"))
        .await;
    app.assert_accessible("the allocation screen with its fairness options")
        .await;

    // Applied: no session holds more than 2 of the médiathèque.
    let programme = app
        .invoke("get_programme", json!({ "eventId": event }))
        .await;
    let before = per_organisation(&app.registrations(&event).await, &programme, block);
    app.click("[data-testid=allocation-apply]").await;
    app.click("[data-testid=confirm-yes]").await;
    app.wait_for("[data-testid=allocation-result][data-applied=true]")
        .await;
    let after = per_organisation(&app.registrations(&event).await, &programme, block);
    let key = |m: &HashMap<(i64, String), usize>| {
        m.iter()
            .filter(|((_, o), _)| o == "Médiathèque Jacques-Prévert")
            .map(|(_, &n)| n)
            .max()
            .unwrap_or(0)
    };
    assert!(key(&before) > 2, "the cap must bite: {before:?}");
    assert!(key(&after) <= 2 && key(&after) > 0, "{after:?}");
    app.quit().await;
}
