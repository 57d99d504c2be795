//! The editor as an organiser uses it: create an event, its venue and rooms,
//! items in parallel, a speaker with a role and a question, a conflict
//! warning, undo, and everything still there after a relaunch.

use crate::harness::{launch, screenshot_path, App, DEMO_ITEMS};
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::key::Key;
use fantoccini::Locator;
use std::time::Duration;

/// The summaries of the timeline's items, time and title ("9h30–10h30 Ouverture").
async fn item_labels(app: &App) -> Vec<String> {
    let items = app
        .client()
        .find_all(Locator::Css("[data-testid=item]"))
        .await
        .expect("items");
    let mut labels = Vec::new();
    for item in items {
        labels.push(item.attr("data-summary").await.unwrap().unwrap_or_default());
    }
    labels
}

async fn value(app: &App, css: &str) -> String {
    app.wait_for(css)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// Creates an item through the side panel.
async fn add_item(app: &App, title: &str, start: &str, end: &str, room: &str) {
    app.new_item(title, start, end).await;
    app.choose("[data-testid=item-room]", room).await;
    app.click("[data-testid=item-save]").await;
    app.wait_until(&format!("{title} on the timeline"), async || {
        Ok(item_labels(app).await.iter().any(|l| l.ends_with(title)))
    })
    .await;
}

#[tokio::test]
async fn organiser_builds_a_day_undoes_and_finds_it_after_relaunch() {
    let (db, app) = launch().await;

    // Create the event.
    app.create_event(
        "Rencontre des tiers-lieux de Lozère",
        "30/10/2022",
        Some(("9h", "17h")),
    )
    .await;

    // A venue with two rooms.
    app.open_tab("venue").await;
    app.fill("[data-testid=venue-name]", "La Fabrique").await;
    app.fill("[data-testid=venue-city]", "Mende").await;
    app.click("[data-testid=save-venue]").await;
    app.wait_for("[role=status]").await;
    for (room, capacity) in [("Grande salle", "80"), ("Atelier bois", "12")] {
        let before = app.count("[data-testid=room-row]").await;
        app.fill("[data-testid=room-new-name]", room).await;
        app.fill("[data-testid=room-new-capacity]", capacity).await;
        app.click("[data-testid=add-room]").await;
        app.wait_until("the room to be added", async || {
            Ok(app.count("[data-testid=room-row]").await == before + 1)
        })
        .await;
    }

    // Two items at the same time, one in each room: no warning.
    app.open_tab("programme").await;
    add_item(&app, "Ouverture", "9h30", "10h30", "Grande salle").await;
    add_item(&app, "Réparer ensemble", "9h30", "10h30", "Atelier bois").await;
    assert_eq!(app.text("[data-testid=warning-count]").await, "0");

    // A speaker created inline, with a role and a question.
    app.click("[data-item-id] .title").await;
    app.wait_until("Ouverture to open in the panel", async || {
        Ok(value(&app, "[data-testid=item-title]").await == "Ouverture")
    })
    .await;
    app.click("[data-testid=speaker-new]").await;
    app.fill("[data-testid=speaker-new-name]", "Camille Roux")
        .await;
    app.fill("[data-testid=speaker-new-title]", "Coordinatrice")
        .await;
    app.fill(
        "[data-testid=speaker-new-organisation]",
        "La Fabrique de Mende",
    )
    .await;
    app.click("[data-testid=speaker-new-add]").await;
    app.wait_for("[data-testid=speaker-link]").await;
    app.choose("[data-testid=speaker-role]", "Modération").await;
    app.fill(
        "[data-testid=speaker-topic]",
        "Comment tenir un repair café ?",
    )
    .await;
    app.click("[data-testid=item-save]").await;
    app.wait_until("the speaker to show on the item", async || {
        Ok(app
            .text("[data-item-id] .who")
            .await
            .contains("Camille Roux"))
    })
    .await;

    // A third item collides with the first in the same room: a warning.
    add_item(
        &app,
        "Table ronde : les tiers-lieux ruraux",
        "10h",
        "11h",
        "Grande salle",
    )
    .await;
    let warning = app
        .wait_for("[data-testid=warning][data-kind=room_double_booked]")
        .await;
    let text = warning.text().await.unwrap();
    assert!(
        text.contains("Grande salle") && text.contains("Ouverture"),
        "{text}"
    );
    app.screenshot(screenshot_path("room_conflict")).await;

    // Undo removes the third item and its warning.
    app.click("[data-testid=undo]").await;
    app.wait_items(2).await;
    app.wait_gone("[data-testid=warning]").await;

    // Quit and relaunch: everything is still there.
    app.quit().await;
    let app = App::start(db.path()).await;
    app.click("[data-testid=open-event]").await;
    app.wait_items(2).await;
    let mut labels = item_labels(&app).await;
    labels.sort();
    assert_eq!(
        labels,
        ["9h30–10h30 Ouverture", "9h30–10h30 Réparer ensemble"]
    );
    app.click("[data-item-id] .title").await;
    app.wait_for("[data-testid=speaker-link]").await;
    assert_eq!(
        value(&app, "[data-testid=speaker-topic]").await,
        "Comment tenir un repair café ?"
    );
    assert_eq!(value(&app, "[data-testid=speaker-role]").await, "moderator");
    app.open_tab("venue").await;
    app.wait_until("two rooms", async || {
        Ok(app.count("[data-testid=room-row]").await == 2)
    })
    .await;
    assert_eq!(value(&app, "[data-testid=venue-name]").await, "La Fabrique");
    app.quit().await;
}

#[tokio::test]
async fn first_start_offers_the_demo() {
    let (_db, app) = launch().await;
    app.load_demo().await;
    assert_eq!(
        app.content("[data-testid=event-title]").await,
        "La métamorphose réciproque"
    );
    assert_eq!(app.text("[data-testid=warning-count]").await, "0");
    let labels = item_labels(&app).await;
    assert!(
        labels.contains(&"9h–9h30 Accueil café et inscription dans les ateliers".to_owned()),
        "{labels:?}"
    );
    assert_eq!(
        labels
            .iter()
            .filter(|l| l.starts_with("14h–15h Atelier"))
            .count(),
        4
    );
    app.screenshot(screenshot_path("timeline_demo")).await;

    // Moving a room moves its column.
    let first_room = async || app.content("[data-testid=room-head]").await;
    assert!(first_room().await.starts_with("Auditorium"));
    app.open_tab("venue").await;
    app.click("[data-testid=room-right]").await;
    app.open_tab("programme").await;
    app.wait_until("the Auditorium to move right", async || {
        Ok(first_room().await.starts_with("Espace numérique"))
    })
    .await;
    app.click("[data-testid=undo]").await;
    app.wait_until("the undo", async || {
        Ok(first_room().await.starts_with("Auditorium"))
    })
    .await;
    app.quit().await;
}

#[tokio::test]
async fn bad_input_is_named_and_nothing_is_saved() {
    let (_db, app) = launch().await;
    app.load_demo().await;
    let before = item_labels(&app).await;

    // An end before the start.
    app.click("[data-testid=item] .title").await;
    app.fill("[data-testid=item-end]", "8h").await;
    app.click("[data-testid=item-save]").await;
    let error = app.text("[data-testid=field-error]").await;
    assert_eq!(error, "Fin : la fin doit venir après le début.");

    // An empty title.
    app.fill("[data-testid=item-end]", "9h30").await;
    app.fill("[data-testid=item-title]", "").await;
    app.click("[data-testid=item-save]").await;
    app.wait_until("the title error", async || {
        Ok(app.text("[data-testid=field-error]").await == "Titre : ce champ est obligatoire.")
    })
    .await;

    // A negative capacity for a room.
    app.open_tab("venue").await;
    app.fill("[data-testid=room-new-name]", "Salle fantôme")
        .await;
    app.fill("[data-testid=room-new-capacity]", "-5").await;
    app.click("[data-testid=add-room]").await;
    // The item's panel, with its own error, stays behind the tab (inert).
    assert_eq!(
        app.text("main > .page [data-testid=field-error]").await,
        "Capacité : la valeur ne peut pas être négative."
    );
    assert_eq!(app.count("[data-testid=room-row]").await, 5);

    app.open_tab("programme").await;
    app.wait_items(DEMO_ITEMS).await;
    assert_eq!(item_labels(&app).await, before);
    app.quit().await;
}

#[tokio::test]
async fn keyboard_and_mouse_move_items_with_undo() {
    let (_db, app) = launch().await;
    app.load_demo().await;
    let plenary = "[data-summary$='Accueil et introduction de la journée']";

    // Keyboard: ↓ moves by 5 minutes, Shift+↓ stretches the end.
    let item = app.wait_for(plenary).await;
    item.send_keys(&Key::Down.to_string()).await.unwrap();
    app.wait_for("[data-summary='9h35–10h05 Accueil et introduction de la journée']")
        .await;
    let item = app.wait_for(plenary).await;
    item.send_keys(&format!("{}{}", Key::Shift, Key::Down))
        .await
        .unwrap();
    app.wait_for("[data-summary='9h35–10h10 Accueil et introduction de la journée']")
        .await;

    // Ctrl+Z twice restores it.
    for _ in 0..2 {
        let item = app.wait_for(plenary).await;
        item.send_keys(&format!("{}z{}", Key::Control, Key::Null))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    app.wait_for("[data-summary='9h30–10h Accueil et introduction de la journée']")
        .await;

    // Mouse: drag the item down by one hour, at the timeline's scale (the
    // day fits the window).
    let px = app
        .js("return Number(document.querySelector('[data-testid=timeline]').dataset.pxPerMinute)")
        .await
        .as_f64()
        .unwrap();
    let item = app.wait_for(plenary).await;
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: item,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(200)),
            x: 0.0,
            y: 30.0 * px,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(200)),
            x: 0.0,
            y: 30.0 * px,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    app.client().perform_actions(drag).await.unwrap();
    app.wait_for("[data-summary='10h30–11h Accueil et introduction de la journée']")
        .await;
    // Now it collides with the first round table in the Auditorium.
    app.wait_for("[data-testid=warning][data-kind=room_double_booked]")
        .await;
    app.click("[data-testid=undo]").await;
    app.wait_for("[data-summary='9h30–10h Accueil et introduction de la journée']")
        .await;
    app.wait_gone("[data-testid=warning]").await;

    // Drag on empty space creates a draft in the side panel.
    let timeline = app.wait_for("[data-testid=timeline]").await;
    let rect = app
        .js("const r = document.querySelector('[data-testid=timeline]').getBoundingClientRect(); return [r.left, r.top, r.width];")
        .await;
    let (left, top, width) = (
        rect[0].as_f64().unwrap(),
        rect[1].as_f64().unwrap(),
        rect[2].as_f64().unwrap(),
    );
    // The Fablab column (5th of 5), from 10h to 11h: the grid starts at 9h.
    let x = left + width * 0.9;
    let create = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo {
            duration: None,
            x,
            y: top + 60.0 * px + 2.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(300)),
            x,
            y: top + 120.0 * px,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    drop(timeline);
    app.client().perform_actions(create).await.unwrap();
    app.wait_for("[data-testid=item-panel]").await;
    assert_eq!(value(&app, "[data-testid=item-start]").await, "10h");
    assert_eq!(value(&app, "[data-testid=item-end]").await, "11h");
    app.fill("[data-testid=item-title]", "Atelier impression 3D")
        .await;
    app.click("[data-testid=item-save]").await;
    app.wait_items(15).await;
    assert!(item_labels(&app)
        .await
        .contains(&"10h–11h Atelier impression 3D".to_owned()));
    app.quit().await;
}
