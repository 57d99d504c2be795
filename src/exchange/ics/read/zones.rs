//! Dates, date-times and their zones: IANA names, Windows names, and
//! instants in the event's zone.

use super::lex::Property;
use super::vtimezone::DefinedZone;
use super::{bad, quoted};
use crate::error::{Error, Result};
use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

/// Windows time zone names (as Outlook and Exchange write them in TZID) and
/// the IANA zone with the same rules, after the Unicode CLDR's
/// `windowsZones.xml` (its "001" territory). Several IANA zones share a
/// Windows name: "Eastern Standard Time" gives America/New_York, whose rules
/// America/Montreal and America/Toronto share.
pub const WINDOWS_ZONES: &[(&str, &str)] = &[
    // Europe and Africa
    ("Romance Standard Time", "Europe/Paris"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("Azores Standard Time", "Atlantic/Azores"),
    ("Cape Verde Standard Time", "Atlantic/Cape_Verde"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kyiv"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Morocco Standard Time", "Africa/Casablanca"),
    ("W. Central Africa Standard Time", "Africa/Lagos"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("Egypt Standard Time", "Africa/Cairo"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    // The Americas
    ("Eastern Standard Time", "America/New_York"),
    ("US Eastern Standard Time", "America/Indiana/Indianapolis"),
    ("Eastern Standard Time (Mexico)", "America/Cancun"),
    ("Central Standard Time", "America/Chicago"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
    ("Canada Central Standard Time", "America/Regina"),
    ("Central America Standard Time", "America/Guatemala"),
    ("Mountain Standard Time", "America/Denver"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("Newfoundland Standard Time", "America/St_Johns"),
    ("Saint Pierre Standard Time", "America/Miquelon"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("SA Western Standard Time", "America/La_Paz"),
    ("SA Eastern Standard Time", "America/Cayenne"),
    ("Pacific SA Standard Time", "America/Santiago"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("Argentina Standard Time", "America/Argentina/Buenos_Aires"),
    ("Greenland Standard Time", "America/Nuuk"),
    // Asia and the Pacific
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Mauritius Standard Time", "Indian/Mauritius"),
    ("India Standard Time", "Asia/Kolkata"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("Central Pacific Standard Time", "Pacific/Guadalcanal"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
];

/// The zone a TZID names: an IANA name ("Europe/Paris"), a Windows name of
/// [`WINDOWS_ZONES`] ("Romance Standard Time", any case), or an IANA name
/// behind a path, as older Thunderbird and Evolution write them
/// ("/mozilla.org/20050126_1/Europe/Paris"). `None` for anything else.
pub fn time_zone(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(zone) = tzid.parse::<Tz>() {
        return Some(zone);
    }
    if let Some((_, iana)) = WINDOWS_ZONES
        .iter()
        .find(|(windows, _)| windows.eq_ignore_ascii_case(tzid))
    {
        return iana.parse().ok();
    }
    tzid.match_indices('/')
        .find_map(|(slash, _)| tzid[slash + 1..].parse::<Tz>().ok())
}

/// `YYYYMMDD`.
pub(super) fn parse_date(value: &str) -> Option<NaiveDate> {
    if value.len() != 8 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        value[0..4].parse().ok()?,
        value[4..6].parse().ok()?,
        value[6..8].parse().ok()?,
    )
}

/// `YYYYMMDDTHHMMSS`.
pub(super) fn parse_date_time(value: &str) -> Option<NaiveDateTime> {
    let (date, time) = value.split_once(['T', 't'])?;
    if time.len() != 6 || !time.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    parse_date(date)?.and_hms_opt(
        time[0..2].parse().ok()?,
        time[2..4].parse().ok()?,
        time[4..6].parse().ok()?,
    )
}

/// The instant a local time of `zone` names. A time repeated when clocks go
/// back is the first one; a time skipped when they go forward is read with
/// the offset before the change, as RFC 5545 §3.3.5 says.
fn instant_in(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => {
            let before = zone
                .from_local_datetime(&(local - Duration::hours(3)))
                .earliest()
                .map_or(0, |t| t.offset().fix().local_minus_utc());
            Utc.from_utc_datetime(&(local - Duration::seconds(before.into())))
        }
    }
}

/// A DTSTART or DTEND as the file gives it.
#[derive(Clone, Copy)]
pub(super) enum Stamp {
    Date,
    Instant(DateTime<Utc>),
}

/// How times are read: the zones the file defines, and the event's zone for
/// floating times.
pub(super) struct Zones {
    /// Each VTIMEZONE by TZID: its rules as read (an error in them counts
    /// only if a VEVENT uses the zone).
    pub(super) defined: HashMap<String, Result<DefinedZone>>,
    pub(super) event: Tz,
}

impl Zones {
    /// A known name first (IANA, Windows, a path ending in an IANA name),
    /// else the file's own VTIMEZONE of that TZID.
    fn zone(&self, tzid: &str, used_at: usize) -> Result<Clock<'_>> {
        if let Some(zone) = time_zone(tzid) {
            return Ok(Clock::Known(zone));
        }
        match self.defined.get(tzid.trim().trim_matches('"')) {
            Some(Ok(zone)) => Ok(Clock::Defined(zone)),
            Some(Err(e)) => Err(Error {
                message: format!("{} (time zone {tzid:?}, used at line {used_at})", e.message),
                ..e.clone()
            }),
            None => Err(bad(
                used_at,
                format!(
                    "unknown time zone {tzid:?}: neither an IANA name such as Europe/Paris \
                     nor a known Windows name, and no VTIMEZONE of the file defines it"
                ),
            )),
        }
    }

    /// The clock a date-time of property `p` without a final Z is read on:
    /// its TZID's, else the event's (a floating time).
    fn clock(&self, p: &Property) -> Result<Clock<'_>> {
        Ok(match p.param("TZID") {
            Some(tzid) => self.zone(tzid, p.line)?,
            None => Clock::Known(self.event),
        })
    }

    /// A DTSTART or DTEND as the file gives it.
    pub(super) fn stamp(&self, p: &Property) -> Result<Stamp> {
        Ok(match self.written(p, p.value.trim())? {
            Written::Date(_) => Stamp::Date,
            Written::Local(local, clock) => Stamp::Instant(clock.instant(local)),
        })
    }

    /// One value of property `p` (a DTSTART, or one of an EXDATE's list):
    /// a date, or a local time with the clock it is read on.
    pub(super) fn written(&self, p: &Property, value: &str) -> Result<Written<'_>> {
        let value = value.trim();
        let is_date = match p.param("VALUE") {
            Some(v) if v.eq_ignore_ascii_case("DATE") => true,
            Some(v) if v.eq_ignore_ascii_case("DATE-TIME") => false,
            Some(v) => {
                return Err(bad(
                    p.line,
                    format!("{}: VALUE={v} is neither DATE nor DATE-TIME", p.name),
                ))
            }
            None => value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()),
        };
        if is_date {
            return match parse_date(value) {
                Some(date) => Ok(Written::Date(date)),
                None => Err(bad(
                    p.line,
                    format!(
                        "bad date {} in {}, expected YYYYMMDD",
                        quoted(value),
                        p.name
                    ),
                )),
            };
        }
        let (digits, utc) = match value.strip_suffix(['Z', 'z']) {
            Some(digits) => (digits, true),
            None => (value, false),
        };
        // A date where a date-time was said (Evolution wrote
        // "VALUE=DATE-TIME;TZID=…:20061007"): its midnight, as other
        // readers take it.
        let local = parse_date_time(digits)
            .or_else(|| parse_date(digits).map(|d| d.and_time(chrono::NaiveTime::MIN)));
        let local = local.ok_or_else(|| {
            bad(
                p.line,
                format!(
                    "bad date-time {} in {}, expected YYYYMMDDTHHMMSS (with a final Z for UTC)",
                    quoted(value),
                    p.name
                ),
            )
        })?;
        Ok(Written::Local(
            local,
            if utc { Clock::Utc } else { self.clock(p)? },
        ))
    }
}

/// A date or a date-time as written.
pub(super) enum Written<'a> {
    Date(NaiveDate),
    Local(NaiveDateTime, Clock<'a>),
}

/// The clock a local time is read on: UTC (a final Z), a known zone (a
/// TZID we know, or the event's for a floating time), or a zone the file
/// defines.
#[derive(Clone, Copy)]
pub(super) enum Clock<'a> {
    Utc,
    Known(Tz),
    Defined(&'a DefinedZone),
}

impl Clock<'_> {
    /// The instant `local` names on this clock.
    pub(super) fn instant(self, local: NaiveDateTime) -> DateTime<Utc> {
        match self {
            Clock::Utc => Utc.from_utc_datetime(&local),
            Clock::Known(zone) => instant_in(zone, local),
            Clock::Defined(zone) => {
                let offset = Duration::seconds(zone.offset_at(local).into());
                Utc.from_utc_datetime(&(local - offset))
            }
        }
    }
}
