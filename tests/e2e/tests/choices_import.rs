//! Choices from a registration form on the allocation screen: a Google
//! Forms export (a typo'd workshop title on two lines, a person who
//! answered twice) picked through `--open-from`, previewed line by line
//! with the refused cells named, the proposal accepted, imported in one
//! step; then the simulation gives the core's own first-choice count, and
//! the attendee it created shows the ranking and changes their wishes;
//! one undo takes the import back.

use crate::harness::{launch_opening, screenshot_path};
use serde_json::json;
use std::path::PathBuf;

fn form_export() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/choices/google-forms-typo.csv")
}

#[tokio::test]
async fn choices_are_imported_from_a_form_then_allocated() {
    let (_db, app) = launch_opening(&form_export()).await;
    app.load_demo().await;
    app.open_tab("participants").await;
    app.click("[data-testid=allocation-open]").await;
    app.wait_for("[data-testid=allocation-ranked]").await;

    // The preview: each line, the typo refused at its line and column with
    // the closest workshop proposed; nothing can be imported yet.
    app.click("[data-testid=choices-open]").await;
    app.wait_for("[data-testid=choices-rows]").await;
    assert_eq!(
        app.content("[data-testid=choices-row-count]").await,
        "6 lignes"
    );
    assert_eq!(
        app.content("[data-testid=choices-columns]").await,
        "Choix lus dans : Choix 1, Choix 2, Choix 3"
    );
    let errors = app
        .js("return [...document.querySelectorAll('[data-testid=choices-row-error]')].map((e) => e.textContent.trim())")
        .await;
    assert_eq!(
        errors,
        json!([
            "ligne 3, colonne 6 : aucun atelier du bloc ne porte ce titre",
            "ligne 5, colonne 7 : aucun atelier du bloc ne porte ce titre"
        ])
    );
    assert_eq!(
        app.content("[data-testid=choices-proposal]").await,
        "Le plus proche : « Atelier 4 : Échange avec des fablabs »"
    );
    assert_eq!(
        app.content("[data-testid=choices-row][data-line='4'] .action")
            .await,
        "remplacée par la ligne 6"
    );
    let disabled = app
        .js("return document.querySelector('[data-testid=choices-import-run]').disabled")
        .await;
    assert_eq!(disabled, json!(true));
    app.screenshot(screenshot_path("choices_preview")).await;
    app.assert_accessible("the preview of choices").await;

    // The proposal accepted: both lines read it, and the file imports.
    app.click("[data-testid=choices-accept]").await;
    app.wait_gone("[data-testid=choices-row-error]").await;
    let cells = app
        .js("return [...document.querySelectorAll('[data-testid=choices-row][data-line=\"3\"] td')].map((e) => e.textContent.trim().replace(/\\s+/g, ' '))")
        .await;
    assert_eq!(
        cells,
        json!([
            "3",
            "Bastien Lefort Bastien.Lefort@example.org",
            "Atelier 4 : Échange avec des fablabs (proposition acceptée) Atelier 3 : Numérique éthique et libre pour les tiers-lieux",
            "2",
            "à enregistrer"
        ])
    );
    assert_eq!(
        app.content("[data-testid=choices-creates]").await,
        "2 participants à créer"
    );
    app.click("[data-testid=choices-import-run]").await;
    app.wait_until("the import report", async || {
        Ok(app
            .content("[data-testid=choices-report]")
            .await
            .starts_with(
                "Choix importés : 2 participants créés, 2 classements enregistrés, 0 inchangés.",
            ))
    })
    .await;
    let history = app.invoke("history", json!({})).await;
    assert_eq!(history["undo"], "choices.import", "{history}");
    app.screenshot(screenshot_path("choices_imported")).await;

    // Back to the allocation: the simulation runs on what was imported,
    // and counts first choices as the core does.
    app.click("[data-testid=choices-close]").await;
    app.wait_for("[data-testid=allocation]").await;
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
    assert_eq!(
        expected["attendees"], 56,
        "54 of the demo and 2 created: {expected}"
    );
    app.wait_until("the count of attendees who ranked", async || {
        Ok(app.content("[data-testid=allocation-ranked]").await
            == "56 participants ont classé ses ateliers.")
    })
    .await;
    app.click("[data-testid=allocation-simulate]").await;
    app.wait_for("[data-testid=allocation-result][data-applied=false]")
        .await;
    let first = "[data-testid=allocation-rank][data-rank='1'] [data-testid=allocation-rank-count]";
    assert_eq!(app.content(first).await, expected["byRank"][0].to_string());
    assert_eq!(
        app.content("[data-testid=allocation-seats]").await,
        format!("{} / {}", expected["seatsGiven"], expected["seatsWished"])
    );

    // Yanis, created by the import, with the ranking the form gave; the
    // number of workshops he wishes is his own to change.
    app.click("[data-testid=allocation-close]").await;
    app.fill("[data-testid=attendee-search]", "Chérif").await;
    app.wait_until("Yanis alone in the list", async || {
        Ok(app.count("[data-testid=attendee-row]").await == 1)
    })
    .await;
    app.click("[data-testid=attendee-row] [data-testid=attendee-open]")
        .await;
    app.wait_for("[data-testid=ranking-entry]").await;
    let ranked = app
        .js("return [...document.querySelectorAll('[data-testid=ranking-entry] .what')].map((e) => e.textContent.split(' : ')[0])")
        .await;
    assert_eq!(ranked, json!(["Atelier 1", "Atelier 4", "Atelier 2"]));
    assert_eq!(
        app.js("return document.querySelector('[data-testid=wishes]').value")
            .await,
        json!(""),
        "his form said nothing: the block's maximum"
    );
    app.choose("[data-testid=wishes]", "1").await;
    app.wait_until("his wishes to be saved", async || {
        let history = app.invoke("history", json!({})).await;
        Ok(history["undo"] == "wishes.set")
    })
    .await;
    let again = app
        .invoke(
            "allocate_block",
            json!({ "blockId": block, "dryRun": true }),
        )
        .await;
    assert_eq!(
        again["seatsWished"].as_i64().unwrap(),
        expected["seatsWished"].as_i64().unwrap() - 1
    );
    app.screenshot(screenshot_path("choices_attendee_wishes"))
        .await;
    app.assert_accessible("an attendee with their ranking and wishes")
        .await;
    app.click("[data-testid=undo]").await;
    app.wait_until("the wishes to be undone", async || {
        let history = app.invoke("history", json!({})).await;
        Ok(history["undo"] == "choices.import")
    })
    .await;

    // One undo takes the whole import back.
    app.click("[data-testid=undo]").await;
    app.wait_until("the import to be undone", async || {
        let history = app.invoke("history", json!({})).await;
        Ok(history["undo"] == "demo.load")
    })
    .await;
    let event = app.invoke("list_events", json!({})).await[0]["id"].clone();
    let registrations = app
        .invoke("registrations", json!({ "eventId": event }))
        .await;
    let yanis = registrations["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["email"] == "yanis.cherif@cs-grandvire.fr");
    assert!(!yanis, "the attendee the import created is gone");
    app.quit().await;
}
