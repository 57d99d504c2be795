//! Reading a `schedule.xml`: every `<event>` checked against the event it
//! goes into, before anything is written. As frab, pretalx, wafer and the
//! CCC's hub write it, and as pentabarf did (FOSDEM).

use super::is_uuid;
use crate::error::{Error, Result};
use crate::exchange::plain::plain_text;
use crate::model::{Event, Id, ItemKind, SkipReason, Skipped};
use crate::words::Lang;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use chrono_tz::Tz;
use roxmltree::{Document, Node};
use std::collections::HashMap;

/// One `<event>` of the file, checked.
pub(super) struct FileEvent {
    /// Line of its `<event>` tag, for messages.
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

/// What becomes of one `<event>` of the file.
pub(super) enum Entry {
    Import(FileEvent),
    /// Left out: on another day than the event's, or ending after its
    /// midnight.
    Skip(Skipped),
}

/// What the `<conference>` says that its events' times depend on.
struct Conference {
    /// Its `<time_zone_name>` when it names a zone; else the event's. Times
    /// written without an offset are on this clock.
    zone: Tz,
    /// Its `<day_change>`: an event of a `<day>` that starts earlier in the
    /// morning (given by `<start>` alone) is on the next calendar day, as
    /// frab's nights run past midnight. Midnight when it says none.
    day_change: NaiveTime,
    /// Its acronym (or title) made a slug: the key of an `<event>` known
    /// only by its `id` (pentabarf, FOSDEM) is "ACRONYM-ID".
    key: String,
}

/// A file fault: reason `bad_schedule`, message naming the line.
fn bad(line: u32, what: impl std::fmt::Display) -> Error {
    Error::invalid("file", "bad_schedule", format!("line {line}: {what}"))
}

/// Where each line of the file starts, to name the line of a node: found
/// once, then by binary search (roxmltree's `text_pos_at` counts from the
/// start of the file at each call, which made naming the line of each of
/// 5,000 events quadratic).
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines(starts)
    }
}

fn line_of(lines: &Lines, node: Node<'_, '_>) -> u32 {
    let at = node.range().start;
    lines.0.partition_point(|start| *start <= at) as u32
}

/// All the text inside `node` (entities and CDATA resolved).
fn text_of(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

fn children<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &'static str) -> Option<Node<'a, 'input>> {
    children(node, name).next()
}

