//! Attendees from a CSV file: the lists that registration platforms
//! (Weezevent, HelloAsso) and spreadsheets export, each with its own headers.
//!
//! Reading goes in three steps. [`CsvFile::read`] decodes the bytes (UTF-8
//! with or without BOM, UTF-16 with BOM, else Windows-1252, which is what
//! Excel writes for "CSV (séparateur : point-virgule)"), finds the separator
//! from the header line, and splits the rows, keeping each one's physical
//! line (the header is line 1). [`guess_mapping`] reads the headers to say
//! which column holds what; the UI shows that guess, lets the organiser
//! change it, and sends it back. [`preview`] then says what an import would
//! do against the event's attendees: whom it creates, whom it updates, which
//! rows it refuses and why.
//!
//! An import is all or nothing: one refused row refuses the file, so fixing
//! the file and importing it again never leaves half a list behind. People
//! are recognised by email, as in the database (one attendee per email and
//! event, case-insensitively): a row with the email of an attendee updates
//! them with the cells it fills, and leaves the others as they were. Rows of
//! one file with the same email (someone who registered twice) are one
//! person: the later row's filled cells win, and the preview and the report
//! name the lines merged.

pub mod choices;
mod dates;
mod decode;
mod mapping;
mod plan;

pub use decode::decode;
pub use mapping::guess_mapping;

use crate::db::Db;
use crate::error::Result;
use crate::model::{Attendee, Event, Id};
use crate::signups::attendees;
use chrono_tz::Tz;
use plan::{delimiter_text, plan, Existing, Plan};
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// How many rows a preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// Files larger than this are refused before reading (an export of several
/// thousand registrations with every column is a few megabytes): the cap of
/// every import, [`crate::files::MAX_IMPORT_BYTES`].
pub const MAX_BYTES: usize = crate::files::MAX_IMPORT_BYTES as usize;

/// How many row errors the message of a refused import lists.
const ERRORS_IN_MESSAGE: usize = 5;

/// The character encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CsvEncoding {
    Utf8,
    /// UTF-8 starting with a byte order mark, as Excel's "CSV UTF-8" writes.
    Utf8Bom,
    /// UTF-16 with a byte order mark (Excel's "Texte Unicode").
    Utf16Le,
    Utf16Be,
    /// Anything that is not valid UTF-8: what Excel on Windows writes for
    /// plain "CSV" in French.
    Windows1252,
}

/// Which column holds what, by position (0 for the first column). `name`
/// holds whole names; without it, or where it is empty, `firstName` and
/// `lastName` are joined ("Chloé" + "Martin" → "Chloé Martin").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvMapping {
    pub name: Option<usize>,
    pub first_name: Option<usize>,
    pub last_name: Option<usize>,
    pub email: Option<usize>,
    pub organisation: Option<usize>,
    pub category: Option<usize>,
    pub notes: Option<usize>,
    /// When the person registered: their place in the request order.
    #[serde(default)]
    pub registered_at: Option<usize>,
}

/// What an import does with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CsvRowAction {
    /// A new attendee.
    Create,
    /// An attendee of the event with this email, whose cells change.
    Update,
    /// An attendee of the event with this email, as the row already says.
    Unchanged,
    /// Refused: see the errors.
    Error,
    /// The same email as an earlier row of the file (in any case): merged
    /// into that row, whose attendee takes this row's filled cells.
    Merged,
}

/// A row as the preview shows it: its cells, and the attendee read from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvRow {
    /// Its line in the file (the header is line 1).
    pub line: i64,
    pub cells: Vec<String>,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub category: String,
    pub notes: String,
    /// The registration date read ("YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD").
    #[ts(optional = nullable)]
    pub registered_at: Option<String>,
    pub action: CsvRowAction,
    /// The attendee it updates (or leaves unchanged).
    pub attendee_id: Option<Id>,
    /// For a row merged into an earlier one: that row's line.
    pub merged_into: Option<i64>,
}

