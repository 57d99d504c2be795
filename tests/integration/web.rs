//! The programme as a web page for the organisation's website: one
//! self-contained HTML file that runs nothing and loads nothing, whose
//! outline a screen reader can follow, that prints on A4; read back with
//! Python's own HTML parser and printed by headless Chromium.

use crate::print::{hostile_db, Pdf, HOSTILE_ESCAPED};
use crate::{demo_db, python};
use deroule::model::EventStatus;
use deroule::print::escape;
use deroule::words::Lang;
use serde::Deserialize;
use std::path::Path;
use std::process::{Command, Stdio};

/// What Python's `html.parser` reads of a page: its language, its outline
/// (heading levels and texts, in order), its ids, the links' targets, the
/// elements that would load or run something, and the text of elements
/// that have no accessible name.
const OUTLINE: &str = r#"
import sys, json
from html.parser import HTMLParser
class Outline(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None; self.headings = []; self.ids = []; self.hrefs = []
        self.active = []; self.unnamed = []; self.open = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'html': self.lang = a.get('lang')
        if 'id' in a: self.ids.append(a['id'])
        if 'href' in a: self.hrefs.append(a['href'])
        if tag in ('script', 'iframe', 'img', 'link', 'object', 'embed', 'form') or 'src' in a \
           or any(k.startswith('on') for k in a):
            self.active.append(tag)
        if tag == 'svg' and not (a.get('role') == 'img' and a.get('aria-label')):
            self.unnamed.append('svg')
        if tag in ('h1', 'h2', 'h3', 'h4', 'h5', 'h6'):
            self.open = [int(tag[1]), '']
    def handle_endtag(self, tag):
        if self.open and tag == 'h%d' % self.open[0]:
            self.headings.append([self.open[0], ' '.join(self.open[1].split())]); self.open = None
    def handle_data(self, data):
        if self.open: self.open[1] += data
p = Outline(); p.feed(open(sys.argv[1], encoding='utf-8').read())
print(json.dumps({'lang': p.lang, 'headings': p.headings, 'ids': p.ids, 'hrefs': p.hrefs,
                  'active': p.active, 'unnamed': p.unnamed}))
"#;

#[derive(Debug, Deserialize)]
struct Outline {
    lang: Option<String>,
    headings: Vec<(u8, String)>,
    ids: Vec<String>,
    hrefs: Vec<String>,
    active: Vec<String>,
    unnamed: Vec<String>,
}

fn outline(html: &str) -> Outline {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(&page, html).unwrap();
    let out = crate::support::python::run_script(&python(&[]), OUTLINE, &[&page]);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_web_page_holds_the_programme_and_runs_nothing() {
    let (db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let page = db.web_page(id, None).unwrap();
    assert_eq!(
        page.file_name,
        "la-metamorphose-reciproque-2022-12-09-page-web.html"
    );
    let html = &page.html;
    let o = outline(html);
    assert_eq!(o.lang.as_deref(), Some("fr"));
    assert!(o.active.is_empty(), "loads or runs: {:?}", o.active);
    assert!(o.unnamed.is_empty());
    // Nothing loaded from anywhere: the fonts are data: URLs.
    assert!(!html.contains("url(http") && !html.contains("@import"));

    // The outline: the event, the programme and its parts, the practical
    // information; no level skipped.
    let levels: Vec<u8> = o.headings.iter().map(|h| h.0).collect();
    assert_eq!(levels.iter().filter(|l| **l == 1).count(), 1);
    assert!(levels.windows(2).all(|w| w[1] <= w[0] + 1), "{levels:?}");
    assert_eq!(o.headings[0], (1, p.event.title.trim().to_owned()));
    assert_eq!(o.headings[1], (2, "Programme".to_owned()));
    assert_eq!(
        o.headings.last().unwrap(),
        &(2, "Informations pratiques".to_owned())
    );
    let mut parts: Vec<&str> = p
        .items
        .iter()
        .map(|i| i.part_label.trim())
        .filter(|l| !l.is_empty())
        .collect();
    parts.dedup();
    assert!(!parts.is_empty());
    let level = |n: u8| -> Vec<&str> {
        o.headings
            .iter()
            .filter(|h| h.0 == n)
            .map(|h| h.1.as_str())
            .collect()
    };
    // Parts are headings; the items under a part are one level below it.
    let h3 = level(3);
    let part_headings: Vec<&str> = h3.iter().copied().filter(|t| parts.contains(t)).collect();
    assert_eq!(part_headings, parts);
    for title in level(4) {
        assert!(
            p.items
                .iter()
                .any(|i| i.title.trim() == title && !i.part_label.trim().is_empty()),
            "{title} is under a part heading but in no part"
        );
    }
    assert!(!level(4).is_empty());

    // The skip link leads to the programme; ids are unique.
    assert_eq!(o.hrefs, ["#programme"]);
    assert!(o.ids.contains(&"programme".to_owned()));
    let mut ids = o.ids.clone();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), o.ids.len());

    // Every item, its room and its speakers, with times the French way.
    for item in &p.items {
        assert!(html.contains(&*escape(item.title.trim())), "{}", item.title);
        for l in &item.speakers {
            let s = p
                .speakers
                .iter()
                .find(|s| s.id == Some(l.speaker_id))
                .unwrap();
            assert!(html.contains(&*escape(s.name.trim())), "{}", s.name);
        }
    }
    for room in p
        .rooms
        .iter()
        .filter(|r| p.items.iter().any(|i| i.room_id == r.id))
    {
        assert!(html.contains(&*escape(&room.name)), "{}", room.name);
    }
    assert!(html.contains("Vendredi 9 décembre 2022"));
    assert!(html.contains("<span class=\"start\">9h30</span>"));
}

#[test]
fn the_web_page_speaks_english_when_asked() {
    let (db, id) = demo_db();
    let page = db.web_page(id, Some(Lang::En)).unwrap();
    assert_eq!(
        page.file_name,
        "la-metamorphose-reciproque-2022-12-09-web-page.html"
    );
    let o = outline(&page.html);
    assert_eq!(o.lang.as_deref(), Some("en"));
    assert_eq!(
        o.headings.last().unwrap(),
        &(2, "Practical information".to_owned())
    );
    assert!(page.html.contains("Friday 9 December 2022"));
    assert!(page.html.contains("Skip to the programme"));
}

#[test]
fn hostile_text_on_the_web_page_is_only_text() {
    let (db, id) = hostile_db();
    let html = db.web_page(id, None).unwrap().html;
    let o = outline(&html);
    assert!(o.active.is_empty(), "{:?}", o.active);
    assert_eq!(o.hrefs, ["#programme"]);
    assert!(!html.contains("<script>alert"));
    for label in [
        "Titre",
        "Table ronde",
        "Oratrice",
        "Partie",
        "Salle",
        "Lieu",
    ] {
        assert!(
            html.contains(&format!("{label} {HOSTILE_ESCAPED}")),
            "{label}"
        );
    }
}

/// Once the programme is on a calendar server, the page says where to
/// subscribe, with a QR code that has a name.
#[test]
fn the_published_calendar_is_on_the_web_page() {
    let (mut db, id) = demo_db();
    let mut event = db.event(id).unwrap();
    event.status = EventStatus::Published;
    db.update_event(&event).unwrap();
    db.conn()
        .execute(
            "INSERT INTO publications (event_id, url, user, subscribe_url, selection, published_at) \
             VALUES (?1, 'https://cloud.example.org/cal/', '', 'webcal://cloud.example.org/feed', \
             '{\"kind\":\"all\"}', '2022-11-20T08:00:00Z')",
            [id],
        )
        .unwrap();
    let html = db.web_page(id, None).unwrap().html;
    let o = outline(&html);
    assert!(o.unnamed.is_empty());
    assert!(html.contains("<svg"));
    assert!(html.contains("webcal://cloud.example.org/feed"));
    assert!(html.contains("Le programme dans votre agenda"));
}

/// Printed from a browser, the page is the programme on A4.
#[test]
fn the_web_page_prints_on_a4() {
    let (db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let pdf = Pdf::of(&db.web_page(id, None).unwrap().html);
    let size = pdf.info("Page size");
    assert!(size.ends_with("(A4)"), "{size}");
    let text = pdf.text().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Informations pratiques"));
    assert!(!text.contains("Aller au programme"), "the skip link prints");
    for item in &p.items {
        let words: Vec<&str> = item.title.split_whitespace().take(3).collect();
        assert!(text.contains(&words.join(" ")), "{}", item.title);
    }
}

/// `deroule export html` writes the same page as the library.
#[test]
fn the_command_line_writes_the_web_page() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("prog.db");
    let out = dir.path().join("page.html");
    let exe = Path::new(env!("CARGO_BIN_EXE_deroule"));
    let run = |args: &[&str]| {
        Command::new(exe)
            .args(args)
            .arg("--db")
            .arg(&db_path)
            .stdout(Stdio::null())
            .output()
            .unwrap()
    };
    assert!(run(&["demo"]).status.success());
    let written = run(&[
        "export",
        "html",
        "--event",
        "1",
        "--lang",
        "en",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(written.status.success());
    let db = deroule::Db::open(&db_path).unwrap();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        db.web_page(1, Some(Lang::En)).unwrap().html
    );
    // A web page holds the whole programme: no room of its own.
    let refused = run(&[
        "export", "html", "--event", "1", "--room", "Fablab", "--out", "-",
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr)
        .contains("the web page and the event file hold the whole programme"));
}
