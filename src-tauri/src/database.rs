//! The database file as a whole: what restoring a copy did, purging the
//! events deleted (put aside) once their deletion cannot be undone, and folding
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

/// On closing: the events deleted in this session purged (their deletion
/// cannot be undone once the app is closed), and the WAL folded into the
/// file, so the file alone is the whole database (copied by hand, backed up
/// by the system, carried away).
pub fn on_exit<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(state) = app.try_state::<AppState>() {
        let closed = state.with(|db| {
            db.forget_history()?;
            db.purge_deleted_events()?;
            db.checkpoint()
        });
        if let Err(e) = closed {
            eprintln!("deroule: on closing: {e}");
        }
    }
}

/// On starting, off the main thread: the events a session that did not
/// close (a crash, a power cut) left deleted but not yet purged. Only a
/// check when there are none.
pub fn purge_left_behind<R: Runtime>(app: &tauri::AppHandle<R>) {
    let app = app.clone();
    std::thread::spawn(move || {
        if let Some(state) = app.try_state::<AppState>() {
            if let Err(e) = state.with(|db| db.purge_deleted_events()) {
                eprintln!("deroule: purging deleted events: {e}");
            }
        }
    });
}
