//! The Tauri shell. Each command takes the state, calls the core, and returns
//! the core's error as `{code, field?, reason?, message}`. No rule lives here.

use deroule::exchange::ics::Selection;
use deroule::exchange::{ExportFormat, ImportFormat, ImportReport};
use deroule::model::{
    Attendee, ChoiceBlock, Event, EventSummary, HistoryState, Id, Item, Programme, Promotion,
    Registrations, Room, Signup, SignupSource, Speaker, Venue,
};
use deroule::print::{Document, PrintOptions};
use deroule::signups::allocation::AllocationReport;
use deroule::signups::csv::{
    self as attendees_csv, CsvImportReport, CsvMapping, CsvPick, CsvPreview,
};
use deroule::signups::personal::AttendeeDay;
use deroule::{Db, Error, ErrorCode};
use std::collections::HashMap;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

mod printing;
use printing::{PdfOutcome, PrintView, Printed, Shelf};

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
    /// `--open-from FILE`: picking an attendee list opens this file instead
    /// of asking with a dialog (scripts and end-to-end tests).
    open_from: Option<PathBuf>,
    /// The files the user picked. Commands that read a path the UI sends
    /// read only these, so the window cannot read other files.
    picked: Mutex<HashSet<PathBuf>>,
    /// Printed documents lately rendered, served by the `deroule-print:`
    /// scheme to the preview and the print webview.
    printed: Mutex<Shelf>,
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
        }
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

    fn with<T>(&self, f: impl FnOnce(&mut Db) -> deroule::Result<T>) -> Result<T, Error> {
        let db = self.db.as_ref().map_err(Clone::clone)?;
        // A panic while holding the lock leaves SQLite consistent (the
        // transaction rolled back), so a poisoned lock is safe to reuse.
        let mut db = db.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut db)
    }
}

type Res<T> = Result<T, Error>;

#[tauri::command(async)]
fn list_events(state: State<'_, AppState>) -> Res<Vec<EventSummary>> {
    state.with(|db| db.list_events())
}

#[tauri::command(async)]
fn create_event(state: State<'_, AppState>, event: Event) -> Res<Event> {
    state.with(|db| db.create_event(&event))
}

#[tauri::command(async)]
fn update_event(state: State<'_, AppState>, event: Event) -> Res<Event> {
    state.with(|db| db.update_event(&event))
}

#[tauri::command(async)]
fn duplicate_event(state: State<'_, AppState>, id: Id, copy_suffix: String) -> Res<Event> {
    state.with(|db| db.duplicate_event(id, &copy_suffix))
}

#[tauri::command(async)]
fn delete_event(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_event(id))
}

#[tauri::command(async)]
fn get_programme(state: State<'_, AppState>, event_id: Id) -> Res<Programme> {
    state.with(|db| db.programme(event_id))
}

#[tauri::command(async)]
fn save_venue(state: State<'_, AppState>, event_id: Id, venue: Venue) -> Res<Venue> {
    state.with(|db| db.save_venue(event_id, &venue))
}

#[tauri::command(async)]
fn save_room(state: State<'_, AppState>, room: Room) -> Res<Room> {
    state.with(|db| db.save_room(&room))
}

#[tauri::command(async)]
fn move_room(state: State<'_, AppState>, id: Id, delta: i64) -> Res<Vec<Room>> {
    state.with(|db| db.move_room(id, delta))
}

#[tauri::command(async)]
fn delete_room(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_room(id))
}

#[tauri::command(async)]
fn save_item(state: State<'_, AppState>, item: Item) -> Res<Item> {
    state.with(|db| db.save_item(&item))
}

#[tauri::command(async)]
fn delete_item(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_item(id))
}

#[tauri::command(async)]
fn list_speakers(state: State<'_, AppState>) -> Res<Vec<Speaker>> {
    state.with(|db| db.list_speakers())
}

#[tauri::command(async)]
fn save_speaker(state: State<'_, AppState>, speaker: Speaker) -> Res<Speaker> {
    state.with(|db| db.save_speaker(&speaker))
}

#[tauri::command(async)]
fn delete_speaker(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_speaker(id))
}

#[tauri::command(async)]
fn registrations(state: State<'_, AppState>, event_id: Id) -> Res<Registrations> {
    state.with(|db| db.registrations(event_id))
}

/// One attendee's day: their own programme and what stands in the way of
/// each sign-up, read when they are opened and after every change.
#[tauri::command(async)]
fn attendee_day(state: State<'_, AppState>, event_id: Id, attendee_id: Id) -> Res<AttendeeDay> {
    state.with(|db| db.attendee_day(event_id, attendee_id))
}

#[tauri::command(async)]
fn save_attendee(state: State<'_, AppState>, attendee: Attendee) -> Res<Attendee> {
    state.with(|db| db.save_attendee(&attendee))
}

