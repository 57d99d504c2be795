//! Reading stored values back: dates, times and names kept as text, for
//! every module that reads rows. A value the app could not have written
//! (a database edited by hand, say) is a conversion error naming it.

use crate::model::{hm, ymd, ymdhm};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The error for a stored value that cannot be read back.
pub(crate) fn bad_column(value: &str, e: impl std::fmt::Display) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{value:?}: {e}").into(),
    )
}

/// A stored date, `YYYY-MM-DD`.
pub(crate) fn parse_date(s: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(s, ymd::FORMAT).map_err(|e| bad_column(s, e))
}

/// A stored time of day, `HH:MM`.
pub(crate) fn parse_time(s: &str) -> rusqlite::Result<NaiveTime> {
    NaiveTime::parse_from_str(s, hm::FORMAT).map_err(|e| bad_column(s, e))
}

/// A stored instant, `YYYY-MM-DDTHH:MM` (seconds allowed).
pub(crate) fn parse_datetime(s: &str) -> rusqlite::Result<NaiveDateTime> {
    ymdhm::parse(s).ok_or_else(|| bad_column(s, "expected YYYY-MM-DDTHH:MM"))
}

/// A stored name of an enum (`SignupStatus::parse`, `ItemKind::parse`…).
pub(crate) fn parse_name<T>(s: &str, parse: impl FnOnce(&str) -> Option<T>) -> rusqlite::Result<T> {
    parse(s).ok_or_else(|| bad_column(s, "unknown value"))
}
