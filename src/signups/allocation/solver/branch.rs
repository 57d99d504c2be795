//! The branch and bound: nodes forbid seats, their bound is the smaller of
//! the two relaxations (see `relax`), clashes of the first are repaired or
//! oriented into distinct rounds, else branched on.

use super::problem::{Problem, Seat, Value, Weights};
use super::relax::Graph;
use std::collections::{HashMap, HashSet};
use std::time::Instant;

/// A seat as `(attendee, workshop, round)`, forbidden in a branch.
pub(super) type Triple = (usize, usize, usize);

/// Seats per attendee as (workshop, round, rank).
pub(super) type Raw = Vec<Vec<(usize, usize, usize)>>;

/// An attendee's part of an orientation: the bounds of how many of their
/// workshops go to round 0, and each workshop they may put there with its
/// cost in held seats moved off their round.
type Orientations = (i64, i64, Vec<(usize, i64)>);

pub(super) struct BranchAndBound<'p> {
    pub(super) p: &'p Problem,
    pub(super) w: Weights,
    /// `occ[w][r]`: capacity of occurrence (w, r), if it exists.
    pub(super) occ: Vec<Vec<Option<u32>>>,
    best: Option<(Value, Raw)>,
}

/// Where the search stops when it does not close: after `nodes` nodes, at
/// `until` or when `stop` is pressed, whichever comes first (a node in
/// progress finishes; the root is always explored unless `nodes` is 0).
#[derive(Debug, Clone, Copy)]
pub(super) struct Budget<'s> {
    pub(super) nodes: usize,
    pub(super) until: Instant,
    pub(super) stop: &'s super::Stop,
}

/// What the search found.
pub(super) struct Searched {
    /// The best feasible allocation, by attendee.
    pub(super) seats: Vec<Vec<Seat>>,
    /// An upper bound of the weighted value of every feasible allocation
    /// (the root's bound), equal to the value of `seats` when `closed`.
    pub(super) bound: Value,
    /// Every node was explored or pruned: `seats` is optimal.
    pub(super) closed: bool,
}

