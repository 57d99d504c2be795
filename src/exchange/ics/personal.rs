//! An attendee's own calendar ([`Selection::Attendee`]): the items of their
//! day, as `signups::personal` decides it for their screen and their printed
//! schedule, under the same UIDs as in the programme's calendar, so that a
//! calendar holding both, or importing one again, updates instead of
//! duplicating.
//!
//! Their day changes without the programme changing: they move to another
//! workshop, or cancel. So what each attendee's calendar said is recorded
//! too (once the event is published, like `calendar_sent`): an item sent to
//! them that is no longer in their day goes out to them once more as
//! STATUS:CANCELLED, and an item's SEQUENCE in their calendar is never below
//! what they were sent, nor below the programme's. An item common to
//! everyone goes to them as the programme's calendar sends it, so for those
//! only the list of the common items their calendar last held is kept
//! (`personal_calendar_commons`, one per export, shared by all); what is
//! their own (their workshops, an item cancelled for them, one back above
//! the programme's SEQUENCE) is a row of `personal_calendar_sent`.
//!
//! [`Selection::Attendee`]: super::Selection::Attendee

use super::{Entry, Map, Sent, Set, Shared};
use crate::db::Db;
use crate::error::Result;
use crate::model::{Attendee, Id, Item, Programme};
use crate::signups::{attendees, personal};
use rusqlite::{params, Connection, OptionalExtension};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// What the days of many attendees are made from: the event's attendees
/// and confirmed seats, read once (where a read per attendee cost 10,000
/// reads of the programme's seats); each day is made when its calendar is
/// written, so that 10,060 days of 514 items are never all held at once.
pub(super) struct Days {
    /// None for a few attendees: each day read apart.
    read: Option<Read>,
    commons: Rc<Commons>,
}

/// The event's attendees, and the items each holds a confirmed seat in.
type Read = (HashMap<Id, Attendee>, HashMap<Id, HashSet<Id>>);

impl Days {
    /// For the calendars of `count` attendees of `p`'s event: everyone
    /// read at once when they are at least one in eight of the event's
    /// attendees (everyone's calendars), each apart otherwise (the hundred
    /// messages of an allocation among 10,060 attendees: two indexed reads
    /// each instead of every attendee and seat).
    pub fn read(db: &Db, p: &Programme, count: usize) -> Result<Days> {
        let commons = Rc::default();
        let conn = db.conn();
        let event_id = p.event.id.expect("a stored event has an id");
        let few = count < 16 || count.saturating_mul(8) < attendees::within::count(conn, event_id)?;
        if few {
            return Ok(Days {
                read: None,
                commons,
            });
        }
        let people = attendees::within::list(conn, event_id)?
            .into_iter()
            .filter_map(|a| Some((a.id?, a)))
            .collect();
        let confirmed = personal::items_by_attendee(&personal::confirmed_signups(conn, event_id)?);
        Ok(Days {
            read: Some((people, confirmed)),
            commons,
        })
    }

    /// The day of `attendee_id`, refused as [`Day::read`] refuses it when
    /// they are not an attendee of `p`'s event.
    pub fn day(&self, conn: &Connection, p: &Programme, attendee_id: Id) -> Result<Day> {
        let known = self.read.as_ref().and_then(|(people, confirmed)| {
            Some((people.get(&attendee_id)?, confirmed.get(&attendee_id)))
        });
        let Some((attendee, seats)) = known else {
            return Day::read(conn, p, attendee_id, &self.commons);
        };
        let none = HashSet::new();
        let seats = seats.unwrap_or(&none);
        Ok(Day::of(p, attendee.clone(), seats, &self.commons))
    }
}

/// One attendee's day, read before their calendar is written.
pub(super) struct Day {
    pub event_id: Id,
    pub attendee: Attendee,
    attendee_id: Id,
    /// The items of their own programme.
    pub item_ids: Set<Id>,
    commons: Rc<Commons>,
}

/// The lists of common items of one export's calendars: those read, by
/// id, and the one this export records, once made.
#[derive(Default)]
pub(super) struct Commons {
    read: RefCell<Map<i64, Rc<Set<String>>>>,
    this: RefCell<Option<i64>>,
}

impl Commons {
    /// The UIDs of list `id`.
    fn list(&self, tx: &Connection, id: i64) -> Result<Rc<Set<String>>> {
        if let Some(list) = self.read.borrow().get(&id) {
            return Ok(list.clone());
        }
        let json: String = tx
            .prepare_cached("SELECT uids FROM personal_calendar_commons WHERE id = ?1")?
            .query_row([id], |r| r.get(0))?;
        let uids: Set<String> = serde_json::from_str(&json).map_err(|e| {
            crate::error::Error::invalid(
                "personal_calendar_commons",
                "bad_uids",
                format!("list {id}: {e}"),
            )
        })?;
        let list = Rc::new(uids);
        self.read.borrow_mut().insert(id, list.clone());
        Ok(list)
    }

