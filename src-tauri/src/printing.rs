//! Printed documents in the app: the preview, the system print dialog and
//! PDFs, all from the one HTML page the core renders.
//!
//! `open_print` renders a document and keeps its HTML here under a token.
//! The `deroule-print:` URI scheme serves that page, with a
//! Content-Security-Policy of its own, to the preview's iframe in the main
//! window and to a hidden webview that prints it: what is previewed is
//! byte for byte what is printed. The app's own CSP stays strict (no inline
//! style); the document's inline `<style>` lives in another origin.
//!
//! A long document is previewed in parts, because WebKit holds the window
//! while it parses a whole page (everyone's sign-in sheets: 550 ms): a few
//! whole sheets, a piece of a sheet that holds a long day, or a part of a
//! document that flows as one (the programme of a large event), the last
//! two cut between slots ([`deroule::print::Sheets`]). `/TOKEN?part=N`
//! serves its head, part N and its tail; `/TOKEN?sheets=A-B` sheets A to
//! B. The hidden webview prints the whole `/TOKEN`.
//!
//! On Linux the hidden webview prints through WebKitGTK's print operation:
//! with the system dialog, or silently to a PDF through GTK's "Print to
//! File" printer, with the paper and margins of the document's `@page`
//! (which the core gives with the document, `PageGeometry`).
//! On macOS and Windows a PDF goes through the system print dialog.

use deroule::print::{Document, PageGeometry, Sheets};
use deroule::{Error, ErrorCode};
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::{mpsc, Arc};
use std::time::Duration;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{AppHandle, Manager, Runtime, WebviewUrl, WebviewWindow, WebviewWindowBuilder};
use ts_rs::TS;

/// The URI scheme that serves printed documents.
pub const SCHEME: &str = "deroule-print";

/// The policy the documents are served with: inline styles and `data:`
/// fonts, nothing else (no script, no request, no form, no frame).
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; \
                       base-uri 'none'; form-action 'none'; frame-src 'none'";

/// How many rendered documents are kept (the preview shown, the one being
/// printed, and a few just replaced); older tokens answer 404.
const KEPT: usize = 4;

/// How long a document may take to load in the hidden webview.
const LOAD_TIMEOUT: Duration = Duration::from_secs(60);

/// How long printing may take (500 pages take seconds, not minutes).
const PRINT_TIMEOUT: Duration = Duration::from_secs(600);

/// A rendered document, ready to be served and printed.
pub struct Printed {
    /// The name to offer for its PDF.
    pub pdf_name: String,
    pub html: String,
    pub page: PageGeometry,
    /// Where its sheets are, to preview a few at a time.
    pub sheets: Sheets,
}

impl Printed {
    /// `file`, for web views that find the print fonts installed when
    /// `fonts_installed` ([`fonts_installed`]): they take the fonts from the
    /// system, so each part of a preview loads a head of a few kilobytes
    /// rather than 240 KB of the fonts' base64.
    pub fn new(file: deroule::print::PrintFile, fonts_installed: bool) -> Printed {
        let stem = file
            .file_name
            .strip_suffix(".html")
            .unwrap_or(&file.file_name);
        let html = match fonts_installed {
            true => deroule::print::with_installed_fonts(file.html),
            false => file.html,
        };
        Printed {
            pdf_name: format!("{stem}.pdf"),
            page: file.page,
            sheets: Sheets::of(&html),
            html,
        }
    }
}

/// Whether the app's web processes find the print fonts installed (Linux:
/// `print_fonts`).
pub fn fonts_installed() -> bool {
    #[cfg(target_os = "linux")]
    return crate::print_fonts::installed();
    #[cfg(not(target_os = "linux"))]
    false
}

/// The documents rendered lately, by token, and the demo's document being
/// loaded out of sight ([`Shelf::practise`]).
#[derive(Default)]
pub struct Shelf {
    last: u64,
    kept: VecDeque<(u64, Arc<Printed>)>,
    practice: Option<(usize, Arc<Printed>)>,
}

impl Shelf {
    /// Keeps `printed` and returns its token.
    pub fn put(&mut self, printed: Printed) -> u64 {
        self.last += 1;
        self.kept.push_back((self.last, Arc::new(printed)));
        while self.kept.len() > KEPT {
            self.kept.pop_front();
        }
        self.last
    }

    pub fn get(&self, token: u64) -> Option<Arc<Printed>> {
        self.kept
            .iter()
            .find(|(t, _)| *t == token)
            .map(|(_, p)| Arc::clone(p))
    }

