//! Allocation of attendees to workshops by ranked preference.
//!
//! A block of a day ("14h-16h, 4 ateliers d'échanges — possibilité de
//! participer à 2 ateliers d'1 heure") runs workshops in several rounds
//! (time slots). Each workshop `w` has occurrences `(w, r)`, one per round
//! it runs in, each with a capacity. Each attendee `a` ranks the workshops
//! they want (rank 1 first; unranked workshops are not wanted) and asks for
//! `n_a ≤ N` seats. This module is pure: data in, data out, no database.
//!
//! # Feasible allocation
//!
//! A set of seats `(a, w, r)` such that: `w` is ranked by `a`; `(w, r)` is
//! an occurrence and holds at most its capacity; `a` has at most one seat
//! per round, never the same workshop twice, and at most `n_a` seats.
//!
//! # Fairness options
//!
//! - **Organisation cap** (`organisation_cap = k`): at most `k` attendees
//!   of the same organisation in one occurrence `(w, r)`. Attendees without
//!   an organisation are not counted. A constraint: it changes what is
//!   feasible, not the objective.
//! - **Priority attendees** (`priority`): the attendees of a priority
//!   category (people who could not come last year…) are served first.
//! - **Seats held before** (`held`): after late changes, the seats of the
//!   previous allocation are kept where possible.
//!
//! # Objective
//!
//! Let `s_a` be the number of seats of attendee `a`, `rank(a, w) ≥ 1` the
//! position of `w` in `a`'s ranking, `K = 1 + max_a |ranking_a|`, `P_a`
//! whether `a` is a priority attendee and `H_a` the seats `a` held before.
//! The allocation maximises, lexicographically:
//!
//! 1. `priority = #{a : P_a, s_a ≥ 1}`, the priority attendees served;
//! 2. `served = #{a : s_a ≥ 1}`, the attendees who get at least one
//!    workshop they ranked (so nobody is left with nothing while a seat
//!    they could take is free);
//! 3. `seats = Σ_a s_a`, the seats given;
//! 4. `kept = #{seats (a, w, r) given with (w, r) ∈ H_a}`, the seats held
//!    before and kept;
//! 5. `satisfaction = Σ_{(a,w,r)} (K − rank(a, w))`: rank 1 is worth
//!    `K − 1`, the last possible rank is worth 1.
//!
//! Without priority attendees or seats held before, tiers 1 and 4 are 0
//! for every allocation and the order is the original (served, seats,
//! satisfaction).
//!
//! `kept` comes after `seats` and before `satisfaction`, on purpose: a
//! re-allocation must still serve everyone it can and leave no seat empty
//! that someone wants (a newcomer is not refused to spare a move), but it
//! does not move people who were told their workshops to win better ranks
//! for others; moving a confirmed seat costs a message and trust, a rank
//! is a preference. Priority comes first because that is what the option
//! promises: a priority attendee is never left without a seat so that two
//! others get one.
//!
//! It is encoded as a single integer objective, in 128-bit integers
//! ([`Value`]). Each tier `t` has an upper bound `U_t` over all
//! allocations (and over the relaxations below):
//!
//! ```text
//! M = Σ_a m_a,  m_a = min(n_a, |ranking_a|, R)   (no allocation has more seats)
//! U_priority     = #{a : P_a, m_a ≥ 1}
//! U_served       = #{a : m_a ≥ 1}
//! U_seats        = M
//! U_kept         = Σ_a min(|H_a|, m_a)
//! U_satisfaction = M · (K − 1)
//! ```
//!
//! and a weight one more than the most the tiers below it can add up to:
//!
//! ```text
//! W_satisfaction = 1,   W_t = 1 + Σ_{t' below t} W_t' · U_t'
//! value = Σ_t W_t · t
//! ```
//!
//! (`BIG2 = W_seats`, `BIG1 = W_served`; with no priority attendee and no
//! seat held they are the earlier `M·(K−1) + 1` and `M·(BIG2 + K − 1) + 1`.)
//!
//! Claim: `value(x) > value(y)` if and only if `score(x) > score(y)`
//! lexicographically. Proof: let `t` be the first tier where `x` and `y`
//! differ, say `t(x) ≥ t(y) + 1`. The tiers above `t` contribute equally.
//! Each tier below lies in `[0, U_t']`, so the tiers below `t` of `y` add
//! at most `Σ W_t'·U_t' = W_t − 1` and those of `x` at least 0. Hence
//! `value(x) − value(y) ≥ W_t − (W_t − 1) = 1 > 0`. Equal scores give
//! equal values. So maximising `value` is maximising the tiers in
//! lexicographic order; [`Score`] orders the same way.
//!
//! The largest value is `Σ_t W_t·U_t = W_priority·(U_priority + 1) − 1`,
//! about `(A·M·M·M·(K−1))·P`: with every tier in play it passes 64 bits
//! (9.2·10¹⁸) at a few thousand attendees (5,000 attendees ranking 8
//! workshops over 3 rounds, all priority and all holding seats: about
//! 10²¹), hence 128 bits, which hold it up to well past a million
//! attendees. The weights are computed with checked arithmetic and
//! refused (`TooLarge`) above `i128::MAX / 64`, so that the flows'
//! potentials and their infinity (`i128::MAX / 4`) never overflow either;
//! the proof above needs only that every value is exact, which integers
//! give. (The MIP fallback never forms this sum: it solves tier by tier.)
//!
//! The same bounds hold for a relaxation's flow (each attendee's flow is at
//! most `m_a` seats, holds a workshop at most once in the first and a round
//! at most once in the second, keeps at most its held seats), so a relaxed
//! value splits into tiers the same way: `open_tier` reads the first tier
//! a bound leaves open by dividing by the weights in turn.
//!
//! # Algorithm, and why it is not a single flow
//!
//! The constraints pair every two of the three indices: (attendee,
//! workshop) at most once, (attendee, round) at most once, (workshop,
//! round) at most its capacity. That is the planar three-index assignment
//! structure (it contains Latin-square completion), NP-hard in general, so
//! no single min-cost flow is exact: a network source → attendee →
//! (attendee, workshop) → (attendee, round) → occurrence lets a unit enter
//! through (a, w1) and leave to (w2, r), crediting `a` with `w1` while
//! seating them in `w2`, possibly twice in `w2`.
//!
//! So the allocation is an exact branch and bound whose relaxation is a
//! min-cost flow that keeps every constraint except "one seat per round":
//!
//! ```text
//! source ─(cap 1, cost −(W_served + P_a·W_priority))─┐
//! source ─(cap m_a − 1, cost 0)──────────────────────┴→ a
//! a ─(cap 1, cost −(W_seats + K − rank))→ (a, w)
//! (a, w) ─(cap 1, cost −W_kept if (w, r) ∈ H_a else 0)→ (w, r)
//! (w, r) ─(cap capacity(w, r), cost 0)→ sink
//! ```
//!
//! With an organisation cap `k`, the arc `(a, w) → (w, r)` of an attendee
//! of organisation `o` goes to a node `(w, r, o)` instead, itself joined
//! to `(w, r)` by an arc of capacity `k`. Every feasible allocation is a
//! flow of this network of the same value (the priority bonus rides on
//! the first seat, the kept bonus on the very seat), so the flow's optimum
//! is still an upper bound.
//!
//! with `m_a = min(n_a, |ranking_a|, R)`. The two source arcs make an
//! attendee's value concave in their number of seats (the first seat
//! carries the `BIG1` bonus), so a min-cost flow pays the bonus exactly for
//! the attendees with at least one seat. Successive shortest paths
//! (Bellman-Ford with a queue, integer costs) augment while the shortest
//! path has negative cost: the flow then has minimum cost, i.e. maximum
//! `value`, over all flows of any size. (The first-seat bonus is the
//! largest cost of an attendee's arcs, priority or not, so concavity holds.)
//!
//! A second relaxation keeps "one seat per round" and drops "no workshop
//! twice" instead (source → attendee → (attendee, round), capacity 1 →
//! occurrence, cost of the rank → sink); a node's bound is the smaller of
//! the two values. The second one matters when a round has few seats: the
//! first would then promise two seats in the crowded round to everyone.
//! It carries the same bonuses and organisation nodes.
//!
//! When the first relaxation's optimum seats an attendee twice in one
//! round, its workshops may still fit in distinct rounds: the relaxation's
//! value depends on which workshops each attendee gets, not on when. With
//! two rounds (the usual "2 ateliers d'1 heure" at 14h and 15h) that
//! question is a flow with lower bounds, answered exactly (`orient`): each
//! holder of a workshop puts it in round 0 or 1, and the round-0 count of
//! workshop `w` must lie in `[holders − cap(w,1), cap(w,0)]`, and with an
//! organisation cap `k` that of organisation `o` in `[holders_o − k, k]`
//! (nested bounds, still a flow). With seats held, each attendee's choice
//! costs the held seats it moves off their round, and the cheapest
//! feasible flow is taken. With more rounds, seats are moved to other
//! rounds of the same workshop (into a free seat, or swapped with another
//! attendee of that workshop), within the organisation caps. Either keeps
//! the value, except for the kept bonus of a seat moved off the round it
//! was held in; a clash-free result whose value reaches the
//! node's bound is then optimal for the node, and one that falls short
//! (a held seat moved) makes the node branch on the relaxation's own
//! clash. If a clash remains, the node branches on that attendee and round: one
//! child per workshop their seat in that round could be (the others are
//! forbidden to them in that round), and one child with no seat then. The
//! children partition the feasible allocations. A node is pruned when its
//! bound cannot beat the best feasible allocation found so far (kept from
//! the repaired and greedily completed relaxed solutions). The result is
//! the true optimum.
//!
//! The flows are solved primal-dual: Dijkstra with potentials, then every
//! cheapest path of a phase at once by a blocking flow; path costs take few
//! distinct values (ranks), so there are few phases.
//!
//! Speed (`cargo bench --bench signups`, release build, 2 cores): 1,000
//! attendees ranking 5 of 16 workshops in 2 rounds, median 35 ms; 5,000
//! attendees × 40 workshops, median 0.35 s. The worst case is exponential,
//! as it must be for an NP-hard problem; with three rounds or more and a
//! crowded round, branching grows fastest.

