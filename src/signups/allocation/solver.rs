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

use serde::{Deserialize, Serialize};
use std::collections::{HashSet, VecDeque};
use std::fmt;

/// The instance: rounds, workshops with their occurrences, attendees with
/// their rankings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// Number of rounds `R`; rounds are `0..rounds`.
    pub rounds: usize,
    /// `N`, the most seats anyone may have; the default wish count.
    pub max_seats: usize,
    /// Workshops, referred to by their index.
    pub workshops: Vec<Workshop>,
    /// Attendees, referred to by their index.
    pub attendees: Vec<Attendee>,
}

/// A workshop and the rounds it runs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Workshop {
    /// At most one occurrence per round.
    pub occurrences: Vec<Occurrence>,
}

/// One run of a workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Occurrence {
    /// The round (time slot) it runs in.
    pub round: usize,
    /// How many attendees it takes.
    pub capacity: u32,
}

/// An attendee's wishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attendee {
    /// Distinct workshop indices, rank 1 first. Workshops not listed are not
    /// wanted and never given.
    pub ranking: Vec<usize>,
    /// How many workshops they want; `None` means `max_seats`. Values above
    /// `max_seats` are capped to it.
    pub wishes: Option<usize>,
}

/// Why a [`Problem`] cannot be allocated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllocationError {
    /// An occurrence's round is not below `rounds`.
    RoundOutOfRange { workshop: usize, round: usize },
    /// A workshop runs twice in the same round.
    DuplicateOccurrence { workshop: usize, round: usize },
    /// A ranking names a workshop that does not exist.
    UnknownWorkshop { attendee: usize, workshop: usize },
    /// A ranking names the same workshop twice.
    DuplicateRanking { attendee: usize, workshop: usize },
    /// The weights of the objective would overflow 64-bit integers.
    TooLarge,
}

impl fmt::Display for AllocationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RoundOutOfRange { workshop, round } => {
                write!(
                    f,
                    "workshop {workshop} runs in round {round}, which does not exist"
                )
            }
            Self::DuplicateOccurrence { workshop, round } => {
                write!(f, "workshop {workshop} runs twice in round {round}")
            }
            Self::UnknownWorkshop { attendee, workshop } => {
                write!(
                    f,
                    "attendee {attendee} ranks workshop {workshop}, which does not exist"
                )
            }
            Self::DuplicateRanking { attendee, workshop } => {
                write!(f, "attendee {attendee} ranks workshop {workshop} twice")
            }
            Self::TooLarge => write!(f, "too many attendees or choices to weigh exactly"),
        }
    }
}

impl std::error::Error for AllocationError {}

/// A seat given: attendee's `rank`-th choice, `workshop` in `round`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seat {
    /// Workshop index.
    pub workshop: usize,
    /// Round index.
    pub round: usize,
    /// Position of the workshop in the attendee's ranking, 1 first.
    pub rank: usize,
}

/// The three tiers of the objective; the derived order is lexicographic in
/// field order, the same order as [`Weights::value`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    /// Attendees with at least one seat.
    pub served: usize,
    /// Seats given.
    pub seats: usize,
    /// Σ (K − rank) over the seats.
    pub satisfaction: u64,
}

/// The constants of the single linear objective (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Weights {
    /// Bonus of an attendee's first seat.
    pub big1: i64,
    /// Value of any seat.
    pub big2: i64,
    /// `1 + ` the longest ranking: a seat of rank `k` adds `K − k`.
    pub k: i64,
}

impl Weights {
    /// The weighted objective of a score.
    pub fn value(&self, s: Score) -> i64 {
        self.big1 * s.served as i64 + self.big2 * s.seats as i64 + s.satisfaction as i64
    }
}

/// How many seats an occurrence holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fill {
    /// Workshop index.
    pub workshop: usize,
    /// Round index.
    pub round: usize,
    /// Seats given.
    pub taken: u32,
    /// Its capacity.
    pub capacity: u32,
}

/// An attendee who got fewer seats than they asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shortfall {
    /// Attendee index.
    pub attendee: usize,
    /// Seats asked for (after capping to `max_seats`).
    pub wished: usize,
    /// Seats given.
    pub got: usize,
}

