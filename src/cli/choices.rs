//! `deroule import choices`: each attendee's ranked workshops of a choice
//! block from a registration form's export, all or nothing.

use crate::error::Result;
use crate::signups::csv::choices::{find_workshop, ChoiceAlias, ChoicesOptions};
use crate::signups::csv::read_file;
use crate::Db;
use std::path::PathBuf;

/// The arguments of `deroule import choices`.
#[derive(clap::Args)]
pub struct ImportChoices {
    #[arg(long, env = "DEROULE_DB")]
    db: PathBuf,
    #[arg(long)]
    event: i64,
    /// The choice block (its id or its name).
    #[arg(long)]
    block: String,
    /// Takes the closest workshop proposed for every title that names
    /// none (a typo); without it, such a title refuses the file.
    #[arg(long)]
    accept_proposals: bool,
    /// Reads a title of the file as a workshop: "TEXT=WORKSHOP", the
    /// workshop by its title as the file would write it (repeatable).
    #[arg(long = "accept", value_name = "TEXT=WORKSHOP")]
    accept: Vec<String>,
    /// The columns of choices, first choice first, in place of the
    /// guess: headers or numbers from 1, comma-separated ("Atelier
    /// préféré,Deuxième atelier", "4,5").
    #[arg(long, value_name = "COLUMNS")]
    choices: Option<String>,
    /// The columns of a ranking grid (one per workshop, the rank in its
    /// cells), in place of the guess: headers or numbers from 1.
    #[arg(long, value_name = "COLUMNS")]
    grid: Option<String>,
    /// The column of the number of workshops wished ("" for none).
    #[arg(long, value_name = "COLUMN")]
    wishes: Option<String>,
    /// The attendee's columns, as `import attendees --map`
    /// ("name=Nom complet,email=3").
    #[arg(long, value_name = "FIELD=COLUMN,...")]
    map: Option<String>,
    /// Prints what the import would do, and writes nothing.
    #[arg(long)]
    dry_run: bool,
    /// The file to read.
    file: PathBuf,
}

/// Imports, or with `--dry-run` reports, and prints the report as JSON.
pub fn command(args: ImportChoices) -> Result<()> {
    let bytes = read_file(&args.file)?;
    let mut db = Db::open(&args.db)?;
    let blocks = db.registrations(args.event)?.blocks;
    let block = super::pick(
        "block",
        &args.block,
        blocks.iter().filter_map(|b| Some((b.id?, b.name.clone()))),
    )?;
    let guessed = db.preview_choices_csv(block, &bytes, &ChoicesOptions::default())?;
    let mut options = ChoicesOptions::default();
    let given = [&args.choices, &args.grid, &args.wishes, &args.map];
    if given.iter().any(|a| a.is_some()) {
        let headers = &guessed.headers;
        let mut mapping = guessed.mapping.with_columns(
            args.choices.as_deref(),
            args.grid.as_deref(),
            args.wishes.as_deref(),
            headers,
        )?;
        if let Some(spec) = &args.map {
            mapping.attendee = mapping.attendee.apply_map(spec, headers)?;
        }
        options.mapping = Some(mapping);
    }
    let preview = db.preview_choices_csv(block, &bytes, &options)?;
    for given in &args.accept {
        let Some((text, workshop)) = given.split_once('=') else {
            return Err(crate::Error::invalid(
                "accept",
                "bad_accept",
                format!("{given:?} is not TEXT=WORKSHOP"),
            ));
        };
        let id = find_workshop(&preview.workshops, workshop);
        let Some(workshop_id) = id else {
            return Err(crate::Error::invalid(
                "accept",
                "unknown_workshop",
                format!("{workshop:?} is no workshop of the block"),
            ));
        };
        options.accepted.push(ChoiceAlias {
            text: text.trim().to_owned(),
            workshop_id,
        });
    }
    if args.accept_proposals {
        options
            .accepted
            .extend(preview.unmatched.iter().filter_map(|u| {
                Some(ChoiceAlias {
                    text: u.text.clone(),
                    workshop_id: u.proposal?,
                })
            }));
    }
    let report = if args.dry_run {
        db.import_choices_csv_dry_run(block, &bytes, &options)?
    } else {
        db.import_choices_csv(block, &bytes, &options)?
    };
    println!(
        "{}",
        serde_json::to_string(&report).expect("a report serializes")
    );
    Ok(())
}
