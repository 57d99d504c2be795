//! Printed documents: their HTML against snapshots (the demo, in French and
//! English, with attendees and sign-ups), hostile text in every field, the
//! options, and the pages that headless Chromium makes of them (page counts,
//! text, sizes and fonts read back with poppler's pdfinfo, pdftotext and
//! pdffonts). The rendering tests are never skipped: a missing tool fails
//! them, naming the package to install.

use crate::bare_demo_db;
use deroule::exchange::programme_file::ProgrammeFile;
use deroule::model::{Attendee, Id, Item};
use deroule::print::{Document, Orientation, Paper, PrintOptions, Sheets};
use deroule::words::Lang;
use deroule::Db;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Attendees of the demo day: name, organisation, category.
const PEOPLE: [(&str, &str, &str); 6] = [
    ("Élodie Garnier", "Médiathèque de Bron", "Bibliothécaire"),
    ("Karim Benali", "Centre social Peyri", "Animateur numérique"),
    (
        "Anne-Sophie Lefèvre-Delacroix",
        "Métropole de Lyon",
        "Élu·e",
    ),
    ("Thomas Nguyen", "Fablab de Villeurbanne", "Fabmanager"),
    ("Zoé Martin", "Médiathèque de Vénissieux", "Bibliothécaire"),
    (
        "Océane Roux",
        "Espace public numérique de Givors",
        "Médiatrice numérique",
    ),
];

/// Turns the demo's eight workshop items into one choice block of four
/// workshops run twice (14h and 15h), as the sign-up screens will. Until the
/// sign-up engine lands, by SQL.
fn make_choice_block(db: &Db, event: Id) {
    let conn = db.conn();
    conn.execute(
        "INSERT INTO choice_blocks (event_id, name, min_choices, max_choices) \
         VALUES (?1, 'Ateliers de l''après-midi', 1, 2)",
        [event],
    )
    .unwrap();
    let block = conn.last_insert_rowid();
    for n in 1..=4 {
        conn.execute("INSERT INTO workshops (block_id) VALUES (?1)", [block])
            .unwrap();
        let workshop = conn.last_insert_rowid();
        let changed = conn
            .execute(
                "UPDATE items SET workshop_id = ?1 WHERE event_id = ?2 AND title LIKE ?3",
                rusqlite::params![workshop, event, format!("Atelier {n} %")],
            )
            .unwrap();
        assert_eq!(changed, 2, "workshop {n} runs twice");
    }
}

fn add_attendee(db: &mut Db, event: Id, name: &str, organisation: &str, category: &str) -> Id {
    db.save_attendee(&Attendee {
        id: None,
        event_id: event,
        name: name.into(),
        email: String::new(),
        organisation: organisation.into(),
        category: category.into(),
        notes: String::new(),
        registered_at: None,
    })
    .unwrap()
    .id
    .unwrap()
}

/// A sign-up written as the sign-up engine will write it (by SQL until it
/// lands).
fn sign_up(db: &Db, item: Id, attendee: Id, status: &str) {
    let seq: i64 = db
        .conn()
        .query_row("SELECT coalesce(max(seq), 0) + 1 FROM signups", [], |r| {
            r.get(0)
        })
        .unwrap();
    db.conn()
        .execute(
            "INSERT INTO signups (item_id, attendee_id, status, requested_at, updated_at, seq, source) \
             VALUES (?1, ?2, ?3, '2022-11-20T09:00:00Z', '2022-11-20T09:00:00Z', ?4, 'manual')",
            rusqlite::params![item, attendee, status, seq],
        )
        .unwrap();
}

/// The item of the demo whose title starts with `prefix`, at `hour`.
fn item_at(db: &Db, event: Id, prefix: &str, hour: u32) -> Id {
    use chrono::Timelike;
    db.programme(event)
        .unwrap()
        .items
        .iter()
        .find(|i| i.title.starts_with(prefix) && i.starts_at.hour() == hour)
        .unwrap_or_else(|| panic!("no {prefix} at {hour}h"))
        .id
        .unwrap()
}

/// The demo with its workshops as a choice block, the six attendees of
/// `PEOPLE`, and their sign-ups: each a workshop at 14h and another at 15h,
/// except Zoé Martin, who signed up for nothing. A waitlisted and a
/// cancelled sign-up print nowhere.
fn demo_with_signups() -> (Db, Id, Vec<Id>) {
    let (mut db, event) = bare_demo_db();
    make_choice_block(&db, event);
    let ids: Vec<Id> = PEOPLE
        .iter()
        .map(|(n, o, c)| add_attendee(&mut db, event, n, o, c))
        .collect();
    for (k, &attendee) in ids.iter().enumerate() {
        if PEOPLE[k].0 == "Zoé Martin" {
            continue;
        }
        let first = k % 4 + 1;
        let second = (k + 1) % 4 + 1;
        sign_up(
            &db,
            item_at(&db, event, &format!("Atelier {first} "), 14),
            attendee,
            "confirmed",
        );
        sign_up(
            &db,
            item_at(&db, event, &format!("Atelier {second} "), 15),
            attendee,
            "confirmed",
        );
    }
    let zoe = ids[4];
    sign_up(
        &db,
        item_at(&db, event, "Atelier 1 ", 14),
        zoe,
        "waitlisted",
    );
    sign_up(&db, item_at(&db, event, "Atelier 2 ", 15), zoe, "cancelled");
    (db, event, ids)
}

fn options(lang: Lang) -> PrintOptions {
    PrintOptions {
        lang: Some(lang),
        ..PrintOptions::default()
    }
}

/// The HTML without the contents of its style elements (the embedded fonts
/// and the CSS), for snapshots that show the document's text and structure.
fn without_styles(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<style>") {
        let body = start + "<style>".len();
        out.push_str(&rest[..body]);
        out.push('…');
        let end = rest[body..].find("</style>").expect("a closed style") + body;
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "fr",
        Lang::En => "en",
    }
}

fn doc_name(document: Document) -> &'static str {
    match document {
        Document::Programme => "programme",
        Document::Schedules => "schedules",
        Document::Speakers => "speakers",
        Document::Signin => "signin",
        Document::Rooms => "rooms",
        Document::Badges => "badges",
        Document::Erratum => "erratum",
    }
}

#[test]
fn documents_of_the_demo_in_both_languages() {
    let (db, event, ids) = demo_with_signups();
    for lang in [Lang::Fr, Lang::En] {
        for document in Document::ALL {
            let mut opts = options(lang);
            if document == Document::Schedules {
                // Two pages are enough to show: one with workshops, one
                // (Zoé Martin) with the common items only.
                opts.attendee_ids = vec![ids[0], ids[4]];
            }
            let file = db.print(event, document, &opts).unwrap();
            insta::assert_snapshot!(
                format!("print_{}_{}", doc_name(document), lang_name(lang)),
                format!("{}\n\n{}", file.file_name, without_styles(&file.html))
            );
        }
    }
}

/// The page each document gives a printer is the one its CSS says: the
/// last `@page` rule of its head (each document's CSS follows the shared
/// one; the title, the only user text there, comes before both).
#[test]
fn the_page_geometry_is_the_page_rule() {
    let (db, event, _) = demo_with_signups();
    for lang in [Lang::Fr, Lang::En] {
        for document in Document::ALL {
            for large in [false, true] {
                if large && !document.has_large_print() {
                    continue;
                }
                let opts = PrintOptions {
                    large,
                    ..options(lang)
                };
                let file = db.print(event, document, &opts).unwrap();
                let (landscape, [top, right, bottom, left]) = page_rule(&file.html);
                let page = file.page;
                assert_eq!(page.paper, Paper::A4, "{document:?}");
                let orientation = if landscape {
                    Orientation::Landscape
                } else {
                    Orientation::Portrait
                };
                assert_eq!(page.orientation, orientation, "{document:?}");
                let m = page.margins_mm;
                assert_eq!(
                    [m.top, m.right, m.bottom, m.left],
                    [top, right, bottom, left],
                    "{document:?}"
                );
                assert_eq!(page, document.page());
            }
        }
    }
}

/// The last `@page` rule of a document's head: landscape or not, and its
/// margins (top, right, bottom, left) in millimetres. Only A4 is printed.
fn page_rule(html: &str) -> (bool, [f64; 4]) {
    let head = html.split("</head>").next().unwrap();
    let mut css = String::new();
    let mut rest = head;
    while let Some(start) = rest.find("/*") {
        css.push_str(&rest[..start]);
        rest = rest[start + 2..].split_once("*/").unwrap().1;
    }
    css.push_str(rest);
    let start = css.rfind("@page").expect("an @page rule");
    let (_, after) = css[start..].split_once('{').unwrap();
    let (body, _) = after.split_once('}').unwrap();
    let (mut landscape, mut margins) = (None, None);
    for declaration in body.split(';').filter(|d| !d.trim().is_empty()) {
        let (name, value) = declaration.split_once(':').unwrap();
        let words: Vec<&str> = value.split_whitespace().collect();
        match name.trim() {
            "size" => {
                assert_eq!(words[0], "A4", "{declaration}");
                landscape = Some(words[1..] == ["landscape"]);
            }
            "margin" => {
                let mm: Vec<f64> = words
                    .iter()
                    .map(|w| match *w {
                        "0" => 0.0,
                        w => w.strip_suffix("mm").unwrap().parse().unwrap(),
                    })
                    .collect();
                margins = Some(match mm[..] {
                    [all] => [all; 4],
                    [v, h] => [v, h, v, h],
                    [t, h, b] => [t, h, b, h],
                    [t, r, b, l] => [t, r, b, l],
                    _ => panic!("{declaration}"),
                });
            }
            other => panic!("unexpected @page property {other}"),
        }
    }
    (landscape.unwrap(), margins.unwrap())
}