/// What the organiser reads after an allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// `by_rank[k]` attendees got their `(k+1)`-th choice. An attendee holds
    /// a workshop at most once, so this is also the number of seats given at
    /// that rank.
    pub by_rank: Vec<usize>,
    /// Attendees with at least one seat.
    pub served: usize,
    /// Attendees asking for at least one seat who got none.
    pub unserved: usize,
    /// Seats asked for in total.
    pub seats_wished: usize,
    /// Seats given in total.
    pub seats_given: usize,
    /// Attendees with fewer seats than asked, by attendee index.
    pub short: Vec<Shortfall>,
    /// Every occurrence, by workshop then round.
    pub fill: Vec<Fill>,
}

/// An optimal allocation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Allocation {
    /// For each attendee, their seats sorted by round.
    pub seats: Vec<Vec<Seat>>,
    /// The objective's tiers.
    pub score: Score,
    /// The weights used, so that the value can be checked independently.
    pub weights: Weights,
    /// Counts for the organiser.
    pub summary: Summary,
}

impl Problem {
    /// Attendee `a`'s wish count, capped to `max_seats`.
    pub fn wishes(&self, a: usize) -> usize {
        self.attendees[a]
            .wishes
            .unwrap_or(self.max_seats)
            .min(self.max_seats)
    }

    /// Checks indices and duplicates.
    pub fn validate(&self) -> Result<(), AllocationError> {
        for (w, ws) in self.workshops.iter().enumerate() {
            let mut seen = vec![false; self.rounds];
            for o in &ws.occurrences {
                if o.round >= self.rounds {
                    return Err(AllocationError::RoundOutOfRange {
                        workshop: w,
                        round: o.round,
                    });
                }
                if std::mem::replace(&mut seen[o.round], true) {
                    return Err(AllocationError::DuplicateOccurrence {
                        workshop: w,
                        round: o.round,
                    });
                }
            }
        }
        for (a, at) in self.attendees.iter().enumerate() {
            let mut seen = vec![false; self.workshops.len()];
            for &w in &at.ranking {
                if w >= self.workshops.len() {
                    return Err(AllocationError::UnknownWorkshop {
                        attendee: a,
                        workshop: w,
                    });
                }
                if std::mem::replace(&mut seen[w], true) {
                    return Err(AllocationError::DuplicateRanking {
                        attendee: a,
                        workshop: w,
                    });
                }
            }
        }
        Ok(())
    }

    /// The objective's constants for this instance (see the module doc).
    pub fn weights(&self) -> Result<Weights, AllocationError> {
        let k = 1 + self
            .attendees
            .iter()
            .map(|a| a.ranking.len())
            .max()
            .unwrap_or(0) as i64;
        let m: i64 = (0..self.attendees.len())
            .map(|a| self.most_seats(a) as i64)
            .sum();
        let too = AllocationError::TooLarge;
        let big2 = m
            .checked_mul(k - 1)
            .and_then(|x| x.checked_add(1))
            .ok_or(too.clone())?;
        let big1 = big2
            .checked_add(k - 1)
            .and_then(|x| x.checked_mul(m))
            .and_then(|x| x.checked_add(1))
            .ok_or(too.clone())?;
        // The largest value must fit too: served ≤ attendees, and the rest
        // is below BIG1.
        big1.checked_mul(self.attendees.len() as i64 + 1)
            .ok_or(too)?;
        Ok(Weights { big1, big2, k })
    }

    /// The most seats attendee `a` can hold: wishes, ranking and rounds cap it.
    fn most_seats(&self, a: usize) -> usize {
        self.wishes(a)
            .min(self.attendees[a].ranking.len())
            .min(self.rounds)
    }

    /// The tiers of the objective for given seats (which are not checked).
    pub fn score(&self, seats: &[Vec<Seat>]) -> Score {
        let k = 1 + self
            .attendees
            .iter()
            .map(|a| a.ranking.len())
            .max()
            .unwrap_or(0);
        Score {
            served: seats.iter().filter(|s| !s.is_empty()).count(),
            seats: seats.iter().map(Vec::len).sum(),
            satisfaction: seats.iter().flatten().map(|s| (k - s.rank) as u64).sum(),
        }
    }

