//! Accessibility in the real window: dialogs that take, hold and give back
//! focus; what actions did, said in the live region; the page's language.

use crate::harness::{launch, screenshot_path, App};
use fantoccini::key::Key;

const PLENARY: &str = "Accueil et introduction de la journée";

/// Gives focus to the timeline item titled `title` (as Tab would reach it).
async fn focus_item(app: &App, title: &str) {
    let css = format!("[data-testid=item][data-summary$='{title}']");
    app.wait_for(&css).await;
    app.js(&format!(
        "document.querySelector({}).focus()",
        serde_json::to_string(&css).unwrap()
    ))
    .await;
}

/// Where the app remembers the interface language for a test on `db`
/// (the harness's configuration folder beside it).
fn language_file(db: &std::path::Path) -> std::path::PathBuf {
    db.parent().unwrap().join("config/fr.deroule.app/language")
}

#[tokio::test]
async fn actions_are_announced_and_the_confirmation_takes_focus_safely() {
    let (db, app) = launch().await;
    assert_eq!(app.page_lang().await, "fr");
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

    // In English, after a restart too, the page says it speaks English: the
    // choice is on the disk once the button has been answered, so quitting
    // at once keeps it.
    app.switch_to_english().await;
    app.wait_until("the language to be remembered", async || {
        Ok(std::fs::read_to_string(language_file(db.path())).is_ok_and(|l| l == "en\n"))
    })
    .await;
    app.quit().await;
    let app = App::restart(db.path()).await;
    app.wait_for("[data-testid=lang]").await;
    assert_eq!(app.page_lang().await, "en");
    app.quit().await;
}

/// Every screen, dialog and menu passes axe's WCAG 2.2 A/AA rules, in
/// French and in English.
#[tokio::test]
async fn every_screen_passes_axe_in_both_languages() {
    let (_db, app) = launch().await;
    let mut found: Vec<String> = Vec::new();
    let mut check = async |app: &App, screen: &str| {
        for v in app.axe_violations().await {
            found.push(format!("{screen}: {v}"));
        }
    };
    check(&app, "events list, empty").await;
    app.load_demo().await;
    for lang in ["fr", "en"] {
        if lang == "en" {
            app.switch_to_english().await;
        }
        app.click("[data-testid=nav-events]").await;
        app.wait_for("[data-testid=event-row]").await;
        check(&app, &format!("{lang} events list")).await;
        app.click("[data-testid=open-event]").await;
        app.wait_for("[data-testid=item]").await;
        check(&app, &format!("{lang} programme")).await;
        app.click("[data-item-id='7'] .title").await;
        app.wait_for("[data-testid=item-panel]").await;
        check(&app, &format!("{lang} item panel")).await;
        app.click("[data-testid=make-block-open]").await;
        app.wait_for("[data-testid=make-block]").await;
        check(&app, &format!("{lang} make a block")).await;
        app.press(Key::Escape).await;
        app.wait_gone("[data-testid=make-block]").await;
        for tab in ["participants", "changes", "details", "venue", "speakers"] {
            app.open_tab(tab).await;
            check(&app, &format!("{lang} {tab}")).await;
        }
        app.click("[data-testid=export-menu]").await;
        app.wait_for("[data-testid=export-panel]").await;
        check(&app, &format!("{lang} export menu")).await;
        app.click("[data-testid=export-menu]").await;
        app.click("[data-testid=print-menu]").await;
        app.wait_for("[data-testid=print-panel]").await;
        check(&app, &format!("{lang} print menu")).await;
        app.click("[data-testid=print-doc-programme]").await;
        app.wait_for("[data-testid=print-preview]").await;
        check(&app, &format!("{lang} print preview")).await;
        // Sixty schedules: the preview shows them twenty at a time.
        app.choose(
            "[data-testid=print-document]",
            if lang == "fr" {
                "Programmes personnels"
            } else {
                "Personal schedules"
            },
        )
        .await;
        app.wait_for("[data-testid=print-sheets]").await;
        check(&app, &format!("{lang} print preview in parts")).await;
        app.press(Key::Escape).await;
        app.wait_gone("[data-testid=print-preview]").await;
        app.click("[data-testid=publish]").await;
        app.wait_for("[data-testid=publish-dialog]").await;
        check(&app, &format!("{lang} publish dialog")).await;
        app.click("[data-testid=publish-close]").await;
        app.open_tab("participants").await;
        app.click("[data-testid=desk-open]").await;
        app.wait_for("[data-testid=desk]").await;
        check(&app, &format!("{lang} desk")).await;
        app.click("[data-testid=desk-exit]").await;
        app.click("[data-testid=allocation-open]").await;
        app.wait_for("[data-testid=allocation]").await;
        check(&app, &format!("{lang} allocation")).await;
        app.click("[data-testid=allocation-close]").await;
    }
    assert!(
        found.is_empty(),
        "{} violation(s):\n{}",
        found.len(),
        found.join("\n")
    );
    app.quit().await;
}

