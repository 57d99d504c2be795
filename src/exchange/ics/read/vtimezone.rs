//! Zones a file defines itself: a VTIMEZONE whose TZID is no name we know
//! ("(UTC-03:00) Brasília", "MyTimezone", "custom_America/New_York", as
//! Outlook, Exchange and other tools write them) is followed by its own
//! STANDARD and DAYLIGHT observances: each one's offset, from its DTSTART,
//! repeated by its yearly RRULE (`BYMONTH` with `BYDAY` such as `-1SU` or
//! `2SU`, or `BYMONTHDAY` days with a `BYDAY` weekday) and its RDATEs.

use super::bad;
use super::lex::{Component, Property};
use crate::error::Result;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

/// One STANDARD or DAYLIGHT block.
struct Observance {
    /// The local time (before the change) it first takes effect.
    start: NaiveDateTime,
    /// Seconds east of UTC before and from the change.
    offset_from: i32,
    offset_to: i32,
    rule: Option<YearlyRule>,
    /// RDATEs: further onsets, local times.
    dates: Vec<NaiveDateTime>,
}

/// FREQ=YEARLY, in one month, on the n-th weekday (negative: from the end)
/// or on the first of some month days that is that weekday.
struct YearlyRule {
    month: u32,
    day: RuleDay,
    /// The last local time it applies (UNTIL), if any.
    until: Option<NaiveDateTime>,
}

enum RuleDay {
    Nth(i32, Weekday),
    FirstOf(Vec<u32>, Weekday),
    /// The day of DTSTART's month.
    Same(u32),
}

/// A zone defined by a VTIMEZONE of the file.
pub(super) struct DefinedZone {
    observances: Vec<Observance>,
}

impl DefinedZone {
    /// Reads a VTIMEZONE; an observance without offsets or with a rule we
    /// cannot follow is an error naming its line.
    pub(super) fn read(c: &Component) -> Result<DefinedZone> {
        let mut observances = Vec::new();
        for o in c
            .children
            .iter()
            .filter(|o| o.name == "STANDARD" || o.name == "DAYLIGHT")
        {
            observances.push(observance(o)?);
        }
        if observances.is_empty() {
            return Err(bad(
                c.line,
                "the VTIMEZONE has neither a STANDARD nor a DAYLIGHT block to say its offset",
            ));
        }
        Ok(DefinedZone { observances })
    }

    /// Seconds east of UTC at the local time `local`: the offset of the
    /// latest onset at or before it (an onset is read in the time before
    /// its change); before every onset, the first observance's former
    /// offset.
    pub(super) fn offset_at(&self, local: NaiveDateTime) -> i32 {
        let mut best: Option<(NaiveDateTime, i32)> = None;
        for o in &self.observances {
            if let Some(onset) = o.last_onset(local) {
                if best.is_none_or(|(t, _)| onset > t) {
                    best = Some((onset, o.offset_to));
                }
            }
        }
        match best {
            Some((_, offset)) => offset,
            None => self
                .observances
                .iter()
                .min_by_key(|o| o.start)
                .map_or(0, |o| o.offset_from),
        }
    }
}

impl Observance {
    /// The latest onset at or before `local`.
    fn last_onset(&self, local: NaiveDateTime) -> Option<NaiveDateTime> {
        let mut onsets = vec![self.start];
        onsets.extend(&self.dates);
        if let Some(rule) = &self.rule {
            for year in [local.year() - 1, local.year()] {
                if let Some(t) = rule.onset(year, self.start) {
                    if t >= self.start && rule.until.is_none_or(|u| t <= u) {
                        onsets.push(t);
                    }
                }
            }
        }
        onsets.into_iter().filter(|t| *t <= local).max()
    }
}

impl YearlyRule {
    fn onset(&self, year: i32, start: NaiveDateTime) -> Option<NaiveDateTime> {
        let day = match &self.day {
            RuleDay::Same(d) => NaiveDate::from_ymd_opt(year, self.month, *d)?,
            RuleDay::Nth(n, weekday) if *n > 0 => {
                NaiveDate::from_weekday_of_month_opt(year, self.month, *weekday, *n as u8)?
            }
            RuleDay::Nth(n, weekday) => {
                let next_month = if self.month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(year, self.month + 1, 1)?
                };
                let mut d = next_month - Duration::days(1);
                while d.weekday() != *weekday {
                    d -= Duration::days(1);
                }
                d - Duration::weeks(i64::from(-*n - 1))
            }
            RuleDay::FirstOf(days, weekday) => days
                .iter()
                .filter_map(|d| NaiveDate::from_ymd_opt(year, self.month, *d))
                .filter(|d| d.weekday() == *weekday)
                .min()?,
        };
        Some(day.and_time(start.time()))
    }
}

fn required<'a>(o: &'a Component, name: &str) -> Result<&'a Property> {
    o.first(name).ok_or_else(|| {
        bad(
            o.line,
            format!("BEGIN:{} of a VTIMEZONE without {name}", o.name),
        )
    })
}

