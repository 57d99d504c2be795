//! Files in and out: exports, imports and attendee lists (CSV).

use super::{Dialog, Res};
use crate::AppState;
use deroule::exchange::event_file::EventFileReport;
use deroule::exchange::ics::Selection;
use deroule::exchange::programme_file::ProgrammeFile;
use deroule::exchange::sheets::{Sheet, SheetFormat};
use deroule::exchange::{ExportFormat, ImportFormat, ImportReport};
use deroule::model::Id;
use deroule::signups::csv::choices::{
    ChoicesImportReport, ChoicesOptions, ChoicesPick, ChoicesPreview,
};
use deroule::signups::csv::{
    self as attendees_csv, CsvImportReport, CsvMapping, CsvPick, CsvPreview,
};
use std::path::Path;
use tauri::{AppHandle, Runtime, State};

/// Exports an event: asks where to save with the system dialog (or uses
/// `--save-to`), writes the file, and returns its path; nothing when the
/// user cancelled.
#[tauri::command(async)]
pub(crate) fn export_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: Id,
    format: ExportFormat,
    selection: Selection,
) -> Res<Option<String>> {
    // Where first: a cancelled dialog or a file that cannot be written
    // records nothing of what the calendar would have sent.
    let file_name = state.with(|db| db.export_file_name(event_id, format, &selection))?;
    let extension = format.extension();
    let dialog = Dialog::Save {
        file_name: &file_name,
    };
    let Some(path) = state.choose_file(&app, dialog, (extension, &[extension]))? else {
        return Ok(None);
    };
    state.with(|db| {
        db.export_to(event_id, format, &selection, db.now(), |file| {
            write_file(&path, &file.contents)
        })
    })?;
    Ok(Some(path.display().to_string()))
}

/// Saves every attendee's own calendar (their day: the common items and
/// their workshops) and every speaker's in one `.zip`: asks where with the
/// system dialog (or uses `--save-to`), and returns the path; nothing when
/// the user cancelled.
#[tauri::command(async)]
pub(crate) fn export_personal_calendars<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: Id,
) -> Res<Option<String>> {
    let file_name = state.with(|db| db.personal_calendars_zip_name(event_id))?;
    let dialog = Dialog::Save {
        file_name: &file_name,
    };
    let Some(path) = state.choose_file(&app, dialog, ("ZIP", &["zip"]))? else {
        return Ok(None);
    };
    // Packed straight into the file as the calendars are made, on a copy
    // of the database (see `AppState::apart`).
    state.apart(|db| {
        let file = deroule::files::AtomicFile::create(&path)?;
        db.personal_calendars_zip_into(event_id, db.now(), file, |file| file.commit())
    })?;
    Ok(Some(path.display().to_string()))
}

/// Imports a file into an event: asks which file with the system dialog
/// (or opens `--open-from`), reads it, and imports it all or nothing;
/// nothing when the user cancelled.
#[tauri::command(async)]
pub(crate) fn import_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: Id,
    format: ImportFormat,
) -> Res<Option<ImportReport>> {
    let extension = format.extension();
    let dialog = Dialog::Open;
    let Some(path) = state.choose_file(&app, dialog, (extension, &[extension]))? else {
        return Ok(None);
    };
    let text = deroule::files::read_text_for_import(&path)?;
    state
        .with(|db| db.import(event_id, format, &text))
        .map(Some)
}

/// Asks which attendee list to open with the system dialog (or opens
/// `--open-from`), and previews it against the event with the guessed
/// mapping; nothing when the user cancelled.
#[tauri::command(async)]
pub(crate) fn pick_attendees_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: Id,
) -> Res<Option<CsvPick>> {
    let dialog = Dialog::Open;
    let Some(path) = state.choose_file(&app, dialog, ("CSV", &["csv", "txt"]))? else {
        return Ok(None);
    };
    let bytes = attendees_csv::read_file(&path)?;
    let preview = state.with(|db| db.preview_attendees_csv(event_id, &bytes, None))?;
    state.remember(&path);
    Ok(Some(CsvPick {
        path: path.display().to_string(),
        preview,
    }))
}

/// Previews a picked attendee list again, with the mapping the user chose
/// (null: the one guessed from its headers).
#[tauri::command(async)]
pub(crate) fn preview_attendees_csv(
    state: State<'_, AppState>,
    event_id: Id,
    path: String,
    mapping: Option<CsvMapping>,
) -> Res<CsvPreview> {
    let bytes = state.read_picked(&path)?;
    state.with(|db| db.preview_attendees_csv(event_id, &bytes, mapping.as_ref()))
}

