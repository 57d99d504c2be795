//! `deroule`: Déroulé from the command line, for scripts and benchmarks.
//! Every rule lives in the library; this file only parses arguments and
//! prints.

use crate::demo::LargeDemo;
use crate::exchange::ics::Selection;
use crate::exchange::ExportFormat;
use crate::print::{Document, PrintOptions};
use crate::signups::csv as attendees_csv;
use crate::words::Lang;
use crate::Db;
use clap::{Parser, Subcommand};
mod allocate;
mod choices;
mod notify;
pub mod show;
mod versions;
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
    Demo(DemoArgs),
    /// Lists the events of a database.
    Events {
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
    },
    /// Writes an event's programme as a file for calendars or conference
    /// apps, or as a web page for the organisation's website.
    Export {
        format: Format,
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
        #[arg(long)]
        event: i64,
        /// Only the items in this room (its id or its name).
        #[arg(long, conflicts_with_all = ["speaker", "attendee"])]
        room: Option<String>,
        /// Only the items of this speaker (their id or their name).
        #[arg(long, conflicts_with = "attendee")]
        speaker: Option<String>,
        /// Calendars only: this attendee's own day (their id), the common
        /// items and the workshops they hold.
        #[arg(long, value_name = "ID")]
        attendee: Option<i64>,
        /// The web page's language (default: the event's).
        #[arg(long)]
        lang: Option<PrintLang>,
        /// The file to write ("-" for standard output).
        #[arg(long)]
        out: PathBuf,
    },
    /// Reads a file into an existing event (all or nothing).
    #[command(subcommand)]
    Import(Import),
    /// Gives attendees the workshops of a choice block by their rankings
    /// (the optimal allocation) and prints the satisfaction summary; with
    /// --problem, solves one instance from a JSON file instead
    /// (docs/allocation-problem.schema.json) and prints its allocation.
    Allocate(allocate::AllocateArgs),
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
    /// Publishes an event to a CalDAV calendar (Nextcloud, Radicale…): one
    /// resource per item, only what changed, never overwriting what another
    /// client changed. Prints what was sent as JSON; fails when the server
    /// refused anything. The password comes from DEROULE_CALDAV_PASSWORD,
    /// else from the system keyring.
    Publish {
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
        #[arg(long)]
        event: i64,
        /// The calendar collection's URL.
        #[arg(long)]
        url: String,
        /// The account (none: a server without authentication).
        #[arg(long, default_value = "")]
        user: String,
        /// The public address to print as a QR code (default: the URL).
        #[arg(long, default_value = "")]
        subscribe_url: String,
        /// Only the items in this room (its id or its name): a room's calendar.
        #[arg(long, conflicts_with = "speaker")]
        room: Option<String>,
        /// Only the items of this speaker (their id or their name).
        #[arg(long)]
        speaker: Option<String>,
    },
    /// Versions of the programme that went out ("Marquer comme diffusé").
    #[command(subcommand)]
    Versions(versions::Versions),
    /// What changed since a version went out, and whom it concerns.
    Changes {
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
        #[arg(long)]
        event: i64,
        /// The version's label (default: the latest).
        #[arg(long)]
        since: Option<String>,
        /// The language of the sentences (default: the event's).
        #[arg(long)]
        lang: Option<PrintLang>,
        /// As JSON: for each change its item, kind, before and after, and
        /// the ids of the attendees and speakers concerned.
        #[arg(long)]
        json: bool,
    },
    /// Writes a spreadsheet (.xlsx or .csv, by the file's extension) in the
    /// event's language.
    Sheet {
        kind: versions::SheetKind,
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
        #[arg(long)]
        event: i64,
        /// Changes: since this version (default: the latest).
        #[arg(long)]
        since: Option<String>,
        /// The file to write: NAME.xlsx or NAME.csv.
        #[arg(long)]
        out: PathBuf,
    },
    /// Messages to the people concerned by the changes since a version (or
    /// by an allocation, with --allocation): one .eml per person into a
    /// folder (--out), or sent through SMTP (--smtp), each with the person's
    /// own calendar attached. Sending again sends only to those who did not
    /// get theirs. Prints a JSON report.
    Notify(notify::Notify),
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
    /// One self-contained web page (no script), for a website.
    Html,
    /// The whole event as a Déroulé event file (JSON), for
    /// `deroule import event` on another machine.
    Event,
}