#[test]
fn the_event_language_is_the_default() {
    let (db, event, _) = demo_with_signups();
    let file = db
        .print(event, Document::Programme, &PrintOptions::default())
        .unwrap();
    assert!(file.html.starts_with("<!DOCTYPE html>\n<html lang=\"fr\""));
    assert!(file.html.contains("Vendredi 9 décembre 2022, de 9h à 17h"));
    assert_eq!(
        file.file_name,
        "la-metamorphose-reciproque-2022-12-09-programme.html"
    );
    let en = db
        .print(event, Document::Programme, &options(Lang::En))
        .unwrap();
    assert!(en.html.starts_with("<!DOCTYPE html>\n<html lang=\"en\""));
    assert!(en.html.contains("Friday 9 December 2022, 9:00 to 17:00"));
}

#[test]
fn documents_are_self_contained() {
    let (db, event, _) = demo_with_signups();
    for document in Document::ALL {
        let html = db
            .print(event, document, &PrintOptions::default())
            .unwrap()
            .html;
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{document:?}");
        for needle in [
            "http:", "https:", "src=", "href=", "@import", "<link", "<img",
        ] {
            assert!(!lower.contains(needle), "{document:?} holds {needle}");
        }
        // Every url() is one of the embedded fonts.
        assert_eq!(
            lower.matches("url(").count(),
            lower.matches("url(data:font/woff2;base64,").count(),
            "{document:?}"
        );
        assert_eq!(lower.matches("@font-face").count(), 5, "{document:?}");
        assert!(lower.contains("content-security-policy"), "{document:?}");
    }
}

#[test]
fn large_print_scales_the_text_documents_only() {
    let (db, event, _) = demo_with_signups();
    for document in Document::ALL {
        let opts = PrintOptions {
            large: true,
            ..PrintOptions::default()
        };
        let result = db.print(event, document, &opts);
        if document.has_large_print() {
            let file = result.unwrap();
            assert!(file.html.contains(" large\">\n<head>"), "{document:?}");
            assert!(
                file.file_name.ends_with("-gros-caracteres.html"),
                "{}",
                file.file_name
            );
        } else {
            let e = result.unwrap_err();
            assert_eq!(e.field.as_deref(), Some("large"), "{document:?}");
            assert_eq!(e.reason.as_deref(), Some("not_applicable"));
        }
    }
}