/// Why a row (or, on line 1, the file) is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvRowError {
    pub line: i64,
    /// The column at fault, from 1, when one is (a choice naming no
    /// workshop); none for a whole row.
    #[ts(optional = nullable)]
    #[serde(default)]
    pub column: Option<i64>,
    /// The attendee field at fault ("name", "email"); none for a row that
    /// cannot be read.
    pub field: Option<String>,
    /// A key the UI translates: "required", "bad_email",
    /// "duplicate_in_file", "field_count", "unclosed_quote",
    /// "no_name_column", "bad_date" (the registration date's cell, whose
    /// column is the mapping's `registeredAt`).
    pub reason: String,
    /// In English, for the command line.
    pub message: String,
}

/// An attendee the file updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvUpdate {
    pub line: i64,
    pub attendee_id: Id,
    /// Their name after the update.
    pub name: String,
    pub email: String,
    /// The fields that change: "name", "organisation", "category", "notes",
    /// "registeredAt".
    pub fields: Vec<String>,
}

/// A row with the same email as an earlier row of the file (people who
/// registered twice): one person, the later row's filled cells winning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvMerge {
    /// The later row.
    pub line: i64,
    /// The first row with this email, which the import writes.
    pub into_line: i64,
    pub email: String,
    /// The fields the later row changes: "name", "email", "organisation",
    /// "category", "notes", "registeredAt" (the earliest date is kept:
    /// someone who registered twice asked first the first time).
    pub fields: Vec<String>,
}

/// A row that creates someone whose name is already there, with nothing
/// (no email, or another one) to tell them apart: maybe the same person
/// twice. A warning only; homonyms exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvDuplicate {
    pub line: i64,
    pub name: String,
    /// The attendee of the event with this name.
    pub attendee_id: Option<Id>,
    /// The earlier row of the file with this name.
    pub other_line: Option<i64>,
}

/// What importing a file would do, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvPreview {
    pub encoding: CsvEncoding,
    /// ",", ";" or a tab.
    pub delimiter: String,
    pub headers: Vec<String>,
    /// The mapping given, else the one guessed from the headers.
    pub mapping: CsvMapping,
    /// The first 20 rows ([`PREVIEW_ROWS`]).
    pub rows: Vec<CsvRow>,
    /// Rows in the file, empty lines aside.
    pub row_count: i64,
    pub creates: i64,
    pub updates: Vec<CsvUpdate>,
    pub unchanged: i64,
    /// Every refused row; the import goes ahead only when there are none.
    pub errors: Vec<CsvRowError>,
    pub duplicates: Vec<CsvDuplicate>,
    /// Rows merged into an earlier row with the same email.
    pub merged: Vec<CsvMerge>,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvImportReport {
    /// True when nothing was written.
    pub dry_run: bool,
    pub encoding: CsvEncoding,
    pub delimiter: String,
    pub mapping: CsvMapping,
    pub created: i64,
    pub updated: Vec<CsvUpdate>,
    pub unchanged: i64,
    pub duplicates: Vec<CsvDuplicate>,
    /// Rows merged into an earlier row with the same email.
    pub merged: Vec<CsvMerge>,
}

/// A file picked in the app, with its preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvPick {
    pub path: String,
    pub preview: CsvPreview,
}

/// One row of the file as read.
#[derive(Debug, Clone)]
struct Record {
    line: i64,
    cells: Vec<String>,
    /// Why it cannot be read (wrong number of fields, open quote).
    problem: Option<CsvRowError>,
}

/// A CSV file decoded and split into rows.
#[derive(Debug, Clone)]
pub struct CsvFile {
    pub encoding: CsvEncoding,
    pub delimiter: char,
    pub headers: Vec<String>,
    records: Vec<Record>,
}

/// The bytes of a CSV file on disk, refusing one too large to be a list of
/// attendees before reading it (`file`, `too_large`).
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    crate::files::read_for_import(path)
}

use crate::files::too_large;

/// What importing `bytes` into an event holding `existing` would do, with
/// `mapping` or else the guessed one. `event` is the event's id and time
/// zone (dates written with an offset are turned into it). Fails when the
/// file cannot be read at all or the mapping names a column the file does
/// not have; refused rows are in the preview's errors.
pub fn preview(
    bytes: &[u8],
    mapping: Option<&CsvMapping>,
    event: (Id, Tz),
    existing: &[Attendee],
) -> Result<CsvPreview> {
    preview_of(
        CsvFile::read(bytes)?,
        mapping,
        event,
        &Existing::of(existing),
    )
}

