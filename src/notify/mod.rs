//! Messages to the people concerned: after changes since a version went out
//! (each attendee signed up, confirmed or waiting, and each speaker of a
//! changed item), or after an allocation (each attendee who ranked a
//! block's workshops: what they got, or that they got none or wait).
//!
//! [`Db::notify_plan`] makes one message per person from the organiser's
//! template (`template.rs`) in the event's language, with what changed for
//! them in the words of `words::changes`, the practical information, and
//! their own calendar attached (`exchange::personal_calendars`). People
//! without a usable e-mail are listed apart, for the desk, never dropped.
//! `eml.rs` writes each message as a standard RFC 5322 / MIME message with
//! `lettre` (a `text/plain` part and the `.ics` as `text/calendar;
//! method=PUBLISH`); [`eml::write_eml`] saves them into a folder; `smtp.rs`
//! sends them, recording each accepted message in `sent_messages` in its
//! own transaction, so that sending the same batch again skips whoever
//! already has it.
//!
//! Above `versions` (a [`ChangeReport`](crate::versions::ChangeReport) says
//! who is concerned), `exchange` (the calendars) and `print` (the address
//! as documents write it); below `cli`.

mod compose;
pub mod eml;
pub mod preview;
pub mod smtp;
pub mod template;

use crate::exchange::ExportFile;
use crate::model::Id;
use crate::words::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use compose::fingerprint;
pub use preview::{MessageSample, NotifyPreview};
pub use template::{MessageTemplate, Placeholder};

/// What a batch of messages is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum NotifyKind {
    /// The changes since a version went out.
    Changes,
    /// The workshops each attendee got from an allocation.
    Allocation,
}

/// Which messages to make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotifyRequest {
    pub kind: NotifyKind,
    /// Changes: since the version of this label (the latest when none).
    #[ts(optional = nullable)]
    #[serde(default)]
    pub since: Option<String>,
    /// Allocation: the choice block.
    #[ts(optional = nullable)]
    #[serde(default)]
    pub block_id: Option<Id>,
}

/// Whom a message goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PersonKind {
    Attendee,
    Speaker,
}

/// A person a message is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Recipient {
    /// "attendee:12", "speaker:3": how a sent message is recorded.
    pub key: String,
    pub person: PersonKind,
    pub id: Id,
    pub name: String,
    /// Trimmed; empty when unknown.
    pub email: String,
}

/// One message, filled for its person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub recipient: Recipient,
    pub subject: String,
    /// Plain text, lines ending in `\n`.
    pub body: String,
    /// The person's own calendar; `None` in a preview.
    pub attachment: Option<ExportFile>,
}

/// Why a person gets no message (told at the desk instead).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Unreachable {
    NoEmail,
    /// An e-mail that is not an address ("jean.dupont@", "n/a").
    InvalidEmail,
}

/// A person who gets no message, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WithoutEmail {
    pub recipient: Recipient,
    pub reason: Unreachable,
}

/// Every message of a batch, and who cannot be written to.
#[derive(Debug, Clone, PartialEq)]
pub struct NotifyPlan {
    pub event_id: Id,
    pub kind: NotifyKind,
    /// What the messages say, as recorded with each one sent:
    /// "changes:VERSION:FINGERPRINT", "allocation:BLOCK:FINGERPRINT". The
    /// same changes (or allocation) give the same batch, so sending again
    /// skips who already has it; a further change makes a new batch.
    pub batch: String,
    pub lang: Lang,
    /// By person: speakers, then attendees, each by name.
    pub messages: Vec<Message>,
    pub without_email: Vec<WithoutEmail>,
}
