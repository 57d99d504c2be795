//! The SQLite database: opening, migrations, transactions, undo and redo.
//!
//! Every change goes through [`Db::change`], which runs it in one transaction
//! and records how to revert it. Undo and redo work at the SQL level: temporary
//! triggers on every table write the statement that reverts each row change
//! into a temporary `undo_log` (the recipe of sqlite.org's "Automatic Undo/Redo
//! Using SQLite"). So every change, present and future, is undoable without
//! code of its own, and the history lives only as long as the connection.

mod apart;
mod backup;
pub(crate) mod cached;
mod kept;
mod reach;
mod replay;
pub use reach::{Reach, Reverted};
pub mod clock;
pub(crate) mod columns;
pub mod permissions;

use crate::error::{Error, ErrorCode, Result};
use crate::model::HistoryState;
use chrono::{DateTime, Utc};
use clock::Clock;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
use std::path::Path;

/// The migrations, in order. Append only: a released migration never changes.
pub fn migrations() -> Migrations<'static> {
    Migrations::new(migration_steps())
}

/// The steps of [`migrations`], for tests that add a step of their own.
pub fn migration_steps() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("schema_v1.sql")),
        M::up(include_str!("schema_v2.sql")),
        M::up(include_str!("schema_v3.sql")),
        M::up(include_str!("schema_v4.sql")),
        M::up(include_str!("schema_v5.sql")),
        M::up(include_str!("schema_v6.sql")),
        M::up(include_str!("schema_v7.sql")),
        M::up(include_str!("schema_v8.sql")),
        M::up(include_str!("schema_v9.sql")),
        M::up(include_str!("schema_v10.sql")),
        M::up(include_str!("schema_v11.sql")),
        M::up(include_str!("schema_v12.sql")),
        M::up(include_str!("schema_v13.sql")),
        M::up(include_str!("schema_v14.sql")),
        M::up(include_str!("schema_v15.sql")),
        M::up(include_str!("schema_v16.sql")),
        M::up(include_str!("schema_v17.sql")),
        M::up(include_str!("schema_v18.sql")),
        M::up(include_str!("schema_v19.sql")),
    ]
}

/// How many changes undo remembers.
const HISTORY_LIMIT: usize = 200;

/// Tables whose changes undo reverts.
const UNDOABLE_TABLES: [&str; 15] = [
    "events",
    "venues",
    "rooms",
    "parts",
    "items",
    "speakers",
    "item_speakers",
    "attendees",
    "signups",
    "choice_blocks",
    "workshops",
    "rankings",
    "promotions",
    "block_wishes",
    "block_priority_categories",
];

/// One change as undo sees it: a label, the range of `undo_log` rows that
/// revert it, and the database's `data_version` when it was made (which
/// changes when another connection, in this process or another, commits).
#[derive(Debug, Clone)]
struct Step {
    label: String,
    first: i64,
    last: i64,
    data_version: i64,
}

/// How long a change waits for another connection's write to finish before
/// giving up with "database is locked".
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// An open Déroulé database.
pub struct Db {
    conn: Connection,
    undo: Vec<Step>,
    redo: Vec<Step>,
    clock: Clock,
    /// Whether this connection's undo triggers are in place: made at its
    /// first change, not when it opens (45 triggers to compile, 2 ms of
    /// a command line that only reads or exports).
    undo_triggers: bool,
    /// Reads kept while the database is unchanged ([`Db::kept`]).
    kept: std::cell::RefCell<kept::Kept>,
    /// On a copy made by [`Db::apart`]: what each record wrote, as SQLite
    /// changesets, for the database to take up ([`Db::take_up`]).
    captured: Option<Vec<Vec<u8>>>,
}

impl Db {
    /// Opens (creating if needed) the database file at `path` and brings its
    /// schema up to date. A database written by a newer Déroulé is refused
    /// and left untouched.
    pub fn open(path: &Path) -> Result<Db> {
        permissions::create_file(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| {
            Error::new(
                ErrorCode::Database,
                format!("cannot open database {}: {e}", path.display()),
            )
        })?;
        Db::init(conn, Some(path))
    }