/// `+0100`, `-0300`, `+053000`.
fn offset(p: &Property) -> Result<i32> {
    let v = p.value.trim();
    let err = || {
        bad(
            p.line,
            format!("bad {} {v:?}, expected an offset such as +0100", p.name),
        )
    };
    let (sign, digits) = match v.as_bytes().first() {
        Some(b'+') => (1, &v[1..]),
        Some(b'-') => (-1, &v[1..]),
        _ => return Err(err()),
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err());
    }
    let n = |r: std::ops::Range<usize>| digits[r].parse::<i32>().unwrap_or(0);
    let seconds = n(0..2) * 3600 + n(2..4) * 60 + if digits.len() == 6 { n(4..6) } else { 0 };
    if seconds >= 24 * 3600 {
        return Err(err());
    }
    Ok(sign * seconds)
}

fn local_time(p: &Property, value: &str) -> Result<NaiveDateTime> {
    let v = value.trim().trim_end_matches(['Z', 'z']);
    NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S")
        .or_else(|_| {
            NaiveDate::parse_from_str(v, "%Y%m%d").map(|d| d.and_hms_opt(0, 0, 0).unwrap())
        })
        .map_err(|_| {
            bad(
                p.line,
                format!(
                    "bad date-time {v:?} in {}, expected YYYYMMDDTHHMMSS",
                    p.name
                ),
            )
        })
}

fn observance(o: &Component) -> Result<Observance> {
    let dtstart = required(o, "DTSTART")?;
    let start = local_time(dtstart, &dtstart.value)?;
    let offset_to = offset(required(o, "TZOFFSETTO")?)?;
    let offset_from = match o.first("TZOFFSETFROM") {
        Some(p) => offset(p)?,
        None => offset_to,
    };
    let rule = match o.first("RRULE") {
        Some(p) => Some(rule(p, start)?),
        None => None,
    };
    let mut dates = Vec::new();
    for p in o.properties.iter().filter(|p| p.name == "RDATE") {
        for value in p.value.split(',') {
            dates.push(local_time(p, value)?);
        }
    }
    Ok(Observance {
        start,
        offset_from,
        offset_to,
        rule,
        dates,
    })
}

pub(super) fn weekday(code: &str) -> Option<Weekday> {
    Some(match code.to_ascii_uppercase().as_str() {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

/// A yearly RRULE of a VTIMEZONE observance.
fn rule(p: &Property, start: NaiveDateTime) -> Result<YearlyRule> {
    let unsupported = |why: &str| {
        bad(
            p.line,
            format!(
                "the time zone rule {:?} is not one Déroulé can follow ({why})",
                p.value.trim()
            ),
        )
    };
    let (mut freq, mut month, mut byday, mut monthdays, mut until) = (None, None, None, None, None);
    for part in p.value.trim().split(';').filter(|s| !s.is_empty()) {
        let (key, value) = part.split_once('=').ok_or_else(|| unsupported(part))?;
        match key.trim().to_ascii_uppercase().as_str() {
            "FREQ" => freq = Some(value.trim().to_ascii_uppercase()),
            "BYMONTH" => month = value.trim().parse::<u32>().ok(),
            "BYDAY" => byday = Some(value.trim().to_owned()),
            "BYMONTHDAY" => {
                monthdays = Some(
                    value
                        .split(',')
                        .map(|d| d.trim().parse::<u32>())
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|_| unsupported("BYMONTHDAY"))?,
                )
            }
            "UNTIL" => until = Some(local_time(p, value)?),
            "INTERVAL" if value.trim() == "1" => {}
            "WKST" => {}
            other => return Err(unsupported(other)),
        }
    }
    if freq.as_deref() != Some("YEARLY") {
        return Err(unsupported("only FREQ=YEARLY"));
    }
    let month = month.unwrap_or(start.month());
    if !(1..=12).contains(&month) {
        return Err(unsupported("BYMONTH"));
    }
    let day = match (byday, monthdays) {
        (None, _) => RuleDay::Same(start.day()),
        (Some(b), Some(days)) => {
            RuleDay::FirstOf(days, weekday(&b).ok_or_else(|| unsupported("BYDAY"))?)
        }
        (Some(b), None) => {
            let b = b.trim();
            // The weekday is the last two letters ("-1SU"); a BYDAY that
            // does not end with two ASCII letters is none (found by the
            // fuzzer: "-ҬU" was cut inside its 'Ҭ').
            let split = b.len().checked_sub(2).ok_or_else(|| unsupported("BYDAY"))?;
            let (n, code) = b
                .split_at_checked(split)
                .filter(|(_, code)| code.bytes().all(|c| c.is_ascii_alphabetic()))
                .ok_or_else(|| unsupported("BYDAY"))?;
            let n: i32 = match n {
                "" => 1,
                n => n
                    .trim_start_matches('+')
                    .parse()
                    .map_err(|_| unsupported("BYDAY"))?,
            };
            if n == 0 || n.abs() > 5 {
                return Err(unsupported("BYDAY"));
            }
            RuleDay::Nth(n, weekday(code).ok_or_else(|| unsupported("BYDAY"))?)
        }
    };
    Ok(YearlyRule { month, day, until })
}
