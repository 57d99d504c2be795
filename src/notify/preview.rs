//! What the app's Notify dialog shows before writing or sending: the
//! template and its placeholders, who gets a message, who is told at the
//! desk, how many already have theirs, and one message filled.

use super::smtp::Ledger;
use super::template::{placeholders, MessageTemplate, Placeholder};
use super::{NotifyRequest, Recipient, WithoutEmail};
use crate::db::Db;
use crate::error::Result;
use crate::model::Id;
use crate::words::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One message as its person will read it (without the attachment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageSample {
    pub recipient: Recipient,
    pub subject: String,
    pub body: String,
}

/// A batch before it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NotifyPreview {
    /// The template filled (the one given, else the event's).
    pub template: MessageTemplate,
    /// Whether the event keeps a template of its own for this kind.
    pub customised: bool,
    /// The placeholders it may hold, in the event's language.
    pub placeholders: Vec<Placeholder>,
    /// The event's language: the messages'.
    pub lang: Lang,
    pub batch: String,
    /// Who gets a message, in order.
    pub recipients: Vec<Recipient>,
    /// Who is told at the desk.
    pub without_email: Vec<WithoutEmail>,
    /// The recipients' keys who already have this batch's message.
    pub already_sent: Vec<String>,
    /// The message to `sample_of` (the first recipient when none or
    /// unknown); none when nobody gets one.
    #[ts(optional = nullable)]
    pub sample: Option<MessageSample>,
}

impl Db {
    /// The Notify dialog's view of a batch, with `template` in place of the
    /// event's when given (it is checked, not saved).
    pub fn notify_preview(
        &mut self,
        event_id: Id,
        request: &NotifyRequest,
        template: Option<&MessageTemplate>,
        sample_of: Option<&str>,
    ) -> Result<NotifyPreview> {
        let stored = self.message_template(event_id, request.kind)?;
        let customised = self.conn().query_row(
            "SELECT count(*) FROM message_templates WHERE event_id = ?1 AND kind = ?2",
            rusqlite::params![event_id, request.kind.code()],
            |r| r.get::<_, i64>(0),
        )? > 0;
        let template = template.cloned().unwrap_or(stored);
        let now = self.now();
        let plan = self.notify_plan(event_id, request, Some(&template), false, now)?;
        let mut already: Vec<String> = self
            .already_sent(event_id, &plan.batch)?
            .into_iter()
            .collect();
        already.sort();
        let sample = plan
            .messages
            .iter()
            .find(|m| Some(m.recipient.key.as_str()) == sample_of)
            .or(plan.messages.first())
            .map(|m| MessageSample {
                recipient: m.recipient.clone(),
                subject: m.subject.clone(),
                body: m.body.clone(),
            });
        Ok(NotifyPreview {
            template,
            customised,
            placeholders: placeholders(request.kind, plan.lang),
            lang: plan.lang,
            batch: plan.batch,
            recipients: plan.messages.into_iter().map(|m| m.recipient).collect(),
            without_email: plan.without_email,
            already_sent: already,
            sample,
        })
    }
}
