//! Sign-ups as an organiser and a welcome desk use them: attendees added
//! through the Participants tab, a one-seat workshop made a choice block
//! through the dialog, whose second attendee waits and takes the seat when
//! the first cancels (and is listed to be told), and the desk driven by the
//! keyboard alone.

use crate::harness::{launch, screenshot_path, App};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

/// Types `text` with the keyboard into whatever has the focus, as a person
/// would (key down, key up), without locating any element.
async fn type_keys(app: &App, text: &str) {
    let mut keys = KeyActions::new("keyboard".into());
    for c in text.chars() {
        keys = keys
            .then(KeyAction::Down { value: c })
            .then(KeyAction::Up { value: c });
    }
    app.client()
        .perform_actions(keys)
        .await
        .unwrap_or_else(|e| panic!("cannot type {text:?}: {e}"));
}

/// Presses one key (a character or a `Key`) with Control held.
async fn ctrl(app: &App, c: char) {
    let control = char::from(Key::Control);
    let keys = KeyActions::new("keyboard".into())
        .then(KeyAction::Down { value: control })
        .then(KeyAction::Down { value: c })
        .then(KeyAction::Up { value: c })
        .then(KeyAction::Up { value: control });
    app.client().perform_actions(keys).await.unwrap();
}

fn key(k: Key) -> String {
    char::from(k).to_string()
}

/// The text of each of the desk's choices, in order.
async fn choice_texts(app: &App) -> Vec<String> {
    let texts = app
        .js("return [...document.querySelectorAll('[data-testid=desk-choice]')].map((e) => e.textContent.trim().replace(/\\s+/g, ' '))")
        .await;
    serde_json::from_value(texts).expect("a list of texts")
}

async fn add_attendee(app: &App, name: &str, organisation: &str) {
    let before = app.count("[data-testid=attendee-row]").await;
    app.click("[data-testid=attendee-create]").await;
    app.fill("[data-testid=attendee-name]", name).await;
    app.fill("[data-testid=attendee-organisation]", organisation)
        .await;
    app.fill("[data-testid=attendee-category]", "Bénévole")
        .await;
    app.click("[data-testid=attendee-save]").await;
    app.wait_until(&format!("{name} in the list"), async || {
        Ok(app.count("[data-testid=attendee-row]").await == before + 1)
    })
    .await;
}

#[tokio::test]
async fn a_cancelled_seat_goes_to_the_waiting_list_and_is_listed_to_tell() {
    let (_db, app) = launch().await;
    app.create_event("Rencontre des tiers-lieux de Lozère", "30/10/2022", None)
        .await;

    // Two attendees, through the Participants tab.
    app.open_tab("participants").await;
    add_attendee(&app, "Camille Roux", "La Fabrique de Mende").await;
    add_attendee(&app, "Lucas Martin", "Médiathèque de Marvejols").await;
    assert_eq!(
        app.content("[data-testid=category-filter][data-category='Bénévole']")
            .await,
        "Bénévole 2"
    );

    // A workshop of one seat.
    app.open_tab("programme").await;
    app.create_item_with_seats("Réparer ensemble", "14h", "15h", "1")
        .await;
    assert_eq!(
        app.content("[data-testid=item-capacity-effective]").await,
        "Capacité : 1 place"
    );

    // It becomes a choice block, through the dialog.
    app.click("[data-testid=make-block-open]").await;
    app.fill("[data-testid=make-block-name]", "Ateliers de l’après-midi")
        .await;
    app.click("[data-testid=make-block-item]").await;
    app.click("[data-testid=make-block-create]").await;
    app.wait_gone("[data-testid=make-block]").await;
    app.wait_until("the block's badge on the timeline", async || {
        Ok(app.content("[data-testid=block-badge]").await == "Ateliers de l’après-midi")
    })
    .await;
    assert_eq!(app.content("[data-testid=item-fill]").await, "0/1");

    // The first takes the seat, the second waits.
    app.sign_up_in_panel("camille").await;
    app.wait_for("[data-testid=signup-confirmed][data-attendee='Camille Roux']")
        .await;
    app.sign_up_in_panel("marvejols").await;
    app.wait_for(
        "[data-testid=signup-waitlisted][data-attendee='Lucas Martin'][data-position='1']",
    )
    .await;
    assert_eq!(
        app.content("[data-testid=signup-result]").await,
        "Lucas Martin est sur la liste d’attente, en position 1."
    );
    app.wait_until("the fill on the timeline", async || {
        Ok(app.content("[data-testid=item-fill]").await == "1/1 +1")
    })
    .await;
    app.screenshot(screenshot_path("item_waitlist")).await;

    // The first cancels: the second is confirmed at once, to be told.
    app.cancel_signup("Camille Roux").await;
    app.wait_for("[data-testid=signup-confirmed][data-attendee='Lucas Martin']")
        .await;
    app.wait_gone("[data-testid=signup-waitlisted]").await;
    assert_eq!(
        app.content("[data-testid=signup-result]").await,
        "Lucas Martin obtient la place libérée : à prévenir."
    );
    assert_eq!(app.content("[data-testid=to-tell-count]").await, "1");

    app.open_tab("participants").await;
    let promotion = "[data-testid=promotion][data-attendee='Lucas Martin']";
    assert!(app
        .content(promotion)
        .await
        .contains("14h–15h · Réparer ensemble"));
    app.screenshot(screenshot_path("participants_to_tell"))
        .await;
    app.click(&format!("{promotion} [data-testid=promotion-told]"))
        .await;
    app.wait_gone("[data-testid=promotion]").await;
    // Undo brings the promotion back to the list.
    app.click("[data-testid=undo]").await;
    app.wait_for(promotion).await;

    // Lucas's own page says it too.
    app.click("[data-testid=attendee-row]:nth-child(2) [data-testid=attendee-open]")
        .await;
    app.wait_for("[data-testid=attendee-signup][data-status=confirmed]")
        .await;
    assert!(app
        .content("[data-testid=attendee-programme]")
        .await
        .contains("Réparer ensemble"));
    app.quit().await;
}

