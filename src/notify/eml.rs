//! Each message as a standard e-mail (RFC 5322, MIME), built with `lettre`:
//! `multipart/mixed` with the text as `text/plain; charset=utf-8`
//! (quoted-printable) and the person's calendar as `text/calendar;
//! method=PUBLISH` attached. [`write_eml`] saves a batch into a folder,
//! one `.eml` per person, which any mail client opens (marked unsent, so
//! Outlook opens it as a draft to send).

use super::{Message, NotifyPlan, WithoutEmail};
use crate::error::{Error, ErrorCode, Result};
use crate::words::{slug, Lang};
use chrono::{DateTime, Utc};
use lettre::message::header::{
    ContentTransferEncoding, ContentType, Header, HeaderName, HeaderValue,
};
use lettre::message::{Attachment, Body, Mailbox, MultiPart, SinglePart};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// `X-Unsent: 1`: a saved message still to send (Outlook opens it as a
/// draft; other clients ignore it).
#[derive(Clone)]
struct Unsent;

impl Header for Unsent {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Unsent")
    }

    fn parse(_: &str) -> std::result::Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Unsent)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "1".to_owned())
    }
}

/// The sender when none is configured: the organisers' name at a reserved
/// domain that reaches no one; the mail client sending a saved `.eml` puts
/// the organiser's own address instead.
pub fn placeholder_sender(lang: Lang) -> Mailbox {
    Mailbox::new(
        Some(lang.message_no_sender().to_owned()),
        "noreply@deroule.invalid".parse().expect("a valid address"),
    )
}

/// Reads a sender: "Name <address>" or an address.
pub fn parse_sender(from: &str) -> Result<Mailbox> {
    from.trim().parse::<Mailbox>().map_err(|e| {
        Error::invalid(
            "from",
            "invalid_email",
            format!("{from:?} is not an e-mail address ({e})"),
        )
    })
}

/// The Message-ID of a batch's message to one person: the same for the
/// same batch and person, so a resent message is known for the same one.
pub fn message_id(plan: &NotifyPlan, message: &Message, from: &Mailbox) -> String {
    let domain = from.email.domain();
    let batch = plan.batch.replace(':', ".");
    let who = message.recipient.key.replace(':', "-");
    format!("<deroule.{}.{batch}.{who}@{domain}>", plan.event_id)
}

/// One message as an e-mail; `unsent` adds `X-Unsent: 1`.
pub fn build(
    plan: &NotifyPlan,
    message: &Message,
    from: &Mailbox,
    date: DateTime<Utc>,
    unsent: bool,
) -> Result<lettre::Message> {
    let to = Mailbox::new(
        Some(message.recipient.name.clone()).filter(|n| !n.is_empty()),
        message.recipient.email.parse().map_err(|e| {
            Error::invalid(
                "email",
                "invalid_email",
                format!(
                    "{:?} is not an e-mail address ({e})",
                    message.recipient.email
                ),
            )
        })?,
    );
    let text = Body::new_with_encoding(
        message.body.clone(),
        ContentTransferEncoding::QuotedPrintable,
    )
    .expect("quoted-printable takes any text");
    let mut parts = MultiPart::mixed().singlepart(
        SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .body(text),
    );
    if let Some(file) = &message.attachment {
        let calendar = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
            .expect("a valid content type");
        // In base64, the calendar's bytes as they are: its lines already
        // end in CRLF, which base64 keeps. Left to choose, lettre rewrote
        // each calendar's line ends and encoded it as quoted-printable: a
        // third of writing a batch (54 messages of 514 items each on the
        // large event). Encoded here, from the calendar where it lies,
        // rather than by lettre from a copy, 57 bytes at a time.
        let body = Body::dangerous_pre_encoded(
            base64_lines(file.contents.as_bytes()),
            ContentTransferEncoding::Base64,
        );
        parts = parts.singlepart(Attachment::new(file.file_name.clone()).body(body, calendar));
    }
    let mut builder = lettre::Message::builder()
        .from(from.clone())
        .to(to)
        .subject(message.subject.clone())
        .date(date.into())
        .message_id(Some(message_id(plan, message, from)))
        .user_agent(format!("Déroulé {}", env!("CARGO_PKG_VERSION")));
    if unsent {
        builder = builder.header(Unsent);
    }
    builder.multipart(parts).map_err(|e| {
        Error::new(
            ErrorCode::Invalid,
            format!(
                "cannot write the message to {}: {e}",
                message.recipient.email
            ),
        )
    })
}

/// `bytes` in base64 as a MIME body carries it: lines of 76 characters,
/// CRLF between them (the octets lettre writes for such a body).
fn base64_lines(bytes: &[u8]) -> Vec<u8> {
    use base64::Engine;
    const LINE: usize = 76;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut out = Vec::with_capacity(encoded.len() + encoded.len() / LINE * 2);
    for (i, line) in encoded.as_bytes().chunks(LINE).enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(line);
    }
    out
}

