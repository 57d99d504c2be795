//! Printing from the app's Imprimer menu: the preview shows the page the
//! core renders, and "Enregistrer en PDF" writes it silently through
//! WebKitGTK (to `--save-to`). "Imprimer…" is never clicked: the system
//! print dialog is modal.

use std::path::Path;
use std::process::Command;

use fantoccini::key::Key;
use fantoccini::Locator;

use crate::harness::{launch_saving, screenshot_path, App, TempDb};

/// Personal schedules of every attendee: one page each in the preview
/// (ten at a time) and in the PDF, each attendee on their own page, with
/// their workshops.
#[tokio::test]
async fn personal_schedules_saved_as_pdf() {
    let (db, out, app) = launch_saving().await;
    app.load_demo().await;
    let attendees = db.attendee_names();
    assert!(attendees.len() > 1, "the demo has attendees: {attendees:?}");

    app.click("[data-testid=print-menu]").await;
    app.click("[data-testid=print-doc-schedules]").await;
    let everyone = app.wait_for("[data-testid=print-who-all]").await;
    assert_eq!(
        everyone.prop("checked").await.unwrap().as_deref(),
        Some("true")
    );

    // The preview: the served page, one sheet per attendee, ten at a
    // time. The next ten by keyboard, the others from the list.
    assert_eq!(attendees.len(), 60, "six parts of ten");
    let mut seen = Vec::new();
    for part in 0..6 {
        if part == 1 {
            app.js("document.querySelector('[data-testid=print-sheets-next]').focus()")
                .await;
            app.press(Key::Enter).await;
        } else if part > 1 {
            let label = format!("Feuilles {} à {} sur 60", 10 * part + 1, 10 * part + 10);
            app.choose("[data-testid=print-sheets-pick]", &label).await;
        }
        let part_query = format!("?part={}", part + 1);
        app.wait_until("the preview of these sheets", async || {
            Ok(frame_src(&app).await.ends_with(&part_query))
        })
        .await;
        let url = frame_src(&app).await;
        assert!(url.starts_with("deroule-print://localhost/"), "{url}");
        let frame = app.wait_for("[data-testid=print-frame]").await;
        frame.enter_frame().await.unwrap();
        app.wait_until("the preview's sheets", async || {
            let sheets = app.client().find_all(Locator::Css("section.sheet")).await?;
            Ok(sheets.len() == 10)
        })
        .await;
        for name in app
            .client()
            .find_all(Locator::Css("section.sheet .person-name"))
            .await
            .unwrap()
        {
            seen.push(name.text().await.unwrap());
        }
        app.client().enter_parent_frame().await.unwrap();
        if part == 0 {
            app.screenshot(screenshot_path("print_preview")).await;
        }
    }
    let first = seen[0].clone();
    let (mut seen_sorted, mut all) = (seen.clone(), attendees.clone());
    seen_sorted.sort();
    all.sort();
    assert_eq!(
        seen_sorted, all,
        "every attendee once in the preview's parts"
    );
    assert_eq!(
        app.content("[data-testid=print-sheets-pick] option:checked")
            .await,
        "Feuilles 51 à 60 sur 60"
    );
    // What a screen reader is told of the part shown.
    assert_eq!(
        app.content("[data-testid=print-sheets-status]").await,
        "Feuilles 51 à 60 sur 60"
    );
    // Another language renders the document again, and back: the preview
    // stays on the same sheets.
    for (language, what) in [
        ("Anglais", "the English document, on the same sheets"),
        ("Celle de l’événement (FR)", "the French document again"),
    ] {
        let before = frame_src(&app).await;
        app.choose("[data-testid=print-lang]", language).await;
        app.wait_until(what, async || {
            let src = frame_src(&app).await;
            Ok(src != before && src.ends_with("?part=6"))
        })
        .await;
        assert_eq!(
            app.content("[data-testid=print-sheets-pick] option:checked")
                .await,
            "Feuilles 51 à 60 sur 60"
        );
    }

    app.click("[data-testid=print-pdf]").await;
    app.wait_until("the PDF to be saved", async || {
        let status = app.text("[data-testid=print-result]").await;
        assert!(!status.starts_with("Le PDF n’a pas"), "{status}");
        Ok(status.starts_with("PDF enregistré : "))
    })
    .await;
    let pdf = out
        .path()
        .join("la-metamorphose-reciproque-2022-12-09-programmes-personnels.pdf");
    assert!(pdf.is_file(), "no {}", pdf.display());
    app.quit().await;

    assert_eq!(pages(&pdf), attendees.len(), "one page per attendee");
    let texts: Vec<String> = (1..=attendees.len())
        .map(|page| squeezed(&text(&pdf, page)))
        .collect();
    for name in &attendees {
        let on = texts.iter().filter(|t| t.contains(&squeezed(name))).count();
        assert_eq!(on, 1, "{name} is on {on} pages");
    }
    assert!(texts[0].contains(&squeezed(&first)), "{first} is not first");
    assert!(texts[0].contains("14h"), "{}", texts[0]);
    // Text reads back as written: no ligature turns "ff" into one glyph
    // that search, copy and screen readers lose.
    assert!(texts[0].contains("Pauseméridienne:buffet"), "{}", texts[0]);
    // In the document's own faces, which the app installs for its web
    // process (print_fonts.rs): no face of the system stands in for them.
    let fonts = run("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.contains("DerouleSans-Regular"), "{fonts}");
    assert!(fonts.contains("DerouleSerif-Bold"), "{fonts}");
    assert!(!fonts.contains("DejaVu"), "{fonts}");
}

/// The programme of a large event (514 items, about 70 pages of paper)
/// flows as one sheet; the preview shows it in parts cut between its slots,
/// one at a time: the event's header in the first, the practical
/// information in the last, every item in one of them.
#[tokio::test]
async fn a_long_programme_previewed_in_parts() {
    let db = TempDb::new();
    // The choices' sessions of the whole document, as the core prints it.
    let options = {
        let mut core = deroule::Db::open(db.path()).unwrap();
        let event = core
            .load_large_demo(deroule::demo::LargeDemo {
                sessions: 500,
                attendees: 0,
            })
            .unwrap();
        let whole = core
            .print(
                event,
                deroule::print::Document::Programme,
                &Default::default(),
            )
            .unwrap()
            .html;
        whole.matches("<div class=\"option").count()
    };
    assert!(options > 500, "{options}");
    let app = App::start(db.path()).await;
    app.click("[data-testid=open-event]").await;
    app.wait_for("[data-testid=item]").await;
    app.click("[data-testid=print-menu]").await;
    app.click("[data-testid=print-doc-programme]").await;
    app.wait_for("[data-testid=print-sheets]").await;
    let labels = part_labels(&app).await;
    let parts = labels.len();
    assert!(parts >= 5, "{parts} parts");
    // Each part says when it starts: the day's first slot, then later ones.
    assert_eq!(labels[0], format!("Partie 1 sur {parts}, à partir de 8h"));

    let mut sessions = 0;
    for part in 1..=parts {
        assert!(labels[part - 1].starts_with(&format!("Partie {part} sur {parts}, à partir de ")));
        show_part(&app, part, &labels).await;
        assert_eq!(
            app.count("header.event").await,
            usize::from(part == 1),
            "part {part}"
        );
        assert_eq!(
            app.count("section.practical").await,
            usize::from(part == parts),
            "part {part}"
        );
        assert_eq!(app.count("main.sheet").await, 1, "part {part}");
        // It starts when its label says.
        let start = app.content(".slot .when .start").await;
        assert!(
            labels[part - 1].ends_with(&format!("à partir de {start}")),
            "{start}: {}",
            labels[part - 1]
        );
        sessions += app.count(".option").await;
        app.client().enter_parent_frame().await.unwrap();
        if part == 2 {
            app.screenshot(screenshot_path("print_programme_part"))
                .await;
        }
    }
    assert_eq!(
        sessions, options,
        "every session of the choices, in one part"
    );
    app.quit().await;
}

/// Personal schedules of a long day (the large event's: 506 lines each)
/// are previewed a sheet at a time in pieces cut between its slots: the
/// person named in the first, each next one told by when it goes on.
#[tokio::test]
async fn long_personal_schedules_previewed_in_pieces() {
    let db = TempDb::new();
    deroule::Db::open(db.path())
        .unwrap()
        .load_large_demo(deroule::demo::LargeDemo {
            sessions: 500,
            attendees: 0,
        })
        .unwrap();
    let app = App::start(db.path()).await;
    app.click("[data-testid=open-event]").await;
    app.wait_for("[data-testid=item]").await;
    app.click("[data-testid=print-menu]").await;
    app.click("[data-testid=print-doc-schedules]").await;
    app.wait_for("[data-testid=print-sheets]").await;
    let labels = part_labels(&app).await;
    // The first batch of everyone (more lines than one document holds).
    let sheets = labels[0]
        .strip_prefix("Feuille 1 sur ")
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("{labels:?}"));
    assert!(
        labels.len() >= 3 * sheets,
        "{} parts of {sheets} sheets",
        labels.len()
    );
    assert!(
        labels[1].starts_with(&format!("Feuille 1 sur {sheets}, suite à partir de ")),
        "{labels:?}"
    );
    for part in 1..=2 {
        show_part(&app, part, &labels).await;
        assert_eq!(app.count("section.sheet").await, 1, "piece {part}");
        assert_eq!(app.count(".person-name").await, usize::from(part == 1));
        if part == 2 {
            let start = app.content(".slot .when .start").await;
            assert!(
                labels[1].ends_with(&format!("à partir de {start}")),
                "{start}: {}",
                labels[1]
            );
        }
        app.client().enter_parent_frame().await.unwrap();
    }
    app.screenshot(screenshot_path("print_schedule_piece"))
        .await;
    app.quit().await;
}

