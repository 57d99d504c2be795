//! The fairness options of a choice block (migration 12), stored with the
//! block and read into the solver's problem:
//!
//! - at most `k` attendees of the same organisation in one session of a
//!   workshop (organisations compared without case, accents, spaces or
//!   punctuation; an attendee without one is not counted);
//! - attendee categories served first (matched the same way);
//! - keep the seats the participants hold where possible, moving as few as
//!   the late changes need.
//!
//! And the counts the organiser reads after a re-allocation: seats kept,
//! moved, added and removed.

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::Id;
use crate::words::fold::{fold, Reach};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use ts_rs::TS;

/// A block's fairness options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BlockFairness {
    /// At most this many attendees of one organisation in one session of a
    /// workshop; `None`: no limit.
    #[ts(optional = nullable)]
    #[serde(default)]
    pub organisation_cap: Option<u32>,
    /// Attendee categories served first, as the organiser wrote them.
    #[serde(default)]
    pub priority_categories: Vec<String>,
    /// Keep the seats participants hold where possible.
    #[serde(default)]
    pub keep_seats: bool,
}

/// What two organisations or categories are compared by: lower case, no
/// accents, letters and digits only ("Médiathèque J.-Prévert" and
/// "mediatheque j prevert" are one).
pub fn folded(text: &str) -> String {
    fold(text, Reach::German)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Reads a block's options.
pub(crate) fn read(conn: &Connection, block_id: Id) -> Result<BlockFairness> {
    let (cap, keep): (Option<i64>, bool) = conn
        .query_row(
            "SELECT organisation_cap, keep_seats FROM choice_blocks WHERE id = ?1",
            [block_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("block", block_id))?;
    let mut stmt = conn.prepare_cached(
        "SELECT category FROM block_priority_categories WHERE block_id = ?1 ORDER BY id",
    )?;
    let categories = stmt
        .query_map([block_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(BlockFairness {
        organisation_cap: cap.map(|k| u32::try_from(k).unwrap_or(u32::MAX)),
        priority_categories: categories,
        keep_seats: keep,
    })
}

/// The options as stored: categories trimmed, the first of those that fold
/// the same kept, empty ones dropped; a cap of 0 refused.
fn normalised(options: &BlockFairness) -> Result<BlockFairness> {
    if options.organisation_cap == Some(0) {
        return Err(Error::invalid(
            "organisationCap",
            "too_small",
            "at least 1 person of an organisation per session (or no limit)",
        ));
    }
    let mut seen = HashSet::new();
    let categories = options
        .priority_categories
        .iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| !folded(c).is_empty() && seen.insert(folded(c)))
        .collect();
    Ok(BlockFairness {
        organisation_cap: options.organisation_cap,
        priority_categories: categories,
        keep_seats: options.keep_seats,
    })
}

impl Db {
    /// A block's fairness options.
    pub fn block_fairness(&self, block_id: Id) -> Result<BlockFairness> {
        read(self.conn(), block_id)
    }

    /// Sets a block's fairness options in one undoable step; returns them
    /// as stored.
    pub fn set_block_fairness(
        &mut self,
        block_id: Id,
        options: &BlockFairness,
    ) -> Result<BlockFairness> {
        let options = normalised(options)?;
        self.change("block.fairness", |tx| write(tx, block_id, &options))
    }
}

/// Sets a block's options inside the caller's transaction (an event file
/// read in brings its blocks' options); returns them as stored.
pub(crate) fn write(
    conn: &Connection,
    block_id: Id,
    options: &BlockFairness,
) -> Result<BlockFairness> {
    let options = normalised(options)?;
    read(conn, block_id)?; // the block exists
    conn.execute(
        "UPDATE choice_blocks SET organisation_cap = ?2, keep_seats = ?3 WHERE id = ?1",
        params![block_id, options.organisation_cap, options.keep_seats],
    )?;
    conn.execute(
        "DELETE FROM block_priority_categories WHERE block_id = ?1",
        [block_id],
    )?;
    for category in &options.priority_categories {
        conn.execute(
            "INSERT INTO block_priority_categories (block_id, category) VALUES (?1, ?2)",
            params![block_id, category],
        )?;
    }
    read(conn, block_id)
}

/// What the solver needs to know of each participant beyond their
/// rankings: an organisation number (same folded organisation, same
/// number), whether they are of a priority category, and the items of the
/// block they hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Profiles {
    pub(super) organisation: Vec<Option<usize>>,
    pub(super) priority: Vec<bool>,
    pub(super) holding: Vec<Vec<Id>>,
}

/// Reads the participants' organisations, categories and held items.
pub(super) fn profiles(
    conn: &Connection,
    block_id: Id,
    participants: &[Id],
    options: &BlockFairness,
) -> Result<Profiles> {
    let priority: BTreeSet<String> = options
        .priority_categories
        .iter()
        .map(|c| folded(c))
        .collect();
    let mut organisations: HashMap<String, usize> = HashMap::new();
    let mut out = Profiles::default();
    let mut stmt =
        conn.prepare_cached("SELECT organisation, category FROM attendees WHERE id = ?1")?;
    for &a in participants {
        let (organisation, category): (String, String) =
            stmt.query_row([a], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let key = folded(&organisation);
        let next = organisations.len();
        out.organisation
            .push((!key.is_empty()).then(|| *organisations.entry(key).or_insert(next)));
        out.priority.push(priority.contains(&folded(&category)));
    }
    let index: HashMap<Id, usize> = participants
        .iter()
        .enumerate()
        .map(|(n, &a)| (a, n))
        .collect();
    out.holding = vec![Vec::new(); participants.len()];
    let mut stmt = conn.prepare_cached(
        "SELECT s.attendee_id, s.item_id FROM signups s JOIN items i ON i.id = s.item_id \
         JOIN workshops w ON w.id = i.workshop_id WHERE w.block_id = ?1 AND s.status = 'confirmed' \
         ORDER BY s.attendee_id, i.starts_at, i.id",
    )?;
    let rows = stmt.query_map([block_id], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, Id>(1)?)))?;
    for row in rows {
        let (attendee, item) = row?;
        if let Some(&n) = index.get(&attendee) {
            out.holding[n].push(item);
        }
    }
    Ok(out)
}

/// How a participant's seats changed: seats on the same item are kept; of
/// the others, a seat left and a seat taken pair up as one move; what is
/// left over was added or removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Changes {
    pub(super) before: usize,
    pub(super) kept: usize,
    pub(super) moved: usize,
    pub(super) added: usize,
    pub(super) removed: usize,
}

/// The changes from `before` to `after`, per participant, summed.
pub(super) fn changes(before: &[Vec<Id>], after: &[Vec<Id>]) -> Changes {
    let mut total = Changes::default();
    for (old, new) in before.iter().zip(after) {
        let kept = old.iter().filter(|i| new.contains(i)).count();
        let left = old.len() - kept;
        let taken = new.len() - kept;
        let moved = left.min(taken);
        total.before += old.len();
        total.kept += kept;
        total.moved += moved;
        total.added += taken - moved;
        total.removed += left - moved;
    }
    total
}