/// What [`write_eml`] wrote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmlReport {
    pub batch: String,
    /// The folder.
    pub dir: String,
    pub written: Vec<EmlFile>,
    /// Told at the desk; also listed in a text file beside the messages.
    pub without_email: Vec<WithoutEmail>,
    /// The text file listing them, when there are any.
    #[ts(optional = nullable)]
    pub desk_list: Option<String>,
}

/// One `.eml` written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EmlFile {
    pub file_name: String,
    pub recipient: super::Recipient,
}

/// Writes each message of `plan` into `dir` (created if needed) as
/// `name.eml`, from `from` (else [`placeholder_sender`]), dated `date`, and
/// the list of people without an e-mail as a text file for the desk. Needs
/// no database: the app writes a batch (90 ms for 54 messages of 514 items
/// each on the large event) without holding it.
pub fn write_eml(
    plan: &NotifyPlan,
    dir: &Path,
    from: Option<&Mailbox>,
    date: DateTime<Utc>,
) -> Result<EmlReport> {
    let io = |e: std::io::Error, what: &Path| {
        Error::new(
            ErrorCode::Io,
            format!("cannot write {}: {e}", what.display()),
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| io(e, dir))?;
    let from = from
        .cloned()
        .unwrap_or_else(|| placeholder_sender(plan.lang));
    let mut taken = HashSet::new();
    let mut names = Vec::new();
    for message in &plan.messages {
        let base = match slug(&message.recipient.name) {
            s if s.is_empty() => message.recipient.key.replace(':', "-"),
            s => s,
        };
        let mut file_name = format!("{base}.eml");
        if !taken.insert(file_name.clone()) {
            file_name = format!("{base}-{}.eml", message.recipient.key.replace(':', "-"));
            taken.insert(file_name.clone());
        }
        names.push(file_name);
    }
    // Each message made here and written on a second thread as it
    // comes; the first that cannot be made, or written, stops both.
    let mut batch = crate::files::Batch::default();
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<(PathBuf, Vec<u8>)>(4);
        let batch = &mut batch;
        let writer = scope.spawn(move || -> Result<()> {
            for (path, bytes) in receive {
                batch.write(&path, &bytes)?;
            }
            Ok(())
        });
        let mut made = Ok(());
        for (message, file_name) in plan.messages.iter().zip(&names) {
            let email = match build(plan, message, &from, date, true) {
                Ok(email) => email,
                Err(e) => {
                    made = Err(e);
                    break;
                }
            };
            if send.send((dir.join(file_name), email.formatted())).is_err() {
                // The writer stopped: its error says why.
                break;
            }
        }
        drop(send);
        let written = writer.join().expect("the writer does not panic");
        made.and(written)
    })?;
    batch.finish();
    let written = plan
        .messages
        .iter()
        .zip(names)
        .map(|(message, file_name)| EmlFile {
            file_name,
            recipient: message.recipient.clone(),
        })
        .collect();
    let desk_list = if plan.without_email.is_empty() {
        None
    } else {
        let name = plan.lang.desk_list_file();
        let path = dir.join(name);
        crate::files::write_atomic(&path, desk_list(plan))?;
        Some(name.to_owned())
    };
    Ok(EmlReport {
        batch: plan.batch.clone(),
        dir: dir.display().to_string(),
        written,
        without_email: plan.without_email.clone(),
        desk_list,
    })
}

/// The people without an e-mail, one per line, for the desk.
pub fn desk_list(plan: &NotifyPlan) -> String {
    let mut out = format!("{}\n\n", plan.lang.desk_list_heading());
    for w in &plan.without_email {
        let r = &w.recipient;
        out.push_str(&format!(
            "{}{}\n",
            r.name,
            plan.lang.desk_list_reason(
                r.person == super::PersonKind::Speaker,
                w.reason == super::Unreachable::InvalidEmail,
                &r.email
            )
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The calendar's body is the one lettre would have written, octet for
    /// octet, whatever its length (a line's 57 bytes, one more or less).
    #[test]
    fn attached_calendars_encode_as_lettre_encodes_them() {
        let calendar =
            "BEGIN:VCALENDAR\r\nSUMMARY:Atelier « Fabriquer » à 9h30\r\nEND:VCALENDAR\r\n";
        let mut texts: Vec<String> = [0, 1, 2, 3, 56, 57, 58, 113, 114, 115, 1_000]
            .iter()
            .map(|&n| calendar.chars().cycle().take(n).collect())
            .collect();
        texts.push(calendar.repeat(500));
        for text in texts {
            let lettre =
                Body::new_with_encoding(text.clone().into_bytes(), ContentTransferEncoding::Base64)
                    .expect("base64 takes any content");
            assert_eq!(
                base64_lines(text.as_bytes()),
                lettre.into_vec(),
                "{} characters",
                text.chars().count()
            );
        }
    }
}
