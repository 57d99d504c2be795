//! Reading a conference's schedule (frab/c3voc `schedule.xml` or its JSON
//! form): every event checked against the event it goes into, before
//! anything is written. The XML and the JSON are walked by `read_xml` and
//! `read_json` into the same [`RawEvent`]s, which are checked here; a
//! message names the line of the file and the field as the file spells it
//! (`<duration>` in XML, `"duration"` in JSON).

use super::is_uuid;
use crate::error::{Error, Result};
use crate::exchange::plain::plain_text;
use crate::model::{Event, Id, ItemKind, SkipReason, Skipped};
use crate::words::Lang;
use chrono::TimeZone as _;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use chrono_tz::Tz;
use std::collections::HashMap;

/// One event of the file, checked.
pub(super) struct FileEvent {
    /// Line of its `<event>` tag (its object in JSON), for messages.
    pub(super) line: u32,
    pub(super) guid: String,
    /// `None`: the whole venue.
    pub(super) room: Option<String>,
    pub(super) starts_at: NaiveDateTime,
    pub(super) ends_at: NaiveDateTime,
    pub(super) kind: ItemKind,
    pub(super) title: String,
    pub(super) subtitle: String,
    pub(super) description: String,
    /// Directory id (a hint: files from elsewhere number people their own
    /// way) and name, in order.
    pub(super) persons: Vec<(Option<Id>, String)>,
    /// Each person's question, by name, when the file's `description` is
    /// made of "Name : question" lines, as Déroulé writes it.
    pub(super) topics: HashMap<String, String>,
}

/// Which room names stand for the whole venue (given the room's guid when
/// the file gives one).
pub(super) type WholeVenue<'a> = &'a dyn Fn(&str, Option<&str>) -> bool;

/// A reader of one syntax: the file's text, the event it goes into.
pub(super) type Reader = fn(&str, &Event, WholeVenue<'_>) -> Result<Read>;

/// What a reader found in the file.
pub(super) struct Read {
    pub(super) entries: Vec<Entry>,
    /// The zone the file gives its times in, when its clock differs from
    /// the event's on the event's day (see [`Reading::other_clock`]).
    pub(super) other_clock: Option<String>,
}

/// What becomes of one event of the file.
pub(super) enum Entry {
    Import(FileEvent),
    /// Left out: on another day than the event's, or ending after its
    /// midnight.
    Skip(Skipped),
}

/// How the file spells what a message names.
#[derive(Clone, Copy)]
pub(super) enum Syntax {
    Xml,
    Json,
}

impl Syntax {
    /// A field: `<date>`, `"date"`.
    pub(super) fn field(self, name: &str) -> String {
        match self {
            Syntax::Xml => format!("<{name}>"),
            Syntax::Json => format!("{name:?}"),
        }
    }
}

/// A field of an event as the file gives it, and its line.
pub(super) type Field = Option<(String, u32)>;

/// One event as the file gives it, before any check.
pub(super) struct RawEvent {
    pub(super) line: u32,
    pub(super) guid: Field,
    pub(super) id: Field,
    pub(super) title: Field,
    pub(super) date: Field,
    pub(super) start: Field,
    pub(super) duration: Field,
    /// Its room, as its `<room>` (its day's room in the file) names it;
    /// `None`: the whole venue.
    pub(super) room: Option<String>,
    pub(super) subtitle: String,
    pub(super) kind: String,
    pub(super) track: String,
    pub(super) abstract_: String,
    pub(super) description: String,
    /// Id, name and line of each person.
    pub(super) persons: Vec<(Option<Id>, String, u32)>,
}

/// The day an event is in: its line, and its date as the file writes it.
pub(super) struct Day {
    pub(super) line: u32,
    pub(super) date: Option<String>,
}

/// What the conference says that its events' times and keys depend on.
pub(super) struct Conference {
    /// Its `time_zone_name` when it names a zone; else the event's. Times
    /// written without an offset are on this clock.
    pub(super) zone: Tz,
    /// Its `day_change`: an event of a day that starts earlier in the
    /// morning (given by its `start` alone) is on the next calendar day, as
    /// frab's nights run past midnight. Midnight when it says none.
    pub(super) day_change: NaiveTime,
    /// Its acronym (or title) made a slug: the key of an event known only
    /// by its `id` (pentabarf, FOSDEM) is "ACRONYM-ID".
    pub(super) key: String,
}

impl Conference {
    /// From the conference's `time_zone_name`, `day_change`, `acronym` and
    /// `title`, as the file gives them (`event_zone` when it names none).
    pub(super) fn new(text: impl Fn(&str) -> Option<String>, event_zone: Tz) -> Conference {
        let text = |name: &str| {
            text(name)
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
        };
        let zone = text("time_zone_name")
            .and_then(|z| z.parse().ok())
            .unwrap_or(event_zone);
        let day_change = text("day_change")
            .and_then(|t| parse_duration(&t))
            .filter(|d| *d < Duration::days(1))
            .map_or(NaiveTime::MIN, |d| NaiveTime::MIN + d);
        let key = text("acronym")
            .or_else(|| text("title"))
            .map(|t| crate::words::slug(&t))
            .filter(|k| !k.is_empty())
            .unwrap_or_else(|| "event".to_owned());
        Conference {
            zone,
            day_change,
            key,
        }
    }
}

/// A file fault: reason `bad_schedule`, message naming the line.
pub(super) fn bad(line: u32, what: impl std::fmt::Display) -> Error {
    Error::invalid("file", "bad_schedule", format!("line {line}: {what}"))
}

/// The programme's event, and the file's zone, conference and guids met so
/// far: what each event is checked against.
pub(super) struct Reading<'a> {
    pub(super) syntax: Syntax,
    pub(super) event: &'a Event,
    pub(super) tz: Tz,
    pub(super) conference: Conference,
    guids: HashMap<String, u32>,
}

