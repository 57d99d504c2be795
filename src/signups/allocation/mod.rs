//! Runs the allocation by preference ([`crate::signups::allocation::solver`]) on a choice
//! block of the database, and applies it as sign-ups.
//!
//! - **Rounds** are the block's items grouped by time: items that overlap
//!   (directly or through a chain of overlaps) share a round. An attendee
//!   gets at most one seat per round, so never two overlapping items.
//! - **Who takes part**: the attendees who ranked at least one workshop of
//!   the block. Their sign-ups for the block's items are replaced by the
//!   allocation's; everyone else's sign-ups stay, and the seats they hold are
//!   taken off the capacities first.
//! - An attendee asks for the block's `max_choices` workshops, or fewer
//!   when they said so on the registration form (`block_wishes`).
//! - A seat that would overlap an item the attendee holds outside the block
//!   is not given (the report counts it in `conflicts`).
//!
//! The app solves in the background, without holding the database: it reads
//! the block's problem ([`Db::allocation_problem`]), solves it
//! ([`solver::allocate_within`]), and applies the result
//! ([`Db::apply_allocation`]) only if reading the block again inside the
//! transaction gives the very same problem (workshops, capacities, seats
//! kept, rankings); otherwise it is refused as `changed`.

pub mod fairness;
pub mod solver;

use crate::db::cached::Cached;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{Id, SignupSource, SignupStatus};
use crate::signups::engine::within as signups;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use solver::{Allocation, Occurrence, Problem};
use std::collections::{BTreeMap, HashMap};
use ts_rs::TS;

