//! Reads kept while the database is unchanged: a print preview is opened
//! again and again (another document, large print, a category, a language),
//! and each read the large event's programme and its 10,060 attendees again
//! (about 7 ms of the 13 its badges took).
//!
//! The stamp that tells the database unchanged is SQLite's own count of the
//! rows this connection inserted, changed or deleted (triggers included,
//! rolled back or not), with `PRAGMA data_version`, which moves when another
//! connection commits. Any write moves one of them: through `Db::change`,
//! undo, an import, or a bare statement; a restore opens a new `Db`.

use super::Db;
use crate::error::Result;
use crate::model::Id;
use rusqlite::Connection;
use std::any::Any;
use std::collections::HashMap;
use std::sync::Arc;

/// The state of the database that what is kept was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    changes: u64,
    data_version: i64,
}

impl Stamp {
    fn of(conn: &Connection) -> Result<Stamp> {
        Ok(Stamp {
            changes: conn.total_changes(),
            data_version: super::data_version(conn)?,
        })
    }
}

/// What was read of one event at one stamp, by name.
#[derive(Default)]
pub(super) struct Kept {
    of: Option<(Stamp, Id)>,
    reads: HashMap<&'static str, Arc<dyn Any + Send + Sync>>,
}

impl Db {
    /// What `read` reads of `event`, named `what`: read once, then kept
    /// until the database changes or another event is read.
    pub(crate) fn kept<T: Any + Send + Sync>(
        &self,
        event: Id,
        what: &'static str,
        read: impl FnOnce(&Db) -> Result<T>,
    ) -> Result<Arc<T>> {
        let of = Some((Stamp::of(self.conn())?, event));
        {
            let mut kept = self.kept.borrow_mut();
            if kept.of != of {
                *kept = Kept {
                    of,
                    reads: HashMap::new(),
                };
            }
            if let Some(value) = kept.reads.get(what) {
                if let Ok(value) = Arc::clone(value).downcast::<T>() {
                    return Ok(value);
                }
            }
        }
        // Read without holding the cell: `read` may keep reads of its own.
        let value = Arc::new(read(self)?);
        let mut kept = self.kept.borrow_mut();
        // Reading writes nothing: the stamp is still the one read at.
        if kept.of == of {
            kept.reads.insert(what, Arc::clone(&value) as _);
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use crate::Db;

    impl Db {
        /// The names of what is kept.
        fn kept_names(&self) -> Vec<&'static str> {
            let mut names: Vec<_> = self.kept.borrow().reads.keys().copied().collect();
            names.sort_unstable();
            names
        }
    }

    #[test]
    fn preparing_to_print_keeps_what_every_document_but_the_erratum_reads() {
        let mut db = Db::open_in_memory().unwrap();
        let event = db.load_demo().unwrap();
        assert!(db.kept_names().is_empty());
        db.prepare_print(event).unwrap();
        assert_eq!(
            db.kept_names(),
            ["attendees printed", "confirmed", "programme"]
        );
        // Until the database changes.
        db.conn()
            .execute("UPDATE events SET title = 'Autre' WHERE id = ?1", [event])
            .unwrap();
        db.kept(event, "programme", |db| db.programme(event))
            .unwrap();
        assert_eq!(db.kept_names(), ["programme"]);
    }
}
