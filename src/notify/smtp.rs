//! Sending a batch through the organisation's mail server (SMTP, with
//! `lettre`'s blocking transport), resumable without sending anyone twice.
//!
//! Each message accepted by the server is recorded at once, in its own
//! transaction (`sent_messages`, keyed by event, batch and recipient), so a
//! batch sent again skips whoever has it, whatever stopped the first run.
//! A refusal of one message (a 4xx or 5xx reply to its recipient or its
//! data) is reported for that person and the others go on; a failure of
//! the server itself (no connection, TLS, time-out, refused login, "421
//! closing") stops the batch, the rest reported as not sent. One
//! connection per message: a refusal leaves no half-open transaction.
//!
//! The settings (host, port, security, user, sender) are kept per database;
//! the password never is: `publish::secret::SMTP` (the system keyring, or
//! `DEROULE_SMTP_PASSWORD`).

use super::eml::{self, parse_sender};
use super::{NotifyPlan, Recipient};
use crate::db::{clock, Db};
use crate::error::{Error, Result};
use crate::model::Id;
use chrono::{DateTime, Utc};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{SmtpTransport, Transport};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::time::Duration;
use ts_rs::TS;

/// How the connection to the server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Security {
    /// STARTTLS on the submission port (587), required.
    Starttls,
    /// TLS from the start (465).
    Tls,
    /// None: a relay on this machine or a test server only.
    Plain,
}

impl Security {
    fn code(self) -> &'static str {
        match self {
            Security::Starttls => "starttls",
            Security::Tls => "tls",
            Security::Plain => "plain",
        }
    }

    fn from_code(code: &str) -> Security {
        match code {
            "tls" => Security::Tls,
            "plain" => Security::Plain,
            _ => Security::Starttls,
        }
    }
}

/// The mail server, without its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// Empty: no login.
    pub user: String,
    /// The sender: "Name <address>" or an address.
    pub from: String,
}

impl SmtpSettings {
    /// "host:port": the server, as the keyring names its password.
    pub fn server(&self) -> String {
        format!("{}:{}", self.host.trim(), self.port)
    }

    fn check(&self) -> Result<Mailbox> {
        if self.host.trim().is_empty() {
            return Err(Error::invalid(
                "host",
                "required",
                "the mail server needs a host",
            ));
        }
        if self.port == 0 {
            return Err(Error::invalid(
                "port",
                "invalid",
                "the port is between 1 and 65535",
            ));
        }
        parse_sender(&self.from)
    }
}

/// The mail server kept for this database, and whether its password is
/// known (in the keyring, the variable, or given in this session).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmtpView {
    #[ts(optional = nullable)]
    pub settings: Option<SmtpSettings>,
    pub has_password: bool,
}

/// Where sending stands: running or not, how far, and the report once done.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SendingStatus {
    pub running: bool,
    pub done: u32,
    pub total: u32,
    #[ts(optional = nullable)]
    pub report: Option<SendReport>,
    /// Why sending could not start or went wrong (no password, no
    /// settings, the database).
    #[ts(optional = nullable)]
    pub error: Option<Error>,
}

/// What happened to one person's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SendStatus {
    /// Accepted by the server now.
    Sent,
    /// Accepted in an earlier run: not sent again.
    AlreadySent,
    /// Refused, or the server failed while sending it.
    Failed,
    /// Not tried: the batch stopped before it.
    NotSent,
    /// No usable e-mail: to tell at the desk.
    NoEmail,
}

/// One person's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SendOutcome {
    pub recipient: Recipient,
    pub status: SendStatus,
    /// The server's answer or the failure, in its words.
    #[ts(optional = nullable)]
    pub reason: Option<String>,
}

/// What sending a batch did, person by person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SendReport {
    pub batch: String,
    pub outcomes: Vec<SendOutcome>,
    /// Why the batch stopped before its end.
    #[ts(optional = nullable)]
    pub stopped: Option<String>,
}

impl SendReport {
    /// How many outcomes have this status.
    pub fn count(&self, status: SendStatus) -> usize {
        self.outcomes.iter().filter(|o| o.status == status).count()
    }
}

/// Where sent messages are recorded: the database, or (in the app) the
/// database behind its lock, taken only while recording.
pub trait Ledger {
    /// The recipients of `batch` who already have their message.
    fn already_sent(&mut self, event_id: Id, batch: &str) -> Result<HashSet<String>>;
    /// Records that the server accepted a message, in its own transaction.
    fn record_sent(&mut self, event_id: Id, batch: &str, sent: &Sent<'_>) -> Result<()>;
}

/// A message the server accepted.
pub struct Sent<'a> {
    pub recipient: &'a Recipient,
    pub message_id: &'a str,
    pub response: &'a str,
}

impl Ledger for Db {
    fn already_sent(&mut self, event_id: Id, batch: &str) -> Result<HashSet<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT recipient FROM sent_messages WHERE event_id = ?1 AND batch = ?2",
        )?;
        let rows = stmt.query_map(params![event_id, batch], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn record_sent(&mut self, event_id: Id, batch: &str, sent: &Sent<'_>) -> Result<()> {
        self.change("notify.sent", |tx| {
            tx.execute(
                "INSERT INTO sent_messages (event_id, batch, recipient, email, message_id, sent_at, response) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    event_id,
                    batch,
                    sent.recipient.key,
                    sent.recipient.email,
                    sent.message_id,
                    clock::stamp(tx)?,
                    sent.response
                ],
            )?;
            Ok(())
        })
    }
}