#[tauri::command(async)]
fn delete_attendee(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_attendee(id))
}

#[tauri::command(async)]
fn sign_up(
    state: State<'_, AppState>,
    item_id: Id,
    attendee_id: Id,
    source: SignupSource,
) -> Res<Signup> {
    state.with(|db| db.sign_up(item_id, attendee_id, source))
}

#[tauri::command(async)]
fn cancel_signup(state: State<'_, AppState>, id: Id) -> Res<Vec<Promotion>> {
    state.with(|db| db.cancel_signup(id))
}

#[tauri::command(async)]
fn move_signup(state: State<'_, AppState>, signup_id: Id, item_id: Id) -> Res<Signup> {
    state.with(|db| db.move_signup(signup_id, item_id))
}

#[tauri::command(async)]
fn set_attendance(
    state: State<'_, AppState>,
    signup_id: Id,
    attended: Option<bool>,
) -> Res<Signup> {
    state.with(|db| db.set_attendance(signup_id, attended))
}

#[tauri::command(async)]
fn set_promotion_told(state: State<'_, AppState>, id: Id, told: bool) -> Res<()> {
    state.with(|db| db.set_promotion_told(id, told))
}

#[tauri::command(async)]
fn save_block(state: State<'_, AppState>, block: ChoiceBlock) -> Res<ChoiceBlock> {
    state.with(|db| db.save_block(&block))
}

#[tauri::command(async)]
fn delete_block(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_block(id))
}

#[tauri::command(async)]
fn set_item_workshop(
    state: State<'_, AppState>,
    item_id: Id,
    block_id: Option<Id>,
    same_as: Option<Id>,
) -> Res<()> {
    state.with(|db| db.set_item_workshop(item_id, block_id, same_as))
}

#[tauri::command(async)]
fn make_block(
    state: State<'_, AppState>,
    block: ChoiceBlock,
    item_ids: Vec<Id>,
) -> Res<ChoiceBlock> {
    state.with(|db| db.make_block(&block, &item_ids))
}

#[tauri::command(async)]
fn set_ranking(
    state: State<'_, AppState>,
    attendee_id: Id,
    block_id: Id,
    workshop_ids: Vec<Id>,
) -> Res<()> {
    state.with(|db| db.set_ranking(attendee_id, block_id, &workshop_ids))
}

/// An attendee's rankings: block id → workshop ids, first choice first.
#[tauri::command(async)]
fn rankings(state: State<'_, AppState>, attendee_id: Id) -> Res<HashMap<Id, Vec<Id>>> {
    state.with(|db| db.rankings(attendee_id))
}

#[tauri::command(async)]
fn allocate_block(
    state: State<'_, AppState>,
    block_id: Id,
    dry_run: bool,
) -> Res<AllocationReport> {
    state.with(|db| db.allocate_block(block_id, dry_run))
}

#[tauri::command(async)]
fn load_demo(state: State<'_, AppState>) -> Res<Id> {
    state.with(|db| db.load_demo())
}

#[tauri::command(async)]
fn undo(state: State<'_, AppState>) -> Res<HistoryState> {
    state.with(|db| {
        db.undo()?;
        Ok(db.history())
    })
}

#[tauri::command(async)]
fn redo(state: State<'_, AppState>) -> Res<HistoryState> {
    state.with(|db| {
        db.redo()?;
        Ok(db.history())
    })
}

#[tauri::command(async)]
fn history(state: State<'_, AppState>) -> Res<HistoryState> {
    state.with(|db| Ok(db.history()))
}

/// Exports an event: asks where to save with the system dialog (or uses
/// `--save-to`), writes the file, and returns its path (None: cancelled).
#[tauri::command(async)]
fn export_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: Id,
    format: ExportFormat,
    selection: Selection,
) -> Res<Option<String>> {
    let file = state.with(|db| db.export(event_id, format, &selection, chrono::Utc::now()))?;
    let path = match &state.save_to {
        Some(dir) => dir.join(&file.file_name),
        None => {
            let extension = format.extension();
            let chosen = app
                .dialog()
                .file()
                .set_file_name(&file.file_name)
                .add_filter(extension, &[extension])
                .blocking_save_file();
            match chosen.map(|p| p.into_path()) {
                None => return Ok(None),
                Some(Ok(path)) => path,
                Some(Err(e)) => {
                    return Err(Error::new(ErrorCode::Io, format!("cannot save there: {e}")))
                }
            }
        }
    };
    write_file(&path, &file.contents)?;
    Ok(Some(path.display().to_string()))
}

