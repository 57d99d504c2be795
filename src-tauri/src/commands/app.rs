//! The app itself: the demo, undo and redo, the database's location, its
//! copies.

use super::{Dialog, Res};
use crate::database::Restored;
use crate::AppState;
use deroule::db::Reverted;
use deroule::model::{EventSummary, HistoryState, Id, Speaker};
use deroule::words::Lang;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

/// What the first screen shows: the events list, what undo would do, the
/// speakers' directory, the database's path and the interface language.
/// It comes with the page (`start_page.rs`), so the list is drawn before
/// the window shows; `start` asks for it when the page came without it.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Start {
    /// The language chosen on this computer, if one was.
    pub language: Option<Lang>,
    pub database_path: String,
    pub events: Vec<EventSummary>,
    pub history: HistoryState,
    pub speakers: Vec<Speaker>,
}

/// Reads what the first screen shows, in one go.
pub(crate) fn read_start<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Res<Start> {
    let (events, history, speakers) =
        state.with(|db| Ok((db.list_events()?, db.history(), db.list_speakers()?)))?;
    Ok(Start {
        language: crate::settings::language(app),
        database_path: state.path.display().to_string(),
        events,
        history,
        speakers,
    })
}

/// What the first screen shows, when the page came without it.
#[tauri::command(async)]
pub(crate) fn start<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Res<Start> {
    read_start(&app, &state)
}

/// Loads the demo programme as a new event; returns its id.
#[tauri::command(async)]
pub(crate) fn load_demo(state: State<'_, AppState>) -> Res<Id> {
    state.with(|db| db.load_demo())
}

/// Reverts the last change; what it touched says what to read again.
#[tauri::command(async)]
pub(crate) fn undo(state: State<'_, AppState>) -> Res<Reverted> {
    state.with(|db| db.undo())
}

/// Replays the last undone change; what it touched says what to read again.
#[tauri::command(async)]
pub(crate) fn redo(state: State<'_, AppState>) -> Res<Reverted> {
    state.with(|db| db.redo())
}

#[tauri::command(async)]
pub(crate) fn history(state: State<'_, AppState>) -> Res<HistoryState> {
    state.with(|db| Ok(db.history()))
}

/// The database file in use.
#[tauri::command(async)]
pub(crate) fn database_path(state: State<'_, AppState>) -> Res<String> {
    Ok(state.path.display().to_string())
}

/// Writes a copy of the whole database ("Sauvegarder…"), offered as
/// `NAME-sauvegarde-YYYY-MM-DD.db`: asks where with the system dialog (or
/// uses `--save-to`); returns its path, nothing when the user cancelled.
#[tauri::command(async)]
pub(crate) fn backup_database<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Res<Option<String>> {
    let file_name = state.with(|db| Ok(db.backup_file_name()))?;
    let dialog = Dialog::Save {
        file_name: &file_name,
    };
    let Some(path) = state.choose_file(&app, dialog, ("Déroulé", &["db"]))? else {
        return Ok(None);
    };
    state.with(|db| db.backup_to(&path))?;
    Ok(Some(path.display().to_string()))
}

/// Replaces the database with a copy ("Restaurer…", once the user said
/// yes): asks which file with the system dialog (or opens `--open-from`),
/// keeps the current database aside beside it, and reopens; nothing when
/// the user cancelled. The undo history starts again.
#[tauri::command(async)]
pub(crate) fn restore_database<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Res<Option<Restored>> {
    let dialog = Dialog::Open;
    let Some(path) = state.choose_file(&app, dialog, ("Déroulé", &["db"]))? else {
        return Ok(None);
    };
    let aside = state.with(|db| db.restore_from(&path))?;
    Ok(Some(Restored {
        restored_from: path.display().to_string(),
        kept_aside: aside.display().to_string(),
    }))
}

/// The interface language chosen on this computer, if one was.
#[tauri::command(async)]
pub(crate) fn ui_language<R: Runtime>(app: AppHandle<R>) -> Res<Option<Lang>> {
    Ok(crate::settings::language(&app))
}

/// Remembers the interface language on this computer. The file is on the
/// disk when the answer comes, so quitting at once keeps the choice.
#[tauri::command(async)]
pub(crate) fn set_ui_language<R: Runtime>(app: AppHandle<R>, lang: Lang) -> Res<()> {
    crate::settings::set_language(&app, lang)
}
