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
    wait_new_title(&app).await;
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

/// The part titles under their headings, in order: "01|Ouverture".
async fn headings(app: &App) -> Vec<String> {
    let list = app
        .js(
            "return [...document.querySelectorAll('[data-testid=order-part]')].map((h) => \
             (h.querySelector('[data-testid=order-part-number]')?.textContent ?? '') + '|' + \
             h.querySelector('[data-testid=order-part-title]').textContent)",
        )
        .await;
    serde_json::from_value(list).unwrap()
}

/// Parts are sections: renamed once from their heading (every item
/// follows), started at any item (the rest of the part it cuts follows),
/// removed, each one undo step; the panel offers them by name.
#[tokio::test]
async fn parts_are_renamed_once_and_started_at_any_item() {
    let db = morning_db();
    let app = App::start(db.path()).await;
    app.click("[data-testid=open-event]").await;
    app.click("[data-testid=view-running]").await;
    wait_rows(&app, "8 rows", |r| r.len() == 8).await;
    assert_eq!(
        headings(&app).await,
        [
            "01|Ouverture",
            "02|Partie 1 : « Une histoire en quatre temps »",
            "03|Partie 2 : Et demain ?"
        ]
    );

    // Rename part 02 from its heading, by keyboard: focus is in its title.
    let second = "tbody:nth-of-type(2) [data-testid=part-edit]";
    app.click(second).await;
    app.wait_for("[data-testid=part-form]").await;
    let focused = app.js("return document.activeElement.dataset.testid").await;
    assert_eq!(focused, "part-title");
    app.press_with(&[Key::Control], 'a').await;
    app.type_text("Une histoire en quatre dates").await;
    app.press(Key::Enter).await;
    app.wait_gone("[data-testid=part-form]").await;
    app.wait_until("the renamed heading", async || {
        Ok(headings(&app).await[1] == "02|Une histoire en quatre dates")
    })
    .await;
    let stored = deroule::Db::open(db.path()).unwrap();
    let renamed = stored
        .programme(1)
        .unwrap()
        .items
        .iter()
        .filter(|i| i.part_label == "02 Une histoire en quatre dates")
        .count();
    assert_eq!(renamed, 4, "every item of the part follows");

    // Start a part at 2010: it takes 2010 and 2024 with it.
    let at = row_of(&app, "2010").await;
    app.click(&format!("{at} [data-testid=order-part-start]"))
        .await;
    app.wait_for("[data-testid=part-form]").await;
    assert_eq!(
        app.js("return document.querySelector('[data-testid=part-number]').value")
            .await,
        "04",
        "the number after the last numbered part is offered"
    );
    app.type_text("Le temps présent").await;
    app.click("[data-testid=part-number]").await;
    app.press_with(&[Key::Control], 'a').await;
    app.type_text("02b").await;
    app.press(Key::Enter).await;
    app.wait_until("four parts", async || Ok(headings(&app).await.len() == 4))
        .await;
    assert_eq!(headings(&app).await[2], "02b|Le temps présent");
    let under = app
        .js("return [...document.querySelectorAll('tbody')[2].querySelectorAll('[data-testid=order-title]')].map((i) => i.value.slice(0, 4))")
        .await;
    assert_eq!(under, serde_json::json!(["2010", "2024"]));
    app.screenshot(screenshot_path("running-order-parts")).await;
    app.assert_accessible("the running order with a part started")
        .await;

    // The panel offers the parts by name.
    app.click(&format!("{at} [data-testid=order-open]")).await;
    app.wait_for("[data-testid=item-part]").await;
    let options = app
        .js("return [...document.querySelectorAll('#item-parts option')].map((o) => o.value)")
        .await;
    assert!(
        options
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == "02b – Le temps présent"),
        "{options}"
    );

    // Undo takes the new part away in one step; a part removed leaves its
    // items, and comes back with undo.
    app.click("[data-testid=undo]").await;
    app.wait_until("three parts again", async || {
        Ok(headings(&app).await.len() == 3)
    })
    .await;
    app.click("tbody:nth-of-type(3) [data-testid=part-delete]")
        .await;
    app.wait_until("two parts", async || Ok(headings(&app).await.len() == 2))
        .await;
    wait_rows(&app, "still 8 rows", |r| r.len() == 8).await;
    app.click("[data-testid=undo]").await;
    app.wait_until("three parts again", async || {
        Ok(headings(&app).await.len() == 3)
    })
    .await;
    app.quit().await;
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

/// Puts `text` into the field `css` as a paste does (tabs and all: typed,
/// a tab would move focus), then tells the page it changed.
async fn paste(app: &App, css: &str, text: &str) {
    app.wait_for(css).await;
    app.js(&format!(
        "const e = document.querySelector({css:?}); e.focus(); e.value = {text:?}; \
         e.dispatchEvent(new Event('input', {{ bubbles: true }}));"
    ))
    .await;
}