impl<'p> BranchAndBound<'p> {
    pub(super) fn new(p: &'p Problem, w: Weights) -> Self {
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

    /// What attendee `a`'s first seat adds on top of its seat value.
    pub(super) fn first_bonus(&self, a: usize) -> Value {
        self.w.big1
            + if self.p.attendees[a].priority {
                self.w.priority
            } else {
                0
            }
    }

    /// What a seat adds, apart from the first-seat bonus: any seat, its
    /// rank, and whether it was held before.
    pub(super) fn seat_value(&self, a: usize, w: usize, r: usize, rank: usize) -> Value {
        self.w.big2 + self.w.k - rank as Value + self.kept_bonus(a, w, r)
    }

    /// The bonus of seat `(a, w, r)` for being held before.
    pub(super) fn kept_bonus(&self, a: usize, w: usize, r: usize) -> Value {
        if self.p.held(a, w, r) {
            self.w.kept
        } else {
            0
        }
    }

    fn value(&self, raw: &Raw) -> Value {
        raw.iter()
            .enumerate()
            .filter(|(_, s)| !s.is_empty())
            .map(|(a, s)| {
                self.first_bonus(a)
                    + s.iter()
                        .map(|&(w, r, rank)| self.seat_value(a, w, r, rank))
                        .sum::<Value>()
            })
            .sum()
    }

    fn offer(&mut self, raw: Raw) {
        let v = self.value(&raw);
        if self.best.as_ref().is_none_or(|(b, _)| v > *b) {
            self.best = Some((v, raw));
        }
    }

    pub(super) fn run(mut self, budget: Budget<'_>) -> Searched {
        // Depth-first: each node is its list of forbidden seats.
        let mut stack: Vec<Vec<Triple>> = vec![Vec::new()];
        let mut root_bound = None;
        let mut nodes = 0;
        while let Some(forbidden) = stack.pop() {
            let out_of_time = Instant::now() >= budget.until || budget.stop.is_stopped();
            if nodes >= budget.nodes || (nodes > 0 && out_of_time) {
                stack.push(forbidden);
                break;
            }
            nodes += 1;
            let set: HashSet<Triple> = forbidden.iter().copied().collect();
            let (bound, relaxed) = self.relax(&set);
            // The relaxation without "no workshop twice" bounds the value
            // too, and much better when one round has few seats.
            let bound = bound.min(self.relax_rounds(&set));
            root_bound.get_or_insert(bound);
            if self.best.as_ref().is_some_and(|(b, _)| bound <= *b) {
                continue;
            }
            let mut raw = relaxed.clone();
            self.repair(&set, &mut raw);
            if self.clash(&raw).is_some() {
                // With two rounds, whether the relaxation's workshops can
                // be given rounds is a flow question: answer it exactly.
                if let Some(oriented) = self.orient(&set, &raw) {
                    raw = oriented;
                }
            }
            let split = match self.clash(&raw) {
                None => {
                    // Feasible. Moving seats between rounds keeps the value
                    // unless a moved seat was held before: then the node is
                    // settled only if nothing was lost, else it branches on
                    // the relaxation's own clash.
                    let value = self.value(&raw);
                    self.offer(raw);
                    if value >= bound {
                        continue;
                    }
                    match self.clash(&relaxed) {
                        Some((a, i, _)) => (a, relaxed[a][i].1),
                        None => continue,
                    }
                }
                Some((a, i, _)) => {
                    self.offer(self.complete(&raw));
                    (a, raw[a][i].1)
                }
            };
            stack.extend(self.children(&forbidden, &set, split));
        }
        let closed = stack.is_empty();
        let (value, raw) = self.best.take().unwrap_or_default();
        Searched {
            seats: self.seats_of(raw),
            // With no node explored, the only bound is the trivial one:
            // everyone served, and the lower tiers below BIG1.
            bound: if closed {
                value
            } else {
                root_bound.unwrap_or(self.w.value(self.p.best_conceivable()))
            },
            closed,
        }
    }

    /// Settles attendee a's seat in round r at once: one child per
    /// workshop it could be (forbidding the others in that round), one for
    /// no seat then. The children partition the feasible allocations.
    /// Better ranks come last, so are explored first (a stack): good
    /// allocations found early prune more.
    fn children(
        &self,
        forbidden: &[Triple],
        set: &HashSet<Triple>,
        (a, r): (usize, usize),
    ) -> Vec<Vec<Triple>> {
        let options: Vec<usize> = self.p.attendees[a]
            .ranking
            .iter()
            .copied()
            .filter(|&w| self.occ[w][r].is_some_and(|c| c > 0) && !set.contains(&(a, w, r)))
            .collect();
        std::iter::once(None)
            .chain(options.iter().rev().map(Some))
            .map(|keep| {
                let mut child = forbidden.to_vec();
                child.extend(
                    options
                        .iter()
                        .filter(|&w| Some(w) != keep)
                        .map(|&w| (a, w, r)),
                );
                child
            })
            .collect()
    }

    /// Seats per attendee, sorted by round, from raw triples.
    fn seats_of(&self, raw: Raw) -> Vec<Vec<Seat>> {
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

    /// Seats per (workshop, round, organisation), when organisations are
    /// capped.
    fn organisations(&self, raw: &Raw) -> HashMap<Triple, u32> {
        let mut count = HashMap::new();
        for (a, seats) in raw.iter().enumerate() {
            if let Some(o) = self.p.capped_organisation(a) {
                for &(w, r, _) in seats {
                    *count.entry((w, r, o)).or_insert(0) += 1;
                }
            }
        }
        count
    }

    /// Whether attendee `a` may take one more seat in `(w, r)` as far as
    /// their organisation's cap goes.
    fn room(&self, count: &HashMap<Triple, u32>, a: usize, w: usize, r: usize) -> bool {
        match (self.p.capped_organisation(a), self.p.organisation_cap) {
            (Some(o), Some(cap)) => count.get(&(w, r, o)).copied().unwrap_or(0) < cap,
            _ => true,
        }
    }

    /// Moves attendee `a`'s seat in `w` from round `r` to `r2` in `count`.
    fn shift(&self, count: &mut HashMap<Triple, u32>, a: usize, w: usize, r: usize, r2: usize) {
        if let Some(o) = self.p.capped_organisation(a) {
            *count.entry((w, r, o)).or_insert(0) -= 1;
            *count.entry((w, r2, o)).or_insert(0) += 1;
        }
    }

    /// Moves clashing seats to other rounds of the same workshop, keeping
    /// the value: into a free seat, or swapping with another attendee of
    /// the workshop who is free in the clashing round.
    fn repair(&self, forbidden: &HashSet<Triple>, raw: &mut Raw) {
        let mut taken = self.fill(raw);
        let mut orgs = self.organisations(raw);
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
                        if taken[w][r2] < cap && self.room(&orgs, a, w, r2) {
                            taken[w][r2] += 1;
                            taken[w][r] -= 1;
                            self.shift(&mut orgs, a, w, r, r2);
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
                            let Some(k) = raw[b].iter().position(|s| s.0 == w && s.1 == r2) else {
                                continue;
                            };
                            let same =
                                self.p.capped_organisation(a) == self.p.capped_organisation(b);
                            if same || (self.room(&orgs, a, w, r2) && self.room(&orgs, b, w, r)) {
                                self.shift(&mut orgs, a, w, r, r2);
                                self.shift(&mut orgs, b, w, r2, r);
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
    /// rounds within the capacities, the organisation caps and the
    /// forbidden seats, if that is possible; `None` otherwise, or with more
    /// than two rounds. Of the possible ones, one keeping the most seats in
    /// the round they were held in (so the kept bonus is not lost).
    ///
    /// Each holder of workshop `w` puts it in round 0 or round 1; `w`'s
    /// count in round 0 must lie in `[d_w − cap(w,1), cap(w,0)]`, and with
    /// an organisation cap `k` the count of organisation `o`'s holders in
    /// round 0 in `[d_wo − k, k]`. An attendee with two workshops puts
    /// exactly one of them in round 0; with one, zero or one. That is a
    /// flow with lower bounds: source → attendee (exactly 2 − 1 = 1, or
    /// 0..1) → (workshop, organisation) → workshop (the one in round 0) →
    /// sink within the bounds (the organisation bounds nest inside the
    /// workshop's). With seats held, each attendee's choice costs the held
    /// seats it gives up, and the cheapest feasible flow is taken.
    fn orient(&self, forbidden: &HashSet<Triple>, raw: &Raw) -> Option<Raw> {
        if self.p.rounds != 2 {
            return None;
        }
        let nw = self.p.workshops.len();
        let na = raw.len();
        // Nodes: 0 source, 1 sink, attendees, workshops, the auxiliary
        // source and sink of the lower-bound transformation, then the
        // (workshop, organisation) nodes.
        let (s, t) = (0, 1);
        let att = |a: usize| 2 + a;
        let wk = |w: usize| 2 + na + w;
        let (s2, t2) = (2 + na + nw, 3 + na + nw);
        let mut g = Graph::new(4 + na + nw);
        let mut excess = vec![0i64; 4 + na + nw];
        let mut groups: HashMap<(usize, usize), (usize, i64)> = HashMap::new();
        let mut choice = Vec::new(); // (arc, undone, attendee, workshop in round 0)
        let mut holders = vec![0i64; nw];
        let mut costly = false;
        for (a, seats) in raw.iter().enumerate() {
            if seats.is_empty() {
                continue;
            }
            let (low, high, options) = self.orient_options(forbidden, a, seats)?;
            for &(w, _, _) in seats {
                holders[w] += 1;
            }
            bounded(&mut g, &mut excess, (s, att(a)), low, high);
            costly |= options.iter().any(|&(_, cost)| cost != 0);
            for (w, cost) in options {
                let to = match self.p.capped_organisation(a) {
                    None => wk(w),
                    Some(o) => {
                        let group = groups.entry((w, o)).or_insert_with(|| (g.node(), 0));
                        group.1 += 1;
                        group.0
                    }
                };
                if cost < 0 {
                    // A negative cost: the choice is made up front (a
                    // lower bound) and undoing it costs the opposite.
                    let undo = bounded(&mut g, &mut excess, (to, att(a)), 0, 1);
                    let _ = bounded(&mut g, &mut excess, (att(a), to), 1, 1);
                    g.set_cost(undo, Value::from(-cost));
                    choice.push((None, Some(undo), a, w));
                } else {
                    let id = g.arc(att(a), to, 1, 0);
                    g.set_cost(id, Value::from(cost));
                    choice.push((Some(id), None, a, w));
                }
            }
        }
        let k = i64::from(self.p.organisation_cap.unwrap_or(u32::MAX));
        for (&(w, _), &(node, held)) in &groups {
            let (low, high) = ((held - k).max(0), k.min(held));
            if low > high {
                return None;
            }
            bounded(&mut g, &mut excess, (node, wk(w)), low, high);
        }
        for (w, &held) in holders.iter().enumerate() {
            let cap = |r: usize| self.occ[w][r].map_or(0, i64::from);
            let low = (held - cap(1)).max(0);
            let high = cap(0).min(held);
            if low > high {
                return None;
            }
            bounded(&mut g, &mut excess, (wk(w), t), low, high);
        }
        excess.resize(g.head.len(), 0);
        // Without seats held, any feasible flow will do: the faster one.
        let feasible = if costly {
            g.cheapest_within_lower_bounds((s, t), (s2, t2), &excess)
        } else {
            g.meets_lower_bounds((s, t), (s2, t2), &excess)
        };
        if !feasible {
            return None;
        }
        let mut round0 = vec![None; na];
        for (id, undo, a, w) in choice {
            let taken = match (id, undo) {
                (Some(id), _) => g.flow(id) > 0,
                (None, Some(undo)) => g.flow(undo) == 0,
                (None, None) => false,
            };
            if taken {
                round0[a] = Some(w);
            }
        }
        Some(with_rounds(raw, &round0))
    }

    /// For [`Self::orient`]: the bounds of attendee `a`'s arc from the
    /// source (how many of their workshops go to round 0), and the
    /// workshops they may put in round 0 with what that costs in held
    /// seats moved off their round; `None` when no orientation can work.
    fn orient_options(
        &self,
        forbidden: &HashSet<Triple>,
        a: usize,
        seats: &[(usize, usize, usize)],
    ) -> Option<Orientations> {
        let may = |w: usize, r: usize| {
            self.occ[w][r].is_some_and(|c| c > 0) && !forbidden.contains(&(a, w, r))
        };
        let held = |w: usize, r: usize| i64::from(self.p.held(a, w, r));
        match *seats {
            [(w, _, _)] => {
                let (zero, one) = (may(w, 0), may(w, 1));
                if !zero && !one {
                    return None;
                }
                // Round 0 loses a seat held in round 1, round 1 one held
                // in round 0.
                let cost = held(w, 1) - held(w, 0);
                Some((i64::from(!one), i64::from(zero), vec![(w, cost)]))
            }
            [(w1, _, _), (w2, _, _)] => {
                let lost = |x: usize, y: usize| 2 - held(x, 0) - held(y, 1);
                let options: Vec<(usize, i64)> = [(w1, w2), (w2, w1)]
                    .into_iter()
                    .filter(|&(x, y)| may(x, 0) && may(y, 1))
                    .map(|(x, y)| (x, lost(x, y)))
                    .collect();
                // Exactly one option is taken: only the difference
                // between them counts.
                let least = options.iter().map(|&(_, c)| c).min()?;
                let options = options.into_iter().map(|(w, c)| (w, c - least));
                Some((1, 1, options.collect()))
            }
            _ => None,
        }
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
        let mut orgs = self.organisations(&out);
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
                    if *held < cap && !out[a].iter().any(|s| s.1 == r) && self.room(&orgs, a, w, r)
                    {
                        *held += 1;
                        if let Some(o) = self.p.capped_organisation(a) {
                            *orgs.entry((w, r, o)).or_insert(0) += 1;
                        }
                        out[a].push((w, r, pos + 1));
                        break;
                    }
                }
            }
        }
        out
    }
}

/// `raw`'s seats in the rounds `round0` says: each attendee's workshop
/// there in round 0, their other one in round 1.
/// An arc of `g` with bounds `[low, high]`: `high − low` of capacity, the
/// lower bound moved to `excess` (per node, grown with the graph).
fn bounded(
    g: &mut Graph,
    excess: &mut Vec<i64>,
    (u, v): (usize, usize),
    low: i64,
    high: i64,
) -> usize {
    excess.resize(g.head.len(), 0);
    excess[v] += low;
    excess[u] -= low;
    g.arc(u, v, high - low, 0)
}

fn with_rounds(raw: &Raw, round0: &[Option<usize>]) -> Raw {
    raw.iter()
        .enumerate()
        .map(|(a, seats)| {
            seats
                .iter()
                .map(|&(w, _, rank)| (w, if round0[a] == Some(w) { 0 } else { 1 }, rank))
                .collect()
        })
        .collect()
}