mod branch;
pub mod instances;
mod mip;
mod problem;
mod relax;

pub use mip::{Gap, Tier};
pub use problem::{
    Allocation, AllocationError, Attendee, Fill, Method, Occurrence, Place, Problem, Score, Seat,
    Shortfall, Summary, Value, Weights, Workshop,
};

use branch::{BranchAndBound, Budget};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The organiser's Stop, shared with a running allocation: the search
/// checks it between nodes and HiGHS through its interrupt callback, so a
/// stopped allocation returns at once with the best allocation known and
/// its gap (`stopped`).
#[derive(Debug, Clone, Default)]
pub struct Stop(Arc<AtomicBool>);

impl Stop {
    /// A Stop not pressed yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Presses it.
    pub fn stop(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether it was pressed.
    pub fn is_stopped(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// The flag itself, for HiGHS's interrupt callback.
    pub(crate) fn flag(&self) -> &AtomicBool {
        &self.0
    }
}

/// How long the solver may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Nodes of the branch and bound before handing over to HiGHS (0:
    /// HiGHS alone, from no allocation).
    pub search_nodes: usize,
    /// Time of the branch and bound before handing over to HiGHS.
    pub search_time: Duration,
    /// Past this (from the start), the best allocation is returned with
    /// its gap.
    pub deadline: Duration,
}

impl Default for Limits {
    /// The search closes the two-round blocks at the root and most small
    /// ones in a few hundred nodes; what it cannot close quickly goes to
    /// HiGHS, which proves the usual blocks in about a second.
    fn default() -> Self {
        Self {
            search_nodes: 400,
            search_time: Duration::from_millis(300),
            deadline: Duration::from_secs(60),
        }
    }
}

/// What the solver is doing, told to the caller's `progress` function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The branch and bound runs.
    Searching,
    /// HiGHS runs from `best`, on the tier of `gap` (which says how far
    /// the search left it).
    Refining { best: Score, gap: Gap },
}

