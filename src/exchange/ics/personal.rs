//! An attendee's own calendar ([`Selection::Attendee`]): the items of their
//! day, as `signups::personal` decides it for their screen and their printed
//! schedule, under the same UIDs as in the programme's calendar, so that a
//! calendar holding both, or importing one again, updates instead of
//! duplicating.
//!
//! Their day changes without the programme changing: they move to another
//! workshop, or cancel. So what each attendee's calendar said is recorded
//! too (`personal_calendar_sent`, once the event is published, like
//! `calendar_sent`): an item sent to them that is no longer in their day
//! goes out to them once more as STATUS:CANCELLED, and an item's SEQUENCE
//! in their calendar is never below what they were sent, nor below the
//! programme's.
//!
//! [`Selection::Attendee`]: super::Selection::Attendee

use super::{Entry, Sent, Shared};
use crate::db::Db;
use crate::error::Result;
use crate::model::{Attendee, Id, Item, Programme};
use crate::signups::{attendees, personal};
use rusqlite::{params, Connection};
use std::collections::{HashMap, HashSet};

/// What the days of many attendees are made from: the event's attendees
/// and confirmed seats, read once (where a read per attendee cost 10,000
/// reads of the programme's seats); each day is made when its calendar is
/// written, so that 10,060 days of 514 items are never all held at once.
pub(super) enum Days {
    /// Few attendees: each day read apart.
    Apart,
    Read {
        people: HashMap<Id, Attendee>,
        confirmed: HashMap<Id, HashSet<Id>>,
    },
}

impl Days {
    /// For the calendars of `count` attendees of `p`'s event.
    pub fn read(db: &Db, p: &Programme, count: usize) -> Result<Days> {
        if count < 16 {
            return Ok(Days::Apart);
        }
        let conn = db.conn();
        let event_id = p.event.id.expect("a stored event has an id");
        let people = attendees::within::list(conn, event_id)?
            .into_iter()
            .filter_map(|a| Some((a.id?, a)))
            .collect();
        let confirmed = personal::items_by_attendee(&personal::confirmed_signups(conn, event_id)?);
        Ok(Days::Read { people, confirmed })
    }

    /// The day of `attendee_id`, refused as [`Day::read`] refuses it when
    /// they are not an attendee of `p`'s event.
    pub fn day(&self, conn: &Connection, p: &Programme, attendee_id: Id) -> Result<Day> {
        let Days::Read { people, confirmed } = self else {
            return Day::read(conn, p, attendee_id);
        };
        let Some(attendee) = people.get(&attendee_id) else {
            return Day::read(conn, p, attendee_id);
        };
        let none = HashSet::new();
        let seats = confirmed.get(&attendee_id).unwrap_or(&none);
        Ok(Day::of(p, attendee.clone(), seats))
    }
}

/// One attendee's day, read before their calendar is written.
pub(super) struct Day {
    pub event_id: Id,
    pub attendee: Attendee,
    attendee_id: Id,
    /// The items of their own programme.
    pub item_ids: HashSet<Id>,
}

impl Day {
    /// The day of `attendee_id`, who must be an attendee of `p`'s event.
    pub fn read(conn: &Connection, p: &Programme, attendee_id: Id) -> Result<Day> {
        let event_id = p.event.id.expect("a stored event has an id");
        let attendee = attendees::within::of_event(conn, attendee_id, event_id)?;
        let confirmed: HashSet<Id> = personal::holdings(conn, attendee_id)?
            .iter()
            .map(|seat| seat.id)
            .collect();
        Ok(Day::of(p, attendee, &confirmed))
    }

    /// The day of `attendee`, holding a confirmed seat in `confirmed`: their
    /// personal programme, as their screen and printed schedule show it.
    fn of(p: &Programme, attendee: Attendee, confirmed: &HashSet<Id>) -> Day {
        Day {
            event_id: p.event.id.expect("a stored event has an id"),
            attendee_id: attendee.id.expect("a stored attendee has an id"),
            attendee,
            item_ids: personal::personal_items(&p.items, confirmed)
                .filter_map(|(item, _)| item.id)
                .collect(),
        }
    }