impl<'a> Reading<'a> {
    /// Checks the event's zone (`bad_time_zone` when unknown).
    pub(super) fn new(syntax: Syntax, event: &'a Event) -> Result<(Reading<'a>, Tz)> {
        let tz = event.zone()?;
        let reading = Reading {
            syntax,
            event,
            tz,
            conference: Conference::new(|_| None, tz),
            guids: HashMap::new(),
        };
        Ok((reading, tz))
    }

    fn field(&self, name: &str) -> String {
        self.syntax.field(name)
    }

    /// The file's `time_zone_name` when its clock shows other hours than
    /// the event's on the event's day (not a mere other name: "US/Eastern"
    /// is "America/New_York"): its times are read on the event's clock, and
    /// the report says so, in case the event's zone is what is wrong.
    pub(super) fn other_clock(&self) -> Option<String> {
        use chrono::Offset as _;
        let zone = self.conference.zone;
        let noon = self.event.date.and_hms_opt(12, 0, 0)?;
        let offset = |tz: Tz| tz.offset_from_utc_datetime(&noon).fix().local_minus_utc();
        (offset(zone) != offset(self.tz)).then(|| zone.name().to_owned())
    }

    /// The entries read, and the file's other clock.
    pub(super) fn finish(self, entries: Vec<Entry>) -> Read {
        Read {
            other_clock: self.other_clock(),
            entries,
        }
    }

