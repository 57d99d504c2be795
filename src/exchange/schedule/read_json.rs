//! The JSON form of a conference's schedule (frab/c3voc `schedule.json`, as
//! frab, pretalx and Déroulé write it) walked into [`RawEvent`]s:
//! `schedule.conference.days[].rooms`, an object of each room's events.
//!
//! Each event is kept as the slice of the file it was written in
//! (`serde_json`'s `RawValue`), so that a message names the line of the
//! event, and of its field, as the XML's do.

use super::read::{bad, Conference, Day, Field, RawEvent, Read, Reading, Syntax, WholeVenue};
use super::read_xml::Lines;
use crate::error::{Error, Result};
use crate::model::{Event, Id};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::HashMap;

#[derive(Deserialize)]
struct File<'a> {
    #[serde(borrow)]
    schedule: Option<Schedule<'a>>,
}

#[derive(Deserialize)]
struct Schedule<'a> {
    #[serde(borrow)]
    conference: Option<JsonConference<'a>>,
}

/// What the conference says that its events' times and keys depend on
/// (see [`Conference`]), and its days. (Not `#[serde(flatten)]`: it would
/// buffer the days, and a `RawValue` cannot be read from a buffer.)
#[derive(Deserialize)]
struct JsonConference<'a> {
    acronym: Option<Value>,
    title: Option<Value>,
    time_zone_name: Option<Value>,
    day_change: Option<Value>,
    /// Each room's name and guid: the guid tells the whole venue's room.
    #[serde(default)]
    rooms: Vec<Value>,
    #[serde(borrow, default)]
    days: Vec<JsonDay<'a>>,
}

impl JsonConference<'_> {
    fn field(&self, name: &str) -> Option<String> {
        let value = match name {
            "acronym" => &self.acronym,
            "title" => &self.title,
            "time_zone_name" => &self.time_zone_name,
            "day_change" => &self.day_change,
            _ => &None,
        };
        value.as_ref().and_then(text)
    }

    /// Where the conference's list of rooms has the room `name`; after
    /// them all when it has it not.
    fn room_place(&self, name: &str) -> usize {
        self.rooms
            .iter()
            .position(|r| {
                r.get("name")
                    .and_then(text)
                    .is_some_and(|n| n.trim() == name)
            })
            .unwrap_or(usize::MAX)
    }

    /// The guid the conference's list of rooms gives the room `name`.
    fn room_guid(&self, name: &str) -> Option<String> {
        self.rooms
            .iter()
            .find(|r| {
                r.get("name")
                    .and_then(text)
                    .is_some_and(|n| n.trim() == name)
            })
            .and_then(|r| r.get("guid").and_then(text))
    }
}

#[derive(Deserialize)]
struct JsonDay<'a> {
    #[serde(default)]
    date: Option<String>,
    #[serde(borrow, default)]
    rooms: Rooms<'a>,
}

/// A day's rooms in the order the file gives them, each with its events as
/// written.
#[derive(Default)]
struct Rooms<'a>(Vec<(String, Vec<&'a RawValue>)>);

impl<'de: 'a, 'a> Deserialize<'de> for Rooms<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct InOrder<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for InOrder<'a> {
            type Value = Rooms<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of each room's events")
            }
            fn visit_map<M: MapAccess<'de>>(
                self,
                mut map: M,
            ) -> std::result::Result<Rooms<'a>, M::Error> {
                let mut rooms = Vec::new();
                while let Some((name, events)) = map.next_entry::<String, Vec<&'de RawValue>>()? {
                    rooms.push((name, events));
                }
                Ok(Rooms(rooms))
            }
        }
        deserializer.deserialize_map(InOrder(std::marker::PhantomData))
    }
}

