//! Ranked choices from a registration form's export (HelloAsso, Google
//! Forms, Framaforms, a spreadsheet): each attendee's workshops of a choice
//! block, first choice first, and how many they wish when the form asked.
//!
//! The file is read as an attendee list is ([`super::CsvFile`]: encodings,
//! separators, physical line numbers; the attendee's columns guessed the
//! same way). The choices are in one column per rank ("Choix 1", "Choix
//! 2"…), in one cell ("Atelier 3 > Atelier 1"), or in a ranking grid (one
//! column per workshop, « 1er choix » in its cells: `grid.rs`); the
//! organiser may choose the columns instead ([`ChoicesOptions::mapping`]).
//! Each text is matched to
//! a workshop of the block by its title, case, accents and punctuation
//! aside, or by the label before its colon ("Atelier 3"). A text that
//! matches nothing refuses its row, naming the line and column, with the
//! closest workshop proposed; the organiser may accept the proposal (sent
//! back as a [`ChoiceAlias`]), and the row then imports.
//!
//! People are found by email, else by name (when only one attendee has it
//! and no two emails disagree), else created as the attendee import
//! creates them. Someone who answered the form twice is one person: their
//! later answer replaces the earlier one. An import replaces each listed
//! attendee's ranking in the block (and their wishes, when the file has a
//! column for them) and leaves everyone else's; it is all or nothing, one
//! undoable step.

mod columns;
mod grid;
mod matching;
mod plan;

pub use columns::guess_choices_mapping;

use super::{CsvEncoding, CsvFile, CsvMapping, CsvRowError};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::Id;
use plan::{plan, Block, ChoicesPlan};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How many rows a preview of choices lists.
pub const PREVIEW_CHOICE_ROWS: usize = 500;

/// Which columns hold the attendee and their choices, by position from 0.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChoicesMapping {
    /// The attendee's own columns, as for an attendee list.
    pub attendee: CsvMapping,
    /// The columns of choices, first choice first; one column may hold a
    /// whole ranking.
    pub choices: Vec<usize>,
    /// Or the columns of a ranking grid: one per workshop, named by the
    /// bracketed end of its header ("Classez les ateliers [Atelier 1]",
    /// else the whole header), the rank in its cells ("1er choix").
    #[serde(default)]
    pub grid: Vec<usize>,
    /// How many workshops the attendee wishes.
    #[ts(optional = nullable)]
    #[serde(default)]
    pub wishes: Option<usize>,
}

/// A text of the file the organiser accepted as naming a workshop (the
/// proposal for a title with a typo).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChoiceAlias {
    pub text: String,
    pub workshop_id: Id,
}

/// How to read a file of choices: the mapping (none: guessed from the
/// headers) and the proposals accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChoicesOptions {
    #[ts(optional = nullable)]
    #[serde(default)]
    pub mapping: Option<ChoicesMapping>,
    #[serde(default)]
    pub accepted: Vec<ChoiceAlias>,
}

/// A workshop of the block, as the preview names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChoiceWorkshop {
    pub id: Id,
    /// The title of its first occurrence.
    pub title: String,
}

/// One choice of a row, as read and matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChoiceCell {
    pub text: String,
    /// Its column, from 1.
    pub column: i64,
    /// The workshop it names (none: unmatched, the row is refused).
    #[ts(optional = nullable)]
    pub workshop_id: Option<Id>,
    /// Matched through a proposal the organiser accepted.
    pub accepted: bool,
    /// When unmatched: the closest workshop, if one is close.
    #[ts(optional = nullable)]
    pub proposal: Option<Id>,
}

/// What an import does with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceRowAction {
    /// A new attendee, with their ranking.
    Create,
    /// An attendee of the event whose ranking (or wishes) it sets.
    Update,
    /// An attendee of the event whose ranking already reads so.
    Unchanged,
    /// No choice in the row: left out.
    Skipped,
    /// The same person answered again on a later line, which wins.
    Replaced,
    /// Refused: see the errors.
    Error,
}

/// A row as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChoiceRow {
    pub line: i64,
    pub name: String,
    pub email: String,
    pub action: ChoiceRowAction,
    /// The attendee it ranks for, when already registered.
    #[ts(optional = nullable)]
    pub attendee_id: Option<Id>,
    /// The choices, first choice first.
    pub choices: Vec<ChoiceCell>,
    /// How many workshops they wish, when the file says.
    #[ts(optional = nullable)]
    pub wishes: Option<i64>,
    /// For a replaced row: the later line that replaces it.
    #[ts(optional = nullable)]
    pub replaced_by: Option<i64>,
}

/// A text naming no workshop, with the lines it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnmatchedChoice {
    pub text: String,
    #[ts(optional = nullable)]
    pub proposal: Option<Id>,
    pub lines: Vec<i64>,
}

/// What importing a file of choices would do, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChoicesPreview {
    pub block_id: Id,
    pub encoding: CsvEncoding,
    pub delimiter: String,
    pub headers: Vec<String>,
    pub mapping: ChoicesMapping,
    /// The block's workshops, in the order of their first occurrence.
    pub workshops: Vec<ChoiceWorkshop>,
    /// The first [`PREVIEW_CHOICE_ROWS`] rows.
    pub rows: Vec<ChoiceRow>,
    pub row_count: i64,
    pub creates: i64,
    pub updates: i64,
    pub unchanged: i64,
    pub skipped: i64,
    pub replaced: i64,
    /// The texts naming no workshop, by first line.
    pub unmatched: Vec<UnmatchedChoice>,
    /// Every refused row; the import goes ahead only when there are none.
    pub errors: Vec<CsvRowError>,
}

