//! The Tauri shell: the shared state, the app's builder, and where the
//! database lives. The commands are in `commands/`, one function each; the
//! printed documents in `printing.rs`. No rule lives here.

use deroule::notify::smtp::SendingStatus;
use deroule::signups::allocation::AllocationStatus;
use deroule::signups::csv as attendees_csv;
use deroule::{Db, Error};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{Manager, Runtime};

mod commands;
mod database;
mod guard;
mod memory;
#[cfg(target_os = "linux")]
mod print_fonts;
mod printing;
mod settings;
mod start_page;
#[cfg(test)]
mod typescript;
mod webview;
// The helpers the core's and end-to-end tests share (Python, an SMTP sink).
#[cfg(test)]
#[path = "../../tests/support/mod.rs"]
#[allow(dead_code)]
mod support;
use printing::Shelf;

/// The open database, shared by all commands.
pub struct AppState {
    /// The database, or why it could not be opened (a file from a newer
    /// Déroulé, say): then every command answers with that error, and the UI
    /// shows it instead of the editor.
    db: Result<Mutex<Db>, Error>,
    path: PathBuf,
    /// `--save-to DIR`: exports are written there under their own name
    /// instead of asking with a dialog (scripts and end-to-end tests).
    save_to: Option<PathBuf>,
    /// `--open-from FILE`: picking a file to open (an attendee list, a
    /// calendar or schedule to import, a backup) opens this file instead
    /// of asking with a dialog (scripts and end-to-end tests).
    open_from: Option<PathBuf>,
    /// The files the user picked. Commands that read a path the UI sends
    /// read only these, so the window cannot read other files.
    picked: Mutex<HashSet<PathBuf>>,
    /// Printed documents lately rendered, served by the `deroule-print:`
    /// scheme to the preview and the print webview.
    printed: Mutex<Shelf>,
    /// Passwords typed in this run (a calendar server's, say), by what they
    /// open: kept in memory only, so they are not asked twice.
    secrets: Mutex<HashMap<String, String>>,
    /// Messages being sent in the background, or the last report.
    sending: Mutex<SendingStatus>,
    #[cfg(test)]
    faults: guard::Faults,
    /// The allocation running in the background, or the last result.
    allocating: Mutex<AllocationStatus>,
    /// The Stop of the running allocation: pressing it interrupts the
    /// search or HiGHS, so the solving thread ends at once.
    allocation_stop: Mutex<deroule::signups::allocation::solver::Stop>,
    /// `--allocation-pause-ms N`: each background allocation waits this
    /// long after reading its block, as a slow block would (end-to-end tests
    /// of progress, cancelling and changes made meanwhile).
    allocation_pause: std::time::Duration,
}

impl AppState {
    pub fn new(db: deroule::Result<Db>, path: PathBuf) -> AppState {
        AppState {
            db: db.map(Mutex::new),
            path,
            save_to: None,
            open_from: None,
            picked: Mutex::default(),
            printed: Mutex::default(),
            secrets: Mutex::default(),
            sending: Mutex::default(),
            #[cfg(test)]
            faults: guard::Faults::default(),
            allocating: Mutex::default(),
            allocation_stop: Mutex::default(),
            allocation_pause: std::time::Duration::ZERO,
        }
    }

    fn allocating(&self) -> std::sync::MutexGuard<'_, AllocationStatus> {
        // Plain values only: a poisoned lock is safe.
        self.allocating.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn allocation_stop(
        &self,
    ) -> std::sync::MutexGuard<'_, deroule::signups::allocation::solver::Stop> {
        // A plain flag: a poisoned lock is safe.
        self.allocation_stop
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// `--save-to DIR` and `--open-from FILE` as the command line gives
    /// them (the IPC bench, which answers no dialog).
    pub fn without_dialogs(mut self, save_to: PathBuf, open_from: PathBuf) -> AppState {
        self.save_to = Some(save_to);
        self.open_from = Some(open_from);
        self
    }

    fn sending(&self) -> std::sync::MutexGuard<'_, SendingStatus> {
        // Plain values only: a poisoned lock is safe.
        self.sending.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps a password typed in this run, until the app quits.
    fn remember_secret(&self, key: &str, secret: &str) {
        self.secrets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key.to_owned(), secret.to_owned());
    }

    /// A password typed earlier in this run.
    fn secret(&self, key: &str) -> Option<String> {
        self.secrets
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
    }

    fn shelf(&self) -> std::sync::MutexGuard<'_, Shelf> {
        // The shelf holds finished values only: a poisoned lock is safe.
        self.printed.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn remember(&self, path: &Path) {
        self.picked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(path.to_owned());
    }

    /// The bytes of a file the user picked; any other path is refused.
    fn read_picked(&self, path: &str) -> Result<Vec<u8>, Error> {
        let path = PathBuf::from(path);
        let known = self
            .picked
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&path);
        if !known {
            return Err(Error::invalid(
                "path",
                "not_picked",
                format!("{} was not picked in this window", path.display()),
            ));
        }
        attendees_csv::read_file(&path)
    }

    /// Runs `f` on the database, off the async workers, a panic answered
    /// as an `internal` error (see `guard`).
    fn with<T>(&self, f: impl FnOnce(&mut Db) -> deroule::Result<T>) -> Result<T, Error> {
        let db = self.db.as_ref().map_err(Clone::clone)?;
        guard::blocking(|| {
            // A panic while holding the lock leaves SQLite consistent (the
            // transaction rolled back as it unwound), so a poisoned lock is
            // safe to reuse.
            let mut db = db.lock().unwrap_or_else(|p| p.into_inner());
            #[cfg(test)]
            self.faults.before_change(&mut db);
            f(&mut db)
        })
    }

    /// Runs `work` on a copy of the database, not holding the database
    /// meanwhile (other commands reach it), then takes up what the copy
    /// recorded (`Db::take_up`); when that meets a change made meanwhile,
    /// runs `work` again on the database itself (and at once, on a database
    /// too large to copy). For the exports of everyone, whose calendars
    /// record what they send: 1.2 s for every attendee's calendar on the
    /// large event.
    fn apart<T>(&self, work: impl Fn(&mut Db) -> deroule::Result<T>) -> Result<T, Error> {
        // A database too large to copy in memory: worked on as it is.
        let Some(mut copy) = self.with(|db| db.apart())? else {
            return self.with(work);
        };
        #[cfg(test)]
        if let Ok(db) = &self.db {
            self.faults.while_apart(db);
        }
        let value = guard::blocking(|| work(&mut copy))?;
        if self.with(|db| db.take_up(&copy))? {
            Ok(value)
        } else {
            self.with(work)
        }
    }
}