impl Format {
    /// The calendar or schedule format; `None` for the web page.
    fn calendar(self) -> Option<ExportFormat> {
        match self {
            Format::Ics => Some(ExportFormat::Ics),
            Format::Xml => Some(ExportFormat::ScheduleXml),
            Format::Json => Some(ExportFormat::ScheduleJson),
            Format::Html | Format::Event => None,
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
    /// One page of the changes since the last version sent out.
    Erratum,
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
            PrintDocument::Erratum => Document::Erratum,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum PrintLang {
    Fr,
    En,
}

impl From<PrintLang> for Lang {
    fn from(l: PrintLang) -> Lang {
        match l {
            PrintLang::Fr => Lang::Fr,
            PrintLang::En => Lang::En,
        }
    }
}

#[derive(Subcommand)]
enum Import {
    /// A whole event from a Déroulé event file (JSON: the event, venue,
    /// rooms, speakers, items, choice blocks and attendees) as a new draft
    /// event; prints {"eventId": N, ...}.
    Event {
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
        /// The file to read.
        file: PathBuf,
    },
    /// iCalendar (.ics) from Outlook, Google, Thunderbird or Déroulé.
    Ics(ImportTarget),
    /// frab/c3voc schedule.xml.
    Xml(ImportTarget),
    /// frab/c3voc schedule JSON (schedule.json).
    Json(ImportTarget),
    /// Attendees from a CSV file (a spreadsheet, Weezevent, HelloAsso):
    /// people with an email already registered are updated.
    Attendees {
        #[command(flatten)]
        target: ImportTarget,
        /// Which column holds what, over the guess from the headers:
        /// "name=Nom complet,email=2" (a header, or a column number from 1).
        /// Fields: name, first_name, last_name, email, organisation,
        /// category, notes; "field=" maps nothing to it.
        #[arg(long)]
        map: Option<String>,
        /// Prints what the import would do, and writes nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Each attendee's ranked workshops of a choice block from a
    /// registration form's export (CSV: "Choix 1", "Choix 2"… or one cell
    /// "Atelier 3 > Atelier 1", and the number of workshops wished when
    /// the form asked), matched to the block's workshops by title; people
    /// found by email, else name, else created. All or nothing; prints a
    /// JSON report.
    Choices(choices::ImportChoices),
}

#[derive(clap::Args)]
struct ImportTarget {
    #[arg(long, env = "DEROULE_DB")]
    db: PathBuf,
    #[arg(long)]
    event: i64,
    /// The file to read.
    file: PathBuf,
}

/// A room or speaker given by id or by name (case-insensitive).
fn pick(
    what: &str,
    given: &str,
    candidates: impl Iterator<Item = (i64, String)>,
) -> crate::Result<i64> {
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
            crate::Error::invalid(
                what,
                "not_found",
                format!("no {what} {given:?} in this event"),
            )
        })
}

fn write_out(path: &std::path::Path, text: &str) -> crate::Result<()> {
    if path.as_os_str() == "-" {
        print!("{text}");
        Ok(())
    } else {
        crate::files::write_atomic(path, text)
    }
}

/// Imports a calendar or schedule into an event and prints what it did.
fn import_programme(
    target: &ImportTarget,
    format: crate::exchange::ImportFormat,
) -> crate::Result<()> {
    let text = crate::files::read_text_for_import(&target.file)?;
    let mut db = Db::open(&target.db)?;
    let summary = db.import(target.event, format, &text)?;
    println!(
        "{}",
        serde_json::to_string(&summary).expect("a summary serializes")
    );
    Ok(())
}

#[derive(clap::Args)]
struct DemoArgs {
    #[arg(long, env = "DEROULE_DB")]
    db: PathBuf,
    /// The demo at conference scale, for measuring: 500 more sessions
    /// in 10 more rooms and 10,000 more attendees.
    #[arg(long)]
    large: bool,
    /// With --large: sessions to add (one more room per 50).
    #[arg(long, default_value_t = 500, requires = "large")]
    sessions: usize,
    /// With --large: attendees to add.
    #[arg(long, default_value_t = 10_000, requires = "large")]
    attendees: usize,
}

/// Writes the demo (or the large demo) into a database; prints its id.
fn demo(args: DemoArgs) -> crate::Result<()> {
    let mut db = Db::open(&args.db)?;
    let id = if args.large {
        db.load_large_demo(LargeDemo {
            sessions: args.sessions,
            attendees: args.attendees,
        })?
    } else {
        db.load_demo()?
    };
    println!("{id}");
    Ok(())
}

/// Reads an event file into a new event and prints what it made.
fn import_event(db: &std::path::Path, file: &std::path::Path) -> crate::Result<()> {
    let text = crate::files::read_text_for_import(file)?;
    let parsed = crate::exchange::programme_file::ProgrammeFile::parse(&text)?;
    let mut db = Db::open(db)?;
    let report = db.import_event_file(&parsed)?;
    println!(
        "{}",
        serde_json::to_string(&report).expect("a report serializes")
    );
    Ok(())
}

/// `deroule import …`: one file into the database.
fn import(what: Import) -> crate::Result<()> {
    match what {
        Import::Attendees {
            target,
            map,
            dry_run,
        } => import_attendees(target, map, dry_run),
        Import::Event { db, file } => import_event(&db, &file),
        Import::Choices(args) => choices::command(args),
        Import::Ics(target) => import_programme(&target, crate::exchange::ImportFormat::Ics),
        Import::Xml(target) => {
            import_programme(&target, crate::exchange::ImportFormat::ScheduleXml)
        }
        Import::Json(target) => {
            import_programme(&target, crate::exchange::ImportFormat::ScheduleJson)
        }
    }
}

fn run(cli: Cli) -> crate::Result<()> {
    match cli.command {
        Command::Demo(args) => demo(args)?,
        Command::Events { db } => {
            let db = Db::open(&db)?;
            for e in db.list_events()? {
                println!(
                    "{}\t{}\t{}\t{} éléments",
                    e.id,
                    e.date.format(crate::model::ymd::FORMAT),
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
            attendee,
            lang,
            out,
        } => export(db, event, format, (room, speaker, attendee, lang), out)?,
        Command::Import(what) => import(what)?,
        Command::Allocate(args) => allocate::command(args)?,
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
                lang: lang.map(Lang::from),
                large,
                attendee_ids: attendees,
                category,
                item_id: item,
            };
            let file = db.print(event, document.into(), &options)?;
            write_out(&out, &file.html)?;
        }
        Command::Publish {
            db,
            event,
            url,
            user,
            subscribe_url,
            room,
            speaker,
        } => publish(db, event, (url, user, subscribe_url), room, speaker)?,
        Command::Versions(command) => versions::versions(command)?,
        Command::Changes {
            db,
            event,
            since,
            lang,
            json,
        } => versions::changes(db, event, since, lang.map(Lang::from), json)?,
        Command::Sheet {
            kind,
            db,
            event,
            since,
            out,
        } => versions::sheet(db, event, kind, since, out)?,
        Command::Notify(args) => notify::notify(args)?,
        Command::Show { db, event } => {
            let db = Db::open(&db)?;
            print!("{}", show::programme_text(&db.editor_programme(event)?));
        }
    }
    Ok(())
}

/// `deroule export`: the programme, or a room's, a speaker's or an
/// attendee's items.
fn export(
    db: PathBuf,
    event: i64,
    format: Format,
    (room, speaker, attendee, lang): (
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<PrintLang>,
    ),
    out: PathBuf,
) -> crate::Result<()> {
    let mut db = Db::open(&db)?;
    let Some(format) = format.calendar() else {
        if room.is_some() || speaker.is_some() || attendee.is_some() {
            return Err(crate::Error::invalid(
                "selection",
                "not_applicable",
                "the web page and the event file hold the whole programme: --room, --speaker and --attendee are for calendars",
            ));
        }
        if matches!(format, Format::Event) {
            return write_out(&out, &db.export_event_file(event)?.contents);
        }
        let page = db.web_page(event, lang.map(Lang::from))?;
        return write_out(&out, &page.html);
    };
    if lang.is_some() {
        return Err(crate::Error::invalid(
            "lang",
            "not_applicable",
            "--lang is for the web page; calendars and schedules are written in the event's language",
        ));
    }
    // A room or a speaker is found by name in the programme; the whole
    // programme needs no read of its own before the export's.
    let selection = match (&room, &speaker, attendee) {
        (None, None, None) => Selection::All,
        _ => selection_of(&db.programme(event)?, room, speaker, attendee)?,
    };
    // What the calendar sends is recorded only once the file is written.
    db.export_to(event, format, &selection, db.now(), |file| {
        write_out(&out, &file.contents)
    })?;
    Ok(())
}

/// The items a calendar holds: a room's or a speaker's (by id or name), an
/// attendee's (by id), else the whole programme.
fn selection_of(
    p: &crate::model::Programme,
    room: Option<String>,
    speaker: Option<String>,
    attendee: Option<i64>,
) -> crate::Result<Selection> {
    Ok(match (room, speaker, attendee) {
        (_, _, Some(attendee)) => Selection::Attendee(attendee),
        (Some(room), _, _) => Selection::Room(pick(
            "room",
            &room,
            p.rooms.iter().filter_map(|r| Some((r.id?, r.name.clone()))),
        )?),
        (_, Some(speaker), _) => Selection::Speaker(pick(
            "speaker",
            &speaker,
            p.speakers
                .iter()
                .filter_map(|s| Some((s.id?, s.name.clone()))),
        )?),
        _ => Selection::All,
    })
}

/// `deroule publish`: the programme, a room's or a speaker's items to a
/// CalDAV calendar; the report as JSON, an error when anything was refused.
fn publish(
    db: PathBuf,
    event: i64,
    (url, user, subscribe_url): (String, String, String),
    room: Option<String>,
    speaker: Option<String>,
) -> crate::Result<()> {
    let mut db = Db::open(&db)?;
    let p = db.programme(event)?;
    let selection = selection_of(&p, room, speaker, None)?;
    let target = crate::publish::PublishTarget {
        url,
        user,
        subscribe_url,
        selection,
    };
    let password = crate::publish::secret::password(&target.url, &target.user)?;
    let report = db.publish(event, &target, &password, db.now())?;
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("a report serializes")
    );
    match report.failed.first() {
        Some(first) => Err(crate::Error::invalid(
            "url",
            "refused",
            format!(
                "{} of the items were not published; first: {}",
                report.failed.len(),
                first.message
            ),
        )),
        None => Ok(()),
    }
}

/// `deroule import attendees`: a CSV file, the mapping guessed unless given.
fn import_attendees(target: ImportTarget, map: Option<String>, dry_run: bool) -> crate::Result<()> {
    let bytes = attendees_csv::read_file(&target.file)?;
    let mapping = match map {
        Some(spec) => {
            let headers = attendees_csv::CsvFile::read(&bytes)?.headers;
            Some(attendees_csv::guess_mapping(&headers).apply_map(&spec, &headers)?)
        }
        None => None,
    };
    let mut db = Db::open(&target.db)?;
    let report = if dry_run {
        db.import_attendees_csv_dry_run(target.event, &bytes, mapping.as_ref())?
    } else {
        db.import_attendees_csv(target.event, &bytes, mapping.as_ref())?
    };
    println!(
        "{}",
        serde_json::to_string(&report).expect("a report serializes")
    );
    Ok(())
}

/// `deroule allocate`: a block's workshops by preference, as JSON or text.
fn allocate_block(
    db: PathBuf,
    event: i64,
    block: String,
    dry_run: bool,
    json: bool,
) -> crate::Result<()> {
    let mut db = Db::open(&db)?;
    let before = db.registrations(event)?;
    let block = pick(
        "block",
        &block,
        before
            .blocks
            .iter()
            .filter_map(|b| Some((b.id?, b.name.clone()))),
    )?;
    let report = db.allocate_block(block, dry_run)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a report serializes")
        );
    } else {
        print!(
            "{}",
            show::allocation_text(&report, &db.programme(event)?, &db.registrations(event)?)
        );
    }
    Ok(())
}

/// Runs the `deroule` command; `src/main.rs` calls this.
pub fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("deroule: {e}");
            ExitCode::FAILURE
        }
    }
}
