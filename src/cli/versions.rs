//! `deroule versions`, `deroule changes` and `deroule sheet`: the versions
//! of a programme that went out, what changed since, and the spreadsheets.

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
            println!(
                "{}",
                serde_json::to_string(&version).expect("a version serializes")
            );
        }
        Versions::List { db, event, json } => {
            let db = Db::open(&db)?;
            let versions = db.versions(event)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&versions).expect("versions serialize")
                );
            } else {
                for v in versions {
                    println!(
                        "{}\t{}\t{} éléments\t{}",
                        v.id, v.marked_at, v.item_count, v.label
                    );
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
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a report serializes")
        );
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

/// Which spreadsheet `deroule sheet` writes.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(super) enum SheetKind {
    /// One row per attendee, with their workshops.
    Attendees,
    /// One row per sign-up, workshop by workshop.
    Signups,
    /// What each attendee who ranked a block's workshops wished and holds.
    Allocation,
    /// The changes since the last version sent out (or --since).
    Changes,
}

/// `deroule sheet`: a spreadsheet, `.xlsx` or `.csv` by the file's
/// extension.
pub(super) fn sheet(
    db: PathBuf,
    event: i64,
    kind: SheetKind,
    since: Option<String>,
    out: PathBuf,
) -> crate::Result<()> {
    use crate::exchange::sheets::{Sheet, SheetFormat};
    let format = match out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase)
        .as_deref()
    {
        Some("xlsx") => SheetFormat::Xlsx,
        Some("csv") => SheetFormat::Csv,
        _ => {
            return Err(crate::Error::invalid(
                "out",
                "bad_extension",
                format!("{} should end in .xlsx or .csv", out.display()),
            ))
        }
    };
    let sheet = match kind {
        SheetKind::Attendees => Sheet::Attendees,
        SheetKind::Signups => Sheet::Signups,
        SheetKind::Allocation => Sheet::Allocation,
        SheetKind::Changes => Sheet::Changes,
    };
    let db = Db::open(&db)?;
    let file = db.sheet(event, sheet, since.as_deref())?.file(format)?;
    crate::files::write_atomic(&out, &file.bytes)
}
