//! Copies of the database: the one made before a migration, the organiser's
//! own ("Sauvegarder…", `Db::backup_to`), restoring one ("Restaurer…",
//! `Db::restore_from`), and the WAL folded back into the file on closing
//! (`Db::checkpoint`).
//!
//! A copy is written by SQLite itself (`VACUUM INTO`): one consistent file,
//! whatever the WAL holds and whoever else writes, compacted, with no
//! journal beside it. It is written beside its target and renamed over it
//! (`files::replace_with`), so a failure leaves no half copy.

use super::{known_version, Db};
use crate::error::{Error, ErrorCode, Result};
use crate::files;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

impl Db {
    /// The file this database lives in; `None` in memory.
    pub fn path(&self) -> Option<PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    }

    /// The name offered for a copy made today:
    /// `NAME-sauvegarde-YYYY-MM-DD.db`.
    pub fn backup_file_name(&self) -> String {
        let stem = self
            .path()
            .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "deroule".into());
        let date = self.now().format(crate::model::ymd::FORMAT);
        format!("{stem}-sauvegarde-{date}.db")
    }

    /// Writes a copy of the whole database to `path` (replacing a file
    /// there), as it stands after the last change, without the events put
    /// aside by a deletion (what the copy is given for, or restored to, is
    /// what the app shows).
    pub fn backup_to(&self, path: &Path) -> Result<()> {
        self.refuse_own_file(path)?;
        if !self.any_put_aside()? {
            return vacuum_into(&self.conn, path, |_| Ok(()));
        }
        vacuum_into(&self.conn, path, |copy| {
            // Zeroed, not left in the copy's free pages.
            copy.pragma_update(None, "secure_delete", true)?;
            copy.pragma_update(None, "foreign_keys", true)?;
            copy.execute("DELETE FROM events WHERE deleted_at IS NOT NULL", [])?;
            Ok(())
        })
    }

    /// A copy written over, or restored from, the database's own file
    /// would destroy it.
    fn refuse_own_file(&self, path: &Path) -> Result<()> {
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        match self.path() {
            Some(own) if same(&own, path) => Err(Error::invalid(
                "file",
                "own_database",
                format!("{} is the database in use itself", path.display()),
            )),
            _ => Ok(()),
        }
    }

    /// Replaces the database with the copy at `backup`, after checking that
    /// it is a Déroulé database this version can open; the current one is
    /// first kept aside, as `NAME-avant-restauration-YYYY-MM-DD.db` beside
    /// it, whose path is returned. The undo history is cleared (it spoke of
    /// the data replaced). A copy from an older version is migrated as any
    /// older file is, after its own copy.
    pub fn restore_from(&mut self, backup: &Path) -> Result<PathBuf> {
        let path = self
            .path()
            .ok_or_else(|| Error::new(ErrorCode::Io, "a database in memory cannot be restored"))?;
        self.refuse_own_file(backup)?;
        let source = open_backup(backup)?;
        let aside = free_name(&path, "avant-restauration", &self.now());
        vacuum_into(&self.conn, &aside, |_| Ok(()))?;
        // SQLite's online backup writes the copy's pages into this file
        // under its lock, all or nothing.
        {
            let copy = rusqlite::backup::Backup::new(&source, &mut self.conn)?;
            copy.run_to_completion(256, std::time::Duration::ZERO, None)?;
        }
        drop(source);
        let clock = self.clock.clone();
        *self = Db::open(&path)?;
        self.set_clock(clock)?;
        Ok(aside)
    }

    /// Folds the write-ahead log back into the file and empties it, so the
    /// file alone is the whole database (for a copy by hand, a backup tool,
    /// a USB key). The app calls it on closing.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// `VACUUM INTO` a temporary file beside `path`, then `finish` on it,
/// then renamed over `path`.
fn vacuum_into(
    conn: &Connection,
    path: &Path,
    finish: impl FnOnce(&Connection) -> rusqlite::Result<()>,
) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "deroule.db".into());
    let part = path.with_file_name(format!(".{name}.part"));
    // VACUUM INTO refuses a file that exists: a part left by a crash.
    let _ = std::fs::remove_file(&part);
    conn.execute("VACUUM INTO ?1", [part.to_string_lossy()])
        .map_err(|e| {
            let _ = std::fs::remove_file(&part);
            Error::new(
                ErrorCode::Io,
                format!(
                    "cannot write a copy of the database to {}: {e}",
                    path.display()
                ),
            )
        })?;
    let finished = Connection::open(&part)
        .and_then(|copy| {
            finish(&copy)?;
            copy.close().map_err(|(_, e)| e)
        })
        .map_err(|e| {
            Error::new(
                ErrorCode::Io,
                format!(
                    "cannot write a copy of the database to {}: {e}",
                    path.display()
                ),
            )
        })
        .and_then(|()| super::permissions::owner_only(&part));
    if let Err(e) = finished {
        let _ = std::fs::remove_file(&part);
        return Err(e);
    }
    files::replace_with(&part, path)
}

/// A copy to restore, opened read-only, refused unless it is a whole
/// Déroulé database this version knows.
fn open_backup(backup: &Path) -> Result<Connection> {
    let refused = |why: String| {
        Error::invalid(
            "file",
            "not_a_backup",
            format!("{} is not a Déroulé database: {why}", backup.display()),
        )
    };
    let conn = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| refused(e.to_string()))?;
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| refused(e.to_string()))?;
    if version > known_version() {
        return Err(Error::new(
            ErrorCode::NewerDatabase,
            format!(
                "{} was written by a newer version of Déroulé (schema {version}); nothing was restored",
                backup.display()
            ),
        ));
    }
    let has_events: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'events'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n == 1)
        .map_err(|e| refused(e.to_string()))?;
    if version == 0 || !has_events {
        return Err(refused("it holds no programme".into()));
    }
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| refused(e.to_string()))?;
    if check != "ok" {
        return Err(refused(format!("it is damaged ({check})")));
    }
    Ok(conn)
}

/// `NAME-WHAT-YYYY-MM-DD.db` beside `path`, or `…-2.db`, `…-3.db`: a name
/// not taken yet.
pub(super) fn free_name(path: &Path, what: &str, now: &chrono::DateTime<chrono::Utc>) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "deroule".into());
    let date = now.format(crate::model::ymd::FORMAT);
    let mut candidate = path.with_file_name(format!("{stem}-{what}-{date}.db"));
    let mut n = 1;
    while candidate.exists() {
        n += 1;
        candidate = path.with_file_name(format!("{stem}-{what}-{date}-{n}.db"));
    }
    candidate
}
