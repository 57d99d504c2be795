//! The Tauri commands, by subject. A command is one function with
//! `#[tauri::command(async)]` (sync commands would run on the main thread
//! and freeze the window): it takes the state, calls the core, and returns
//! the core's error as `{code, field?, reason?, message}`. No rule lives
//! here. Arguments arrive under their camelCase names.
//!
//! Nothing else declares a command: `build.rs` reads these files and
//! generates the invoke handler, the list of commands, the capability that
//! grants each (`capabilities/main.json`), and each command's signature with
//! its real types, from which `crate::typescript` writes the UI's typed
//! client (`ui/src/lib/commands.ts`) and types (`ui/src/lib/bindings.ts`).
//! A command must be `pub(crate)`, and a new file here needs its `mod`.

mod allocation;
mod app;
mod events;
mod exchange;
mod notify;
mod print;
mod publish;
mod signups;
mod versions;

pub(crate) use app::{read_start, Start};

use crate::AppState;
use deroule::{Error, ErrorCode};
use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// What every command returns: a value, or the core's error.
pub(crate) type Res<T> = Result<T, Error>;

/// A file dialog, and what the command line may choose instead of it
/// (scripts and end-to-end tests cannot answer a dialog).
#[derive(Clone, Copy)]
pub(crate) enum Dialog<'a> {
    /// Where to save a file offered under this name; with `--save-to DIR`,
    /// in that folder under that name.
    Save { file_name: &'a str },
    /// Which file to open; with `--open-from FILE`, that file.
    Open,
    /// Which folder to write files into; with `--save-to DIR`, that folder.
    Folder,
}

impl AppState {
    /// The path of the file to save or open, asked with the system dialog
    /// showing `filter` (a name and extensions) unless the command line
    /// chose it. None: the user cancelled.
    pub(crate) fn choose_file<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        dialog: Dialog<'_>,
        filter: (&str, &[&str]),
    ) -> Res<Option<PathBuf>> {
        // A dialog stays open as long as the user likes: off the workers.
        crate::guard::blocking(|| self.ask(app, dialog, filter))
    }

    fn ask<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        dialog: Dialog<'_>,
        (filter, extensions): (&str, &[&str]),
    ) -> Res<Option<PathBuf>> {
        let files = app.dialog().file();
        #[cfg(test)]
        if let Some(answer) = self.faults.dialog() {
            return Ok(answer());
        }
        let chosen = match dialog {
            Dialog::Folder => {
                if let Some(dir) = &self.save_to {
                    return Ok(Some(dir.clone()));
                }
                files.blocking_pick_folder()
            }
            Dialog::Save { file_name } => {
                if let Some(dir) = &self.save_to {
                    return Ok(Some(dir.join(file_name)));
                }
                files
                    .add_filter(filter, extensions)
                    .set_file_name(file_name)
                    .blocking_save_file()
            }
            Dialog::Open => {
                if let Some(path) = &self.open_from {
                    return Ok(Some(path.clone()));
                }
                files.add_filter(filter, extensions).blocking_pick_file()
            }
        };
        let refused = match dialog {
            Dialog::Save { .. } | Dialog::Folder => "cannot save there",
            Dialog::Open => "cannot open that file",
        };
        chosen
            .map(|p| p.into_path())
            .transpose()
            .map_err(|e| Error::new(ErrorCode::Io, format!("{refused}: {e}")))
    }
}

include!(concat!(env!("OUT_DIR"), "/ipc.rs"));
