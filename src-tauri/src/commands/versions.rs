//! Versions of the programme that went out, and the changes since.

use super::Res;
use crate::AppState;
use deroule::model::Id;
use deroule::versions::{ChangeReport, Version};
use deroule::words::Lang;
use tauri::State;

/// Keeps the programme as it is now as a version that went out
/// ("Marquer comme diffusé").
#[tauri::command(async)]
pub(crate) fn mark_version(
    state: State<'_, AppState>,
    event_id: Id,
    label: String,
) -> Res<Version> {
    state.with(|db| db.mark_version(event_id, &label))
}

/// The versions of an event, oldest first.
#[tauri::command(async)]
pub(crate) fn versions(state: State<'_, AppState>, event_id: Id) -> Res<Vec<Version>> {
    state.with(|db| db.versions(event_id))
}

/// The changes since the version labelled `since` (the latest when null),
/// said in `lang`, with the people they concern.
#[tauri::command(async)]
pub(crate) fn changes(
    state: State<'_, AppState>,
    event_id: Id,
    since: Option<String>,
    lang: Lang,
) -> Res<ChangeReport> {
    state.with(|db| db.changes(event_id, since.as_deref(), Some(lang)))
}
