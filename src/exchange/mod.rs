//! One entry point for every export and import, shared by the app and the
//! command line: formats, the file to save with its name, and what an
//! import did, whichever the format.

pub mod event_file;
pub mod ics;
pub mod personal_calendars;
pub mod plain;
pub mod programme_file;
pub mod schedule;
pub mod sheets;

use crate::db::Db;
use crate::error::Result;
use crate::exchange::ics::Selection;
use crate::exchange::schedule::ImportSummary;
use crate::model::{IcsImportSummary, Id, Programme, Skipped};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The formats Déroulé writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// iCalendar, for Google, Outlook, Apple and Thunderbird calendars.
    Ics,
    /// The frab/c3voc schedule.xml, for Giggity, ConfClerk, EventFahrplan.
    ScheduleXml,
    /// The same schedule as JSON.
    ScheduleJson,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Ics => "ics",
            ExportFormat::ScheduleXml => "xml",
            ExportFormat::ScheduleJson => "json",
        }
    }
}

/// A file ready to be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub file_name: String,
    pub contents: String,
}

/// File names and identifiers are made with [`crate::words::slug`], which
/// sits below every module that names things this way (the CSV import of
/// attendees matches headers with it).
pub use crate::words::slug;

/// The file name to offer: the event, its date, and whose or which part of
/// it the file holds (`owner`: the attendee's name for their calendar).
fn file_name(
    p: &Programme,
    format: ExportFormat,
    selection: &Selection,
    owner: Option<&str>,
) -> String {
    let mut parts = vec![
        slug(&p.event.title),
        p.event.date.format(crate::model::ymd::FORMAT).to_string(),
    ];
    match selection {
        Selection::Room(id) => {
            if let Some(room) = p.rooms.iter().find(|r| r.id == Some(*id)) {
                parts.push(slug(&room.name));
            }
        }
        Selection::Speaker(id) => {
            if let Some(s) = p.speakers.iter().find(|s| s.id == Some(*id)) {
                parts.push(slug(&s.name));
            }
        }
        Selection::Attendee(_) => parts.push(slug(owner.unwrap_or(""))),
        Selection::All | Selection::Items(_) => {}
    }
    parts.retain(|p| !p.is_empty());
    let kind = match format {
        ExportFormat::Ics => "",
        ExportFormat::ScheduleXml | ExportFormat::ScheduleJson => "-schedule",
    };
    format!("{}{kind}.{}", parts.join("-"), format.extension())
}

impl Db {
    /// Writes an event in `format`: for iCalendar, the selected part of it;
    /// a schedule always holds the whole programme. What a calendar sends
    /// is recorded (its SEQUENCE) as it is made: to save it to a file, use
    /// [`Db::export_to`], which records only once the file is written.
    pub fn export(
        &mut self,
        event_id: Id,
        format: ExportFormat,
        selection: &Selection,
        now: DateTime<Utc>,
    ) -> Result<ExportFile> {
        self.export_to(event_id, format, selection, now, |_| Ok(()))
    }

    /// [`Db::export`], handing the file to `write` (which saves it, e.g.
    /// with [`crate::files::write_atomic`]) before what it sends is
    /// recorded: when `write` fails, the export records nothing, so the
    /// next one sends the same SEQUENCE again.
    pub fn export_to(
        &mut self,
        event_id: Id,
        format: ExportFormat,
        selection: &Selection,
        now: DateTime<Utc>,
        write: impl FnOnce(&ExportFile) -> Result<()>,
    ) -> Result<ExportFile> {
        let p = self.programme(event_id)?;
        let file_name = self.export_file_name_of(&p, format, selection)?;
        let file = |contents| ExportFile {
            file_name,
            contents,
        };
        let contents = match format {
            ExportFormat::Ics => {
                return self.export_ics_then(&p, std::slice::from_ref(selection), now, |mut c| {
                    let file = file(c.remove(0));
                    write(&file)?;
                    Ok(file)
                })
            }
            ExportFormat::ScheduleXml => schedule::schedule_xml(&p),
            ExportFormat::ScheduleJson => schedule::schedule_json(&p),
        };
        let file = file(contents);
        write(&file)?;
        Ok(file)
    }