    /// Whether seats form a feasible allocation; `Err` says what is wrong.
    pub fn check(&self, seats: &[Vec<Seat>]) -> Result<(), String> {
        if seats.len() != self.attendees.len() {
            return Err("one list of seats per attendee".into());
        }
        let mut taken = vec![vec![0u32; self.rounds]; self.workshops.len()];
        for (a, list) in seats.iter().enumerate() {
            if list.len() > self.wishes(a) {
                return Err(format!("attendee {a} has more seats than wished"));
            }
            for (i, s) in list.iter().enumerate() {
                let pos = self.attendees[a]
                    .ranking
                    .iter()
                    .position(|&w| w == s.workshop);
                if pos.map(|p| p + 1) != Some(s.rank) {
                    return Err(format!(
                        "attendee {a}: workshop {} not ranked {}",
                        s.workshop, s.rank
                    ));
                }
                if self.capacity(s.workshop, s.round).is_none() {
                    return Err(format!(
                        "workshop {} does not run in round {}",
                        s.workshop, s.round
                    ));
                }
                for t in &list[..i] {
                    if t.round == s.round {
                        return Err(format!("attendee {a} has two seats in round {}", s.round));
                    }
                    if t.workshop == s.workshop {
                        return Err(format!("attendee {a} has workshop {} twice", s.workshop));
                    }
                }
                taken[s.workshop][s.round] += 1;
            }
        }
        for (w, row) in taken.iter().enumerate() {
            for (r, &t) in row.iter().enumerate() {
                if t > self.capacity(w, r).unwrap_or(0) {
                    return Err(format!("workshop {w} round {r} over capacity"));
                }
            }
        }
        Ok(())
    }

    /// The capacity of occurrence `(w, r)`, if the workshop runs then.
    pub fn capacity(&self, w: usize, r: usize) -> Option<u32> {
        self.workshops[w]
            .occurrences
            .iter()
            .find(|o| o.round == r)
            .map(|o| o.capacity)
    }

    /// The counts for the organiser, for seats of this problem.
    pub fn summary(&self, seats: &[Vec<Seat>]) -> Summary {
        let longest = self
            .attendees
            .iter()
            .map(|a| a.ranking.len())
            .max()
            .unwrap_or(0);
        let mut by_rank = vec![0; longest];
        for s in seats.iter().flatten() {
            by_rank[s.rank - 1] += 1;
        }
        let short: Vec<Shortfall> = seats
            .iter()
            .enumerate()
            .filter(|(a, s)| s.len() < self.wishes(*a))
            .map(|(a, s)| Shortfall {
                attendee: a,
                wished: self.wishes(a),
                got: s.len(),
            })
            .collect();
        let mut fill = Vec::new();
        for (w, ws) in self.workshops.iter().enumerate() {
            let mut occ = ws.occurrences.clone();
            occ.sort_by_key(|o| o.round);
            for o in occ {
                let taken = seats
                    .iter()
                    .flatten()
                    .filter(|s| s.workshop == w && s.round == o.round)
                    .count() as u32;
                fill.push(Fill {
                    workshop: w,
                    round: o.round,
                    taken,
                    capacity: o.capacity,
                });
            }
        }
        Summary {
            by_rank,
            served: seats.iter().filter(|s| !s.is_empty()).count(),
            unserved: seats
                .iter()
                .enumerate()
                .filter(|(a, s)| s.is_empty() && self.wishes(*a) > 0)
                .count(),
            seats_wished: (0..self.attendees.len()).map(|a| self.wishes(a)).sum(),
            seats_given: seats.iter().map(Vec::len).sum(),
            short,
            fill,
        }
    }
}

/// Allocates seats optimally for the objective of the module doc.
pub fn allocate(problem: &Problem) -> Result<Allocation, AllocationError> {
    problem.validate()?;
    let weights = problem.weights()?;
    let seats = BranchAndBound::new(problem, weights).run();
    let score = problem.score(&seats);
    debug_assert_eq!(problem.check(&seats), Ok(()));
    Ok(Allocation {
        summary: problem.summary(&seats),
        seats,
        score,
        weights,
    })
}

/// A seat as `(attendee, workshop, round)`, forbidden in a branch.
type Triple = (usize, usize, usize);

/// Seats per attendee as (workshop, round, rank).
type Raw = Vec<Vec<(usize, usize, usize)>>;

struct BranchAndBound<'p> {
    p: &'p Problem,
    w: Weights,
    /// `occ[w][r]`: capacity of occurrence (w, r), if it exists.
    occ: Vec<Vec<Option<u32>>>,
    best: Option<(i64, Raw)>,
}