/// The value of `--NAME VALUE` or `--NAME=VALUE` on the command line.
fn option(name: &str) -> Option<PathBuf> {
    let flag = format!("--{name}");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == flag {
            return args.next().map(PathBuf::from);
        } else if let Some(value) = arg.strip_prefix(&format!("{flag}=")) {
            return Some(PathBuf::from(value));
        }
    }
    None
}

/// The first argument that is neither an option nor an option's value: the
/// file the desktop opened the app with (`deroule-app %f`, a `.deroule` file).
fn file_argument() -> Option<PathBuf> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg.starts_with("--") {
            // Every option takes a value: skip it unless given with `=`.
            if !arg.contains('=') {
                args.next();
            }
        } else {
            return Some(PathBuf::from(arg));
        }
    }
    None
}

/// The database file: `--db PATH` on the command line, else a file named on
/// it (a `.deroule` file opened from the desktop), else the `DEROULE_DB`
/// environment variable, else `deroule.db` in the OS data directory.
fn database_file<R: Runtime>(app: &tauri::App<R>) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(path) = option("db").or_else(file_argument) {
        return Ok(path);
    }
    if let Some(path) = std::env::var_os("DEROULE_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    // The app's own folder: nobody else has a reason to read it (an older
    // version may have made it readable by all).
    let dir = app.path().app_data_dir()?;
    std::fs::create_dir_all(&dir)?;
    deroule::db::permissions::restrict_folder(&dir)?;
    Ok(dir.join("deroule.db"))
}

/// The app with every command registered, generic over the runtime so
/// tests can build it on the mock runtime.
pub fn builder<R: Runtime>() -> tauri::Builder<R> {
    tauri::Builder::<R>::new()
        .plugin(tauri_plugin_dialog::init())
        .register_uri_scheme_protocol(printing::SCHEME, |ctx, request| {
            match ctx.app_handle().try_state::<AppState>() {
                Some(state) => printing::respond(&state.shelf(), &request),
                None => printing::respond(&Shelf::default(), &request),
            }
        })
        .invoke_handler(commands::handler())
        .on_page_load(webview::on_page_load)
}

/// The app's context, its assets served with the first screen's data in
/// the page (`start_page`).
fn context() -> tauri::Context<tauri::Wry> {
    let mut context = tauri::generate_context!();
    let assets = context.set_assets(Box::new(start_page::NoAssets));
    context.set_assets(Box::new(start_page::StartPage::new(assets)));
    context
}

/// The D-Bus name (Linux) that makes the app one instance per database:
/// the identifier for the default database, with a hash of the file's
/// absolute path for one given with `--db` or `DEROULE_DB`. Two windows on
/// one file are what must not happen; another file is another instance.
fn instance_id() -> String {
    let given = option("db").or_else(file_argument).or_else(|| {
        std::env::var_os("DEROULE_DB")
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    });
    match given {
        None => "fr.deroule.app".into(),
        Some(path) => {
            let path = std::path::absolute(&path).unwrap_or(path);
            // FNV-1a: stable across runs and builds, unlike std's hasher.
            let hash = path
                .as_os_str()
                .as_encoded_bytes()
                .iter()
                .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                    (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
                });
            format!("fr.deroule.app.db_{hash:016x}")
        }
    }
}

pub fn run() {
    webview::before_start();
    #[cfg(target_os = "linux")]
    print_fonts::install();
    builder::<tauri::Wry>()
        // Before the app's own setup: a second launch on the same database
        // hands over to the first (which comes to the front) and exits
        // before it opens the file or a window.
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance_id())
                .callback(|app, _args, _cwd| {
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.unminimize();
                        let _ = window.show();
                        let _ = window.set_focus();
                    }
                })
                .build(),
        )
        .setup(|app| {
            let path = database_file(app)?;
            let db = Db::open(&path);
            if let Err(e) = &db {
                eprintln!("deroule: {}: {e}", path.display());
            }
            let mut state = AppState::new(db, path);
            state.save_to = option("save-to");
            state.open_from = option("open-from");
            if let Some(ms) = option("allocation-pause-ms") {
                let ms = ms.to_string_lossy().parse().unwrap_or(0);
                state.allocation_pause = std::time::Duration::from_millis(ms);
            }
            app.manage(state);
            database::purge_left_behind(app.handle());
            printing::setup();
            memory::start();
            if let Some(window) = app.get_webview_window("main") {
                webview::tune(&window);
            }
            Ok(())
        })
        .build(context())
        .expect("error while running Déroulé")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                database::on_exit(app);
            }
        });
}

