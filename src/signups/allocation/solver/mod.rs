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
//! # Objective
//!
//! Let `s_a` be the number of seats of attendee `a`, `rank(a, w) ≥ 1` the
//! position of `w` in `a`'s ranking, and `K = 1 + max_a |ranking_a|`.
//! The allocation maximises, lexicographically:
//!
//! 1. `served = #{a : s_a ≥ 1}`, the attendees who get at least one
//!    workshop they ranked (so nobody is left with nothing while a seat
//!    they could take is free);
//! 2. `seats = Σ_a s_a`, the seats given;
//! 3. `satisfaction = Σ_{(a,w,r)} (K − rank(a, w))`: rank 1 is worth
//!    `K − 1`, the last possible rank is worth 1.
//!
//! It is encoded as the single integer objective
//!
//! ```text
//! value = BIG1 · served + BIG2 · seats + satisfaction
//! M    = Σ_a min(n_a, |ranking_a|, R)      (no allocation has more seats)
//! BIG2 = M · (K − 1) + 1
//! BIG1 = M · (BIG2 + K − 1) + 1
//! ```
//!
//! Each tier dominates the ones after it: `0 ≤ satisfaction ≤ M·(K−1) <
//! BIG2`, so one more seat outweighs any change of satisfaction; and
//! `0 ≤ BIG2·seats + satisfaction ≤ M·(BIG2 + K − 1) < BIG1`, so one more
//! attendee served outweighs any change of the two lower tiers. Hence
//! maximising `value` is maximising (`served`, `seats`, `satisfaction`) in
//! lexicographic order; [`Score`] orders the same way.
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
//! source ─(cap 1, cost −BIG1)──────┐
//! source ─(cap m_a − 1, cost 0)────┴→ a ─(cap 1, cost −(BIG2 + K − rank))→ (a, w)
//! (a, w) ─(cap 1, cost 0)→ (w, r) ─(cap capacity(w, r), cost 0)→ sink
//! ```
//!
//! with `m_a = min(n_a, |ranking_a|, R)`. The two source arcs make an
//! attendee's value concave in their number of seats (the first seat
//! carries the `BIG1` bonus), so a min-cost flow pays the bonus exactly for
//! the attendees with at least one seat. Successive shortest paths
//! (Bellman-Ford with a queue, integer costs) augment while the shortest
//! path has negative cost: the flow then has minimum cost, i.e. maximum
//! `value`, over all flows of any size.
//!
//! A second relaxation keeps "one seat per round" and drops "no workshop
//! twice" instead (source → attendee → (attendee, round), capacity 1 →
//! occurrence, cost of the rank → sink); a node's bound is the smaller of
//! the two values. The second one matters when a round has few seats: the
//! first would then promise two seats in the crowded round to everyone.
//!
//! When the first relaxation's optimum seats an attendee twice in one
//! round, its workshops may still fit in distinct rounds: the relaxation's
//! value depends on which workshops each attendee gets, not on when. With
//! two rounds (the usual "2 ateliers d'1 heure" at 14h and 15h) that
//! question is a flow with lower bounds, answered exactly (`orient`): each
//! holder of a workshop puts it in round 0 or 1, and the round-0 count of
//! workshop `w` must lie in `[holders − cap(w,1), cap(w,0)]`. With more
//! rounds, seats are moved to other rounds of the same workshop (into a
//! free seat, or swapped with another attendee of that workshop). Either
//! keeps the value; a clash-free result is then optimal for the node. If
//! a clash remains, the node branches on that attendee and round: one
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
    Allocation, AllocationError, Attendee, Fill, Method, Occurrence, Problem, Score, Seat,
    Shortfall, Summary, Weights, Workshop,
};

use branch::{BranchAndBound, Budget};
use std::time::{Duration, Instant};

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
    let start = Instant::now();
    problem.validate()?;
    let weights = problem.weights()?;
    progress(Progress::Searching);
    let budget = Budget {
        nodes: limits.search_nodes,
        until: start + limits.search_time.min(limits.deadline),
    };
    let searched = BranchAndBound::new(problem, weights).run(budget);
    let open = if searched.closed {
        None
    } else {
        open_tier(weights, problem.score(&searched.seats), searched.bound)
    };
    let (seats, gap, method) = match open {
        None => (searched.seats, None, Method::Search),
        Some(gap) => {
            progress(Progress::Refining {
                best: problem.score(&searched.seats),
                gap,
            });
            let solved = mip::solve(
                problem,
                searched.seats.clone(),
                gap.tier,
                gap.bound,
                start + limits.deadline,
            );
            match solved {
                Ok(solved) => (solved.seats, solved.gap, Method::Mip),
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
    })
}

/// The first tier the search's `bound` (on the weighted value) leaves open
/// above `best`, with its bound; `None` when `best` is optimal.
fn open_tier(w: Weights, best: Score, bound: i64) -> Option<Gap> {
    let bound = bound.max(w.value(best));
    let served = bound / w.big1;
    if best.served as i64 != served {
        return Some(Gap {
            tier: Tier::Served,
            found: best.served as u64,
            bound: served as u64,
        });
    }
    let rest = bound - w.big1 * served;
    let seats = rest / w.big2;
    if best.seats as i64 != seats {
        return Some(Gap {
            tier: Tier::Seats,
            found: best.seats as u64,
            bound: seats as u64,
        });
    }
    let satisfaction = (rest - w.big2 * seats) as u64;
    (best.satisfaction != satisfaction).then_some(Gap {
        tier: Tier::Satisfaction,
        found: best.satisfaction,
        bound: satisfaction,
    })
}