/// What an import of choices did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChoicesImportReport {
    pub dry_run: bool,
    pub block_id: Id,
    /// Attendees created.
    pub created: i64,
    /// Attendees of the event whose ranking was set.
    pub updated: i64,
    pub unchanged: i64,
    /// Rows without any choice.
    pub skipped: i64,
    /// Rows replaced by a later answer of the same person.
    pub replaced: i64,
    /// Attendees whose number of wishes the file gave.
    pub wishes: i64,
}

/// A file of choices picked in the app, with its preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChoicesPick {
    pub path: String,
    pub preview: ChoicesPreview,
}

/// The workshop `text` names exactly, as a file's choice would be matched
/// (title, label before the colon, case and accents aside).
pub fn find_workshop(workshops: &[ChoiceWorkshop], text: &str) -> Option<Id> {
    let titles: Vec<(Id, Vec<String>)> = workshops
        .iter()
        .map(|w| (w.id, vec![w.title.clone()]))
        .collect();
    match matching::Matcher::new(&titles, &[]).find(text) {
        matching::Match::Workshop(id) | matching::Match::Accepted(id) => Some(id),
        matching::Match::None(_) => None,
    }
}

impl ChoicesMapping {
    fn check(&self, headers: &[String]) -> Result<()> {
        self.attendee.check(headers)?;
        if !self.choices.is_empty() && !self.grid.is_empty() {
            return Err(Error::invalid(
                "mapping",
                "two_layouts",
                "choices are mapped both to rank columns and to a ranking grid",
            ));
        }
        for &column in self.choices.iter().chain(&self.grid).chain(&self.wishes) {
            if column >= headers.len() {
                return Err(Error::invalid(
                    "mapping",
                    "bad_column",
                    format!(
                        "choices are mapped to column {}, but the file has {} columns",
                        column + 1,
                        headers.len()
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// Reads `bytes` and the block, and plans the import.
fn read(
    conn: &Connection,
    block_id: Id,
    bytes: &[u8],
    options: &ChoicesOptions,
) -> Result<(CsvFile, ChoicesMapping, Block, ChoicesPlan)> {
    let file = CsvFile::read(bytes)?;
    let mapping = match &options.mapping {
        Some(m) => m.clone(),
        None => guess_choices_mapping(&file.headers),
    };
    mapping.check(&file.headers)?;
    let block = Block::read(conn, block_id)?;
    let plan = plan(&file, &mapping, &block, &options.accepted);
    Ok((file, mapping, block, plan))
}

fn preview_of(
    file: &CsvFile,
    mapping: ChoicesMapping,
    block: &Block,
    plan: ChoicesPlan,
) -> ChoicesPreview {
    ChoicesPreview {
        block_id: block.id,
        encoding: file.encoding,
        delimiter: super::plan::delimiter_text(file.delimiter),
        headers: file.headers.clone(),
        mapping,
        workshops: block.choice_workshops(),
        row_count: file.row_count() as i64,
        creates: plan.count(ChoiceRowAction::Create),
        updates: plan.count(ChoiceRowAction::Update),
        unchanged: plan.count(ChoiceRowAction::Unchanged),
        skipped: plan.count(ChoiceRowAction::Skipped),
        replaced: plan.count(ChoiceRowAction::Replaced),
        rows: plan.rows.into_iter().take(PREVIEW_CHOICE_ROWS).collect(),
        unmatched: plan.unmatched,
        errors: plan.errors,
    }
}

fn report_of(block_id: Id, plan: &ChoicesPlan, dry_run: bool) -> ChoicesImportReport {
    ChoicesImportReport {
        dry_run,
        block_id,
        created: plan.count(ChoiceRowAction::Create),
        updated: plan.count(ChoiceRowAction::Update),
        unchanged: plan.count(ChoiceRowAction::Unchanged),
        skipped: plan.count(ChoiceRowAction::Skipped),
        replaced: plan.count(ChoiceRowAction::Replaced),
        wishes: plan.wishes_given(),
    }
}

impl Db {
    /// What importing a file of choices into a block would do (see the
    /// module doc). Fails when the file cannot be read at all or the
    /// mapping names a column the file does not have; refused rows are in
    /// the preview's errors.
    pub fn preview_choices_csv(
        &self,
        block_id: Id,
        bytes: &[u8],
        options: &ChoicesOptions,
    ) -> Result<ChoicesPreview> {
        let (file, mapping, block, plan) = read(self.conn(), block_id, bytes, options)?;
        Ok(preview_of(&file, mapping, &block, plan))
    }

    /// Imports the choices of a file into a block, all or nothing, as one
    /// undoable change ("choices.import"). Any refused row refuses the
    /// file: the error (field "file", the first refused row's reason)
    /// names the first rows at fault, with their columns.
    pub fn import_choices_csv(
        &mut self,
        block_id: Id,
        bytes: &[u8],
        options: &ChoicesOptions,
    ) -> Result<ChoicesImportReport> {
        self.change("choices.import", |tx| {
            let (_, _, block, plan) = read(tx, block_id, bytes, options)?;
            if let Some(refusal) = super::plan::refusal_of(&plan.errors) {
                return Err(refusal);
            }
            plan.write(tx, &block)?;
            Ok(report_of(block_id, &plan, false))
        })
    }

    /// What [`Db::import_choices_csv`] would do, writing nothing: the same
    /// report, or the same error.
    pub fn import_choices_csv_dry_run(
        &self,
        block_id: Id,
        bytes: &[u8],
        options: &ChoicesOptions,
    ) -> Result<ChoicesImportReport> {
        let (_, _, _, plan) = read(self.conn(), block_id, bytes, options)?;
        if let Some(refusal) = super::plan::refusal_of(&plan.errors) {
            return Err(refusal);
        }
        Ok(report_of(block_id, &plan, true))
    }
}
