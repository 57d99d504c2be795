//! `deroule`: Déroulé from the command line, for scripts and benchmarks.
//! Every rule lives in the library; this file only parses arguments and
//! prints.

use clap::{Parser, Subcommand};
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
    /// Prints an event's day as text, in French.
    Show {
        #[arg(long, env = "DEROULE_DB")]
        db: PathBuf,
        #[arg(long)]
        event: i64,
    },
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
