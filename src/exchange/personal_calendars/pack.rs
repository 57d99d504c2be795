//! Packing everyone's calendars into one `.zip` as they are written: each
//! deflated on one of the machine's cores, in pieces that recur from one
//! person to the next.

use super::Written;
use crate::error::{Error, ErrorCode, Result};
use std::collections::HashMap;
use std::io::{Seek, Write};
use std::sync::Arc;

/// Packs each (path, calendar) into a `.zip` written into `out`, as they
/// come: each calendar deflated on one of as many threads as the machine
/// has cores (each with its own [`Deflater`]), then put into the archive
/// in order by a packer thread. The first calendar that cannot be made,
/// or a failure to write, stops it.
pub(super) fn pack<W: Write + Seek + Send>(
    out: W,
    files: impl Iterator<Item = (String, Result<Written>)>,
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
        let (send, todo) = std::sync::mpsc::sync_channel::<(usize, String, Written)>(2 * workers);
        // Shared by the deflaters; gone once they all stopped, so that a
        // calendar sent after the packer failed is refused, not waited on.
        let todo = Arc::new(std::sync::Mutex::new(todo));
        let (deflated, packed) = std::sync::mpsc::sync_channel(2 * workers);
        for _ in 0..workers {
            let todo = Arc::clone(&todo);
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
            let mut zip = zip::ZipWriter::new(Buffered::new(out)?);
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
            Ok(zip.finish()?.into_inner()?)
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

/// What [`pack`] writes into, in blocks of 1 MB: the zip crate copies
/// each calendar 8 KB at a time, and asks where it is before each (a seek,
/// which empties a `BufWriter`): 10,060 calendars were as many writes and
/// seeks. Here, being asked where it is costs nothing; a seek elsewhere
/// writes what is held first.
struct Buffered<W: Write + Seek> {
    out: std::io::BufWriter<W>,
    /// Where the next octet goes.
    at: u64,
}

impl<W: Write + Seek> Buffered<W> {
    fn new(mut out: W) -> std::io::Result<Self> {
        Ok(Buffered {
            at: out.stream_position()?,
            out: std::io::BufWriter::with_capacity(1 << 20, out),
        })
    }

    /// `out`, with everything written into it.
    fn into_inner(self) -> std::io::Result<W> {
        self.out
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)
    }
}

impl<W: Write + Seek> Write for Buffered<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.at += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

impl<W: Write + Seek> Seek for Buffered<W> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        if to != std::io::SeekFrom::Current(0) {
            self.at = self.out.seek(to)?;
        }
        Ok(self.at)
    }
}

/// Deflates calendars whose text mostly repeats from one person to the
/// next: the common items, in one order, at one SEQUENCE, in everyone's.
/// Each calendar is cut into pieces, before the events whose UID says so
/// (about one in [`PIECE_EVENTS`], so that the cuts fall on the same
/// events in everyone's calendar); each piece is deflated on its own and
/// ends on a byte boundary (a sync flush), so that deflated pieces put one
/// after the other, and an empty last block, are one deflate stream. A
/// piece of VEVENTs its calendar shares with others ([`Written`]), met
/// again, is copied as it was deflated the first time, and its CRC-32
/// combined into the calendar's: its text is not read again. The large
/// demo's 10,060 calendars of 514 items: 3.54 s and 412 MB when each was
/// deflated whole at level 1, 1.94 s and 303 MB in pieces found again by
/// their text (export bench, medians).
struct Deflater {
    compress: flate2::Compress,
    /// Pieces deflated so far, by a hash of the addresses of their shared
    /// VEVENTs (then compared VEVENT by VEVENT).
    known: HashMap<u64, Vec<Piece>>,
    /// The octets `known` holds deflated, at most [`KEPT`].
    kept: usize,
    /// A piece's text put together, to be deflated.
    text: Vec<u8>,
}

struct Piece {
    /// Its VEVENTs, held so that no other takes their addresses.
    events: Box<[Arc<str>]>,
    deflated: Box<[u8]>,
    crc: crc32fast::Hasher,
}

