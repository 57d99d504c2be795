//! Personal calendars: each attendee's own day, and each speaker's items, as
//! iCalendar files, one by one or all at once in a `.zip`.
//!
//! The public way to one person's calendar is [`Db::export`] with
//! [`Selection::Attendee`] or [`Selection::Speaker`]; [`Db::personal_calendars`]
//! gives every attendee's at once (what a message to each attendee attaches),
//! and [`Db::personal_calendars_zip`] packs them with the speakers' for the
//! organiser to send. Every item keeps the UID it has in the programme's
//! calendar, so a calendar that holds both, or imports a newer file, updates
//! the item instead of showing it twice.

use super::ics::Selection;
use super::{file_name, slug, ExportFile, ExportFormat};
use crate::db::Db;
use crate::error::{Error, ErrorCode, Result};
use crate::model::Id;
use crate::words::Lang;
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::io::Write;

/// One attendee's own calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonalCalendar {
    pub attendee_id: Id,
    pub name: String,
    pub email: String,
    /// The `.ics`, named after the event, its date and the attendee.
    pub file: ExportFile,
}

/// A binary file ready to be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportArchive {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Db {
    /// Every attendee's own calendar, in the order of the attendee list: the
    /// same file as [`Db::export`] of [`Selection::Attendee`] gives one by
    /// one, with the programme read once. Once the event is published, each
    /// records what it sent, so an item they no longer hold goes out to them
    /// cancelled next time.
    pub fn personal_calendars(
        &mut self,
        event_id: Id,
        now: DateTime<Utc>,
    ) -> Result<Vec<PersonalCalendar>> {
        let p = self.programme(event_id)?;
        let mut out = Vec::new();
        for attendee in self.attendees(event_id)? {
            let id = attendee.id.expect("a stored attendee has an id");
            let selection = Selection::Attendee(id);
            let contents = self.export_ics_of(&p, &selection, now)?;
            out.push(PersonalCalendar {
                attendee_id: id,
                file: ExportFile {
                    file_name: file_name(&p, ExportFormat::Ics, &selection, Some(&attendee.name)),
                    contents,
                },
                name: attendee.name,
                email: attendee.email,
            });
        }
        Ok(out)
    }

    /// One `.zip` with every attendee's calendar in one folder and every
    /// speaker's (of the items they take part in) in another, named after
    /// the people ("participants/claire-morel.ics", "intervenants/…" in
    /// French); two people of one name are told apart by their id.
    pub fn personal_calendars_zip(
        &mut self,
        event_id: Id,
        now: DateTime<Utc>,
    ) -> Result<ExportArchive> {
        let attendees = self.personal_calendars(event_id, now)?;
        let p = self.programme(event_id)?;
        let (attendee_dir, speaker_dir) = Lang::of_event(&p.event.language).calendar_folders();
        let mut files: Vec<(String, String)> = Vec::new();
        let mut taken = HashSet::new();
        let mut name = |dir: &str, person: &str, id: Id| {
            let base = match slug(person) {
                s if s.is_empty() => id.to_string(),
                s => s,
            };
            let mut path = format!("{dir}/{base}.ics");
            if !taken.insert(path.clone()) {
                path = format!("{dir}/{base}-{id}.ics");
                taken.insert(path.clone());
            }
            path
        };
        for a in attendees {
            files.push((name(attendee_dir, &a.name, a.attendee_id), a.file.contents));
        }
        for s in &p.speakers {
            let id = s.id.expect("a stored speaker has an id");
            let contents = self.export_ics_of(&p, &Selection::Speaker(id), now)?;
            files.push((name(speaker_dir, &s.name, id), contents));
        }
        let bytes = zip_files(&files).map_err(|e| {
            Error::new(
                ErrorCode::Io,
                format!("cannot write the calendars' archive: {e}"),
            )
        })?;
        let base = file_name(&p, ExportFormat::Ics, &Selection::All, None);
        Ok(ExportArchive {
            file_name: format!("{}-{attendee_dir}.zip", base.trim_end_matches(".ics")),
            bytes,
        })
    }
}

/// A `.zip` of text files (deflated), in the order given.
fn zip_files(files: &[(String, String)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    for (path, contents) in files {
        zip.start_file(path.as_str(), options)?;
        zip.write_all(contents.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}