    /// Keeps the demo's `n`th document (`deroule::demo::practice_print`)
    /// in place of the one kept before, and returns its URL: its first part
    /// when it is previewed in parts. Apart from the tokens, so that it never
    /// pushes a document the organiser opened off the shelf.
    pub fn practise(&mut self, n: usize, printed: Printed) -> String {
        let url = format!("{}/{PRACTICE}{n}", url_base());
        let url = match printed.sheets.parts().len() > 1 {
            true => format!("{url}?part=1"),
            false => url,
        };
        self.practice = Some((n, Arc::new(printed)));
        url
    }

    /// The document at `path` (`TOKEN`, or `practice-N`), if kept.
    fn at(&self, path: &str) -> Option<Arc<Printed>> {
        match path.strip_prefix(PRACTICE) {
            Some(n) => {
                let n = n.parse::<usize>().ok()?;
                let (kept, printed) = self.practice.as_ref()?;
                (*kept == n).then(|| Arc::clone(printed))
            }
            None => self.get(path.parse().ok()?),
        }
    }

    /// The document of `token`, or an error the UI can show.
    pub fn find(&self, token: u64) -> Result<Arc<Printed>, Error> {
        self.get(token).ok_or_else(|| {
            Error::new(
                ErrorCode::NotFound,
                format!("printed document {token} is no longer kept: open it again"),
            )
        })
    }
}

/// A printed document opened for preview: the app serves its HTML at `url`
/// (scheme `deroule-print:`) until a few newer ones replace it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintView {
    pub token: u64,
    pub url: String,
    pub document: Document,
    /// The name a PDF is offered under.
    pub pdf_name: String,
    /// How many sheets it has, each a page or more of paper; 0 when it flows
    /// as one (the programme). `url?sheets=A-B` serves sheets A to B only.
    pub sheets: u32,
    /// The parts a long document is previewed in, in order; empty when it
    /// is shown whole. `url?part=N` serves part N (from 1).
    pub parts: Vec<PreviewPart>,
}

/// A part of a long document's preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviewPart {
    /// The first and last sheet it holds (from 1); of a document that
    /// flows as one, its number.
    pub first: u32,
    pub last: u32,
    /// When it starts at a cut between slots: when its first slot starts
    /// ("10:06"). A document that flows as one is cut there only.
    pub from: Option<String>,
}

impl PreviewPart {
    /// The parts of `sheets`' preview.
    pub fn of(sheets: &Sheets) -> Vec<PreviewPart> {
        let number = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        sheets
            .parts()
            .iter()
            .map(|part| PreviewPart {
                first: number(part.first),
                last: number(part.last),
                from: part.at.clone(),
            })
            .collect()
    }
}

/// What "Enregistrer en PDF" did: wrote the file, was cancelled, or
/// (macOS, Windows) opened the system print dialog, which saves PDFs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PdfOutcome {
    /// The PDF was written there.
    Saved { path: String },
    /// The user cancelled the save dialog.
    Cancelled,
    /// This system has no silent PDF: its print dialog was opened instead
    /// (it offers "Save as PDF").
    #[cfg_attr(target_os = "linux", allow(dead_code))]
    PrintDialog,
}

/// The URL of a document in webviews.
pub fn url(token: u64) -> String {
    format!("{}/{token}", url_base())
}

/// Where the scheme's documents are. WebKitGTK and WKWebView load custom
/// schemes as `scheme://localhost/`, WebView2 as `http://scheme.localhost/`.
fn url_base() -> String {
    if cfg!(any(windows, target_os = "android")) {
        format!("http://{SCHEME}.localhost")
    } else {
        format!("{SCHEME}://localhost")
    }
}

/// The path of the demo's documents, before their number.
const PRACTICE: &str = "practice-";

