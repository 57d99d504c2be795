//! The warnings that need sign-ups, beside the programme's own
//! (`programme::rules`, which knows nothing of seats): an attendee who holds
//! two overlapping items. The engine never gives such a seat, but moving or
//! resizing an item may bring two of someone's seats together; the move is
//! the organiser's to make, so it is saved and the editor says so. With them,
//! the programme as the editor shows it, whole or as what a change did.

use crate::db::Db;
use crate::error::Result;
use crate::model::{Id, Programme, Warning};
use crate::programme::store::within;
use crate::programme::update::ProgrammeUpdate;
use rusqlite::Connection;

impl Db {
    /// The programme as the editor shows it: [`Db::programme`] with the
    /// warnings about attendees' seats after its own.
    pub fn editor_programme(&self, event_id: Id) -> Result<Programme> {
        let mut programme = self.programme(event_id)?;
        programme
            .warnings
            .extend(attendee_overlaps(self.conn(), event_id)?);
        Ok(programme)
    }

    /// Runs `change` on the event's programme and tells what it did, as
    /// the editor shows it: its value, and the programme as a
    /// [`ProgrammeUpdate`] from the items before it.
    pub(crate) fn told<T>(
        &mut self,
        event_id: Id,
        change: impl FnOnce(&mut Db) -> Result<T>,
    ) -> Result<(T, ProgrammeUpdate)> {
        let before = within::items(self.conn(), event_id)?;
        let value = change(self)?;
        let after = self.editor_programme(event_id)?;
        Ok((value, ProgrammeUpdate::since(&before, after)))
    }
}

/// Each pair of overlapping items an attendee of the event holds confirmed,
/// by attendee name, then by the first item's start.
pub(crate) fn attendee_overlaps(conn: &Connection, event_id: Id) -> Result<Vec<Warning>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.name, ia.id, ib.id \
         FROM signups sa JOIN signups sb ON sb.attendee_id = sa.attendee_id AND sb.item_id <> sa.item_id \
         JOIN items ia ON ia.id = sa.item_id JOIN items ib ON ib.id = sb.item_id \
         JOIN attendees t ON t.id = sa.attendee_id \
         WHERE t.event_id = ?1 AND sa.status = 'confirmed' AND sb.status = 'confirmed' \
         AND ia.starts_at < ib.ends_at AND ib.starts_at < ia.ends_at \
         AND (ia.starts_at, ia.id) < (ib.starts_at, ib.id) \
         ORDER BY t.name COLLATE NOCASE, t.id, ia.starts_at, ia.id, ib.starts_at, ib.id",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        Ok(Warning::AttendeeDoubleBooked {
            attendee_id: r.get(0)?,
            attendee_name: r.get(1)?,
            item_ids: vec![r.get(2)?, r.get(3)?],
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
