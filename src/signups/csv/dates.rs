//! Registration dates as platforms and spreadsheets write them: "2025-06-03
//! 14:02", "2025-06-03T14:02:37+02:00", "03/06/2025 14:02", "03/06/2025 à
//! 14h02", "3.6.2025", "03/06/25", "6/3/2025 2:02 PM". Kept as the event's
//! wall-clock time, "YYYY-MM-DDTHH:MM:SS" (or "YYYY-MM-DD" when the cell
//! has no time), so that comparing the text compares the dates.
//!
//! Day and month: a date like 03/06/2025 is read day first (French, and
//! most of the world), unless the column says otherwise: some cell's second
//! number above 12 and no cell's first number above 12 (an American export)
//! make the whole column month first. An offset ("Z", "+02:00") is turned
//! into the event's time zone.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::model::registered::{DAY_FORMAT, FORMAT as STORED_FORMAT};

/// Whether the column's dates are day first: see the module doc.
pub(super) fn day_first<'a>(cells: impl Iterator<Item = &'a str>) -> bool {
    let mut day_above_12 = false;
    let mut month_above_12 = false;
    for cell in cells {
        if let Some([a, b, _]) = slashed_numbers(date_part(&normalise(cell))) {
            if a.len() < 4 {
                day_above_12 |= a.parse::<u32>().is_ok_and(|n| n > 12);
                month_above_12 |= b.parse::<u32>().is_ok_and(|n| n > 12);
            }
        }
    }
    !month_above_12 || day_above_12
}

/// A cell read as a registration date: `Ok(None)` for an empty cell, `Err`
/// when it is not a date.
pub(super) fn parse(cell: &str, day_first: bool, tz: Tz) -> Result<Option<String>, ()> {
    let text = normalise(cell);
    if text.is_empty() {
        return Ok(None);
    }
    let date_text = date_part(&text);
    let date = read_date(date_text, day_first).ok_or(())?;
    let rest = text[date_text.len()..]
        .trim_start_matches(['t', ' '])
        .trim();
    if rest.is_empty() {
        return Ok(Some(date.format(DAY_FORMAT).to_string()));
    }
    let (time, offset) = read_time(rest).ok_or(())?;
    let local = NaiveDateTime::new(date, time);
    let local = match offset {
        None => local,
        Some(offset) => {
            let instant: DateTime<FixedOffset> =
                offset.from_local_datetime(&local).single().ok_or(())?;
            instant.with_timezone(&tz).naive_local()
        }
    };
    Ok(Some(local.format(STORED_FORMAT).to_string()))
}

/// Lower case, "à"/"at"/commas as spaces, "14h02" as "14:02", spaces
/// single.
fn normalise(cell: &str) -> String {
    let lower = cell.trim().to_lowercase().replace(',', " ");
    let mut words: Vec<String> = Vec::new();
    for word in lower.split_whitespace() {
        if matches!(word, "à" | "a" | "at" | "-" | "le") {
            continue;
        }
        words.push(hours(word));
    }
    words.join(" ")
}

/// "14h02" → "14:02", "14h" → "14:00"; other words as they are.
fn hours(word: &str) -> String {
    if let Some((h, m)) = word.split_once('h') {
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if !h.is_empty() && h.len() <= 2 && digits(h) && m.len() <= 2 && digits(m) {
            let m = if m.is_empty() { "00" } else { m };
            return format!("{h}:{m}");
        }
    }
    word.to_owned()
}

/// The date at the start of a normalised cell: up to a space or an ISO "t".
fn date_part(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|&(i, c)| c == ' ' || (c == 't' && i >= 8))
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

fn slashed_numbers(date: &str) -> Option<[&str; 3]> {
    let parts: Vec<&str> = date.split(['/', '.', '-']).collect();
    match parts.as_slice() {
        [a, b, c] if [a, b, c].iter().all(|p| is_number(p)) => Some([a, b, c]),
        _ => None,
    }
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.len() <= 4 && text.chars().all(|c| c.is_ascii_digit())
}