    /// What was sent to them, by UID: read once per calendar, where a
    /// query per item cost 10,000 attendees' calendars millions.
    pub fn sent_to(&self, tx: &Connection) -> Result<HashMap<String, Sent>> {
        let mut stmt = tx.prepare_cached(
            "SELECT uid, sequence, fingerprint, summary, starts_at, ends_at, cancelled \
             FROM personal_calendar_sent WHERE event_id = ?1 AND attendee_id = ?2",
        )?;
        let rows = stmt.query_map(params![self.event_id, self.attendee_id], |r| {
            Sent::from_row(r).map(|s| (s.uid.clone(), s))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The SEQUENCE of `entry` (an item of their day, with the programme's
    /// SEQUENCE) in their calendar, given what was sent to them
    /// (`sent_to`): raised when the item changed since it was last sent to
    /// them, or comes back after being cancelled for them; recorded when
    /// the event is published, which is when its fingerprint (`print`, as
    /// the programme's calendar recorded it) is given.
    pub fn sequence(
        &self,
        tx: &Connection,
        sent_to: &HashMap<String, Sent>,
        entry: &Entry<'_>,
        print: Option<&str>,
    ) -> Result<i64> {
        let item: &Item = entry.item.expect("an item of the day is a current item");
        let sent = sent_to.get(entry.uid.as_ref());
        let Some(print) = print else {
            // Nothing is recorded before publication: the SEQUENCE stays.
            return Ok(sent.map_or(entry.sequence, |s| entry.sequence.max(s.sequence)));
        };
        let sequence = match sent {
            None => entry.sequence,
            Some(s) if s.fingerprint != print || s.cancelled => entry.sequence.max(s.sequence + 1),
            Some(s) => entry.sequence.max(s.sequence),
        };
        // Sent to them as it is now already (same fingerprint, so same
        // times and room): nothing to record again.
        let unchanged = sent.is_some_and(|s| {
            s.sequence == sequence
                && s.fingerprint == print
                && !s.cancelled
                && s.summary == item.title
        });
        if !unchanged {
            tx.prepare_cached(
                "INSERT INTO personal_calendar_sent (event_id, attendee_id, uid, sequence, \
                 fingerprint, summary, starts_at, ends_at, cancelled) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0) \
                 ON CONFLICT (event_id, attendee_id, uid) DO UPDATE SET \
                 sequence = excluded.sequence, fingerprint = excluded.fingerprint, \
                 summary = excluded.summary, starts_at = excluded.starts_at, \
                 ends_at = excluded.ends_at, cancelled = 0",
            )?
            .execute(params![
                self.event_id,
                self.attendee_id,
                entry.uid,
                sequence,
                print,
                item.title,
                crate::model::ymdhm::to_string(&item.starts_at),
                crate::model::ymdhm::to_string(&item.ends_at)
            ])?;
        }
        Ok(sequence)
    }

    /// The items sent to them (`sent_to`) that are not in their day any
    /// more (`day`): each goes out again, cancelled, its SEQUENCE raised
    /// the first time, never below the programme's (`shared`).
    pub fn cancelled_entries<'a>(
        &self,
        tx: &Connection,
        sent_to: HashMap<String, Sent>,
        shared: &Shared<'_>,
        day: &[&Item],
    ) -> Result<Vec<Entry<'a>>> {
        let current: HashSet<&str> = day.iter().map(|i| i.uid.as_str()).collect();
        let mut gone: Vec<(String, Sent)> = sent_to
            .into_iter()
            .filter(|(uid, _)| !current.contains(uid.as_str()))
            .collect();
        // By start, then UID (as SQLite's BINARY collation orders text).
        gone.sort_by(|(a, x), (b, y)| (&x.starts_at, a).cmp(&(&y.starts_at, b)));
        let mut entries = Vec::new();
        for (uid, sent) in gone {
            let sequence = if sent.cancelled {
                sent.sequence
            } else {
                (sent.sequence + 1).max(shared.sequence_of(&uid).unwrap_or(0))
            };
            tx.prepare_cached(
                "UPDATE personal_calendar_sent SET sequence = ?4, cancelled = 1 \
                 WHERE event_id = ?1 AND attendee_id = ?2 AND uid = ?3",
            )?
            .execute(params![self.event_id, self.attendee_id, uid, sequence])?;
            entries.push(Entry::cancelled(
                "personal_calendar_sent",
                uid,
                sequence,
                (&sent.starts_at, &sent.ends_at),
                sent.summary,
            )?);
        }
        Ok(entries)
    }
}