/// The text of a required child element.
fn required(doc: &Lines, node: Node<'_, '_>, name: &'static str) -> Result<(String, u32)> {
    let found = child(node, name).ok_or_else(|| {
        bad(
            line_of(doc, node),
            format!("<{}> has no <{name}>", node.tag_name().name()),
        )
    })?;
    Ok((text_of(found), line_of(doc, found)))
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
fn parse_duration(s: &str) -> Option<Duration> {
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

/// How deep elements may nest. A schedule.xml goes six deep (schedule, day,
/// room, event, persons, person); the limit keeps a crafted file of
/// thousands of nested elements out.
pub const MAX_NESTING: usize = 32;

/// Refuses a document whose elements nest deeper than [`MAX_NESTING`]
/// (`file`, `too_deep`), naming the line of the first element too deep.
fn check_nesting(doc: &Document<'_>, lines: &Lines) -> Result<()> {
    // Nodes come in document order, a parent before its children: each
    // element's depth is its parent's plus one, in one pass.
    let mut depths: Vec<u32> = Vec::new();
    for n in doc.root().descendants() {
        let depth = match n.parent() {
            Some(p) => depths[p.id().get_usize()] + u32::from(n.is_element()),
            None => 0,
        };
        depths.push(depth);
        debug_assert_eq!(depths.len(), n.id().get_usize() + 1);
        if depth as usize > MAX_NESTING {
            return Err(Error::invalid(
                "file",
                "too_deep",
                format!(
                    "line {}: <{}> nests elements more than {MAX_NESTING} deep; \
                     a schedule nests them six deep",
                    line_of(lines, n),
                    n.tag_name().name()
                ),
            ));
        }
    }
    Ok(())
}

/// Reads and checks every `<event>` of the file against `event` (its day and
/// zone): those of its day to import, the others left out with the reason.
/// `whole_venue` tells which room names stand for the whole venue.
///
/// Read as frab, pretalx, wafer and the CCC's hub write it, and as
/// pentabarf did (FOSDEM): events in `<room name>` under each `<day>`, or
/// right under the `<day>` with a `<room>` of their own; an event's time
/// from its `<date>`, or from its day's `date` and its `<start>`; its key
/// from its `guid`, or its `id`.
pub(super) fn read(
    xml: &str,
    event: &Event,
    whole_venue: impl Fn(&str, Option<&str>) -> bool,
) -> Result<Vec<Entry>> {
    let doc = Document::parse(xml)
        .map_err(|e| Error::invalid("file", "bad_xml", format!("line {}: {e}", e.pos().row)))?;
    let lines = Lines::of(xml);
    check_nesting(&doc, &lines)?;
    let root = doc.root_element();
    if root.tag_name().name() != "schedule" {
        return Err(Error::invalid(
            "file",
            "not_schedule",
            format!(
                "line {}: the file's root element is <{}>, not the <schedule> of a \
                 frab/c3voc schedule.xml",
                line_of(&lines, root),
                root.tag_name().name()
            ),
        ));
    }
    if child(root, "day").is_none() {
        return Err(bad(line_of(&lines, root), "the <schedule> has no <day>"));
    }
    let tz: Tz = event.time_zone.parse().map_err(|_| {
        Error::invalid(
            "timeZone",
            "bad_time_zone",
            format!("unknown time zone {:?}", event.time_zone),
        )
    })?;
    let mut cx = Reading {
        lines: &lines,
        event,
        tz,
        conference: conference(root, tz),
        guids: HashMap::new(),
    };
    let mut entries = Vec::new();
    // `room`: the room of the <room> the event is in (none: the whole
    // venue); not given, the event's own <room>.
    let mut read_one = |node: Node<'_, '_>, day: &Day, room: Option<&Option<String>>| {
        let line = line_of(&lines, node);
        let room = match room {
            Some(room) => room.clone(),
            None => {
                let name = child(node, "room")
                    .map(|r| text_of(r).trim().to_owned())
                    .filter(|name| !name.is_empty())
                    .ok_or_else(|| bad(line, "the <event> is in no <room>"))?;
                (!whole_venue(&name, None)).then_some(name)
            }
        };
        let entry = read_event(&mut cx, node, &room, day)?;
        entries.push(entry);
        Ok::<(), Error>(())
    };
    for day_node in children(root, "day") {
        let day = Day {
            line: line_of(&lines, day_node),
            date: day_node.attribute("date").map(str::trim),
        };
        for room in children(day_node, "room") {
            let room_line = line_of(&lines, room);
            let events: Vec<_> = children(room, "event").collect();
            match room
                .attribute("name")
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                Some(name) => {
                    let name =
                        (!whole_venue(name, room.attribute("guid"))).then(|| name.to_owned());
                    for node in events {
                        read_one(node, &day, Some(&name))?;
                    }
                }
                // A room without a name: its events' own <room>, when
                // they all say one.
                None if !events.is_empty()
                    && events.iter().all(|e| {
                        child(*e, "room").is_some_and(|r| !text_of(r).trim().is_empty())
                    }) =>
                {
                    for node in events {
                        read_one(node, &day, None)?;
                    }
                }
                None => return Err(bad(room_line, "<room> has no name")),
            }
        }
        for node in children(day_node, "event") {
            read_one(node, &day, None)?;
        }
    }
    Ok(entries)
}

/// What reading the `<event>`s goes by: the file's lines, the programme's
/// event and zone, the `<conference>`, and the guids met so far.
struct Reading<'a> {
    lines: &'a Lines,
    event: &'a Event,
    tz: Tz,
    conference: Conference,
    guids: HashMap<String, u32>,
}

/// The `<day>` an `<event>` is in: its line, and its `date`.
struct Day<'a> {
    line: u32,
    date: Option<&'a str>,
}

/// The `<conference>`'s zone, day change and key (see [`Conference`]).
fn conference(root: Node<'_, '_>, event_zone: Tz) -> Conference {
    let conference = child(root, "conference");
    let text = |name| {
        conference
            .and_then(|c| child(c, name))
            .map(|n| text_of(n).trim().to_owned())
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

/// One `<event>` (`room`: none for the whole venue), checked against the
/// programme's event and the guids met so far.
fn read_event(
    cx: &mut Reading<'_>,
    node: Node<'_, '_>,
    room: &Option<String>,
    day: &Day,
) -> Result<Entry> {
    let doc = cx.lines;
    let line = line_of(doc, node);
    let guid = guid(node, line, &cx.conference, &mut cx.guids)?;
    let (title, title_line) = required(doc, node, "title")?;
    let title = title.trim().to_owned();
    if title.is_empty() {
        return Err(bad(title_line, "the <title> is empty"));
    }
    let (starts_at, ends_at) = match times(cx, node, day)? {
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
    let persons = persons(doc, node)?;
    let text = |name| {
        child(node, name)
            .map(|n| plain_text(&text_of(n)))
            .unwrap_or_default()
    };
    let abstract_ = text("abstract").trim().to_owned();
    let description = text("description").trim().to_owned();
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
        room: room.clone(),
        starts_at,
        ends_at,
        kind: kind_of(&text("type"), &text("track")),
        title,
        subtitle: text("subtitle").trim().to_owned(),
        description,
        persons,
        topics: topics.unwrap_or_default(),
    }))
}