    /// The name to offer for an export, before it is made (a save dialog
    /// asks where first, so a cancelled dialog records nothing).
    pub fn export_file_name(
        &self,
        event_id: Id,
        format: ExportFormat,
        selection: &Selection,
    ) -> Result<String> {
        self.export_file_name_of(&self.programme(event_id)?, format, selection)
    }

    pub(crate) fn export_file_name_of(
        &self,
        p: &Programme,
        format: ExportFormat,
        selection: &Selection,
    ) -> Result<String> {
        let owner = match (format, selection) {
            (ExportFormat::Ics, Selection::Attendee(id)) => Some(self.attendee(*id)?.name),
            _ => None,
        };
        let selection = match format {
            ExportFormat::Ics => selection,
            // A schedule always holds the whole programme.
            ExportFormat::ScheduleXml | ExportFormat::ScheduleJson => &Selection::All,
        };
        Ok(file_name(p, format, selection, owner.as_deref()))
    }
}

/// The formats Déroulé reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    /// iCalendar from Outlook, Google, Thunderbird or Déroulé.
    Ics,
    /// A frab/c3voc schedule.xml.
    ScheduleXml,
    /// Its JSON form, schedule.json.
    ScheduleJson,
}

impl ImportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ImportFormat::Ics => "ics",
            ImportFormat::ScheduleXml => "xml",
            ImportFormat::ScheduleJson => "json",
        }
    }
}

/// What an import did, whatever the format.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub items_created: i64,
    pub items_updated: i64,
    pub items_unchanged: i64,
    pub items_deleted: i64,
    pub rooms_created: i64,
    pub speakers_created: i64,
    /// Entries of the file left out, in the order of the file: their line,
    /// title, day and why.
    pub skipped: Vec<Skipped>,
    /// The zone a schedule gives its times in, when its clock shows other
    /// hours than the event's that day (they were converted).
    pub file_time_zone: Option<String>,
}

impl From<IcsImportSummary> for ImportReport {
    fn from(s: IcsImportSummary) -> ImportReport {
        ImportReport {
            items_created: s.items_created,
            items_updated: s.items_updated,
            items_unchanged: s.items_unchanged,
            items_deleted: s.items_deleted,
            rooms_created: s.rooms_created,
            speakers_created: 0,
            skipped: s.skipped,
            file_time_zone: None,
        }
    }
}

impl From<ImportSummary> for ImportReport {
    fn from(s: ImportSummary) -> ImportReport {
        ImportReport {
            items_created: s.items_created,
            items_updated: s.items_updated,
            items_unchanged: s.items_unchanged,
            items_deleted: 0,
            rooms_created: s.rooms_created,
            speakers_created: s.speakers_created,
            skipped: s.skipped,
            file_time_zone: s.file_time_zone,
        }
    }
}

impl Db {
    /// Reads a file of `format` into an existing event, all or nothing.
    /// A text over [`crate::files::MAX_IMPORT_BYTES`] is refused (`file`,
    /// `too_large`) before it is parsed.
    pub fn import(
        &mut self,
        event_id: Id,
        format: ImportFormat,
        text: &str,
    ) -> Result<ImportReport> {
        crate::files::check_size(text.len())?;
        Ok(match format {
            ImportFormat::Ics => self.import_ics(event_id, text)?.into(),
            ImportFormat::ScheduleXml => self.import_schedule_xml(event_id, text)?.into(),
            ImportFormat::ScheduleJson => self.import_schedule_json(event_id, text)?.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_read_well() {
        assert_eq!(
            slug("La métamorphose réciproque"),
            "la-metamorphose-reciproque"
        );
        assert_eq!(slug("Salle d'animation"), "salle-d-animation");
        assert_eq!(slug("  Œuvres & Ça « va » !"), "oeuvres-ca-va");
        assert_eq!(slug("José Ormazabal"), "jose-ormazabal");
    }
}