/// Allocates seats optimally for the objective of the module doc, within
/// the default [`Limits`].
pub fn allocate(problem: &Problem) -> Result<Allocation, AllocationError> {
    allocate_within(problem, Limits::default(), &mut |_| {})
}

/// Allocates seats within `limits`: optimal unless the deadline came first,
/// in which case the allocation says so (`optimal`, `gap`).
pub fn allocate_within(
    problem: &Problem,
    limits: Limits,
    progress: &mut dyn FnMut(Progress),
) -> Result<Allocation, AllocationError> {
    allocate_until_stopped(problem, limits, &Stop::new(), progress)
}

/// Allocates seats within `limits` unless `stop` is pressed first: then
/// the best allocation known is returned at once, with its gap and
/// `stopped` (the search's root, once started, finishes: it gives the
/// allocation to return).
pub fn allocate_until_stopped(
    problem: &Problem,
    limits: Limits,
    stop: &Stop,
    progress: &mut dyn FnMut(Progress),
) -> Result<Allocation, AllocationError> {
    let start = Instant::now();
    problem.validate()?;
    let weights = problem.weights()?;
    progress(Progress::Searching);
    let budget = Budget {
        nodes: limits.search_nodes,
        until: start + limits.search_time.min(limits.deadline),
        stop,
    };
    let searched = BranchAndBound::new(problem, weights).run(budget);
    let open = if searched.closed {
        None
    } else {
        open_tier(weights, problem.score(&searched.seats), searched.bound)
    };
    let (seats, gap, method, stopped) = match open {
        None => (searched.seats, None, Method::Search, false),
        Some(gap) if stop.is_stopped() => (searched.seats, Some(gap), Method::Search, true),
        Some(gap) => {
            progress(Progress::Refining {
                best: problem.score(&searched.seats),
                gap,
            });
            let solved = mip::solve(
                problem,
                searched.seats.clone(),
                (gap.tier, gap.bound),
                start + limits.deadline,
                stop,
            );
            match solved {
                Ok(solved) => (solved.seats, solved.gap, Method::Mip, solved.stopped),
                Err(e) => return Err(AllocationError::Solver(e)),
            }
        }
    };
    let score = problem.score(&seats);
    debug_assert_eq!(problem.check(&seats), Ok(()));
    Ok(Allocation {
        summary: problem.summary(&seats),
        seats,
        score,
        weights,
        optimal: gap.is_none(),
        gap,
        method,
        stopped,
    })
}

/// The first tier the search's `bound` (on the weighted value) leaves open
/// above `best`, with its bound; `None` when `best` is optimal.
///
/// Every relaxed or feasible value decomposes into tiers within their
/// ranges (see [`Problem::tier_bounds`]), so dividing by each tier's weight
/// in turn bounds the first tier, then the next one given the first equal,
/// and so on.
fn open_tier(w: Weights, best: Score, bound: Value) -> Option<Gap> {
    let mut rest = bound.max(w.value(best));
    let weights = [w.priority, w.big1, w.big2, w.kept, 1];
    for (tier, weight) in mip::TIERS.into_iter().zip(weights) {
        let most = (rest / weight) as u64;
        let found = mip::tier_value(best, tier);
        if found != most {
            return Some(Gap {
                tier,
                found,
                bound: most,
            });
        }
        rest -= weight * most as Value;
    }
    None
}
