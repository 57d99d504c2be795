//! End-to-end harness: launches the built Déroulé app under `tauri-driver`
//! and drives its real window over WebDriver (fantoccini).
//!
//! ```ignore
//! let (db, app) = launch().await;          // fresh database file, app --db <path>
//! app.load_demo().await;                   // a step: the demo on the timeline
//! app.open_tab("participants").await;
//! app.click("[data-testid=desk-open]").await;
//! app.fill("[data-testid=desk-search]", "Émile").await;
//! app.quit().await;                        // then App::start(db.path()) again
//! ```
//!
//! Below the primitives (`click`, `fill`, `wait_for`…) come the steps that
//! several tests take to reach what they check (launching on a fresh
//! database, loading the demo, creating an event or an item, signing up).
//!
//! Needs: env `DEROULE_APP` (absolute path of the built app, with the UI
//! embedded), `tauri-driver` on PATH (+ Debian's `webkit2gtk-driver`) and a
//! display (run under `xvfb-run`). Run the tests with `--test-threads=1`.
//!
//! Helpers panic with a message naming the selector, so a test reads as a
//! plain list of steps. If a test panics, dropping [`App`] still closes the
//! WebDriver session (which closes the app) and stops `tauri-driver`.

// Not every test uses every helper.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod axe;
mod keyboard;

use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Map, Value};

/// How long `wait_for` and the helpers built on it wait for an element.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Polling period of the waits.
const POLL: Duration = Duration::from_millis(50);

/// How many items the demo's day has.
pub const DEMO_ITEMS: usize = 14;

/// The app binary under test, from env `DEROULE_APP`.
pub fn app_binary() -> PathBuf {
    let Some(path) = std::env::var_os("DEROULE_APP").filter(|p| !p.is_empty()) else {
        panic!(
            "DEROULE_APP is not set: build the app with its UI embedded \
             (scripts/test.sh does it) and set DEROULE_APP to the absolute path \
             of the binary, e.g. DEROULE_APP=$PWD/target/debug/deroule-app"
        );
    };
    let path = PathBuf::from(path);
    assert!(
        path.is_absolute(),
        "DEROULE_APP must be an absolute path, got {}",
        path.display()
    );
    assert!(
        path.is_file(),
        "DEROULE_APP={} does not exist: build the app first (scripts/test.sh)",
        path.display()
    );
    path
}

/// Where tests put their screenshots: `<workspace>/target/e2e-screenshots/NAME.png`
/// (or under `$CARGO_TARGET_DIR`).
pub fn screenshot_path(name: &str) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("e2e-screenshots").join(format!("{name}.png"))
}

/// A fresh database path in its own temporary directory, removed on drop.
/// The file itself does not exist yet: the app creates it.
pub struct TempDb {
    dir: tempfile::TempDir,
    path: PathBuf,
}