impl Db {
    /// The mail server kept for this database, if any.
    pub fn smtp_settings(&self) -> Result<Option<SmtpSettings>> {
        Ok(self
            .conn()
            .query_row(
                "SELECT host, port, security, user, from_address FROM smtp_settings WHERE id = 1",
                [],
                |r| {
                    Ok(SmtpSettings {
                        host: r.get(0)?,
                        port: r.get(1)?,
                        security: Security::from_code(&r.get::<_, String>(2)?),
                        user: r.get(3)?,
                        from: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// Keeps the mail server's settings (never a password).
    pub fn save_smtp_settings(&mut self, settings: &SmtpSettings) -> Result<SmtpSettings> {
        settings.check()?;
        self.change("smtp.save", |tx| {
            tx.execute(
                "INSERT INTO smtp_settings (id, host, port, security, user, from_address) \
                 VALUES (1, ?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE SET host = excluded.host, \
                 port = excluded.port, security = excluded.security, user = excluded.user, \
                 from_address = excluded.from_address",
                params![
                    settings.host.trim(),
                    settings.port,
                    settings.security.code(),
                    settings.user.trim(),
                    settings.from.trim()
                ],
            )?;
            Ok(())
        })?;
        Ok(self.smtp_settings()?.expect("just saved"))
    }

    /// How many of a batch's recipients already have their message.
    pub fn sent_count(&mut self, event_id: Id, batch: &str) -> Result<usize> {
        Ok(self.already_sent(event_id, batch)?.len())
    }
}

/// A connection recipe to the mail server, and the sender.
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl Mailer {
    /// The server of `settings`, logging in with `password` when there is a
    /// user. Connects only when sending.
    pub fn new(settings: &SmtpSettings, password: &str) -> Result<Mailer> {
        let from = settings.check()?;
        let host = settings.host.trim().to_owned();
        let tls = |host: &str| {
            TlsParameters::new(host.to_owned()).map_err(|e| {
                Error::invalid(
                    "security",
                    "tls",
                    format!("cannot set up TLS for {host}: {e}"),
                )
            })
        };
        let tls = match settings.security {
            Security::Starttls => Tls::Required(tls(&host)?),
            Security::Tls => Tls::Wrapper(tls(&host)?),
            Security::Plain => Tls::None,
        };
        let mut builder = SmtpTransport::builder_dangerous(host)
            .port(settings.port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(30)));
        if !settings.user.trim().is_empty() {
            builder = builder.credentials(Credentials::new(
                settings.user.trim().to_owned(),
                password.to_owned(),
            ));
        }
        Ok(Mailer {
            transport: builder.build(),
            from,
        })
    }

    /// The sender every message is from.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }
}

/// Whether a failure is the server's rather than one message's: then the
/// batch stops.
fn stops_batch(e: &lettre::transport::smtp::Error) -> bool {
    match e.status() {
        // 421: closing; 530, 534, 535, 538: the login.
        Some(code) => matches!(
            code.to_string().as_str(),
            "421" | "530" | "534" | "535" | "538"
        ),
        None => true,
    }
}

/// Sends each message of `plan` not yet recorded as sent in `ledger`,
/// recording each accepted one at once; `progress(done, total, outcome)`
/// after each person. People without an e-mail are reported, not sent to.
pub fn send(
    plan: &NotifyPlan,
    mailer: &Mailer,
    ledger: &mut dyn Ledger,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(usize, usize, &SendOutcome),
) -> Result<SendReport> {
    let already = ledger.already_sent(plan.event_id, &plan.batch)?;
    let total = plan.messages.len();
    let mut report = SendReport {
        batch: plan.batch.clone(),
        outcomes: Vec::new(),
        stopped: None,
    };
    for (done, message) in plan.messages.iter().enumerate() {
        let outcome = |status, reason: Option<String>| SendOutcome {
            recipient: message.recipient.clone(),
            status,
            reason,
        };
        let result = if already.contains(&message.recipient.key) {
            outcome(SendStatus::AlreadySent, None)
        } else if let Some(why) = &report.stopped {
            outcome(SendStatus::NotSent, Some(why.clone()))
        } else {
            let email = eml::build(plan, message, &mailer.from, now, false)?;
            match mailer.transport.send(&email) {
                Ok(response) => {
                    let answer = format!(
                        "{} {}",
                        response.code(),
                        response.message().collect::<Vec<_>>().join(" ")
                    );
                    let message_id = eml::message_id(plan, message, &mailer.from);
                    let sent = Sent {
                        recipient: &message.recipient,
                        message_id: &message_id,
                        response: answer.trim(),
                    };
                    if let Err(e) = ledger.record_sent(plan.event_id, &plan.batch, &sent) {
                        report.stopped = Some(format!(
                            "the message to {} was sent but could not be recorded ({e}); \
                             sending again would send it twice, so the batch stopped",
                            message.recipient.email
                        ));
                    }
                    outcome(SendStatus::Sent, Some(answer.trim().to_owned()))
                }
                Err(e) => {
                    if stops_batch(&e) {
                        report.stopped = Some(e.to_string());
                    }
                    outcome(SendStatus::Failed, Some(e.to_string()))
                }
            }
        };
        progress(done + 1, total, &result);
        report.outcomes.push(result);
    }
    for w in &plan.without_email {
        report.outcomes.push(SendOutcome {
            recipient: w.recipient.clone(),
            status: SendStatus::NoEmail,
            reason: Some(w.recipient.email.clone()).filter(|e| !e.is_empty()),
        });
    }
    Ok(report)
}