/// Imports a picked attendee list, all or nothing, as one undoable change;
/// refuses naming the lines at fault when any row is refused.
#[tauri::command(async)]
pub(crate) fn import_attendees_csv(
    state: State<'_, AppState>,
    event_id: Id,
    path: String,
    mapping: Option<CsvMapping>,
) -> Res<CsvImportReport> {
    let bytes = state.read_picked(&path)?;
    state.with(|db| db.import_attendees_csv(event_id, &bytes, mapping.as_ref()))
}

/// Asks which registration form export to open with the system dialog (or
/// opens `--open-from`), and previews its choices against a block's
/// workshops with the guessed columns; nothing when the user cancelled.
#[tauri::command(async)]
pub(crate) fn pick_choices_csv<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    block_id: Id,
) -> Res<Option<ChoicesPick>> {
    let dialog = Dialog::Open;
    let Some(path) = state.choose_file(&app, dialog, ("CSV", &["csv", "txt"]))? else {
        return Ok(None);
    };
    let bytes = attendees_csv::read_file(&path)?;
    let preview =
        state.with(|db| db.preview_choices_csv(block_id, &bytes, &ChoicesOptions::default()))?;
    state.remember(&path);
    Ok(Some(ChoicesPick {
        path: path.display().to_string(),
        preview,
    }))
}

/// Previews a picked file of choices again, with the proposals the user
/// accepted (and a mapping, null: the guessed one).
#[tauri::command(async)]
pub(crate) fn preview_choices_csv(
    state: State<'_, AppState>,
    block_id: Id,
    path: String,
    options: ChoicesOptions,
) -> Res<ChoicesPreview> {
    let bytes = state.read_picked(&path)?;
    state.with(|db| db.preview_choices_csv(block_id, &bytes, &options))
}

/// Imports the choices of a picked file into a block, all or nothing, as
/// one undoable change; refuses naming the lines and columns at fault.
#[tauri::command(async)]
pub(crate) fn import_choices_csv(
    state: State<'_, AppState>,
    block_id: Id,
    path: String,
    options: ChoicesOptions,
) -> Res<ChoicesImportReport> {
    let bytes = state.read_picked(&path)?;
    state.with(|db| db.import_choices_csv(block_id, &bytes, &options))
}

/// Writes atomically (a temporary file in the same folder, fsync, rename),
/// so a failure never leaves half a file where the user expects a whole one,
/// nor destroys the file it would replace.
pub(super) fn write_file(path: &Path, contents: impl AsRef<[u8]>) -> Res<()> {
    deroule::files::write_atomic(path, contents)
}

/// Writes a spreadsheet of an event (attendees, sign-ups per workshop,
/// allocation, changes since the last version) as `.xlsx` or `.csv`: asks
/// where with the system dialog (or uses `--save-to`); returns its path,
/// nothing when the user cancelled.
#[tauri::command(async)]
pub(crate) fn export_sheet<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: Id,
    sheet: Sheet,
    format: SheetFormat,
) -> Res<Option<String>> {
    // Read under the database lock; the file is written without it.
    let data = state.with(|db| db.sheet(event_id, sheet, None))?;
    let extension = format.extension();
    let dialog = Dialog::Save {
        file_name: &data.file_name(format),
    };
    let Some(path) = state.choose_file(&app, dialog, (extension, &[extension]))? else {
        return Ok(None);
    };
    write_file(&path, data.file(format)?.bytes)?;
    Ok(Some(path.display().to_string()))
}

/// Writes the whole event as a Déroulé event file (for another laptop, or
/// next year's edition): asks where with the system dialog (or uses
/// `--save-to`); returns its path, nothing when the user cancelled.
#[tauri::command(async)]
pub(crate) fn export_event_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: Id,
) -> Res<Option<String>> {
    let file = state.with(|db| db.export_event_file(event_id))?;
    let dialog = Dialog::Save {
        file_name: &file.file_name,
    };
    let Some(path) = state.choose_file(&app, dialog, ("Déroulé", &["json"]))? else {
        return Ok(None);
    };
    write_file(&path, &file.contents)?;
    Ok(Some(path.display().to_string()))
}

/// Asks which event file to open with the system dialog (or opens
/// `--open-from`) and makes a new event of it; nothing when the user
/// cancelled.
#[tauri::command(async)]
pub(crate) fn import_event_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Res<Option<EventFileReport>> {
    let dialog = Dialog::Open;
    let Some(path) = state.choose_file(&app, dialog, ("Déroulé", &["json"]))? else {
        return Ok(None);
    };
    let text = deroule::files::read_text_for_import(&path)?;
    let file = ProgrammeFile::parse(&text)?;
    state.with(|db| db.import_event_file(&file)).map(Some)
}
