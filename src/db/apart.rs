//! Work apart from the database: an export that would hold it long (every
//! attendee's own calendar: 1.6 s on the large event, in which every other
//! command waited), or a publication waiting on a calendar server, is made
//! on a copy of it in memory ([`Db::apart`]), so the app's other commands
//! reach the database meanwhile.
//!
//! What the work records (what each calendar sent: `calendar_sent`, the
//! attendees' own rows, the lists of common items and who holds them) goes
//! through [`Db::record`], which on a copy also keeps it as a changeset
//! (SQLite's session extension, the library's own way to carry changes
//! from one database to another). The database takes them up afterwards
//! ([`Db::take_up`]), in one transaction, only if none of the rows they
//! change has changed since the copy was made; otherwise none is taken and
//! the work is to be done again on the database itself. A record is not a
//! step of undo, so taking one up leaves undo and redo as they were.
//!
//! The session extension follows only tables with a declared primary key:
//! every table a record writes has one (migration 18 gave one to
//! `personal_calendar_holders`).

use super::Db;
use crate::error::{Error, ErrorCode, Result};
use rusqlite::session::{ConflictAction, Session};
use rusqlite::Connection;

/// The reason [`Db::take_up`] gives itself when a changeset met a row
/// changed since the copy.
const RECORDS_CHANGED: &str = "records_changed";

/// The largest database [`Db::apart`] copies (its pages, free ones
/// included): the copy is held in memory while the work lasts. The large
/// event's database is 2.4 MB; one that still holds the 1.5 GB of rows
/// recorded before migration 14 is worked on as it is.
const APART_MAX_BYTES: i64 = 64 << 20;

impl Db {
    /// A copy of this database in memory, reading its clock, whose records
    /// are kept for this database to take up ([`Db::take_up`]); none when
    /// the database is over 64 MB. Made in one read of the database
    /// (SQLite's online backup): 2 ms for the large event.
    pub fn apart(&self) -> Result<Option<Db>> {
        self.apart_within(APART_MAX_BYTES)
    }

    /// The database's pages, free ones included, in bytes: what a copy
    /// holds.
    fn bytes(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            [],
            |r| r.get(0),
        )?)
    }

    fn apart_within(&self, max_bytes: i64) -> Result<Option<Db>> {
        if self.bytes()? > max_bytes {
            return Ok(None);
        }
        let mut conn = Connection::open_in_memory()?;
        // Every page in one step.
        rusqlite::backup::Backup::new(&self.conn, &mut conn)?.run_to_completion(
            i32::MAX,
            std::time::Duration::ZERO,
            None,
        )?;
        let mut copy = Db::init(conn, None)?.with_clock(self.clock.clone())?;
        copy.captured = Some(Vec::new());
        Ok(Some(copy))
    }

    /// Takes up what `apart` (a copy made by [`Db::apart`]) recorded, in
    /// one transaction: all of it (`true`), or none of it (`false`) when a
    /// row it changes was changed here since the copy was made (another
    /// export recorded the same attendee, an attendee was deleted): the
    /// work is then to be done again here.
    pub fn take_up(&mut self, apart: &Db) -> Result<bool> {
        let Some(captured) = &apart.captured else {
            return Err(Error::new(
                ErrorCode::Internal,
                "only a copy made apart has records to take up",
            ));
        };
        let taken = self.record(|tx| {
            for changes in captured {
                let abort = |_, _| ConflictAction::SQLITE_CHANGESET_ABORT;
                tx.apply_strm(&mut &changes[..], None::<fn(&str) -> bool>, abort)
                    .map_err(|e| match e.sqlite_error_code() {
                        // A conflict (the handler's abort), or a foreign key
                        // the changes would break.
                        Some(
                            rusqlite::ErrorCode::OperationAborted
                            | rusqlite::ErrorCode::ConstraintViolation,
                        ) => Error {
                            code: ErrorCode::ChangedElsewhere,
                            field: None,
                            reason: Some(RECORDS_CHANGED.into()),
                            message: format!("the records changed since the copy: {e}"),
                        },
                        _ => e.into(),
                    })?;
            }
            Ok(())
        });
        match taken {
            Ok(()) => Ok(true),
            Err(e) if e.reason.as_deref() == Some(RECORDS_CHANGED) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

/// Refuses a change (`Db::change`, `Db::outside_history`) on a copy made
/// apart: only what records write is taken up, so a change there would be
/// lost without a word.
pub(super) fn refuse_change(db: &Db) -> Result<()> {
    match db.captured {
        Some(_) => Err(Error::new(
            ErrorCode::Internal,
            "a copy made apart takes records only; a change would not be taken up",
        )),
        None => Ok(()),
    }
}

/// A session following every table of the main database through `tx`.
pub(super) fn follow(tx: &Connection) -> Result<Session<'_>> {
    let mut session = Session::new(tx)?;
    session.attach(None::<&str>)?;
    Ok(session)
}

/// What `session` saw, as a changeset (empty when nothing changed).
pub(super) fn changes(session: &mut Session<'_>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    if !session.is_empty() {
        session.changeset_strm(&mut out)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::Db;

    /// A database over the limit is not copied; one within it is, whole.
    #[test]
    fn a_database_over_the_limit_is_not_copied() {
        let mut db = Db::open_in_memory().unwrap();
        db.load_demo().unwrap();
        let bytes = db.bytes().unwrap();
        assert!(db.apart_within(bytes - 1).unwrap().is_none());
        let copy = db.apart_within(bytes).unwrap().expect("a copy");
        let count = |db: &Db| -> i64 {
            db.conn()
                .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count(&copy), count(&db));
        assert!(count(&db) > 0);
    }

    /// A change on a copy would not be taken up: it is refused.
    #[test]
    fn a_copy_refuses_changes() {
        let mut db = Db::open_in_memory().unwrap();
        let event = db.load_demo().unwrap();
        let mut copy = db.apart().unwrap().expect("a copy");
        let e = copy.delete_event(event).unwrap_err();
        assert_eq!(e.code, crate::error::ErrorCode::Internal);
        assert!(copy.event(event).is_ok());
    }
}