/// The header's menus: one open at a time, closed by a click elsewhere, and
/// the keyboard of a menu button (↓ opens, arrows move, Escape gives focus
/// back to the button).
#[tokio::test]
async fn the_header_menus_work_from_the_keyboard_one_at_a_time() {
    let (_db, app) = launch().await;
    app.load_demo().await;

    app.click("[data-testid=export-menu]").await;
    app.wait_for("[data-testid=export-panel]").await;
    app.click("[data-testid=print-menu]").await;
    app.wait_for("[data-testid=print-panel]").await;
    assert_eq!(app.count("[data-testid=export-panel]").await, 0);

    app.wait_focused("print-doc-programme").await;
    app.press(Key::Down).await;
    app.wait_focused("print-doc-schedules").await;
    app.press(Key::End).await;
    app.wait_focused("print-doc-erratum").await;
    app.press(Key::Down).await;
    app.wait_focused("print-doc-programme").await;
    app.press(Key::Up).await;
    app.wait_focused("print-doc-erratum").await;
    app.press(Key::Escape).await;
    app.wait_gone("[data-testid=print-panel]").await;
    app.wait_focused("print-menu").await;

    app.press(Key::Down).await;
    app.wait_focused("print-doc-programme").await;
    app.click("[data-testid=tab-details]").await;
    app.wait_gone("[data-testid=print-panel]").await;

    app.click("[data-testid=export-menu]").await;
    app.click("[data-testid=export-ics]").await;
    app.press(Key::Escape).await;
    app.wait_gone("[data-testid=export-panel]").await;
    app.wait_focused("export-menu").await;
    app.quit().await;
}

/// What has focus, as a summary: a timeline item's time and title, else
/// the element's `data-testid`.
async fn focused_summary(app: &App) -> String {
    let script = "const e = document.activeElement; \
                  return (e && (e.dataset.summary || e.dataset.testid)) || ''";
    app.js_text(script).await
}

async fn wait_focus_on(app: &App, summary: &str) {
    app.wait_until(&format!("focus on {summary}"), async || {
        Ok(focused_summary(app).await == summary)
    })
    .await;
}

/// Focus is never lost to the page after routine keyboard edits: opening
/// an event, moving an item, opening and closing its panel, deleting it.
#[tokio::test]
async fn focus_follows_keyboard_edits_on_the_timeline() {
    let (_db, app) = launch().await;
    app.load_demo().await;

    // Opening an event from the keyboard: focus on its first tab.
    app.click("[data-testid=nav-events]").await;
    app.wait_for("[data-testid=open-event]")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    app.wait_focused("tab-programme").await;

    // ↓ three times: the item moves by 5 minutes each time, and keeps focus.
    focus_item(&app, PLENARY).await;
    wait_focus_on(&app, &format!("9h30–10h {PLENARY}")).await;
    for time in ["9h35–10h05", "9h40–10h10", "9h45–10h15"] {
        app.press(Key::Down).await;
        wait_focus_on(&app, &format!("{time} {PLENARY}")).await;
    }

    // Enter opens the panel with focus in it; Escape closes it and gives
    // focus back to the item.
    app.press(Key::Enter).await;
    app.wait_focused("item-title").await;
    app.press(Key::Escape).await;
    app.wait_gone("[data-testid=item-panel]").await;
    wait_focus_on(&app, &format!("9h45–10h15 {PLENARY}")).await;

    // Delete: focus goes to the next item in time.
    app.press(Key::Delete).await;
    app.wait_announced(&format!("« {PLENARY} » supprimé — Ctrl+Z pour annuler"))
        .await;
    let next = focused_summary(&app).await;
    assert!(
        next.starts_with("10h–11h Table ronde inspirante #1"),
        "focus went to {next:?}"
    );
    app.quit().await;
}

/// The dialogs over the editor (make a block, the print preview, the desk)
/// take focus, keep Tab inside, and give focus back to what opened them.
#[tokio::test]
async fn dialogs_take_hold_and_give_back_focus() {
    let (_db, app) = launch().await;
    app.load_demo().await;
    let inside = async |app: &App, dialog: &str| -> bool {
        app.js(&format!(
            "return !!document.activeElement.closest({})",
            serde_json::to_string(dialog).unwrap()
        ))
        .await
            == serde_json::json!(true)
    };

    // Make a block: focus on its name; 30 Tabs never leave it; Escape
    // closes it and gives focus back to its button.
    app.wait_for("[data-testid=make-block-open]")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    app.wait_focused("make-block-name").await;
    for _ in 0..30 {
        app.press(Key::Tab).await;
        assert!(inside(&app, "dialog").await, "Tab left the dialog");
    }
    app.press(Key::Escape).await;
    app.wait_gone("[data-testid=make-block]").await;
    app.wait_focused("make-block-open").await;

    // The print preview, from the keyboard.
    app.wait_for("[data-testid=print-menu]")
        .await
        .send_keys(&Key::Down.to_string())
        .await
        .unwrap();
    app.wait_focused("print-doc-programme").await;
    app.press(Key::Enter).await;
    app.wait_for("[data-testid=print-preview]").await;
    app.wait_until("focus in the preview", async || {
        Ok(inside(&app, "[data-testid=print-preview]").await)
    })
    .await;
    for _ in 0..20 {
        app.press(Key::Tab).await;
        assert!(inside(&app, "dialog").await, "Tab left the preview");
    }
    app.press(Key::Escape).await;
    app.wait_gone("[data-testid=print-preview]").await;
    app.wait_focused("print-menu").await;

    // The desk: the search has focus, the editor behind is out of reach.
    app.open_tab("participants").await;
    app.wait_for("[data-testid=desk-open]")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    app.wait_focused("desk-search").await;
    for _ in 0..15 {
        app.press(Key::Tab).await;
        assert!(inside(&app, "dialog").await, "Tab left the desk");
    }
    app.click("[data-testid=desk-exit]").await;
    app.wait_gone("[data-testid=desk]").await;
    app.wait_focused("desk-open").await;
    app.quit().await;
}