/// Imports a file into an event: asks which file with the system dialog,
/// reads it, and imports it all or nothing. None: the user cancelled.
#[tauri::command(async)]
fn import_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: Id,
    format: ImportFormat,
) -> Res<Option<ImportReport>> {
    let extension = format.extension();
    let chosen = app
        .dialog()
        .file()
        .add_filter(extension, &[extension])
        .blocking_pick_file();
    let path = match chosen.map(|p| p.into_path()) {
        None => return Ok(None),
        Some(Ok(path)) => path,
        Some(Err(e)) => {
            return Err(Error::new(
                ErrorCode::Io,
                format!("cannot open that file: {e}"),
            ))
        }
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    })?;
    state
        .with(|db| db.import(event_id, format, &text))
        .map(Some)
}

/// Asks which attendee list to open with the system dialog (or opens
/// `--open-from`), and previews it against the event with the guessed
/// mapping. None: the user cancelled.
#[tauri::command(async)]
fn pick_attendees_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: Id,
) -> Res<Option<CsvPick>> {
    let path = match &state.open_from {
        Some(path) => path.clone(),
        None => {
            let chosen = app
                .dialog()
                .file()
                .add_filter("CSV", &["csv", "txt"])
                .blocking_pick_file();
            match chosen.map(|p| p.into_path()) {
                None => return Ok(None),
                Some(Ok(path)) => path,
                Some(Err(e)) => {
                    return Err(Error::new(
                        ErrorCode::Io,
                        format!("cannot open that file: {e}"),
                    ))
                }
            }
        }
    };
    let bytes = attendees_csv::read_file(&path)?;
    let preview = state.with(|db| db.preview_attendees_csv(event_id, &bytes, None))?;
    state.remember(&path);
    Ok(Some(CsvPick {
        path: path.display().to_string(),
        preview,
    }))
}

/// Previews a picked attendee list again, with the mapping the user chose.
#[tauri::command(async)]
fn preview_attendees_csv(
    state: State<'_, AppState>,
    event_id: Id,
    path: String,
    mapping: Option<CsvMapping>,
) -> Res<CsvPreview> {
    let bytes = state.read_picked(&path)?;
    state.with(|db| db.preview_attendees_csv(event_id, &bytes, mapping.as_ref()))
}

/// Imports a picked attendee list, all or nothing, as one undoable change.
#[tauri::command(async)]
fn import_attendees_csv(
    state: State<'_, AppState>,
    event_id: Id,
    path: String,
    mapping: Option<CsvMapping>,
) -> Res<CsvImportReport> {
    let bytes = state.read_picked(&path)?;
    state.with(|db| db.import_attendees_csv(event_id, &bytes, mapping.as_ref()))
}

/// Renders a printed document and keeps it for the preview and printing:
/// returns the URL that serves it (scheme `deroule-print:`).
#[tauri::command(async)]
fn open_print(
    state: State<'_, AppState>,
    event_id: Id,
    document: Document,
    options: PrintOptions,
) -> Res<PrintView> {
    let file = state.with(|db| db.print(event_id, document, &options))?;
    let printed = Printed::new(file);
    let pdf_name = printed.pdf_name.clone();
    let token = state.shelf().put(printed);
    Ok(PrintView {
        token,
        url: printing::url(token),
        document,
        pdf_name,
    })
}

/// Opens the system print dialog for a document opened with `open_print`.
#[tauri::command(async)]
fn print_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: u64,
) -> Res<()> {
    let printed = state.shelf().find(token)?;
    printing::print_dialog(&app, token, &printed)
}

/// Saves a document opened with `open_print` as a PDF: asks where with the
/// system dialog (or uses `--save-to`), then prints to that file silently.
/// Where the webview cannot print to a file (macOS, Windows), opens the
/// system print dialog instead, which offers to save as PDF.
#[tauri::command(async)]
fn save_pdf<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: u64,
) -> Res<PdfOutcome> {
    let printed = state.shelf().find(token)?;
    #[cfg(target_os = "linux")]
    {
        let path = match &state.save_to {
            Some(dir) => dir.join(&printed.pdf_name),
            None => {
                let chosen = app
                    .dialog()
                    .file()
                    .set_file_name(&printed.pdf_name)
                    .add_filter("PDF", &["pdf"])
                    .blocking_save_file();
                match chosen.map(|p| p.into_path()) {
                    None => return Ok(PdfOutcome::Cancelled),
                    Some(Ok(path)) => path,
                    Some(Err(e)) => {
                        return Err(Error::new(ErrorCode::Io, format!("cannot save there: {e}")))
                    }
                }
            }
        };
        // Printed beside it first, so a failure never leaves half a PDF
        // where the user expects a whole one.
        let part = path.with_extension("pdf.part");
        let result = printing::save_pdf(&app, token, &printed, &part).and_then(|()| {
            std::fs::rename(&part, &path).map_err(|e| {
                Error::new(
                    ErrorCode::Io,
                    format!("cannot write {}: {e}", path.display()),
                )
            })
        });
        if result.is_err() {
            let _ = std::fs::remove_file(&part);
        }
        result.map(|()| PdfOutcome::Saved {
            path: path.display().to_string(),
        })
    }
    #[cfg(not(target_os = "linux"))]
    {
        printing::print_dialog(&app, token, &printed).map(|()| PdfOutcome::PrintDialog)
    }
}

