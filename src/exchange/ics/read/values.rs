//! The second pass: the values of a VEVENT (escaped text, durations,
//! categories naming a kind) and the VEVENT as read.

use super::lex::{read_calendars, Component};
use super::recur::{occurrence_on, Recurs};
use super::vtimezone::DefinedZone;
use super::zones::{Stamp, Zones};
use super::{bad, quoted};
use crate::error::Result;
use crate::model::ItemKind;
use crate::words::{fold, Lang, Reach};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

/// Undoes the escapes of a TEXT value: `\n` and `\N` (new line), `\,`, `\;`
/// and `\\`. Any other backslash is kept as it is.
pub(super) fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(c @ (',' | ';' | '\\')) => out.push(c),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The items of a list of TEXT values (CATEGORIES), split at the commas that
/// are not escaped, then unescaped.
pub(super) fn text_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push(c);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ',' => items.push(unescape(&std::mem::take(&mut current))),
            _ => current.push(c),
        }
    }
    items.push(unescape(&current));
    items
}

/// An RFC 5545 duration: `PT1H30M`, `P1D`, `-PT15M`, `P1W`.
pub(super) fn parse_duration(value: &str) -> Option<Duration> {
    let value = value.trim();
    let (negative, rest) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    let mut seconds: i64 = 0;
    let mut in_time = false;
    let mut number = String::new();
    let mut parts = 0;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            '0'..='9' => number.push(c),
            'T' if number.is_empty() && !in_time => in_time = true,
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let size = match (in_time, unit) {
                    (false, 'W') => 7 * 86_400,
                    (false, 'D') => 86_400,
                    (true, 'H') => 3_600,
                    (true, 'M') => 60,
                    (true, 'S') => 1,
                    _ => return None,
                };
                seconds = seconds.checked_add(n.checked_mul(size)?)?;
                parts += 1;
            }
        }
    }
    if !number.is_empty() || parts == 0 {
        return None;
    }
    Duration::try_seconds(if negative { -seconds } else { seconds })
}

