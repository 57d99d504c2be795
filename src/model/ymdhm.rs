//! `YYYY-MM-DDTHH:MM` on the wire.
//!
//! Written and read by hand for years 0 to 9999 (every item of a large
//! programme goes through here on each load and each export, where chrono's
//! format strings cost more than the rest of the row), and by chrono's
//! `FORMAT` otherwise, with the same results.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Deserializer, Serializer};

pub const FORMAT: &str = "%Y-%m-%dT%H:%M";
/// Also read: `YYYY-MM-DDTHH:MM:SS`.
pub const FORMAT_SECONDS: &str = "%Y-%m-%dT%H:%M:%S";

pub fn serialize<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    let mut out = String::with_capacity(16);
    write(&mut out, t);
    s.serialize_str(&out)
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    let s = String::deserialize(d)?;
    parse(&s).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "invalid date-time {s:?}, expected YYYY-MM-DDTHH:MM"
        ))
    })
}

/// Appends `n` as exactly `width` decimal digits (`n` < 10^width).
fn digits(out: &mut String, n: u32, width: u32) {
    let mut div = 10u32.pow(width - 1);
    while div > 0 {
        out.push(char::from(b'0' + ((n / div) % 10) as u8));
        div /= 10;
    }
}

/// Appends `t` as [`FORMAT`] writes it.
pub fn write(out: &mut String, t: &NaiveDateTime) {
    let year = t.year();
    if !(0..=9999).contains(&year) {
        out.push_str(&t.format(FORMAT).to_string());
        return;
    }
    digits(out, year as u32, 4);
    out.push('-');
    digits(out, t.month(), 2);
    out.push('-');
    digits(out, t.day(), 2);
    out.push('T');
    digits(out, t.hour(), 2);
    out.push(':');
    digits(out, t.minute(), 2);
}

/// `t` as [`FORMAT`] writes it.
pub fn to_string(t: &NaiveDateTime) -> String {
    let mut out = String::with_capacity(16);
    write(&mut out, t);
    out
}

/// `YYYY-MM-DDTHH:MM`, exactly, read by hand.
fn parse_plain(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    if b.len() != 16 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' {
        return None;
    }
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(number(0, 4)? as i32, number(5, 7)?, number(8, 10)?)?.and_hms_opt(
        number(11, 13)?,
        number(14, 16)?,
        0,
    )
}

pub fn parse(s: &str) -> Option<NaiveDateTime> {
    parse_plain(s).or_else(|| {
        NaiveDateTime::parse_from_str(s, FORMAT)
            .or_else(|_| NaiveDateTime::parse_from_str(s, FORMAT_SECONDS))
            .ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand_as_chrono() {
        for s in [
            "2025-07-01T09:30",
            "0000-01-01T00:00",
            "9999-12-31T23:59",
            "2024-02-29T12:05",
        ] {
            let chrono = NaiveDateTime::parse_from_str(s, FORMAT).unwrap();
            assert_eq!(parse(s), Some(chrono));
            assert_eq!(to_string(&chrono), chrono.format(FORMAT).to_string());
        }
        // What the hand reader refuses, chrono decides, as before.
        for s in [
            "2025-07-01T09:30:15",
            "2025-7-01T09:30",
            "2025-07-01T9:30",
            "2025-02-30T09:30",
            "2025-07-01T24:00",
            "2025-07-01 09:30",
            "+2025-07-01T09:30",
            "2025-07-01T09:3x",
        ] {
            let chrono = NaiveDateTime::parse_from_str(s, FORMAT)
                .or_else(|_| NaiveDateTime::parse_from_str(s, FORMAT_SECONDS))
                .ok();
            assert_eq!(parse(s), chrono, "{s}");
        }
        let far = NaiveDate::from_ymd_opt(12345, 1, 2)
            .unwrap()
            .and_hms_opt(3, 4, 0)
            .unwrap();
        assert_eq!(to_string(&far), far.format(FORMAT).to_string());
    }
}