/// About one event in this many starts a piece: larger pieces deflate
/// better, smaller ones are more often met again. On the large demo's
/// calendars, pieces of about 16 events: 2.14 s, 486 MB; 64: 1.94 s, 303
/// MB; 128: 1.98 s, 276 MB (export bench, medians).
const PIECE_EVENTS: u32 = 64;
/// The most a [`Deflater`] (one a core) keeps of its pieces deflated: past
/// it, pieces met for the first time are deflated and not kept. The
/// common pieces come first; on the large demo 16 MB was as fast as 64
/// (keeping a piece only the second time it was met was slower: workshops'
/// pieces recur too).
const KEPT: usize = 16 << 20;
/// A piece of the person's own this short (the calendar's head and zone,
/// its end) is stored as it is: deflating it started with clearing the
/// deflater's tables, twice per calendar. The large demo's head: 555
/// octets stored against 333 deflated.
const STORED: usize = 4096;
/// How each event of a calendar starts (the writer's order).
const EVENT_START: &str = "BEGIN:VEVENT\r\nUID:";
/// How a calendar ends.
const CALENDAR_END: &str = "END:VCALENDAR\r\n";

/// A calendar's text before its first event, or one event (with what
/// follows it up to the next), and the VEVENT it is when shared.
type Atom<'a> = (&'a str, Option<&'a Arc<str>>);

impl Deflater {
    fn new() -> Self {
        Deflater {
            // The default level: most pieces are deflated once for
            // everyone (level 1 on pieces of 16 events: 1.81 s, 668 MB).
            compress: flate2::Compress::new(flate2::Compression::default(), false),
            known: HashMap::new(),
            kept: 0,
            text: Vec::new(),
        }
    }

    /// A `.zip` in memory of one calendar, for [`pack`] to take its
    /// deflated octets as they are.
    fn zip_of_one(&mut self, path: &str, calendar: &Written) -> zip::result::ZipResult<Vec<u8>> {
        let (deflated, crc) = self.deflate(calendar);
        one_file_zip(path, &deflated, crc, calendar.len())
    }

    /// `calendar` as raw deflate, and its CRC-32.
    fn deflate(&mut self, calendar: &Written) -> (Vec<u8>, u32) {
        let mut out = Vec::with_capacity(64 << 10);
        let mut crc = crc32fast::Hasher::new();
        for piece in pieces(calendar) {
            self.piece(&piece, &mut out, &mut crc);
        }
        // The last block: empty, fixed codes, marked last.
        out.extend_from_slice(&[0x03, 0x00]);
        (out, crc.finalize())
    }

    /// One piece deflated (or copied, when it is all shared VEVENTs met
    /// before) onto `out`, its CRC-32 combined into `crc`.
    fn piece(&mut self, atoms: &[Atom<'_>], out: &mut Vec<u8>, crc: &mut crc32fast::Hasher) {
        // Only shared VEVENTs recur: the first piece (the calendar's name,
        // its zone) is the person's own.
        let shared = atoms.iter().all(|(_, s)| s.is_some());
        let events = || atoms.iter().filter_map(|(_, s)| *s);
        let key = shared.then(|| {
            events().fold(0xcbf2_9ce4_8422_2325_u64, |h, e| {
                (h ^ Arc::as_ptr(e).cast::<u8>() as u64).wrapping_mul(0x0000_0100_0000_01b3)
            })
        });
        if let Some(key) = key {
            let same = self.known.get(&key).and_then(|pieces| {
                pieces.iter().find(|p| {
                    p.events.len() == atoms.len()
                        && p.events
                            .iter()
                            .zip(events())
                            .all(|(a, b)| Arc::ptr_eq(a, b))
                })
            });
            if let Some(known) = same {
                out.extend_from_slice(&known.deflated);
                crc.combine(&known.crc);
                return;
            }
        }
        self.text.clear();
        for (text, _) in atoms {
            self.text.extend_from_slice(text.as_bytes());
        }
        let mut own = crc32fast::Hasher::new();
        own.update(&self.text);
        crc.combine(&own);
        let Some(key) = key else {
            if self.text.len() <= STORED {
                store_piece(&self.text, out);
            } else {
                deflate_piece(&mut self.compress, &self.text, out);
            }
            return;
        };
        let start = out.len();
        deflate_piece(&mut self.compress, &self.text, out);
        let size = out.len() - start;
        if self.kept + size <= KEPT {
            self.kept += size;
            self.known.entry(key).or_default().push(Piece {
                events: events().cloned().collect(),
                deflated: out[start..].into(),
                crc: own,
            });
        }
    }
}

/// `calendar` cut before its first event, before each event whose UID's
/// hash (FNV-1a) is a multiple of [`PIECE_EVENTS`], and before its end (so
/// that its last events are not the person's own).
fn pieces(calendar: &Written) -> impl Iterator<Item = Vec<Atom<'_>>> {
    let mut atoms = atoms(calendar).peekable();
    let mut first = true;
    std::iter::from_fn(move || {
        let head = atoms.next()?;
        first &= !head.0.starts_with(EVENT_START);
        let mut piece = vec![head];
        while let Some((text, _)) = atoms.peek() {
            let cut = *text == CALENDAR_END
                || text.starts_with(EVENT_START)
                    && (std::mem::take(&mut first) || uid_hash(text) % PIECE_EVENTS == 0);
            if cut {
                break;
            }
            piece.extend(atoms.next());
        }
        Some(piece)
    })
}

