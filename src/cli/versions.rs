//! `deroule versions` and `deroule changes`: the versions of a programme
//! that went out, and what changed since.

use crate::words::Lang;
use crate::Db;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub(super) enum Versions {
    /// Keeps the programme as it is now as a version that went out
    /// ("Marquer comme diffusé"); prints it as JSON.
    Mark {
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
        #[arg(long)]
        event: i64,
        /// Its name: "Programme imprimé", "Envoi du 3 juin".
        #[arg(long)]
        label: String,
    },
    /// Lists the versions of an event, oldest first: id, time, items, label.
    List {
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
        #[arg(long)]
        event: i64,
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
}

pub(super) fn versions(command: Versions) -> crate::Result<()> {
    match command {
        Versions::Mark { db, event, label } => {
            let mut db = Db::open(&db)?;
            let version = db.mark_version(event, &label)?;
            println!("{}", serde_json::to_string(&version).expect("a version serializes"));
        }
        Versions::List { db, event, json } => {
            let db = Db::open(&db)?;
            let versions = db.versions(event)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&versions).expect("versions serialize"));
            } else {
                for v in versions {
                    println!("{}\t{}\t{} éléments\t{}", v.id, v.marked_at, v.item_count, v.label);
                }
            }
        }
    }
    Ok(())
}

/// `deroule changes`: as JSON, or one line per change in the event's
/// language (or `lang`).
pub(super) fn changes(
    db: PathBuf,
    event: i64,
    since: Option<String>,
    lang: Option<Lang>,
    json: bool,
) -> crate::Result<()> {
    let db = Db::open(&db)?;
    let report = db.changes(event, since.as_deref(), lang)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report).expect("a report serializes"));
        return Ok(());
    }
    for c in &report.changes {
        let time = report.lang.time(c.item.starts_at.time());
        println!(
            "{time}\t{}\t{}\t{} inscrit·es, {} intervenant·es",
            c.item.title,
            c.text,
            c.attendee_ids.len(),
            c.speaker_ids.len()
        );
    }
    Ok(())
}
