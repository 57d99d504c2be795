//! The allocation of a block, run in the background: read the block under
//! the database lock, solve without it (on a thread of its own, not the
//! async workers), then write under the lock only if the block still reads
//! the same. The Allocation screen polls `allocation_status` and may cancel:
//! Stop interrupts the solver (the search between nodes, HiGHS through its
//! interrupt callback), so the thread ends at once and writes nothing.

use super::Res;
use crate::AppState;
use deroule::model::Id;
use deroule::signups::allocation::fairness::BlockFairness;
use deroule::signups::allocation::solver::{self, Limits, Progress, Stop};
use deroule::signups::allocation::{solver_error, AllocationPhase, AllocationStatus, BlockProblem};
use deroule::{Db, Error, ErrorCode};
use std::time::Instant;
use tauri::{AppHandle, Manager, Runtime, State};

/// How many attendees ranked the block's workshops (no solving).
#[tauri::command(async)]
pub(crate) fn allocation_participants(state: State<'_, AppState>, block_id: Id) -> Res<usize> {
    state.with(|db| Ok(db.allocation_problem(block_id)?.participants()))
}

/// Starts allocating a block in the background: a simulation, or with
/// `apply` the allocation written as sign-ups in one undoable step.
#[tauri::command(async)]
pub(crate) fn start_allocation<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    block_id: Id,
    apply: bool,
) -> Res<AllocationStatus> {
    let run = {
        let mut status = state.allocating();
        if status.running {
            return Err(Error::new(
                ErrorCode::Invalid,
                "an allocation is already running",
            ));
        }
        *status = AllocationStatus {
            run: status.run + 1,
            running: true,
            block_id: Some(block_id),
            apply,
            phase: Some(AllocationPhase::Reading),
            ..AllocationStatus::default()
        };
        // A new Stop for this run, set before anyone can press it.
        *state.allocation_stop() = Stop::new();
        status.run
    };
    let stop = state.allocation_stop().clone();
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let started = Instant::now();
        // A panic of the solver is answered as an error, not a run that
        // never ends.
        let outcome =
            crate::guard::blocking(|| allocate(&state, (run, &stop), block_id, apply, started));
        let mut status = state.allocating();
        if status.run != run || status.cancelled {
            return; // cancelled: the result is dropped
        }
        status.running = false;
        status.phase = None;
        status.elapsed_ms = started.elapsed().as_millis() as u64;
        match outcome {
            Ok(report) => status.report = Some(report),
            Err(e) => status.error = Some(e),
        }
    });
    Ok(state.allocating().clone())
}

fn allocate(
    state: &AppState,
    (run, stop): (u32, &Stop),
    block_id: Id,
    apply: bool,
    started: Instant,
) -> Res<deroule::signups::allocation::AllocationReport> {
    let prepared: BlockProblem = state.with(|db| db.allocation_problem(block_id))?;
    let pause_until = Instant::now() + state.allocation_pause;
    while Instant::now() < pause_until && current(state, run) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    if !current(state, run) {
        return Err(Error::new(ErrorCode::Invalid, "cancelled"));
    }
    let mut progress = |p: Progress| {
        let mut status = state.allocating();
        if status.run != run {
            return;
        }
        status.elapsed_ms = started.elapsed().as_millis() as u64;
        match p {
            Progress::Searching => status.phase = Some(AllocationPhase::Searching),
            Progress::Refining { best, gap } => {
                status.phase = Some(AllocationPhase::Refining);
                status.best = Some(best);
                status.gap = Some(gap);
            }
        }
    };
    let solved =
        solver::allocate_until_stopped(&prepared.problem, Limits::default(), stop, &mut progress)
            .map_err(solver_error)?;
    if solved.stopped {
        return Err(Error::new(ErrorCode::Invalid, "cancelled"));
    }
    if !apply {
        return Ok(Db::allocation_report(&prepared, &solved));
    }
    if !current(state, run) {
        return Err(Error::new(ErrorCode::Invalid, "cancelled"));
    }
    state.allocating().phase = Some(AllocationPhase::Applying);
    state.with(|db| db.apply_allocation(&prepared, &solved))
}

/// Whether run `run` is still the one the screen waits for.
fn current(state: &AppState, run: u32) -> bool {
    let status = state.allocating();
    status.run == run && !status.cancelled
}

/// Where the background allocation stands.
#[tauri::command(async)]
pub(crate) fn allocation_status(state: State<'_, AppState>) -> Res<AllocationStatus> {
    Ok(state.allocating().clone())
}

/// Stops the running allocation: the solver is interrupted (its thread
/// ends at once) and nothing is written.
#[tauri::command(async)]
pub(crate) fn cancel_allocation(state: State<'_, AppState>) -> Res<AllocationStatus> {
    let mut status = state.allocating();
    if status.running {
        status.running = false;
        status.cancelled = true;
        status.phase = None;
        state.allocation_stop().stop();
    }
    Ok(status.clone())
}

/// A block's fairness options (organisation cap, priority categories,
/// keeping the seats held).
#[tauri::command(async)]
pub(crate) fn block_fairness(state: State<'_, AppState>, block_id: Id) -> Res<BlockFairness> {
    state.with(|db| db.block_fairness(block_id))
}

/// Sets a block's fairness options in one undoable step; returns them as
/// stored.
#[tauri::command(async)]
pub(crate) fn set_block_fairness(
    state: State<'_, AppState>,
    block_id: Id,
    options: BlockFairness,
) -> Res<BlockFairness> {
    state.with(|db| db.set_block_fairness(block_id, &options))
}
