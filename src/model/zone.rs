//! The zone an event's times are on.

use super::Event;
use crate::error::{Error, Result};
use chrono_tz::Tz;

impl Event {
    /// The event's time zone; `bad_time_zone` on `timeZone` when its name
    /// is no IANA zone (saving an event checks it, so only a database
    /// written by hand can hold one).
    pub fn zone(&self) -> Result<Tz> {
        self.time_zone.parse().map_err(|_| {
            Error::invalid(
                "timeZone",
                "bad_time_zone",
                format!("unknown time zone {:?}", self.time_zone),
            )
        })
    }
}