/// What the organiser reads after an allocation (or before, in a dry run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AllocationReport {
    pub block_id: Id,
    /// The sign-ups were written (`false`: a dry run).
    pub applied: bool,
    /// Attendees who ranked workshops of the block.
    pub attendees: usize,
    /// `by_rank[k]`: seats given at the attendee's `(k+1)`-th choice.
    pub by_rank: Vec<usize>,
    /// Attendees with at least one seat.
    pub served: usize,
    /// Attendees who got nothing.
    pub unserved: usize,
    pub seats_wished: usize,
    pub seats_given: usize,
    /// Attendees with fewer seats than they asked for.
    pub short: Vec<AllocationShortfall>,
    /// Per item of the block, by time.
    pub fills: Vec<AllocationFill>,
    /// Seats not given because the attendee holds an overlapping item
    /// outside the block.
    pub conflicts: usize,
    /// Proven optimal (else the deadline came first: see `gap`).
    pub optimal: bool,
    /// When not optimal: the first tier not proven and its bound.
    #[ts(optional = nullable)]
    pub gap: Option<solver::Gap>,
    /// Participants of a priority category of the block, and how many of
    /// them got a seat.
    pub priority_attendees: usize,
    pub priority_served: usize,
    /// The participants' seats in the block before this allocation, and
    /// what became of them (see [`fairness`]): kept on the same item,
    /// moved (one left, one taken), added, removed.
    pub seats_before: usize,
    pub seats_kept: usize,
    pub seats_moved: usize,
    pub seats_added: usize,
    pub seats_removed: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AllocationShortfall {
    pub attendee_id: Id,
    pub wished: usize,
    pub got: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AllocationFill {
    pub item_id: Id,
    /// Seats given by the allocation.
    pub allocated: i64,
    /// Seats held by attendees who did not rank (kept as they were).
    pub kept: i64,
    /// `None`: no limit.
    #[ts(optional = nullable)]
    pub capacity: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
struct BlockItem {
    id: Id,
    workshop_id: Id,
    starts_at: String,
    ends_at: String,
    capacity: Option<i64>,
}

/// A block's allocation problem as read from the database: what the
/// solver takes, and how its answer maps back to items. Two reads are equal
/// exactly when nothing the allocation depends on changed in between.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockProblem {
    block_id: Id,
    /// What the solver takes.
    pub problem: Problem,
    items: Vec<BlockItem>,
    participants: Vec<Id>,
    kept: HashMap<Id, i64>,
    /// (workshop, round) → its items and their free seats.
    slots: BTreeMap<(usize, usize), Vec<(Id, u32)>>,
    /// Per participant, the block's items they hold now.
    before: Vec<Vec<Id>>,
}

impl BlockProblem {
    /// Attendees who ranked workshops of the block.
    pub fn participants(&self) -> usize {
        self.participants.len()
    }
}

/// The allocation of a block: what the organiser reads, and per
/// participant the items to confirm.
struct Plan {
    report: AllocationReport,
    participants: Vec<Id>,
    /// Per participant, the items to confirm.
    seats: Vec<Vec<Id>>,
}

fn prepare(conn: &Connection, block_id: Id) -> Result<BlockProblem> {
    let max: i64 = conn
        .query_row(
            "SELECT max_choices FROM choice_blocks WHERE id = ?1",
            [block_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("block", block_id))?;
    let items = block_items(conn, block_id)?;
    let rankings = block_rankings(conn, block_id)?;
    let wishes = signups::block_wishes(conn, block_id)?;
    let participants: Vec<Id> = rankings.keys().copied().collect();
    let is_participant: HashMap<Id, usize> = participants
        .iter()
        .enumerate()
        .map(|(n, &a)| (a, n))
        .collect();

    let (rounds, round_of) = rounds_of(&items);

    let kept = kept_seats(conn, block_id, &is_participant)?;

    // Workshops by first occurrence; (workshop, round) → its items.
    let mut workshop_index: HashMap<Id, usize> = HashMap::new();
    let mut slots: BTreeMap<(usize, usize), Vec<(Id, u32)>> = BTreeMap::new();
    for item in &items {
        let next = workshop_index.len();
        let w = *workshop_index.entry(item.workshop_id).or_insert(next);
        let free = match item.capacity {
            Some(c) => (c - kept.get(&item.id).copied().unwrap_or(0)).max(0),
            None => participants.len() as i64,
        };
        slots
            .entry((w, round_of[&item.id]))
            .or_default()
            .push((item.id, u32::try_from(free).unwrap_or(u32::MAX)));
    }
    let workshops = workshops_of(&slots, workshop_index.len());
    let options = fairness::read(conn, block_id)?;
    let profiles = fairness::profiles(conn, block_id, &participants, &options)?;
    let place_of: HashMap<Id, solver::Place> = slots
        .iter()
        .flat_map(|(&(workshop, round), list)| {
            list.iter()
                .map(move |(item, _)| (*item, solver::Place { workshop, round }))
        })
        .collect();
    let problem = Problem {
        rounds,
        max_seats: max as usize,
        workshops,
        attendees: participants
            .iter()
            .enumerate()
            .map(|(n, a)| solver::Attendee {
                ranking: rankings[a]
                    .iter()
                    .filter_map(|w| workshop_index.get(w).copied())
                    .collect(),
                wishes: wishes.get(a).map(|&n| n as usize),
                organisation: profiles.organisation[n],
                priority: profiles.priority[n],
                held: if options.keep_seats {
                    let mut held: Vec<solver::Place> = profiles.holding[n]
                        .iter()
                        .filter_map(|i| place_of.get(i).copied())
                        .collect();
                    held.sort();
                    held.dedup();
                    held
                } else {
                    Vec::new()
                },
            })
            .collect(),
        organisation_cap: options.organisation_cap,
    };
    Ok(BlockProblem {
        block_id,
        problem,
        items,
        participants,
        kept,
        slots,
        before: profiles.holding,
    })
}

/// Solves a block's problem within the default limits.
fn solve(prepared: &BlockProblem) -> Result<Allocation> {
    solver::allocate(&prepared.problem).map_err(solver_error)
}

/// A solver error as the core's.
pub fn solver_error(e: solver::AllocationError) -> Error {
    Error::invalid("block", "allocation", e.to_string())
}

fn plan(prepared: &BlockProblem, solved: &Allocation) -> Plan {
    let (seats, used) = seats_to_items(&solved.seats, &prepared.slots, &prepared.before);
    let changes = fairness::changes(&prepared.before, &seats);
    let summary = &solved.summary;
    let participants = &prepared.participants;
    let report = AllocationReport {
        block_id: prepared.block_id,
        applied: false,
        attendees: participants.len(),
        by_rank: summary.by_rank.clone(),
        served: summary.served,
        unserved: summary.unserved,
        seats_wished: summary.seats_wished,
        seats_given: summary.seats_given,
        short: summary
            .short
            .iter()
            .map(|s| AllocationShortfall {
                attendee_id: participants[s.attendee],
                wished: s.wished,
                got: s.got,
            })
            .collect(),
        fills: prepared
            .items
            .iter()
            .map(|i| AllocationFill {
                item_id: i.id,
                allocated: used.get(&i.id).copied().unwrap_or(0) as i64,
                kept: prepared.kept.get(&i.id).copied().unwrap_or(0),
                capacity: i.capacity,
            })
            .collect(),
        conflicts: 0,
        optimal: solved.optimal,
        gap: solved.gap,
        priority_attendees: prepared
            .problem
            .attendees
            .iter()
            .filter(|a| a.priority)
            .count(),
        priority_served: solved.score.priority,
        seats_before: changes.before,
        seats_kept: changes.kept,
        seats_moved: changes.moved,
        seats_added: changes.added,
        seats_removed: changes.removed,
    };
    Plan {
        report,
        participants: participants.clone(),
        seats,
    }
}

/// The solver's workshops: each one's occurrences, a round each, with the
/// free seats of its items in that round summed.
fn workshops_of(
    slots: &BTreeMap<(usize, usize), Vec<(Id, u32)>>,
    count: usize,
) -> Vec<solver::Workshop> {
    let mut workshops = vec![
        solver::Workshop {
            occurrences: Vec::new()
        };
        count
    ];
    for (&(w, r), list) in slots {
        workshops[w].occurrences.push(Occurrence {
            round: r,
            capacity: list.iter().map(|(_, c)| *c).fold(0u32, u32::saturating_add),
        });
    }
    workshops
}

/// The items of a block's workshops, by start time.
fn block_items(conn: &Connection, block_id: Id) -> Result<Vec<BlockItem>> {
    let mut stmt = conn.prepare(
        "SELECT i.id, i.workshop_id, i.starts_at, i.ends_at, coalesce(i.capacity, r.capacity) \
         FROM items i JOIN workshops w ON w.id = i.workshop_id LEFT JOIN rooms r ON r.id = i.room_id \
         WHERE w.block_id = ?1 ORDER BY i.starts_at, i.id",
    )?;
    let rows = stmt.query_map([block_id], |r| {
        Ok(BlockItem {
            id: r.get(0)?,
            workshop_id: r.get(1)?,
            starts_at: r.get(2)?,
            ends_at: r.get(3)?,
            capacity: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Rankings of the participants, first choice first.
fn block_rankings(conn: &Connection, block_id: Id) -> Result<BTreeMap<Id, Vec<Id>>> {
    let mut rankings: BTreeMap<Id, Vec<Id>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT k.attendee_id, k.workshop_id FROM rankings k JOIN workshops w ON w.id = k.workshop_id \
         JOIN attendees a ON a.id = k.attendee_id WHERE w.block_id = ?1 \
         ORDER BY a.name COLLATE NOCASE, a.id, k.rank",
    )?;
    let rows = stmt.query_map([block_id], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, Id>(1)?)))?;
    for row in rows {
        let (a, w) = row?;
        rankings.entry(a).or_default().push(w);
    }
    Ok(rankings)
}

/// Rounds: chains of overlapping items (sorted by start). Returns how many,
/// and the round of each item.
fn rounds_of(items: &[BlockItem]) -> (usize, HashMap<Id, usize>) {
    let mut round_of: HashMap<Id, usize> = HashMap::new();
    let mut rounds = 0;
    let mut round_end = String::new();
    for item in items {
        if rounds == 0 || item.starts_at >= round_end {
            rounds += 1;
            round_end = item.ends_at.clone();
        } else if item.ends_at > round_end {
            round_end = item.ends_at.clone();
        }
        round_of.insert(item.id, rounds - 1);
    }
    (rounds, round_of)
}

/// Seats held by non-participants, per item: they come off the capacities.
fn kept_seats(
    conn: &Connection,
    block_id: Id,
    is_participant: &HashMap<Id, usize>,
) -> Result<HashMap<Id, i64>> {
    let mut kept: HashMap<Id, i64> = HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT s.item_id, s.attendee_id FROM signups s JOIN items i ON i.id = s.item_id \
         JOIN workshops w ON w.id = i.workshop_id WHERE w.block_id = ?1 AND s.status = 'confirmed'",
    )?;
    let rows = stmt.query_map([block_id], |r| Ok((r.get::<_, Id>(0)?, r.get::<_, Id>(1)?)))?;
    for row in rows {
        let (item, attendee) = row?;
        if !is_participant.contains_key(&attendee) {
            *kept.entry(item).or_default() += 1;
        }
    }
    Ok(kept)
}

/// Seats back to items: within a (workshop, round), a seat goes to the
/// item its attendee holds there when it has room (first, for every
/// attendee), else to the first item in order with room. Returns each
/// participant's items and the seats given per item.
fn seats_to_items(
    solved: &[Vec<solver::Seat>],
    slots: &BTreeMap<(usize, usize), Vec<(Id, u32)>>,
    before: &[Vec<Id>],
) -> (Vec<Vec<Id>>, HashMap<Id, u32>) {
    let mut used: HashMap<Id, u32> = HashMap::new();
    let mut seats: Vec<Vec<Option<Id>>> = solved.iter().map(|l| vec![None; l.len()]).collect();
    for (a, list) in solved.iter().enumerate() {
        for (i, seat) in list.iter().enumerate() {
            let candidates = &slots[&(seat.workshop, seat.round)];
            let held = candidates.iter().find(|(id, cap)| {
                before.get(a).is_some_and(|b| b.contains(id))
                    && used.get(id).copied().unwrap_or(0) < *cap
            });
            if let Some((item, _)) = held {
                *used.entry(*item).or_default() += 1;
                seats[a][i] = Some(*item);
            }
        }
    }
    for (a, list) in solved.iter().enumerate() {
        for (i, seat) in list.iter().enumerate() {
            if seats[a][i].is_some() {
                continue;
            }
            let candidates = &slots[&(seat.workshop, seat.round)];
            let (item, _) = candidates
                .iter()
                .find(|(id, cap)| used.get(id).copied().unwrap_or(0) < *cap)
                .expect("the allocation respects the summed capacity");
            *used.entry(*item).or_default() += 1;
            seats[a][i] = Some(*item);
        }
    }
    let seats = seats
        .into_iter()
        .map(|l| l.into_iter().flatten().collect())
        .collect();
    (seats, used)
}

/// Writes a plan: the participants' sign-ups for the block's items are
/// cancelled, then their seats confirmed; waitlists are served last.
fn apply(conn: &Connection, block_id: Id, plan: &mut Plan) -> Result<()> {
    let now = crate::db::clock::stamp(conn)?;
    for &attendee in &plan.participants {
        conn.execute_cached(
            "UPDATE signups SET status = 'cancelled', updated_at = ?3 WHERE attendee_id = ?1 \
             AND status <> 'cancelled' AND item_id IN (SELECT i.id FROM items i JOIN workshops w \
             ON w.id = i.workshop_id WHERE w.block_id = ?2)",
            params![attendee, block_id, now],
        )?;
    }
    let mut conflicts = 0;
    for (attendee, items) in plan.participants.iter().zip(&plan.seats) {
        for &item in items {
            match signups::sign_up(conn, item, *attendee, SignupSource::Allocation) {
                Ok(s) if s.status == SignupStatus::Confirmed => {}
                Ok(s) => {
                    return Err(Error::new(
                        crate::ErrorCode::Database,
                        format!("allocation seat {} came out {:?}", s.id, s.status),
                    ))
                }
                Err(e) if e.reason.as_deref() == Some("overlap") => {
                    conflicts += 1;
                    let fill = plan.report.fills.iter_mut().find(|f| f.item_id == item);
                    if let Some(f) = fill {
                        f.allocated -= 1;
                    }
                }
                Err(e) => return Err(e),
            }
        }
    }
    plan.report.conflicts = conflicts;
    plan.report.seats_given -= conflicts;
    let event_id: Id = conn.query_row_cached(
        "SELECT event_id FROM choice_blocks WHERE id = ?1",
        [block_id],
        |r| r.get(0),
    )?;
    crate::signups::engine::settle(conn, event_id)?;
    plan.report.applied = true;
    Ok(())
}

impl Db {
    /// Allocates the workshops of a block by the attendees' rankings (see
    /// the module doc and [`crate::signups::allocation::solver`] for the objective). With
    /// `dry_run`, only reports; otherwise writes the sign-ups in one
    /// undoable step.
    pub fn allocate_block(&mut self, block_id: Id, dry_run: bool) -> Result<AllocationReport> {
        if dry_run {
            let prepared = prepare(self.conn(), block_id)?;
            return Ok(plan(&prepared, &solve(&prepared)?).report);
        }
        self.change("allocation.run", |tx| {
            let prepared = prepare(tx, block_id)?;
            let mut plan = plan(&prepared, &solve(&prepared)?);
            apply(tx, block_id, &mut plan)?;
            Ok(plan.report)
        })
    }

    /// The allocation problem of a block, to solve away from the database.
    pub fn allocation_problem(&self, block_id: Id) -> Result<BlockProblem> {
        prepare(self.conn(), block_id)
    }

    /// What `solved` (an allocation of `prepared`) would give, written
    /// nowhere: the report of a dry run.
    pub fn allocation_report(prepared: &BlockProblem, solved: &Allocation) -> AllocationReport {
        plan(prepared, solved).report
    }

    /// Writes `solved`, an allocation of `prepared`, in one undoable step,
    /// if the block still reads as `prepared`; else refuses as `changed`
    /// and writes nothing.
    pub fn apply_allocation(
        &mut self,
        prepared: &BlockProblem,
        solved: &Allocation,
    ) -> Result<AllocationReport> {
        self.change("allocation.run", |tx| {
            if prepare(tx, prepared.block_id)? != *prepared {
                return Err(Error::invalid(
                    "block",
                    "changed",
                    "the block's workshops, capacities, sign-ups or rankings changed while it was being allocated",
                ));
            }
            let mut plan = plan(prepared, solved);
            apply(tx, prepared.block_id, &mut plan)?;
            Ok(plan.report)
        })
    }
}

/// Runs and applies the allocation of a block inside the caller's
/// transaction (the demo).
pub(crate) fn apply_within(conn: &Connection, block_id: Id) -> Result<AllocationReport> {
    let prepared = prepare(conn, block_id)?;
    let mut plan = plan(&prepared, &solve(&prepared)?);
    apply(conn, block_id, &mut plan)?;
    Ok(plan.report)
}

/// Where an allocation running in the background stands; the app keeps
/// one and the Allocation screen polls it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AllocationStatus {
    /// Counts the runs started: a late result of a cancelled run is told
    /// apart from the current one's.
    pub run: u32,
    pub running: bool,
    #[ts(optional = nullable)]
    pub block_id: Option<Id>,
    /// The run writes its result (else a simulation).
    pub apply: bool,
    #[ts(optional = nullable)]
    pub phase: Option<AllocationPhase>,
    /// The best allocation found so far, once the search handed over to
    /// the MIP solver.
    #[ts(optional = nullable)]
    pub best: Option<solver::Score>,
    /// How far `best` may be from the optimum, when known.
    #[ts(optional = nullable)]
    pub gap: Option<solver::Gap>,
    /// Milliseconds since the run started.
    pub elapsed_ms: u64,
    #[ts(optional = nullable)]
    pub report: Option<AllocationReport>,
    #[ts(optional = nullable)]
    pub error: Option<Error>,
    /// The organiser stopped it: nothing was or will be written.
    pub cancelled: bool,
}

/// What a background allocation is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AllocationPhase {
    /// Reading the block (the database is held, briefly).
    Reading,
    /// The combinatorial search.
    Searching,
    /// HiGHS, from the search's best allocation.
    Refining,
    /// Writing the sign-ups (the database is held, briefly).
    Applying,
}