#[cfg(test)]
mod tests {
    //! IPC round trips on the mock runtime: the JSON the UI sends and gets.

    use super::*;
    use deroule::print::{Document, PrintOptions};
    use serde_json::{json, Value};
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, MockRuntime};
    use tauri::webview::InvokeRequest;
    use tauri::WebviewWindow;

    /// The app on the mock runtime, with the real capabilities (so a command
    /// the capability does not grant fails here too).
    pub(crate) fn window() -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
        window_with(AppState::new(
            Db::open_in_memory(),
            PathBuf::from(":memory:"),
        ))
    }

    pub(crate) fn window_with(
        state: AppState,
    ) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
        let app = builder::<MockRuntime>()
            .build(tauri::generate_context!(test = true))
            .expect("mock app");
        app.manage(state);
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("mock window");
        (app, window)
    }

    pub(crate) fn invoke(
        window: &WebviewWindow<MockRuntime>,
        cmd: &str,
        body: Value,
    ) -> Result<Value, Value> {
        get_ipc_response(
            window,
            InvokeRequest {
                cmd: cmd.into(),
                callback: CallbackFn(0),
                error: CallbackFn(1),
                url: window.url().expect("window URL"),
                body: InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: window.app_handle().invoke_key().to_string(),
            },
        )
        .map(|r| r.deserialize::<Value>().expect("JSON response"))
    }

    #[test]
    fn demo_round_trip_and_error_shape() {
        let (_app, window) = window();
        let id = invoke(&window, "load_demo", json!({})).unwrap();
        let programme = invoke(&window, "get_programme", json!({ "eventId": id })).unwrap();
        assert_eq!(programme["event"]["dayStart"], "09:00");
        assert_eq!(programme["items"].as_array().unwrap().len(), 14);
        assert_eq!(programme["items"][0]["startsAt"], "2022-12-09T09:00");

        // An item whose end comes before its start: refused, with the field.
        let mut item = programme["items"][2].clone();
        item["endsAt"] = json!("2022-12-09T09:45");
        let err = invoke(&window, "save_item", json!({ "item": item })).unwrap_err();
        assert_eq!(
            err,
            json!({
                "code": "invalid",
                "field": "endsAt",
                "reason": "end_before_start",
                "message": "the item ends (09:45) before it starts (10:00)",
            })
        );
        let history = invoke(&window, "history", json!({})).unwrap();
        assert_eq!(history, json!({ "undo": "demo.load", "redo": null }));

        // Moved: the item comes back alone with the programme's order and
        // the history, for the editor to update its copy.
        item["endsAt"] = json!("2022-12-09T11:15");
        let saved = invoke(&window, "save_item", json!({ "item": item })).unwrap();
        assert_eq!(saved["item"]["endsAt"], "2022-12-09T11:15");
        assert_eq!(saved["programme"]["items"], json!([saved["item"]]));
        assert_eq!(saved["programme"]["order"].as_array().unwrap().len(), 14);
        assert_eq!(
            saved["history"],
            json!({ "undo": "item.update", "redo": null })
        );
    }

    /// What the `deroule-print:` scheme answers for the document `view`
    /// (from `open_print`) with `?query`.
    fn serve_print(
        state: &AppState,
        view: &serde_json::Value,
        query: &str,
    ) -> tauri::http::Response<Vec<u8>> {
        let request = tauri::http::Request::builder()
            .uri(format!("{}?{query}", view["url"].as_str().unwrap()))
            .body(Vec::new())
            .unwrap();
        printing::respond(&state.shelf(), &request)
    }

    /// A printed document is rendered once, kept under a token, and served
    /// by the `deroule-print:` scheme byte for byte, with its own CSP.
    #[test]
    fn printed_documents_are_served_as_rendered() {
        let (app, window) = window();
        let id = invoke(&window, "load_demo", json!({})).unwrap();
        let attendees = invoke(&window, "attendees", json!({ "eventId": id })).unwrap();
        assert_eq!(attendees["ids"].as_array().unwrap().len(), 60);
        let view = invoke(
            &window,
            "open_print",
            json!({ "eventId": id, "document": "schedules", "options": { "lang": "en" } }),
        )
        .unwrap();
        assert_eq!(view["document"], "schedules");
        assert_eq!(
            view["pdfName"],
            "la-metamorphose-reciproque-2022-12-09-personal-schedules.pdf"
        );
        let token = view["token"].as_u64().unwrap();
        assert_eq!(view["url"], printing::url(token));

        let state = app.state::<AppState>();
        let options = PrintOptions {
            lang: Some(deroule::words::Lang::En),
            ..PrintOptions::default()
        };
        let rendered = state
            .with(|db| db.print(id.as_i64().unwrap(), Document::Schedules, &options))
            .unwrap();
        let request = tauri::http::Request::builder()
            .uri(view["url"].as_str().unwrap())
            .body(Vec::new())
            .unwrap();
        let served = printing::respond(&state.shelf(), &request);
        assert_eq!(served.status(), 200);
        assert_eq!(served.headers()["content-security-policy"], printing::CSP);
        assert_eq!(served.body(), rendered.html.as_bytes());
        let html = String::from_utf8_lossy(served.body());
        assert_eq!(html.matches("<section class=\"sheet\">").count(), 60);
        assert_eq!(view["sheets"], 60);

        // The preview asks for a few sheets at a time.
        let serve = |query: &str| serve_print(&state, &view, query);
        let part = serve("sheets=2-3");
        assert_eq!(part.status(), 200);
        assert_eq!(part.headers()["content-security-policy"], printing::CSP);
        let part = String::from_utf8_lossy(part.body()).into_owned();
        let sheets: Vec<&str> = html.split("<section class=\"sheet\">").collect();
        assert_eq!(part.matches("<section class=\"sheet\">").count(), 2);
        assert!(part.starts_with(sheets[0]));
        assert!(
            part.contains(sheets[2]) && part.contains(sheets[3].split("</body>").next().unwrap())
        );
        assert!(part.ends_with("</section>\n</body>\n</html>\n"));
        // Its parts: PART_SHEETS (10) at a time, each served as its sheets are.
        let n = deroule::print::PART_SHEETS;
        let ranges: Vec<_> = (0..60 / n)
            .map(|k| json!({ "first": k * n + 1, "last": (k + 1) * n, "from": null }))
            .collect();
        assert_eq!(view["parts"], json!(ranges));
        let second = format!("sheets={}-{}", n + 1, 2 * n);
        assert_eq!(serve("part=2").body(), serve(&second).body());
        for query in [
            "sheets=61-62",
            "sheets=0-1",
            "sheets=3-2",
            "sheets=a-b",
            "page=1",
            "part=0",
            "part=7",
        ] {
            assert_eq!(serve(query).status(), 404, "{query}");
        }

        // A long programme flows as one sheet and is previewed in parts.
        let large = state
            .with(|db| {
                db.load_large_demo(deroule::demo::LargeDemo {
                    sessions: 500,
                    attendees: 0,
                })
            })
            .unwrap();
        let view = invoke(
            &window,
            "open_print",
            json!({ "eventId": large, "document": "programme", "options": {} }),
        )
        .unwrap();
        assert_eq!(view["sheets"], 0);
        let parts = view["parts"].as_array().unwrap().len();
        assert!(parts >= 5, "{parts} parts");
        assert_eq!(
            view["parts"][0],
            json!({ "first": 1, "last": 1, "from": "08:00" })
        );
        assert_eq!(
            view["parts"][1],
            json!({ "first": 2, "last": 2, "from": "09:00" })
        );
        let serve = |query: &str| serve_print(&state, &view, query);
        let second = serve("part=2");
        assert_eq!(second.status(), 200);
        assert_eq!(second.headers()["content-security-policy"], printing::CSP);
        let second = String::from_utf8_lossy(second.body()).into_owned();
        assert!(second.contains(
            "<body>\n<main class=\"sheet\">\n<section class=\"programme\">\n<div class=\"day-list\">\n<!--cut 09:00-->\n"
        ));
        assert!(second.ends_with("</div>\n</section>\n</main>\n</body>\n</html>\n"));
        assert!(!second.contains("<header class=\"event\">"));
        for query in [
            format!("part={}", parts + 1),
            "part=0".into(),
            "sheets=1-2".into(),
        ] {
            assert_eq!(serve(&query).status(), 404, "{query}");
        }
        // The demo's own programme is short: shown whole.
        let view = invoke(
            &window,
            "open_print",
            json!({ "eventId": id, "document": "programme", "options": {} }),
        )
        .unwrap();
        assert_eq!((&view["sheets"], &view["parts"]), (&json!(0), &json!([])));

        // One attendee, by id.
        let one = &attendees["ids"][0];
        let view = invoke(
            &window,
            "open_print",
            json!({ "eventId": id, "document": "schedules",
                    "options": { "attendeeIds": [one] } }),
        )
        .unwrap();
        assert!(view["pdfName"]
            .as_str()
            .unwrap()
            .ends_with("-programmes-personnels-adrien-masson.pdf"));

        // Options that do not apply are refused, naming the field.
        let err = invoke(
            &window,
            "open_print",
            json!({ "eventId": id, "document": "badges", "options": { "large": true } }),
        )
        .unwrap_err();
        assert_eq!(
            (&err["field"], &err["reason"]),
            (&json!("large"), &json!("not_applicable"))
        );
        // A token that was never given is not printed.
        for command in ["print_document", "save_pdf"] {
            let err = invoke(&window, command, json!({ "token": 999 })).unwrap_err();
            assert_eq!(err["code"], "not_found");
        }
    }

    /// A workshop of one seat: the second attendee waits, takes the seat
    /// when the first cancels, and is listed to be told.
    #[test]
    fn sign_up_round_trip_with_waitlist_and_promotion() {
        let (_app, window) = window();
        let event = invoke(
            &window,
            "create_event",
            json!({ "event": {
                "title": "Rencontre des tiers-lieux de Lozère",
                "date": "2022-10-30",
                "dayStart": "09:00",
                "dayEnd": "17:00",
                "timeZone": "Europe/Paris",
                "language": "fr",
            }}),
        )
        .unwrap();
        let event_id = event["id"].clone();
        let workshop = |title: &str, start: &str, end: &str| {
            json!({ "item": {
                "eventId": event_id,
                "startsAt": format!("2022-10-30T{start}"),
                "endsAt": format!("2022-10-30T{end}"),
                "kind": "workshop",
                "title": title,
                "capacity": 1,
            }})
        };
        let repair = invoke(
            &window,
            "save_item",
            workshop("Réparer ensemble", "14:00", "15:00"),
        )
        .unwrap()["item"]["id"]
            .clone();
        let wood = invoke(
            &window,
            "save_item",
            workshop("Atelier bois", "15:00", "16:00"),
        )
        .unwrap()["item"]["id"]
            .clone();
        let block = invoke(
            &window,
            "make_block",
            json!({
                "block": { "eventId": event_id, "name": "Ateliers", "minChoices": 1, "maxChoices": 2 },
                "itemIds": [repair, wood],
            }),
        )
        .unwrap();
        assert_eq!(block["name"], "Ateliers");

        let attendee = |name: &str| {
            let a = json!({ "attendee": { "eventId": event_id, "name": name, "organisation": "La Fabrique" } });
            invoke(&window, "save_attendee", a).unwrap()["id"].clone()
        };
        let (camille, lucas) = (attendee("Camille Roux"), attendee("Lucas Martin"));
        let sign_up = |who: &Value| {
            invoke(
                &window,
                "sign_up",
                json!({ "itemId": repair, "attendeeId": who, "source": "manual" }),
            )
        };
        let first = sign_up(&camille).unwrap();
        assert_eq!(first["status"], "confirmed");
        assert_eq!(sign_up(&lucas).unwrap()["status"], "waitlisted");
        let again = sign_up(&lucas).unwrap_err();
        assert_eq!(again["reason"], "already_signed_up");

        let promotions = invoke(&window, "cancel_signup", json!({ "id": first["id"] })).unwrap();
        assert_eq!(promotions[0]["attendeeId"], lucas);
        let attendees = invoke(&window, "attendees", json!({ "eventId": event_id })).unwrap();
        assert_eq!(attendees["ids"].as_array().unwrap().len(), 2);
        assert_eq!(attendees["names"], json!(["Camille Roux", "Lucas Martin"]));
        assert_eq!(attendees["ids"], json!([camille, lucas]));
        assert_eq!(attendees["organisations"], json!(["La Fabrique"]));
        assert_eq!(attendees["organisation"], json!([0, 0]));
        let registrations =
            invoke(&window, "signup_state", json!({ "eventId": event_id })).unwrap();
        assert!(registrations.get("attendees").is_none());
        assert_eq!(registrations["signups"].as_array().unwrap().len(), 1);
        assert_eq!(registrations["promotions"][0]["attendeeId"], lucas);
        assert_eq!(
            registrations["fills"][0],
            json!({ "itemId": repair, "capacity": 1, "confirmed": 1, "waitlisted": 0 })
        );
        // Camille's day: the item Lucas now holds is full for her.
        let day = invoke(
            &window,
            "attendee_day",
            json!({ "eventId": event_id, "attendeeId": camille }),
        )
        .unwrap();
        let option = day["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["itemId"] == repair)
            .unwrap()
            .clone();
        assert_eq!(
            option,
            json!({ "itemId": repair, "obstacle": { "kind": "full" }, "blockedBy": null })
        );
        let workshops = registrations["workshops"].as_array().unwrap().clone();
        let promotion = registrations["promotions"][0]["id"].clone();
        invoke(
            &window,
            "set_promotion_told",
            json!({ "id": promotion, "told": true }),
        )
        .unwrap();
        let signup = registrations["signups"][0]["id"].clone();
        let present = invoke(
            &window,
            "set_attendance",
            json!({ "signupId": signup, "attended": true }),
        )
        .unwrap();
        assert_eq!(present["attended"], true);

        // Rankings come back as block id → workshop ids.
        let order: Vec<Value> = workshops.iter().rev().map(|w| w["id"].clone()).collect();
        invoke(
            &window,
            "set_ranking",
            json!({ "attendeeId": camille, "blockId": block["id"], "workshopIds": order }),
        )
        .unwrap();
        let rankings = invoke(&window, "rankings", json!({ "attendeeId": camille })).unwrap();
        assert_eq!(rankings[block["id"].to_string()], json!(order));
        let report = invoke(
            &window,
            "allocate_block",
            json!({ "blockId": block["id"], "dryRun": true }),
        )
        .unwrap();
        assert_eq!(report["applied"], false);

        let moved = invoke(
            &window,
            "move_signup",
            json!({ "signupId": signup, "itemId": wood }),
        )
        .unwrap();
        assert_eq!(moved["status"], "confirmed");
        invoke(
            &window,
            "set_item_workshop",
            json!({ "itemId": wood, "blockId": null, "sameAs": null }),
        )
        .unwrap();
        let history = invoke(&window, "history", json!({})).unwrap();
        assert_eq!(history["undo"], "item.workshop");
        invoke(&window, "delete_attendee", json!({ "id": camille })).unwrap();
        invoke(&window, "delete_block", json!({ "id": block["id"] })).unwrap();
        let edited = json!({ "block": { "id": block["id"], "eventId": event_id, "name": "x", "maxChoices": 1 } });
        assert_eq!(
            invoke(&window, "save_block", edited).unwrap_err()["code"],
            "not_found"
        );
    }

    #[test]
    fn notify_preview_template_and_eml_round_trip() {
        let out = tempfile_dir();
        let mut state = AppState::new(Db::open_in_memory(), PathBuf::from(":memory:"));
        state.save_to = Some(out.clone());
        let (app, window) = window_with(state);
        let event = invoke(&window, "load_demo", json!({})).unwrap();
        let r = invoke(&window, "signup_state", json!({ "eventId": event })).unwrap();
        let block = r["blocks"][0]["id"].clone();
        let request = json!({ "kind": "allocation", "blockId": block });
        let preview = invoke(
            &window,
            "notify_preview",
            json!({ "eventId": event, "request": request, "template": null, "sampleOf": null }),
        )
        .unwrap();
        assert!(preview["sample"]["subject"]
            .as_str()
            .unwrap()
            .ends_with("vos ateliers"));
        assert!(preview["placeholders"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["text"] == "{ateliers}"));
        assert_eq!(preview["customised"], false);
        // An unknown placeholder: the field and the reason.
        let err = invoke(
            &window,
            "notify_preview",
            json!({ "eventId": event, "request": request,
                    "template": { "subject": "{prénom}", "body": "x" }, "sampleOf": null }),
        )
        .unwrap_err();
        assert_eq!(
            (&err["field"], &err["reason"]),
            (&json!("subject"), &json!("unknown_placeholder"))
        );
        // Made on a copy: the database is free while the messages are.
        let free = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let seen = free.clone();
        *app.state::<AppState>().faults.apart.lock().unwrap() = Some(Box::new(move |db| {
            drop(db.try_lock().expect("the database is free"));
            seen.store(true, std::sync::atomic::Ordering::SeqCst);
        }));
        let report = invoke(
            &window,
            "save_notify_eml",
            json!({ "eventId": event, "request": request }),
        )
        .unwrap();
        assert!(free.load(std::sync::atomic::Ordering::SeqCst));
        let written = report["written"].as_array().unwrap().len();
        assert_eq!(written, preview["recipients"].as_array().unwrap().len());
        let files = std::fs::read_dir(&out)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "eml")
            })
            .count();
        assert_eq!(files, written);
        // Sending without a mail server is refused before anything starts.
        let err = invoke(
            &window,
            "start_sending",
            json!({ "eventId": event, "request": request }),
        )
        .unwrap_err();
        assert_eq!(err["field"], "host");
        let status = invoke(&window, "sending_status", json!({})).unwrap();
        assert_eq!(status["running"], false);
        std::fs::remove_dir_all(&out).unwrap();
    }

    /// Everyone's calendars are made on a copy of the database: meanwhile
    /// the database is free for other commands, and a change then that
    /// meets what the calendars record (someone deleted who had none yet)
    /// has them made again on the database itself, without that person.
    #[test]
    fn everyones_calendars_are_made_apart_from_the_database() {
        use std::sync::atomic::{AtomicBool, Ordering};
        use std::sync::Arc;
        let out = tempfile_dir();
        let mut state = AppState::new(Db::open_in_memory(), PathBuf::from(":memory:"));
        state.save_to = Some(out.clone());
        let (app, window) = window_with(state);
        let state = app.state::<AppState>();
        let event = invoke(&window, "load_demo", json!({})).unwrap();
        let mut published =
            invoke(&window, "get_programme", json!({ "eventId": event })).unwrap()["event"].clone();
        published["status"] = json!("published");
        invoke(&window, "update_event", json!({ "event": published })).unwrap();
        let newcomer = invoke(
            &window,
            "save_attendee",
            json!({ "attendee": { "eventId": event, "name": "Nadia Benali", "email": "",
                                  "organisation": "", "category": "", "notes": "" } }),
        )
        .unwrap()["id"]
            .as_i64()
            .unwrap();
        let (free, deleted) = (
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicBool::new(false)),
        );
        let (f, d) = (free.clone(), deleted.clone());
        *state.faults.apart.lock().unwrap() = Some(Box::new(move |db| {
            let mut db = db.try_lock().expect("the database is free");
            f.store(true, Ordering::SeqCst);
            if !d.swap(true, Ordering::SeqCst) {
                db.delete_attendee(newcomer).unwrap();
            }
        }));
        let names = |path: &str| -> Vec<String> {
            let zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
            zip.file_names().map(|n| n.unwrap().into_owned()).collect()
        };
        let count = |sql: &str| -> i64 {
            state
                .with(|db| Ok(db.conn().query_row(sql, [], |r| r.get(0))?))
                .unwrap()
        };
        let path = invoke(
            &window,
            "export_personal_calendars",
            json!({ "eventId": event }),
        )
        .unwrap();
        assert!(free.load(Ordering::SeqCst));
        let files = names(path.as_str().unwrap());
        assert!(
            !files.iter().any(|f| f.contains("nadia-benali")),
            "{files:?}"
        );
        let attendees = count("SELECT count(*) FROM attendees");
        assert_eq!(
            files
                .iter()
                .filter(|f| f.starts_with("participants/"))
                .count() as i64,
            attendees
        );
        // Recorded for everyone there (by the calendars made again).
        assert_eq!(
            count("SELECT count(*) FROM personal_calendar_holders"),
            attendees
        );

        // Nothing changed meanwhile: the copy's records are taken up.
        let sent = count("SELECT count(*) FROM personal_calendar_sent");
        let mut item = invoke(&window, "get_programme", json!({ "eventId": event })).unwrap()
            ["items"][0]
            .clone();
        item["title"] = json!("Accueil (nouvelle salle)");
        invoke(&window, "save_item", json!({ "item": item })).unwrap();
        let sequence = "SELECT sequence FROM calendar_sent c JOIN items i ON i.uid = c.uid \
                        WHERE i.title = 'Accueil (nouvelle salle)'";
        assert_eq!(count(sequence), 0);
        invoke(
            &window,
            "export_personal_calendars",
            json!({ "eventId": event }),
        )
        .unwrap();
        assert_eq!(count(sequence), 1, "the change sent, and recorded");
        assert_eq!(count("SELECT count(*) FROM personal_calendar_sent"), sent);
        // Undo is as it was: the title comes back.
        invoke(&window, "undo", json!({})).unwrap();
        assert_eq!(
            count("SELECT count(*) FROM items WHERE title = 'Accueil (nouvelle salle)'"),
            0
        );
        std::fs::remove_dir_all(&out).unwrap();
    }

    /// Sending runs in the background: started, followed until it ends, a
    /// report per person; started again after the server closed mid-way, it
    /// sends only to the rest (the app's ledger records each one at once).
    #[test]
    fn sending_runs_in_the_background_and_resumes() {
        use crate::support::smtp::{free_port, Sink};
        let (_app, window) = window();
        let event = invoke(&window, "load_demo", json!({})).unwrap();
        let r = invoke(&window, "signup_state", json!({ "eventId": event })).unwrap();
        let request = json!({ "kind": "allocation", "blockId": r["blocks"][0]["id"] });
        let port = free_port();
        let settings = json!({ "host": "127.0.0.1", "port": port, "security": "plain",
                               "user": "", "from": "Orga <orga@example.org>" });
        let view = invoke(
            &window,
            "save_smtp_settings",
            json!({ "settings": settings, "password": null }),
        )
        .unwrap();
        assert_eq!(view["settings"]["port"], port);
        let start = || {
            invoke(
                &window,
                "start_sending",
                json!({ "eventId": event, "request": request }),
            )
            .unwrap();
            let t0 = std::time::Instant::now();
            loop {
                let s = invoke(&window, "sending_status", json!({})).unwrap();
                if s["running"] == false {
                    return s;
                }
                assert!(t0.elapsed().as_secs() < 120, "sending never ended: {s}");
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
        };
        let count = |s: &Value, status: &str| {
            s["report"]["outcomes"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|o| o["status"] == status)
                .count()
        };
        let first = Sink::start(port, "", 3);
        let status = start();
        let total = status["total"].as_u64().unwrap() as usize;
        assert!(total > 4, "{status}");
        assert_eq!(status["done"].as_u64().unwrap() as usize, total);
        assert_eq!(
            (
                count(&status, "sent"),
                count(&status, "failed"),
                count(&status, "not_sent")
            ),
            (3, 1, total - 4)
        );
        let mut received = first.received();
        drop(first);
        let second = Sink::start(port, "", -1);
        let status = start();
        assert_eq!(count(&status, "already_sent"), 3);
        assert_eq!(count(&status, "sent"), total - 3);
        received.extend(second.received());
        let unique: HashSet<&String> = received.iter().collect();
        assert_eq!((received.len(), unique.len()), (total, total));
    }

    /// A fresh folder under the system's temporary one.
    pub(crate) fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "deroule-app-test-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_newer_database_answers_every_command_with_its_error() {
        let refused = deroule::Error::new(deroule::ErrorCode::NewerDatabase, "newer");
        let app = builder::<MockRuntime>()
            .build(tauri::generate_context!(test = true))
            .expect("mock app");
        app.manage(AppState::new(Err(refused), PathBuf::from("/tmp/newer.db")));
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .unwrap();
        let err = invoke(&window, "list_events", json!({})).unwrap_err();
        assert_eq!(err["code"], "newer_database");
        assert_eq!(
            invoke(&window, "database_path", json!({})).unwrap(),
            "/tmp/newer.db"
        );
    }

    /// Deleting an event puts it aside: undo brings it back, and closing
    /// the app purges it from the file with all it held; an event a crash
    /// left put aside is purged when the app starts again.
    #[test]
    fn a_deleted_event_leaves_the_file_when_the_app_closes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deroule.db");
        let rows = |sql: &str| -> i64 {
            let db = Db::open(&path).unwrap();
            db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
        };
        let (app, window) = window_with(AppState::new(Db::open(&path), path.clone()));
        let id = invoke(&window, "load_demo", json!({})).unwrap();
        invoke(&window, "delete_event", json!({ "id": id })).unwrap();
        assert_eq!(
            invoke(&window, "list_events", json!({})).unwrap(),
            json!([])
        );
        invoke(&window, "undo", json!({})).unwrap();
        assert_eq!(
            invoke(&window, "list_events", json!({})).unwrap()[0]["id"],
            id
        );
        invoke(&window, "delete_event", json!({ "id": id })).unwrap();
        assert!(
            rows("SELECT count(*) FROM attendees") > 0,
            "kept while undo can reach it"
        );
        database::on_exit(app.handle());
        for table in ["events", "items", "attendees", "rooms"] {
            assert_eq!(rows(&format!("SELECT count(*) FROM {table}")), 0, "{table}");
        }
        drop((window, app));

        // A session that ended without closing (its deletion still there).
        let mut db = Db::open(&path).unwrap();
        let id = db.load_demo().unwrap();
        db.delete_event(id).unwrap();
        drop(db);
        let (app, window) = window_with(AppState::new(Db::open(&path), path.clone()));
        database::purge_left_behind(app.handle());
        let mut waited = 0;
        while rows("SELECT count(*) FROM events") > 0 && waited < 100 {
            std::thread::sleep(std::time::Duration::from_millis(50));
            waited += 1;
        }
        assert_eq!(rows("SELECT count(*) FROM items"), 0);
        assert_eq!(
            invoke(&window, "list_events", json!({})).unwrap(),
            json!([])
        );
    }

    /// A window whose attendee lists come from `--open-from` this fixture.
    fn window_opening(
        fixture: &str,
    ) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>, String) {
        let file = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/csv")
            .join(fixture);
        let mut state = AppState::new(Db::open_in_memory(), PathBuf::from(":memory:"));
        state.open_from = Some(file.clone());
        let (app, window) = window_with(state);
        (app, window, file.display().to_string())
    }

    #[test]
    fn attendee_list_picked_previewed_and_imported() {
        let (_app, window, path) = window_opening("mise-a-jour.csv");
        let id = invoke(&window, "load_demo", json!({})).unwrap();
        // A path the user did not pick is not read.
        let err = invoke(
            &window,
            "preview_attendees_csv",
            json!({ "eventId": id, "path": path, "mapping": null }),
        )
        .unwrap_err();
        assert_eq!(err["reason"], "not_picked");

        let pick = invoke(&window, "pick_attendees_csv", json!({ "eventId": id })).unwrap();
        assert_eq!(pick["path"], path);
        let preview = &pick["preview"];
        assert_eq!(
            (
                &preview["encoding"],
                &preview["delimiter"],
                &preview["rowCount"]
            ),
            (&json!("utf8"), &json!(";"), &json!(4))
        );
        assert_eq!(
            preview["mapping"],
            json!({ "name": null, "firstName": 1, "lastName": 0, "email": 2,
                    "organisation": 3, "category": 4, "notes": 5, "registeredAt": null })
        );
        assert_eq!(preview["rows"][0]["name"], "Chloé Martin");
        assert_eq!(preview["rows"][0]["action"], "create");
        assert_eq!(preview["creates"], 4);

        // The user maps the category to nothing: the preview follows.
        let mut mapping = preview["mapping"].clone();
        mapping["category"] = Value::Null;
        let again = invoke(
            &window,
            "preview_attendees_csv",
            json!({ "eventId": id, "path": path, "mapping": mapping }),
        )
        .unwrap();
        assert_eq!(again["mapping"], mapping);
        assert_eq!(again["rows"][0]["category"], "");

        let report = invoke(
            &window,
            "import_attendees_csv",
            json!({ "eventId": id, "path": path, "mapping": mapping }),
        )
        .unwrap();
        assert_eq!(
            report,
            json!({
                "dryRun": false,
                "encoding": "utf8",
                "delimiter": ";",
                "mapping": mapping,
                "created": 4,
                "updated": [],
                "unchanged": 0,
                "duplicates": [],
                "merged": [],
            })
        );
        let history = invoke(&window, "history", json!({})).unwrap();
        assert_eq!(history["undo"], "attendees.import");
    }

    #[test]
    fn a_refused_attendee_list_answers_with_its_lines() {
        let (_app, window, path) = window_opening("ligne-cassee.csv");
        let id = invoke(&window, "load_demo", json!({})).unwrap();
        let pick = invoke(&window, "pick_attendees_csv", json!({ "eventId": id })).unwrap();
        let lines: Vec<&Value> = pick["preview"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["line"])
            .collect();
        assert_eq!(lines, [&json!(3), &json!(5)]);
        let err = invoke(
            &window,
            "import_attendees_csv",
            json!({ "eventId": id, "path": path, "mapping": null }),
        )
        .unwrap_err();
        assert_eq!(
            err,
            json!({
                "code": "invalid",
                "field": "file",
                "reason": "field_count",
                "message": "nothing imported, 2 rows refused: line 3: 5 fields where the header has 4; line 5: the quote opened on line 5 is never closed",
            })
        );
        let bad_mapping = json!({ "name": 0, "firstName": null, "lastName": null, "email": 7,
                                  "organisation": null, "category": null, "notes": null });
        let err = invoke(
            &window,
            "import_attendees_csv",
            json!({ "eventId": id, "path": path, "mapping": bad_mapping }),
        )
        .unwrap_err();
        assert_eq!(
            (&err["field"], &err["reason"]),
            (&json!("mapping"), &json!("bad_column"))
        );
        // Nothing was imported: the demo's load is still the last step.
        let history = invoke(&window, "history", json!({})).unwrap();
        assert_eq!(history["undo"], "demo.load");
    }
}
