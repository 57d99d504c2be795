//! Rankings: the workshops of a block an attendee wants, in order, which
//! the allocation by preference reads.

use super::blocks::block_event;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::Id;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::HashMap;

/// Rankings inside a caller's transaction (the demo).
pub mod within {
    use super::*;

    /// Replaces an attendee's ranking in a block; see [`Db::set_ranking`].
    pub fn set_ranking(
        conn: &Connection,
        attendee_id: Id,
        block_id: Id,
        workshop_ids: &[Id],
    ) -> Result<()> {
        let event_id = block_event(conn, block_id)?;
        crate::signups::attendees::within::of_event(conn, attendee_id, event_id)?;
        conn.execute(
            "DELETE FROM rankings WHERE attendee_id = ?1 AND workshop_id IN \
             (SELECT id FROM workshops WHERE block_id = ?2)",
            [attendee_id, block_id],
        )?;
        for (n, &workshop_id) in workshop_ids.iter().enumerate() {
            let in_block: Option<Id> = conn
                .query_row(
                    "SELECT block_id FROM workshops WHERE id = ?1",
                    [workshop_id],
                    |r| r.get(0),
                )
                .optional()?;
            if in_block != Some(block_id) {
                return Err(Error::invalid(
                    "ranking",
                    "not_in_block",
                    format!("workshop {workshop_id} is not in this block"),
                ));
            }
            let inserted = conn.execute(
                "INSERT OR IGNORE INTO rankings (attendee_id, workshop_id, rank) VALUES (?1, ?2, ?3)",
                params![attendee_id, workshop_id, n as i64 + 1],
            )?;
            if inserted == 0 {
                return Err(Error::invalid(
                    "ranking",
                    "duplicate",
                    format!("workshop {workshop_id} is ranked twice"),
                ));
            }
        }
        Ok(())
    }
}

impl Db {
    /// Sets an attendee's ranking of a block's workshops, first choice
    /// first (empty: no ranking).
    pub fn set_ranking(
        &mut self,
        attendee_id: Id,
        block_id: Id,
        workshop_ids: &[Id],
    ) -> Result<()> {
        self.change("ranking.set", |tx| {
            within::set_ranking(tx, attendee_id, block_id, workshop_ids)
        })
    }

    /// An attendee's rankings per block: block id → workshop ids, first
    /// choice first.
    pub fn rankings(&self, attendee_id: Id) -> Result<HashMap<Id, Vec<Id>>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT w.block_id, k.workshop_id FROM rankings k JOIN workshops w ON w.id = k.workshop_id \
             WHERE k.attendee_id = ?1 ORDER BY w.block_id, k.rank",
        )?;
        let mut out: HashMap<Id, Vec<Id>> = HashMap::new();
        let rows = stmt.query_map([attendee_id], |r| Ok((r.get::<_, Id>(0)?, r.get(1)?)))?;
        for row in rows {
            let (block, workshop) = row?;
            out.entry(block).or_default().push(workshop);
        }
        Ok(out)
    }
}