/// Waits until focus is on a freshly inserted row's title (selected, so
/// that typing names it).
async fn wait_new_title(app: &App) {
    app.wait_until("focus on the new row's title", async || {
        Ok(app
            .js("const e = document.activeElement; return e && e.dataset.testid === 'order-title' && e.value === 'Nouvel élément' && e.selectionEnd - e.selectionStart === e.value.length")
            .await
            .as_bool()
            .unwrap_or(false))
    })
    .await;
}

/// "09:10-09:20 Plenary Mot d'accueil | 01 Ouverture | Hervé Lambert:speaker":
/// an item of an event file, its room aside.
fn summary(i: &deroule::exchange::programme_file::FileItem) -> String {
    let who: Vec<String> = i
        .speakers
        .iter()
        .map(|l| format!("{}:{}", l.name, l.role.as_str()))
        .collect();
    format!(
        "{}-{} {:?} {} | {} | {}",
        i.start.format("%H:%M"),
        i.end.format("%H:%M"),
        i.kind,
        i.title,
        i.part_label,
        who.join(", ")
    )
}

/// A person's actions, counted as the issue counts them: a click, a field
/// typed into (whatever its length), a choice in a list, a key or chord.
struct Counted<'a> {
    app: &'a App,
    actions: usize,
}

impl Counted<'_> {
    async fn click(&mut self, css: &str) {
        self.actions += 1;
        self.app.click(css).await;
    }
    async fn fill(&mut self, css: &str, text: &str) {
        self.actions += 1;
        self.app.fill(css, text).await;
    }
    async fn choose(&mut self, css: &str, label: &str) {
        self.actions += 1;
        self.app.choose(css, label).await;
    }
    /// Typing on whatever has focus (a new row's selected title).
    async fn type_text(&mut self, text: &str) {
        self.actions += 1;
        self.app.type_text(text).await;
    }
    async fn press_with(&mut self, modifiers: &[Key], key: impl Into<char>) {
        self.actions += 1;
        self.app.press_with(modifiers, key).await;
    }
    async fn press(&mut self, key: impl Into<char>) {
        self.press_with(&[], key).await;
    }
}

