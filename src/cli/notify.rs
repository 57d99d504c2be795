//! `deroule notify`: the messages to the people concerned by changes or an
//! allocation, written as .eml files into a folder, or sent through SMTP.

use crate::notify::smtp::{self, Mailer, Security, SendStatus, SmtpSettings};
use crate::notify::{NotifyKind, NotifyRequest};
use crate::Db;
use clap::Args;
use std::path::PathBuf;

#[derive(Args)]
#[command(group = clap::ArgGroup::new("output").required(true).multiple(true).args(["out", "smtp"]))]
pub(super) struct Notify {
    #[arg(long, env = "DEROULE_DB")]
    db: PathBuf,
    #[arg(long)]
    event: i64,
    /// The changes since this version (default: the latest).
    #[arg(long, conflicts_with = "allocation")]
    since: Option<String>,
    /// Instead: each attendee's workshops in this choice block (its id or
    /// its name), after an allocation.
    #[arg(long, value_name = "BLOCK")]
    allocation: Option<String>,
    /// Write one .eml per person into this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Send through this mail server (HOST:PORT). The password comes from
    /// DEROULE_SMTP_PASSWORD, else the system keyring.
    #[arg(long, value_name = "HOST:PORT")]
    smtp: Option<String>,
    /// The account on the mail server (none: no login).
    #[arg(long, default_value = "")]
    user: String,
    /// The sender ("Name <address>"; default: the database's SMTP settings).
    #[arg(long)]
    from: Option<String>,
    /// STARTTLS, required (the default, port 587).
    #[arg(long, group = "security")]
    starttls: bool,
    /// TLS from the start (port 465).
    #[arg(long, group = "security")]
    tls: bool,
    /// No encryption: a relay on this machine or a test server only.
    #[arg(long, group = "security")]
    plain: bool,
}

/// Writes or sends, and prints the report as JSON; an error when a message
/// was not sent.
pub(super) fn notify(args: Notify) -> crate::Result<()> {
    let mut db = Db::open(&args.db)?;
    let request = match &args.allocation {
        Some(block) => {
            let blocks = db.registrations(args.event)?.blocks;
            let id = super::pick(
                "block",
                block,
                blocks.iter().filter_map(|b| Some((b.id?, b.name.clone()))),
            )?;
            NotifyRequest {
                kind: NotifyKind::Allocation,
                since: None,
                block_id: Some(id),
            }
        }
        None => NotifyRequest {
            kind: NotifyKind::Changes,
            since: args.since.clone(),
            block_id: None,
        },
    };
    let stored = db.smtp_settings()?;
    let from = args
        .from
        .clone()
        .or_else(|| stored.as_ref().map(|s| s.from.clone()));
    let plan = db.notify_plan(args.event, &request, None, true, db.now())?;
    let mut out = serde_json::Map::new();
    if let Some(dir) = &args.out {
        let sender = from
            .as_deref()
            .map(crate::notify::eml::parse_sender)
            .transpose()?;
        let report = crate::notify::eml::write_eml(&plan, dir, sender.as_ref(), db.now())?;
        out.insert(
            "files".into(),
            serde_json::to_value(&report).expect("serializes"),
        );
    }
    let mut failure = None;
    if let Some(server) = &args.smtp {
        let settings = settings(&args, server, from)?;
        let password = crate::publish::secret::SMTP.password(&settings.server(), &settings.user)?;
        let mailer = Mailer::new(&settings, &password)?;
        let now = db.now();
        let report = smtp::send(&plan, &mailer, &mut db, now, &mut |done, total, o| {
            eprintln!(
                "{done}/{total} {} <{}>: {:?}",
                o.recipient.name, o.recipient.email, o.status
            );
        })?;
        let not_sent = report.count(SendStatus::Failed) + report.count(SendStatus::NotSent);
        if not_sent > 0 {
            failure = Some(crate::Error::invalid(
                "smtp",
                "not_sent",
                format!(
                    "{not_sent} message(s) not sent{}; run the same command again to send only those",
                    report.stopped.as_deref().map(|s| format!(" (stopped: {s})")).unwrap_or_default()
                ),
            ));
        }
        out.insert(
            "sent".into(),
            serde_json::to_value(&report).expect("serializes"),
        );
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&out).expect("serializes")
    );
    failure.map_or(Ok(()), Err)
}

/// The mail server from the command line.
fn settings(args: &Notify, server: &str, from: Option<String>) -> crate::Result<SmtpSettings> {
    let (host, port) = server.rsplit_once(':').ok_or_else(|| {
        crate::Error::invalid("smtp", "invalid", format!("{server:?} should be HOST:PORT"))
    })?;
    let port: u16 = port.parse().map_err(|_| {
        crate::Error::invalid("smtp", "invalid", format!("{port:?} is not a port number"))
    })?;
    let security = if args.tls {
        Security::Tls
    } else if args.plain {
        Security::Plain
    } else {
        Security::Starttls
    };
    let from = from.ok_or_else(|| {
        crate::Error::invalid(
            "from",
            "required",
            "sending needs a sender: give --from \"Name <address>\"",
        )
    })?;
    Ok(SmtpSettings {
        host: host.to_owned(),
        port,
        security,
        user: args.user.clone(),
        from,
    })
}
