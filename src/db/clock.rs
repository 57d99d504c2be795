//! The clock of a database: where the core reads the current time, so tests
//! can stop it.
//!
//! [`Db`](super::Db) holds a [`Clock`] and installs it on its connection as
//! the SQL function `deroule_now()`; code running inside a transaction,
//! which holds only a `&Connection`, reads the time through `now`. The
//! time is then bound as a parameter: no SQL reads SQLite's own `'now'`.

use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::functions::FunctionFlags;
use rusqlite::Connection;
use std::sync::Arc;

/// Where the current time comes from: [`system`] unless a test says
/// otherwise ([`Db::set_clock`](super::Db::set_clock)).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The system's clock.
pub fn system() -> Clock {
    Arc::new(Utc::now)
}

/// A clock stopped at `at`, for tests.
pub fn frozen(at: DateTime<Utc>) -> Clock {
    Arc::new(move || at)
}

/// An instant as sign-ups, promotions and allocations store it: RFC 3339,
/// UTC, milliseconds ("2025-07-01T09:30:00.000Z").
pub const STAMP: &str = "%Y-%m-%dT%H:%M:%S%.3fZ";

/// An instant as attendees' `created_at` stores it: RFC 3339, UTC, seconds
/// ("2025-07-01T09:30:00Z").
pub const STAMP_SECONDS: &str = "%Y-%m-%dT%H:%M:%SZ";

const SQL_NOW: &str = "deroule_now";

/// Makes `clock` the time of `conn`, replacing the one it had.
pub(crate) fn install(conn: &Connection, clock: Clock) -> Result<()> {
    // Not deterministic: SQLite must call it each time.
    conn.create_scalar_function(SQL_NOW, 0, FunctionFlags::SQLITE_UTF8, move |_| {
        Ok(clock().timestamp_micros())
    })?;
    Ok(())
}

/// The current time of the database `conn` belongs to.
pub(crate) fn now(conn: &Connection) -> Result<DateTime<Utc>> {
    let micros: i64 = conn
        .prepare_cached(&format!("SELECT {SQL_NOW}()"))?
        .query_row([], |r| r.get(0))?;
    Ok(DateTime::from_timestamp_micros(micros).unwrap_or_default())
}

/// The current time of `conn`'s database as [`STAMP`] writes it.
pub(crate) fn stamp(conn: &Connection) -> Result<String> {
    Ok(now(conn)?.format(STAMP).to_string())
}