    /// A fresh database in memory, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Db> {
        Db::init(Connection::open_in_memory()?, None)
    }

    fn init(mut conn: Connection, path: Option<&Path>) -> Result<Db> {
        // Before the first statement: another process (the app and the
        // command line on one file) may be writing.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Check first: switching to WAL would already rewrite the header of
        // a file we must leave untouched.
        check_not_newer(&conn)?;
        configure(&conn)?;
        if let Some(path) = path {
            backup_before_migrating(&conn, path)?;
        }
        migrations()
            .to_latest(&mut conn)
            .map_err(|e| Error::new(ErrorCode::Database, format!("migration failed: {e}")))?;
        conn.execute_batch(UNDO_LOG)?;
        let clock = clock::system();
        clock::install(&conn, clock.clone())?;
        Ok(Db {
            conn,
            undo: Vec::new(),
            redo: Vec::new(),
            clock,
            undo_triggers: false,
            kept: Default::default(),
            captured: None,
        })
    }

    /// This database reading the time from `clock` (tests stop it).
    pub fn with_clock(mut self, clock: Clock) -> Result<Db> {
        self.set_clock(clock)?;
        Ok(self)
    }

    /// Reads the time from `clock` from now on: every stamp the database
    /// writes (sign-ups, promotions, attendees) comes from it.
    pub fn set_clock(&mut self, clock: Clock) -> Result<()> {
        clock::install(&self.conn, clock.clone())?;
        self.clock = clock;
        Ok(())
    }

    /// The current time, by this database's clock.
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction: commits when it returns `Ok`, rolls back
    /// when it returns `Err`. The change is recorded under `label` for undo.
    ///
    /// The transaction is IMMEDIATE: it takes the write lock when it
    /// begins, waiting (up to the busy timeout) for another connection's
    /// write to end, so two processes on one file take turns instead of one
    /// failing at its first write with "database is locked".
    pub fn change<T>(
        &mut self,
        label: &str,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        apart::refuse_change(self)?;
        self.ensure_undo_triggers()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let data_version = data_version(&tx)?;
        let before = last_log_seq(&tx)?;
        let value = f(&tx)?;
        let after = last_log_seq(&tx)?;
        if after > before {
            // A new change makes the redo history meaningless.
            if let (Some(low), Some(high)) = (
                self.redo.iter().map(|s| s.first).min(),
                self.redo.iter().map(|s| s.last).max(),
            ) {
                tx.execute(
                    "DELETE FROM temp.undo_log WHERE seq >= ?1 AND seq <= ?2",
                    (low, high),
                )?;
            }
            let trim_oldest = self.undo.len() >= HISTORY_LIMIT;
            if trim_oldest {
                tx.execute(
                    "DELETE FROM temp.undo_log WHERE seq <= ?1",
                    [self.undo[0].last],
                )?;
            }
            tx.commit()?;
            if trim_oldest {
                self.undo.remove(0);
            }
            self.redo.clear();
            self.undo.push(Step {
                label: label.to_owned(),
                first: before + 1,
                last: after,
                data_version,
            });
        } else {
            tx.commit()?;
        }
        Ok(value)
    }

    /// Runs `f` in one transaction, as [`Db::change`] does, for what is
    /// kept about the data rather than the data itself (what calendars
    /// sent and their SEQUENCE, what was published where, a version
    /// marked): not a step of undo, and no undo triggers
    /// needed for it. Refused, and rolled back, when `f` wrote a table that
    /// undo keeps (once the triggers are in place, which any change before
    /// has put there).
    /// On a copy made by [`Db::apart`], what `f` writes is also kept as a
    /// changeset.
    pub(crate) fn record<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = last_log_seq(&tx)?;
        let mut session = match self.captured {
            Some(_) => Some(apart::follow(&tx)?),
            None => None,
        };
        let value = f(&tx)?;
        if last_log_seq(&tx)? != before {
            return Err(Error::new(
                ErrorCode::Internal,
                "a record wrote data that undo keeps; nothing was written",
            ));
        }
        let changes = match session.as_mut() {
            Some(session) => apart::changes(session)?,
            None => Vec::new(),
        };
        drop(session);
        tx.commit()?;
        if let Some(captured) = self.captured.as_mut() {
            if !changes.is_empty() {
                captured.push(changes);
            }
        }
        Ok(value)
    }

    /// Runs `f` in one transaction that undo does not keep: whatever the
    /// undo triggers logged of it is dropped before it commits. Only for
    /// rows no step of undo or redo refers to (an event put aside whose
    /// deletion left the history): replaying a step over them would find
    /// them gone.
    pub(crate) fn outside_history<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T>,
    ) -> Result<T> {
        apart::refuse_change(self)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = last_log_seq(&tx)?;
        let value = f(&tx)?;
        tx.execute("DELETE FROM temp.undo_log WHERE seq > ?1", [before])?;
        tx.commit()?;
        Ok(value)
    }

    /// Puts this connection's undo triggers in place, once.
    fn ensure_undo_triggers(&mut self) -> Result<()> {
        if !self.undo_triggers {
            install_undo_triggers(&self.conn)?;
            self.undo_triggers = true;
        }
        Ok(())
    }

    /// Forgets every step of undo and redo, and the row images they kept
    /// (the temporary `undo_log`): after a change that must not be undone
    /// and must leave no copy behind (an attendee erased for good).
    pub fn forget_history(&mut self) -> Result<()> {
        self.conn.execute("DELETE FROM temp.undo_log", [])?;
        self.undo.clear();
        self.redo.clear();
        Ok(())
    }

    /// What undo and redo would do next.
    pub fn history(&self) -> HistoryState {
        HistoryState {
            undo: self.undo.last().map(|s| s.label.clone()),
            redo: self.redo.last().map(|s| s.label.clone()),
        }
    }

    /// How many changes undo can revert, one after the other (two changes
    /// may bear the same label: `history` cannot tell one from two).
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// Reverts the last change: its label, what it touched, what undo and
    /// redo would do next.
    pub fn undo(&mut self) -> Result<Reverted> {
        let step = self
            .undo
            .pop()
            .ok_or_else(|| Error::new(ErrorCode::NothingToUndo, "nothing to undo"))?;
        match self.replay(&step) {
            Ok((reverse, reach)) => {
                self.redo.push(reverse);
                Ok(self.reverted(step.label, reach))
            }
            Err(e) => {
                self.undo.push(step);
                Err(e)
            }
        }
    }

    /// Replays the last undone change: its label, what it touched, what
    /// undo and redo would do next.
    pub fn redo(&mut self) -> Result<Reverted> {
        let step = self
            .redo
            .pop()
            .ok_or_else(|| Error::new(ErrorCode::NothingToUndo, "nothing to redo"))?;
        match self.replay(&step) {
            Ok((reverse, reach)) => {
                self.undo.push(reverse);
                Ok(self.reverted(step.label, reach))
            }
            Err(e) => {
                self.redo.push(step);
                Err(e)
            }
        }
    }

    fn reverted(&self, label: String, reach: Reach) -> Reverted {
        Reverted {
            label,
            reach,
            history: self.history(),
        }
    }

    /// Runs the statements of `step` in reverse order, in one transaction,
    /// and returns the step that reverts them in turn, with what they
    /// touched. Refused
    /// (`changed_elsewhere`) when another connection changed the database
    /// since the step was made: its rows may have been changed, deleted or
    /// their ids reused since, and replaying row images would overwrite
    /// that work.
    fn replay(&mut self, step: &Step) -> Result<(Step, Reach)> {
        self.ensure_undo_triggers()?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let data_version = data_version(&tx)?;
        if data_version != step.data_version {
            return Err(Error {
                code: ErrorCode::ChangedElsewhere,
                field: None,
                reason: Some("changed_elsewhere".into()),
                message: format!(
                    "cannot undo or redo \"{}\": the database was changed elsewhere since \
                     (another window or the command line); nothing was reverted",
                    step.label
                ),
            });
        }
        // Rows come back in reverse order, so a child may return before its
        // parent: foreign keys are checked at commit instead.
        tx.pragma_update(None, "defer_foreign_keys", true)?;
        let statements: Vec<String> = {
            let mut stmt = tx.prepare(
                "SELECT sql FROM temp.undo_log WHERE seq >= ?1 AND seq <= ?2 ORDER BY seq DESC",
            )?;
            let rows = stmt.query_map((step.first, step.last), |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let touched = reach::Touched::read(&tx, step.first, step.last)?;
        let filled_before = touched.has_filled_item(&tx)?;
        tx.execute(
            "DELETE FROM temp.undo_log WHERE seq >= ?1 AND seq <= ?2",
            (step.first, step.last),
        )?;
        let before = last_log_seq(&tx)?;
        replay::run(&tx, &statements)?;
        let after = last_log_seq(&tx)?;
        let reach = touched.reach(filled_before || touched.has_filled_item(&tx)?);
        tx.commit()?;
        let reverse = Step {
            label: step.label.clone(),
            first: before + 1,
            last: after,
            data_version,
        };
        Ok((reverse, reach))
    }
}

/// `PRAGMA data_version`: it changes, for this connection, whenever another
/// connection commits to the database.
fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
}