impl<'p> BranchAndBound<'p> {
    fn new(p: &'p Problem, w: Weights) -> Self {
        let mut occ = vec![vec![None; p.rounds]; p.workshops.len()];
        for (i, ws) in p.workshops.iter().enumerate() {
            for o in &ws.occurrences {
                occ[i][o.round] = Some(o.capacity);
            }
        }
        Self {
            p,
            w,
            occ,
            best: None,
        }
    }

    fn value(&self, raw: &Raw) -> i64 {
        let k = self.w.k;
        raw.iter()
            .filter(|s| !s.is_empty())
            .map(|s| {
                self.w.big1
                    + s.iter()
                        .map(|&(_, _, rank)| self.w.big2 + k - rank as i64)
                        .sum::<i64>()
            })
            .sum()
    }

    fn offer(&mut self, raw: Raw) {
        let v = self.value(&raw);
        if self.best.as_ref().is_none_or(|(b, _)| v > *b) {
            self.best = Some((v, raw));
        }
    }

    fn run(mut self) -> Vec<Vec<Seat>> {
        // Depth-first: each node is its list of forbidden seats.
        let mut stack: Vec<Vec<Triple>> = vec![Vec::new()];
        while let Some(forbidden) = stack.pop() {
            let set: HashSet<Triple> = forbidden.iter().copied().collect();
            let (bound, mut raw) = self.relax(&set);
            // The relaxation without "no workshop twice" bounds the value
            // too, and much better when one round has few seats.
            let bound = bound.min(self.relax_rounds(&set));
            if self.best.as_ref().is_some_and(|(b, _)| bound <= *b) {
                continue;
            }
            self.repair(&set, &mut raw);
            if self.clash(&raw).is_some() {
                // With two rounds, whether the relaxation's workshops can
                // be given rounds is a flow question: answer it exactly.
                if let Some(oriented) = self.orient(&set, &raw) {
                    raw = oriented;
                }
            }
            match self.clash(&raw) {
                None => self.offer(raw),
                Some((a, i, _)) => {
                    self.offer(self.complete(&raw));
                    // Settle attendee a's seat in the clashing round at
                    // once: one child per workshop it could be (forbidding
                    // the others in that round), one for no seat then. The
                    // children partition the feasible allocations. Better
                    // ranks are pushed last, so explored first: good
                    // allocations found early prune more.
                    let r = raw[a][i].1;
                    let options: Vec<usize> = self.p.attendees[a]
                        .ranking
                        .iter()
                        .copied()
                        .filter(|&w| {
                            self.occ[w][r].is_some_and(|c| c > 0) && !set.contains(&(a, w, r))
                        })
                        .collect();
                    for keep in std::iter::once(None).chain(options.iter().rev().map(Some)) {
                        let mut child = forbidden.clone();
                        child.extend(
                            options
                                .iter()
                                .filter(|&w| Some(w) != keep)
                                .map(|&w| (a, w, r)),
                        );
                        stack.push(child);
                    }
                }
            }
        }
        let raw = self.best.map(|(_, r)| r).unwrap_or_default();
        let mut seats: Vec<Vec<Seat>> = raw
            .into_iter()
            .map(|s| {
                s.into_iter()
                    .map(|(workshop, round, rank)| Seat {
                        workshop,
                        round,
                        rank,
                    })
                    .collect()
            })
            .collect();
        seats.resize(self.p.attendees.len(), Vec::new());
        for s in &mut seats {
            s.sort_by_key(|s| s.round);
        }
        seats
    }

    /// The first attendee with two seats in one round, and those two seats.
    fn clash(&self, raw: &Raw) -> Option<(usize, usize, usize)> {
        for (a, s) in raw.iter().enumerate() {
            for j in 0..s.len() {
                for i in 0..j {
                    if s[i].1 == s[j].1 {
                        return Some((a, i, j));
                    }
                }
            }
        }
        None
    }

    fn fill(&self, raw: &Raw) -> Vec<Vec<u32>> {
        let mut taken = vec![vec![0u32; self.p.rounds]; self.p.workshops.len()];
        for &(w, r, _) in raw.iter().flatten() {
            taken[w][r] += 1;
        }
        taken
    }