    /// What the file calls an event in messages.
    fn event_noun(&self) -> &'static str {
        match self.syntax {
            Syntax::Xml => "<event>",
            Syntax::Json => "the event",
        }
    }

    /// A required field's text and line.
    fn required<'f>(
        &self,
        raw: &RawEvent,
        field: &'f Field,
        name: &str,
    ) -> Result<&'f (String, u32)> {
        field.as_ref().ok_or_else(|| {
            bad(
                raw.line,
                format!("{} has no {}", self.event_noun(), self.field(name)),
            )
        })
    }

    /// One event as the file gives it, checked: to import, or left out
    /// with the day it starts on.
    pub(super) fn event(&mut self, raw: RawEvent, day: &Day) -> Result<Entry> {
        let line = raw.line;
        let guid = self.guid(&raw)?;
        let (title, title_line) = self.required(&raw, &raw.title, "title")?;
        let title = title.trim().to_owned();
        if title.is_empty() {
            return Err(bad(
                *title_line,
                format!("the {} is empty", self.field("title")),
            ));
        }
        let (starts_at, ends_at) = match self.times(&raw, day)? {
            Timing::Within(starts_at, ends_at) => (starts_at, ends_at),
            Timing::Outside(reason, date) => {
                return Ok(Entry::Skip(Skipped {
                    line: i64::from(line),
                    uid: guid,
                    title,
                    date: Some(date),
                    reason,
                }))
            }
        };
        let mut persons = Vec::new();
        for (id, name, person_line) in raw.persons {
            let name = name.trim().to_owned();
            if name.is_empty() {
                return Err(bad(
                    person_line,
                    format!("a {} has no name", self.field("person")),
                ));
            }
            persons.push((id, name));
        }
        let abstract_ = plain_text(&raw.abstract_).trim().to_owned();
        let description = plain_text(&raw.description).trim().to_owned();
        let topics = topics(&description, &persons);
        let description = match topics {
            Some(_) => abstract_,
            None if description.is_empty() || description == abstract_ => abstract_,
            None if abstract_.is_empty() => description,
            None => format!("{abstract_}\n\n{description}"),
        };
        Ok(Entry::Import(FileEvent {
            line,
            guid,
            room: raw.room,
            starts_at,
            ends_at,
            kind: kind_of(&raw.kind, &raw.track),
            title,
            subtitle: plain_text(&raw.subtitle).trim().to_owned(),
            description,
            persons,
            topics: topics.unwrap_or_default(),
        }))
    }

    /// The event's key, not met before in the file: its guid, a UUID
    /// lowercased; any other text (frab wrote base64 keys such as
    /// "HOqeNIb6G7M4hYFKFRkCmQ" in 2014) is an opaque key, kept exactly,
    /// case included. Without a guid (pentabarf), "ACRONYM-ID" from its id.
    fn guid(&mut self, raw: &RawEvent) -> Result<String> {
        let line = raw.line;
        let noun = self.event_noun();
        let guid = match (&raw.guid, &raw.id) {
            (Some((guid, _)), _) => guid.trim().to_owned(),
            (None, Some((id, _))) => {
                let id = id.trim();
                if id.is_empty() {
                    return Err(bad(line, format!("{noun} has an empty id")));
                }
                format!("{}-{id}", self.conference.key)
            }
            (None, None) => return Err(bad(line, format!("{noun} has no guid and no id"))),
        };
        if guid.is_empty() {
            return Err(bad(line, format!("{noun} has an empty guid")));
        }
        let guid = if is_uuid(&guid) {
            guid.to_ascii_lowercase()
        } else {
            guid
        };
        if let Some(first) = self.guids.insert(guid.clone(), line) {
            return Err(bad(
                line,
                format!("the guid {guid} is already the one of the event at line {first}"),
            ));
        }
        Ok(guid)
    }

    /// When the event starts and ends: from its date, else from its day's
    /// date and its start on the conference's clock.
    fn times(&self, raw: &RawEvent, day: &Day) -> Result<Timing> {
        let (event, tz, conference) = (self.event, self.tz, &self.conference);
        let midnight = event.date.and_hms_opt(0, 0, 0).expect("midnight exists");
        let start = match &raw.date {
            Some((date, date_line)) => parse_date(date, conference.zone).ok_or_else(|| {
                bad(
                    *date_line,
                    format!(
                        "bad date {:?}: expected a date and time such as 2022-12-09T10:00:00+01:00",
                        date.trim()
                    ),
                )
            })?,
            None => self.start_in_day(raw, day)?,
        };
        let (duration, duration_line) = self.required(raw, &raw.duration, "duration")?;
        let length = parse_duration(duration)
            .filter(|d| *d > Duration::zero())
            .ok_or_else(|| {
                bad(
                    *duration_line,
                    format!(
                        "bad duration {:?}: expected hours and minutes such as 01:30",
                        duration.trim()
                    ),
                )
            })?;
        // Times as the event's clock shows them, whatever the file's
        // offset; seconds dropped, as the programme counts in minutes.
        let local = |t: DateTime<FixedOffset>| {
            let t = t.with_timezone(&tz).naive_local();
            t.with_second(0)
                .and_then(|t| t.with_nanosecond(0))
                .unwrap_or(t)
        };
        let starts_at = local(start);
        let ends_at = local(start + length);
        Ok(if starts_at.date() != event.date {
            Timing::Outside(SkipReason::OutsideEventDate, starts_at.date())
        } else if ends_at > midnight + Duration::days(1) {
            Timing::Outside(SkipReason::EndsAfterMidnight, starts_at.date())
        } else {
            Timing::Within(starts_at, ends_at)
        })
    }

    /// An event without date: its start ("10:00") on its day's date, on
    /// the next calendar day when it is before the conference's day change,
    /// on the conference's clock.
    fn start_in_day(&self, raw: &RawEvent, day: &Day) -> Result<DateTime<FixedOffset>> {
        let conference = &self.conference;
        let Some((start, start_line)) = &raw.start else {
            return Err(bad(
                raw.line,
                format!(
                    "{} has no {} and no {}",
                    self.event_noun(),
                    self.field("date"),
                    self.field("start")
                ),
            ));
        };
        let time = parse_duration(start)
            .filter(|d| *d < Duration::days(1))
            .map(|d| NaiveTime::MIN + d)
            .ok_or_else(|| {
                bad(
                    *start_line,
                    format!(
                        "bad start {:?}: expected a time such as 09:30",
                        start.trim()
                    ),
                )
            })?;
        let date = day.date.as_deref().map(str::trim).ok_or_else(|| {
            bad(
                day.line,
                format!(
                    "the day has no date, and its events no {}",
                    self.field("date")
                ),
            )
        })?;
        let date = NaiveDate::parse_from_str(date, crate::model::ymd::FORMAT).map_err(|_| {
            bad(
                day.line,
                format!("bad day date {date:?}: expected a date such as 2022-12-09"),
            )
        })?;
        let date = if time < conference.day_change {
            date.succ_opt().unwrap_or(date)
        } else {
            date
        };
        date.and_time(time)
            .and_local_timezone(conference.zone)
            .earliest()
            .map(|t| t.fixed_offset())
            .ok_or_else(|| {
                bad(
                    *start_line,
                    format!(
                        "{date} at {} does not exist in {} (the clocks go forward)",
                        time.format(crate::model::hm::FORMAT),
                        conference.zone.name()
                    ),
                )
            })
    }
}

