//! Versions of the programme as it went out, and what changed since.
//!
//! "Marquer comme diffusé" ([`Db::mark_version`]) keeps the programme as it
//! was printed or sent: a label, the time, and a [`Snapshot`] of every item
//! (times, room, title, kind, speakers, and who held or waited for a seat in
//! it). Versions are listed ([`Db::versions`]) and never edited: the
//! database refuses any update of one, and they are not undoable (what was
//! sent stays sent), like `calendar_sent`.
//!
//! [`Db::changes`] compares the programme now with a version
//! ([`diff::diff`], a pure function) and says each change in words people
//! understand (`words::changes`), with the people it concerns: the
//! attendees signed up for the item now or then (confirmed or waiting) and
//! its speakers now or then.
//!
//! Above `signups` (a snapshot holds sign-ups), below `print` and
//! `exchange`, which make the erratum, the messages and the spreadsheets
//! from a [`ChangeReport`].

pub mod diff;

use crate::db::{clock, Db};
use crate::error::{Error, Result};
use crate::model::{ymdhm, Id, ItemKind, SignupStatus, SpeakerRole};
use crate::words::Lang;
use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use ts_rs::TS;

/// A version of the programme that went out (its snapshot left aside).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Version {
    pub id: Id,
    pub event_id: Id,
    /// "Programme imprimé", "Envoi du 3 juin".
    pub label: String,
    /// When it was marked (RFC 3339, UTC).
    pub marked_at: String,
    /// How many items the programme had then.
    pub item_count: i64,
}

/// The programme as it went out: what is compared with the programme now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// By start time, then room.
    pub items: Vec<SnapshotItem>,
}

/// One item as it went out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotItem {
    pub id: Id,
    /// Its calendar UID, which never changes: how an item is matched.
    pub uid: String,
    pub title: String,
    pub kind: ItemKind,
    #[serde(with = "ymdhm")]
    pub starts_at: NaiveDateTime,
    #[serde(with = "ymdhm")]
    pub ends_at: NaiveDateTime,
    /// The room's name; `None`: the whole venue.
    pub room: Option<String>,
    pub speakers: Vec<SnapshotSpeaker>,
    /// Attendees holding a seat, in request order.
    pub confirmed: Vec<Id>,
    /// Attendees waiting for one, in request order.
    pub waitlisted: Vec<Id>,
}

/// A speaker of an item as it went out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotSpeaker {
    pub id: Id,
    pub name: String,
    pub role: SpeakerRole,
}

/// What changed in an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new item.
    Added,
    /// An item taken off the programme.
    Cancelled,
    /// Its start or end changed.
    Moved,
    RoomChanged,
    TitleChanged,
    SpeakerAdded,
    SpeakerRemoved,
}

/// The item a change is about, as it is now (as it was, when cancelled).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangedItem {
    /// Its id (a cancelled item's id is no longer in the programme).
    pub id: Id,
    pub uid: String,
    pub title: String,
    #[ts(type = "string")]
    #[serde(with = "ymdhm")]
    pub starts_at: NaiveDateTime,
    #[ts(type = "string")]
    #[serde(with = "ymdhm")]
    pub ends_at: NaiveDateTime,
    /// The room's name; `None`: the whole venue.
    #[ts(optional = nullable)]
    pub room: Option<String>,
}

/// One change since a version, and whom it concerns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub item: ChangedItem,
    pub kind: ChangeKind,
    /// The value before, for programs: a time span
    /// `YYYY-MM-DDTHH:MM/YYYY-MM-DDTHH:MM`, a room's or a speaker's name, a
    /// title. `None` for an added item or speaker, and a room-less item.
    #[ts(optional = nullable)]
    pub before: Option<String>,
    /// The value after, as `before`.
    #[ts(optional = nullable)]
    pub after: Option<String>,
    /// The change in words, in the report's language.
    pub text: String,
    /// Attendees signed up for the item now or then, confirmed or
    /// waiting, by id.
    pub attendee_ids: Vec<Id>,
    /// Those of `attendee_ids` who only wait (now, or then when the item
    /// is cancelled).
    pub waiting_ids: Vec<Id>,
    /// Its speakers now or then (an added or removed speaker included).
    pub speaker_ids: Vec<Id>,
}

/// A person a change concerns, with what a message needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: Id,
    pub name: String,
    /// Empty when unknown: such people are told at the desk.
    pub email: String,
}

