//! The page comes with what its first screen shows. The app's assets are
//! served through [`StartPage`], which writes the events list, the
//! history, the speakers, the database's path and the language
//! ([`Start`]) into `index.html` as a JSON data block each time the page
//! is served. The UI reads it before it mounts (`ui/src/lib/start.ts`), so
//! the list is drawn while the page loads, before the window shows (it
//! shows once the page has loaded, `webview::on_page_load`), rather than
//! after four round trips to the backend that start when the page's
//! script runs.
//!
//! The block is `<script type="application/json">`: the browser never
//! runs it, so the page's CSP (no inline script) does not apply, and every
//! `<` in it is written `\u003c`, so no text of the user's can close it.
//! When the start cannot be read (a database from a newer Déroulé, say),
//! the page comes without it and the UI asks `start`, which answers with
//! the error the UI shows.

use crate::commands::{read_start, Start};
use crate::AppState;
use std::borrow::Cow;
use std::sync::OnceLock;
use tauri::utils::assets::{AssetKey, AssetsIter, CspHash};
use tauri::{App, AppHandle, Assets, Manager, Runtime};

/// The id of the data block, as `ui/src/lib/start.ts` looks for it.
pub const START_ID: &str = "deroule-start";

/// The app's own assets, `index.html` with its start written in.
pub struct StartPage<R: Runtime> {
    assets: Box<dyn Assets<R>>,
    app: OnceLock<AppHandle<R>>,
}

impl<R: Runtime> StartPage<R> {
    pub fn new(assets: Box<dyn Assets<R>>) -> Self {
        Self {
            assets,
            app: OnceLock::new(),
        }
    }

    fn start(&self) -> Option<Start> {
        let app = self.app.get()?;
        read_start(app, &*app.try_state::<AppState>()?).ok()
    }
}

impl<R: Runtime> Assets<R> for StartPage<R> {
    fn setup(&self, app: &App<R>) {
        self.assets.setup(app);
        let _ = self.app.set(app.handle().clone());
    }

    fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        let page = self.assets.get(key)?;
        // An `AssetKey` always starts at the root.
        if key.as_ref() != "/index.html" {
            return Some(page);
        }
        match self.start() {
            Some(start) => Some(Cow::Owned(with_start(&page, &start))),
            None => Some(page),
        }
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        self.assets.iter()
    }

    fn csp_hashes(&self, html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        self.assets.csp_hashes(html_path)
    }
}

/// Stands in for the app's assets while they are moved into [`StartPage`]
/// (`Context::set_assets` hands the old ones back only for new ones).
pub struct NoAssets;

impl<R: Runtime> Assets<R> for NoAssets {
    fn get(&self, _key: &AssetKey) -> Option<Cow<'_, [u8]>> {
        None
    }

    fn iter(&self) -> Box<AssetsIter<'_>> {
        Box::new(std::iter::empty())
    }

    fn csp_hashes(&self, _html_path: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
        Box::new(std::iter::empty())
    }
}