/// When an event is, as the event's clock shows it.
enum Timing {
    /// On the event's day, ending by midnight.
    Within(NaiveDateTime, NaiveDateTime),
    /// Left out, and the day it starts on.
    Outside(SkipReason, NaiveDate),
}

/// `2022-12-09T10:00:00+01:00`, also without seconds or with `Z`; without
/// an offset (`2022-12-09T10:00:00`), a time of `zone`'s clock (the first
/// of two in the hour clocks go back; none in the hour they skip).
fn parse_date(s: &str, zone: Tz) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    let with_offset = format!("{}%:z", crate::model::ymdhm::FORMAT);
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, &with_offset))
        .or_else(|_| DateTime::parse_from_str(&s.replace('Z', "+00:00"), &with_offset))
        .ok()
        .or_else(|| {
            let local = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
                .or_else(|_| NaiveDateTime::parse_from_str(s, crate::model::ymdhm::FORMAT))
                .ok()?;
            let at = local.and_local_timezone(zone).earliest()?;
            Some(at.fixed_offset())
        })
}

/// `H:MM`, `HH:MM` or `HH:MM:SS` (seconds dropped: the programme counts in
/// minutes).
pub(super) fn parse_duration(s: &str) -> Option<Duration> {
    let parts: Vec<&str> = s.trim().split(':').collect();
    let number = |p: &str, max_len: usize| -> Option<i64> {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let (hours, minutes) = match parts.as_slice() {
        [h, m] | [h, m, _] => (number(h, 2)?, number(m, 2)?),
        _ => return None,
    };
    if let [_, _, sec] = parts.as_slice() {
        if number(sec, 2)? >= 60 {
            return None;
        }
    }
    (minutes < 60).then(|| Duration::minutes(hours * 60 + minutes))
}

/// Our kind for a frab `type` (and `track`): our own names first, as
/// Déroulé writes them, then the usual frab and pretalx ones.
fn kind_of(kind: &str, track: &str) -> ItemKind {
    let kind = kind.trim().to_lowercase();
    if let Some(k) = ItemKind::parse(&kind) {
        return k;
    }
    if let Some(k) = ItemKind::ALL
        .into_iter()
        .find(|k| Lang::Fr.kind(*k).eq_ignore_ascii_case(track.trim()))
    {
        return k;
    }
    match kind.as_str() {
        "talk" | "lecture" | "presentation" | "keynote" | "conférence" | "conference" => {
            ItemKind::Keynote
        }
        "workshop" | "hands-on" | "atelier" => ItemKind::Workshop,
        "discussion" | "panel" | "podium" | "table ronde" => ItemKind::RoundTable,
        "lightning" | "lightning talk" | "lightning_talk" | "lightningtalk" => ItemKind::Pitches,
        "break" | "pause" => ItemKind::Break,
        "meal" | "lunch" | "repas" => ItemKind::Meal,
        "social" | "party" => ItemKind::Social,
        _ => ItemKind::Other,
    }
}

/// The questions of a `description` that is only "Name : question" lines,
/// each naming a person of the event (as Déroulé writes them); `None` for
/// any other text, which is then kept as text.
fn topics(description: &str, persons: &[(Option<Id>, String)]) -> Option<HashMap<String, String>> {
    let mut topics = HashMap::new();
    for line in description.lines().filter(|l| !l.trim().is_empty()) {
        let (name, topic) = line.split_once(" : ")?;
        let name = name.trim();
        if !persons.iter().any(|(_, n)| n == name) {
            return None;
        }
        topics.insert(name.to_owned(), topic.trim().to_owned());
    }
    (!topics.is_empty()).then_some(topics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("01:30"), Some(Duration::minutes(90)));
        assert_eq!(parse_duration("0:05"), Some(Duration::minutes(5)));
        assert_eq!(parse_duration("00:45:00"), Some(Duration::minutes(45)));
        assert_eq!(parse_duration("1h30"), None);
        assert_eq!(parse_duration("01:75"), None);
        assert_eq!(parse_duration("90"), None);
        assert_eq!(parse_duration(""), None);
    }

    #[test]
    fn dates_without_an_offset_are_on_the_files_clock() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let at = |s| parse_date(s, paris).map(|d| d.to_rfc3339());
        assert_eq!(
            at("2022-12-09T10:00:00+01:00").as_deref(),
            Some("2022-12-09T10:00:00+01:00")
        );
        assert_eq!(
            at("2022-12-09T10:00+01:00").as_deref(),
            Some("2022-12-09T10:00:00+01:00")
        );
        assert_eq!(
            at("2022-12-09T09:00:00Z").as_deref(),
            Some("2022-12-09T09:00:00+00:00")
        );
        assert_eq!(
            at("2022-12-09T10:00:00").as_deref(),
            Some("2022-12-09T10:00:00+01:00")
        );
        assert_eq!(
            at("2022-07-09T10:00").as_deref(),
            Some("2022-07-09T10:00:00+02:00")
        );
        // The hour the clocks skip (27 March 2022, 2:00 -> 3:00 in Paris).
        assert_eq!(at("2022-03-27T02:30:00"), None);
        assert_eq!(at("2022-12-09"), None);
        assert_eq!(at("9/12/2022 10:00"), None);
    }

    #[test]
    fn kinds_from_frab_types() {
        assert_eq!(kind_of("round_table", ""), ItemKind::RoundTable);
        assert_eq!(kind_of("Talk", ""), ItemKind::Keynote);
        assert_eq!(kind_of("session", "Atelier"), ItemKind::Workshop);
        assert_eq!(kind_of("", ""), ItemKind::Other);
    }
}