/// What the preview's list names each of its parts, in order.
async fn part_labels(app: &App) -> Vec<String> {
    let mut labels = Vec::new();
    for option in app
        .client()
        .find_all(Locator::Css("[data-testid=print-sheets-pick] option"))
        .await
        .unwrap()
    {
        labels.push(option.text().await.unwrap());
    }
    labels
}

/// Shows part `part` of the preview (from 1), whose list names the parts
/// `labels`: the second by keyboard (Suivante(s) then Enter), a later one
/// from the list; checks what a screen reader is told of it, and enters its
/// frame once its slots are there.
async fn show_part(app: &App, part: usize, labels: &[String]) {
    if part == 2 {
        app.js("document.querySelector('[data-testid=print-sheets-next]').focus()")
            .await;
        app.press(Key::Enter).await;
    } else if part > 2 {
        app.choose("[data-testid=print-sheets-pick]", &labels[part - 1])
            .await;
    }
    let query = format!("?part={part}");
    app.wait_until("the preview of this part", async || {
        Ok(frame_src(app).await.ends_with(&query))
    })
    .await;
    assert_eq!(
        app.content("[data-testid=print-sheets-status]").await,
        labels[part - 1]
    );
    let frame = app.wait_for("[data-testid=print-frame]").await;
    frame.enter_frame().await.unwrap();
    app.wait_until("the part's slots", async || {
        Ok(!app
            .client()
            .find_all(Locator::Css(".slot"))
            .await?
            .is_empty())
    })
    .await;
}

/// The address the preview's frame shows ("" while there is none). Read in
/// one script: the frame is made anew for each part, so an element found
/// first could be gone when its address is asked.
async fn frame_src(app: &App) -> String {
    app.js_text(
        "return document.querySelector('[data-testid=print-frame]')?.getAttribute('src') ?? ''",
    )
    .await
}

fn pages(pdf: &Path) -> usize {
    let info = run("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in pdfinfo's answer: {info}"))
}

fn text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    run(
        "pdftotext",
        &["-f", &page, "-l", &page, pdf.to_str().unwrap(), "-"],
    )
}

/// Text without whitespace: PDF text extraction may split words where the
/// glyphs are placed one by one.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} ({e}): install poppler-utils (scripts/setup.sh does)")
        });
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 text")
}