    /// Moves clashing seats to other rounds of the same workshop, keeping
    /// the value: into a free seat, or swapping with another attendee of
    /// the workshop who is free in the clashing round.
    fn repair(&self, forbidden: &HashSet<Triple>, raw: &mut Raw) {
        let mut taken = self.fill(raw);
        let mut changed = true;
        while changed {
            changed = false;
            for a in 0..raw.len() {
                'seat: for i in 0..raw[a].len() {
                    let (w, r, _) = raw[a][i];
                    if !raw[a].iter().enumerate().any(|(j, s)| j != i && s.1 == r) {
                        continue;
                    }
                    for r2 in 0..self.p.rounds {
                        let Some(cap) = self.occ[w][r2] else { continue };
                        if raw[a].iter().any(|s| s.1 == r2) || forbidden.contains(&(a, w, r2)) {
                            continue;
                        }
                        if taken[w][r2] < cap {
                            taken[w][r2] += 1;
                            taken[w][r] -= 1;
                            raw[a][i].1 = r2;
                            changed = true;
                            continue 'seat;
                        }
                        // Swap with b, seated in (w, r2) and free in r.
                        for b in 0..raw.len() {
                            if b == a
                                || forbidden.contains(&(b, w, r))
                                || raw[b].iter().any(|s| s.1 == r)
                            {
                                continue;
                            }
                            if let Some(k) = raw[b].iter().position(|s| s.0 == w && s.1 == r2) {
                                raw[b][k].1 = r;
                                raw[a][i].1 = r2;
                                changed = true;
                                continue 'seat;
                            }
                        }
                    }
                }
            }
        }
    }

    /// With two rounds: gives each attendee's workshops of `raw` distinct
    /// rounds within the capacities (and the forbidden seats), if that is
    /// possible; `None` otherwise, or with more than two rounds.
    ///
    /// Each holder of workshop `w` puts it in round 0 or round 1; `w`'s
    /// count in round 0 must lie in `[d_w − cap(w,1), cap(w,0)]`. An
    /// attendee with two workshops puts exactly one of them in round 0; with
    /// one, zero or one. That is a flow with lower bounds: source →
    /// attendee (exactly 2 − 1 = 1, or 0..1) → workshop (the one in round
    /// 0) → sink within the bounds, decided by one maximum flow.
    fn orient(&self, forbidden: &HashSet<Triple>, raw: &Raw) -> Option<Raw> {
        if self.p.rounds != 2 {
            return None;
        }
        let nw = self.p.workshops.len();
        let na = raw.len();
        let may = |a: usize, w: usize, r: usize| {
            self.occ[w][r].is_some_and(|c| c > 0) && !forbidden.contains(&(a, w, r))
        };
        // Nodes: 0 source, 1 sink, attendees, workshops, then the
        // auxiliary source and sink of the lower-bound transformation.
        let (s, t) = (0, 1);
        let att = |a: usize| 2 + a;
        let wk = |w: usize| 2 + na + w;
        let (s2, t2) = (2 + na + nw, 3 + na + nw);
        let mut g = Graph::new(4 + na + nw);
        let mut excess = vec![0i64; 4 + na + nw];
        // An arc with bounds [low, high]: `high − low` of capacity, the
        // lower bound moved to the excesses.
        let mut bounded = |g: &mut Graph, u: usize, v: usize, low: i64, high: i64| {
            excess[v] += low;
            excess[u] -= low;
            g.arc(u, v, high - low, 0)
        };
        let mut choice = Vec::new(); // (arc, attendee, workshop in round 0)
        let mut holders = vec![0i64; nw];
        for (a, seats) in raw.iter().enumerate() {
            match seats.as_slice() {
                [] => {}
                [(w, _, _)] => {
                    holders[*w] += 1;
                    let (zero, one) = (may(a, *w, 0), may(a, *w, 1));
                    if !zero && !one {
                        return None;
                    }
                    let low = if one { 0 } else { 1 };
                    let high = if zero { 1 } else { 0 };
                    bounded(&mut g, s, att(a), low, high);
                    let id = g.arc(att(a), wk(*w), 1, 0);
                    choice.push((id, a, *w));
                }
                [(w1, _, _), (w2, _, _)] => {
                    holders[*w1] += 1;
                    holders[*w2] += 1;
                    let first = may(a, *w1, 0) && may(a, *w2, 1);
                    let second = may(a, *w2, 0) && may(a, *w1, 1);
                    if !first && !second {
                        return None;
                    }
                    bounded(&mut g, s, att(a), 1, 1);
                    if first {
                        let id = g.arc(att(a), wk(*w1), 1, 0);
                        choice.push((id, a, *w1));
                    }
                    if second {
                        let id = g.arc(att(a), wk(*w2), 1, 0);
                        choice.push((id, a, *w2));
                    }
                }
                _ => return None,
            }
        }
        for (w, &held) in holders.iter().enumerate() {
            let cap = |r: usize| self.occ[w][r].map_or(0, i64::from);
            let low = (held - cap(1)).max(0);
            let high = cap(0).min(held);
            if low > high {
                return None;
            }
            bounded(&mut g, wk(w), t, low, high);
        }
        g.arc(t, s, i64::MAX / 4, 0);
        let mut need = 0;
        for (v, &e) in excess.iter().enumerate() {
            if e > 0 {
                g.arc(s2, v, e, 0);
                need += e;
            } else if e < 0 {
                g.arc(v, t2, -e, 0);
            }
        }
        let zero = vec![0i64; g.head.len()];
        if g.blocking_flows(s2, t2, &zero) < need {
            return None;
        }
        let mut round0 = vec![None; na];
        for (id, a, w) in choice {
            if g.flow(id) > 0 {
                round0[a] = Some(w);
            }
        }
        let out: Raw = raw
            .iter()
            .enumerate()
            .map(|(a, seats)| {
                seats
                    .iter()
                    .map(|&(w, _, rank)| (w, if round0[a] == Some(w) { 0 } else { 1 }, rank))
                    .collect()
            })
            .collect();
        Some(out)
    }

    /// A feasible allocation from a clashing one: keep the best-ranked seat
    /// of each round, then greedily give free ranked seats.
    fn complete(&self, raw: &Raw) -> Raw {
        let mut out: Raw = raw
            .iter()
            .map(|s| {
                let mut s = s.clone();
                s.sort_by_key(|x| x.2);
                let mut kept: Vec<(usize, usize, usize)> = Vec::new();
                for x in s {
                    if !kept.iter().any(|k| k.1 == x.1) {
                        kept.push(x);
                    }
                }
                kept
            })
            .collect();
        let mut taken = self.fill(&out);
        // Attendees with fewer seats first, so nobody is left with nothing
        // when it can be avoided by this pass.
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_by_key(|&a| out[a].len());
        for a in order {
            for (pos, &w) in self.p.attendees[a].ranking.iter().enumerate() {
                if out[a].len() >= self.p.wishes(a) {
                    break;
                }
                if out[a].iter().any(|s| s.0 == w) {
                    continue;
                }
                for (r, held) in taken[w].iter_mut().enumerate() {
                    let Some(cap) = self.occ[w][r] else { continue };
                    if *held < cap && !out[a].iter().any(|s| s.1 == r) {
                        *held += 1;
                        out[a].push((w, r, pos + 1));
                        break;
                    }
                }
            }
        }
        out
    }

    /// The relaxation without "one seat per round": its optimal value (an
    /// upper bound) and seats.
    fn relax(&self, forbidden: &HashSet<Triple>) -> (i64, Raw) {
        let p = self.p;
        let nw = p.workshops.len();
        let na = p.attendees.len();
        // Nodes: source, sink, attendees, occurrences (w * R + r), then
        // (attendee, workshop) nodes.
        let source = 0;
        let sink = 1;
        let att = |a: usize| 2 + a;
        let occ = |w: usize, r: usize| 2 + na + w * p.rounds + r;
        let mut g = Graph::new(2 + na + nw * p.rounds);
        for w in 0..nw {
            for r in 0..p.rounds {
                if let Some(cap) = self.occ[w][r] {
                    g.arc(occ(w, r), sink, cap as i64, 0);
                }
            }
        }
        // Arcs (a,w) → (w,r), to read the seats back: (arc id, a, w, r, rank).
        let mut seat_arcs = Vec::new();
        for a in 0..na {
            let most = p.most_seats(a) as i64;
            if most == 0 {
                continue;
            }
            g.arc(source, att(a), 1, -self.w.big1);
            if most > 1 {
                g.arc(source, att(a), most - 1, 0);
            }
            for (pos, &w) in p.attendees[a].ranking.iter().enumerate() {
                let node = g.node();
                g.arc(att(a), node, 1, -(self.w.big2 + self.w.k - 1 - pos as i64));
                for r in 0..p.rounds {
                    if self.occ[w][r].is_some_and(|c| c > 0) && !forbidden.contains(&(a, w, r)) {
                        let id = g.arc(node, occ(w, r), 1, 0);
                        seat_arcs.push((id, a, w, r, pos + 1));
                    }
                }
            }
        }
        let cost = g.min_cost_flow(source, sink);
        let mut raw: Raw = vec![Vec::new(); na];
        for (id, a, w, r, rank) in seat_arcs {
            if g.flow(id) > 0 {
                raw[a].push((w, r, rank));
            }
        }
        (-cost, raw)
    }
}