/// Pragmas set on every connection (they are not part of the schema).
fn configure(conn: &Connection) -> Result<()> {
    conn.set_prepared_statement_cache_capacity(cached::CAPACITY);
    conn.pragma_update(None, "foreign_keys", true)?;
    // In-memory databases answer "memory"; that is fine.
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Deleted rows (an attendee's name and e-mail) are overwritten with
    // zeros in the file, not left in its free pages.
    conn.pragma_update(None, "secure_delete", true)?;
    Ok(())
}

/// Before a database written by an older Déroulé is migrated, a copy of it
/// as it was (`VACUUM INTO`): `NAME-avant-vN-YYYY-MM-DD.db` beside it (N:
/// its schema version), so a migration that goes wrong, or a newer version
/// given up, loses nothing. A new, empty database has nothing to keep.
fn backup_before_migrating(conn: &Connection, path: &Path) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version == 0 || version >= known_version() {
        return Ok(());
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "deroule".into());
    let date = (clock::system())().format(crate::model::ymd::FORMAT);
    let mut backup = path.with_file_name(format!("{stem}-avant-v{version}-{date}.db"));
    let mut n = 1;
    while backup.exists() {
        n += 1;
        backup = path.with_file_name(format!("{stem}-avant-v{version}-{date}-{n}.db"));
    }
    conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])
        .map_err(|e| {
            Error::new(
                ErrorCode::Database,
                format!(
                    "cannot back the database up to {} before migrating it; it was left as it was: {e}",
                    backup.display()
                ),
            )
        })?;
    permissions::owner_only(&backup)?;
    Ok(())
}