impl TempDb {
    pub fn new() -> TempDb {
        let dir = tempfile::Builder::new()
            .prefix("deroule-e2e-")
            .tempdir()
            .expect("cannot create a temporary directory");
        let path = dir.path().join("deroule.db");
        TempDb { dir, path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The names of the first event's attendees, read by the core from the
    /// database file (after the app has quit, or alongside it).
    pub fn attendee_names(&self) -> Vec<String> {
        let db = deroule::Db::open(&self.path).expect("the app's database");
        let events = db.list_events().unwrap();
        let event = events.first().expect("an event in the database").id;
        db.attendees(event)
            .unwrap()
            .into_iter()
            .map(|a| a.name)
            .collect()
    }
}

impl Default for TempDb {
    fn default() -> TempDb {
        TempDb::new()
    }
}

/// A fresh database and the app started on it: how a test begins.
pub async fn launch() -> (TempDb, App) {
    let db = TempDb::new();
    let app = App::start(db.path()).await;
    (db, app)
}

/// Like [`launch`], the app writing exports and PDFs into the returned
/// directory in place of the save dialog (`--save-to`).
pub async fn launch_saving() -> (TempDb, tempfile::TempDir, App) {
    let db = TempDb::new();
    let out = tempfile::tempdir().expect("cannot create a temporary directory");
    let save_to = out.path().to_string_lossy().into_owned();
    let app = App::start_with(db.path(), &["--save-to", &save_to]).await;
    (db, out, app)
}

/// Like [`launch`], the app taking `file` in place of the open dialog
/// (`--open-from`).
pub async fn launch_opening(file: &Path) -> (TempDb, App) {
    let db = TempDb::new();
    let file = file.to_string_lossy();
    let app = App::start_with(db.path(), &["--open-from", &file]).await;
    (db, app)
}

/// Two distinct free TCP ports on localhost (bound, then released).
fn free_ports() -> (u16, u16) {
    let bind = || TcpListener::bind("127.0.0.1:0").expect("cannot bind a free port");
    let (a, b) = (bind(), bind());
    let port = |l: &TcpListener| l.local_addr().expect("no local address").port();
    (port(&a), port(&b))
}

/// A running `tauri-driver` (which runs WebKitWebDriver, which runs the app).
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts the driver, the app it runs keeping its configuration and its
    /// webview's data under `home` (`config/`, `data/`), and its caches (the
    /// print fonts it installs, fontconfig's, WebKit's) in one folder of the
    /// build's that every test shares, never in the runner's own.
    async fn start(home: &Path) -> Driver {
        let (port, native_port) = free_ports();
        let child = Command::new("tauri-driver")
            .args(["--port", &port.to_string()])
            .args(["--native-port", &native_port.to_string()])
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("XDG_DATA_HOME", home.join("data"))
            .env(
                "XDG_CACHE_HOME",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-cache"),
            )
            .stdin(Stdio::null())
            // Its stdout only says "Error serving connection" when a probe
            // below connects and hangs up; errors go to stderr.
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run tauri-driver ({e}): install it with \
                     `cargo install tauri-driver --locked` (scripts/setup.sh test does) \
                     and put ~/.cargo/bin on PATH"
                )
            });
        let mut driver = Driver { child, port };
        // tauri-driver listens on `port` and starts WebKitWebDriver on
        // `native_port`; a session can only be created once both listen.
        driver.wait_listening(port).await;
        driver.wait_listening(native_port).await;
        driver
    }

    async fn wait_listening(&mut self, port: u16) {
        let deadline = Instant::now() + TIMEOUT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "tauri-driver exited ({status}) before listening on port {port}; \
                     is WebKitWebDriver installed (Debian package webkit2gtk-driver)?"
                );
            }
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on port {port} within {TIMEOUT:?}"
            );
            tokio::time::sleep(POLL).await;
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Stops tauri-driver with SIGTERM, so it stops WebKitWebDriver too
    /// (killed with SIGKILL, it would leave WebKitWebDriver holding its port),
    /// and waits for it. SIGKILL only if it has not exited after 5 s.
    fn stop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            use rustix::process::{kill_process, Pid, Signal};
            let _ = kill_process(Pid::from_child(&self.child), Signal::TERM);
            let deadline = Instant::now() + Duration::from_secs(5);
            while matches!(self.child.try_wait(), Ok(None)) {
                if Instant::now() > deadline {
                    eprintln!("tauri-driver ignored SIGTERM for 5 s: killing it");
                    let _ = self.child.kill();
                    break;
                }
                std::thread::sleep(POLL);
            }
        }
        let _ = self.child.wait();
    }

    /// Deletes a WebDriver session without the async client: used on drop
    /// (a panicking test), where nothing can be awaited.
    fn delete_session_blocking(&self, session: &str) {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let request = format!(
            "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\
             Content-Length: 0\r\nConnection: close\r\n\r\n",
            self.port
        );
        if stream.write_all(request.as_bytes()).is_ok() {
            let _ = stream.read_to_end(&mut Vec::new());
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The app under test: its WebDriver session and the driver that runs it.
pub struct App {
    client: Option<Client>,
    session: Option<String>,
    driver: Driver,
    /// The database it runs on, which names its process.
    db: PathBuf,
}

impl App {
    /// Starts tauri-driver and the app with `--db DB_PATH`, and waits until
    /// the window's document has loaded.
    pub async fn start(db_path: &Path) -> App {
        App::start_with(db_path, &[]).await
    }

    /// Like [`App::start`], with more arguments for the app (`--save-to DIR`).
    pub async fn start_with(db_path: &Path, extra_args: &[&str]) -> App {
        App::connect(db_path, extra_args).await
    }

    /// Starts the app again on `db_path` as a person would, keeping what the
    /// app remembers on the computer from the last run (the interface
    /// language, in the configuration folder beside `db_path`).
    pub async fn restart(db_path: &Path) -> App {
        App::connect(db_path, &[]).await
    }

    async fn connect(db_path: &Path, extra_args: &[&str]) -> App {
        let application = app_binary();
        // What the app and its webview remember on "this computer" lives
        // beside the database: each test starts from the defaults (French),
        // and a restart on the same database finds what the run before left.
        let home = db_path.parent().expect("the database is in a folder");
        let driver = Driver::start(home).await;

        let db = db_path.to_string_lossy();
        let args: Vec<&str> = ["--db", &db]
            .into_iter()
            .chain(extra_args.iter().copied())
            .collect();
        let mut caps = Map::new();
        caps.insert(
            "tauri:options".into(),
            json!({
                "application": application,
                "args": args,
            }),
        );
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&driver.url())
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {} under tauri-driver: {e}",
                    application.display()
                )
            });
        let session = client.session_id().await.ok().flatten();
        let app = App {
            client: Some(client),
            session,
            driver,
            db: db_path.to_path_buf(),
        };
        app.wait_loaded().await;
        app
    }

    /// The WebDriver client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("the app has quit")
    }

    /// Closes the session (which closes the app) and stops tauri-driver.
    /// The database stays: `App::start` on the same path relaunches.
    pub async fn quit(mut self) {
        if let Some(client) = self.client.take() {
            if let Err(e) = client.close().await {
                eprintln!("closing the WebDriver session: {e}");
            }
        }
        self.session = None;
        self.driver.stop();
        stop_outliving_app(&self.db);
    }

    /// Waits until `document.readyState` is `complete` in the app's window.
    pub async fn wait_loaded(&self) {
        self.wait_until("the document to load", async || {
            let state = self
                .client()
                .execute("return document.readyState", vec![])
                .await?;
            Ok(state == "complete")
        })
        .await;
    }

    /// Polls `check` every 50 ms until it returns `Ok(true)`; panics after
    /// [`TIMEOUT`] with `what` and the last error.
    pub async fn wait_until<F>(&self, what: &str, mut check: F)
    where
        F: AsyncFnMut() -> Result<bool, CmdError>,
    {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let last = match check().await {
                Ok(true) => return,
                Ok(false) => String::from("not yet"),
                Err(e) => e.to_string(),
            };
            if Instant::now() > deadline {
                panic!("timed out after {TIMEOUT:?} waiting for {what} ({last})");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The first element matching `css`, waiting up to [`TIMEOUT`] for it.
    pub async fn wait_for(&self, css: &str) -> Element {
        self.wait_for_at_most(css, TIMEOUT).await
    }

    /// The first element matching `css`, waiting up to `limit` for it (for
    /// what the app itself is told to delay).
    pub async fn wait_for_at_most(&self, css: &str, limit: Duration) -> Element {
        self.client()
            .wait()
            .at_most(limit)
            .every(POLL)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element `{css}` after {limit:?}: {e}"))
    }

    /// Waits until no element matches `css` (a closed dialog, a deleted row).
    pub async fn wait_gone(&self, css: &str) {
        self.wait_until(&format!("`{css}` to disappear"), async || {
            Ok(self.client().find_all(Locator::Css(css)).await?.is_empty())
        })
        .await;
    }

    /// Clicks the element matching `css`, once it exists and accepts the click
    /// (retried until [`TIMEOUT`]: it may be covered or not yet interactable).
    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        self.wait_until(&format!("`{css}` to accept a click"), async || {
            self.scroll_to_middle(&element).await?;
            element.click().await.map(|()| true)
        })
        .await;
    }

    /// Scrolls `element` to the middle of its scrolling boxes: WebKitWebDriver
    /// scrolls the page, not a scrolling box inside it (a long dialog's
    /// body), before it clicks or chooses.
    async fn scroll_to_middle(&self, element: &Element) -> Result<(), CmdError> {
        let reference = serde_json::to_value(element).expect("element reference");
        self.client()
            .execute(
                "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' })",
                vec![reference],
            )
            .await
            .map(|_| ())
    }

    /// Replaces the value of the input or textarea matching `css` with `text`:
    /// clears it, then types `text` (key events, so the UI's bindings see it).
    pub async fn fill(&self, css: &str, text: &str) {
        let element = self.wait_for(css).await;
        self.scroll_to_middle(&element)
            .await
            .unwrap_or_else(|e| panic!("cannot scroll to `{css}`: {e}"));
        element
            .clear()
            .await
            .unwrap_or_else(|e| panic!("cannot clear `{css}`: {e}"));
        if text.is_empty() {
            // Nothing to type: tell the bindings the value changed.
            self.client()
                .execute(
                    "arguments[0].dispatchEvent(new Event('input', { bubbles: true }))",
                    vec![serde_json::to_value(&element).expect("element reference")],
                )
                .await
                .unwrap_or_else(|e| panic!("cannot signal input on `{css}`: {e}"));
        } else {
            element
                .send_keys(text)
                .await
                .unwrap_or_else(|e| panic!("cannot type into `{css}`: {e}"));
        }
    }

    /// The rendered text of the element matching `css` (waited for).
    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .text()
            .await
            .unwrap_or_else(|e| panic!("cannot read the text of `{css}`: {e}"))
    }

    /// How many elements match `css` now (no waiting).
    pub async fn count(&self, css: &str) -> usize {
        self.client()
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("cannot look up `{css}`: {e}"))
            .len()
    }

    /// The text content of the first element matching `css`, trimmed, its
    /// runs of white space made one space ("" when none, no waiting): unlike
    /// WebDriver's rendered text, it ignores clipping and ellipsis.
    pub async fn content(&self, css: &str) -> String {
        let script = format!(
            "const e = document.querySelector({}); return e ? e.textContent.trim().replace(/\\s+/g, ' ') : '';",
            serde_json::to_string(css).unwrap()
        );
        self.js_text(&script).await
    }

    /// Selects the option labelled `label` in the select matching `css`.
    pub async fn choose(&self, css: &str, label: &str) {
        let element = self.wait_for(css).await;
        self.scroll_to_middle(&element)
            .await
            .unwrap_or_else(|e| panic!("cannot scroll to `{css}`: {e}"));
        element
            .select_by_label(label)
            .await
            .unwrap_or_else(|e| panic!("cannot choose {label:?} in `{css}`: {e}"));
    }

    /// The document title.
    pub async fn title(&self) -> String {
        self.client()
            .title()
            .await
            .unwrap_or_else(|e| panic!("cannot read the title: {e}"))
    }

    /// Runs `script` in the page (WebDriver "execute script": `return ...`).
    pub async fn js(&self, script: &str) -> Value {
        self.client()
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {script}: {e}"))
    }

    /// Runs `script` and returns the text it returns ("" when it returns
    /// anything else).
    pub async fn js_text(&self, script: &str) -> String {
        self.js(script)
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Runs an app command through the page's invoke bridge, as the UI
    /// does: its value, or `{ "refused": error }`.
    pub async fn invoke(&self, command: &str, args: Value) -> Value {
        self.js(&format!(
            "return window.__TAURI_INTERNALS__.invoke({}, {args}).catch(e => ({{ refused: e }}))",
            json!(command)
        ))
        .await
    }

    /// The event's attendees and its sign-up side in one value, as the
    /// window holds them (the app reads them by two commands).
    pub async fn registrations(&self, event: &Value) -> Value {
        let mut state = self
            .invoke("signup_state", json!({ "eventId": event }))
            .await;
        let list = self.invoke("attendees", json!({ "eventId": event })).await;
        state["attendees"] = attendee_objects(&list);
        state
    }

    /// Saves a PNG screenshot of the window to `path`, creating its directory.
    /// See [`screenshot_path`] for the usual place.
    ///
    /// WebKit answers a screenshot after the page's next rendering update.
    /// With accelerated compositing off (the app's default on Linux, see
    /// src-tauri/src/webview.rs) an idle page has none coming, and the
    /// request waited forever; so for two seconds the page repaints one
    /// transparent pixel in its corner, which nobody can see in the picture.
    pub async fn screenshot(&self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        self.js(
            "const dot = document.createElement('div');
             dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;background:transparent';
             document.body.appendChild(dot);
             let n = 0;
             const tick = setInterval(() => {
               dot.style.transform = n % 2 ? 'translateX(0)' : 'translateX(1px)';
               if (++n > 40) { clearInterval(tick); dot.remove(); }
             }, 50);",
        )
        .await;
        let png = self
            .client()
            .screenshot()
            .await
            .unwrap_or_else(|e| panic!("cannot take a screenshot: {e}"));
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        }
        std::fs::write(path, png)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}