/// `page` with `start` written in as a JSON data block just before
/// `</head>` (or at the end, for a page without one).
pub fn with_start(page: &[u8], start: &Start) -> Vec<u8> {
    // Serializing these plain types cannot fail.
    let json = serde_json::to_string(start).unwrap_or_else(|_| "null".into());
    let block = format!(
        r#"<script id="{START_ID}" type="application/json">{}</script>"#,
        json.replace('<', "\\u003c")
    );
    let at = memchr::memmem::find(page, b"</head>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + block.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(block.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use deroule::model::{EventStatus, EventSummary, HistoryState};
    use deroule::words::Lang;

    fn start(title: &str) -> Start {
        Start {
            language: Some(Lang::En),
            database_path: "/tmp/a.db".into(),
            events: vec![EventSummary {
                id: 1,
                title: title.into(),
                series: String::new(),
                date: "2025-07-01".parse().unwrap(),
                status: EventStatus::Draft,
                item_count: 0,
                venue_name: String::new(),
            }],
            history: HistoryState::default(),
            speakers: vec![],
        }
    }

    #[test]
    fn the_start_goes_before_the_head_closes_and_no_title_can_end_its_block() {
        let page = b"<html><head><title>D</title></head><body></body></html>";
        let title = "</script><script>alert(1)</script><!-- é";
        let out = String::from_utf8(with_start(page, &start(title))).unwrap();
        let open = format!(r#"<script id="{START_ID}" type="application/json">"#);
        let (before, rest) = out.split_once(&open).unwrap();
        assert_eq!(before, "<html><head><title>D</title>");
        let (json, after) = rest.split_once("</script>").unwrap();
        assert_eq!(after, "</head><body></body></html>");
        // Nothing of the title's markup is left in the block...
        assert!(!json.contains('<'), "{json}");
        // ...and the JSON still says it exactly.
        let read: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(read["events"][0]["title"], title);
        assert_eq!(read["language"], "en");
        assert_eq!(read["databasePath"], "/tmp/a.db");
    }

    /// The built UI, as far as these tests need it.
    struct Built;

    impl<R: Runtime> Assets<R> for Built {
        fn get(&self, key: &AssetKey) -> Option<Cow<'_, [u8]>> {
            match key.as_ref() {
                "/index.html" => Some(Cow::Borrowed(b"<html><head></head><body></body></html>")),
                "/assets/index.js" => Some(Cow::Borrowed(b"mount()")),
                _ => None,
            }
        }

        fn iter(&self) -> Box<AssetsIter<'_>> {
            Box::new(std::iter::empty())
        }

        fn csp_hashes(&self, _: &AssetKey) -> Box<dyn Iterator<Item = CspHash<'_>> + '_> {
            Box::new(std::iter::empty())
        }
    }

    fn start_in(page: &[u8]) -> Option<serde_json::Value> {
        let page = std::str::from_utf8(page).unwrap();
        let (_, rest) = page.split_once(&format!(
            r#"<script id="{START_ID}" type="application/json">"#
        ))?;
        Some(serde_json::from_str(rest.split_once("</script>").unwrap().0).unwrap())
    }

    #[test]
    fn the_page_is_served_with_what_start_answers_and_the_rest_as_built() {
        let (app, window) = crate::tests::window();
        crate::tests::invoke(&window, "load_demo", serde_json::json!({})).unwrap();
        let page = StartPage::new(Box::new(Built));
        Assets::<tauri::test::MockRuntime>::setup(&page, &app);
        let html = Assets::<tauri::test::MockRuntime>::get(&page, &"index.html".into()).unwrap();
        let start = start_in(&html).expect("the page comes with its start");
        assert_eq!(start["events"][0]["title"], "La métamorphose réciproque");
        assert_eq!(start["history"]["undo"], "demo.load");
        assert_eq!(start["databasePath"], ":memory:");
        // The same as the command the UI asks when the page came without it.
        assert_eq!(
            crate::tests::invoke(&window, "start", serde_json::json!({})).unwrap(),
            start
        );
        // Read as it is served: a change shows the next time.
        crate::tests::invoke(&window, "load_demo", serde_json::json!({})).unwrap();
        let html = Assets::<tauri::test::MockRuntime>::get(&page, &"index.html".into()).unwrap();
        assert_eq!(
            start_in(&html).unwrap()["events"].as_array().unwrap().len(),
            2
        );
        // Anything else, as built.
        let script =
            Assets::<tauri::test::MockRuntime>::get(&page, &"assets/index.js".into()).unwrap();
        assert_eq!(&*script, b"mount()");
        assert!(Assets::<tauri::test::MockRuntime>::get(&page, &"missing.js".into()).is_none());
    }

    #[test]
    fn a_database_that_cannot_be_used_sends_the_page_without_a_start() {
        let refused = deroule::Error::new(deroule::ErrorCode::NewerDatabase, "newer");
        let (app, window) =
            crate::tests::window_with(crate::AppState::new(Err(refused), "/tmp/newer.db".into()));
        let page = StartPage::new(Box::new(Built));
        Assets::<tauri::test::MockRuntime>::setup(&page, &app);
        let html = Assets::<tauri::test::MockRuntime>::get(&page, &"index.html".into()).unwrap();
        assert_eq!(&*html, b"<html><head></head><body></body></html>");
        // The UI asks, and shows the error.
        let err = crate::tests::invoke(&window, "start", serde_json::json!({})).unwrap_err();
        assert_eq!(err["code"], "newer_database");
    }

    #[test]
    fn a_page_without_a_head_gets_the_start_at_its_end() {
        let out = String::from_utf8(with_start(b"<p>x</p>", &start("A"))).unwrap();
        assert!(
            out.starts_with("<p>x</p><script id=\"deroule-start\""),
            "{out}"
        );
        assert!(out.ends_with("</script>"));
    }
}