/// An item built with the keyboard alone, and the timeline walked with it:
/// Ctrl + arrows go to the next item in the room, or to the room beside.
#[tokio::test]
async fn an_item_is_built_and_the_timeline_walked_from_the_keyboard() {
    let (_db, app) = launch().await;
    app.load_demo().await;

    app.wait_for("[data-testid=new-item]")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    app.wait_focused("item-title").await;
    app.type_text("Atelier au clavier").await;
    app.press(Key::Tab).await;
    app.wait_focused("item-start").await;
    app.press_with(&[Key::Control], 'a').await;
    app.type_text("16h30").await;
    app.press(Key::Tab).await;
    app.wait_focused("item-end").await;
    app.press_with(&[Key::Control], 'a').await;
    app.type_text("17h").await;
    app.press(Key::Enter).await;
    app.wait_announced("« Atelier au clavier » enregistré")
        .await;
    app.wait_for("[data-summary='16h30–17h Atelier au clavier']")
        .await;
    app.press(Key::Escape).await;
    app.wait_gone("[data-testid=item-panel]").await;
    wait_focus_on(&app, "16h30–17h Atelier au clavier").await;

    // From the 14h round of workshops: the room beside, then the next item
    // in that room, then back.
    focus_item(
        &app,
        "Atelier 1 : Retex avec la valise Educonum de Fréquence École",
    )
    .await;
    wait_focus_on(
        &app,
        "14h–15h Atelier 1 : Retex avec la valise Educonum de Fréquence École",
    )
    .await;
    app.press_with(&[Key::Control], Key::Right).await;
    wait_focus_on(
        &app,
        "14h–15h Atelier 2 : Le festival Numok des bibliothèques de Paris",
    )
    .await;
    app.press_with(&[Key::Control], Key::Down).await;
    wait_focus_on(
        &app,
        "15h–16h Atelier 2 : Le festival Numok des bibliothèques de Paris",
    )
    .await;
    app.press_with(&[Key::Control], Key::Up).await;
    wait_focus_on(
        &app,
        "14h–15h Atelier 2 : Le festival Numok des bibliothèques de Paris",
    )
    .await;

    // The Publish dialog, opened and closed from the keyboard.
    app.wait_for("[data-testid=publish]")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    app.wait_focused("publish-url").await;
    app.press(Key::Escape).await;
    app.wait_gone("[data-testid=publish-dialog]").await;
    app.wait_focused("publish").await;
    app.quit().await;
}

/// Closing the panel with edits not saved asks first, the safe answer
/// focused; keeping them leaves the panel as it was.
#[tokio::test]
async fn closing_the_panel_never_throws_edits_away_unasked() {
    let (_db, app) = launch().await;
    app.load_demo().await;
    focus_item(&app, PLENARY).await;
    app.press(Key::Enter).await;
    app.wait_focused("item-title").await;
    app.type_text(" (modifié)").await;

    app.press(Key::Escape).await;
    app.wait_for("[data-testid=confirm-dialog]").await;
    app.wait_focused("confirm-no").await;
    assert_eq!(
        app.text("#confirm-message").await,
        format!("Fermer « {PLENARY} (modifié) » sans enregistrer les modifications ?")
    );
    app.press(Key::Escape).await;
    app.wait_gone("[data-testid=confirm-dialog]").await;
    assert_eq!(
        app.js("return document.querySelector('[data-testid=item-title]').value")
            .await,
        serde_json::json!(format!("{PLENARY} (modifié)"))
    );

    app.click("[data-testid=item-close]").await;
    app.click("[data-testid=confirm-yes]").await;
    app.wait_gone("[data-testid=item-panel]").await;
    wait_focus_on(&app, &format!("9h30–10h {PLENARY}")).await;

    // Nothing changed: Fermer closes at once.
    app.press(Key::Enter).await;
    app.wait_focused("item-title").await;
    app.click("[data-testid=item-close]").await;
    app.wait_gone("[data-testid=item-panel]").await;
    assert_eq!(app.count("[data-testid=confirm-dialog]").await, 0);
    app.quit().await;
}
