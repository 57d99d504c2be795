//! An attendee's registration date ([`Attendee::registered_at`]):
//! "YYYY-MM-DDTHH:MM:SS" on the event's clock, or "YYYY-MM-DD" when only
//! the day is known. Comparing the texts compares the dates.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

pub const FORMAT: &str = "%Y-%m-%dT%H:%M:%S";
pub const DAY_FORMAT: &str = "%Y-%m-%d";

/// Seconds from 2000-01-01 00:00 to a registration date (its midnight
/// for a day alone); none for a text that is not one.
pub fn seconds_since_2000(stored: &str) -> Option<i64> {
    let at = NaiveDateTime::parse_from_str(stored, FORMAT)
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(stored, DAY_FORMAT)
                .ok()
                .filter(|_| stored.len() == 10)
                .map(|d| d.and_time(NaiveTime::MIN))
        })?;
    let origin = NaiveDate::from_ymd_opt(2000, 1, 1)?.and_time(NaiveTime::MIN);
    Some((at - origin).num_seconds())
}