/// The `<event>`'s key, not met before in the file: its guid, a UUID
/// lowercased; any other text (frab wrote base64 keys such as
/// "HOqeNIb6G7M4hYFKFRkCmQ" in 2014) is an opaque key, kept exactly, case
/// included. Without a guid (pentabarf), "ACRONYM-ID" from its `id`.
fn guid(
    node: Node<'_, '_>,
    line: u32,
    conference: &Conference,
    guids: &mut HashMap<String, u32>,
) -> Result<String> {
    let guid = match node.attribute("guid") {
        Some(guid) => guid.trim().to_owned(),
        None => {
            let id = node
                .attribute("id")
                .map(str::trim)
                .ok_or_else(|| bad(line, "<event> has no guid and no id"))?;
            if id.is_empty() {
                return Err(bad(line, "<event> has an empty id"));
            }
            format!("{}-{id}", conference.key)
        }
    };
    if guid.is_empty() {
        return Err(bad(line, "<event> has an empty guid"));
    }
    let guid = if is_uuid(&guid) {
        guid.to_ascii_lowercase()
    } else {
        guid
    };
    if let Some(first) = guids.insert(guid.clone(), line) {
        return Err(bad(
            line,
            format!("the guid {guid} is already the one of the event at line {first}"),
        ));
    }
    Ok(guid)
}

/// When an `<event>` is, as the event's clock shows it.
enum Timing {
    /// On the event's day, ending by midnight.
    Within(NaiveDateTime, NaiveDateTime),
    /// Left out, and the day it starts on.
    Outside(SkipReason, NaiveDate),
}

/// When the `<event>` starts and ends: from its `<date>`, else from its
/// day's date and its `<start>` on the conference's clock.
fn times(cx: &Reading<'_>, node: Node<'_, '_>, day: &Day) -> Result<Timing> {
    let (doc, event, tz, conference) = (cx.lines, cx.event, cx.tz, &cx.conference);
    let midnight = event.date.and_hms_opt(0, 0, 0).expect("midnight exists");
    let start = match child(node, "date") {
        Some(date_node) => {
            let date = text_of(date_node);
            parse_date(&date, conference.zone).ok_or_else(|| {
                bad(
                    line_of(doc, date_node),
                    format!(
                        "bad date {:?}: expected a date and time such as 2022-12-09T10:00:00+01:00",
                        date.trim()
                    ),
                )
            })?
        }
        None => start_in_day(doc, node, day, conference)?,
    };
    let (duration, duration_line) = required(doc, node, "duration")?;
    let length = parse_duration(&duration)
        .filter(|d| *d > Duration::zero())
        .ok_or_else(|| {
            bad(
                duration_line,
                format!(
                    "bad duration {:?}: expected hours and minutes such as 01:30",
                    duration.trim()
                ),
            )
        })?;
    // Times as the event's clock shows them, whatever the
    // file's offset; seconds dropped, as the programme counts
    // in minutes.
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

/// An `<event>` without `<date>`: its `<start>` ("10:00") on its day's
/// date, on the next calendar day when it is before the conference's day
/// change, on the conference's clock.
fn start_in_day(
    doc: &Lines,
    node: Node<'_, '_>,
    day: &Day,
    conference: &Conference,
) -> Result<DateTime<FixedOffset>> {
    let line = line_of(doc, node);
    let Some(start_node) = child(node, "start") else {
        return Err(bad(line, "<event> has no <date> and no <start>"));
    };
    let start_line = line_of(doc, start_node);
    let start = text_of(start_node);
    let time = parse_duration(&start)
        .filter(|d| *d < Duration::days(1))
        .map(|d| NaiveTime::MIN + d)
        .ok_or_else(|| {
            bad(
                start_line,
                format!(
                    "bad start {:?}: expected a time such as 09:30",
                    start.trim()
                ),
            )
        })?;
    let date = day
        .date
        .ok_or_else(|| bad(day.line, "the <day> has no date, and its events no <date>"))?;
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
                start_line,
                format!(
                    "{date} at {} does not exist in {} (the clocks go forward)",
                    time.format(crate::model::hm::FORMAT),
                    conference.zone.name()
                ),
            )
        })
}

/// The `<person>`s of the `<event>`: their id in the file, if any, and name.
fn persons(doc: &Lines, node: Node<'_, '_>) -> Result<Vec<(Option<Id>, String)>> {
    let mut persons = Vec::new();
    if let Some(list) = child(node, "persons") {
        for person in children(list, "person") {
            let name = text_of(person).trim().to_owned();
            if name.is_empty() {
                return Err(bad(line_of(doc, person), "a <person> has no name"));
            }
            let id = person.attribute("id").and_then(|i| i.trim().parse().ok());
            persons.push((id, name));
        }
    }
    Ok(persons)
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
