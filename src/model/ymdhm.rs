//! `YYYY-MM-DDTHH:MM` on the wire.

use chrono::NaiveDateTime;
use serde::{Deserialize, Deserializer, Serializer};

pub const FORMAT: &str = "%Y-%m-%dT%H:%M";
/// Also read: `YYYY-MM-DDTHH:MM:SS`.
pub const FORMAT_SECONDS: &str = "%Y-%m-%dT%H:%M:%S";

pub fn serialize<S: Serializer>(t: &NaiveDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.format(FORMAT).to_string())
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    let s = String::deserialize(d)?;
    parse(&s).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "invalid date-time {s:?}, expected YYYY-MM-DDTHH:MM"
        ))
    })
}

pub fn parse(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, FORMAT)
        .or_else(|_| NaiveDateTime::parse_from_str(s, FORMAT_SECONDS))
        .ok()
}