/// [`preview`] of a file read, against the attendees it may match.
fn preview_of(
    file: CsvFile,
    mapping: Option<&CsvMapping>,
    event: (Id, Tz),
    existing: &Existing,
) -> Result<CsvPreview> {
    let mapping = match mapping {
        Some(m) => m.clone(),
        None => guess_mapping(&file.headers),
    };
    mapping.check(&file.headers)?;
    let plan = plan(&file, &mapping, event, existing);
    Ok(CsvPreview {
        encoding: file.encoding,
        delimiter: delimiter_text(file.delimiter),
        headers: file.headers.clone(),
        mapping,
        rows: plan
            .rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|(r, _)| r.clone())
            .collect(),
        row_count: file.row_count() as i64,
        creates: plan.count(CsvRowAction::Create),
        unchanged: plan.count(CsvRowAction::Unchanged),
        updates: plan.updates,
        errors: plan.errors,
        duplicates: plan.duplicates,
        merged: plan.merged,
    })
}

impl Db {
    /// What importing a CSV file into an event would do (see [`preview`]).
    pub fn preview_attendees_csv(
        &self,
        event_id: Id,
        bytes: &[u8],
        mapping: Option<&CsvMapping>,
    ) -> Result<CsvPreview> {
        let event = (event_id, time_zone(&self.event(event_id)?));
        let file = CsvFile::read(bytes)?;
        let existing = Existing::read(self.conn(), event_id, &file)?;
        preview_of(file, mapping, event, &existing)
    }

    /// Imports attendees from a CSV file, all or nothing, as one undoable
    /// change. Any refused row refuses the file: the error (field "file",
    /// the reason of the first refused row) lists the first rows at fault.
    pub fn import_attendees_csv(
        &mut self,
        event_id: Id,
        bytes: &[u8],
        mapping: Option<&CsvMapping>,
    ) -> Result<CsvImportReport> {
        let file = CsvFile::read(bytes)?;
        let mapping = match mapping {
            Some(m) => m.clone(),
            None => guess_mapping(&file.headers),
        };
        mapping.check(&file.headers)?;
        self.change("attendees.import", |tx| {
            let event = crate::programme::store::within::event(tx, event_id)?;
            let existing = Existing::read(tx, event_id, &file)?;
            let plan = plan(&file, &mapping, (event_id, time_zone(&event)), &existing);
            if let Some(refusal) = plan.refusal() {
                return Err(refusal);
            }
            for (_, write) in &plan.rows {
                if let Some(attendee) = write {
                    attendees::within::save(tx, attendee)?;
                }
            }
            Ok(report(&file, &mapping, &plan, false))
        })
    }

    /// What [`Db::import_attendees_csv`] would do, writing nothing: the same
    /// report, or the same error.
    pub fn import_attendees_csv_dry_run(
        &self,
        event_id: Id,
        bytes: &[u8],
        mapping: Option<&CsvMapping>,
    ) -> Result<CsvImportReport> {
        let file = CsvFile::read(bytes)?;
        let mapping = match mapping {
            Some(m) => m.clone(),
            None => guess_mapping(&file.headers),
        };
        mapping.check(&file.headers)?;
        let event = (event_id, time_zone(&self.event(event_id)?));
        let existing = Existing::read(self.conn(), event_id, &file)?;
        let plan = plan(&file, &mapping, event, &existing);
        if let Some(refusal) = plan.refusal() {
            return Err(refusal);
        }
        Ok(report(&file, &mapping, &plan, true))
    }
}

/// The event's time zone (validated when saved; Paris otherwise).
fn time_zone(event: &Event) -> Tz {
    event.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris)
}

fn report(file: &CsvFile, mapping: &CsvMapping, plan: &Plan, dry_run: bool) -> CsvImportReport {
    CsvImportReport {
        dry_run,
        encoding: file.encoding,
        delimiter: delimiter_text(file.delimiter),
        mapping: mapping.clone(),
        created: plan.count(CsvRowAction::Create),
        updated: plan.updates.clone(),
        unchanged: plan.count(CsvRowAction::Unchanged),
        duplicates: plan.duplicates.clone(),
        merged: plan.merged.clone(),
    }
}