/// Refuses a database whose schema is newer than this build knows.
fn check_not_newer(conn: &Connection) -> Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let known = known_version();
    if version > known {
        return Err(Error::new(
            ErrorCode::NewerDatabase,
            format!(
                "this database was written by a newer version of Déroulé (schema {version}, \
                 this version knows up to {known}); it was left untouched"
            ),
        ));
    }
    Ok(())
}

/// The schema version this build migrates to.
pub fn known_version() -> i64 {
    // `Migrations` does not expose its length; its steps do.
    migration_steps().len() as i64
}

fn last_log_seq(conn: &Connection) -> Result<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(seq), 0) FROM temp.undo_log", [], |r| {
            r.get(0)
        })?,
    )
}

/// The temporary undo log, made when the connection opens (the history
/// reads it before any change).
const UNDO_LOG: &str =
    "CREATE TEMP TABLE IF NOT EXISTS undo_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, \
     tbl TEXT NOT NULL, row INTEGER NOT NULL, sql TEXT NOT NULL);";

/// SQL that writes the value of `column`, declared as `declared`, as a
/// literal that reads back the same value. `quote()` does, but for a text
/// that holds a NUL character, which it cuts at the NUL (a UID read from a
/// damaged calendar file came back shortened by undo, and then clashed with
/// another item's): such a text is written as its bytes, `CAST(X'…' AS
/// TEXT)`. Only a column that may hold a text is looked into (one declared
/// INTEGER holds none: checking every column made undoing an allocation
/// twice as long).
fn quoted(column: &str, declared: &str) -> String {
    let declared = declared.to_ascii_uppercase();
    // SQLite's affinity rules: no type, or a text type.
    let may_hold_text = declared.is_empty()
        || ["CHAR", "CLOB", "TEXT"]
            .iter()
            .any(|t| declared.contains(t));
    if !may_hold_text {
        return format!("quote({column})");
    }
    format!(
        "CASE WHEN instr({column}, char(0)) > 0 \
         THEN 'CAST(' || quote(CAST({column} AS BLOB)) || ' AS TEXT)' \
         ELSE quote({column}) END"
    )
}

