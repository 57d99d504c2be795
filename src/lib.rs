//! Déroulé's core: the programme model, its SQLite storage, every rule, the
//! sign-ups, the exchange formats, the printed documents, and the command line.
//!
//! This crate knows nothing of Tauri or of any window: the app (`src-tauri`)
//! and the `deroule` command are thin layers over it.
//!
//! Layers, lowest first; a module imports only modules on its own line or
//! above it (a test checks that no module imports one that imports it back):
//!
//! - [`error`], [`model`], [`words`], [`files`]: errors, the shared vocabulary,
//!   every word, date and time written for people, and files read for import
//!   (capped) and written (atomically);
//! - [`db`]: connection, migrations, transactions and undo;
//! - [`programme`]: events, venue, rooms, items, speakers and their rules;
//! - [`signups`]: attendees, the sign-up engine, allocation, CSV import;
//! - [`versions`]: the programme as it went out, and what changed since;
//! - [`exchange`], [`print`](mod@print), [`demo`]: files in and out, printed documents,
//!   the demo; [`publish`]: the programme on a calendar server (CalDAV);
//! - [`notify`]: messages to the people concerned by changes or an
//!   allocation (.eml files, SMTP);
//! - [`cli`]: the `deroule` command.

pub mod cli;
pub mod db;
pub mod demo;
pub mod error;
pub mod exchange;
pub mod files;
pub mod model;
pub mod notify;
pub mod print;
pub mod programme;
pub mod publish;
pub mod signups;
pub mod versions;
pub mod words;

pub use db::Db;
pub use error::{Error, ErrorCode, Result};