    /// The id of the list of `p`'s common items as this export sends
    /// them: the event's last list when it is the same, else a new one.
    fn this(&self, tx: &Connection, p: &Programme, event_id: Id) -> Result<i64> {
        if let Some(id) = *self.this.borrow() {
            return Ok(id);
        }
        let uids: Vec<&str> = p
            .items
            .iter()
            .filter(|i| personal::common_to_everyone(i))
            .map(|i| i.uid.as_str())
            .collect();
        let json = serde_json::to_string(&uids).expect("strings serialize");
        let last: Option<i64> = tx
            .prepare_cached(
                "SELECT id FROM personal_calendar_commons WHERE event_id = ?1 AND uids = ?2 \
                 ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![event_id, json], |r| r.get(0))
            .optional()?;
        let id = match last {
            Some(id) => id,
            None => {
                tx.prepare_cached(
                    "INSERT INTO personal_calendar_commons (event_id, uids) VALUES (?1, ?2)",
                )?
                .execute(params![event_id, json])?;
                tx.last_insert_rowid()
            }
        };
        *self.this.borrow_mut() = Some(id);
        Ok(id)
    }
}

/// What was sent to one attendee, by UID: their own rows, over the common
/// items of the list their calendar last held, as the programme's calendar
/// recorded them (`shared`).
pub(super) struct SentTo<'s> {
    own: Map<String, Sent>,
    commons: Option<Rc<Set<String>>>,
    held: Option<i64>,
    shared: &'s Map<String, Sent>,
}

impl SentTo<'_> {
    /// The list of common items their calendar last held.
    pub fn held(&self) -> Option<i64> {
        self.held
    }

    fn get(&self, uid: &str) -> Option<&Sent> {
        self.own.get(uid).or_else(|| match &self.commons {
            Some(list) if list.contains(uid) => self.shared.get(uid),
            _ => None,
        })
    }
}

impl Day {
    /// The day of `attendee_id`, who must be an attendee of `p`'s event.
    pub fn read(
        conn: &Connection,
        p: &Programme,
        attendee_id: Id,
        commons: &Rc<Commons>,
    ) -> Result<Day> {
        let event_id = p.event.id.expect("a stored event has an id");
        let attendee = attendees::within::of_event(conn, attendee_id, event_id)?;
        let confirmed: HashSet<Id> = personal::holdings(conn, attendee_id)?
            .iter()
            .map(|seat| seat.id)
            .collect();
        Ok(Day::of(p, attendee, &confirmed, commons))
    }

    /// The day of `attendee`, holding a confirmed seat in `confirmed`: their
    /// personal programme, as their screen and printed schedule show it.
    fn of(
        p: &Programme,
        attendee: Attendee,
        confirmed: &HashSet<Id>,
        commons: &Rc<Commons>,
    ) -> Day {
        Day {
            event_id: p.event.id.expect("a stored event has an id"),
            attendee_id: attendee.id.expect("a stored attendee has an id"),
            attendee,
            item_ids: personal::personal_items(&p.items, confirmed)
                .filter_map(|(item, _)| item.id)
                .collect(),
            commons: commons.clone(),
        }
    }