/// The changes since a version, and the people they concern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangeReport {
    pub event_id: Id,
    pub since: Version,
    /// The language of each change's `text`.
    pub lang: Lang,
    /// By the item's time (as it is now), then by kind.
    pub changes: Vec<Change>,
    /// The attendees any change concerns, by name.
    pub attendees: Vec<Person>,
    /// The speakers any change concerns, by name.
    pub speakers: Vec<Person>,
}

impl Db {
    /// Keeps the programme as it is now as a version named `label`
    /// ("Marquer comme diffusé"). A label is used once per event.
    pub fn mark_version(&mut self, event_id: Id, label: &str) -> Result<Version> {
        let label = label.trim();
        if label.is_empty() {
            return Err(Error::invalid(
                "label",
                "required",
                "a version needs a label",
            ));
        }
        let snapshot = snapshot(self, event_id)?;
        let json = serde_json::to_string(&snapshot).expect("a snapshot serializes");
        // A version is kept beside the programme, not a change of it.
        self.record(|tx| {
            if find(tx, event_id, label)?.is_some() {
                return Err(Error::invalid(
                    "label",
                    "taken",
                    format!("this event already has a version named {label:?}"),
                ));
            }
            tx.execute(
                "INSERT INTO versions (event_id, label, marked_at, snapshot) VALUES (?1, ?2, ?3, ?4)",
                params![event_id, label, clock::stamp(tx)?, json],
            )?;
            let id = tx.last_insert_rowid();
            get(tx, id)
        })
    }

    /// The versions of an event, oldest first.
    pub fn versions(&self, event_id: Id) -> Result<Vec<Version>> {
        crate::programme::store::within::event(self.conn(), event_id)?;
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM versions WHERE event_id = ?1 ORDER BY marked_at, id"
        ))?;
        let rows = stmt.query_map([event_id], version_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The changes since the version named `since` (the latest when
    /// `None`), each said in `lang` (the event's when `None`).
    pub fn changes(
        &self,
        event_id: Id,
        since: Option<&str>,
        lang: Option<Lang>,
    ) -> Result<ChangeReport> {
        let versions = self.versions(event_id)?;
        let version = match since {
            Some(label) => versions
                .iter()
                .find(|v| v.label == label.trim())
                .ok_or_else(|| {
                    Error::invalid(
                        "since",
                        "not_found",
                        format!("this event has no version named {label:?}"),
                    )
                })?,
            None => versions.last().ok_or_else(|| {
                Error::invalid(
                    "since",
                    "no_version",
                    "no version of this event was marked as sent yet",
                )
            })?,
        };
        let then: Snapshot = {
            let text: String = self.conn().query_row(
                "SELECT snapshot FROM versions WHERE id = ?1",
                [version.id],
                |r| r.get(0),
            )?;
            serde_json::from_str(&text).map_err(|e| {
                Error::new(
                    crate::ErrorCode::Database,
                    format!("version {:?} cannot be read: {e}", version.label),
                )
            })?
        };
        let now = snapshot(self, event_id)?;
        let programme_lang = Lang::of_event(&self.event(event_id)?.language);
        let lang = lang.unwrap_or(programme_lang);
        let mut changes = diff::diff(&then, &now, lang);
        let (attendees, speakers) = people(self, event_id, &changes, &then, &now)?;
        // Someone deleted since is no longer anyone to tell.
        let known: BTreeSet<Id> = attendees.iter().map(|p| p.id).collect();
        for c in &mut changes {
            c.attendee_ids.retain(|id| known.contains(id));
            c.waiting_ids.retain(|id| known.contains(id));
        }
        Ok(ChangeReport {
            event_id,
            since: version.clone(),
            lang,
            changes,
            attendees,
            speakers,
        })
    }
}

const COLUMNS: &str = "id, event_id, label, marked_at, \
     coalesce(json_array_length(snapshot, '$.items'), 0)";

fn version_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Version> {
    Ok(Version {
        id: r.get(0)?,
        event_id: r.get(1)?,
        label: r.get(2)?,
        marked_at: r.get(3)?,
        item_count: r.get(4)?,
    })
}

fn get(conn: &Connection, id: Id) -> Result<Version> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM versions WHERE id = ?1"),
        [id],
        version_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("version", id))
}

