//! A programme written by hand as JSON: rooms and speakers named rather than
//! numbered, times as "9h30"-style `HH:MM` on the event's day. The demo is
//! one; the tests' fixtures are others; an event file (`event_file`) is one
//! with its choice blocks and attendees. Loading one is all-or-nothing.
//! The format: docs/event-file.schema.json.

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Event, Id, Item, ItemKind, ItemSpeaker, Room, Speaker, SpeakerRole, Venue};
use crate::programme::store::within;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgrammeFile {
    pub event: Event,
    #[serde(default)]
    pub venue: Venue,
    #[serde(default)]
    pub rooms: Vec<FileRoom>,
    #[serde(default)]
    pub speakers: Vec<Speaker>,
    #[serde(default)]
    pub items: Vec<FileItem>,
    /// Choice blocks; their workshops are the items that name them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<FileBlock>,
    /// Attendees, when the file carries them (never their sign-ups).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attendees: Vec<FileAttendee>,
}

/// A choice block: "2 ateliers au choix".
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileBlock {
    pub name: String,
    #[serde(default)]
    pub min_choices: i64,
    pub max_choices: i64,
    /// Fairness: at most this many people of one organisation in one
    /// session of a workshop; absent, no limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_cap: Option<u32>,
    /// Fairness: the attendee categories served first by the allocation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub priority_categories: Vec<String>,
    /// Fairness: a new allocation keeps the seats people hold where it can.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep_seats: bool,
}

/// An attendee, without their sign-ups.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileAttendee {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub organisation: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// When they registered: "YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileRoom {
    pub name: String,
    #[serde(default)]
    pub capacity: Option<i64>,
    #[serde(default)]
    pub accessibility: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileItem {
    /// Its day, when not the event's first (a multi-day event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    #[serde(with = "crate::model::hm")]
    pub start: NaiveTime,
    #[serde(with = "crate::model::hm")]
    pub end: NaiveTime,
    pub kind: ItemKind,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// A room's name; none for the whole venue.
    #[serde(default)]
    pub room: Option<String>,
    #[serde(default)]
    pub part_label: String,
    #[serde(default)]
    pub capacity: Option<i64>,
    #[serde(default)]
    pub remote: bool,
    /// Its time stays put when the items before it move (running order).
    #[serde(default)]
    pub pinned: bool,
    #[serde(default)]
    pub speakers: Vec<FileLink>,
    /// The choice block it is a workshop of (items of one block with the
    /// same title are one workshop, run several times).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileLink {
    /// A speaker's name, as in `speakers`.
    pub name: String,
    pub role: SpeakerRole,
    #[serde(default)]
    pub topic: String,
}

impl ProgrammeFile {
    /// Parses the JSON text of a programme file.
    pub fn parse(json: &str) -> Result<ProgrammeFile> {
        crate::files::check_size(json.len())?;
        serde_json::from_str(json).map_err(|e| {
            Error::invalid(
                "file",
                "bad_json",
                format!(
                    "programme file, line {} column {}: {e}",
                    e.line(),
                    e.column()
                ),
            )
        })
    }
}

/// Prefixes the field of an error with where it is in the file.
pub(crate) fn at(path: String) -> impl FnOnce(Error) -> Error {
    move |mut e| {
        e.field = Some(match e.field.take() {
            Some(f) => format!("{path}.{f}"),
            None => path,
        });
        e
    }
}

impl Db {
    /// Stores the programme of `file` as a new event and returns its id.
    pub fn import_programme(&mut self, file: &ProgrammeFile) -> Result<Id> {
        self.change("programme.import", |tx| write_programme(tx, file))
    }
}

/// Stores the programme of `file` as a new event inside the caller's
/// transaction; returns its id.
pub(crate) fn write_programme(tx: &rusqlite::Connection, file: &ProgrammeFile) -> Result<Id> {
    write_programme_items(tx, file).map(|(event_id, _)| event_id)
}

/// Like [`write_programme`], also returning the new items' ids in the
/// file's order.
pub(crate) fn write_programme_items(
    tx: &rusqlite::Connection,
    file: &ProgrammeFile,
) -> Result<(Id, Vec<Id>)> {
    let mut item_ids = Vec::with_capacity(file.items.len());
    let event_id = within::create_event(tx, &file.event).map_err(at("event".into()))?;
    within::save_venue(tx, event_id, &file.venue).map_err(at("venue".into()))?;
    let mut rooms = HashMap::new();
    for (n, room) in file.rooms.iter().enumerate() {
        let stored = Room {
            id: None,
            event_id,
            name: room.name.clone(),
            capacity: room.capacity,
            accessibility: room.accessibility.clone(),
            position: n as i64,
        };
        let id = within::create_room(tx, &stored).map_err(at(format!("rooms[{n}]")))?;
        rooms.insert(room.name.as_str(), id);
    }
    let mut speakers = HashMap::new();
    for (n, speaker) in file.speakers.iter().enumerate() {
        let id =
            within::find_or_create_speaker(tx, speaker).map_err(at(format!("speakers[{n}]")))?;
        speakers.insert(speaker.name.as_str(), id);
    }
    for (n, entry) in file.items.iter().enumerate() {
        let path = format!("items[{n}]");
        let room_id = match &entry.room {
            None => None,
            Some(name) => Some(*rooms.get(name.as_str()).ok_or_else(|| {
                Error::invalid(
                    &format!("{path}.room"),
                    "unknown_room",
                    format!("{path}: no room named {name:?}"),
                )
            })?),
        };
        let mut links = Vec::new();
        for link in &entry.speakers {
            let speaker_id = *speakers.get(link.name.as_str()).ok_or_else(|| {
                Error::invalid(
                    &format!("{path}.speakers"),
                    "unknown_speaker",
                    format!("{path}: no speaker named {:?}", link.name),
                )
            })?;
            links.push(ItemSpeaker {
                speaker_id,
                role: link.role,
                topic: link.topic.clone(),
            });
        }
        let item = Item {
            id: None,
            uid: String::new(),
            event_id,
            starts_at: entry.date.unwrap_or(file.event.date).and_time(entry.start),
            ends_at: entry.date.unwrap_or(file.event.date).and_time(entry.end),
            kind: entry.kind,
            title: entry.title.clone(),
            description: entry.description.clone(),
            room_id,
            part_label: entry.part_label.clone(),
            part_id: None,
            capacity: entry.capacity,
            remote: entry.remote,
            pinned: entry.pinned,
            speakers: links,
            workshop_id: None,
            block_id: None,
        };
        item_ids.push(within::create_item(tx, &item).map_err(at(path))?);
    }
    Ok((event_id, item_ids))
}