/// Writes through a temporary file in the same folder, so a failure never
/// leaves half a file where the user expects a whole one.
fn write_file(path: &Path, contents: &str) -> Res<()> {
    let io = |e: std::io::Error| {
        Error::new(
            ErrorCode::Io,
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, contents).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

#[tauri::command(async)]
fn database_path(state: State<'_, AppState>) -> Res<String> {
    Ok(state.path.display().to_string())
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

/// The database file: `--db PATH` on the command line, else the `DEROULE_DB`
/// environment variable, else `deroule.db` in the OS data directory.
fn database_file<R: Runtime>(app: &tauri::App<R>) -> Result<PathBuf, Box<dyn std::error::Error>> {
    if let Some(path) = option("db") {
        return Ok(path);
    }
    if let Some(path) = std::env::var_os("DEROULE_DB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    Ok(app.path().app_data_dir()?.join("deroule.db"))
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
        .invoke_handler(tauri::generate_handler![
            list_events,
            create_event,
            update_event,
            duplicate_event,
            delete_event,
            get_programme,
            save_venue,
            save_room,
            move_room,
            delete_room,
            save_item,
            delete_item,
            list_speakers,
            save_speaker,
            delete_speaker,
            registrations,
            attendee_day,
            save_attendee,
            delete_attendee,
            sign_up,
            cancel_signup,
            move_signup,
            set_attendance,
            set_promotion_told,
            save_block,
            delete_block,
            set_item_workshop,
            make_block,
            set_ranking,
            rankings,
            allocate_block,
            load_demo,
            undo,
            redo,
            history,
            database_path,
            export_file,
            import_file,
            pick_attendees_csv,
            preview_attendees_csv,
            import_attendees_csv,
            open_print,
            print_document,
            save_pdf,
        ])
}

pub fn run() {
    builder::<tauri::Wry>()
        .setup(|app| {
            let path = database_file(app)?;
            let db = Db::open(&path);
            if let Err(e) = &db {
                eprintln!("deroule: {}: {e}", path.display());
            }
            let mut state = AppState::new(db, path);
            state.save_to = option("save-to");
            state.open_from = option("open-from");
            app.manage(state);
            printing::setup();
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("error while running Déroulé");
}

#[cfg(test)]
mod tests {
    //! IPC round trips on the mock runtime: the JSON the UI sends and gets.

    use super::*;
    use serde_json::{json, Value};
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, MockRuntime};
    use tauri::webview::InvokeRequest;
    use tauri::WebviewWindow;

    /// The app on the mock runtime, with the real capabilities (so a command
    /// the capability does not grant fails here too).
    fn window() -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
        window_with(AppState::new(
            Db::open_in_memory(),
            PathBuf::from(":memory:"),
        ))
    }

    fn window_with(state: AppState) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
        let app = builder::<MockRuntime>()
            .build(tauri::generate_context!(test = true))
            .expect("mock app");
        app.manage(state);
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("mock window");
        (app, window)
    }

    fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, body: Value) -> Result<Value, Value> {
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
    }

    /// A printed document is rendered once, kept under a token, and served
    /// by the `deroule-print:` scheme byte for byte, with its own CSP.
    #[test]
    fn printed_documents_are_served_as_rendered() {
        let (app, window) = window();
        let id = invoke(&window, "load_demo", json!({})).unwrap();
        let registrations = invoke(&window, "registrations", json!({ "eventId": id })).unwrap();
        let attendees = registrations["attendees"].as_array().unwrap();
        assert_eq!(attendees.len(), 60);
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

        // One attendee, by id.
        let one = &attendees[0];
        let view = invoke(
            &window,
            "open_print",
            json!({ "eventId": id, "document": "schedules",
                    "options": { "attendeeIds": [one["id"]] } }),
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
        .unwrap()["id"]
            .clone();
        let wood = invoke(
            &window,
            "save_item",
            workshop("Atelier bois", "15:00", "16:00"),
        )
        .unwrap()["id"]
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
        let registrations =
            invoke(&window, "registrations", json!({ "eventId": event_id })).unwrap();
        assert_eq!(registrations["attendees"].as_array().unwrap().len(), 2);
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
                    "organisation": 3, "category": 4, "notes": 5 })
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
