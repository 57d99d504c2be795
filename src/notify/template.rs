//! The organiser's templates: a subject and a body per event and kind of
//! message, with placeholders in braces (`{nom}`, `{changements}`, or their
//! English names), checked when saved and filled for each person.

use super::NotifyKind;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::Id;
use crate::words::messages::{Field, MessageKind, PLACEHOLDERS};
use crate::words::{fold, Lang, Reach};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// A message's subject and body, with placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MessageTemplate {
    pub subject: String,
    pub body: String,
}

/// A placeholder a template may hold, named in the event's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Placeholder {
    /// What it stands for, for programs and the UI's catalogs: "name",
    /// "changes", "practical"…
    pub key: String,
    /// As written in a template: "{nom}".
    pub text: String,
}

impl NotifyKind {
    pub(crate) fn message_kind(self) -> MessageKind {
        match self {
            NotifyKind::Changes => MessageKind::Changes,
            NotifyKind::Allocation => MessageKind::Allocation,
        }
    }

    pub(crate) fn code(self) -> &'static str {
        match self {
            NotifyKind::Changes => "changes",
            NotifyKind::Allocation => "allocation",
        }
    }
}

fn key(field: Field) -> &'static str {
    match field {
        Field::Name => "name",
        Field::Event => "event",
        Field::Date => "date",
        Field::Changes => "changes",
        Field::Workshops => "workshops",
        Field::Block => "block",
        Field::Practical => "practical",
        Field::Organisers => "organisers",
    }
}

/// The placeholders of a kind of message, named in `lang`.
pub fn placeholders(kind: NotifyKind, lang: Lang) -> Vec<Placeholder> {
    PLACEHOLDERS
        .iter()
        .filter(|(.., kinds)| kinds.contains(&kind.message_kind()))
        .map(|(field, ..)| Placeholder {
            key: key(*field).to_owned(),
            text: format!("{{{}}}", lang.placeholder(*field)),
        })
        .collect()
}

/// The field a placeholder's name stands for, in either language, accents
/// and case aside ("{Evenement}" is "{événement}").
fn field_named(name: &str, kind: MessageKind) -> Option<Field> {
    let wanted = fold(&name.trim().to_lowercase(), Reach::French);
    PLACEHOLDERS
        .iter()
        .filter(|(.., kinds)| kinds.contains(&kind))
        .find(|(_, fr, en, _)| fold(fr, Reach::French) == wanted || *en == wanted)
        .map(|(f, ..)| *f)
}

/// The pieces of a template: text, and placeholders by field. An unknown
/// placeholder or an unclosed brace is an error naming it.
fn parse(text: &str, kind: MessageKind, part: &str) -> Result<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        pieces.push(Piece::Text(rest[..open].to_owned()));
        let after = &rest[open + 1..];
        let Some(close) = after
            .find(['}', '{'])
            .filter(|&c| after[c..].starts_with('}'))
        else {
            return Err(Error::invalid(
                part,
                "unclosed_placeholder",
                format!(
                    "a brace is opened and not closed in the {part}: {:?}",
                    snippet(&rest[open..])
                ),
            ));
        };
        let name = &after[..close];
        let field = field_named(name, kind).ok_or_else(|| {
            Error::invalid(
                part,
                "unknown_placeholder",
                format!("the {part} holds {{{name}}}, which this message cannot fill"),
            )
        })?;
        pieces.push(Piece::Field(field));
        rest = &after[close + 1..];
    }
    pieces.push(Piece::Text(rest.to_owned()));
    Ok(pieces)
}

fn snippet(s: &str) -> String {
    s.chars().take(24).collect()
}

enum Piece {
    Text(String),
    Field(Field),
}

/// A checked template, ready to be filled for each person.
pub(crate) struct Compiled {
    subject: Vec<Piece>,
    body: Vec<Piece>,
}

impl Compiled {
    pub(crate) fn new(template: &MessageTemplate, kind: NotifyKind) -> Result<Compiled> {
        let kind = kind.message_kind();
        if template.subject.trim().is_empty() {
            return Err(Error::invalid(
                "subject",
                "required",
                "a message needs a subject",
            ));
        }
        if template.body.trim().is_empty() {
            return Err(Error::invalid("body", "required", "a message needs a body"));
        }
        Ok(Compiled {
            subject: parse(&template.subject, kind, "subject")?,
            body: parse(&template.body, kind, "body")?,
        })
    }

    /// The subject (on one line) and the body with each placeholder's value.
    pub(crate) fn fill(&self, values: &HashMap<Field, String>) -> (String, String) {
        let fill = |pieces: &[Piece]| {
            pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => t.as_str(),
                    Piece::Field(f) => values.get(f).map(String::as_str).unwrap_or(""),
                })
                .collect::<String>()
        };
        let subject = fill(&self.subject)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        (subject, fill(&self.body))
    }
}

impl Db {
    /// The template of a kind of message for an event: the organiser's, else
    /// the default of the event's language.
    pub fn message_template(&self, event_id: Id, kind: NotifyKind) -> Result<MessageTemplate> {
        let event = self.event(event_id)?;
        let stored = self
            .conn()
            .query_row(
                "SELECT subject, body FROM message_templates WHERE event_id = ?1 AND kind = ?2",
                params![event_id, kind.code()],
                |r| {
                    Ok(MessageTemplate {
                        subject: r.get(0)?,
                        body: r.get(1)?,
                    })
                },
            )
            .optional()?;
        Ok(stored.unwrap_or_else(|| {
            let (subject, body) =
                Lang::of_event(&event.language).message_template(kind.message_kind());
            MessageTemplate {
                subject: subject.to_owned(),
                body: body.to_owned(),
            }
        }))
    }

    /// Keeps the organiser's template for a kind of message, once checked
    /// (every placeholder known, subject and body given).
    pub fn save_message_template(
        &mut self,
        event_id: Id,
        kind: NotifyKind,
        template: &MessageTemplate,
    ) -> Result<MessageTemplate> {
        self.event(event_id)?;
        Compiled::new(template, kind)?;
        self.change("message_template.save", |tx| {
            tx.execute(
                "INSERT INTO message_templates (event_id, kind, subject, body) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (event_id, kind) DO UPDATE SET subject = excluded.subject, body = excluded.body",
                params![event_id, kind.code(), template.subject.trim(), template.body],
            )?;
            Ok(())
        })?;
        self.message_template(event_id, kind)
    }

    /// Forgets the organiser's template: the default is used again.
    pub fn reset_message_template(
        &mut self,
        event_id: Id,
        kind: NotifyKind,
    ) -> Result<MessageTemplate> {
        self.change("message_template.reset", |tx| {
            tx.execute(
                "DELETE FROM message_templates WHERE event_id = ?1 AND kind = ?2",
                params![event_id, kind.code()],
            )?;
            Ok(())
        })?;
        self.message_template(event_id, kind)
    }
}