impl BranchAndBound<'_> {
    /// The value of the relaxation without "no workshop twice": source →
    /// attendee (as in [`Self::relax`]) → (attendee, round), capacity 1 →
    /// occurrence, cost of the rank → sink.
    fn relax_rounds(&self, forbidden: &HashSet<Triple>) -> i64 {
        let p = self.p;
        let na = p.attendees.len();
        let (source, sink) = (0, 1);
        let att = |a: usize| 2 + a;
        let occ = |w: usize, r: usize| 2 + na + w * p.rounds + r;
        let mut g = Graph::new(2 + na + p.workshops.len() * p.rounds);
        for (w, row) in self.occ.iter().enumerate() {
            for (r, cap) in row.iter().enumerate() {
                if let Some(cap) = cap {
                    g.arc(occ(w, r), sink, *cap as i64, 0);
                }
            }
        }
        for a in 0..na {
            let most = p.most_seats(a) as i64;
            if most == 0 {
                continue;
            }
            g.arc(source, att(a), 1, -self.w.big1);
            if most > 1 {
                g.arc(source, att(a), most - 1, 0);
            }
            for r in 0..p.rounds {
                let node = g.node();
                g.arc(att(a), node, 1, 0);
                for (pos, &w) in p.attendees[a].ranking.iter().enumerate() {
                    if self.occ[w][r].is_some_and(|c| c > 0) && !forbidden.contains(&(a, w, r)) {
                        g.arc(
                            node,
                            occ(w, r),
                            1,
                            -(self.w.big2 + self.w.k - 1 - pos as i64),
                        );
                    }
                }
            }
        }
        -g.min_cost_flow(source, sink)
    }
}