    /// What was sent to them, by UID: their own rows and the list of
    /// common items their calendar last held, read once per calendar;
    /// each common item as the programme's calendar recorded it
    /// (`shared`, which this export has already brought up to date).
    pub fn sent_to<'s>(
        &self,
        tx: &Connection,
        shared: &'s Map<String, Sent>,
    ) -> Result<SentTo<'s>> {
        let mut stmt = tx.prepare_cached(
            "SELECT uid, sequence, fingerprint, summary, starts_at, ends_at, cancelled \
             FROM personal_calendar_sent WHERE event_id = ?1 AND attendee_id = ?2",
        )?;
        let rows = stmt.query_map(params![self.event_id, self.attendee_id], |r| {
            Sent::from_row(r).map(|s| (s.uid.clone(), s))
        })?;
        let own = rows.collect::<rusqlite::Result<_>>()?;
        let held: Option<i64> = tx
            .prepare_cached(
                "SELECT commons_id FROM personal_calendar_holders WHERE attendee_id = ?1",
            )?
            .query_row([self.attendee_id], |r| r.get(0))
            .optional()?;
        let commons = match held {
            Some(id) => Some(self.commons.list(tx, id)?),
            None => None,
        };
        Ok(SentTo {
            own,
            commons,
            held,
            shared,
        })
    }

    /// The SEQUENCE of `entry` (an item of their day, with the programme's
    /// SEQUENCE) in their calendar, given what was sent to them
    /// (`sent_to`): raised when the item changed since it was last sent to
    /// them, or comes back after being cancelled for them; recorded when
    /// the event is published, which is when its fingerprint (`print`, as
    /// the programme's calendar recorded it) is given. A common item sent
    /// as the programme sends it is not theirs to record: the list of
    /// common items says it ([`Day::hold_commons`]).
    pub fn sequence(
        &self,
        tx: &Connection,
        sent_to: &SentTo<'_>,
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
        let own = sent_to.own.get(entry.uid.as_ref());
        if personal::common_to_everyone(item) && sequence == entry.sequence {
            if own.is_some() {
                tx.prepare_cached(
                    "DELETE FROM personal_calendar_sent \
                     WHERE event_id = ?1 AND attendee_id = ?2 AND uid = ?3",
                )?
                .execute(params![self.event_id, self.attendee_id, entry.uid])?;
            }
            return Ok(sequence);
        }
        // Sent to them as it is now already (same fingerprint, so same
        // times and room): nothing to record again.
        let unchanged = own.is_some_and(|s| {
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
    /// the first time, never below the programme's (`shared`), and is
    /// theirs from then on (a row of their own, cancelled).
    pub fn cancelled_entries<'a>(
        &self,
        tx: &Connection,
        sent_to: SentTo<'_>,
        shared: &Shared<'_>,
        day: &[&Item],
    ) -> Result<Vec<Entry<'a>>> {
        let current: Set<&str> = day.iter().map(|i| i.uid.as_str()).collect();
        let SentTo {
            own,
            commons,
            shared: programme,
            ..
        } = sent_to;
        let was_common: Vec<Sent> = commons
            .iter()
            .flat_map(|list| list.iter())
            .filter(|uid| !current.contains(uid.as_str()) && !own.contains_key(uid.as_str()))
            .filter_map(|uid| programme.get(uid.as_str()).cloned())
            .collect();
        let mut gone: Vec<Sent> = own
            .into_values()
            .filter(|s| !current.contains(s.uid.as_str()))
            .chain(was_common)
            .collect();
        // By start, then UID (as SQLite's BINARY collation orders text).
        gone.sort_by(|x, y| (&x.starts_at, &x.uid).cmp(&(&y.starts_at, &y.uid)));
        let mut entries = Vec::new();
        for sent in gone {
            let sequence = if sent.cancelled {
                sent.sequence
            } else {
                (sent.sequence + 1).max(shared.sequence_of(&sent.uid).unwrap_or(0))
            };
            tx.prepare_cached(
                "INSERT INTO personal_calendar_sent (event_id, attendee_id, uid, sequence, \
                 fingerprint, summary, starts_at, ends_at, cancelled) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1) \
                 ON CONFLICT (event_id, attendee_id, uid) DO UPDATE SET \
                 sequence = excluded.sequence, cancelled = 1",
            )?
            .execute(params![
                self.event_id,
                self.attendee_id,
                sent.uid,
                sequence,
                sent.fingerprint,
                sent.summary,
                sent.starts_at,
                sent.ends_at
            ])?;
            entries.push(Entry::cancelled(
                "personal_calendar_sent",
                sent.uid,
                sequence,
                (&sent.starts_at, &sent.ends_at),
                sent.summary,
            )?);
        }
        Ok(entries)
    }

    /// Records that their calendar now holds the common items of `p` as
    /// this export sends them (`held`: the list it held before, dropped
    /// when no one holds it any more).
    pub fn hold_commons(&self, tx: &Connection, p: &Programme, held: Option<i64>) -> Result<()> {
        let this = self.commons.this(tx, p, self.event_id)?;
        if held == Some(this) {
            return Ok(());
        }
        tx.prepare_cached(
            "INSERT INTO personal_calendar_holders (attendee_id, commons_id) VALUES (?1, ?2) \
             ON CONFLICT (attendee_id) DO UPDATE SET commons_id = excluded.commons_id",
        )?
        .execute(params![self.attendee_id, this])?;
        if let Some(before) = held {
            tx.prepare_cached(
                "DELETE FROM personal_calendar_commons WHERE id = ?1 \
                 AND NOT EXISTS (SELECT 1 FROM personal_calendar_holders WHERE commons_id = ?1)",
            )?
            .execute([before])?;
        }
        Ok(())
    }
}