/// Answers a request of the `deroule-print:` scheme: `/TOKEN` is the
/// document kept under that token (`/practice-N` the demo's Nth), served
/// with its own CSP;
/// `/TOKEN?sheets=A-B` the same with only its sheets A to B (from 1);
/// `/TOKEN?part=N` part N of its preview (from 1).
pub fn respond(shelf: &Shelf, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    let plain = |status: StatusCode, text: &str| {
        Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .header(header::CONTENT_SECURITY_POLICY, CSP)
            .body(text.as_bytes().to_vec())
            .expect("a valid response")
    };
    if request.method() != tauri::http::Method::GET {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "GET only");
    }
    let Some(printed) = shelf.at(request.uri().path().trim_matches('/')) else {
        return plain(StatusCode::NOT_FOUND, "no such document");
    };
    let html = match request.uri().query() {
        None => printed.html.clone(),
        Some(query) => {
            let excerpt = match query.split_once('=') {
                Some(("sheets", range)) => range
                    .split_once('-')
                    .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
                    .and_then(|(a, b)| printed.sheets.excerpt(&printed.html, a, b)),
                Some(("part", n)) => n
                    .parse()
                    .ok()
                    .and_then(|n| printed.sheets.part(&printed.html, n)),
                _ => None,
            };
            match excerpt {
                Some(html) => html,
                None => return plain(StatusCode::NOT_FOUND, "no such sheets"),
            }
        }
    };
    Response::builder()
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CONTENT_SECURITY_POLICY, CSP)
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .header(header::REFERRER_POLICY, "no-referrer")
        .body(html.into_bytes())
        .expect("a valid response")
}

/// Once at start-up, before printing.
pub fn setup() {
    #[cfg(target_os = "linux")]
    platform::slight_hinting();
}

