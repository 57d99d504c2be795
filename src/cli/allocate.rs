//! `deroule allocate --problem FILE.json`: the pure solver on one instance
//! written as the solver's `Problem` serialises (docs/allocation-problem.schema.json),
//! for reproducible bug reports and benchmarks. Nothing is read from or
//! written to a database.

use crate::error::{Error, Result};
use crate::signups::allocation::solver::{allocate, Allocation, Problem, Tier};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The arguments of `deroule allocate`.
#[derive(clap::Args, Debug)]
pub struct AllocateArgs {
    #[arg(long, env = "DEROULE_DB", required_unless_present = "problem")]
    db: Option<PathBuf>,
    #[arg(long, required_unless_present = "problem")]
    event: Option<i64>,
    /// The choice block (its id or its name).
    #[arg(long, required_unless_present = "problem")]
    block: Option<String>,
    /// A problem file (JSON) to solve alone, without a database.
    #[arg(long, conflicts_with_all = ["event", "block", "dry_run"])]
    problem: Option<PathBuf>,
    /// Only print what the allocation would give; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the report as JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// `deroule allocate`: a stored block, or with --problem a file.
pub fn command(args: AllocateArgs) -> Result<()> {
    match (args.problem, args.db, args.event, args.block) {
        (Some(problem), ..) => run(&problem, args.json),
        (None, Some(db), Some(event), Some(block)) => {
            super::allocate_block(db, event, block, args.dry_run, args.json)
        }
        _ => unreachable!("clap requires --problem, or --db, --event and --block"),
    }
}

/// Reads a problem file: JSON, every field known, errors with line and
/// column.
pub fn read_problem(path: &Path) -> Result<Problem> {
    let bytes = crate::files::read_for_import(path)?;
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::invalid(
            "problem",
            "malformed",
            format!(
                "{}: line {}, column {}: {e}",
                path.display(),
                e.line(),
                e.column()
            ),
        )
    })
}

/// Solves the problem of `path` and prints the allocation, as text or JSON.
pub fn run(path: &Path, json: bool) -> Result<()> {
    let problem = read_problem(path)?;
    let solved = allocate(&problem)
        .map_err(|e| Error::invalid("problem", "unsolvable", format!("{}: {e}", path.display())))?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&solved).expect("an allocation serializes")
        );
    } else {
        print!("{}", text(&problem, &solved));
    }
    Ok(())
}

fn tier_fr(tier: Tier) -> &'static str {
    match tier {
        Tier::Priority => "prioritaires servis",
        Tier::Served => "participants servis",
        Tier::Seats => "places",
        Tier::Kept => "places gardées",
        Tier::Satisfaction => "satisfaction",
    }
}

/// The allocation in French: the score (the priority and kept tiers when
/// the problem has priority attendees or seats held before), whether it is
/// optimal, then each attendee's seats (indices as in the file, rounds and
/// workshops from 0).
fn text(problem: &Problem, solved: &Allocation) -> String {
    let mut out = String::new();
    let s = solved.score;
    let [priority, _, _, held, _] = problem.tier_bounds();
    let mut tiers = Vec::new();
    if problem.attendees.iter().any(|a| a.priority) {
        tiers.push(format!("Prioritaires servis : {} / {priority}", s.priority));
    }
    tiers.push(format!("Servis : {}", s.served));
    tiers.push(format!("Places : {}", s.seats));
    if problem.attendees.iter().any(|a| !a.held.is_empty()) {
        tiers.push(format!("Gardées : {} / {held}", s.kept));
    }
    tiers.push(format!("Satisfaction : {}", s.satisfaction));
    let _ = writeln!(out, "{}", tiers.join("  "));
    match solved.gap {
        None => {
            let _ = writeln!(out, "Optimal (prouvé).");
        }
        Some(gap) => {
            let _ = writeln!(
                out,
                "Non prouvé optimal dans le temps imparti : {} {} (borne {}).",
                tier_fr(gap.tier),
                gap.found,
                gap.bound
            );
        }
    }
    for (a, seats) in solved.seats.iter().enumerate() {
        let list: Vec<String> = seats
            .iter()
            .map(|x| format!("tour {} atelier {} (choix {})", x.round, x.workshop, x.rank))
            .collect();
        let _ = writeln!(
            out,
            "Participant {a} : {}",
            if list.is_empty() {
                "aucun atelier".to_owned()
            } else {
                list.join(", ")
            }
        );
    }
    out
}
