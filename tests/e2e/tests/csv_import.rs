//! The CSV import screen: a list picked (through `--open-from`, in place of
//! the open dialog), previewed with the columns guessed from its headers
//! and the registration dates read, imported (a person on two rows merged
//! into one); then a broken list whose refused lines are named (an unreadable
//! date with its column) and block the import; then three of the imported
//! attendees on a one-seat workshop, signed up in another order than they
//! registered: the waiting list follows the registration dates, and the
//! seat freed goes to whoever registered first.

use crate::harness::{launch_opening, screenshot_path, App};

const LIST: &str = "\u{feff}Nom;Prénom;E-mail;Structure;Date d'inscription\r\n\
Roux;Camille;camille.roux@example.org;La Fabrique de Mende;02/06/2025 10:00\r\n\
Martin;Lucas;lucas.martin@example.org;Médiathèque de Marvejols;04/06/2025 18:30\r\n\
Roux;Camille;Camille.Roux@example.org;La Fabrique de Mende (Lozère);06/06/2025 08:00\r\n\
Bonnet;Anna;anna.bonnet@example.org;Tiers-lieu de Florac;03/06/2025 à 9h15\r\n";

const BROKEN: &str = "\u{feff}Nom;Prénom;E-mail;Structure;Date d'inscription\r\n\
Roux;Camille;camille.roux@example.org;La Fabrique de Mende;02/06/2025 10:00\r\n\
Petit;Jeanne;pas-un-courriel;Tiers-lieu de Florac;02/06/2025 11:00\r\n\
Blanc;Inès;ines.blanc@example.org;La Cordée;la semaine dernière\r\n";

async fn select_value(app: &App, field: &str) -> String {
    app.js_text(&format!(
        "return document.querySelector('[data-testid=csv-map][data-field={field}]').value"
    ))
    .await
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
    assert_eq!(app.content("[data-testid=csv-row-count]").await, "4 lignes");
    let mut mapping = Vec::new();
    for field in [
        "name",
        "firstName",
        "lastName",
        "email",
        "organisation",
        "registeredAt",
    ] {
        mapping.push(select_value(&app, field).await);
    }
    assert_eq!(mapping, ["", "1", "0", "2", "3", "4"]);
    assert_eq!(app.content("[data-testid=csv-creates]").await, "3 à créer");
    assert_eq!(
        app.count("[data-testid=csv-row][data-action=create]").await,
        3
    );
    // The registration dates as read, the French way (line 4, merged into
    // line 2, keeps Camille's first registration for her).
    let dates = app
        .js("return [...document.querySelectorAll('[data-testid=csv-registered]')].map((e) => e.textContent)")
        .await;
    assert_eq!(
        dates,
        serde_json::json!([
            "2 juin 2025 à 10h",
            "4 juin 2025 à 18h30",
            "6 juin 2025 à 8h",
            "3 juin 2025 à 9h15"
        ])
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
            .starts_with("Import terminé : 3 créés, 0 mis à jour"))
    })
    .await;
    app.click("[data-testid=csv-close]").await;
    app.wait_until("the imported attendees in the list", async || {
        Ok(app.count("[data-testid=attendee-row]").await == 3)
    })
    .await;
    let names = app
        .js("return [...document.querySelectorAll('[data-testid=attendee-row] strong')].map((e) => e.textContent)")
        .await;
    assert_eq!(
        names,
        serde_json::json!(["Anna Bonnet", "Camille Roux", "Lucas Martin"])
    );

    // A broken list: its lines are named, the unreadable date with its
    // column, and nothing can be imported.
    std::fs::write(&file, BROKEN).unwrap();
    app.click("[data-testid=csv-open]").await;
    let error = app
        .wait_for("[data-testid=csv-row-error][data-line='3']")
        .await;
    assert_eq!(
        error.text().await.unwrap(),
        "ligne 3 : adresse de courriel invalide"
    );
    assert_eq!(
        app.content("[data-testid=csv-row-error][data-line='4']")
            .await,
        "ligne 4 : date d’inscription illisible dans la colonne « Date d'inscription »"
    );
    let disabled = app
        .js("return document.querySelector('[data-testid=csv-import-run]').disabled")
        .await;
    assert_eq!(disabled, serde_json::json!(true));
    app.screenshot(screenshot_path("csv_refused")).await;
    app.click("[data-testid=csv-close]").await;
    app.wait_for("[data-testid=attendee-search]").await;
    assert_eq!(app.count("[data-testid=attendee-row]").await, 3);

    // Three of them on a one-seat workshop, signed up in another order than
    // they registered: Anna (3 June) waits before Lucas (4 June), although
    // typed after him.
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
    app.sign_up_in_panel("anna").await;
    app.wait_for("[data-testid=signup-waitlisted][data-attendee='Anna Bonnet'][data-position='1']")
        .await;
    app.wait_for(
        "[data-testid=signup-waitlisted][data-attendee='Lucas Martin'][data-position='2']",
    )
    .await;
    app.screenshot(screenshot_path("csv_waitlist_by_registration"))
        .await;

    // Camille cancels: the seat goes to who registered first.
    app.cancel_signup("Camille Roux").await;
    app.wait_for("[data-testid=signup-confirmed][data-attendee='Anna Bonnet']")
        .await;
    app.wait_for(
        "[data-testid=signup-waitlisted][data-attendee='Lucas Martin'][data-position='1']",
    )
    .await;
    assert_eq!(
        app.content("[data-testid=signup-result]").await,
        "Anna Bonnet obtient la place libérée : à prévenir."
    );
    app.quit().await;
}