/// The steps several tests take to reach what they check.
impl App {
    /// Waits until the timeline shows `n` items.
    pub async fn wait_items(&self, n: usize) {
        self.wait_until(&format!("{n} items on the timeline"), async || {
            Ok(self.count("[data-testid=item]").await == n)
        })
        .await;
    }

    /// Loads the demo from the first screen, and waits for its day on the
    /// timeline: its items and its choice block.
    pub async fn load_demo(&self) {
        self.click("[data-testid=load-demo]").await;
        self.wait_items(DEMO_ITEMS).await;
        self.wait_for("[data-testid=block-badge]").await;
    }

    /// The page's `lang`.
    pub async fn page_lang(&self) -> String {
        self.js_text("return document.documentElement.lang").await
    }

    /// Clicks the language button and waits until the page speaks English:
    /// the English catalog is loaded on first use, so the page switches a
    /// moment after the click.
    pub async fn switch_to_english(&self) {
        self.click("[data-testid=lang]").await;
        self.wait_until("the page to speak English", async || {
            Ok(self.page_lang().await == "en")
        })
        .await;
    }

    /// Creates an event from the first screen (`hours`: the day's start and
    /// end, else the form's), and waits until it is open.
    pub async fn create_event(&self, title: &str, date: &str, hours: Option<(&str, &str)>) {
        self.click("[data-testid=new-event]").await;
        self.fill("[data-testid=new-event-title]", title).await;
        self.fill("[data-testid=new-event-date]", date).await;
        if let Some((start, end)) = hours {
            self.fill("[data-testid=new-event-start]", start).await;
            self.fill("[data-testid=new-event-end]", end).await;
        }
        self.click("[data-testid=create-event]").await;
        self.wait_until("the event to open", async || {
            Ok(self.content("[data-testid=event-title]").await == title)
        })
        .await;
    }