/// For every undoable table, triggers that write into the undo log the
/// statement reverting each insert, update and delete.
fn install_undo_triggers(conn: &Connection) -> Result<()> {
    let mut sql = String::new();
    for table in UNDOABLE_TABLES {
        // Each column's name and declared type.
        let columns: Vec<(String, String)> = {
            let mut stmt = conn.prepare(&format!("PRAGMA main.table_info({table})"))?;
            let rows = stmt.query_map([], |r| Ok((r.get(1)?, r.get(2)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let set_old = columns
            .iter()
            .map(|(c, ty)| format!("{c}='||{}||'", quoted(&format!("old.{c}"), ty)))
            .collect::<Vec<_>>()
            .join(",");
        let values_old = columns
            .iter()
            .map(|(c, ty)| format!("'||{}||'", quoted(&format!("old.{c}"), ty)))
            .collect::<Vec<_>>()
            .join(",");
        let names = columns
            .iter()
            .map(|(c, _)| c.as_str())
            .collect::<Vec<_>>()
            .join(",");
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER {table}_undo_insert AFTER INSERT ON main.{table} BEGIN \
               INSERT INTO undo_log(tbl, row, sql) VALUES ('{table}', new.rowid, 'DELETE FROM main.{table} WHERE rowid='||new.rowid); \
             END;\n\
             CREATE TEMP TRIGGER {table}_undo_update AFTER UPDATE ON main.{table} BEGIN \
               INSERT INTO undo_log(tbl, row, sql) VALUES ('{table}', old.rowid, 'UPDATE main.{table} SET {set_old} WHERE rowid='||old.rowid); \
             END;\n\
             CREATE TEMP TRIGGER {table}_undo_delete BEFORE DELETE ON main.{table} BEGIN \
               INSERT INTO undo_log(tbl, row, sql) VALUES ('{table}', old.rowid, 'INSERT INTO main.{table}({names}) VALUES ({values_old})'); \
             END;\n"
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_that_writes_what_undo_keeps_is_refused_and_rolled_back() {
        let mut db = Db::open_in_memory().unwrap();
        // A change first: the undo triggers are in place.
        let id = db.load_demo().unwrap();
        let title = |db: &Db| -> String {
            db.conn()
                .query_row("SELECT title FROM events WHERE id = ?1", [id], |r| r.get(0))
                .unwrap()
        };
        let before = title(&db);
        let err = db
            .record(|tx| {
                tx.execute("UPDATE events SET title = 'Autre' WHERE id = ?1", [id])?;
                Ok(())
            })
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Internal);
        assert_eq!(title(&db), before);
        assert_eq!(db.history().undo.as_deref(), Some("demo.load"));
    }
}