#[test]
fn options_that_do_not_apply_are_refused() {
    let (db, event, ids) = demo_with_signups();
    let item = item_at(&db, event, "Atelier 1 ", 14);
    let e = db
        .print(
            event,
            Document::Programme,
            &PrintOptions {
                attendee_ids: vec![ids[0]],
                ..PrintOptions::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("attendeeIds"));
    let e = db
        .print(
            event,
            Document::Rooms,
            &PrintOptions {
                item_id: Some(item),
                ..PrintOptions::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.field.as_deref(), Some("itemId"));
    // Unknown attendees and items, and an unknown event.
    let e = db
        .print(
            event,
            Document::Schedules,
            &PrintOptions {
                attendee_ids: vec![9999],
                ..PrintOptions::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.code, deroule::ErrorCode::NotFound);
    let e = db
        .print(
            event,
            Document::Signin,
            &PrintOptions {
                item_id: Some(9999),
                ..PrintOptions::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.code, deroule::ErrorCode::NotFound);
    let e = db
        .print(9999, Document::Programme, &PrintOptions::default())
        .unwrap_err();
    assert_eq!(e.code, deroule::ErrorCode::NotFound);
}

/// The sheets of a document, one `<section class="sheet…">` each.
fn sheets(html: &str) -> Vec<&str> {
    html.split("<section class=\"sheet").skip(1).collect()
}

/// The preview shows a few sheets at a time: each excerpt is the whole
/// document's head and tail around the sheets asked for, so that, two at a
/// time, the excerpts give back every sheet in order. A document that flows
/// as one sheet (the programme) has none to cut. Hostile text, escaped,
/// never opens a sheet.
#[test]
fn preview_excerpts_hold_the_sheets_asked_for() {
    let (db, event, _) = demo_with_signups();
    let (hostile, hostile_event) = hostile_db();
    for (db, event) in [(&db, event), (&hostile, hostile_event)] {
        for document in Document::ALL {
            let html = db.print(event, document, &options(Lang::Fr)).unwrap().html;
            let found = Sheets::of(&html);
            let expected: Vec<&str> = sheets(&html)
                .into_iter()
                .map(|s| s.split("</body>").next().unwrap())
                .collect();
            assert_eq!(found.len(), expected.len(), "{document:?}");
            assert_eq!(
                found.is_empty(),
                document == Document::Programme,
                "{document:?}"
            );
            let head = &html[..html.find("<section class=\"sheet").unwrap_or(0)];
            let tail = &html[html.rfind("</body>").unwrap()..];
            let mut seen = Vec::new();
            for first in (1..=found.len()).step_by(2) {
                let part = found.excerpt(&html, first, first + 1).unwrap();
                assert!(
                    part.starts_with(head) && part.ends_with(tail),
                    "{document:?}"
                );
                let got = sheets(&part);
                assert_eq!(got.len(), 2.min(found.len() + 1 - first), "{document:?}");
                seen.extend(
                    got.into_iter()
                        .map(|s| s.split("</body>").next().unwrap().to_owned()),
                );
            }
            assert_eq!(seen, expected, "{document:?}");
            assert_eq!(found.excerpt(&html, found.len() + 1, found.len() + 2), None);
        }
    }
}

/// A long programme flows as one sheet but is previewed in parts, cut
/// between its slots: the first holds the event's header, the last the
/// practical information; each part reopens and closes the elements it
/// cuts through; together they hold every item once, in order. Text that
/// forges a mark, a sheet or closing tags cuts nothing: it is escaped.
#[test]
fn a_long_programme_is_previewed_in_parts_cut_between_its_slots() {
    let mut db = Db::open_in_memory().unwrap();
    let event = db
        .load_large_demo(deroule::demo::LargeDemo {
            sessions: 500,
            attendees: 0,
        })
        .unwrap();
    let forged = format!(
        "\n<!--cut 23:59-->\n</div>\n</section>\n</main>\n<section class=\"sheet\">\n{HOSTILE}"
    );
    for (n, mut item) in db.programme(event).unwrap().items.into_iter().enumerate() {
        if n % 50 == 7 {
            item.title = format!("Séance {n} {forged}");
            item.description = forged.clone();
            db.save_item(&item).unwrap();
        }
    }
    let html = db
        .print(event, Document::Programme, &options(Lang::Fr))
        .unwrap()
        .html;
    let parts = Sheets::of(&html);
    assert!(parts.flows());
    assert!(
        parts.len() >= 5,
        "{} parts of {} bytes",
        parts.len(),
        html.len()
    );
    let titles: Vec<String> = db
        .programme(event)
        .unwrap()
        .items
        .iter()
        .map(|i| format!(">{}<", deroule::print::escape(i.title.trim())))
        .collect();
    assert!(!html.contains("<!--cut 23:59-->") && html.contains("&lt;!--cut 23:59--&gt;"));
    // Each part is told by when its first slot starts, in order.
    let times: Vec<&str> = parts
        .parts()
        .iter()
        .map(|p| p.at.as_deref().unwrap())
        .collect();
    assert_eq!(times.len(), parts.len());
    assert!(parts
        .parts()
        .iter()
        .enumerate()
        .all(|(i, p)| p.first == i + 1 && p.last == i + 1));
    assert_eq!(times[0], "08:00", "the day's first slot");
    assert!(times.windows(2).all(|t| t[0] < t[1]), "{times:?}");
    let head = &html[..html.find("<body>\n").unwrap() + "<body>\n".len()];
    let whole_body = html.len() - head.len();
    let mut rebuilt = String::new();
    let mut shown = vec![0; titles.len()];
    for n in 1..=parts.len() {
        let part = parts.part(&html, n).unwrap();
        assert!(part.starts_with(head) && part.ends_with("</body>\n</html>\n"));
        let body = &part[part.find("<body>").unwrap()..];
        assert!(
            body.len() < whole_body / 4,
            "part {n}: {} bytes",
            body.len()
        );
        assert_eq!(
            n == 1,
            part.contains("<header class=\"event\">"),
            "part {n}"
        );
        assert_eq!(
            n == parts.len(),
            part.contains("<section class=\"practical\">"),
            "part {n}"
        );
        for element in ["main", "section", "div", "ul", "li", "p"] {
            assert_eq!(
                part.matches(&format!("<{element}>")).count()
                    + part.matches(&format!("<{element} ")).count(),
                part.matches(&format!("</{element}>")).count(),
                "part {n}: <{element}> opened and closed"
            );
        }
        // Less what it reopens and closes, the part is the document's own.
        let reopen =
            "<main class=\"sheet\">\n<section class=\"programme\">\n<div class=\"day-list\">\n";
        let close = "</div>\n</section>\n</main>\n";
        let mut own = &part[head.len()..part.len() - "</body>\n</html>\n".len()];
        if n > 1 {
            own = own.strip_prefix(reopen).expect("reopened");
            let mark = format!("<!--cut {}-->\n", times[n - 1]);
            assert!(own.starts_with(&mark), "part {n}");
        }
        if n < parts.len() {
            own = own.strip_suffix(close).expect("closed");
        }
        rebuilt.push_str(own);
        for (k, title) in titles.iter().enumerate() {
            shown[k] += body.matches(title.as_str()).count();
        }
    }
    assert_eq!(format!("{head}{rebuilt}</body>\n</html>\n"), html);
    for (k, title) in titles.iter().enumerate() {
        assert_eq!(shown[k], html.matches(title.as_str()).count(), "{title}");
        assert!(shown[k] > 0, "{title}");
    }
    assert_eq!(parts.part(&html, parts.len() + 1), None);
}

/// A personal schedule of a long day (the large event's: 506 lines each)
/// is previewed in pieces cut between its slots, as the programme is; the
/// short sheets around it go by whole sheets, at most `PART_SHEETS` and about
/// `SHEETS_BYTES` a part. Together the parts give back the document; each
/// opens and closes what it holds.
#[test]
fn long_personal_schedules_are_previewed_in_pieces_cut_between_slots() {
    let mut db = Db::open_in_memory().unwrap();
    let event = db
        .load_large_demo(deroule::demo::LargeDemo {
            sessions: 500,
            attendees: 300,
        })
        .unwrap();
    let three: Vec<Id> = db.attendees(event).unwrap()[..3]
        .iter()
        .map(|a| a.id.unwrap())
        .collect();
    let html = db
        .print(
            event,
            Document::Schedules,
            &PrintOptions {
                attendee_ids: three,
                ..options(Lang::Fr)
            },
        )
        .unwrap()
        .html;
    let found = Sheets::of(&html);
    assert!(!found.flows());
    assert_eq!(found.len(), 3);
    let parts = found.parts();
    assert!(
        parts.len() >= 9,
        "{} parts of {} bytes",
        parts.len(),
        html.len()
    );
    let head = &html[..html.find("<section class=\"sheet").unwrap()];
    let tail = "</body>\n</html>\n";
    let mut rebuilt = String::new();
    let mut sheet = 0;
    for (i, p) in parts.iter().enumerate() {
        assert_eq!(
            (p.first, p.last),
            (p.first, p.first),
            "one sheet cut in pieces"
        );
        let text = found.part(&html, i + 1).unwrap();
        assert!(text.starts_with(head) && text.ends_with(tail));
        let mut own = &text[head.len()..text.len() - tail.len()];
        assert!(
            own.len() < 3 * deroule::print::SHEETS_BYTES / 4,
            "part {}: {} bytes",
            i + 1,
            own.len()
        );
        for element in ["section", "div", "p", "h1", "h3"] {
            assert_eq!(
                own.matches(&format!("<{element}>")).count()
                    + own.matches(&format!("<{element} ")).count(),
                own.matches(&format!("</{element}>")).count(),
                "part {}: <{element}> opened and closed",
                i + 1
            );
        }
        if p.first != sheet {
            // A sheet's first piece: its own start, the person named.
            assert_eq!(p.first, sheet + 1);
            assert!(p.at.is_none() && own.starts_with("<section class=\"sheet\">"));
            assert!(own.contains("person-name"));
            sheet = p.first;
        } else {
            // Its next ones: from a cut, with what it cut through reopened.
            let at =
                p.at.as_deref()
                    .expect("a piece after a cut starts at a time");
            let reopen = "<section class=\"sheet\">\n<div class=\"day-list\">\n";
            own = own.strip_prefix(reopen).expect("reopened");
            assert!(
                own.starts_with(&format!("<!--cut {at}-->\n")),
                "part {}",
                i + 1
            );
            assert!(!own.contains("person-name"));
        }
        let last_piece = parts.get(i + 1).is_none_or(|next| next.first != p.first);
        if !last_piece {
            own = own.strip_suffix("</div>\n</section>\n").expect("closed");
        }
        rebuilt.push_str(own);
    }
    assert_eq!(sheet, 3);
    assert_eq!(format!("{head}{rebuilt}{tail}"), html);

    // A day of the usual length is not cut: the demo's schedules go by
    // whole sheets, and badges (ten a sheet) `PART_SHEETS` sheets at a time.
    let (small, small_event, _) = demo_with_signups();
    let html = small
        .print(small_event, Document::Schedules, &options(Lang::Fr))
        .unwrap()
        .html;
    assert!(
        Sheets::of(&html).parts().is_empty(),
        "a few short sheets: shown whole"
    );
    let html = db
        .print(event, Document::Badges, &options(Lang::Fr))
        .unwrap()
        .html;
    let badges = Sheets::of(&html);
    assert!(badges.len() > 40, "{} sheets", badges.len());
    let ranges: Vec<(usize, usize)> = badges.parts().iter().map(|p| (p.first, p.last)).collect();
    let n = deroule::print::PART_SHEETS;
    assert!(
        ranges.len() > 2 && ranges[0] == (1, n) && ranges[1] == (n + 1, 2 * n),
        "{ranges:?}"
    );
    assert!(badges.parts().iter().all(|p| p.at.is_none()));
    assert_eq!(ranges.last().unwrap().1, badges.len());
    assert!(ranges.windows(2).all(|w| w[1].0 == w[0].1 + 1));
    for n in 1..=ranges.len() {
        let (first, last) = ranges[n - 1];
        assert_eq!(badges.part(&html, n), badges.excerpt(&html, first, last));
    }
}

#[test]
fn schedules_choose_attendees_by_id_and_category() {
    let (db, event, ids) = demo_with_signups();
    let print = |attendee_ids: Vec<Id>, category: Option<&str>| {
        db.print(
            event,
            Document::Schedules,
            &PrintOptions {
                attendee_ids,
                category: category.map(str::to_owned),
                ..PrintOptions::default()
            },
        )
        .unwrap()
    };
    let all = print(vec![], None);
    let pages = sheets(&all.html);
    assert_eq!(pages.len(), PEOPLE.len());
    // By name, accents aside.
    let order: Vec<&str> = pages
        .iter()
        .map(|p| {
            let start = p.find("<h1 class=\"person-name\">").unwrap() + 24;
            &p[start..start + p[start..].find("</h1>").unwrap()]
        })
        .collect();
    assert_eq!(
        order,
        [
            "Anne-Sophie Lefèvre-Delacroix",
            "Élodie Garnier",
            "Karim Benali",
            "Océane Roux",
            "Thomas Nguyen",
            "Zoé Martin"
        ]
    );
    let librarians = print(vec![], Some(" bibliothécaire "));
    assert_eq!(sheets(&librarians.html).len(), 2);
    let one = print(vec![ids[1]], None);
    assert_eq!(sheets(&one.html).len(), 1);
    assert!(one.html.contains("Karim Benali"));
    assert_eq!(
        one.file_name,
        "la-metamorphose-reciproque-2022-12-09-programmes-personnels-karim-benali.html"
    );
    // Both filters: the attendee must be of the category.
    let none = print(vec![ids[1]], Some("Bibliothécaire"));
    assert!(sheets(&none.html)[0].contains("Aucun·e participant·e ne correspond"));
}

#[test]
fn a_schedule_holds_the_common_items_and_only_its_own_workshops() {
    let (db, event, ids) = demo_with_signups();
    let p = db.programme(event).unwrap();
    let title_of = |id: Id| {
        p.items
            .iter()
            .find(|i| i.id == Some(id))
            .unwrap()
            .title
            .clone()
    };
    let workshop_titles: Vec<&str> = p
        .items
        .iter()
        .filter(|i| i.block_id.is_some())
        .map(|i| i.title.as_str())
        .collect();
    let common: Vec<&Item> = p.items.iter().filter(|i| i.block_id.is_none()).collect();
    assert_eq!(common.len(), 6);
    // Élodie Garnier: Atelier 1 at 14h, Atelier 2 at 15h.
    let elodie = db
        .print(
            event,
            Document::Schedules,
            &PrintOptions {
                attendee_ids: vec![ids[0]],
                ..PrintOptions::default()
            },
        )
        .unwrap()
        .html;
    for item in &common {
        assert!(
            elodie.contains(&deroule::print::escape(item.title.trim()).into_owned()),
            "{}",
            item.title
        );
    }
    let mine = [
        title_of(item_at(&db, event, "Atelier 1 ", 14)),
        title_of(item_at(&db, event, "Atelier 2 ", 15)),
    ];
    for title in &workshop_titles {
        let expected = mine.iter().any(|m| m == title);
        assert_eq!(
            elodie.contains(&deroule::print::escape(title).into_owned()),
            expected,
            "{title}"
        );
    }
    assert_eq!(elodie.matches("class=\"mine-tag\"").count(), 2);
    // Zoé Martin is waitlisted and cancelled, never confirmed: common items
    // only.
    let zoe = db
        .print(
            event,
            Document::Schedules,
            &PrintOptions {
                attendee_ids: vec![ids[4]],
                ..PrintOptions::default()
            },
        )
        .unwrap()
        .html;
    assert!(!zoe.contains("Atelier 1 :"));
    assert!(!zoe.contains("class=\"mine-tag\""));
}

#[test]
fn signin_sheets_list_confirmed_attendees_by_name() {
    let (db, event, _) = demo_with_signups();
    let html = db
        .print(event, Document::Signin, &PrintOptions::default())
        .unwrap()
        .html;
    let pages = sheets(&html);
    // The whole day, then the eight workshop items (each has sign-ups).
    assert_eq!(pages.len(), 9);
    assert!(pages[0].contains("Toute la journée"));
    for (name, _, _) in PEOPLE {
        assert!(pages[0].contains(name), "{name}");
    }
    assert!(pages[0].contains("6 inscrit·es"));
    // Atelier 1 at 14h: Élodie Garnier (confirmed), not Zoé Martin
    // (waitlisted).
    let atelier1 = pages
        .iter()
        .find(|p| p.contains("Atelier 1 :") && p.contains("14h–15h"))
        .unwrap();
    assert!(atelier1.contains("Élodie Garnier"));
    assert!(!atelier1.contains("Zoé Martin"));
    // Walk-ins: the free seats (capacity 15, one taken), at most 15.
    let atelier1_item = item_at(&db, event, "Atelier 1 ", 14);
    let one = db
        .print(
            event,
            Document::Signin,
            &PrintOptions {
                item_id: Some(atelier1_item),
                ..PrintOptions::default()
            },
        )
        .unwrap();
    let pages = sheets(&one.html);
    assert_eq!(pages.len(), 1);
    let registered = pages[0].matches("<td class=\"sig\"></td></tr>").count();
    let blank = pages[0].matches("<tr class=\"blank\">").count();
    assert_eq!(registered - blank, 1);
    assert_eq!(blank, 14);
    assert!(one
        .file_name
        .ends_with("-emargement-atelier-1-retex-avec-la-valise-educonum.html"));
}

#[test]
fn badges_for_everyone_or_for_chosen_attendees() {
    let (db, event, ids) = demo_with_signups();
    let html = db
        .print(event, Document::Badges, &PrintOptions::default())
        .unwrap()
        .html;
    // Eleven speakers and six attendees, ten to a sheet.
    assert_eq!(badges(&html), 17);
    assert_eq!(sheets(&html).len(), 2);
    assert_eq!(html.matches("<div class=\"badge speaker\">").count(), 11);
    let chosen = db
        .print(
            event,
            Document::Badges,
            &PrintOptions {
                attendee_ids: vec![ids[2], ids[3]],
                ..PrintOptions::default()
            },
        )
        .unwrap()
        .html;
    assert_eq!(badges(&chosen), 2);
    assert!(chosen.contains("Élu·e") && chosen.contains("Fabmanager"));
}

#[test]
fn a_speaker_who_registered_gets_one_badge_and_a_namesake_their_own() {
    let (mut db, event) = bare_demo_db();
    let only_speakers = |db: &Db| {
        let html = db
            .print(event, Document::Badges, &PrintOptions::default())
            .unwrap()
            .html;
        (badges(&html), html)
    };
    // A speaker who only moderates is named so; one who moderates a round
    // table and speaks elsewhere, or only speaks, is a speaker. Two of the
    // demo's speakers moderate their one item, one of them speaks on
    // another too.
    for n in [1, 2] {
        db.conn()
            .execute(
                "UPDATE item_speakers SET role = 'moderator' WHERE id = (SELECT min(id) FROM \
                 item_speakers WHERE speaker_id = (SELECT speaker_id FROM item_speakers \
                 GROUP BY speaker_id HAVING count(*) = ?1 ORDER BY speaker_id LIMIT 1))",
                [n],
            )
            .unwrap();
    }
    let (speakers, html) = only_speakers(&db);
    assert_eq!(speakers, 11);
    let p = db.programme(event).unwrap();
    let links = |id| {
        p.items
            .iter()
            .flat_map(|i| &i.speakers)
            .filter(move |l| Some(l.speaker_id) == id)
    };
    let moderators = p
        .speakers
        .iter()
        .filter(|s| {
            links(s.id).count() > 0
                && links(s.id).all(|l| l.role == deroule::model::SpeakerRole::Moderator)
        })
        .count();
    assert_eq!(moderators, 1);
    assert_eq!(
        html.matches("<p class=\"badge-role\">Animation</p>")
            .count(),
        moderators
    );
    assert_eq!(
        html.matches("<p class=\"badge-role\">Intervenant·e</p>")
            .count(),
        speakers - moderators
    );
    // Speakers who registered too, as they wrote it: their organisation
    // left blank, another form of it, or none on the speaker's side.
    add_attendee(&mut db, event, "magali moret", "", "Élu·e");
    add_attendee(
        &mut db,
        event,
        "Christophe Doré",
        "Association Fréquence École",
        "Formateur",
    );
    add_attendee(&mut db, event, "Gabrielle Halpern", "Université Lyon 2", "");
    // A namesake from elsewhere.
    add_attendee(
        &mut db,
        event,
        "Isabelle Radke",
        "Médiathèque de Bron",
        "Bibliothécaire",
    );
    let (all, html) = only_speakers(&db);
    assert_eq!(all, 12, "the namesake's badge is added, no other");
    assert_eq!(html.matches("<div class=\"badge speaker\">").count(), 11);
    assert_eq!(html.matches("Isabelle Radke").count(), 2);
    assert!(html.contains("Médiathèque de Bron") && html.contains("Bibliothécaire"));
    assert_eq!(html.matches("Christophe Doré").count(), 1);
    assert!(!html.contains("Formateur") && !html.contains("Université Lyon 2"));
    // Everyone by name, the speakers merged in among the attendees, and a
    // speaker's badge before their namesake's.
    let names: Vec<(bool, &str)> = html
        .split("<div class=\"badge")
        .skip(1)
        .filter(|b| !b.starts_with("s\"")) // the sheet's <div class="badges">
        .map(|b| {
            let name = b.split("badge-name").nth(1).unwrap();
            let name = &name[name.find('>').unwrap() + 1..name.find("</p>").unwrap()];
            (b.starts_with(" speaker"), name)
        })
        .collect();
    assert_eq!(names.len(), 12);
    assert!(
        names.is_sorted_by_key(|(_, n)| deroule::words::fold::sort_key(n)),
        "{names:?}"
    );
    let radke: Vec<bool> = names
        .iter()
        .filter(|(_, n)| *n == "Isabelle Radke")
        .map(|(speaker, _)| *speaker)
        .collect();
    assert_eq!(radke, [true, false]);
}

#[test]
fn empty_documents_say_so() {
    let mut db = Db::open_in_memory().unwrap();
    let file = ProgrammeFile::parse(
        r#"{"event": {"title": "Journée vide", "date": "2025-07-01", "dayStart": "09:30",
            "dayEnd": "17:00", "timeZone": "Europe/Paris", "language": "fr"}}"#,
    )
    .unwrap();
    let event = db.import_programme(&file).unwrap();
    let expect = [
        (Document::Programme, "ne compte encore aucun élément"),
        (Document::Schedules, "Aucun·e participant·e"),
        (Document::Speakers, "Aucun·e intervenant·e"),
        (Document::Rooms, "Aucune salle"),
        (Document::Badges, "Aucun badge"),
        (Document::Signin, "Aucune inscription"),
    ];
    for (document, sentence) in expect {
        let html = db
            .print(event, document, &PrintOptions::default())
            .unwrap()
            .html;
        assert!(html.contains(sentence), "{document:?}");
    }
}

/// Text that would run as script, end the style element, or break out of
/// an attribute, if it were not escaped.
const HOSTILE: &str = "<script>alert(1)</script> & \"q\" 'a' </style><b>";
pub(crate) const HOSTILE_ESCAPED: &str =
    "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39; &lt;/style&gt;&lt;b&gt;";

/// A programme with hostile text in every field a user writes, with an
/// attendee signed up for its workshop.
pub(crate) fn hostile_db() -> (Db, Id) {
    let h = |label: &str| format!("{label} {HOSTILE}");
    let json = serde_json::json!({
        "event": {
            "title": h("Titre"), "series": h("Série"), "date": "2025-07-01",
            "dayStart": "09:30", "dayEnd": "17:00", "timeZone": "Europe/Paris", "language": "fr",
            "description": h("Description"), "audience": h("Public"),
            "practical": {
                "admission": "paid", "price": h("Tarif"), "registration": "required",
                "registrationUrl": h("https://example.org/?a=1&b=2"),
                "registrationDeadline": "2025-06-25",
                "notes": h("Notes"), "website": h("Site")
            },
            "organisers": [h("Organisateur")], "partners": [h("Partenaire")]
        },
        "venue": {
            "name": h("Lieu"), "street": h("Rue"), "postcode": h("42"), "city": h("Ville"),
            "country": h("Pays"), "accessNotes": h("Accès")
        },
        "rooms": [{"name": h("Salle"), "capacity": 10}],
        "speakers": [
            {"name": h("Oratrice"), "title": h("Fonction"), "organisation": h("Structure")},
            {"name": h("Modératrice"), "title": h("Fonction"), "organisation": h("Structure")}
        ],
        "items": [
            {"start": "09:30", "end": "10:00", "kind": "welcome", "title": h("Accueil")},
            {"start": "10:00", "end": "11:00", "kind": "round_table", "room": h("Salle"),
             "title": h("Table ronde"), "description": h("Résumé"), "partLabel": h("Partie"),
             "remote": true,
             "speakers": [
                {"name": h("Oratrice"), "role": "speaker", "topic": h("Question")},
                {"name": h("Modératrice"), "role": "moderator", "topic": ""}
             ]},
            {"start": "14:00", "end": "15:00", "kind": "workshop", "room": h("Salle"),
             "title": h("Atelier"), "capacity": 5}
        ]
    });
    let file = ProgrammeFile::parse(&json.to_string()).unwrap();
    let mut db = Db::open_in_memory().unwrap();
    let event = db.import_programme(&file).unwrap();
    let workshop = db
        .programme(event)
        .unwrap()
        .items
        .iter()
        .find(|i| i.title.starts_with("Atelier"))
        .unwrap()
        .id
        .unwrap();
    let conn = db.conn();
    conn.execute(
        "INSERT INTO choice_blocks (event_id, name, max_choices) VALUES (?1, 'Bloc', 1)",
        [event],
    )
    .unwrap();
    let block = conn.last_insert_rowid();
    conn.execute("INSERT INTO workshops (block_id) VALUES (?1)", [block])
        .unwrap();
    let w = conn.last_insert_rowid();
    conn.execute(
        "UPDATE items SET workshop_id = ?1 WHERE id = ?2",
        [w, workshop],
    )
    .unwrap();
    let attendee = add_attendee(
        &mut db,
        event,
        &h("Participante"),
        &h("Organisation"),
        &h("Catégorie"),
    );
    sign_up(&db, workshop, attendee, "confirmed");
    (db, event)
}

#[test]
fn hostile_text_comes_out_escaped_everywhere() {
    let (db, event) = hostile_db();
    // Each field's label, and where it must show.
    let fields: [(&str, &[Document]); 24] = [
        ("Titre", &Document::ALL),
        ("Série", &[Document::Programme]),
        ("Description", &[Document::Programme]),
        ("Public", &[Document::Programme]),
        ("Tarif", &[Document::Programme, Document::Schedules]),
        ("https://example.org/?a=1&amp;b=2", &[Document::Programme]),
        ("Notes", &[Document::Programme, Document::Schedules]),
        ("Site", &[Document::Programme]),
        ("Organisateur", &[Document::Programme]),
        ("Partenaire", &[Document::Programme]),
        (
            "Lieu",
            &[
                Document::Programme,
                Document::Schedules,
                Document::Speakers,
                Document::Signin,
            ],
        ),
        (
            "Rue",
            &[Document::Programme, Document::Schedules, Document::Speakers],
        ),
        ("Ville", &[Document::Programme, Document::Speakers]),
        ("Pays", &[Document::Programme]),
        ("Accès", &[Document::Programme, Document::Speakers]),
        (
            "Salle",
            &[Document::Programme, Document::Signin, Document::Rooms],
        ),
        (
            "Oratrice",
            &[
                Document::Programme,
                Document::Speakers,
                Document::Rooms,
                Document::Badges,
            ],
        ),
        (
            "Modératrice",
            &[Document::Programme, Document::Speakers, Document::Badges],
        ),
        ("Fonction", &[Document::Programme, Document::Speakers]),
        (
            "Structure",
            &[Document::Programme, Document::Speakers, Document::Badges],
        ),
        ("Question", &[Document::Programme, Document::Speakers]),
        ("Résumé", &[Document::Programme, Document::Speakers]),
        ("Partie", &[Document::Programme]),
        (
            "Participante",
            &[Document::Schedules, Document::Signin, Document::Badges],
        ),
    ];
    let more: [(&str, &[Document]); 4] = [
        (
            "Organisation",
            &[Document::Schedules, Document::Signin, Document::Badges],
        ),
        ("Catégorie", &[Document::Schedules, Document::Badges]),
        ("Accueil", &[Document::Programme, Document::Schedules]),
        (
            "Atelier",
            &[
                Document::Programme,
                Document::Schedules,
                Document::Signin,
                Document::Rooms,
            ],
        ),
    ];
    for lang in [Lang::Fr, Lang::En] {
        for document in Document::ALL {
            for large in [false, true] {
                if large && !document.has_large_print() {
                    continue;
                }
                let opts = PrintOptions {
                    lang: Some(lang),
                    large,
                    ..PrintOptions::default()
                };
                let html = db.print(event, document, &opts).unwrap().html;
                let lower = html.to_lowercase();
                assert!(!lower.contains("<script"), "{document:?}");
                assert!(!html.contains("alert(1)</"), "{document:?}");
                assert!(!html.contains("<b>"), "{document:?}");
                // Our own style elements only: two opened, two closed.
                assert_eq!(lower.matches("<style").count(), 2, "{document:?}");
                assert_eq!(lower.matches("</style").count(), 2, "{document:?}");
                // No quote of the user's reaches the markup unescaped: every
                // `"` belongs to an attribute of ours.
                assert!(!html.contains("\"q\""), "{document:?}");
                assert!(!html.contains("'a'"), "{document:?}");
                for (label, documents) in fields.iter().chain(more.iter()) {
                    if documents.contains(&document) {
                        let escaped = format!("{label} {HOSTILE_ESCAPED}");
                        assert!(
                            html.contains(&escaped),
                            "{document:?} ({lang:?}): {label} missing or not escaped"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn five_hundred_schedules_render_fast() {
    let (mut db, event) = bare_demo_db();
    make_choice_block(&db, event);
    let workshops: Vec<Id> = ["Atelier 1 ", "Atelier 2 ", "Atelier 3 ", "Atelier 4 "]
        .iter()
        .flat_map(|w| [item_at(&db, event, w, 14), item_at(&db, event, w, 15)])
        .collect();
    let mut ids = Vec::new();
    for n in 0..500 {
        let id = add_attendee(
            &mut db,
            event,
            &format!("Participante {n:03}"),
            "Médiathèque départementale",
            "Bibliothécaire",
        );
        sign_up(&db, workshops[(n * 2) % 8], id, "confirmed");
        sign_up(&db, workshops[(n * 2 + 3) % 8], id, "confirmed");
        ids.push(id);
    }
    let t = Instant::now();
    let html = db
        .print(event, Document::Schedules, &PrintOptions::default())
        .unwrap()
        .html;
    let elapsed = t.elapsed();
    assert_eq!(sheets(&html).len(), 500);
    assert_eq!(html.matches("class=\"mine-tag\"").count(), 1000);
    // Milliseconds in a release build; a wide margin for debug builds on a
    // busy machine. Quadratic work would blow through it.
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    // Those who hold the same workshops share a day list written once;
    // each page is still the one its attendee gets printed alone.
    let page = |sheet: &str| sheet.split("</section>").next().unwrap().to_owned();
    let all: Vec<String> = sheets(&html).into_iter().map(page).collect();
    for (n, id) in ids.iter().enumerate().take(6) {
        let alone = PrintOptions {
            attendee_ids: vec![*id],
            ..PrintOptions::default()
        };
        let one = db.print(event, Document::Schedules, &alone).unwrap().html;
        let one: Vec<String> = sheets(&one).into_iter().map(page).collect();
        assert_eq!(one, [all[n].clone()], "Participante {n:03}");
    }
    assert_ne!(all[0], all[1]);
}

// ---- Rendering with headless Chromium --------------------------------------

/// A program the rendering tests need, found on PATH; a clear failure when
/// it is missing.
fn tool(names: &[&str], package: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in names {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "{} not found: the print rendering tests need it. Install the Debian package \
         `{package}` (scripts/setup.sh test does), e.g. `sudo apt-get install -y {package}`",
        names.join(" or ")
    );
}

fn chromium() -> PathBuf {
    match std::env::var_os("DEROULE_CHROMIUM") {
        Some(p) => PathBuf::from(p),
        None => tool(&["chromium", "chromium-browser"], "chromium"),
    }
}

/// Runs a command to its end, or kills it after `limit`.
fn run(mut cmd: Command, limit: Duration) -> std::process::Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "{cmd:?} took more than {limit:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A printed document as a PDF, printed by headless Chromium as the app's
/// webview prints it (A4 from the document's @page, no header or footer).
pub(crate) struct Pdf {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Pdf {
    pub(crate) fn of(html: &str) -> Pdf {
        // One Chromium at a time: two cores, and each is heavy.
        static LOCK: Mutex<()> = Mutex::new(());
        let _guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("document.html");
        std::fs::write(&page, html).unwrap();
        let path = dir.path().join("document.pdf");
        let mut cmd = Command::new(chromium());
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.path().join("profile").display()
        ))
        .arg(format!("--print-to-pdf={}", path.display()))
        .arg(format!("file://{}", page.display()));
        let out = run(cmd, Duration::from_secs(120));
        assert!(
            path.is_file(),
            "Chromium made no PDF ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        Pdf { _dir: dir, path }
    }

    fn poppler(&self, program: &str, args: &[&str]) -> String {
        let mut cmd = Command::new(tool(&[program], "poppler-utils"));
        cmd.args(args).arg(&self.path);
        if program == "pdftotext" {
            cmd.arg("-");
        }
        let out = run(cmd, Duration::from_secs(60));
        assert!(out.status.success(), "{program} failed");
        String::from_utf8(out.stdout).unwrap()
    }

    pub(crate) fn info(&self, key: &str) -> String {
        self.poppler("pdfinfo", &[])
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}:")))
            .unwrap_or_else(|| panic!("pdfinfo says no {key}"))
            .trim()
            .to_owned()
    }

    pub(crate) fn pages(&self) -> usize {
        self.info("Pages").parse().unwrap()
    }

    /// The text of one page (from 1), lines joined by spaces so that
    /// wrapped phrases can be found.
    pub(crate) fn page_text(&self, page: usize) -> String {
        let n = page.to_string();
        self.poppler("pdftotext", &["-f", &n, "-l", &n])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub(crate) fn text(&self) -> String {
        self.poppler("pdftotext", &[])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Text without any white space: letter-spaced capitals ("TABLE RONDE")
/// come out of pdftotext as spaced letters.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The badges of a document.
fn badges(html: &str) -> usize {
    html.matches("<div class=\"badge\">").count()
        + html.matches("<div class=\"badge speaker\">").count()
}

const A4_PORTRAIT: &str = "594.96 x 841.92 pts (A4)";
const A4_LANDSCAPE: &str = "841.92 x 594.96 pts (A4)";

#[test]
fn the_programme_prints_on_a4_without_cutting_an_item() {
    let (db, event, _) = demo_with_signups();
    let file = db
        .print(event, Document::Programme, &PrintOptions::default())
        .unwrap();
    let pdf = Pdf::of(&file.html);
    assert_eq!(pdf.info("Page size"), A4_PORTRAIT);
    let pages = pdf.pages();
    assert!((2..=4).contains(&pages), "{pages} pages");
    let text = pdf.text();
    for expected in [
        "Vendredi 9 décembre 2022, de 9h à 17h",
        "7 avenue Maurice Thorez, 69120 Vaulx-en-Velin",
        "9h30",
        "14h",
        "12h30",
        "Auditorium",
        "Salle de l'heure du conte",
        "Dorie Bruyas",
        "Mathilde Servet",
        "avec intervention en retransmission",
        "Informations pratiques",
        "Numérique en Commun(s)",
    ] {
        assert!(text.contains(expected), "no {expected:?} in the PDF");
    }
    assert!(squeeze(&text).contains("4ATELIERSAUCHOIX—LESMÊMESQU'À14H"));
    // An item starts and ends on the same page: its title's first words and
    // its last speaker's name are together.
    let p = db.programme(event).unwrap();
    let names: HashMap<Id, &str> = p
        .speakers
        .iter()
        .map(|s| (s.id.unwrap(), s.name.as_str()))
        .collect();
    let texts: Vec<String> = (1..=pages).map(|n| pdf.page_text(n)).collect();
    let mut checked = 0;
    for item in p
        .items
        .iter()
        .filter(|i| i.starts_at.format("%H").to_string() != "15")
    {
        let Some(last) = item.speakers.last() else {
            continue;
        };
        let head: String = item
            .title
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        let page = texts
            .iter()
            .find(|t| t.contains(&head))
            .unwrap_or_else(|| panic!("no {head:?} in the PDF"));
        assert!(
            page.contains(names[&last.speaker_id]),
            "{:?} is cut across pages",
            item.title
        );
        checked += 1;
    }
    assert!(checked >= 6);
    // The embedded fonts are the ones used.
    let fonts = pdf.poppler("pdffonts", &[]);
    assert!(fonts.contains("DerouleSans-Regular"), "{fonts}");
    assert!(fonts.contains("DerouleSerif-Bold"), "{fonts}");
    assert!(!fonts.contains("DejaVu"), "{fonts}");
    // Large print takes more pages.
    let large = db
        .print(
            event,
            Document::Programme,
            &PrintOptions {
                large: true,
                ..PrintOptions::default()
            },
        )
        .unwrap();
    assert!(Pdf::of(&large.html).pages() > pages);
}

#[test]
fn one_page_per_attendee() {
    let (db, event, _) = demo_with_signups();
    let file = db
        .print(event, Document::Schedules, &PrintOptions::default())
        .unwrap();
    let pdf = Pdf::of(&file.html);
    assert_eq!(pdf.pages(), PEOPLE.len());
    let mut names: Vec<&str> = PEOPLE.iter().map(|p| p.0).collect();
    names.sort_by_key(|n| n.replace('É', "E"));
    for (page, name) in names.iter().enumerate() {
        let text = pdf.page_text(page + 1);
        assert!(text.contains(name), "page {}: {text}", page + 1);
        for other in names.iter().filter(|n| *n != name) {
            assert!(!text.contains(other), "{other} on {name}'s page");
        }
        for expected in ["9h30", "12h30", "Auditorium", "Informations", "Gratuit"] {
            let expected = if expected == "Informations" {
                "7 avenue Maurice Thorez"
            } else {
                expected
            };
            assert!(text.contains(expected), "{name}: no {expected}");
        }
        if *name == "Zoé Martin" {
            assert!(!squeeze(&text).contains("VOUSÊTESINSCRIT·E"));
        } else {
            assert_eq!(
                squeeze(&text).matches("VOUSÊTESINSCRIT·E").count(),
                2,
                "{name}"
            );
            assert!(text.contains("14h") && text.contains("15h"));
        }
    }
    // Élodie Garnier: Atelier 1 in the Espace numérique at 14h, Atelier 2 in
    // the Salle d'animation at 15h.
    let elodie = pdf.page_text(2);
    assert!(elodie.contains("Espace numérique") && elodie.contains("Salle d'animation"));
}

#[test]
fn a_long_signin_sheet_repeats_its_headers_on_every_page() {
    let (mut db, event) = bare_demo_db();
    let item = item_at(&db, event, "Atelier 2 ", 14);
    let first = ["Camille", "Dominique", "Alix", "Sacha", "Maxime", "Noémie"];
    let last = [
        "Arnaud",
        "Bertin",
        "Chevalier",
        "Durand",
        "Étienne",
        "Fabre",
        "Girard",
        "Hubert",
        "Imbert",
        "Joly",
    ];
    let mut people = Vec::new();
    for (i, f) in first.iter().enumerate() {
        for (j, l) in last.iter().enumerate() {
            let name = format!("{f} {l}");
            let id = add_attendee(
                &mut db,
                event,
                &name,
                &format!("Médiathèque n°{}", i * 10 + j),
                "",
            );
            sign_up(&db, item, id, "confirmed");
            people.push(name);
        }
    }
    assert_eq!(people.len(), 60);
    let file = db
        .print(
            event,
            Document::Signin,
            &PrintOptions {
                item_id: Some(item),
                ..PrintOptions::default()
            },
        )
        .unwrap();
    // Cut into pages here (WebKit repeats no table header): each sheet
    // has the header and at most 20 rows, the walk-ins' heading over rows.
    let cut = sheets(&file.html);
    assert_eq!(cut.len(), 4, "60 names, a heading and 3 blank rows");
    for sheet in &cut {
        assert!(sheet.contains("<p class=\"signin-count\">60 inscrit·es</p>"));
        let rows = sheet.matches("<tr><td").count() + sheet.matches("<tr class=").count() - 1;
        assert!(rows <= 20, "{rows} rows");
        assert!(!sheet.contains("<th colspan=\"4\">Personnes non inscrites</th></tr>\n</tbody>"));
    }
    let pdf = Pdf::of(&file.html);
    let pages = pdf.pages();
    assert_eq!(pages, cut.len(), "{pages} pages");
    for page in 1..=pages {
        let text = pdf.page_text(page);
        assert!(
            ["N°", "NOM", "STRUCTURE", "SIGNATURE"]
                .iter()
                .all(|h| squeeze(&text).contains(h)),
            "page {page} lacks the table header: {text}"
        );
        assert!(
            text.contains("Atelier 2 : Le festival Numok"),
            "page {page} does not name its item"
        );
    }
    let page1 = pdf.page_text(1);
    assert!(page1.contains("Atelier 2 : Le festival Numok"));
    assert!(page1.contains("Vendredi 9 décembre 2022 · 14h–15h · Salle d'animation"));
    assert!(page1.contains("60 inscrit·es"));
    // By name: "Alix Arnaud" first, "Sacha Joly" last, every name once.
    assert!(page1.contains("1 Alix Arnaud"));
    let text = pdf.text();
    assert!(text.contains("60 Sacha Joly"));
    for name in &people {
        assert_eq!(text.matches(name.as_str()).count(), 1, "{name}");
    }
}

#[test]
fn speaker_sheets_room_signs_and_badges_on_paper() {
    let (db, event, _) = demo_with_signups();
    let p = db.programme(event).unwrap();

    let speakers = Pdf::of(
        &db.print(event, Document::Speakers, &options(Lang::En))
            .unwrap()
            .html,
    );
    assert_eq!(speakers.pages(), p.speakers.len(), "one sheet per speaker");
    let dorie = (1..=speakers.pages())
        .map(|n| speakers.page_text(n))
        .find(|t| squeeze(t).contains("SPEAKERSHEETDorieBruyas"))
        .expect("Dorie Bruyas has a sheet");
    for expected in [
        "10:00–11:00",
        "Auditorium",
        "Your role Speaker",
        "Your question",
        "Magali Moret",
        "Jérôme Triaud",
    ] {
        assert!(dorie.contains(expected), "no {expected:?}: {dorie}");
    }

    let rooms = Pdf::of(
        &db.print(event, Document::Rooms, &PrintOptions::default())
            .unwrap()
            .html,
    );
    assert_eq!(rooms.info("Page size"), A4_LANDSCAPE);
    assert_eq!(rooms.pages(), p.rooms.len(), "one sign per room in use");
    let auditorium = rooms.page_text(1);
    for expected in [
        "Auditorium",
        "9h30–10h",
        "10h–11h",
        "11h–12h30",
        "Dorie Bruyas",
    ] {
        assert!(
            auditorium.contains(expected),
            "no {expected:?}: {auditorium}"
        );
    }

    let badges = Pdf::of(
        &db.print(event, Document::Badges, &PrintOptions::default())
            .unwrap()
            .html,
    );
    assert_eq!(badges.info("Page size"), A4_PORTRAIT);
    assert_eq!(badges.pages(), 2, "17 badges, ten to a sheet");
    let text = squeeze(&badges.text());
    for expected in [
        "Élodie Garnier",
        "Médiathèque de Bron",
        "BIBLIOTHÉCAIRE",
        "Azadine Melizi",
        "INTERVENANT·E",
    ] {
        assert!(text.contains(&squeeze(expected)), "no {expected:?}");
    }
}

#[test]
fn a_busy_room_still_gets_one_sign() {
    let (mut db, event) = bare_demo_db();
    let p = db.programme(event).unwrap();
    let fablab = p.rooms.iter().find(|r| r.name == "Fablab").unwrap().id;
    let template = p
        .items
        .iter()
        .find(|i| i.room_id == fablab)
        .unwrap()
        .clone();
    // Ten more items in the Fablab, with long titles, from 9h to 13h40.
    for n in 0..10 {
        let start =
            chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap() + chrono::Duration::minutes(25 * n);
        db.save_item(&Item {
            id: None,
            uid: String::new(),
            starts_at: p.event.date.and_time(start),
            ends_at: p.event.date.and_time(start + chrono::Duration::minutes(20)),
            title: format!(
                "Démonstration n°{n} : découpe laser, impression 3D et broderie numérique pour les médiathèques"
            ),
            ..template.clone()
        })
        .unwrap();
    }
    let file = db
        .print(event, Document::Rooms, &PrintOptions::default())
        .unwrap();
    let pdf = Pdf::of(&file.html);
    assert_eq!(pdf.pages(), p.rooms.len());
    let fablab_page = (1..=pdf.pages())
        .map(|n| pdf.page_text(n))
        .find(|t| t.starts_with("La métamorphose réciproque Vendredi 9 décembre 2022 Fablab"))
        .expect("a Fablab sign");
    assert!(fablab_page.contains("Démonstration n°0") && fablab_page.contains("Démonstration n°9"));
}

/// The written file is what the app previews: the command line prints the
/// same HTML as the library.
#[test]
fn the_command_line_writes_the_same_html() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("prog.db");
    let out = dir.path().join("out.html");
    let exe = Path::new(env!("CARGO_BIN_EXE_deroule"));
    let status = Command::new(exe)
        .args(["demo", "--db"])
        .arg(&db_path)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let status = Command::new(exe)
        .args([
            "print",
            "programme",
            "--event",
            "1",
            "--lang",
            "en",
            "--large",
            "--db",
        ])
        .arg(&db_path)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read_to_string(&out).unwrap();
    let db = Db::open(&db_path).unwrap();
    let expected = db
        .print(
            1,
            Document::Programme,
            &PrintOptions {
                lang: Some(Lang::En),
                large: true,
                ..PrintOptions::default()
            },
        )
        .unwrap();
    assert_eq!(written, expected.html);
    // A refused option fails with a message and a non-zero status.
    let output = Command::new(exe)
        .args([
            "print", "rooms", "--event", "1", "--large", "--out", "-", "--db",
        ])
        .arg(&db_path)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("large print"));
}

// ---- The QR code of the published calendar ---------------------------------

/// The event as published to a calendar server at `url` (what
/// `Db::publish` records).
fn published_at(db: &Db, event: Id, url: &str) {
    db.conn()
        .execute(
            "INSERT INTO publications (event_id, url, user, subscribe_url, selection, published_at) \
             VALUES (?1, 'https://cloud.example.org/remote.php/dav/calendars/orga/journee/', 'orga', ?2, \
             '{\"kind\":\"all\"}', '2022-11-20T08:00:00Z')",
            rusqlite::params![event, url],
        )
        .unwrap();
}

/// The QR codes zbarimg reads on one page (from 1) of a PDF, drawn at 150 dpi.
fn qr_codes(pdf: &Pdf, page: usize) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let n = page.to_string();
    let prefix = dir.path().join("page");
    let mut cmd = Command::new(tool(&["pdftoppm"], "poppler-utils"));
    cmd.args(["-r", "150", "-png", "-singlefile", "-f", &n, "-l", &n])
        .arg(&pdf.path)
        .arg(&prefix);
    assert!(run(cmd, Duration::from_secs(60)).status.success());
    let mut cmd = Command::new(tool(&["zbarimg"], "zbar-tools"));
    cmd.args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(prefix.with_extension("png"));
    let out = run(cmd, Duration::from_secs(60));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn once_published_the_programme_and_schedules_carry_the_calendars_qr_code() {
    let (db, id, attendees) = demo_with_signups();
    let programme = db
        .print(id, Document::Programme, &options(Lang::Fr))
        .unwrap();
    assert!(
        !programme.html.contains("class=\"qr\""),
        "not published yet"
    );

    let url = "https://cloud.example.org/remote.php/dav/public-calendars/Xk3p9QeRtY?export&a=1";
    published_at(&db, id, url);
    let programme = db
        .print(id, Document::Programme, &options(Lang::Fr))
        .unwrap();
    assert!(programme.html.contains("<svg class=\"qr\""));
    assert!(
        programme.html.contains("export&amp;a=1</p>"),
        "the address is escaped"
    );
    let pdf = Pdf::of(&programme.html);
    assert_eq!(qr_codes(&pdf, 1), [url]);
    assert!(pdf.page_text(1).contains("Le programme dans votre agenda"));

    let mut one = options(Lang::En);
    one.attendee_ids = vec![attendees[0]];
    let schedule = db.print(id, Document::Schedules, &one).unwrap();
    let pdf = Pdf::of(&schedule.html);
    assert_eq!(pdf.pages(), 1);
    assert_eq!(qr_codes(&pdf, 1), [url]);
    assert!(pdf.page_text(1).contains("The programme in your calendar"));
}

/// The erratum lists the changes since the last version sent out on one
/// page, as the desk reads it (a title changed to hostile text stays text).
#[test]
fn the_erratum_is_one_page_of_the_changes_since_the_last_version() {
    let (mut db, event, _) = demo_with_signups();
    db.mark_version(event, "Programme imprimé").unwrap();
    let items = db.programme(event).unwrap().items;
    let mut moved = items
        .iter()
        .find(|i| i.title.starts_with("Atelier 1") && i.starts_at.format("%H").to_string() == "14")
        .unwrap()
        .clone();
    moved.starts_at += chrono::Duration::minutes(30);
    moved.ends_at += chrono::Duration::minutes(30);
    db.save_item(&moved).unwrap();
    let mut retitled = items
        .iter()
        .find(|i| i.title.starts_with("Table ronde"))
        .unwrap()
        .clone();
    retitled.title = "<script>alert(1)</script> & co".into();
    db.save_item(&retitled).unwrap();
    let cancelled = items
        .iter()
        .find(|i| i.title.starts_with("Atelier 4"))
        .unwrap();
    db.delete_item(cancelled.id.unwrap()).unwrap();

    let fr = db
        .print(event, Document::Erratum, &options(Lang::Fr))
        .unwrap();
    assert_eq!(
        fr.file_name,
        "la-metamorphose-reciproque-2022-12-09-erratum.html"
    );
    assert!(!fr.html.contains("<script>"));
    assert!(fr
        .html
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert!(fr.html.contains("<article class=\"change cancelled\">"));
    let pdf = Pdf::of(&fr.html);
    assert_eq!(pdf.pages(), 1);
    let text = pdf.page_text(1);
    for needle in [
        "Modifications du programme",
        "Depuis la version « Programme imprimé »",
        "Déplacé de 14h à 14h30",
        "Annulé (était prévu 14h–15h)",
        "<script>alert(1)</script> & co",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
    let en = db
        .print(event, Document::Erratum, &options(Lang::En))
        .unwrap();
    let text = Pdf::of(&en.html).page_text(1);
    assert!(text.contains("Changes to the programme"), "{text}");
    assert!(text.contains("Moved from 14:00 to 14:30"), "{text}");
}

/// Personal schedules over `MAX_SCHEDULE_LINES` in one document are refused,
/// saying why (the window offers batches instead, and computes them with the
/// same number: `ui/src/lib/printBatches.ts`); a batch under it prints.
#[test]
fn too_many_schedules_at_once_are_refused_and_a_batch_prints() {
    use deroule::print::MAX_SCHEDULE_LINES;
    let mut db = Db::open_in_memory().unwrap();
    let event = db
        .load_large_demo(deroule::demo::LargeDemo {
            sessions: 200,
            attendees: 300,
        })
        .unwrap();
    let p = db.programme(event).unwrap();
    let common = p.items.iter().filter(|i| i.block_id.is_none()).count();
    let attendees = db.attendees(event).unwrap();
    assert!(common * attendees.len() > MAX_SCHEDULE_LINES);
    let e = db
        .print(event, Document::Schedules, &PrintOptions::default())
        .unwrap_err();
    assert_eq!(e.reason.as_deref(), Some("too_many_pages"));
    assert_eq!(e.field.as_deref(), Some("attendees"));
    assert!(e
        .message
        .starts_with(&format!("{} personal schedules hold ", attendees.len())));
    // Badges are one per person: everyone at once.
    db.print(event, Document::Badges, &PrintOptions::default())
        .unwrap();

    let fit = MAX_SCHEDULE_LINES / (common + 4);
    let batch: Vec<Id> = attendees.iter().take(fit).map(|a| a.id.unwrap()).collect();
    let printed = db
        .print(
            event,
            Document::Schedules,
            &PrintOptions {
                attendee_ids: batch,
                ..PrintOptions::default()
            },
        )
        .unwrap();
    assert_eq!(sheets(&printed.html).len(), fit);

    let ui = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/printBatches.ts"),
    )
    .unwrap();
    let spelled = format!("{MAX_SCHEDULE_LINES}");
    let ui_limit: String = ui
        .lines()
        .find_map(|l| l.strip_prefix("export const MAX_SCHEDULE_LINES = "))
        .expect("the window's limit")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    assert_eq!(
        ui_limit, spelled,
        "the window batches under the core's limit"
    );
}

/// The documents the app loads out of sight after an event opens: each of
/// them, then its large print where it has one, of a day with attendees,
/// so that every kind of line a document prints is in it.
#[test]
fn the_practice_prints_are_every_document_and_large_print() {
    let files: Vec<_> = (0..)
        .map_while(|n| deroule::demo::practice_print(n).unwrap())
        .collect();
    let mut expected = Vec::new();
    for document in Document::ALL {
        expected.push((document.page(), false));
        if document.has_large_print() {
            expected.push((document.page(), true));
        }
    }
    let got: Vec<_> = files
        .iter()
        .map(|f| (f.page, f.html.contains(" large\">\n<head>")))
        .collect();
    assert_eq!(got, expected);
    let names: Vec<_> = files.iter().map(|f| f.file_name.as_str()).collect();
    assert!(names[0].ends_with("-programme.html"), "{names:?}");
    assert!(
        names[1].ends_with("-programme-gros-caracteres.html"),
        "{names:?}"
    );
    // The demo's attendees are printed: badges, schedules and sign-in
    // sheets have their lines.
    let pos = |d: Document| {
        Document::ALL
            .iter()
            .take_while(|x| **x != d)
            .map(|x| 1 + usize::from(x.has_large_print()))
            .sum::<usize>()
    };
    for document in [Document::Schedules, Document::Signin, Document::Badges] {
        let html = &files[pos(document)].html;
        assert!(html.contains("Amandine Rocher"), "{document:?}");
    }
}

/// What documents are made from is read once while the database is
/// unchanged (`Db::kept`), and read again after any write: one through
/// the app's changes, its undo, a bare statement, or another connection to
/// the file. A stale read here would print yesterday's names.
#[test]
fn documents_made_again_after_any_change_show_it() {
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kept.db");
    let mut db = Db::open(&path).unwrap();
    let event = db.load_demo().unwrap();
    let (name, organisation, category) = PEOPLE[0];
    let someone = add_attendee(&mut db, event, name, organisation, category);
    let data = |db: &Db, document| {
        db.print_data(event, document, &PrintOptions::default())
            .unwrap()
    };
    let badges = |db: &Db| {
        db.print(event, Document::Badges, &PrintOptions::default())
            .unwrap()
            .html
    };

    // Unchanged: the second document is made from what the first read.
    let (first, second) = (data(&db, Document::Signin), data(&db, Document::Badges));
    assert!(Arc::ptr_eq(&first.programme, &second.programme));
    assert!(Arc::ptr_eq(&first.attendees, &second.attendees));
    assert!(first.attendees.iter().any(|a| a.name == name));
    assert!(badges(&db).contains(name));

    // The app's own change, then its undo.
    let mut renamed = db.attendee(someone).unwrap();
    renamed.name = "Renommée Une".into();
    db.save_attendee(&renamed).unwrap();
    let after = data(&db, Document::Badges);
    assert!(!Arc::ptr_eq(&first.attendees, &after.attendees));
    assert!(badges(&db).contains("Renommée Une") && !badges(&db).contains(name));
    db.undo().unwrap();
    assert!(badges(&db).contains(name) && !badges(&db).contains("Renommée Une"));

    // A bare statement on this connection, to the programme.
    let programme = data(&db, Document::Programme).programme;
    db.conn()
        .execute(
            "UPDATE events SET title = 'Journée renommée' WHERE id = ?1",
            [event],
        )
        .unwrap();
    let again = data(&db, Document::Programme).programme;
    assert!(!Arc::ptr_eq(&programme, &again));
    assert_eq!(again.event.title, "Journée renommée");

    // Another connection to the file (the command line beside the app),
    // after everyone was read again.
    assert!(badges(&db).contains(name));
    let mut other = Db::open(&path).unwrap();
    let mut renamed = other.attendee(someone).unwrap();
    renamed.name = "Renommée Deux".into();
    other.save_attendee(&renamed).unwrap();
    drop(other);
    assert!(badges(&db).contains("Renommée Deux") && !badges(&db).contains(name));

    // Another event is read for itself.
    let copy = db.duplicate_event(event, " (copie)").unwrap().id.unwrap();
    assert_eq!(
        data(&db, Document::Programme).programme.event.id,
        Some(event)
    );
    assert_eq!(
        db.print_data(copy, Document::Programme, &PrintOptions::default())
            .unwrap()
            .programme
            .event
            .id,
        Some(copy)
    );
}

/// Badges and sign-in sheets of many, made from attendees kept sorted
/// (`Db::kept`): every attendee once, in order, twenty to a sign-in page.
#[test]
fn long_documents_written_in_halves_keep_everyone_in_order() {
    let mut db = Db::open_in_memory().unwrap();
    let event = db
        .load_large_demo(deroule::demo::LargeDemo {
            sessions: 0,
            attendees: 1_500,
        })
        .unwrap();
    let everyone = db.attendees(event).unwrap().len();
    let print = |document| {
        db.print(event, document, &PrintOptions::default())
            .unwrap()
            .html
    };
    let names = |html: &str, class: &str| -> Vec<String> {
        html.split(class)
            .skip(1)
            .map(|b| b[b.find('>').unwrap() + 1..b.find("</").unwrap()].to_owned())
            .collect()
    };
    let ordered = |names: &[String]| {
        names.is_sorted_by_key(|n| deroule::words::fold::sort_key(&deroule::print::escape(n)))
    };

    let badges = print(Document::Badges);
    let on_badges = names(&badges, "<p class=\"badge-name");
    assert!(on_badges.len() >= everyone, "{} badges", on_badges.len());
    assert_eq!(sheets(&badges).len(), on_badges.len().div_ceil(10));
    assert!(ordered(&on_badges));
    assert!(badges.ends_with("</div>\n</section>\n</body>\n</html>\n"));

    let signin = print(Document::Signin);
    let day = &signin[..signin.find("<tbody class=\"walk-ins\">").unwrap()];
    let rows: Vec<usize> = names(day, "<td class=\"n\"")
        .iter()
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(rows, (1..=everyone).collect::<Vec<_>>());
    let on_sheet = names(day, "<td class=\"who\"");
    assert_eq!(on_sheet.len(), everyone);
    assert!(ordered(&on_sheet));
    assert_eq!(
        day.matches("<section class=\"sheet\">").count(),
        everyone / 20 + 1,
        "twenty to a page, up to the page the walk-ins start on"
    );
}