    /// Opens the event's tab `name` (`programme`, `participants`, `venue`…).
    pub async fn open_tab(&self, name: &str) {
        self.click(&format!("[data-testid=tab-{name}]")).await;
    }

    /// Moves item `id` of the Programme tab to `start`–`end` ("14h30") in
    /// its panel, saved with Enter (the panel's button may be below the
    /// window's edge while an item's sign-ups are listed), and waits until
    /// the timeline shows it there.
    pub async fn move_in_panel(&self, id: i64, start: &str, end: &str) {
        let item = format!("[data-item-id='{id}']");
        self.click(&format!("{item} .title")).await;
        self.wait_for("[data-testid=item-panel]").await;
        self.fill("[data-testid=item-start]", start).await;
        self.fill("[data-testid=item-end]", end).await;
        self.wait_for("[data-testid=item-end]")
            .await
            .send_keys(&Key::Enter.to_string())
            .await
            .unwrap();
        self.wait_until("the item to move", async || {
            Ok(self.text(&item).await.contains(start))
        })
        .await;
    }

    /// Opens a new item in the Programme tab's side panel with its title,
    /// `start` and `end` ("14h"); the caller fills the rest and saves.
    pub async fn new_item(&self, title: &str, start: &str, end: &str) {
        self.click("[data-testid=new-item]").await;
        self.fill("[data-testid=item-title]", title).await;
        self.fill("[data-testid=item-start]", start).await;
        self.fill("[data-testid=item-end]", end).await;
    }

