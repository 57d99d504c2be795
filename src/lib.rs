//! Déroulé's core: the programme model, its SQLite storage, the rules behind
//! the editor's warnings, the demo, and the command line's text output.
//!
//! This crate knows nothing of Tauri or of any window: the app (`src-tauri`)
//! and the `deroule` command are thin layers over it.

pub mod allocate;
pub mod allocation;
pub mod attendees;
pub mod attendees_csv;
pub mod db;
pub mod demo;
pub mod error;
pub mod exchange;
pub mod fmt_fr;
pub mod ics;
pub mod ics_import;
pub mod labels;
pub mod model;
pub mod print;
pub mod programme_file;
pub mod rules;
pub mod schedule;
pub mod show;
pub mod signups;
pub mod store;
pub mod validate;

pub use db::Db;
pub use error::{Error, ErrorCode, Result};
