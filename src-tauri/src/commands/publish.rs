//! Publishing an event to a calendar server (CalDAV), and the web page of
//! its programme.

use super::{exchange::write_file, Dialog, Res};
use crate::AppState;
use deroule::model::Id;
use deroule::publish::{secret, Publication, PublishReport, PublishTarget};
use deroule::words::Lang;
use tauri::{AppHandle, Runtime, State};

/// The calendars an event was published to, most recent first.
#[tauri::command(async)]
pub(crate) fn publications(state: State<'_, AppState>, event_id: Id) -> Res<Vec<Publication>> {
    state.with(|db| db.publications(event_id))
}

/// Publishes an event's items to a CalDAV calendar and says what was sent.
/// `password`: typed in the dialog, kept in memory until the app quits;
/// `None`: the one typed earlier in this run, else the system keyring's
/// (or `DEROULE_CALDAV_PASSWORD`). The server is asked from a copy of the
/// database, whose records (what was sent) are taken up after; when they
/// meet a change made meanwhile, it is asked again from the database.
#[tauri::command(async)]
pub(crate) fn publish(
    state: State<'_, AppState>,
    event_id: Id,
    target: PublishTarget,
    password: Option<String>,
) -> Res<PublishReport> {
    let key = format!("caldav {}@{}", target.user.trim(), target.url.trim());
    let password = match password {
        Some(p) => {
            state.remember_secret(&key, &p);
            p
        }
        None => match state.secret(&key) {
            Some(p) => p,
            None => secret::password(target.url.trim(), target.user.trim())?,
        },
    };
    // On a copy of the database (see `AppState::apart`): the server may be
    // slow, and other commands reach the database meanwhile.
    state.apart(|db| db.publish(event_id, &target, &password, db.now()))
}

/// Keeps the calendar's password in the system keyring, so that it is not
/// asked again after the app restarts.
#[tauri::command(async)]
pub(crate) fn keep_calendar_password(url: String, user: String, password: String) -> Res<()> {
    secret::store_password(url.trim(), user.trim(), &password)
}

/// Saves the programme as one self-contained web page (no script) in
/// `lang`: asks where with the system dialog (or uses `--save-to`), and
/// returns the path; nothing when the user cancelled.
#[tauri::command(async)]
pub(crate) fn export_web_page<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: Id,
    lang: Lang,
) -> Res<Option<String>> {
    let page = state.with(|db| db.web_page(event_id, Some(lang)))?;
    let dialog = Dialog::Save {
        file_name: &page.file_name,
    };
    let Some(path) = state.choose_file(&app, dialog, ("HTML", &["html"]))? else {
        return Ok(None);
    };
    write_file(&path, &page.html)?;
    Ok(Some(path.display().to_string()))
}