    /// Creates an item of `capacity` seats on the Programme tab, and waits
    /// for its sign-ups in its panel.
    pub async fn create_item_with_seats(
        &self,
        title: &str,
        start: &str,
        end: &str,
        capacity: &str,
    ) {
        self.new_item(title, start, end).await;
        self.fill("[data-testid=item-capacity]", capacity).await;
        self.click("[data-testid=item-save]").await;
        self.wait_for("[data-testid=item-signups]").await;
    }

    /// Signs up, on the item open in the panel, the attendee found by
    /// `query` in its search-as-you-type (Enter on the first match).
    pub async fn sign_up_in_panel(&self, query: &str) {
        self.pick_attendee("signup", query).await;
    }

    /// Types `query` into the attendee picker whose test id is `testid`
    /// and takes its first match with Enter, as a person would.
    pub async fn pick_attendee(&self, testid: &str, query: &str) {
        let field = format!("[data-testid={testid}-search]");
        self.fill(&field, query).await;
        self.wait_for(&format!("[data-testid={testid}-match]"))
            .await;
        self.wait_for(&field)
            .await
            .send_keys(&char::from(Key::Enter).to_string())
            .await
            .unwrap();
    }

    /// Cancels the confirmed sign-up of `attendee` on the item open in the
    /// panel.
    pub async fn cancel_signup(&self, attendee: &str) {
        self.click(&format!(
            "[data-testid=signup-confirmed][data-attendee='{attendee}'] [data-testid=signup-cancel]"
        ))
        .await;
    }
}