fn read_date(date: &str, day_first: bool) -> Option<NaiveDate> {
    let [a, b, c] = slashed_numbers(date)?;
    let n = |s: &str| s.parse::<u32>().ok();
    let (year, month, day) = if a.len() == 4 {
        (n(a)?, n(b)?, n(c)?)
    } else if day_first {
        (n(c)?, n(b)?, n(a)?)
    } else {
        (n(c)?, n(a)?, n(b)?)
    };
    let year = match c.len() {
        _ if a.len() == 4 => year,
        2 => 2000 + year,
        4 => year,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// "14:02", "14:02:37", "14:02:37.123", "2:02 pm", with an offset ("z",
/// "+02:00", "+0200", "utc").
fn read_time(text: &str) -> Option<(NaiveTime, Option<FixedOffset>)> {
    let (clock, offset) = split_offset(text)?;
    let clock = clock.trim();
    let (clock, meridiem) = match clock.strip_suffix("pm").or(clock.strip_suffix("p.m.")) {
        Some(c) => (c.trim(), Some(12)),
        None => match clock.strip_suffix("am").or(clock.strip_suffix("a.m.")) {
            Some(c) => (c.trim(), Some(0)),
            None => (clock, None),
        },
    };
    let clock = clock.split('.').next()?;
    let parts: Vec<&str> = clock.split(':').collect();
    let n = |s: &str| {
        (!s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (mut hour, minute, second) = match parts.as_slice() {
        [h, m] => (n(h)?, n(m)?, 0),
        [h, m, s] => (n(h)?, n(m)?, n(s)?),
        _ => return None,
    };
    if let Some(add) = meridiem {
        if !(1..=12).contains(&hour) {
            return None;
        }
        hour = hour % 12 + add;
    }
    Some((NaiveTime::from_hms_opt(hour, minute, second)?, offset))
}

/// The clock and the offset after it, if any.
fn split_offset(text: &str) -> Option<(&str, Option<FixedOffset>)> {
    let text = text.trim();
    if let Some(clock) = text.strip_suffix('z').or(text.strip_suffix(" utc")) {
        return Some((clock, FixedOffset::east_opt(0)));
    }
    // A sign after the clock's first digits: "14:02:37+02:00", "14:02 -0700".
    let Some(at) = text
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c == '+' || c == '-')
        .map(|(i, _)| i)
    else {
        return Some((text, None));
    };
    let (clock, offset) = text.split_at(at);
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let hours: i32 = digits[..2].parse().ok()?;
    let minutes: i32 = digits[2..].parse().ok()?;
    let offset = FixedOffset::east_opt(sign * (hours * 3600 + minutes * 60))?;
    Some((clock, Some(offset)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(cell: &str) -> Option<String> {
        parse(cell, true, chrono_tz::Europe::Paris).unwrap()
    }

    #[test]
    fn reads_dates_as_platforms_write_them() {
        assert_eq!(read("2025-06-03 14:02").unwrap(), "2025-06-03T14:02:00");
        assert_eq!(read("2025-06-03T14:02:37").unwrap(), "2025-06-03T14:02:37");
        assert_eq!(read("03/06/2025 14:02").unwrap(), "2025-06-03T14:02:00");
        assert_eq!(read("03/06/2025 à 14h02").unwrap(), "2025-06-03T14:02:00");
        assert_eq!(read("03/06/2025 14h").unwrap(), "2025-06-03T14:00:00");
        assert_eq!(read("3.6.2025").unwrap(), "2025-06-03");
        assert_eq!(read("03/06/25").unwrap(), "2025-06-03");
        assert_eq!(read(" 03/06/2025 ").unwrap(), "2025-06-03");
        assert_eq!(read(""), None);
        // An offset becomes the event's time (Paris is UTC+2 in June).
        assert_eq!(read("2025-06-03T12:02:37Z").unwrap(), "2025-06-03T14:02:37");
        assert_eq!(
            read("2025-06-03 05:02:37-07:00").unwrap(),
            "2025-06-03T14:02:37"
        );
        assert_eq!(
            read("2025-06-03T14:02:37.250+02:00").unwrap(),
            "2025-06-03T14:02:37"
        );
        let us = parse("6/13/2025 2:02 PM", false, chrono_tz::Europe::Paris).unwrap();
        assert_eq!(us.unwrap(), "2025-06-13T14:02:00");
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for cell in [
            "demain",
            "31/02/2025",
            "2025-06-03 25:00",
            "03/06/2025 14:02 +2",
            "45811.58",
            "13/13/2025",
        ] {
            assert_eq!(
                parse(cell, true, chrono_tz::Europe::Paris),
                Err(()),
                "{cell}"
            );
        }
    }

    #[test]
    fn a_column_is_month_first_only_when_it_says_so() {
        assert!(day_first(["03/06/2025", "14/06/2025"].into_iter()));
        assert!(day_first(["03/06/2025", "04/06/2025"].into_iter()));
        assert!(!day_first(["6/3/2025", "6/13/2025 2:02 PM"].into_iter()));
        assert!(day_first(["2025-06-13", "2025-06-14"].into_iter()));
    }

    #[test]
    fn stored_dates_count_in_seconds() {
        use crate::model::registered::seconds_since_2000;
        let a = seconds_since_2000("2025-06-03T14:02:00").unwrap();
        let b = seconds_since_2000("2025-06-03T14:02:01").unwrap();
        assert_eq!(b - a, 1);
        assert_eq!(seconds_since_2000("2000-01-02"), Some(86_400));
        assert_eq!(seconds_since_2000("hier"), None);
    }
}
