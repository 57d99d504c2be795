//! Every word written for people, in French or in English: dates and times
//! ("mardi 1er juillet 2025", "9h30", "14h45–16h15"), the names of kinds and
//! roles ([`labels`]), the fixed words of printed documents ([`documents`]),
//! and the one accent fold ([`fold`](mod@fold)) behind slugs, sort keys and the
//! matching of imported labels.
//!
//! Architecture invariant: this module imports nothing but [`crate::model`];
//! the CLI, the importers and exporters, and the printed documents all take
//! their words from here, so none of them depends on another's text.
//!
//! The UI formats dates and labels itself (it cannot ask the core for each
//! one); `tests/fixtures/words/` holds what both must write, checked by a
//! Rust test and a Vitest test.

pub mod calendar;
pub mod changes;
pub mod documents;
pub mod fold;
pub mod labels;
mod lang;
pub mod messages;
pub mod sheets;

pub use fold::{fold, slug, Reach};
pub use lang::Lang;

/// The first letter in capitals: "Vendredi".
pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
