//! Printed documents: the preview, the print dialog and PDFs (see
//! `crate::printing`).

use super::Res;
use crate::printing::{self, PdfOutcome, PreviewPart, PrintView, Printed};
use crate::AppState;
use deroule::model::Id;
use deroule::print::{Document, PrintOptions};
use tauri::{AppHandle, Runtime, State};

/// Renders a printed document and keeps it for the preview and printing:
/// returns the URL that serves it (scheme `deroule-print:`).
#[tauri::command(async)]
pub(crate) fn open_print(
    state: State<'_, AppState>,
    event_id: Id,
    document: Document,
    options: PrintOptions,
) -> Res<PrintView> {
    let file = state.with(|db| db.print(event_id, document, &options))?;
    let printed = Printed::new(file, printing::fonts_installed());
    let pdf_name = printed.pdf_name.clone();
    let sheets = match printed.sheets.flows() {
        true => 0,
        false => u32::try_from(printed.sheets.len()).unwrap_or(u32::MAX),
    };
    let parts = PreviewPart::of(&printed.sheets);
    let token = state.shelf().put(printed);
    Ok(PrintView {
        token,
        url: printing::url(token),
        document,
        pdf_name,
        sheets,
        parts,
    })
}

/// Reads what the event's documents are made from and keeps it until the
/// database changes, as the Print menu opens: the document then chosen is
/// made from data in hand.
#[tauri::command(async)]
pub(crate) fn prepare_print(state: State<'_, AppState>, event_id: Id) -> Res<()> {
    state.with(|db| db.prepare_print(event_id))
}

/// Renders the demo's `n`th printed document (from 0) for the preview to
/// load once out of sight, and returns its URL (`Shelf::practise`), or
/// nothing past the last: the first preview of each document then finds
/// its style parsed and its fonts matched.
#[tauri::command(async)]
pub(crate) fn rehearse_print(state: State<'_, AppState>, n: u32) -> Res<Option<String>> {
    let Some(file) = deroule::demo::practice_print(n as usize)? else {
        return Ok(None);
    };
    let printed = Printed::new(file, printing::fonts_installed());
    Ok(Some(state.shelf().practise(n as usize, printed)))
}

/// Opens the system print dialog for a document opened with `open_print`.
#[tauri::command(async)]
pub(crate) fn print_document<R: Runtime>(
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
pub(crate) fn save_pdf<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: u64,
) -> Res<PdfOutcome> {
    let printed = state.shelf().find(token)?;
    #[cfg(target_os = "linux")]
    {
        let dialog = super::Dialog::Save {
            file_name: &printed.pdf_name,
        };
        let Some(path) = state.choose_file(&app, dialog, ("PDF", &["pdf"]))? else {
            return Ok(PdfOutcome::Cancelled);
        };
        // Printed beside it first, so a failure never leaves half a PDF
        // where the user expects a whole one. The folder is tried first: a
        // read-only or full disk is then named as such, not as GTK's
        // printing failure.
        let part = path.with_extension("pdf.part");
        std::fs::write(&part, b"%PDF-").map_err(|e| deroule::files::cannot("write", &path, e))?;
        let result = printing::save_pdf(&app, token, &printed, &part)
            .and_then(|()| printing::check_whole_pdf(&part, &path))
            .map_err(|e| printing::disk_cause(&part, &path, e))
            .and_then(|()| deroule::files::replace_with(&part, &path));
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
