//! What an import left out of a file, and why.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An entry of an imported file (a VEVENT, a schedule's `<event>`) that the
/// import left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    /// The line where it starts in the file (its `BEGIN:VEVENT`, its
    /// `<event>`).
    pub line: i64,
    /// Its UID or guid; empty when it has none.
    pub uid: String,
    /// Its title; empty when it has none.
    pub title: String,
    /// The day it starts on, as the event's clock shows it; none when it
    /// has no time of its own (cancelled, say).
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    pub reason: SkipReason,
}

/// Why an import left an entry of the file out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// It lasts whole days (DTSTART is a date): not an item of a programme.
    AllDay,
    /// It starts on another day than the event's.
    OutsideEventDate,
    /// It starts on the event's day and ends after its midnight: a
    /// programme's items end by midnight.
    EndsAfterMidnight,
    /// It is cancelled and no item of the event has its UID.
    Cancelled,
    /// It ends when it starts.
    NoDuration,
    /// Another VEVENT of the file with the same UID was imported instead.
    DuplicateUid,
    /// It recurs (RRULE, RDATE), and none of its occurrences is on the
    /// event's day: its `date` is its first.
    NotThisDay,
}
