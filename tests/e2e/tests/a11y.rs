//! Accessibility in the real window: dialogs that take, hold and give back
//! focus; what actions did, said in the live region; the page's language.

use crate::harness::{launch, screenshot_path, App};
use fantoccini::key::Key;

const PLENARY: &str = "Accueil et introduction de la journée";

/// Gives focus to the timeline item titled `title` (as Tab would reach it).
async fn focus_item(app: &App, title: &str) {
    let css = format!("[data-testid=item][aria-label$='{title}']");
    app.wait_for(&css).await;
    app.js(&format!(
        "document.querySelector({}).focus()",
        serde_json::to_string(&css).unwrap()
    ))
    .await;
}

/// The page's `lang`.
async fn page_lang(app: &App) -> String {
    app.js("return document.documentElement.lang")
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn actions_are_announced_and_the_confirmation_takes_focus_safely() {
    let (db, app) = launch().await;
    assert_eq!(page_lang(&app).await, "fr");
    app.load_demo().await;

    // Delete an item from the keyboard: the live region says what happened
    // and how to take it back; Ctrl+Z takes it back and says so.
    focus_item(&app, PLENARY).await;
    app.press(Key::Delete).await;
    app.wait_announced(&format!("« {PLENARY} » supprimé — Ctrl+Z pour annuler"))
        .await;
    app.press_with(&[Key::Control], 'z').await;
    app.wait_announced("Annulé : supprimer un élément").await;
    // Moving it says where it went.
    focus_item(&app, PLENARY).await;
    app.press(Key::Down).await;
    app.wait_announced(&format!("« {PLENARY} » déplacé à 9h35, salle Auditorium"))
        .await;
    app.press_with(&[Key::Control], 'z').await;
    app.wait_announced("Annulé : modifier un élément").await;

    // The confirmation before deleting a room: a modal dialog whose safe
    // answer has focus; Tab stays in it; Escape answers no and gives focus
    // back to the button that asked.
    app.open_tab("venue").await;
    app.click("[data-testid=delete-room]").await;
    app.wait_for("dialog[open][data-testid=confirm-dialog]")
        .await;
    app.wait_focused("confirm-no").await;
    app.screenshot(screenshot_path("a11y_confirm_dialog")).await;
    for expected in ["confirm-yes", "confirm-no", "confirm-yes"] {
        app.press(Key::Tab).await;
        app.wait_focused(expected).await;
    }
    app.press_with(&[Key::Shift], Key::Tab).await;
    app.wait_focused("confirm-no").await;
    app.press_with(&[Key::Shift], Key::Tab).await;
    app.wait_focused("confirm-yes").await;
    app.press(Key::Escape).await;
    app.wait_gone("[data-testid=confirm-dialog]").await;
    app.wait_focused("delete-room").await;
    let rooms = app.count("[data-testid=room-row]").await;
    assert_eq!(rooms, 5, "Escape deleted a room");

    // In English, after a restart too, the page says it speaks English.
    app.click("[data-testid=lang]").await;
    assert_eq!(page_lang(&app).await, "en");
    app.quit().await;
    let app = App::restart(db.path()).await;
    app.wait_for("[data-testid=lang]").await;
    assert_eq!(page_lang(&app).await, "en");
    app.quit().await;
}