/// When a VEVENT happens.
pub(super) enum When {
    AllDay,
    Timed {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// A recurring VEVENT none of whose occurrences is on the event's day:
    /// its first.
    OtherDays {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
}

/// What the import needs of one VEVENT, read and checked.
pub(super) struct Vevent {
    pub(super) line: usize,
    pub(super) uid: String,
    pub(super) title: String,
    /// The line of its SUMMARY, else of its BEGIN.
    pub(super) title_line: usize,
    pub(super) description: String,
    pub(super) location: String,
    pub(super) categories: Vec<String>,
    pub(super) cancelled: bool,
    /// A changed occurrence of a recurring event (it has a RECURRENCE-ID).
    pub(super) occurrence: bool,
    /// Written by Déroulé, whose DESCRIPTION is made from the item's kind,
    /// speakers and description rather than being the description.
    pub(super) from_deroule: bool,
    pub(super) when: When,
}

fn text_of(c: &Component, name: &str) -> String {
    c.first(name)
        .map(|p| unescape(&p.value).trim().to_owned())
        .unwrap_or_default()
}

/// What reading a VEVENT needs besides it.
struct Context<'a> {
    zones: &'a Zones,
    from_deroule: bool,
    /// The event's day, for the occurrence of a recurring VEVENT.
    day: NaiveDate,
    /// The RECURRENCE-IDs of the file's VEVENTs, by UID.
    replaced: &'a HashMap<String, Vec<DateTime<Utc>>>,
}

fn read_vevent(c: &Component, cx: &Context) -> Result<Vevent> {
    let zones = cx.zones;
    let uid = text_of(c, "UID");
    let dtstart = c
        .first("DTSTART")
        .ok_or_else(|| bad(c.line, "a VEVENT without DTSTART"))?;
    let start = zones.stamp(dtstart)?;
    let end = match c.first("DTEND") {
        Some(p) => Some((p, zones.stamp(p)?)),
        None => None,
    };
    let when = match start {
        Stamp::Date => When::AllDay,
        Stamp::Instant(start) => {
            let end = match (end, c.first("DURATION")) {
                (Some((p, Stamp::Date)), _) => {
                    return Err(bad(
                        p.line,
                        format!(
                            "DTEND is a date while DTSTART (line {}) is a date-time",
                            dtstart.line
                        ),
                    ))
                }
                (Some((p, Stamp::Instant(end))), _) => {
                    if end < start {
                        return Err(bad(
                            p.line,
                            format!(
                                "DTEND {} is before DTSTART {} (line {})",
                                p.value.trim(),
                                dtstart.value.trim(),
                                dtstart.line
                            ),
                        ));
                    }
                    end
                }
                (None, Some(p)) => {
                    let duration = parse_duration(&p.value).ok_or_else(|| {
                        bad(
                            p.line,
                            format!(
                                "bad DURATION {}, expected a duration such as PT1H30M",
                                quoted(p.value.trim())
                            ),
                        )
                    })?;
                    if duration < Duration::zero() {
                        return Err(bad(
                            p.line,
                            format!(
                                "DURATION {} is negative: the event would end before it starts",
                                p.value.trim()
                            ),
                        ));
                    }
                    start
                        .checked_add_signed(duration)
                        .ok_or_else(|| bad(p.line, "DURATION too long"))?
                }
                // RFC 5545 would end it when it starts; an hour is what a
                // calendar shows for such an event.
                (None, None) => start + Duration::hours(1),
            };
            let replaced = cx.replaced.get(&uid).map_or(&[][..], Vec::as_slice);
            match occurrence_on(c, zones, cx.day, replaced)? {
                Recurs::No => When::Timed { start, end },
                Recurs::On(t) => When::Timed {
                    start: t,
                    end: t + (end - start),
                },
                Recurs::NotOnDay => When::OtherDays { start, end },
            }
        }
    };
    let categories = c
        .properties
        .iter()
        .filter(|p| p.name == "CATEGORIES")
        .flat_map(|p| text_list(&p.value))
        .collect();
    Ok(Vevent {
        line: c.line,
        uid,
        title: text_of(c, "SUMMARY"),
        title_line: c.first("SUMMARY").map_or(c.line, |p| p.line),
        description: crate::exchange::plain::plain_text(&text_of(c, "DESCRIPTION")),
        location: text_of(c, "LOCATION"),
        categories,
        cancelled: text_of(c, "STATUS").eq_ignore_ascii_case("CANCELLED"),
        occurrence: c.first("RECURRENCE-ID").is_some(),
        from_deroule: cx.from_deroule,
        when,
    })
}

/// The second pass: every VEVENT of the file, in order, a recurring one at
/// its occurrence on `day` (the event's, on `event_zone`'s clock) if it
/// has one there.
pub(super) fn read_vevents(text: &str, event_zone: Tz, day: NaiveDate) -> Result<Vec<Vevent>> {
    let calendars = read_calendars(text)?;
    let mut zones = Zones {
        defined: HashMap::new(),
        event: event_zone,
    };
    for c in calendars.iter().flat_map(|cal| &cal.children) {
        if c.name == "VTIMEZONE" {
            let tzid = c
                .first("TZID")
                .ok_or_else(|| bad(c.line, "a VTIMEZONE without TZID"))?;
            zones
                .defined
                .insert(tzid.value.trim().to_owned(), DefinedZone::read(c));
        }
    }
    let mut replaced: HashMap<String, Vec<DateTime<Utc>>> = HashMap::new();
    for c in calendars.iter().flat_map(|cal| &cal.children) {
        if let (true, Some(id)) = (c.name == "VEVENT", c.first("RECURRENCE-ID")) {
            if let Stamp::Instant(t) = zones.stamp(id)? {
                replaced.entry(text_of(c, "UID")).or_default().push(t);
            }
        }
    }
    let mut vevents = Vec::new();
    for calendar in &calendars {
        let cx = Context {
            zones: &zones,
            from_deroule: calendar
                .first("PRODID")
                .is_some_and(|p| p.value.starts_with("-//Déroulé//")),
            day,
            replaced: &replaced,
        };
        for c in calendar.children.iter().filter(|c| c.name == "VEVENT") {
            vevents.push(read_vevent(c, &cx)?);
        }
    }
    Ok(vevents)
}

/// Lower case, without accents, words joined by `_`: "Table ronde" and
/// "table-ronde" become "table_ronde", "Déjeuner" "dejeuner".
fn label_key(label: &str) -> String {
    fold(label.trim(), Reach::French)
        .chars()
        .map(|c| match c {
            ' ' | '-' | '\'' | '’' => '_',
            c => c,
        })
        .collect()
}

/// French words for kinds besides their labels (`Lang::kind`).
const KIND_WORDS: &[(&str, ItemKind)] = &[
    ("dejeuner", ItemKind::Meal),
    ("pause_dejeuner", ItemKind::Meal),
    ("buffet", ItemKind::Meal),
    ("pause_cafe", ItemKind::Break),
    ("ateliers", ItemKind::Workshop),
    ("tables_rondes", ItemKind::RoundTable),
    ("pitch", ItemKind::Pitches),
    ("cloture", ItemKind::Closing),
    ("visites", ItemKind::Visit),
];

/// The kind a category names: a kind's own name ("round_table"), its French
/// label ("Table ronde", "Atelier", "Pause", "Repas", "Accueil",
/// "Plénière", "Conclusion"…) or a word of [`KIND_WORDS`] ("Déjeuner"),
/// in any case and with or without accents.
pub(super) fn kind_of(category: &str) -> Option<ItemKind> {
    let key = label_key(category);
    ItemKind::ALL
        .into_iter()
        .find(|&kind| key == kind.as_str() || key == label_key(Lang::Fr.kind(kind)))
        .or_else(|| {
            KIND_WORDS
                .iter()
                .find(|(word, _)| *word == key)
                .map(|&(_, kind)| kind)
        })
}
