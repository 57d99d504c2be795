//! What an undo or a redo touched, so that the window reads back only that.
//!
//! Every row the undo triggers log carries its table and rowid
//! (`temp.undo_log`), so the step about to be replayed says which tables
//! and which items it changes. The window always reads the programme, the
//! events list and the history again; the attendees list (ten thousand on
//! a large event), the sign-up side and the speakers directory only when
//! the step can have changed them.

use crate::error::Result;
use crate::model::HistoryState;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use ts_rs::TS;

/// What a change can have touched besides the programme, the events list
/// and the history, which are always read again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reach {
    /// The attendees list (names, organisations, categories).
    pub attendees: bool,
    /// Blocks, workshops, sign-ups, fills, promotions.
    pub signups: bool,
    /// The speakers directory.
    pub directory: bool,
}

/// An undo or a redo done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reverted {
    /// The label of the change undone or redone ("item.save").
    pub label: String,
    pub reach: Reach,
    /// What undo and redo would do next.
    pub history: HistoryState,
}

/// Tables whose rows the sign-up side shows, directly or through the
/// fills (a room's capacity is the capacity of the items in it). An
/// attendee deleted takes their sign-ups with them: `signups` is logged
/// then too.
const SIGNUP_TABLES: [&str; 8] = [
    "rooms",
    "signups",
    "choice_blocks",
    "workshops",
    "rankings",
    "promotions",
    "block_wishes",
    "block_priority_categories",
];

/// The tables and the items one undo step changes.
pub(super) struct Touched {
    tables: BTreeSet<String>,
    items: Vec<i64>,
}

impl Touched {
    /// Reads them from the log rows `first..=last`, before they are replayed.
    pub(super) fn read(conn: &Connection, first: i64, last: i64) -> Result<Touched> {
        let mut stmt = conn.prepare_cached(
            "SELECT DISTINCT tbl, row FROM temp.undo_log WHERE seq >= ?1 AND seq <= ?2",
        )?;
        let mut tables = BTreeSet::new();
        let mut items = Vec::new();
        let rows = stmt.query_map((first, last), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        for row in rows {
            let (table, rowid) = row?;
            if table == "items" {
                items.push(rowid);
            }
            tables.insert(table);
        }
        Ok(Touched { tables, items })
    }

    fn touches_signups(&self) -> bool {
        SIGNUP_TABLES.iter().any(|t| self.tables.contains(*t))
    }

    /// Whether one of the items, as the database now holds it, has a fill
    /// on the sign-up screens: it is a block's workshop or has sign-ups.
    /// Asked before and after the replay: an item can gain or lose one.
    /// Not asked when the sign-up tables are touched anyway.
    pub(super) fn has_filled_item(&self, conn: &Connection) -> Result<bool> {
        if self.touches_signups() {
            return Ok(false);
        }
        let mut stmt = conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM items i WHERE i.id = ?1 AND (i.workshop_id IS NOT NULL \
             OR EXISTS (SELECT 1 FROM signups s WHERE s.item_id = i.id)))",
        )?;
        for item in &self.items {
            if stmt.query_row([item], |r| r.get::<_, bool>(0))? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// What the step reaches, given whether an item it touched has a fill
    /// before or after it.
    pub(super) fn reach(&self, filled_item: bool) -> Reach {
        Reach {
            attendees: self.tables.contains("attendees"),
            signups: filled_item || self.touches_signups(),
            directory: self.tables.contains("speakers"),
        }
    }
}