impl Drop for App {
    /// A test that panicked did not call `quit`: delete the session by hand
    /// (closing the app), then `driver` drops and stops tauri-driver.
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            self.driver.delete_session_blocking(&session);
            self.driver.stop();
            stop_outliving_app(&self.db);
        }
    }
}

/// Stops the app still running on `db` once its session is closed and its
/// driver stopped (SIGTERM, then SIGKILL after 5 s), and says so. On a
/// loaded machine an app sometimes outlived its closed session, and each
/// one kept a few hundred megabytes for the rest of the run.
fn stop_outliving_app(db: &Path) {
    use rustix::process::{kill_process, Pid, Signal};
    let wanted = format!("--db\0{}\0", db.display());
    let running = || -> Vec<Pid> {
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<i32>().ok())
            .filter(|pid| {
                std::fs::read(format!("/proc/{pid}/cmdline"))
                    .is_ok_and(|c| String::from_utf8_lossy(&c).contains(&wanted))
            })
            .filter_map(Pid::from_raw)
            .collect()
    };
    let pids = running();
    if pids.is_empty() {
        return;
    }
    eprintln!(
        "the app on {} outlived its session: stopping it",
        db.display()
    );
    for pid in &pids {
        let _ = kill_process(*pid, Signal::TERM);
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while !running().is_empty() {
        if Instant::now() > deadline {
            for pid in running() {
                let _ = kill_process(pid, Signal::KILL);
            }
            break;
        }
        std::thread::sleep(POLL);
    }
}

/// The `attendees` command's answer (one list per field) as one object per
/// attendee, the shape `Attendee` has everywhere else.
fn attendee_objects(list: &Value) -> Value {
    let column = |key: &str| list[key].as_array().cloned().unwrap_or_default();
    let (names, emails, notes, registered) = (
        column("names"),
        column("emails"),
        column("notes"),
        column("registeredAt"),
    );
    let (organisation, category) = (column("organisation"), column("category"));
    let shared =
        |names: &str, index: &Value| list[names][index.as_u64().unwrap_or(0) as usize].clone();
    let attendees = column("ids")
        .into_iter()
        .enumerate()
        .map(|(i, id)| {
            json!({
                "id": id,
                "eventId": list["eventId"],
                "name": names[i],
                "email": emails[i],
                "organisation": shared("organisations", &organisation[i]),
                "category": shared("categories", &category[i]),
                "notes": notes[i],
                "registeredAt": registered[i],
            })
        })
        .collect();
    Value::Array(attendees)
}
