//! What the app remembers on this computer, apart from any database: the
//! interface language, in a file of the app's configuration folder
//! (`$XDG_CONFIG_HOME/<identifier>/language` on Linux).
//!
//! Not the webview's local storage: WebKit writes it to disk on a timer,
//! so a choice made just before quitting was lost. This file is written
//! atomically, before the command answers.

use deroule::words::Lang;
use deroule::Error;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, Runtime};

fn language_file<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf, Error> {
    let folder = app.path().app_config_dir().map_err(|e| {
        Error::new(
            deroule::ErrorCode::Io,
            format!("no configuration folder: {e}"),
        )
    })?;
    Ok(folder.join("language"))
}

/// The language chosen, if any (a missing or unreadable file: none).
pub fn language<R: Runtime>(app: &AppHandle<R>) -> Option<Lang> {
    let text = std::fs::read_to_string(language_file(app).ok()?).ok()?;
    match text.trim() {
        "fr" => Some(Lang::Fr),
        "en" => Some(Lang::En),
        _ => None,
    }
}

/// Writes the language chosen, creating the folder if needed.
pub fn set_language<R: Runtime>(app: &AppHandle<R>, lang: Lang) -> Result<(), Error> {
    let file = language_file(app)?;
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder).map_err(|e| deroule::files::cannot("write", folder, e))?;
    }
    let text = match lang {
        Lang::Fr => "fr\n",
        Lang::En => "en\n",
    };
    deroule::files::write_atomic(&file, text)
}