fn find(conn: &Connection, event_id: Id, label: &str) -> Result<Option<Id>> {
    Ok(conn
        .query_row(
            "SELECT id FROM versions WHERE event_id = ?1 AND label = ?2",
            params![event_id, label],
            |r| r.get(0),
        )
        .optional()?)
}

/// The programme of an event as it is now, as a snapshot.
pub fn snapshot(db: &Db, event_id: Id) -> Result<Snapshot> {
    let programme = db.programme(event_id)?;
    let registrations = db.signup_state(event_id)?;
    let rooms: HashMap<Id, &str> = programme
        .rooms
        .iter()
        .filter_map(|r| Some((r.id?, r.name.as_str())))
        .collect();
    let speakers: HashMap<Id, &str> = programme
        .speakers
        .iter()
        .filter_map(|s| Some((s.id?, s.name.as_str())))
        .collect();
    let mut seats: HashMap<Id, (Vec<Id>, Vec<Id>)> = HashMap::new();
    for s in &registrations.signups {
        let entry = seats.entry(s.item_id).or_default();
        match s.status {
            SignupStatus::Confirmed => entry.0.push(s.attendee_id),
            SignupStatus::Waitlisted => entry.1.push(s.attendee_id),
            SignupStatus::Cancelled => {}
        }
    }
    let items = programme
        .items
        .iter()
        .filter_map(|item| {
            let id = item.id?;
            let (confirmed, waitlisted) = seats.remove(&id).unwrap_or_default();
            Some(SnapshotItem {
                id,
                uid: item.uid.clone(),
                title: item.title.clone(),
                kind: item.kind,
                starts_at: item.starts_at,
                ends_at: item.ends_at,
                room: item
                    .room_id
                    .and_then(|r| rooms.get(&r).map(|n| (*n).to_owned())),
                speakers: item
                    .speakers
                    .iter()
                    .map(|s| SnapshotSpeaker {
                        id: s.speaker_id,
                        name: speakers
                            .get(&s.speaker_id)
                            .copied()
                            .unwrap_or("")
                            .to_owned(),
                        role: s.role,
                    })
                    .collect(),
                confirmed,
                waitlisted,
            })
        })
        .collect();
    Ok(Snapshot { items })
}

/// The attendees and speakers the changes name, by name, with their
/// emails (a speaker no longer in the directory keeps the name the version
/// had, without an email).
fn people(
    db: &Db,
    event_id: Id,
    changes: &[Change],
    then: &Snapshot,
    now: &Snapshot,
) -> Result<(Vec<Person>, Vec<Person>)> {
    let attendee_ids: BTreeSet<Id> = changes
        .iter()
        .flat_map(|c| c.attendee_ids.iter().copied())
        .collect();
    let speaker_ids: BTreeSet<Id> = changes
        .iter()
        .flat_map(|c| c.speaker_ids.iter().copied())
        .collect();
    // Only the three columns said, of only the attendees concerned: not
    // the whole list (ten thousand people, sorted) for a few names.
    let mut attendees: Vec<Person> = Vec::new();
    if !attendee_ids.is_empty() {
        let mut stmt = db
            .conn()
            .prepare_cached("SELECT id, name, email FROM attendees WHERE event_id = ?1")?;
        let rows = stmt.query_map([event_id], |r| {
            Ok(Person {
                id: r.get(0)?,
                name: r.get(1)?,
                email: r.get(2)?,
            })
        })?;
        for person in rows {
            let person = person?;
            if attendee_ids.contains(&person.id) {
                attendees.push(person);
            }
        }
    }
    attendees.sort_by_cached_key(|p| (crate::words::fold::sort_key(&p.name), p.id));
    let known: HashMap<Id, &str> = then
        .items
        .iter()
        .chain(&now.items)
        .flat_map(|i| i.speakers.iter().map(|s| (s.id, s.name.as_str())))
        .collect();
    let mut speakers = Vec::new();
    for id in speaker_ids {
        let row: Option<(String, String)> = db
            .conn()
            .query_row(
                "SELECT name, email FROM speakers WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (name, email) = row.unwrap_or_else(|| {
            (
                known.get(&id).copied().unwrap_or("").to_owned(),
                String::new(),
            )
        });
        speakers.push(Person { id, name, email });
    }
    speakers.sort_by_cached_key(|p| (crate::words::fold::sort_key(&p.name), p.id));
    Ok((attendees, speakers))
}