/// `calendar`'s text cut before each event and before its end, with the
/// VEVENTs it shares.
fn atoms(calendar: &Written) -> impl Iterator<Item = Atom<'_>> {
    calendar.parts().flat_map(|(text, shared)| {
        let mut cuts: Vec<usize> = match shared {
            Some(_) => Vec::new(),
            None => memchr::memmem::find_iter(text.as_bytes(), EVENT_START)
                .filter(|at| *at > 0)
                .collect(),
        };
        if shared.is_none() && text.ends_with(CALENDAR_END) {
            cuts.push(text.len() - CALENDAR_END.len());
        }
        let mut from = 0;
        cuts.into_iter()
            .chain([text.len()])
            .map(move |to| {
                let atom = &text[from..to];
                from = to;
                (atom, shared)
            })
            .filter(|(atom, _)| !atom.is_empty())
    })
}

/// The FNV-1a hash of the UID of `event`, which starts with
/// [`EVENT_START`].
fn uid_hash(event: &str) -> u32 {
    let uid = &event.as_bytes()[EVENT_START.len()..];
    let uid = &uid[..uid.iter().position(|b| *b == b'\r').unwrap_or(uid.len())];
    uid.iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
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

/// `piece` (at most 65,535 octets) as a stored block, not the last,
/// appended to `out`, which ends on a byte boundary (a stream's start or a
/// sync flush).
fn store_piece(piece: &[u8], out: &mut Vec<u8>) {
    let len = u16::try_from(piece.len()).expect("a stored block holds at most 65,535 octets");
    // BFINAL 0 and BTYPE 00 (stored), then the bits up to the byte.
    out.push(0);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(piece);
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// The VEVENTs of one export, each made once and shared by the
    /// calendars that hold it, as the ICS writer shares them.
    #[derive(Default)]
    struct Events(HashMap<String, Arc<str>>);

    impl Events {
        /// A calendar of `uids`' events, named after `owner`, the events
        /// `own` says written into it, the others shared; and its text.
        fn calendar(
            &mut self,
            owner: &str,
            uids: &[String],
            own: impl Fn(usize) -> bool,
        ) -> (Written, String) {
            let mut written = Written::default();
            let head = format!("BEGIN:VCALENDAR\r\nX-WR-CALNAME:{owner}\r\n");
            written.push_own(&head);
            let mut text = head;
            for (k, uid) in uids.iter().enumerate() {
                let event = format!(
                    "BEGIN:VEVENT\r\nUID:{uid}\r\nSEQUENCE:0\r\nSUMMARY:Atelier {uid}\r\nEND:VEVENT\r\n"
                );
                text.push_str(&event);
                if own(k) {
                    written.push_own(&event);
                } else {
                    let shared = self.0.entry(uid.clone()).or_insert_with(|| event.into());
                    written.share(Arc::clone(shared));
                }
            }
            written.push_own(CALENDAR_END);
            (written, text + CALENDAR_END)
        }
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

    fn text_of(piece: &[Atom<'_>]) -> String {
        piece.iter().map(|(text, _)| *text).collect()
    }

    #[test]
    fn pieces_are_cut_on_the_same_events_whatever_comes_before() {
        let common = uids(1000);
        let mine = {
            let mut u = common.clone();
            u.insert(300, "workshop-7@deroule".into());
            u
        };
        let mut events = Events::default();
        // Written alone, shared, or some of each: cut the same.
        for own in [|_| true, |_| false, |k: usize| k % 3 == 0] {
            let (a, a_text) = events.calendar("Anaïs", &common, own);
            let (b, b_text) = events.calendar("Bruno", &mine, own);
            let pa: Vec<String> = pieces(&a).map(|p| text_of(&p)).collect();
            let pb: Vec<String> = pieces(&b).map(|p| text_of(&p)).collect();
            assert_eq!(pa.concat(), a_text);
            assert_eq!(pb.concat(), b_text);
            assert!(pa.len() > 5, "{} pieces of 1,000 events", pa.len());
            assert!(
                pa[0].ends_with("X-WR-CALNAME:Anaïs\r\n"),
                "the header alone"
            );
            assert_eq!(pa.last().unwrap(), CALENDAR_END, "the end alone");
            // Only the header and the piece the workshop falls in differ.
            let same = pb.iter().filter(|p| pa.contains(p)).count();
            assert_eq!(same, pb.len() - 2);
        }
    }

    #[test]
    fn pieces_met_again_are_copied_and_the_whole_inflates_to_the_calendar() {
        let mut deflater = Deflater::new();
        let mut events = Events::default();
        let common = uids(2000);
        let (first, text) = events.calendar("Anaïs", &common, |_| false);
        let (deflated, crc) = deflater.deflate(&first);
        assert_eq!(inflate(&deflated), text);
        assert_eq!(crc, crc32fast::hash(text.as_bytes()));
        assert_eq!(first.len(), text.len());
        // The header, short and the person's own, stored as it is.
        let head = "BEGIN:VCALENDAR\r\nX-WR-CALNAME:Anaïs\r\n";
        assert_eq!(deflated[0], 0);
        assert_eq!(
            usize::from(u16::from_le_bytes([deflated[1], deflated[2]])),
            head.len()
        );
        assert_eq!(&deflated[5..5 + head.len()], head.as_bytes());
        let kept = deflater.kept;
        let known = |d: &Deflater| d.known.values().map(Vec::len).sum::<usize>();
        assert_eq!(
            known(&deflater),
            pieces(&first).count() - 2,
            "every piece but the header and the end kept"
        );
        // Someone else's day: another name, one workshop more.
        let mut mine = common.clone();
        mine.insert(1500, "workshop-7@deroule".into());
        let (second, text) = events.calendar("Bruno", &mine, |_| false);
        let (deflated, crc) = deflater.deflate(&second);
        assert_eq!(inflate(&deflated), text);
        assert_eq!(crc, crc32fast::hash(text.as_bytes()));
        let added = deflater.kept - kept;
        assert!(
            added < kept / 5,
            "one piece more kept ({added} octets), not the calendar again"
        );
        assert_eq!(known(&deflater), pieces(&first).count() - 1);
        // The same events written into a calendar of its own: the same
        // text, deflated again, nothing kept.
        let (third, text) = events.calendar("Chloé", &mine, |_| true);
        let kept = deflater.kept;
        assert_eq!(inflate(&deflater.deflate(&third).0), text);
        assert_eq!(deflater.kept, kept);
        // Nothing held past the limit: the calendar is still whole.
        deflater.kept = KEPT;
        let (fourth, text) = events.calendar("Chloé", &uids(3000), |_| false);
        let (deflated, _) = deflater.deflate(&fourth);
        assert_eq!(inflate(&deflated), text);
        assert_eq!(deflater.kept, KEPT);
    }

    use proptest::strategy::Strategy as _;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Any calendars, of any events in any order (none, a UID folded
        /// on two lines, text that only looks like an event's start), some
        /// written into their calendar and others shared, one deflater for
        /// them all: each inflates to itself, with its CRC.
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
                    0usize..4,
                ),
                1..6,
            )
        ) {
            let mut deflater = Deflater::new();
            let mut events = Events::default();
            for (owner, uids, own) in &calendars {
                let (written, text) = events.calendar(owner, uids, |k| *own > 0 && k % own == 0);
                let (deflated, crc) = deflater.deflate(&written);
                proptest::prop_assert_eq!(inflate(&deflated), text.clone());
                proptest::prop_assert_eq!(crc, crc32fast::hash(text.as_bytes()));
                proptest::prop_assert_eq!(written.len(), text.len());
                proptest::prop_assert_eq!(written.into_string(), text);
            }
        }
    }

    #[test]
    fn buffered_writes_and_seeks_as_what_it_holds() {
        use std::io::{Cursor, SeekFrom};
        let mut out = Cursor::new(b"ab".to_vec());
        out.seek(SeekFrom::End(0)).unwrap();
        let mut b = Buffered::new(out).unwrap();
        b.write_all(b"hello world").unwrap();
        assert_eq!(b.stream_position().unwrap(), 13);
        b.seek(SeekFrom::Start(8)).unwrap();
        b.write_all(b"W").unwrap();
        assert_eq!(b.stream_position().unwrap(), 9);
        assert_eq!(b.seek(SeekFrom::End(0)).unwrap(), 13);
        b.write_all(b"!").unwrap();
        assert_eq!(b.into_inner().unwrap().into_inner(), b"abhello World!");
    }

    #[test]
    fn one_calendars_zip_reads_as_the_zip_crates_own() {
        let (written, text) = Events::default().calendar("Élodie", &uids(300), |k| k == 7);
        let path = "participants/élodie-n'guyen.ics";
        let mut deflater = Deflater::new();
        let ours = deflater.zip_of_one(path, &written).unwrap();
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
