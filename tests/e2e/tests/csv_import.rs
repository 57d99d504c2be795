//! The CSV import screen: a list picked (through `--open-from`, in place of
//! the open dialog), previewed with the columns guessed from its headers,
//! imported (a person on two rows merged into one); then a broken list whose refused line is named and blocks the
//! import; then two of the imported attendees on a one-seat workshop, the
//! second promoted when the first cancels.

use crate::harness::{launch_opening, screenshot_path, App};

const LIST: &str = "\u{feff}Nom;Prénom;E-mail;Structure\r\n\
Roux;Camille;camille.roux@example.org;La Fabrique de Mende\r\n\
Martin;Lucas;lucas.martin@example.org;Médiathèque de Marvejols\r\n\
Roux;Camille;Camille.Roux@example.org;La Fabrique de Mende (Lozère)\r\n";

const BROKEN: &str = "\u{feff}Nom;Prénom;E-mail;Structure\r\n\
Roux;Camille;camille.roux@example.org;La Fabrique de Mende\r\n\
Petit;Jeanne;pas-un-courriel;Tiers-lieu de Florac\r\n";

async fn select_value(app: &App, field: &str) -> String {
    app.js(&format!(
        "return document.querySelector('[data-testid=csv-map][data-field={field}]').value"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

#[tokio::test]
async fn a_csv_list_is_previewed_imported_and_its_people_signed_up() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("inscrits.csv");
    std::fs::write(&file, LIST).unwrap();
    let (_db, app) = launch_opening(&file).await;
    app.create_event("Rencontre des tiers-lieux de Lozère", "30/10/2022", None)
        .await;
    app.open_tab("participants").await;

    // The preview, with the columns guessed from the headers.
    app.click("[data-testid=csv-open]").await;
    app.wait_for("[data-testid=csv-rows]").await;
    assert_eq!(
        app.content("[data-testid=csv-encoding]").await,
        "Encodage : UTF-8 (BOM)"
    );
    assert_eq!(
        app.content("[data-testid=csv-separator]").await,
        "Séparateur : point-virgule (;)"
    );
    assert_eq!(app.content("[data-testid=csv-row-count]").await, "3 lignes");
    let mut mapping = Vec::new();
    for field in ["name", "firstName", "lastName", "email", "organisation"] {
        mapping.push(select_value(&app, field).await);
    }
    assert_eq!(mapping, ["", "1", "0", "2", "3"]);
    assert_eq!(app.content("[data-testid=csv-creates]").await, "2 à créer");
    assert_eq!(
        app.count("[data-testid=csv-row][data-action=create]").await,
        2
    );
    assert_eq!(app.count("[data-testid=csv-row-error]").await, 0);
    // Camille registered twice: line 4 is merged into line 2, its cells win.
    assert_eq!(
        app.content("[data-testid=csv-merged][data-line='4']").await,
        "ligne 4 fusionnée avec la ligne 2 (Camille.Roux@example.org) : Courriel, Organisation de la ligne 4"
    );
    assert_eq!(
        app.count("[data-testid=csv-row][data-action=merged]").await,
        1
    );
    app.screenshot(screenshot_path("csv_preview")).await;

    // Import: the report, then the two in the list.
    app.click("[data-testid=csv-import-run]").await;
    app.wait_until("the import report", async || {
        Ok(app
            .content("[data-testid=csv-report]")
            .await
            .starts_with("Import terminé : 2 créés, 0 mis à jour"))
    })
    .await;
    app.click("[data-testid=csv-close]").await;
    app.wait_until("the imported attendees in the list", async || {
        Ok(app.count("[data-testid=attendee-row]").await == 2)
    })
    .await;
    let names = app
        .js("return [...document.querySelectorAll('[data-testid=attendee-row] strong')].map((e) => e.textContent)")
        .await;
    assert_eq!(names, serde_json::json!(["Camille Roux", "Lucas Martin"]));

    // A broken list: its line is named, and nothing can be imported.
    std::fs::write(&file, BROKEN).unwrap();
    app.click("[data-testid=csv-open]").await;
    let error = app
        .wait_for("[data-testid=csv-row-error][data-line='3']")
        .await;
    assert_eq!(
        error.text().await.unwrap(),
        "ligne 3 : adresse de courriel invalide"
    );
    let disabled = app
        .js("return document.querySelector('[data-testid=csv-import-run]').disabled")
        .await;
    assert_eq!(disabled, serde_json::json!(true));
    app.screenshot(screenshot_path("csv_refused")).await;
    app.click("[data-testid=csv-close]").await;
    app.wait_for("[data-testid=attendee-search]").await;
    assert_eq!(app.count("[data-testid=attendee-row]").await, 2);

    // Both imported attendees on a one-seat workshop.
    app.open_tab("programme").await;
    app.create_item_with_seats("Réparer ensemble", "14h", "15h", "1")
        .await;
    app.sign_up_in_panel("camille").await;
    app.wait_for("[data-testid=signup-confirmed][data-attendee='Camille Roux']")
        .await;
    app.sign_up_in_panel("lucas").await;
    app.wait_for(
        "[data-testid=signup-waitlisted][data-attendee='Lucas Martin'][data-position='1']",
    )
    .await;

    // The first cancels: the second takes the seat.
    app.cancel_signup("Camille Roux").await;
    app.wait_for("[data-testid=signup-confirmed][data-attendee='Lucas Martin']")
        .await;
    app.wait_gone("[data-testid=signup-waitlisted]").await;
    assert_eq!(
        app.content("[data-testid=signup-result]").await,
        "Lucas Martin obtient la place libérée : à prévenir."
    );
    app.quit().await;
}
