//! `HH:MM` on the wire.

use chrono::NaiveTime;
use serde::{Deserialize, Deserializer, Serializer};

pub const FORMAT: &str = "%H:%M";
/// Also read: `HH:MM:SS`.
pub const FORMAT_SECONDS: &str = "%H:%M:%S";

pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.format(FORMAT).to_string())
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    let s = String::deserialize(d)?;
    NaiveTime::parse_from_str(&s, FORMAT)
        .or_else(|_| NaiveTime::parse_from_str(&s, FORMAT_SECONDS))
        .map_err(|_| serde::de::Error::custom(format!("invalid time {s:?}, expected HH:MM")))
}