/// A residual graph for min-cost flow; arcs come in pairs (forward at even
/// ids, its reverse at the next odd id).
struct Graph {
    head: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<i64>,
    cost: Vec<i64>,
}

impl Graph {
    fn new(nodes: usize) -> Self {
        Self {
            head: vec![Vec::new(); nodes],
            to: Vec::new(),
            cap: Vec::new(),
            cost: Vec::new(),
        }
    }

    fn node(&mut self) -> usize {
        self.head.push(Vec::new());
        self.head.len() - 1
    }

    fn arc(&mut self, from: usize, to: usize, cap: i64, cost: i64) -> usize {
        let id = self.to.len();
        self.head[from].push(id);
        self.to.push(to);
        self.cap.push(cap);
        self.cost.push(cost);
        self.head[to].push(id + 1);
        self.to.push(from);
        self.cap.push(0);
        self.cost.push(-cost);
        id
    }

    /// Flow on a forward arc: the residual capacity of its reverse.
    fn flow(&self, id: usize) -> i64 {
        self.cap[id + 1]
    }

    /// Shortest distances from `s` over arcs with residual capacity, by
    /// Bellman-Ford with a queue (costs may be negative; no negative cycle).
    fn bellman_ford(&self, s: usize) -> Vec<i64> {
        let n = self.head.len();
        let mut dist = vec![i64::MAX; n];
        let mut queued = vec![false; n];
        let mut queue = VecDeque::new();
        dist[s] = 0;
        queue.push_back(s);
        while let Some(u) = queue.pop_front() {
            queued[u] = false;
            for &e in &self.head[u] {
                if self.cap[e] > 0 {
                    let v = self.to[e];
                    let d = dist[u] + self.cost[e];
                    if d < dist[v] {
                        dist[v] = d;
                        if !queued[v] {
                            queued[v] = true;
                            queue.push_back(v);
                        }
                    }
                }
            }
        }
        dist
    }