/// The 90-minute morning entered by a new user, from an empty database to
/// the printed programme's data: every item, part, speaker and role, with
/// the actions counted (the issue measured about 150 before the running
/// order; the count is printed and held under 75).
#[tokio::test]
async fn a_new_user_enters_the_morning_in_under_half_the_actions() {
    let db = TempDb::new();
    let app = App::start(db.path()).await;
    let mut u = Counted {
        app: &app,
        actions: 0,
    };

    // The event, its venue (no street), its speakers pasted from a list.
    u.click("[data-testid=new-event]").await;
    u.fill(
        "[data-testid=new-event-title]",
        "Matinée d'étude : quarante ans de lecture publique en Isère",
    )
    .await;
    u.fill("[data-testid=new-event-date]", "17/03/2026").await;
    u.fill("[data-testid=new-event-start]", "9h").await;
    u.fill("[data-testid=new-event-end]", "10h30").await;
    u.click("[data-testid=create-event]").await;
    app.wait_for("[data-testid=event-title]").await;
    u.click("[data-testid=tab-venue]").await;
    u.fill("[data-testid=venue-name]", "Auditorium du Musée dauphinois")
        .await;
    u.fill("[data-testid=venue-city]", "Grenoble").await;
    u.click("[data-testid=save-venue]").await;
    app.wait_for("[role=status]").await;
    u.click("[data-testid=tab-speakers]").await;
    u.click("[data-testid=speaker-paste]").await;
    // Pasted (Ctrl+V) as copied from a spreadsheet: one action.
    u.actions += 1;
    paste(
        &app,
        "[data-testid=speaker-paste-text]",
        "Claire Vautrin\tDirectrice de la Médiathèque départementale de l'Isère\tDépartement de l'Isère\n\
         Hervé Lambert\tVice-président chargé de la culture, du patrimoine et de la coopération décentralisée\tDépartement de l'Isère\n\
         Odile Marchand\tAncienne directrice de la bibliothèque centrale de prêt (1979-1998)\t\n\
         Paul Ferrand\tConservateur honoraire, historien des bibliothèques\tAssociation des bibliothécaires de France\n\
         Nadia Chérif\tCheffe du service des affaires culturelles et de la lecture publique\tCommunauté de communes du Trièves\n\
         Julien Morel\tResponsable du pôle numérique et des ressources en ligne\tMédiathèque départementale de l'Isère\n\
         Sophie Reynaud\tConseillère pour le livre et la lecture\tDRAC Auvergne-Rhône-Alpes\n\
         Marc Giraud\tJournaliste, animateur de la matinée\tFrance Bleu Isère",
    )
    .await;
    app.wait_until("8 rows in the preview", async || {
        Ok(app.count("[data-testid=speaker-paste-row]").await == 8)
    })
    .await;
    u.click("[data-testid=speaker-paste-add]").await;
    app.wait_until("8 speakers in the directory", async || {
        Ok(app.count("[data-testid=speaker-row]").await == 8)
    })
    .await;

    // The first item, in the panel; then the running order.
    u.click("[data-testid=tab-programme]").await;
    u.click("[data-testid=view-running]").await;
    u.click("[data-testid=order-new]").await;
    u.fill("[data-testid=item-title]", "Accueil café").await;
    u.fill("[data-testid=item-end]", "9h10").await;
    u.choose("[data-testid=item-kind]", "Accueil").await;
    u.fill("[data-testid=item-part]", "01 Ouverture").await;
    u.click("[data-testid=item-save]").await;
    wait_rows(&app, "the first row", |r| r.len() == 1).await;

    // Each next item: Ctrl+Enter after the last, its title, Tab, its
    // speakers (roles in parentheses).
    let rest: [(&str, &str); 7] = [
        ("Mot d'accueil", "Hervé Lambert, Claire Vautrin"),
        ("1985 : la bibliothèque centrale de prêt prend la route", "Odile Marchand, Marc Giraud (modération)"),
        ("1995 : le réseau des bibliothèques-relais", "Paul Ferrand"),
        ("2010 : les intercommunalités s'en mêlent", "Nadia Chérif"),
        ("2024 : le numérique et les ressources en ligne", "Julien Morel"),
        ("Et demain ? Table ronde", "Marc Giraud (modération), Sophie Reynaud (table ronde), Claire Vautrin (table ronde), Nadia Chérif (table ronde)"),
        ("Clôture", "Claire Vautrin"),
    ];
    for (n, (title, speakers)) in rest.iter().enumerate() {
        let last = rows(&app).await.len();
        // Focus in the last row (after the first, it is already there).
        if n == 0 {
            u.click("tr[data-testid=order-row]:last-child [data-testid=order-title]")
                .await;
        }
        u.press_with(&[Key::Control], Key::Enter).await;
        wait_rows(&app, "a new row", |r| r.len() == last + 1).await;
        wait_new_title(&app).await;
        u.type_text(title).await;
        u.press(Key::Tab).await;
        u.type_text(speakers).await;
        if n == 0 {
            // The plenary after the welcome: its kind.
            let row = row_of(&app, title).await;
            u.choose(&format!("{row} [data-testid=order-kind]"), "Plénière")
                .await;
        }
        if n == 1 || n == 5 {
            // The first item of a part names it (the next ones inherit it).
            let row = row_of(&app, title).await;
            u.click(&format!("{row} [data-testid=order-open]")).await;
            // The panel shows the item with the speakers just typed.
            let links = speakers.split(',').count();
            app.wait_until("the panel with its speakers", async || {
                Ok(app.count("[data-testid=speaker-link]").await == links)
            })
            .await;
            let part = if n == 1 {
                "02 Partie 1 : « Une histoire en quatre temps »"
            } else {
                "03 Partie 2 : Et demain ?"
            };
            u.fill("[data-testid=item-part]", part).await;
            u.click("[data-testid=item-save]").await;
            app.wait_until("the part saved", async || {
                Ok(app
                    .content("[data-testid=running-order]")
                    .await
                    .contains(part))
            })
            .await;
            u.click(&format!("{row} [data-testid=order-speakers]"))
                .await;
        }
    }
    u.press(Key::Enter).await;
    // The round table lasts 25 minutes, the closing 5; their kinds.
    let table = row_of(&app, "Et demain").await;
    u.choose(&format!("{table} [data-testid=order-kind]"), "Table ronde")
        .await;
    u.click(&format!("{table} [data-testid=order-duration]"))
        .await;
    u.press_with(&[Key::Control], 'a').await;
    u.type_text("25").await;
    u.press(Key::Enter).await;
    let closing = row_of(&app, "Clôture").await;
    u.choose(&format!("{closing} [data-testid=order-kind]"), "Conclusion")
        .await;
    u.click(&format!("{closing} [data-testid=order-duration]"))
        .await;
    u.press_with(&[Key::Control], 'a').await;
    u.type_text("5").await;
    u.press(Key::Enter).await;
    wait_rows(&app, "the closing at 10h25 for 5 minutes", |r| {
        r.last().is_some_and(|l| l == "10h25 5 min Clôture")
    })
    .await;
    let actions = u.actions;
    println!("the 90-minute morning took {actions} actions");
    app.screenshot(screenshot_path("running-order-morning"))
        .await;
    app.quit().await;

    // What was entered is the fixture's morning: times, parts, speakers
    // with their roles.
    let stored = deroule::Db::open(db.path()).unwrap();
    // The stored event as an event file, item by item, beside the fixture's
    // (no room: the user made none, the whole venue is the room).
    let entered = stored.event_file(1).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/programmes/matinee-90-minutes.json");
    let file = deroule::exchange::programme_file::ProgrammeFile::parse(
        &std::fs::read_to_string(fixture).unwrap(),
    )
    .unwrap();
    let got: Vec<String> = entered.items.iter().map(summary).collect();
    let want: Vec<String> = file.items.iter().map(summary).collect();
    assert_eq!(got, want);
    assert_eq!(entered.speakers.len(), 8);
    assert!(actions < 75, "{actions} actions: not under half of 150");
}
