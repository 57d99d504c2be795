//! Event files: a whole event in one JSON file (the programme file format,
//! docs/event-file.schema.json), to start next year's edition on another
//! laptop or to take in a programme a colleague sent. Reading one makes a
//! new event, all or nothing: its programme, venue, rooms, speakers, choice
//! blocks with their fairness options, and attendees when the file has
//! them. Writing one gives the same, without sign-ups.

use super::programme_file::{
    at, write_programme_items, FileAttendee, FileBlock, FileItem, FileLink, FileRoom, ProgrammeFile,
};
use super::{slug, ExportFile};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Attendee, ChoiceBlock, EventStatus, Id, Speaker};
use crate::signups::allocation::fairness::{self, BlockFairness};
use crate::signups::attendees::within as attendees;
use crate::signups::engine::{self, within as blocks};
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

/// What reading an event file made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EventFileReport {
    pub event_id: Id,
    pub title: String,
    pub rooms: usize,
    pub speakers: usize,
    pub items: usize,
    pub blocks: usize,
    pub attendees: usize,
}

/// A block as an event file writes it, with its fairness options.
fn file_block(conn: &rusqlite::Connection, b: &ChoiceBlock) -> Result<FileBlock> {
    let options = match b.id {
        Some(id) => fairness::read(conn, id)?,
        None => BlockFairness::default(),
    };
    Ok(FileBlock {
        name: b.name.clone(),
        min_choices: b.min_choices,
        max_choices: b.max_choices,
        organisation_cap: options.organisation_cap,
        priority_categories: options.priority_categories,
        keep_seats: options.keep_seats,
    })
}

impl Db {
    /// Makes a new event (a draft) from an event file.
    pub fn import_event_file(&mut self, file: &ProgrammeFile) -> Result<EventFileReport> {
        self.change("event.import", |tx| {
            let mut file = file.clone();
            // A new event has not gone out from here yet.
            file.event.status = EventStatus::Draft;
            if let Some((n, entry)) = file.items.iter().enumerate().find(|(_, entry)| {
                entry
                    .block
                    .as_ref()
                    .is_some_and(|b| !file.blocks.iter().any(|block| &block.name == b))
            }) {
                return Err(Error::invalid(
                    &format!("items[{n}].block"),
                    "unknown_block",
                    format!(
                        "items[{n}]: no block named {:?}",
                        entry.block.as_deref().unwrap_or("")
                    ),
                ));
            }
            let (event_id, item_ids) = write_programme_items(tx, &file)?;
            for (n, block) in file.blocks.iter().enumerate() {
                let members: Vec<Id> = file
                    .items
                    .iter()
                    .zip(&item_ids)
                    .filter(|(entry, _)| entry.block.as_deref() == Some(block.name.as_str()))
                    .map(|(_, &id)| id)
                    .collect();
                let stored = ChoiceBlock {
                    id: None,
                    event_id,
                    name: block.name.clone(),
                    min_choices: block.min_choices,
                    max_choices: block.max_choices,
                };
                let block_id = blocks::make_block(tx, &stored, &members)
                    .map_err(at(format!("blocks[{n}]")))?;
                let options = BlockFairness {
                    organisation_cap: block.organisation_cap,
                    priority_categories: block.priority_categories.clone(),
                    keep_seats: block.keep_seats,
                };
                fairness::write(tx, block_id, &options).map_err(at(format!("blocks[{n}]")))?;
            }
            for (n, a) in file.attendees.iter().enumerate() {
                let stored = Attendee {
                    id: None,
                    event_id,
                    name: a.name.clone(),
                    email: a.email.clone(),
                    organisation: a.organisation.clone(),
                    category: a.category.clone(),
                    notes: a.notes.clone(),
                    registered_at: a.registered_at.clone(),
                };
                attendees::save(tx, &stored).map_err(at(format!("attendees[{n}]")))?;
            }
            Ok(EventFileReport {
                event_id,
                title: file.event.title.trim().to_owned(),
                rooms: file.rooms.len(),
                speakers: file.speakers.len(),
                items: file.items.len(),
                blocks: file.blocks.len(),
                attendees: file.attendees.len(),
            })
        })
    }

    /// An event as an event file: everything but its sign-ups, rankings and
    /// history.
    pub fn event_file(&self, event_id: Id) -> Result<ProgrammeFile> {
        let p = self.programme(event_id)?;
        let conn = self.conn();
        let room_names: HashMap<Id, &str> = p
            .rooms
            .iter()
            .filter_map(|r| Some((r.id?, r.name.as_str())))
            .collect();
        let speaker_names: HashMap<Id, &str> = p
            .speakers
            .iter()
            .filter_map(|s| Some((s.id?, s.name.as_str())))
            .collect();
        let block_list = engine::list_blocks(conn, event_id)?;
        let block_names: HashMap<Id, &str> = block_list
            .iter()
            .filter_map(|b| Some((b.id?, b.name.as_str())))
            .collect();
        let items = p
            .items
            .iter()
            .map(|i| FileItem {
                date: Some(i.starts_at.date()).filter(|d| *d != p.event.date),
                start: i.starts_at.time(),
                end: i.ends_at.time(),
                kind: i.kind,
                title: i.title.clone(),
                description: i.description.clone(),
                room: i
                    .room_id
                    .and_then(|r| room_names.get(&r))
                    .map(|n| n.to_string()),
                part_label: i.part_label.clone(),
                capacity: i.capacity,
                remote: i.remote,
                pinned: i.pinned,
                speakers: i
                    .speakers
                    .iter()
                    .map(|l| FileLink {
                        name: speaker_names
                            .get(&l.speaker_id)
                            .copied()
                            .unwrap_or("")
                            .to_owned(),
                        role: l.role,
                        topic: l.topic.clone(),
                    })
                    .collect(),
                block: i
                    .block_id
                    .and_then(|b| block_names.get(&b))
                    .map(|n| n.to_string()),
            })
            .collect();
        Ok(ProgrammeFile {
            event: crate::model::Event {
                id: None,
                ..p.event.clone()
            },
            venue: p.venue.clone(),
            rooms: p
                .rooms
                .iter()
                .map(|r| FileRoom {
                    name: r.name.clone(),
                    capacity: r.capacity,
                    accessibility: r.accessibility.clone(),
                })
                .collect(),
            speakers: p
                .speakers
                .iter()
                .map(|s| Speaker {
                    id: None,
                    ..s.clone()
                })
                .collect(),
            items,
            blocks: block_list
                .iter()
                .map(|b| file_block(conn, b))
                .collect::<Result<_>>()?,
            attendees: self
                .attendees(event_id)?
                .into_iter()
                .map(|a| FileAttendee {
                    name: a.name,
                    email: a.email,
                    organisation: a.organisation,
                    category: a.category,
                    notes: a.notes,
                    registered_at: a.registered_at,
                })
                .collect(),
        })
    }

    /// The event file to save: pretty JSON, named after the event and its
    /// date ("journee-….deroule.json").
    pub fn export_event_file(&self, event_id: Id) -> Result<ExportFile> {
        let file = self.event_file(event_id)?;
        let name = format!(
            "{}-{}.deroule.json",
            slug(&file.event.title),
            file.event.date.format(crate::model::ymd::FORMAT)
        );
        let mut contents = serde_json::to_string_pretty(&file).expect("an event file serializes");
        contents.push('\n');
        Ok(ExportFile {
            file_name: name,
            contents,
        })
    }
}
