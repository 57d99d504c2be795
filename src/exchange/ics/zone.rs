//! The VTIMEZONE of a calendar, built from chrono-tz's rules for the event's
//! year: each change of offset found to the minute, with an RRULE only when
//! the same rule also gives next year's change. Each zone's year is worked
//! out once per process: 10,000 personal calendars share one.

use super::line::{prop, push_line, push_local_stamp};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

fn offset_text(seconds: i64) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    if s % 60 != 0 {
        format!("{sign}{:02}{:02}{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{sign}{:02}{:02}", s / 3600, (s / 60) % 60)
    }
}

/// An offset of a zone at an instant: total seconds east of UTC, whether it
/// is daylight time, and its abbreviation.
#[derive(Debug, Clone, PartialEq)]
struct Offset {
    total: i64,
    dst: bool,
    name: String,
}

fn offset_at(tz: Tz, t: DateTime<Utc>) -> Offset {
    let o = tz.offset_from_utc_datetime(&t.naive_utc());
    let total = (o.base_utc_offset() + o.dst_offset()).num_seconds();
    let name = o
        .abbreviation()
        .map(str::to_owned)
        .unwrap_or_else(|| offset_text(total));
    Offset {
        total,
        dst: !o.dst_offset().is_zero(),
        name,
    }
}

/// A change of offset: the UTC instant, and the offsets before and after.
#[derive(Debug, Clone)]
struct Transition {
    at: DateTime<Utc>,
    from: Offset,
    to: Offset,
}

impl Transition {
    /// The wall-clock time of the change, in the offset before it (what
    /// DTSTART of a STANDARD or DAYLIGHT component means).
    fn local_start(&self) -> NaiveDateTime {
        self.at.naive_utc() + Duration::seconds(self.from.total)
    }
}

/// The offset of `tz` at `t` as far as a change of offset goes: total
/// seconds east of UTC, and whether it is daylight time (no name: the scan
/// below asks 17,000 times a year).
fn offset_key(tz: Tz, t: DateTime<Utc>) -> (i64, bool) {
    let o = tz.offset_from_utc_datetime(&t.naive_utc());
    (
        (o.base_utc_offset() + o.dst_offset()).num_seconds(),
        !o.dst_offset().is_zero(),
    )
}

/// The transitions of `tz` during `year`, to the minute.
fn transitions(tz: Tz, year: i32) -> Vec<Transition> {
    let start = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(year + 1, 1, 1, 0, 0, 0).unwrap();
    let mut out = Vec::new();
    let mut t = start;
    let mut current = offset_key(tz, t);
    while t < end {
        let next = t + Duration::hours(1);
        let o = offset_key(tz, next);
        if o != current {
            // Narrow down to the minute.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::minutes(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_key(tz, mid) == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(Transition {
                at: hi,
                from: offset_at(tz, lo),
                to: offset_at(tz, hi),
            });
            current = o;
        }
        t = next;
    }
    out
}

/// "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" for a change on a given day, when the
/// same rule gives next year's change too; otherwise None.
fn yearly_rule(day: NaiveDate, next_year: Option<NaiveDate>) -> Option<String> {
    let weekday = match day.weekday() {
        chrono::Weekday::Mon => "MO",
        chrono::Weekday::Tue => "TU",
        chrono::Weekday::Wed => "WE",
        chrono::Weekday::Thu => "TH",
        chrono::Weekday::Fri => "FR",
        chrono::Weekday::Sat => "SA",
        chrono::Weekday::Sun => "SU",
    };
    let last = day + Duration::days(7);
    let ordinal: i64 = if last.month() != day.month() {
        -1
    } else {
        i64::from((day.day() - 1) / 7 + 1)
    };
    let predicted = {
        let next = next_year?;
        let year = next.year();
        let first = NaiveDate::from_ymd_opt(year, day.month(), 1)?;
        let candidates: Vec<NaiveDate> = first
            .iter_days()
            .take_while(|d| d.month() == day.month())
            .filter(|d| d.weekday() == day.weekday())
            .collect();
        if ordinal == -1 {
            *candidates.last()?
        } else {
            *candidates.get(ordinal as usize - 1)?
        }
    };
    (Some(predicted) == next_year).then(|| {
        format!(
            "FREQ=YEARLY;BYMONTH={};BYDAY={ordinal}{weekday}",
            day.month()
        )
    })
}

/// The VTIMEZONE of `tz` with the rules in force during `year`: worked out
/// the first time, then copied.
pub fn vtimezone(tz: Tz, year: i32, out: &mut String) {
    type Known = Mutex<HashMap<(Tz, i32), Arc<str>>>;
    static KNOWN: OnceLock<Known> = OnceLock::new();
    let known = KNOWN.get_or_init(Known::default);
    let found = known
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .get(&(tz, year))
        .cloned();
    let text = found.unwrap_or_else(|| {
        let mut text = String::new();
        write_vtimezone(tz, year, &mut text);
        let text: Arc<str> = text.into();
        known
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert((tz, year), text.clone());
        text
    });
    out.push_str(&text);
}

/// [`vtimezone`], worked out.
fn write_vtimezone(tz: Tz, year: i32, out: &mut String) {
    push_line(out, "BEGIN:VTIMEZONE");
    push_line(out, &format!("TZID:{}", tz.name()));
    let this_year = transitions(tz, year);
    let next_year = transitions(tz, year + 1);
    if this_year.is_empty() {
        // No change this year: one standard offset from the epoch on.
        let o = offset_at(tz, Utc.with_ymd_and_hms(year, 7, 1, 0, 0, 0).unwrap());
        let kind = if o.dst { "DAYLIGHT" } else { "STANDARD" };
        push_line(out, &format!("BEGIN:{kind}"));
        push_line(out, "DTSTART:19700101T000000");
        push_line(out, &format!("TZOFFSETFROM:{}", offset_text(o.total)));
        push_line(out, &format!("TZOFFSETTO:{}", offset_text(o.total)));
        prop(out, "TZNAME", &o.name);
        push_line(out, &format!("END:{kind}"));
    }
    for t in &this_year {
        let kind = if t.to.dst { "DAYLIGHT" } else { "STANDARD" };
        let next = next_year
            .iter()
            .find(|n| n.to.dst == t.to.dst && n.to.total == t.to.total)
            .map(|n| n.local_start());
        push_line(out, &format!("BEGIN:{kind}"));
        out.push_str("DTSTART:");
        push_local_stamp(out, t.local_start());
        out.push_str("\r\n");
        push_line(out, &format!("TZOFFSETFROM:{}", offset_text(t.from.total)));
        push_line(out, &format!("TZOFFSETTO:{}", offset_text(t.to.total)));
        let same_time = next
            .map(|n| n.time() == t.local_start().time())
            .unwrap_or(false);
        if let Some(rule) =
            yearly_rule(t.local_start().date(), next.map(|n| n.date())).filter(|_| same_time)
        {
            push_line(out, &format!("RRULE:{rule}"));
        }
        prop(out, "TZNAME", &t.to.name);
        push_line(out, &format!("END:{kind}"));
    }
    push_line(out, "END:VTIMEZONE");
}
