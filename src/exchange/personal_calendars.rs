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

use super::ics::{Selection, Written};
use super::{file_name, slug, ExportFile, ExportFormat};
use crate::db::Db;
use crate::error::Result;
use crate::model::{Id, Programme};
use crate::words::Lang;
use chrono::{DateTime, Utc};
use pack::pack;
use std::collections::HashSet;
use std::io::{Seek, Write};

mod pack;

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
        let attendees = self.attendees(event_id)?;
        let selections: Vec<Selection> = attendees
            .iter()
            .map(|a| Selection::Attendee(a.id.expect("a stored attendee has an id")))
            .collect();
        let calendars = self.export_ics_then(&p, &selections, now, Ok)?;
        Ok(attendees
            .into_iter()
            .zip(selections)
            .zip(calendars)
            .map(|((attendee, selection), contents)| PersonalCalendar {
                attendee_id: attendee.id.expect("a stored attendee has an id"),
                file: ExportFile {
                    file_name: file_name(&p, ExportFormat::Ics, &selection, Some(&attendee.name)),
                    contents,
                },
                name: attendee.name,
                email: attendee.email,
            })
            .collect())
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
        let p = self.programme(event_id)?;
        let out = std::io::Cursor::new(Vec::new());
        let bytes = self.zip_calendars_of(&p, now, out, |c| Ok(c.into_inner()))?;
        Ok(ExportArchive {
            file_name: zip_name(&p),
            bytes,
        })
    }

    /// [`Db::personal_calendars_zip`] written into `out` as the calendars
    /// are made, then handed to `done` (which puts a file in its place)
    /// before what the calendars send is recorded: when writing or `done`
    /// fails, nothing is recorded. Each calendar is deflated on one of the
    /// machine's cores while the next is written ([`pack`]), in pieces that
    /// recur from person to person, and no more than a few are held at
    /// once (all 10,060 attendees' days of 514 items held 3.8 GB). On 2
    /// cores, the large demo's archive through the app: 5.80 -> 1.85 s
    /// (IPC bench, p99), then 1.2 s with each VEVENT shared, not copied.
    pub fn personal_calendars_zip_into<W: Write + Seek + Send, T>(
        &mut self,
        event_id: Id,
        now: DateTime<Utc>,
        out: W,
        done: impl FnOnce(W) -> Result<T>,
    ) -> Result<T> {
        let p = self.programme(event_id)?;
        self.zip_calendars_of(&p, now, out, done)
    }

    /// [`Db::personal_calendars_zip_into`] of a programme already read.
    fn zip_calendars_of<W: Write + Seek + Send, T>(
        &mut self,
        p: &Programme,
        now: DateTime<Utc>,
        out: W,
        done: impl FnOnce(W) -> Result<T>,
    ) -> Result<T> {
        let event_id = p.event.id.expect("a stored event has an id");
        let attendees = self.attendees(event_id)?;
        let (attendee_dir, speaker_dir) = Lang::of_event(&p.event.language).calendar_folders();
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
        // Each person's file name, then every calendar in one transaction.
        let mut paths = Vec::new();
        let mut selections = Vec::new();
        for a in &attendees {
            let id = a.id.expect("a stored attendee has an id");
            paths.push(name(attendee_dir, &a.name, id));
            selections.push(Selection::Attendee(id));
        }
        for s in &p.speakers {
            let id = s.id.expect("a stored speaker has an id");
            paths.push(name(speaker_dir, &s.name, id));
            selections.push(Selection::Speaker(id));
        }
        drop(attendees);
        self.export_ics_each(p, &selections, now, |calendars| {
            let out = pack(out, paths.into_iter().zip(calendars))?;
            done(out)
        })
    }
}

impl Db {
    /// The name to offer for [`Db::personal_calendars_zip`], before it is
    /// made (a save dialog asks where first).
    pub fn personal_calendars_zip_name(&self, event_id: Id) -> Result<String> {
        Ok(zip_name(&self.programme(event_id)?))
    }
}

/// "…-2022-12-09-participants.zip", after the event and its language.
fn zip_name(p: &Programme) -> String {
    let (attendee_dir, _) = Lang::of_event(&p.event.language).calendar_folders();
    let base = file_name(p, ExportFormat::Ics, &Selection::All, None);
    format!("{}-{attendee_dir}.zip", base.trim_end_matches(".ics"))
}
