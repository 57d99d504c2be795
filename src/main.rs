//! `deroule`: Déroulé from the command line, for scripts and benchmarks.
//! Every rule lives in the library; this file only parses arguments and
//! prints.

use clap::{Parser, Subcommand};
use deroule::exchange::ExportFormat;
use deroule::ics::Selection;
use deroule::print::{Document, Lang, PrintOptions};
use deroule::{show, Db};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "deroule",
    version,
    about = "Déroulé: day programmes for professional and cultural events"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes the demo programme into a database.
    Demo {
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
    },
    /// Lists the events of a database.
    Events {
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
    },
    /// Writes an event's programme as a file for calendars or conference apps.
    Export {
        format: Format,
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
        #[arg(long)]
        event: i64,
        /// Only the items in this room (its id or its name).
        #[arg(long, conflicts_with = "speaker")]
        room: Option<String>,
        /// Only the items of this speaker (their id or their name).
        #[arg(long)]
        speaker: Option<String>,
        /// The file to write ("-" for standard output).
        #[arg(long)]
        out: PathBuf,
    },
    /// Reads a file into an existing event (all or nothing).
    Import {
        format: ImportFormat,
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
        #[arg(long)]
        event: i64,
        /// The file to read.
        file: PathBuf,
    },
    /// Writes a printed document as one HTML page with print CSS, exactly
    /// as the app previews it (open it in a browser and print, or print it
    /// to PDF).
    Print {
        document: PrintDocument,
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
        #[arg(long)]
        event: i64,
        /// The file to write ("-" for standard output).
        #[arg(long)]
        out: PathBuf,
        /// The document's language (default: the event's).
        #[arg(long)]
        lang: Option<PrintLang>,
        /// Large print (programme, schedules, speakers).
        #[arg(long)]
        large: bool,
        /// Schedules and badges: only this attendee (repeatable).
        #[arg(long = "attendee", value_name = "ID")]
        attendees: Vec<i64>,
        /// Schedules and badges: only the attendees of this category.
        #[arg(long)]
        category: Option<String>,
        /// Sign-in: only this item's sheet.
        #[arg(long, value_name = "ID")]
        item: Option<i64>,
    },
    /// Prints an event's day as text, in French.
    Show {
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
        #[arg(long)]
        event: i64,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// iCalendar (RFC 5545), for Google, Outlook, Apple and Thunderbird.
    Ics,
    /// frab/c3voc schedule.xml, for conference apps.
    Xml,
    /// frab/c3voc schedule JSON.
    Json,
}

impl From<Format> for ExportFormat {
    fn from(f: Format) -> ExportFormat {
        match f {
            Format::Ics => ExportFormat::Ics,
            Format::Xml => ExportFormat::ScheduleXml,
            Format::Json => ExportFormat::ScheduleJson,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum PrintDocument {
    /// The programme, A4.
    Programme,
    /// One page per attendee: common items and their own workshops.
    Schedules,
    /// One sheet per speaker.
    Speakers,
    /// Sign-in sheets (feuilles d'émargement).
    Signin,
    /// A4 landscape room signs.
    Rooms,
    /// A4 sheets of name badges.
    Badges,
}

impl From<PrintDocument> for Document {
    fn from(d: PrintDocument) -> Document {
        match d {
            PrintDocument::Programme => Document::Programme,
            PrintDocument::Schedules => Document::Schedules,
            PrintDocument::Speakers => Document::Speakers,
            PrintDocument::Signin => Document::Signin,
            PrintDocument::Rooms => Document::Rooms,
            PrintDocument::Badges => Document::Badges,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum PrintLang {
    Fr,
    En,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ImportFormat {
    /// iCalendar (.ics) from Outlook, Google, Thunderbird or Déroulé.
    Ics,
    /// frab/c3voc schedule.xml.
    Xml,
}

/// A room or speaker given by id or by name (case-insensitive).
fn pick(
    what: &str,
    given: &str,
    candidates: impl Iterator<Item = (i64, String)>,
) -> deroule::Result<i64> {
    let candidates: Vec<(i64, String)> = candidates.collect();
    if let Ok(id) = given.parse::<i64>() {
        if candidates.iter().any(|(c, _)| *c == id) {
            return Ok(id);
        }
    }
    let wanted = given.trim().to_lowercase();
    candidates
        .iter()
        .find(|(_, name)| name.to_lowercase() == wanted)
        .map(|(id, _)| *id)
        .ok_or_else(|| {
            deroule::Error::invalid(
                what,
                "not_found",
                format!("no {what} {given:?} in this event"),
            )
        })
}

fn write_out(path: &std::path::Path, text: &str) -> deroule::Result<()> {
    if path.as_os_str() == "-" {
        print!("{text}");
        Ok(())
    } else {
        std::fs::write(path, text).map_err(|e| {
            deroule::Error::new(
                deroule::ErrorCode::Io,
                format!("cannot write {}: {e}", path.display()),
            )
        })
    }
}

fn run(cli: Cli) -> deroule::Result<()> {
    match cli.command {
        Command::Demo { db } => {
            let mut db = Db::open(&db)?;
            let id = db.load_demo()?;
            println!("{id}");
        }
        Command::Events { db } => {
            let db = Db::open(&db)?;
            for e in db.list_events()? {
                println!(
                    "{}\t{}\t{}\t{} éléments",
                    e.id,
                    e.date.format("%Y-%m-%d"),
                    e.title,
                    e.item_count
                );
            }
        }
        Command::Export {
            format,
            db,
            event,
            room,
            speaker,
            out,
        } => {
            let mut db = Db::open(&db)?;
            let p = db.programme(event)?;
            let selection = match (room, speaker) {
                (Some(room), _) => Selection::Room(pick(
                    "room",
                    &room,
                    p.rooms.iter().filter_map(|r| Some((r.id?, r.name.clone()))),
                )?),
                (_, Some(speaker)) => Selection::Speaker(pick(
                    "speaker",
                    &speaker,
                    p.speakers
                        .iter()
                        .filter_map(|s| Some((s.id?, s.name.clone()))),
                )?),
                _ => Selection::All,
            };
            let file = db.export(event, format.into(), &selection, chrono::Utc::now())?;
            write_out(&out, &file.contents)?;
        }
        Command::Import {
            format,
            db,
            event,
            file,
        } => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                deroule::Error::new(
                    deroule::ErrorCode::Io,
                    format!("cannot read {}: {e}", file.display()),
                )
            })?;
            let mut db = Db::open(&db)?;
            let summary = db.import(
                event,
                match format {
                    ImportFormat::Ics => deroule::exchange::ImportFormat::Ics,
                    ImportFormat::Xml => deroule::exchange::ImportFormat::ScheduleXml,
                },
                &text,
            )?;
            println!(
                "{}",
                serde_json::to_string(&summary).expect("a summary serializes")
            );
        }
        Command::Print {
            document,
            db,
            event,
            out,
            lang,
            large,
            attendees,
            category,
            item,
        } => {
            let db = Db::open(&db)?;
            let options = PrintOptions {
                lang: lang.map(|l| match l {
                    PrintLang::Fr => Lang::Fr,
                    PrintLang::En => Lang::En,
                }),
                large,
                attendee_ids: attendees,
                category,
                item_id: item,
            };
            let file = db.print(event, document.into(), &options)?;
            write_out(&out, &file.html)?;
        }
        Command::Show { db, event } => {
            let db = Db::open(&db)?;
            print!("{}", show::programme_text(&db.programme(event)?));
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("deroule: {e}");
            ExitCode::FAILURE
        }
    }
}
