//! The frab/c3voc "schedule" exchange format (`schedule.xml` and its JSON
//! form), read by conference apps such as Giggity, EventFahrplan, ConfClerk
//! and info-beamer, and written by frab and pretalx.
//!
//! One event is one conference of one day. Rooms come in their order; the
//! items that take the whole venue go in one more room named after the venue
//! (or "Tout le lieu"), marked with [`WHOLE_VENUE_GUID`] so that an import
//! puts them back without a room. Each item's `guid` comes from its UID, so
//! an exported file imported again updates the same items.

mod export;
mod import;
mod read;
mod read_json;
mod read_xml;

pub use export::{schedule_json, schedule_xml};
pub use read_xml::MAX_NESTING;

use crate::words::fold::{fold_char, Reach};
use serde::Serialize;
use ts_rs::TS;

/// What [`crate::Db::import_schedule_xml`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// Rooms of the file that the event did not have.
    pub rooms_created: i64,
    /// Items whose guid matched none of the event's items.
    pub items_created: i64,
    /// Items matched by guid whose title, times, room, text or speakers
    /// changed.
    pub items_updated: i64,
    /// Items matched by guid that the file leaves as they were.
    pub items_unchanged: i64,
    /// People of the file that the speakers directory did not have.
    pub speakers_created: i64,
    /// The file's events left out, in the order of the file.
    pub skipped: Vec<crate::model::Skipped>,
    /// The zone the file gives its times in (its `time_zone_name`) when its
    /// clock shows other hours than the event's that day: the times were
    /// converted to the event's clock.
    pub file_time_zone: Option<String>,
}

/// The name of the room that holds the whole-venue items when the venue has
/// no name (or shares it with one of its rooms).
pub const WHOLE_VENUE_ROOM: &str = "Tout le lieu";

/// The `guid` of the room that holds the whole-venue items. The same in
/// every file, so an import recognises that room whatever its name.
pub const WHOLE_VENUE_GUID: &str = "6a1e3d0c-5d0b-8e6f-9a0d-7e2f0b1c4d57";

/// The `guid` of an item in a schedule: its UID when that already is a UUID
/// (an item that came from a schedule), else a UUID made from the UID by a
/// fixed hash, so it is the same on every export.
pub fn item_guid(uid: &str) -> String {
    let uid = uid.trim();
    if is_uuid(uid) {
        return uid.to_ascii_lowercase();
    }
    uuid_from(&format!("deroule-item:{uid}"))
}

/// A UUID of version 8 (RFC 9562: "custom", for UUIDs a program derives
/// itself) from a 128-bit FNV-1a hash of `name`. FNV rather than std's
/// hasher: std's is seeded per process, and the guid must not change
/// between runs.
fn uuid_from(name: &str) -> String {
    let mut v = fnv1a_128(name.as_bytes());
    v = (v & !(0xf << 76)) | (0x8 << 76); // version 8
    v = (v & !(0x3 << 62)) | (0x2 << 62); // variant RFC 4122/9562
    let hex = format!("{v:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

fn fnv1a_128(bytes: &[u8]) -> u128 {
    const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013B;
    bytes
        .iter()
        .fold(OFFSET, |h, b| (h ^ u128::from(*b)).wrapping_mul(PRIME))
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in hexadecimal digits, the pattern
/// of the XSD's `uuid` type.
fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Lowercase ASCII letters and digits of `s`, French accents folded ("é" →
/// "e", "œ" → "oe"), every other run of characters made one `sep`, none at
/// either end, at most `max` bytes.
fn slug(s: &str, sep: char, max: usize) -> String {
    let mut out = String::new();
    let mut pending = false;
    for c in s.chars().flat_map(|c| c.to_lowercase()) {
        let folded = fold(c);
        if folded.is_empty() {
            pending = true;
            continue;
        }
        if pending && !out.is_empty() {
            out.push(sep);
        }
        pending = false;
        out.push_str(folded);
    }
    if out.len() > max {
        out.truncate(max);
        // Cut at a separator when there is one, so no word is half cut.
        if let Some(at) = out.rfind(sep) {
            out.truncate(at);
        }
    }
    out.trim_matches(sep).to_owned()
}

/// An ASCII letter or digit for `c`, or "" for a separator.
fn fold(c: char) -> &'static str {
    const ASCII: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
    if c.is_ascii_alphanumeric() {
        let i = ASCII
            .find(c.to_ascii_lowercase())
            .expect("ascii alphanumeric");
        return &ASCII[i..i + 1];
    }
    fold_char(c, Reach::German).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_uuids_stable_and_distinct() {
        let a = item_guid("0123456789abcdef0123456789abcdef@deroule");
        let b = item_guid("0123456789abcdef0123456789abcdee@deroule");
        assert!(is_uuid(&a) && is_uuid(&b));
        assert_ne!(a, b);
        // Pinned: the guid must never change between versions or runs.
        assert_eq!(a, item_guid("0123456789abcdef0123456789abcdef@deroule"));
        assert_eq!(&a[14..15], "8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
        // A UUID is kept as it is (lowercased).
        let uuid = "3F2504E0-4F89-11D3-9A0C-0305E82C3301";
        assert_eq!(item_guid(uuid), uuid.to_ascii_lowercase());
        assert!(is_uuid(WHOLE_VENUE_GUID));
    }

    #[test]
    fn slugs_fold_french() {
        assert_eq!(
            slug("La métamorphose réciproque", '_', 40),
            "la_metamorphose_reciproque"
        );
        assert_eq!(slug("  Œuvre & « Ça » !  ", '-', 40), "oeuvre-ca");
        assert_eq!(
            slug("Table ronde #1 : Le numérique", '-', 12),
            "table-ronde"
        );
        assert_eq!(slug("日本", '-', 40), "");
    }
}
