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
        // Cached, these three: preparing a write also compiles the undo
        // triggers it fires, and a list imported or a demo loaded ranks
        // for every attendee in turn.
        conn.prepare_cached(
            "DELETE FROM rankings WHERE attendee_id = ?1 AND workshop_id IN \
             (SELECT id FROM workshops WHERE block_id = ?2)",
        )?
        .execute([attendee_id, block_id])?;
        for (n, &workshop_id) in workshop_ids.iter().enumerate() {
            let in_block: Option<Id> = conn
                .prepare_cached("SELECT block_id FROM workshops WHERE id = ?1")?
                .query_row([workshop_id], |r| r.get(0))
                .optional()?;
            if in_block != Some(block_id) {
                return Err(Error::invalid(
                    "ranking",
                    "not_in_block",
                    format!("workshop {workshop_id} is not in this block"),
                ));
            }
            let inserted = conn
                .prepare_cached(
                    "INSERT OR IGNORE INTO rankings (attendee_id, workshop_id, rank) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![attendee_id, workshop_id, n as i64 + 1])?;
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

    /// Sets how many of a block's workshops an attendee wishes (`None`:
    /// the block's maximum, the default). Refuses fewer than one or more
    /// than the block's maximum.
    pub fn set_wishes(
        conn: &Connection,
        attendee_id: Id,
        block_id: Id,
        wishes: Option<i64>,
    ) -> Result<()> {
        let event_id = block_event(conn, block_id)?;
        crate::signups::attendees::within::of_event(conn, attendee_id, event_id)?;
        conn.execute(
            "DELETE FROM block_wishes WHERE attendee_id = ?1 AND block_id = ?2",
            [attendee_id, block_id],
        )?;
        let Some(wishes) = wishes else {
            return Ok(());
        };
        let max: i64 = conn.query_row(
            "SELECT max_choices FROM choice_blocks WHERE id = ?1",
            [block_id],
            |r| r.get(0),
        )?;
        if !(1..=max).contains(&wishes) {
            return Err(Error::invalid(
                "wishes",
                "out_of_range",
                format!(
                    "an attendee wishes between 1 and {max} workshops of this block (got {wishes})"
                ),
            ));
        }
        conn.execute(
            "INSERT INTO block_wishes (attendee_id, block_id, wishes) VALUES (?1, ?2, ?3)",
            params![attendee_id, block_id, wishes],
        )?;
        Ok(())
    }

    /// How many workshops each attendee who said so wishes in a block.
    pub fn block_wishes(conn: &Connection, block_id: Id) -> Result<HashMap<Id, i64>> {
        let mut stmt = conn
            .prepare_cached("SELECT attendee_id, wishes FROM block_wishes WHERE block_id = ?1")?;
        let rows = stmt.query_map([block_id], |r| Ok((r.get::<_, Id>(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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

    /// Sets how many workshops of a block an attendee wishes (`None`: the
    /// block's maximum).
    pub fn set_wishes(&mut self, attendee_id: Id, block_id: Id, wishes: Option<i64>) -> Result<()> {
        self.change("wishes.set", |tx| {
            within::set_wishes(tx, attendee_id, block_id, wishes)
        })
    }

    /// How many workshops of a block each attendee wishes, for those who
    /// said (the others wish the block's maximum).
    pub fn block_wishes(&self, block_id: Id) -> Result<HashMap<Id, i64>> {
        within::block_wishes(self.conn(), block_id)
    }

    /// How many workshops an attendee wishes per block, for the blocks where
    /// they said (elsewhere: the block's maximum).
    pub fn wishes(&self, attendee_id: Id) -> Result<HashMap<Id, i64>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT block_id, wishes FROM block_wishes WHERE attendee_id = ?1")?;
        let rows = stmt.query_map([attendee_id], |r| Ok((r.get::<_, Id>(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