/// Reads and checks every event of the file against `event` (its day and
/// zone): those of its day to import, the others left out with the reason.
/// `whole_venue` tells which room names stand for the whole venue.
pub(super) fn read(json: &str, event: &Event, whole_venue: WholeVenue<'_>) -> Result<Read> {
    let file: File<'_> = serde_json::from_str(json)
        .map_err(|e| Error::invalid("file", "bad_json", format!("line {}: {e}", e.line())))?;
    let not_schedule = |what: &str| {
        Error::invalid(
            "file",
            "not_schedule",
            format!("line 1: the file has no {what}, as a frab/c3voc schedule.json has"),
        )
    };
    let conference = file
        .schedule
        .ok_or_else(|| not_schedule("\"schedule\" object"))?
        .conference
        .ok_or_else(|| not_schedule("\"conference\" in its \"schedule\""))?;
    if conference.days.is_empty() {
        return Err(not_schedule("\"days\" in its \"conference\""));
    }
    let lines = Lines::of(json);
    let line_at = |offset: usize| lines.0.partition_point(|start| *start <= offset) as u32;
    let (mut cx, tz) = Reading::new(Syntax::Json, event)?;
    cx.conference = Conference::new(|name| conference.field(name), tz);
    let mut entries = Vec::new();
    for day in &conference.days {
        // The line of a day is its first event's: serde_json keeps no
        // place of its own for the day's object.
        let first = day.rooms.0.iter().flat_map(|(_, e)| e).next();
        let day_at = Day {
            line: first.map_or(1, |raw| line_at(offset_in(json, raw))),
            date: day.date.clone(),
        };
        // The rooms in the order of the conference's list of them: a day's
        // object of rooms may come sorted by name (Déroulé's own, written
        // by serde_json).
        let mut rooms: Vec<&(String, Vec<&RawValue>)> = day.rooms.0.iter().collect();
        rooms.sort_by_key(|(name, _)| conference.room_place(name.trim()));
        for (name, events) in rooms {
            let name = name.trim();
            let guid = conference.room_guid(name);
            let room =
                (!name.is_empty() && !whole_venue(name, guid.as_deref())).then(|| name.to_owned());
            for raw in events {
                let at = offset_in(json, raw);
                let object: Map<String, Value> = serde_json::from_str(raw.get())
                    .map_err(|_| bad(line_at(at), "an event is not an object of its fields"))?;
                let keys = key_offsets(raw.get());
                let field = |key: &str| -> Field {
                    let value = object.get(key).and_then(text)?;
                    let line = line_at(at + keys.get(key).copied().unwrap_or(0));
                    Some((value, line))
                };
                let plain = |key: &str| object.get(key).and_then(text).unwrap_or_default();
                let persons = match object.get("persons") {
                    Some(Value::Array(persons)) => persons
                        .iter()
                        .map(|p| person(p, line_at(at + keys.get("persons").copied().unwrap_or(0))))
                        .collect(),
                    _ => Vec::new(),
                };
                let raw_event = RawEvent {
                    line: line_at(at),
                    guid: field("guid"),
                    id: field("id"),
                    title: field("title"),
                    date: field("date"),
                    start: field("start"),
                    duration: field("duration"),
                    room: room.clone(),
                    subtitle: plain("subtitle"),
                    kind: plain("type"),
                    track: plain("track"),
                    abstract_: plain("abstract"),
                    description: plain("description"),
                    persons,
                };
                entries.push(cx.event(raw_event, &day_at)?);
            }
        }
    }
    Ok(cx.finish(entries))
}

/// A person of an event: frab and Déroulé write `public_name`, pretalx
/// `public_name` or `name`; the id when it is a number.
fn person(value: &Value, line: u32) -> (Option<Id>, String, u32) {
    let name = ["public_name", "name", "full_public_name"]
        .iter()
        .find_map(|key| value.get(key).and_then(text))
        .or_else(|| text(value))
        .unwrap_or_default();
    let id = value.get("id").and_then(|id| match id {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    });
    (id, name, line)
}

/// A field's text: a string as it is, a number written out; none for null
/// and what is not text.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Where `raw` starts in `json`, of which it is a slice.
fn offset_in(json: &str, raw: &RawValue) -> usize {
    (raw.get().as_ptr() as usize).saturating_sub(json.as_ptr() as usize)
}

/// Where each key of a JSON object's own (not of the objects and arrays
/// inside it) starts in its text.
fn key_offsets(object: &str) -> HashMap<String, usize> {
    let mut keys = HashMap::new();
    let bytes = object.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let end = i.min(bytes.len());
                let rest = object.get(end + 1..).unwrap_or("").trim_start();
                if depth == 1 && rest.starts_with(':') {
                    if let Some(key) = object.get(start + 1..end) {
                        keys.entry(key.to_owned()).or_insert(start);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::key_offsets;

    #[test]
    fn keys_of_the_object_itself() {
        let object =
            r#"{"links": [{"title": "x"}], "title": "a \" {b", "persons": [{"name": "c"}]}"#;
        let keys = key_offsets(object);
        assert_eq!(keys["title"], object.find(r#""title": "a"#).unwrap());
        assert_eq!(keys["links"], 1);
        assert!(!keys.contains_key("name"));
    }
}
