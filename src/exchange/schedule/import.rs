//! Importing a `schedule.xml` into an existing event. The whole file is
//! read and checked before anything is written ([`super::read`]), and
//! everything is written in one transaction: a file with one fault imports
//! nothing.

use super::read::{Entry, FileEvent, Reader};
use super::{item_guid, ImportSummary, WHOLE_VENUE_GUID, WHOLE_VENUE_ROOM};
use super::{read_json, read_xml};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Id, Item, ItemSpeaker, Speaker, SpeakerRole};
use crate::programme::store::within;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

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
    /// Only the event's day: a conference's schedule spans days, and its
    /// events that start on another day than the event's (on the event's
    /// clock), or end after its midnight, are not imported and not refused
    /// either: they are listed in [`ImportSummary::skipped`] with the
    /// reason. Descriptions written as HTML (FOSDEM's) are read as text.
    ///
    /// A file that is not XML, whose root is not `<schedule>`, that nests
    /// elements deeper than [`MAX_NESTING`], or that is not a well-formed
    /// schedule is refused with an error naming the line (`field` "file",
    /// reason `bad_xml`, `not_schedule`, `too_deep` or `bad_schedule`), and
    /// nothing is imported.
    pub fn import_schedule_xml(&mut self, event_id: Id, xml: &str) -> Result<ImportSummary> {
        self.import_schedule(event_id, xml, read_xml::read)
    }

    /// [`Db::import_schedule_xml`] of the schedule's JSON form
    /// (`schedule.json`, as frab, pretalx and Déroulé write it): the same
    /// events, the same rules. A file that is not JSON is refused with
    /// `bad_json`, one without `schedule.conference.days` with
    /// `not_schedule`, each naming the line.
    pub fn import_schedule_json(&mut self, event_id: Id, json: &str) -> Result<ImportSummary> {
        self.import_schedule(event_id, json, read_json::read)
    }

    /// Imports the events `read` finds in `text`.
    fn import_schedule(&mut self, event_id: Id, text: &str, read: Reader) -> Result<ImportSummary> {
        self.change("schedule.import", |tx| {
            let event = within::event(tx, event_id)?;
            let venue = within::venue(tx, event_id)?;
            let mut rooms: HashMap<String, Id> = within::rooms(tx, event_id)?
                .into_iter()
                .filter_map(|r| Some((r.name, r.id?)))
                .collect();
            let read = read(text, &event, &|name, guid| {
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
            summary.file_time_zone = read.other_clock;
            for entry in read.entries {
                let entry = match entry {
                    Entry::Import(entry) => entry,
                    Entry::Skip(skipped) => {
                        summary.skipped.push(skipped);
                        continue;
                    }
                };
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