/// A hidden window that loads the document of `token`, once loaded. Its
/// label is not in any capability, so it can call no command.
fn hidden_webview<R: Runtime>(app: &AppHandle<R>, token: u64) -> Result<WebviewWindow<R>, Error> {
    let (loaded, on_load) = mpsc::channel();
    let address = url(token)
        .parse()
        .map_err(|e| io_error(format!("bad document URL: {e}")))?;
    let label = format!("print-{token}-{}", unique());
    let mut builder = WebviewWindowBuilder::new(app, &label, WebviewUrl::CustomProtocol(address))
        .title("Déroulé")
        .visible(false)
        .focused(false)
        .skip_taskbar(true)
        .on_page_load(move |_, payload| {
            if payload.event() == tauri::webview::PageLoadEvent::Finished {
                let _ = loaded.send(());
            }
        });
    if let Some(main) = app.get_webview_window("main") {
        builder = builder
            .parent(&main)
            .map_err(|e| io_error(format!("cannot attach the print window: {e}")))?;
    }
    let window = builder
        .build()
        .map_err(|e| io_error(format!("cannot open a window to print: {e}")))?;
    if on_load.recv_timeout(LOAD_TIMEOUT).is_err() {
        let _ = window.destroy();
        return Err(io_error(format!(
            "the document did not load within {} s",
            LOAD_TIMEOUT.as_secs()
        )));
    }
    Ok(window)
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn io_error(message: String) -> Error {
    Error::new(ErrorCode::Io, message)
}

/// Opens the system print dialog for the document of `token`, and prints
/// it if the user says so. Returns once printing is done or cancelled.
pub fn print_dialog<R: Runtime>(
    app: &AppHandle<R>,
    token: u64,
    printed: &Printed,
) -> Result<(), Error> {
    // The dialog stays open as long as the user likes: off the workers.
    crate::guard::blocking(|| print_with_dialog(app, token, printed))
}

fn print_with_dialog<R: Runtime>(
    app: &AppHandle<R>,
    token: u64,
    printed: &Printed,
) -> Result<(), Error> {
    let window = hidden_webview(app, token)?;
    // "Print to File" offers the document's name in the user's documents.
    let folder = app.path().document_dir().or_else(|_| app.path().home_dir());
    let file = folder.ok().map(|d| d.join(&printed.pdf_name));
    let result = platform::print_dialog(&window, printed.page, file);
    if platform::CLOSE_AFTER_PRINT || result.is_err() {
        let _ = window.destroy();
    }
    result
}

/// Checks that the PDF printed at `part` (to become `path`) is whole: it
/// ends with the `%%EOF` of a PDF's trailer. A print that ran out of disk
/// may leave a truncated file and still report success.
#[cfg(target_os = "linux")]
pub fn check_whole_pdf(part: &std::path::Path, path: &std::path::Path) -> Result<(), Error> {
    use std::io::{Read, Seek, SeekFrom};
    let tail = (|| {
        let mut file = std::fs::File::open(part)?;
        let len = file.metadata()?.len();
        file.seek(SeekFrom::Start(len.saturating_sub(64)))?;
        let mut tail = Vec::new();
        file.read_to_end(&mut tail)?;
        Ok::<_, std::io::Error>(tail)
    })()
    .map_err(|e| deroule::files::cannot("read", part, e))?;
    let text = String::from_utf8_lossy(&tail);
    if text.trim_end().ends_with("%%EOF") {
        return Ok(());
    }
    Err(io_error(format!(
        "the PDF printed for {} came out incomplete",
        path.display()
    )))
}

/// A failed print to `part` (to become `path`) named by its cause when the
/// disk is the cause: a probe written beside it fails the same way (full,
/// read-only), and that error, which the UI says in words, replaces GTK's.
#[cfg(target_os = "linux")]
pub fn disk_cause(part: &std::path::Path, path: &std::path::Path, error: Error) -> Error {
    let probe = part.with_extension("probe");
    let probed = std::fs::write(&probe, vec![0u8; 256 * 1024]);
    let _ = std::fs::remove_file(&probe);
    match probed {
        Err(e) => match deroule::files::cannot("write", path, e) {
            named if named.reason.is_some() => named,
            _ => error,
        },
        Ok(()) => error,
    }
}

/// Writes the document of `token` as a PDF at `path`, silently, through
/// WebKitGTK's print engine. (Other systems print with their dialog.)
#[cfg(target_os = "linux")]
pub fn save_pdf<R: Runtime>(
    app: &AppHandle<R>,
    token: u64,
    printed: &Printed,
    path: &std::path::Path,
) -> Result<(), Error> {
    // Waits for the page to load and GTK to print: off the workers.
    crate::guard::blocking(|| {
        let window = hidden_webview(app, token)?;
        let result = platform::save_pdf(&window, printed.page, path);
        let _ = window.destroy();
        result
    })
}

#[cfg(target_os = "linux")]
mod platform {
    //! WebKitGTK's print operation, driven on the main thread through
    //! `with_webview`; the command's thread waits for its signals.

    use super::{io_error, PageGeometry, PRINT_TIMEOUT};
    use deroule::print::{Orientation, Paper};
    use deroule::Error;
    use gtk::prelude::*;
    use std::cell::RefCell;
    use std::path::{Path, PathBuf};
    use std::rc::Rc;
    use std::sync::mpsc;
    use tauri::{Runtime, WebviewWindow};
    use webkit2gtk::{PrintOperation, PrintOperationExt, PrintOperationResponse, WebView};

    /// The print operation has finished when `print_dialog` returns.
    pub const CLOSE_AFTER_PRINT: bool = true;

    /// WebKitGTK lays printed text out with the screen's hinted advances,
    /// then draws the glyphs unhinted: with medium or full hinting (GTK's
    /// default without a desktop's settings, as under Xvfb) narrow glyphs
    /// widen and printed words gap ("inspirant e"). Slight hinting, the
    /// desktops' usual default, hints only vertically and keeps advances.
    pub fn slight_hinting() {
        let Some(settings) = gtk::Settings::default() else {
            return;
        };
        let style = settings.gtk_xft_hintstyle();
        if matches!(style.as_deref(), Some("hintmedium" | "hintfull")) {
            settings.set_gtk_xft_hintstyle(Some("hintslight"));
        }
    }

    fn page_setup(page: PageGeometry) -> gtk::PageSetup {
        let setup = gtk::PageSetup::new();
        let paper = match page.paper {
            Paper::A4 => "iso_a4",
        };
        setup.set_paper_size(&gtk::PaperSize::new(Some(paper)));
        setup.set_orientation(match page.orientation {
            Orientation::Portrait => gtk::PageOrientation::Portrait,
            Orientation::Landscape => gtk::PageOrientation::Landscape,
        });
        let margins = page.margins_mm;
        setup.set_top_margin(margins.top, gtk::Unit::Mm);
        setup.set_right_margin(margins.right, gtk::Unit::Mm);
        setup.set_bottom_margin(margins.bottom, gtk::Unit::Mm);
        setup.set_left_margin(margins.left, gtk::Unit::Mm);
        setup
    }

    /// Runs `op` on the webview's print operation and waits for it to
    /// finish: `Ok` when it printed, the failure's message otherwise.
    fn run<R: Runtime>(
        window: &WebviewWindow<R>,
        start: impl FnOnce(&PrintOperation, &WebView) -> bool + Send + 'static,
    ) -> Result<(), Error> {
        let (done, finished) = mpsc::channel::<Result<(), String>>();
        window
            .with_webview(move |webview| {
                let view = webview.inner();
                let op = PrintOperation::new(&view);
                let failure = Rc::new(RefCell::new(None::<String>));
                let failed = Rc::clone(&failure);
                op.connect_failed(move |_, e| *failed.borrow_mut() = Some(e.to_string()));
                let sender = done.clone();
                op.connect_finished(move |_| {
                    let _ = sender.send(failure.borrow_mut().take().map_or(Ok(()), Err));
                });
                if !start(&op, &view) {
                    // Cancelled: nothing will finish.
                    let _ = done.send(Ok(()));
                }
            })
            .map_err(|e| io_error(format!("cannot reach the print webview: {e}")))?;
        match finished.recv_timeout(PRINT_TIMEOUT) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(message)) => Err(io_error(format!("printing failed: {message}"))),
            Err(_) => Err(io_error(format!(
                "printing did not finish within {} s",
                PRINT_TIMEOUT.as_secs()
            ))),
        }
    }

    pub fn save_pdf<R: Runtime>(
        window: &WebviewWindow<R>,
        page: PageGeometry,
        path: &Path,
    ) -> Result<(), Error> {
        let uri = tauri::Url::from_file_path(path)
            .map_err(|()| io_error(format!("{} is not an absolute path", path.display())))?
            .to_string();
        run(window, move |op, _| {
            let settings = gtk::PrintSettings::new();
            // The file printer's name is translated by GTK: ask GTK's catalog.
            settings.set_printer(&glib::dgettext(Some("gtk30"), "Print to File"));
            settings.set("output-file-format", Some("pdf"));
            settings.set("output-uri", Some(&uri));
            op.set_print_settings(&settings);
            op.set_page_setup(&page_setup(page));
            op.print();
            true
        })
    }

    pub fn print_dialog<R: Runtime>(
        window: &WebviewWindow<R>,
        page: PageGeometry,
        file: Option<PathBuf>,
    ) -> Result<(), Error> {
        let uri = file.and_then(|f| tauri::Url::from_file_path(f).ok());
        run(window, move |op, view| {
            op.set_page_setup(&page_setup(page));
            let settings = gtk::PrintSettings::new();
            if let Some(uri) = uri {
                settings.set("output-file-format", Some("pdf"));
                settings.set("output-uri", Some(uri.as_str()));
            }
            op.set_print_settings(&settings);
            // The dialog belongs to the editor's window, the hidden
            // window's parent. (Not through the operation's "web-view"
            // property: WebKitGTK's getter gives away a reference it does
            // not own, and the webview is then freed too early.)
            let parent = view
                .toplevel()
                .and_then(|top| top.downcast::<gtk::Window>().ok())
                .and_then(|top| top.transient_for());
            op.run_dialog(parent.as_ref()) == PrintOperationResponse::Print
        })
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    //! WKWebView and WebView2 print through their system dialog, which
    //! offers "Save as PDF"; Tauri's `print` opens it.

    use super::{io_error, PageGeometry};
    use deroule::Error;
    use std::path::Path;
    use tauri::{Runtime, WebviewWindow};

    /// The dialog may still be open when `print` returns: the window stays
    /// (hidden) for it.
    pub const CLOSE_AFTER_PRINT: bool = false;

    pub fn print_dialog<R: Runtime>(
        window: &WebviewWindow<R>,
        _page: PageGeometry,
        _file: Option<std::path::PathBuf>,
    ) -> Result<(), Error> {
        // Shown, so the dialog has a window to belong to; the system's
        // dialog takes its paper from the page's CSS.
        let fail = |e: tauri::Error| io_error(format!("cannot open the print dialog: {e}"));
        window.show().map_err(fail)?;
        window.print().map_err(fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(path: &str) -> Request<Vec<u8>> {
        Request::builder()
            .uri(format!("{SCHEME}://localhost{path}"))
            .body(Vec::new())
            .unwrap()
    }

    #[test]
    fn the_shelf_keeps_the_last_documents() {
        let mut shelf = Shelf::default();
        let printed = |n: usize| Printed {
            pdf_name: format!("{n}.pdf"),
            html: format!("<p>{n}</p>"),
            page: Document::Programme.page(),
            sheets: Sheets::default(),
        };
        let tokens: Vec<u64> = (0..6).map(|n| shelf.put(printed(n))).collect();
        assert!(shelf.get(tokens[0]).is_none());
        assert!(shelf.get(tokens[1]).is_none());
        assert_eq!(shelf.get(tokens[5]).unwrap().pdf_name, "5.pdf");
        let gone = shelf.find(tokens[0]).err().map(|e| e.code);
        assert_eq!(gone, Some(ErrorCode::NotFound));

        let ok = respond(&shelf, &get(&format!("/{}", tokens[2])));
        assert_eq!(ok.status(), StatusCode::OK);
        assert_eq!(ok.body(), b"<p>2</p>");
        assert_eq!(ok.headers()[header::CONTENT_SECURITY_POLICY], CSP);
        assert_eq!(
            ok.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
        for path in [format!("/{}", tokens[0]), "/x".into(), "/".into()] {
            assert_eq!(respond(&shelf, &get(&path)).status(), StatusCode::NOT_FOUND);
        }
    }

    #[test]
    fn the_demo_documents_are_served_beside_the_kept_ones() {
        let mut shelf = Shelf::default();
        let file = |html: &str| deroule::print::PrintFile {
            file_name: "x.html".into(),
            html: html.into(),
            page: Document::Programme.page(),
        };
        let kept: Vec<u64> = (0..KEPT)
            .map(|n| shelf.put(Printed::new(file(&format!("<p>{n}</p>")), false)))
            .collect();
        let mut urls = Vec::new();
        for n in 0.. {
            let Some(practice) = deroule::demo::practice_print(n).unwrap() else {
                break;
            };
            let url = shelf.practise(n, Printed::new(practice, true));
            // Served at its URL, without the fonts' copies.
            let path = url.strip_prefix(&url_base()).unwrap();
            let served = respond(&shelf, &get(path));
            assert_eq!(served.status(), StatusCode::OK, "{url}");
            assert_eq!(served.headers()[header::CONTENT_SECURITY_POLICY], CSP);
            let html = String::from_utf8_lossy(served.body()).into_owned();
            assert!(
                html.contains("<style>") && !html.contains("base64"),
                "{url}"
            );
            // The one before it is no longer kept.
            if n > 0 {
                let before = format!("/{PRACTICE}{}", n - 1);
                assert_eq!(
                    respond(&shelf, &get(&before)).status(),
                    StatusCode::NOT_FOUND
                );
            }
            urls.push(url);
        }
        assert_eq!(urls.len(), 10);
        // The schedules of the demo's 60 attendees come in parts, from the first.
        assert!(urls[2].ends_with("/practice-2?part=1"), "{urls:?}");
        // None of the organiser's documents went.
        for token in &kept {
            assert!(shelf.get(*token).is_some());
        }
        for path in ["/practice-", "/practice-x", "/practice-99"] {
            assert_eq!(respond(&shelf, &get(path)).status(), StatusCode::NOT_FOUND);
        }
    }

    #[test]
    fn with_the_fonts_installed_documents_are_served_without_their_copies() {
        // A programme of 514 items, previewed in parts.
        let mut db = deroule::Db::open_in_memory().unwrap();
        let event = db
            .load_large_demo(deroule::demo::LargeDemo {
                sessions: 500,
                attendees: 0,
            })
            .unwrap();
        let file = db
            .print(event, Document::Programme, &Default::default())
            .unwrap();
        let embedded = Printed::new(file.clone(), false);
        let lean = Printed::new(file.clone(), true);
        assert_eq!(embedded.html, file.html);
        assert!(file.html.contains("url(data:font/woff2;base64,"));
        assert!(!lean.html.contains("base64"));
        assert!(lean.html.len() < file.html.len() - 200_000);
        // The same body and the same sheets, each part served as before
        // less the copies.
        let body = |html: &str| html[html.find("<body>").unwrap()..].to_owned();
        assert_eq!(body(&lean.html), body(&file.html));
        let parts = lean.sheets.parts().len();
        assert!(parts > 1);
        assert_eq!(parts, embedded.sheets.parts().len());
        let mut shelf = Shelf::default();
        let (a, b) = (shelf.put(embedded), shelf.put(lean));
        let queries = (1..=parts).map(|n| format!("?part={n}"));
        for query in std::iter::once(String::new()).chain(queries) {
            let served = |token| respond(&shelf, &get(&format!("/{token}{query}")));
            let (full, lean) = (served(a), served(b));
            assert_eq!(lean.status(), StatusCode::OK);
            let (full, lean) = (
                String::from_utf8(full.into_body()).unwrap(),
                String::from_utf8(lean.into_body()).unwrap(),
            );
            assert_eq!(body(&lean), body(&full));
            assert!(!lean.contains("base64") && lean.matches("@font-face").count() == 5);
        }
    }
}
