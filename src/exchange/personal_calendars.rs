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
use crate::model::{Id, Programme};
use crate::words::Lang;
use chrono::{DateTime, Utc};
use std::collections::HashSet;
use std::io::{Seek, Write};

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
    /// machine's cores while the next is written ([`pack`]), and no more
    /// than a few are held at once (all 10,060 attendees' days of 514 items
    /// held 3.8 GB). On 2 cores, the large demo's archive: 7.27 -> 5.44 s
    /// (IPC bench, p50).
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

/// Packs each (path, calendar) into a `.zip` written into `out`, as they
/// come: each calendar deflated on one of as many threads as the machine
/// has cores (deflating was two thirds of the work), then put into the
/// archive in order by a packer thread. The first calendar that cannot be
/// made, or a failure to write, stops it.
fn pack<W: Write + Seek + Send>(
    out: W,
    files: impl Iterator<Item = (String, Result<String>)>,
) -> Result<W> {
    let cannot = |e: zip::result::ZipError| {
        Error::new(
            ErrorCode::Io,
            format!("cannot write the calendars' archive: {e}"),
        )
    };
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    std::thread::scope(|scope| {
        // Calendars to deflate, each with its place in the archive.
        let (send, todo) = std::sync::mpsc::sync_channel::<(usize, String, String)>(2 * workers);
        // Shared by the deflaters; gone once they all stopped, so that a
        // calendar sent after the packer failed is refused, not waited on.
        let todo = std::sync::Arc::new(std::sync::Mutex::new(todo));
        let (deflated, packed) = std::sync::mpsc::sync_channel(2 * workers);
        for _ in 0..workers {
            let todo = std::sync::Arc::clone(&todo);
            let deflated = deflated.clone();
            scope.spawn(move || loop {
                let next = todo.lock().unwrap_or_else(|p| p.into_inner()).recv();
                let Ok((place, path, contents)) = next else {
                    break;
                };
                if deflated
                    .send((place, zip_of_one::<W>(&path, &contents)))
                    .is_err()
                {
                    break;
                }
            });
        }
        drop((todo, deflated));
        let packer = scope.spawn(move || {
            let mut zip = zip::ZipWriter::new(Sink::Out(out));
            let mut early = std::collections::BTreeMap::new();
            let mut next = 0;
            for (place, one) in packed {
                early.insert(place, one);
                while let Some(one) = early.remove(&next) {
                    let one = zip::ZipArchive::new(std::io::Cursor::new(one?))?;
                    zip.merge_archive(one)?;
                    next += 1;
                }
            }
            match zip.finish()? {
                Sink::Out(out) => Ok(out),
                Sink::Memory(_) => unreachable!("the archive is written into `out`"),
            }
        });
        let mut made = Ok(());
        for (place, (path, calendar)) in files.enumerate() {
            let calendar = match calendar {
                Ok(calendar) => calendar,
                Err(e) => {
                    made = Err(e);
                    break;
                }
            };
            if send.send((place, path, calendar)).is_err() {
                // The packer stopped: its error says why.
                break;
            }
        }
        drop(send);
        let packed = packer.join().expect("the packer does not panic");
        made?;
        packed.map_err(cannot)
    })
}

/// A `.zip` in memory of one calendar, for [`pack`] to take its deflated
/// bytes as they are.
fn zip_of_one<W: Write + Seek>(path: &str, contents: &str) -> zip::result::ZipResult<Vec<u8>> {
    let out = std::io::Cursor::new(Vec::with_capacity(contents.len() / 4 + 256));
    let mut zip = zip::ZipWriter::new(Sink::<W>::Memory(out));
    zip_file(&mut zip, path, contents)?;
    match zip.finish()? {
        Sink::Memory(out) => Ok(out.into_inner()),
        Sink::Out(_) => unreachable!("one calendar is written into memory"),
    }
}

/// Where [`pack`] writes: the archive's own file, or one calendar's `.zip`
/// in memory. One type for both, so that the program holds the code of one
/// `ZipWriter` (a second made the app 150 KB larger).
enum Sink<W> {
    Out(W),
    Memory(std::io::Cursor<Vec<u8>>),
}

impl<W: Write> Write for Sink<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::Out(out) => out.write(buf),
            Sink::Memory(memory) => memory.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::Out(out) => out.flush(),
            Sink::Memory(memory) => memory.flush(),
        }
    }
}

impl<W: Seek> Seek for Sink<W> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        match self {
            Sink::Out(out) => out.seek(pos),
            Sink::Memory(memory) => memory.seek(pos),
        }
    }
}

/// One text file of a `.zip`, deflated.
fn zip_file<W: Write + Seek>(
    zip: &mut zip::ZipWriter<W>,
    path: &str,
    contents: &str,
) -> zip::result::ZipResult<()> {
    // The fastest deflate: the default level (6) spent more time packing
    // 10,060 attendees' calendars than writing them. Measured (export
    // bench): 640 → 444 ms for the demo's day, 24 → 16 s with 500 more
    // sessions, for an archive 27 % (resp. 64 %) larger; level 2 saved
    // only 11 %.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .unix_permissions(0o644);
    zip.start_file(path, options)?;
    zip.write_all(contents.as_bytes())?;
    Ok(())
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
