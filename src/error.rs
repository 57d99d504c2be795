//! Errors as the user and the UI see them.
//!
//! An error carries a `code` for programs, the `field` it is about (when one
//! field is at fault), a `reason` the UI translates with its catalogs, and an
//! English `message` for logs and the command line.

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input breaks a rule; `field` and `reason` say which.
    Invalid,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// The database file was written by a newer Déroulé; it is left untouched.
    NewerDatabase,
    /// SQLite failed for another reason.
    Database,
    /// A file could not be read or written.
    Io,
    /// Nothing to undo or redo.
    NothingToUndo,
    /// Undo or redo refused: another window or the command line changed the
    /// database since (reason `changed_elsewhere`).
    ChangedElsewhere,
    /// A fault inside the app (a bug caught as it happened): what it was
    /// doing was rolled back, and the app goes on.
    Internal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    pub code: ErrorCode,
    /// The field at fault, named as in the JSON of the model ("endsAt").
    #[ts(optional = nullable)]
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field: Option<String>,
    /// Why, as a key the UI translates ("required", "end_before_start").
    #[ts(optional = nullable)]
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<String>,
    /// A sentence in English naming the problem.
    pub message: String,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A rule broken by one field.
    pub fn invalid(field: &str, reason: &str, message: impl Into<String>) -> Error {
        Error {
            code: ErrorCode::Invalid,
            field: Some(field.to_owned()),
            reason: Some(reason.to_owned()),
            message: message.into(),
        }
    }

    pub fn not_found(what: &str, id: i64) -> Error {
        Error {
            code: ErrorCode::NotFound,
            field: None,
            reason: Some(what.to_owned()),
            message: format!("{what} {id} does not exist"),
        }
    }

    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error {
            code,
            field: None,
            reason: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error::new(ErrorCode::Database, format!("database error: {e}"))
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorCode::Io, e.to_string())
    }
}
