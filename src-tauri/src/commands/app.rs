//! The app itself: the demo, undo and redo, the database's location.

use super::Res;
use crate::AppState;
use deroule::model::{HistoryState, Id};
use tauri::State;

/// Loads the demo programme as a new event; returns its id.
#[tauri::command(async)]
pub(crate) fn load_demo(state: State<'_, AppState>) -> Res<Id> {
    state.with(|db| db.load_demo())
}

#[tauri::command(async)]
pub(crate) fn undo(state: State<'_, AppState>) -> Res<HistoryState> {
    state.with(|db| {
        db.undo()?;
        Ok(db.history())
    })
}

#[tauri::command(async)]
pub(crate) fn redo(state: State<'_, AppState>) -> Res<HistoryState> {
    state.with(|db| {
        db.redo()?;
        Ok(db.history())
    })
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
