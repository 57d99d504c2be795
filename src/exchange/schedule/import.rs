//! Reading a `schedule.xml` into an existing event. The whole file is read
//! and checked before anything is written, and everything is written in one
//! transaction: a file with one fault imports nothing.

use super::{is_uuid, item_guid, ImportSummary, WHOLE_VENUE_GUID, WHOLE_VENUE_ROOM};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Event, Id, Item, ItemKind, ItemSpeaker, Speaker, SpeakerRole};
use crate::programme::store::within;
use crate::words::Lang;
use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, Timelike};
use chrono_tz::Tz;
use roxmltree::{Document, Node};
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

/// One `<event>` of the file, checked.
struct FileEvent {
    /// Line of its `<event>` tag, for messages.
    line: u32,
    guid: String,
    /// `None`: the whole venue.
    room: Option<String>,
    starts_at: NaiveDateTime,
    ends_at: NaiveDateTime,
    kind: ItemKind,
    title: String,
    subtitle: String,
    description: String,
    /// Directory id (a hint: files from elsewhere number people their own
    /// way) and name, in order.
    persons: Vec<(Option<Id>, String)>,
    /// Each person's question, by name, when the file's `description` is
    /// made of "Name : question" lines, as Déroulé writes it.
    topics: HashMap<String, String>,
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

/// `2022-12-09T10:00:00+01:00`, also without seconds or with `Z`.
fn parse_date(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    let with_offset = format!("{}%:z", crate::model::ymdhm::FORMAT);
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| DateTime::parse_from_str(s, &with_offset))
        .or_else(|_| DateTime::parse_from_str(&s.replace('Z', "+00:00"), &with_offset))
        .ok()
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
/// zone). `whole_venue` tells which room names stand for the whole venue.
fn read(
    xml: &str,
    event: &Event,
    whole_venue: impl Fn(&str, Option<&str>) -> bool,
) -> Result<Vec<FileEvent>> {
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
    let mut events = Vec::new();
    let mut guids: HashMap<String, u32> = HashMap::new();
    for day in children(root, "day") {
        for room in children(day, "room") {
            let room_line = line_of(&lines, room);
            let room_name = room
                .attribute("name")
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .ok_or_else(|| bad(room_line, "<room> has no name"))?;
            let room_name =
                (!whole_venue(room_name, room.attribute("guid"))).then(|| room_name.to_owned());
            for node in children(room, "event") {
                events.push(read_event(&lines, node, &room_name, event, tz, &mut guids)?);
            }
        }
    }
    Ok(events)
}

/// One `<event>` of a room (`room`: none for the whole venue), checked
/// against the programme's `event` and the guids met so far.
fn read_event(
    doc: &Lines,
    node: Node<'_, '_>,
    room: &Option<String>,
    event: &Event,
    tz: Tz,
    guids: &mut HashMap<String, u32>,
) -> Result<FileEvent> {
    let line = line_of(doc, node);
    let guid = guid(node, line, guids)?;
    let (title, title_line) = required(doc, node, "title")?;
    let title = title.trim().to_owned();
    if title.is_empty() {
        return Err(bad(title_line, "the <title> is empty"));
    }
    let (starts_at, ends_at) = times(doc, node, event, tz)?;
    let persons = persons(doc, node)?;
    let text = |name| child(node, name).map(text_of).unwrap_or_default();
    let abstract_ = text("abstract").trim().to_owned();
    let description = text("description").trim().to_owned();
    let topics = topics(&description, &persons);
    let description = match topics {
        Some(_) => abstract_,
        None if description.is_empty() || description == abstract_ => abstract_,
        None if abstract_.is_empty() => description,
        None => format!("{abstract_}\n\n{description}"),
    };
    Ok(FileEvent {
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
    })
}

/// The `<event>`'s guid, not met before in the file: a UUID, lowercased;
/// any other text (frab wrote base64 keys such as "HOqeNIb6G7M4hYFKFRkCmQ"
/// in 2014) is an opaque key, kept exactly, case included.
fn guid(node: Node<'_, '_>, line: u32, guids: &mut HashMap<String, u32>) -> Result<String> {
    let guid = node
        .attribute("guid")
        .ok_or_else(|| bad(line, "<event> has no guid"))?
        .trim();
    if guid.is_empty() {
        return Err(bad(line, "<event> has an empty guid"));
    }
    let guid = if is_uuid(guid) {
        guid.to_ascii_lowercase()
    } else {
        guid.to_owned()
    };
    if let Some(first) = guids.insert(guid.clone(), line) {
        return Err(bad(
            line,
            format!("the guid {guid} is already the one of the event at line {first}"),
        ));
    }
    Ok(guid)
}

/// When the `<event>` starts and ends, as the event's clock shows them:
/// on the event's day, ending by midnight.
fn times(
    doc: &Lines,
    node: Node<'_, '_>,
    event: &Event,
    tz: Tz,
) -> Result<(NaiveDateTime, NaiveDateTime)> {
    let midnight = event.date.and_hms_opt(0, 0, 0).expect("midnight exists");
    let (date, date_line) = required(doc, node, "date")?;
    let start = parse_date(&date).ok_or_else(|| {
        bad(
            date_line,
            format!(
                "bad date {:?}: expected a date, time and offset such as 2022-12-09T10:00:00+01:00",
                date.trim()
            ),
        )
    })?;
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
    if starts_at.date() != event.date {
        return Err(Error::invalid(
            "file",
            "outside_event_date",
            format!(
                "line {date_line}: the event starts on {} at {} ({} time), not on the day of this event, {}",
                starts_at.date(),
                starts_at.format(crate::model::hm::FORMAT),
                tz.name(),
                event.date
            ),
        ));
    }
    if ends_at > midnight + Duration::days(1) {
        return Err(bad(
            duration_line,
            format!(
                "the event ends after midnight ({} at {}, {} time)",
                ends_at.date(),
                ends_at.format(crate::model::hm::FORMAT),
                tz.name()
            ),
        ));
    }
    Ok((starts_at, ends_at))
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

/// Puts the line of the file's event before an error of the store.
fn at_line(line: u32) -> impl Fn(Error) -> Error {
    move |mut e| {
        e.field = Some("file".into());
        e.message = format!("line {line}: {}", e.message);
        e
    }
}

impl Db {
    /// Reads a `schedule.xml` (frab, pretalx, Déroulé…) into the existing
    /// event `event_id`: its items, at the times of the event's zone; its
    /// rooms, created when the event has none of that name; its people,
    /// found in the speakers directory or added to it, as speakers. An item
    /// keeps the file's `guid` as its UID, so importing the file again
    /// updates the items instead of adding them twice. Items of the event
    /// that the file does not name stay as they are.
    ///
    /// A guid that is not a UUID (frab's older base64 keys) is kept as an
    /// opaque key: it becomes the item's UID, and the item exports with a
    /// UUID made from it, which an import recognises too.
    ///
    /// A file that is not XML, whose root is not `<schedule>`, that nests
    /// elements deeper than [`MAX_NESTING`], that is not a well-formed
    /// schedule, or whose events lie outside the event's day is refused
    /// with an error naming the line (`field` "file", reason `bad_xml`,
    /// `not_schedule`, `too_deep`, `bad_schedule` or `outside_event_date`),
    /// and nothing is imported.
    pub fn import_schedule_xml(&mut self, event_id: Id, xml: &str) -> Result<ImportSummary> {
        self.change("schedule.import", |tx| {
            let event = within::event(tx, event_id)?;
            let venue = within::venue(tx, event_id)?;
            let mut rooms: HashMap<String, Id> = within::rooms(tx, event_id)?
                .into_iter()
                .filter_map(|r| Some((r.name, r.id?)))
                .collect();
            let file = read(xml, &event, |name, guid| {
                guid.is_some_and(|g| g.trim().eq_ignore_ascii_case(WHOLE_VENUE_GUID))
                    || (!rooms.contains_key(name)
                        && (name == WHOLE_VENUE_ROOM || name == venue.name.trim()))
            })?;
            let mut items: HashMap<String, Item> = within::items(tx, event_id)?
                .into_iter()
                .map(|i| (item_guid(&i.uid), i))
                .collect();
            let mut summary = ImportSummary::default();
            let mut people = People::read(tx)?;
            for entry in file {
                let at = at_line(entry.line);
                let room_id = room_of(tx, event_id, &entry.room, &mut rooms, &mut summary, &at)?;
                // Items are known by the guid they export with, which an
                // opaque key of the file gives too (`item_guid`).
                let existing = items.remove(&item_guid(&entry.guid));
                let links = links(
                    tx,
                    &entry,
                    existing.as_ref(),
                    &mut people,
                    &mut summary,
                    &at,
                )?;
                match existing {
                    Some(before) => {
                        let after = Item {
                            starts_at: entry.starts_at,
                            ends_at: entry.ends_at,
                            kind: entry.kind,
                            title: entry.title,
                            description: entry.description,
                            room_id,
                            part_label: entry.subtitle,
                            speakers: links,
                            ..before.clone()
                        };
                        if after == before {
                            summary.items_unchanged += 1;
                        } else {
                            crate::signups::seats::within::update_item(tx, &after).map_err(&at)?;
                            summary.items_updated += 1;
                        }
                    }
                    None => {
                        let item = Item {
                            id: None,
                            event_id,
                            uid: entry.guid,
                            starts_at: entry.starts_at,
                            ends_at: entry.ends_at,
                            kind: entry.kind,
                            title: entry.title,
                            description: entry.description,
                            room_id,
                            part_label: entry.subtitle,
                            part_id: None,
                            capacity: None,
                            remote: false,
                            pinned: false,
                            speakers: links,
                            workshop_id: None,
                            block_id: None,
                        };
                        within::create_item(tx, &item).map_err(&at)?;
                        summary.items_created += 1;
                    }
                }
            }
            Ok(summary)
        })
    }
}

/// The room an entry names (none: the whole venue), created when the
/// event has none of that name.
fn room_of(
    tx: &Connection,
    event_id: Id,
    room: &Option<String>,
    rooms: &mut HashMap<String, Id>,
    summary: &mut ImportSummary,
    at: &impl Fn(Error) -> Error,
) -> Result<Option<Id>> {
    let Some(name) = room else {
        return Ok(None);
    };
    if let Some(id) = rooms.get(name) {
        return Ok(Some(*id));
    }
    let room = crate::model::Room {
        id: None,
        event_id,
        name: name.clone(),
        capacity: None,
        accessibility: String::new(),
        position: 0,
    };
    let id = within::create_room(tx, &room).map_err(at)?;
    summary.rooms_created += 1;
    rooms.insert(name.clone(), id);
    Ok(Some(id))
}

/// The speakers of an entry, as links of its item (`existing`, when the
/// file updates one).
fn links(
    tx: &Connection,
    entry: &FileEvent,
    existing: Option<&Item>,
    people: &mut People,
    summary: &mut ImportSummary,
    at: &impl Fn(Error) -> Error,
) -> Result<Vec<ItemSpeaker>> {
    let mut links = Vec::new();
    let mut seen = HashSet::new();
    for (hint, name) in &entry.persons {
        let speaker_id = speaker_of(tx, *hint, name, people, summary, at)?;
        // A person named twice on one event is one speaker.
        if !seen.insert(speaker_id) {
            continue;
        }
        // A speaker already on the item keeps their role, and
        // their question unless the file gives one.
        let before = existing.and_then(|i| i.speakers.iter().find(|l| l.speaker_id == speaker_id));
        links.push(ItemSpeaker {
            speaker_id,
            role: before.map_or(SpeakerRole::Speaker, |l| l.role),
            topic: match entry.topics.get(name) {
                Some(topic) => topic.clone(),
                None if entry.topics.is_empty() => {
                    before.map(|l| l.topic.clone()).unwrap_or_default()
                }
                None => String::new(),
            },
        });
    }
    Ok(links)
}

/// The speakers directory as an import sees it, read once: the oldest
/// speaker of each name, each speaker's name by id, and the people of the
/// file met so far.
struct People {
    by_name: HashMap<String, Id>,
    names: HashMap<Id, String>,
    met: HashMap<String, Id>,
}

impl People {
    fn read(tx: &Connection) -> Result<People> {
        let mut people = People {
            by_name: HashMap::new(),
            names: HashMap::new(),
            met: HashMap::new(),
        };
        for (id, name) in within::directory(tx)? {
            people.by_name.entry(name.clone()).or_insert(id);
            people.names.insert(id, name);
        }
        Ok(people)
    }

    /// As `within::find_speaker`: the speaker with id `hint` when it bears
    /// this name (a file exported from this database), else the oldest one
    /// with this name.
    fn find(&self, hint: Option<Id>, name: &str) -> Option<Id> {
        let name = name.trim();
        hint.filter(|id| self.names.get(id).is_some_and(|n| n == name))
            .or_else(|| self.by_name.get(name).copied())
    }
}

/// The directory speaker a person of the file is: one met earlier in the
/// file, else one the directory has, else a new one.
fn speaker_of(
    tx: &Connection,
    hint: Option<Id>,
    name: &str,
    people: &mut People,
    summary: &mut ImportSummary,
    at: &impl Fn(Error) -> Error,
) -> Result<Id> {
    Ok(match people.met.get(name) {
        Some(id) => *id,
        None => {
            let id = match people.find(hint, name) {
                Some(id) => id,
                None => {
                    summary.speakers_created += 1;
                    let id = within::create_speaker(
                        tx,
                        &Speaker {
                            id: None,
                            name: name.to_owned(),
                            title: String::new(),
                            organisation: String::new(),
                            bio: String::new(),
                            email: String::new(),
                            phone: String::new(),
                        },
                    )
                    .map_err(at)?;
                    people.by_name.insert(name.trim().to_owned(), id);
                    people.names.insert(id, name.trim().to_owned());
                    id
                }
            };
            people.met.insert(name.to_owned(), id);
            id
        }
    })
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
    fn dates_need_an_offset() {
        assert!(parse_date("2022-12-09T10:00:00+01:00").is_some());
        assert!(parse_date("2022-12-09T10:00+01:00").is_some());
        assert!(parse_date("2022-12-09T09:00:00Z").is_some());
        assert!(parse_date("2022-12-09T10:00:00").is_none());
        assert!(parse_date("2022-12-09").is_none());
    }

    #[test]
    fn kinds_from_frab_types() {
        assert_eq!(kind_of("round_table", ""), ItemKind::RoundTable);
        assert_eq!(kind_of("Talk", ""), ItemKind::Keynote);
        assert_eq!(kind_of("session", "Atelier"), ItemKind::Workshop);
        assert_eq!(kind_of("", ""), ItemKind::Other);
    }
}