#[tokio::test]
async fn the_desk_signs_up_with_the_keyboard_alone() {
    let (_db, app) = launch().await;
    app.load_demo().await;
    app.open_tab("participants").await;
    app.click("[data-testid=desk-open]").await;

    // The search has the focus: type a name without its accent, Enter.
    app.wait_for("[data-testid=desk-search]").await;
    app.wait_until("the search to have the focus", async || {
        Ok(app.focused().await == "desk-search")
    })
    .await;
    type_keys(&app, "emile").await;
    app.wait_for("[data-testid=desk-match]").await;
    assert!(app
        .content("[data-testid=desk-match]")
        .await
        .starts_with("Émile Bertin"));
    type_keys(&app, &key(Key::Enter)).await;
    app.wait_until("Émile Bertin to open", async || {
        Ok(app.content("[data-testid=desk-attendee]").await == "Émile Bertin")
    })
    .await;

    // Pick "Atelier 3" at 14h by its number key, Enter.
    let choices = choice_texts(&app).await;
    let number = 1 + choices
        .iter()
        .position(|c| c.contains("14h–15h") && c.contains("Atelier 3"))
        .unwrap_or_else(|| panic!("no Atelier 3 at 14h among {choices:?}"));
    assert!(number <= 9);
    type_keys(&app, &number.to_string()).await;
    type_keys(&app, &key(Key::Enter)).await;
    let result = app
        .wait_for("[data-testid=desk-result][data-kind=ok]")
        .await;
    let text = result.text().await.unwrap();
    assert!(
        text.starts_with("Émile Bertin est inscrit·e à « Atelier 3"),
        "{text}"
    );
    assert!(app
        .content("[data-testid=desk-held]")
        .await
        .ends_with("inscrit·e ✓"));

    // P notes that they came.
    type_keys(&app, "p").await;
    app.wait_until("attendance to be noted", async || {
        Ok(app
            .content("[data-testid=desk-result]")
            .await
            .starts_with("Présence notée pour Émile Bertin"))
    })
    .await;
    app.screenshot(screenshot_path("desk_signed_up")).await;

    // Esc: back to the search. Someone new, in one line, on a full workshop.
    type_keys(&app, &key(Key::Escape)).await;
    app.wait_until("the search to have the focus again", async || {
        Ok(app.focused().await == "desk-search")
    })
    .await;
    type_keys(&app, "Dominique Vidal, Médiathèque de Bron").await;
    app.wait_for("[data-testid=desk-new]").await;
    assert_eq!(app.count("[data-testid=desk-match]").await, 0);
    type_keys(&app, &key(Key::Enter)).await;
    app.wait_until("the new attendee to open", async || {
        Ok(app.content("[data-testid=desk-attendee]").await == "Dominique Vidal")
    })
    .await;
    // Atelier 2 is full at 14h: the first choice that says "complet".
    let choices = choice_texts(&app).await;
    let full = 1 + choices
        .iter()
        .position(|c| c.contains("complet — liste d’attente"))
        .unwrap_or_else(|| panic!("no full workshop among {choices:?}"));
    type_keys(&app, &full.to_string()).await;
    type_keys(&app, &key(Key::Enter)).await;
    let text = app
        .wait_for("[data-testid=desk-result][data-kind=warn]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        text.starts_with("Complet : Dominique Vidal est sur la liste d’attente"),
        "{text}"
    );
    assert!(text.ends_with("en position 1."), "{text}");

    // Ctrl+Q leaves the desk.
    ctrl(&app, 'q').await;
    app.wait_gone("[data-testid=desk]").await;
    app.wait_for("[data-testid=attendee-search]").await;
    app.quit().await;
}
