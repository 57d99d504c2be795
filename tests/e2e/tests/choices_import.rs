//! Choices from a registration form on the allocation screen: a Google
//! Forms export (a typo'd workshop title on two lines, a person who
//! answered twice) picked through `--open-from`, previewed line by line
//! with the refused cells named, the proposal accepted, imported in one
//! step; then the simulation gives the core's own first-choice count, and
//! the attendee it created shows the ranking and changes their wishes;
//! one undo takes the import back. Then a form whose columns the guess
//! cannot read, mapped by hand in the preview and imported as mapped; and
//! Google Forms' ranking grid, recognised, with a column unticked.

use crate::harness::{launch_opening, screenshot_path, App, TempDb};
use serde_json::{json, Value};
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
        app.js("return [...document.querySelectorAll('[data-testid=choices-rank]')].map((s) => s.selectedOptions[0].textContent)")
            .await,
        json!(["Choix 1", "Choix 2", "Choix 3"]),
        "the columns guessed, one per rank"
    );
    let errors = app
        .js("return [...document.querySelectorAll('[data-testid=choices-row-error]')].map((e) => e.textContent.trim())")
        .await;
    assert_eq!(
        errors,
        json!([
            "ligne 3, colonne 6 « Choix 1 » : aucun atelier du bloc ne porte ce titre",
            "ligne 5, colonne 7 « Choix 2 » : aucun atelier du bloc ne porte ce titre"
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
                "Choix importés : 2 participants créés, 2 classements enregistrés, 0 inchangé.",
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
    let registrations = app.registrations(&event).await;
    let yanis = registrations["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["email"] == "yanis.cherif@cs-grandvire.fr");
    assert!(!yanis, "the attendee the import created is gone");
    app.quit().await;
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/choices")
        .join(name)
}

/// The workshops a preview row ranks, by their ids.
async fn row_workshops(app: &App, line: i64) -> Value {
    app.js(&format!(
        "return [...document.querySelectorAll('[data-testid=choices-row][data-line=\"{line}\"] [data-testid=choices-cell]')].map((e) => Number(e.dataset.workshopId))"
    ))
    .await
}

/// The app on the demo, showing the preview of choices of `file`.
async fn open_choices(file: &str) -> (TempDb, App) {
    let (db, app) = launch_opening(&fixture(file)).await;
    app.load_demo().await;
    app.open_tab("participants").await;
    app.click("[data-testid=allocation-open]").await;
    app.wait_for("[data-testid=allocation-ranked]").await;
    app.click("[data-testid=choices-open]").await;
    app.wait_for("[data-testid=choices-rows]").await;
    (db, app)
}

async fn checked_layout(app: &App) -> Value {
    app.js("return document.querySelector('[data-testid=choices-layout]:checked').value")
        .await
}

/// A form whose questions the guess cannot read (« Quel atelier ? »,
/// « Un autre atelier, si possible »): the organiser says in the preview that the
/// choices are one column per rank, adds the second rank (focus goes to
/// its select, which took the first free column), picks its column, and
/// the preview then the import read both choices.
#[tokio::test]
async fn the_organiser_chooses_the_columns_of_choices() {
    let (_db, app) = open_choices("formulaire-autre-atelier.csv").await;

    // The guess: « Quel atelier ? » alone, as one column holding a ranking.
    assert_eq!(checked_layout(&app).await, json!("ranking"));
    let guessed = app
        .js("return document.querySelector('[data-testid=choices-ranking-column]').selectedOptions[0].textContent")
        .await;
    assert_eq!(guessed, json!("Quel atelier ?"));
    let first_only = row_workshops(&app, 2).await;
    assert_eq!(first_only.as_array().unwrap().len(), 1, "{first_only}");

    // One column per rank: « Quel atelier ? » is the 1st choice; a 2nd.
    app.click("[data-testid=choices-layout][value=ranks]").await;
    app.wait_for("[data-testid=choices-rank][data-rank='1']")
        .await;
    app.click("[data-testid=choices-rank-add]").await;
    app.wait_for("[data-testid=choices-rank][data-rank='2']")
        .await;
    app.wait_until("focus on the new rank", async || {
        Ok(app
            .js("return document.activeElement.dataset.rank ?? ''")
            .await
            == json!("2"))
    })
    .await;
    app.wait_until("the preview to read both choices", async || {
        Ok(row_workshops(&app, 2).await.as_array().unwrap().len() == 2)
    })
    .await;
    let both = row_workshops(&app, 2).await;
    assert_eq!(
        both[0], first_only[0],
        "« Quel atelier ? » is still the 1st choice"
    );
    assert_eq!(
        app.js("return [...document.querySelectorAll('[data-testid=choices-rank]')].map((s) => s.selectedOptions[0].textContent)").await,
        json!(["Quel atelier ?", "Un autre atelier, si possible"]),
        "the new rank took the first free column"
    );

    // Giving the 1st rank the 2nd rank's column exchanges them; and back.
    app.choose(
        "[data-testid=choices-rank][data-rank='1']",
        "Un autre atelier, si possible",
    )
    .await;
    app.wait_until("the ranks exchanged", async || {
        Ok(row_workshops(&app, 2).await == json!([both[1], both[0]]))
    })
    .await;
    app.choose(
        "[data-testid=choices-rank][data-rank='1']",
        "Quel atelier ?",
    )
    .await;
    app.wait_until("the ranks back in order", async || {
        Ok(row_workshops(&app, 2).await == both)
    })
    .await;
    assert_eq!(
        app.content("[data-testid=choices-updates]").await,
        "2 classements à enregistrer"
    );
    app.screenshot(screenshot_path("choices_mapping")).await;
    app.assert_accessible("the columns of choices chosen by hand")
        .await;

    // The import reads the columns chosen.
    app.click("[data-testid=choices-import-run]").await;
    app.wait_until("the import report", async || {
        Ok(app
            .content("[data-testid=choices-report]")
            .await
            .starts_with("Choix importés : 1 participant créé, 2 classements enregistrés"))
    })
    .await;
    let event = app.invoke("list_events", json!({})).await[0]["id"].clone();
    let registrations = app.registrations(&event).await;
    let id = registrations["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["email"] == "laurent.giraud@example.org")
        .expect("Laurent Giraud")["id"]
        .clone();
    let rankings = app.invoke("rankings", json!({ "attendeeId": id })).await;
    let ranked: Vec<&Value> = rankings.as_object().unwrap().values().collect();
    assert_eq!(ranked, [&both], "the ranking imported is the one previewed");
    app.quit().await;
}

/// Google Forms' ranking grid, guessed as such: one box per column, the
/// grid's columns ticked; unticking a workshop's column takes it out of
/// every ranking in the preview.
#[tokio::test]
async fn a_ranking_grid_is_recognised_and_its_columns_chosen() {
    let (_db, app) = open_choices("google-forms-grille.csv").await;
    assert_eq!(checked_layout(&app).await, json!("grid"));
    let ticked = app
        .js("return [...document.querySelectorAll('[data-testid=choices-grid-column]:checked')].map((c) => Number(c.dataset.column))")
        .await;
    assert_eq!(ticked, json!([6, 7, 8, 9]));
    let amandine = row_workshops(&app, 2).await;
    assert_eq!(amandine.as_array().unwrap().len(), 3, "{amandine}");
    app.screenshot(screenshot_path("choices_grid")).await;
    app.assert_accessible("a ranking grid's columns").await;

    // Her 2nd choice's column unticked: her ranking closes up.
    let label = app
        .js("return document.querySelector('[data-testid=choices-grid-column][data-column=\"6\"]').closest('label').textContent.trim()")
        .await;
    assert!(label.as_str().unwrap().contains("[Atelier 1 :"), "{label}");
    app.click("[data-testid=choices-grid-column][data-column='6']")
        .await;
    app.wait_until("Amandine's ranking without Atelier 1", async || {
        let now = row_workshops(&app, 2).await;
        Ok(now == json!([amandine[0], amandine[2]]))
    })
    .await;
    app.quit().await;
}

/// A checkbox grid (two boxes ticked in a row, one rank ticked for two
/// workshops, a column that is no rank): each refused cell is named by its
/// line, its column and that column's header, and nothing can be imported.
#[tokio::test]
async fn a_checkbox_grid_names_each_refused_cell() {
    let (_db, app) = open_choices("google-forms-grille-cases.csv").await;
    assert_eq!(checked_layout(&app).await, json!("grid"));
    let errors = app
        .js("return [...document.querySelectorAll('[data-testid=choices-row-error]')].map((e) => e.textContent.trim())")
        .await;
    assert_eq!(
        errors,
        json!([
            "ligne 3, colonne 7 « Classez les ateliers [Atelier 3 : Numérique éthique et libre pour les tiers-lieux] » : deux ateliers ont le même rang",
            "ligne 4, colonne 6 « Classez les ateliers [Atelier 2 : Le festival Numok des bibliothèques de Paris] » : pas un rang (« 1er choix », « 2e choix »…), ou plusieurs",
            "ligne 5, colonne 6 « Classez les ateliers [Atelier 2 : Le festival Numok des bibliothèques de Paris] » : pas un rang (« 1er choix », « 2e choix »…), ou plusieurs"
        ])
    );
    let refused = app
        .js("return [...document.querySelectorAll('[data-testid=choices-row]')].map((r) => r.dataset.action)")
        .await;
    assert_eq!(refused, json!(["update", "error", "error", "error"]));
    let disabled = app
        .js("return document.querySelector('[data-testid=choices-import-run]').disabled")
        .await;
    assert_eq!(disabled, json!(true));
    app.screenshot(screenshot_path("choices_grid_refused"))
        .await;
    app.quit().await;
}
