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
    /// machine's cores while the next is written ([`pack`]), in pieces that
    /// recur from person to person ([`Deflater`]), and no more than a few
    /// are held at once (all 10,060 attendees' days of 514 items held 3.8
    /// GB). On 2 cores, the large demo's archive through the app: 5.80 ->
    /// 1.85 s (IPC bench, p99).
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
/// has cores (each with its own [`Deflater`]), then put into the archive
/// in order by a packer thread. The first calendar that cannot be made,
/// or a failure to write, stops it.
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
            scope.spawn(move || {
                let mut deflater = Deflater::new();
                loop {
                    let next = todo.lock().unwrap_or_else(|p| p.into_inner()).recv();
                    let Ok((place, path, contents)) = next else {
                        break;
                    };
                    let one = deflater.zip_of_one(&path, &contents);
                    if deflated.send((place, one)).is_err() {
                        break;
                    }
                }
            });
        }
        drop((todo, deflated));
        let packer = scope.spawn(move || {
            let mut zip = zip::ZipWriter::new(out);
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
            zip.finish()
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

/// Deflates calendars whose text mostly repeats from one person to the
/// next: the common items, in one order, at one SEQUENCE, in everyone's.
/// Each calendar is cut into pieces, before the events whose UID says so
/// (about one in [`PIECE_EVENTS`], so that the cuts fall on the same
/// events in everyone's calendar); each piece is deflated on its own and
/// ends on a byte boundary (a sync flush), so that deflated pieces put one
/// after the other, and an empty last block, are one deflate stream. A
/// piece met again is copied as it was deflated the first time. The large
/// demo's 10,060 calendars of 514 items: 3.54 s and 412 MB when each was
/// deflated whole at level 1, 1.94 s and 303 MB in pieces (export bench,
/// medians).
struct Deflater {
    compress: flate2::Compress,
    /// Pieces deflated so far, by their CRC-32 and length (then compared
    /// octet by octet).
    known: std::collections::HashMap<(u32, usize), Vec<Piece>>,
    /// The octets `known` holds, at most [`KEPT`].
    kept: usize,
}

struct Piece {
    text: Box<[u8]>,
    deflated: Box<[u8]>,
}

/// About one event in this many starts a piece: larger pieces deflate
/// better, smaller ones are more often met again. On the large demo's
/// calendars, pieces of about 16 events: 2.14 s, 486 MB; 64: 1.94 s, 303
/// MB; 128: 1.98 s, 276 MB (export bench, medians).
const PIECE_EVENTS: u32 = 64;
/// The most a [`Deflater`] (one a core) keeps of its pieces (their text
/// and deflated): past it, pieces met for the first time are deflated and
/// not kept. The common pieces come first; on the large demo 16 MB was as
/// fast as 64 (keeping a piece only the second time it was met was slower:
/// workshops' pieces recur too).
const KEPT: usize = 16 << 20;
/// How each event of a calendar starts (the writer's order).
const EVENT_START: &str = "BEGIN:VEVENT\r\nUID:";

impl Deflater {
    fn new() -> Self {
        Deflater {
            // The default level: most pieces are deflated once for
            // everyone (level 1 on pieces of 16 events: 1.81 s, 668 MB).
            compress: flate2::Compress::new(flate2::Compression::default(), false),
            known: Default::default(),
            kept: 0,
        }
    }

    /// A `.zip` in memory of one calendar, for [`pack`] to take its
    /// deflated octets as they are.
    fn zip_of_one(&mut self, path: &str, contents: &str) -> zip::result::ZipResult<Vec<u8>> {
        let (deflated, crc) = self.deflate(contents);
        one_file_zip(path, &deflated, crc, contents.len())
    }

    /// `text` as raw deflate, and its CRC-32.
    fn deflate(&mut self, text: &str) -> (Vec<u8>, u32) {
        let mut out = Vec::with_capacity(text.len() / 4 + 64);
        let mut crc = crc32fast::Hasher::new();
        for (k, piece) in pieces(text).enumerate() {
            let piece = piece.as_bytes();
            crc.update(piece);
            // The first piece (the calendar's name, its zone) is the
            // person's own: deflated, not kept.
            if k == 0 {
                deflate_piece(&mut self.compress, piece, &mut out);
                continue;
            }
            // The piece's own CRC, a second pass over octets just read:
            // cheaper than combining it into the whole's.
            let key = (crc32fast::hash(piece), piece.len());
            let same = self
                .known
                .get(&key)
                .and_then(|pieces| pieces.iter().find(|p| *p.text == *piece));
            if let Some(known) = same {
                out.extend_from_slice(&known.deflated);
                continue;
            }
            let start = out.len();
            deflate_piece(&mut self.compress, piece, &mut out);
            let size = piece.len() + out.len() - start;
            if self.kept + size <= KEPT {
                self.kept += size;
                self.known.entry(key).or_default().push(Piece {
                    text: piece.into(),
                    deflated: out[start..].into(),
                });
            }
        }
        // The last block: empty, fixed codes, marked last.
        out.extend_from_slice(&[0x03, 0x00]);
        (out, crc.finalize())
    }
}

/// `text` cut before the first event, and before each event whose UID's
/// hash (FNV-1a) is a multiple of [`PIECE_EVENTS`].
fn pieces(text: &str) -> impl Iterator<Item = &str> {
    let mut cuts = memchr::memmem::find_iter(text.as_bytes(), EVENT_START)
        .enumerate()
        .filter(|(k, at)| {
            let uid = &text.as_bytes()[at + EVENT_START.len()..];
            let uid = &uid[..uid.iter().position(|b| *b == b'\r').unwrap_or(uid.len())];
            let hash = uid.iter().fold(0x811c_9dc5_u32, |h, b| {
                (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
            });
            *k == 0 || hash % PIECE_EVENTS == 0
        })
        .map(|(_, at)| at)
        .chain([text.len()])
        .peekable();
    let mut from = 0;
    std::iter::from_fn(move || {
        let to = cuts.next()?;
        let piece = &text[from..to];
        from = to;
        Some(piece)
    })
    .filter(|piece| !piece.is_empty())
}

/// `piece` deflated on its own (no reference to what came before), ending
/// with a sync flush (an empty stored block: the next piece starts on a
/// byte), appended to `out`.
fn deflate_piece(compress: &mut flate2::Compress, piece: &[u8], out: &mut Vec<u8>) {
    compress.reset();
    loop {
        out.reserve(piece.len() / 2 + 64);
        let from = compress.total_in() as usize;
        compress
            .compress_vec(&piece[from..], out, flate2::FlushCompress::Sync)
            .expect("deflating text in memory does not fail");
        // Done when all is taken in and the flush left room unused.
        if compress.total_in() as usize == piece.len() && out.len() < out.capacity() {
            break;
        }
    }
}

/// A `.zip` of one file, `path`, whose text of `size` octets (CRC-32
/// `crc`) is `deflated`; as the zip crate writes one (permissions 644,
/// dated 1980-01-01, the name in UTF-8).
fn one_file_zip(
    path: &str,
    deflated: &[u8],
    crc: u32,
    size: usize,
) -> zip::result::ZipResult<Vec<u8>> {
    let too_large = || zip::result::ZipError::UnsupportedArchive("a calendar over 4 GB");
    let packed = u32::try_from(deflated.len()).map_err(|_| too_large())?;
    let size = u32::try_from(size).map_err(|_| too_large())?;
    let name = u16::try_from(path.len()).map_err(|_| too_large())?;
    let flags: u16 = if path.is_ascii() { 0 } else { 1 << 11 };
    // Version needed 2.0, deflated, 00:00 on 1980-01-01.
    let common = |out: &mut Vec<u8>| {
        for half in [20, flags, 8, 0, 0x21] {
            out.extend_from_slice(&u16::to_le_bytes(half));
        }
        for word in [crc, packed, size] {
            out.extend_from_slice(&word.to_le_bytes());
        }
        out.extend_from_slice(&name.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // no extra field
    };
    let mut out = Vec::with_capacity(deflated.len() + 2 * path.len() + 128);
    out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    common(&mut out);
    out.extend_from_slice(path.as_bytes());
    out.extend_from_slice(deflated);
    let directory = out.len() as u32;
    out.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    // Made by Unix, zip 2.0.
    out.extend_from_slice(&((3u16 << 8) | 20).to_le_bytes());
    common(&mut out);
    // No comment, disk 0, no internal attributes, a regular file 644, its
    // local header at 0.
    for half in [0u16, 0, 0] {
        out.extend_from_slice(&half.to_le_bytes());
    }
    for word in [0o100644u32 << 16, 0] {
        out.extend_from_slice(&word.to_le_bytes());
    }
    out.extend_from_slice(path.as_bytes());
    let directory_size = out.len() as u32 - directory;
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    for half in [0u16, 0, 1, 1] {
        out.extend_from_slice(&half.to_le_bytes());
    }
    for word in [directory_size, directory] {
        out.extend_from_slice(&word.to_le_bytes());
    }
    out.extend_from_slice(&0u16.to_le_bytes());
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// A calendar of `uids`' events, named after `owner`.
    fn calendar(owner: &str, uids: &[String]) -> String {
        let mut text = format!("BEGIN:VCALENDAR\r\nX-WR-CALNAME:{owner}\r\n");
        for uid in uids {
            text.push_str(&format!(
                "BEGIN:VEVENT\r\nUID:{uid}\r\nSEQUENCE:0\r\nSUMMARY:Atelier {uid}\r\nEND:VEVENT\r\n"
            ));
        }
        text + "END:VCALENDAR\r\n"
    }

    fn uids(n: usize) -> Vec<String> {
        (0..n).map(|k| format!("item-{k}@deroule")).collect()
    }

    fn inflate(deflated: &[u8]) -> String {
        let mut text = String::new();
        flate2::read::DeflateDecoder::new(deflated)
            .read_to_string(&mut text)
            .expect("one whole deflate stream");
        text
    }

    #[test]
    fn pieces_are_cut_on_the_same_events_whatever_comes_before() {
        let common = uids(1000);
        let mine = {
            let mut u = common.clone();
            u.insert(300, "workshop-7@deroule".into());
            u
        };
        let (a, b) = (calendar("Anaïs", &common), calendar("Bruno", &mine));
        let (pa, pb): (Vec<&str>, Vec<&str>) = (pieces(&a).collect(), pieces(&b).collect());
        assert_eq!(pa.concat(), a);
        assert_eq!(pb.concat(), b);
        assert!(pa.len() > 5, "{} pieces of 1,000 events", pa.len());
        assert!(
            pa[0].ends_with("X-WR-CALNAME:Anaïs\r\n"),
            "the header alone"
        );
        // Only the header and the piece the workshop falls in differ.
        let shared = pb.iter().filter(|p| pa.contains(p)).count();
        assert_eq!(shared, pb.len() - 2);
    }

    #[test]
    fn pieces_met_again_are_copied_and_the_whole_inflates_to_the_calendar() {
        let mut deflater = Deflater::new();
        let common = uids(2000);
        let first = calendar("Anaïs", &common);
        let (deflated, crc) = deflater.deflate(&first);
        assert_eq!(inflate(&deflated), first);
        assert_eq!(crc, crc32fast::hash(first.as_bytes()));
        let kept = deflater.kept;
        assert!(kept > first.len(), "every piece but the header kept");
        // Someone else's day: another name, one workshop more.
        let mut mine = common.clone();
        mine.insert(1500, "workshop-7@deroule".into());
        let second = calendar("Bruno", &mine);
        let (deflated, crc) = deflater.deflate(&second);
        assert_eq!(inflate(&deflated), second);
        assert_eq!(crc, crc32fast::hash(second.as_bytes()));
        let added = deflater.kept - kept;
        assert!(
            added < first.len() / 5,
            "one piece more kept ({added} octets), not the calendar again"
        );
        // Nothing held past the limit: the calendar is still whole.
        deflater.kept = KEPT;
        let third = calendar("Chloé", &uids(3000));
        let (deflated, _) = deflater.deflate(&third);
        assert_eq!(inflate(&deflated), third);
        assert_eq!(deflater.kept, KEPT);
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Any calendars, of any events in any order (none, a UID folded
        /// on two lines, text that only looks like an event's start), one
        /// deflater for them all: each inflates to itself, with its CRC.
        #[test]
        fn any_calendars_inflate_to_themselves(
            calendars in proptest::collection::vec(
                (
                    "[a-zé ]{0,12}",
                    proptest::collection::vec(
                        proptest::prop_oneof![
                            (0u32..300).prop_map(|k| format!("item-{k}@deroule")),
                            "[a-z0-9]{60,90}".prop_map(|u| format!("{}\r\n {}", &u[..40], &u[40..])),
                            proptest::strategy::Just("BEGIN:VEVENT\r\nUID:".to_owned()),
                        ],
                        0..400,
                    ),
                ),
                1..6,
            )
        ) {
            let mut deflater = Deflater::new();
            for (owner, uids) in &calendars {
                let text = calendar(owner, uids);
                let (deflated, crc) = deflater.deflate(&text);
                proptest::prop_assert_eq!(inflate(&deflated), text.clone());
                proptest::prop_assert_eq!(crc, crc32fast::hash(text.as_bytes()));
            }
        }
    }

    #[test]
    fn one_calendars_zip_reads_as_the_zip_crates_own() {
        let text = calendar("Élodie", &uids(300));
        let path = "participants/élodie-n'guyen.ics";
        let mut deflater = Deflater::new();
        let ours = deflater.zip_of_one(path, &text).unwrap();
        let theirs = {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .unix_permissions(0o644);
            zip.start_file(path, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
            zip.finish().unwrap().into_inner()
        };
        let read = |bytes: Vec<u8>| {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            assert_eq!(zip.len(), 1);
            let mut file = zip.by_index(0).unwrap();
            let mut contents = String::new();
            file.read_to_string(&mut contents).unwrap();
            (
                file.name().unwrap().into_owned(),
                file.compression(),
                file.unix_mode(),
                file.last_modified(),
                file.size(),
                file.crc32(),
                contents,
            )
        };
        let ours = read(ours);
        assert_eq!(ours, read(theirs));
        assert_eq!(ours.6, text);
    }
}
