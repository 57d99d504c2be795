//! The running order (Déroulé) in the real window, on a 90-minute morning in
//! one room: a duration typed moves what follows up to a pinned item, an
//! item inserted after another takes its title at once, Alt+arrows and a
//! drag move an item, Ctrl+Z undoes; FR and EN pass axe.

use crate::harness::{screenshot_path, App, TempDb};
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::key::Key;
use std::path::Path;
use std::time::Duration;

/// A database holding the 90-minute morning, written by the core.
fn morning_db() -> TempDb {
    let db = TempDb::new();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/programmes/matinee-90-minutes.json");
    let text = std::fs::read_to_string(fixture).unwrap();
    let file = deroule::exchange::programme_file::ProgrammeFile::parse(&text).unwrap();
    deroule::Db::open(db.path())
        .unwrap()
        .import_programme(&file)
        .unwrap();
    db
}

/// "9h20 1985 : la bibliothèque…" for each row of the running order.
async fn rows(app: &App) -> Vec<String> {
    let value = app
        .js(
            "return [...document.querySelectorAll('[data-testid=order-row]')].map(r => \
             r.querySelector('[data-testid=order-start]').value + ' ' + \
             r.querySelector('[data-testid=order-duration]').value + ' ' + \
             r.querySelector('[data-testid=order-title]').value)",
        )
        .await;
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

async fn wait_rows(app: &App, what: &str, check: impl Fn(&[String]) -> bool) {
    app.wait_until(what, async || Ok(check(&rows(app).await)))
        .await;
}

/// The CSS of the row whose title starts with `title`, and of one of its cells.
async fn row_of(app: &App, title: &str) -> String {
    let id = app
        .js(&format!(
            "const r = [...document.querySelectorAll('[data-testid=order-row]')].find(r => \
             r.querySelector('[data-testid=order-title]').value.startsWith({title:?})); \
             return r ? r.dataset.itemId : null"
        ))
        .await;
    let id = id
        .as_str()
        .unwrap_or_else(|| panic!("no row {title:?}"))
        .to_owned();
    format!("tr[data-item-id='{id}']")
}

/// Types `text` into the cell `css` as a person does: click, select all,
/// type, Enter.
async fn type_in(app: &App, css: &str, text: &str) {
    app.click(css).await;
    app.press_with(&[Key::Control], 'a').await;
    app.type_text(text).await;
    app.press(Key::Enter).await;
}

#[tokio::test]
async fn a_morning_written_as_a_running_order() {
    let db = morning_db();
    let app = App::start(db.path()).await;
    app.click("[data-testid=open-event]").await;
    app.click("[data-testid=view-running]").await;
    wait_rows(&app, "8 rows", |r| r.len() == 8).await;
    assert_eq!(app.count("[data-testid=order-part]").await, 3);
    assert!(app
        .content("[data-testid=order-part]")
        .await
        .starts_with("01 Ouverture"));
    assert_eq!(
        rows(&app).await[2],
        "9h20 10 min 1985 : la bibliothèque centrale de prêt prend la route"
    );

    // Pin the round table: its time must not move.
    let table = row_of(&app, "Et demain").await;
    app.click(&format!("{table} [data-testid=order-pin]")).await;
    app.wait_for(&format!(
        "{table} [data-testid=order-pin][aria-pressed=true]"
    ))
    .await;

    // 1995 takes 15 minutes: 2010 and 2024 move by 5, the pinned round
    // table stays at 10h and now overlaps 2024 (a warning).
    let chapter = row_of(&app, "1995").await;
    type_in(
        &app,
        &format!("{chapter} [data-testid=order-duration]"),
        "15",
    )
    .await;
    wait_rows(&app, "2010 moved to 9h45", |r| {
        r[4].starts_with("9h45 10 min 2010")
    })
    .await;
    let now = rows(&app).await;
    assert!(now[5].starts_with("9h55 10 min 2024"), "{now:?}");
    assert!(now[6].starts_with("10h 25 min Et demain"), "{now:?}");
    assert!(app
        .announced()
        .await
        .contains("2 éléments suivants décalés"));
    app.wait_for(&format!("{table}.warned")).await;

    // A time that cannot be read is refused, with a message, nothing moved.
    type_in(
        &app,
        &format!("{chapter} [data-testid=order-start]"),
        "9h7x",
    )
    .await;
    assert!(app
        .text("[data-testid=order-error]")
        .await
        .contains("« 9h7x » n’est pas une heure"));
    assert_eq!(rows(&app).await, now);

    // Ctrl+Z in a cell with nothing unsaved undoes the last change.
    app.press(Key::Escape).await;
    app.press_with(&[Key::Control], 'z').await;
    wait_rows(&app, "the ripple undone", |r| {
        r[4].starts_with("9h40 10 min 2010")
    })
    .await;

    // Insert after the welcome speech: the new row takes focus, its title
    // selected, so typing names it.
    let speech = row_of(&app, "Mot d'accueil").await;
    app.click(&format!("{speech} [data-testid=order-title]"))
        .await;
    app.press_with(&[Key::Control], Key::Enter).await;
    app.wait_focused("order-title").await;
    app.type_text("Vidéo : le bibliobus en 1985").await;
    app.press(Key::Enter).await;
    wait_rows(&app, "the video inserted", |r| {
        r.len() == 9 && r[2] == "9h20 10 min Vidéo : le bibliobus en 1985"
    })
    .await;
    let now = rows(&app).await;
    assert!(now[3].starts_with("9h30 10 min 1985"), "{now:?}");
    // The rows up to the pinned table moved; the table did not.
    assert!(now[7].starts_with("10h 25 min Et demain"), "{now:?}");

    // Alt+↑ on 2024 puts it before 2010, swapping their times.
    let latest = row_of(&app, "2024").await;
    app.click(&format!("{latest} [data-testid=order-title]"))
        .await;
    app.press_with(&[Key::Alt], Key::Up).await;
    wait_rows(&app, "2024 before 2010", |r| {
        r[5].contains(" 2024 ") && r[6].contains(" 2010 ")
    })
    .await;
    assert_eq!(app.focused().await, "order-title");

    // A drag by the handle: 1985 dropped on the video's row takes its place.
    let first = row_of(&app, "1985").await;
    let handle = app
        .wait_for(&format!("{first} [data-testid=order-handle]"))
        .await;
    let target = app
        .wait_for(&format!(
            "{} [data-testid=order-start]",
            row_of(&app, "Vidéo").await
        ))
        .await;
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: handle,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveToElement {
            element: target,
            duration: Some(Duration::from_millis(300)),
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    app.client().perform_actions(drag).await.unwrap();
    wait_rows(&app, "1985 before the video", |r| {
        r[2].starts_with("9h20 10 min 1985") && r[3].contains("Vidéo")
    })
    .await;

    // Duplicate with Ctrl+D: the copy follows, with the same title.
    app.press_with(&[Key::Control], 'd').await;
    wait_rows(&app, "1985 duplicated", |r| {
        r.len() == 10 && r[3].starts_with("9h30 10 min 1985")
    })
    .await;

    // FR and EN pass axe; a screenshot to look at.
    let violations = app.axe_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");
    app.screenshot(screenshot_path("running-order")).await;
    app.click("[data-testid=lang]").await;
    app.wait_until("English headers", async || {
        Ok(app.content("thead").await.contains("Duration"))
    })
    .await;
    let violations = app.axe_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");

    // Everything is in the file after the app quits.
    app.quit().await;
    let stored = deroule::Db::open(db.path()).unwrap();
    let items = stored.programme(1).unwrap().items;
    assert_eq!(items.len(), 10);
    assert!(items
        .iter()
        .any(|i| i.pinned && i.title.starts_with("Et demain")));
}

/// An event file opens as a new event (the command line's
/// `--open-from` stands for the open dialog), and the event goes out again
/// as a file that opens the same.
#[tokio::test]
async fn an_event_file_opens_as_a_new_event_and_goes_out_again() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/programmes/matinee-90-minutes.json");
    let db = TempDb::new();
    let out = tempfile::tempdir().unwrap();
    let app = App::start_with(
        db.path(),
        &[
            "--open-from",
            fixture.to_str().unwrap(),
            "--save-to",
            out.path().to_str().unwrap(),
        ],
    )
    .await;
    app.click("[data-testid=import-event]").await;
    app.wait_until("the imported event to open", async || {
        Ok(app.content("[data-testid=event-title]").await
            == "Matinée d'étude : quarante ans de lecture publique en Isère")
    })
    .await;
    assert!(app.announced().await.contains("8 éléments, 8 intervenants"));
    app.wait_items(8).await;

    app.click("[data-testid=export-menu]").await;
    app.click("[data-testid=export-event]").await;
    app.click("[data-testid=export-go]").await;
    let saved = out
        .path()
        .join("matinee-d-etude-quarante-ans-de-lecture-publique-en-isere-2026-03-17.deroule.json");
    app.wait_until("the event file", async || Ok(saved.exists()))
        .await;
    let file = deroule::exchange::programme_file::ProgrammeFile::parse(
        &std::fs::read_to_string(&saved).unwrap(),
    )
    .unwrap();
    assert_eq!(file.items.len(), 8);
    assert_eq!(file.speakers.len(), 8);
    app.quit().await;
}