    /// Minimum-cost flow of any size (augmenting while the cheapest path
    /// has negative cost); returns its cost.
    ///
    /// Primal-dual: potentials `pi` keep reduced costs `cost + pi[u] -
    /// pi[v]` non-negative; each phase finds shortest distances with
    /// Dijkstra, updates the potentials, then saturates every cheapest path
    /// at once with a blocking flow (Dinic) on the arcs of zero reduced
    /// cost. Path costs take few distinct values here (ranks), so there are
    /// few phases. Starting potentials come from one Bellman-Ford.
    fn min_cost_flow(&mut self, s: usize, t: usize) -> i64 {
        const INF: i64 = i64::MAX / 4;
        let n = self.head.len();
        let mut pi: Vec<i64> = self
            .bellman_ford(s)
            .into_iter()
            .map(|d| if d == i64::MAX { INF } else { d })
            .collect();
        if pi[t] >= INF {
            return 0;
        }
        let mut total = 0;
        loop {
            // Dijkstra on reduced costs.
            let mut dist = vec![INF; n];
            let mut heap = std::collections::BinaryHeap::new();
            dist[s] = 0;
            heap.push(std::cmp::Reverse((0i64, s)));
            while let Some(std::cmp::Reverse((d, u))) = heap.pop() {
                if d > dist[u] {
                    continue;
                }
                for &e in &self.head[u] {
                    if self.cap[e] > 0 {
                        let v = self.to[e];
                        if pi[v] >= INF {
                            continue;
                        }
                        let nd = d + self.cost[e] + pi[u] - pi[v];
                        if nd < dist[v] {
                            dist[v] = nd;
                            heap.push(std::cmp::Reverse((nd, v)));
                        }
                    }
                }
            }
            if dist[t] >= INF {
                return total;
            }
            // Capping at dist[t] keeps every reduced cost non-negative.
            let cap_at = dist[t];
            for v in 0..n {
                if pi[v] < INF {
                    pi[v] += dist[v].min(cap_at);
                }
            }
            let path_cost = pi[t] - pi[s];
            if path_cost >= 0 {
                return total;
            }
            total += path_cost * self.blocking_flows(s, t, &pi);
        }
    }

    /// Pushes as much flow as possible from `s` to `t` along arcs of zero
    /// reduced cost (Dinic: levels by breadth-first search, then paths
    /// along increasing levels, iteratively). Returns the flow pushed.
    fn blocking_flows(&mut self, s: usize, t: usize, pi: &[i64]) -> i64 {
        let n = self.head.len();
        let admissible =
            |g: &Graph, e: usize, u: usize| g.cap[e] > 0 && g.cost[e] + pi[u] - pi[g.to[e]] == 0;
        let mut pushed = 0;
        loop {
            let mut level = vec![u32::MAX; n];
            level[s] = 0;
            let mut queue = VecDeque::from([s]);
            while let Some(u) = queue.pop_front() {
                for &e in &self.head[u] {
                    let v = self.to[e];
                    if level[v] == u32::MAX && admissible(self, e, u) {
                        level[v] = level[u] + 1;
                        queue.push_back(v);
                    }
                }
            }
            if level[t] == u32::MAX {
                return pushed;
            }
            let mut next = vec![0usize; n];
            loop {
                // One path s → t along increasing levels, by an explicit
                // stack of arcs; dead ends advance their arc pointer.
                let mut path: Vec<usize> = Vec::new();
                let mut u = s;
                let found = loop {
                    if u == t {
                        break true;
                    }
                    let mut advanced = false;
                    while next[u] < self.head[u].len() {
                        let e = self.head[u][next[u]];
                        let v = self.to[e];
                        if level[v] == level[u] + 1 && admissible(self, e, u) {
                            path.push(e);
                            u = v;
                            advanced = true;
                            break;
                        }
                        next[u] += 1;
                    }
                    if !advanced {
                        if u == s {
                            break false;
                        }
                        // Retreat: this node leads nowhere now.
                        level[u] = u32::MAX;
                        let e = path.pop().expect("a node other than s was entered");
                        u = self.to[e ^ 1];
                        next[u] += 1;
                    }
                };
                if !found {
                    break;
                }
                let push = path.iter().map(|&e| self.cap[e]).min().unwrap_or(0);
                for &e in &path {
                    self.cap[e] -= push;
                    self.cap[e ^ 1] += push;
                }
                pushed += push;
            }
        }
    }
}
