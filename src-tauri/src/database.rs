//! The database file as a whole: what restoring a copy did, and folding
//! the write-ahead log back into the file when the app closes.

use crate::AppState;
use serde::Serialize;
use tauri::{Manager, Runtime};
use ts_rs::TS;

/// What "Restaurer…" did: the copy restored, and where the database it
/// replaced was kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Restored {
    pub restored_from: String,
    pub kept_aside: String,
}

/// On closing: the WAL folded into the file, so the file alone is the
/// whole database (copied by hand, backed up by the system, carried away).
pub fn on_exit<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(state) = app.try_state::<AppState>() {
        if let Err(e) = state.with(|db| db.checkpoint()) {
            eprintln!("deroule: on closing: {e}");
        }
    }
}
