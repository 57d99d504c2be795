//! The fallback when the branch and bound does not close within its
//! budget: the same allocation as a mixed-integer program, solved by HiGHS
//! (through the `highs` crate), warm-started with the search's best
//! allocation.
//!
//! Variables: `x[a,w,r]` (attendee `a` holds workshop `w` in round `r`),
//! integer in `[0, 2]`, one per ranked workshop and round it runs in;
//! `y[a]` (`a` has at least one seat), binary. Rows: per attendee
//! `Σx ≤ m_a` and `y_a ≤ Σx`; per attendee and workshop `Σ_r x ≤ 1`
//! (also when `w` runs once: that row is what keeps `x` at most 1); per
//! attendee and round `Σ_w x ≤ 1`; per occurrence `Σ_a x ≤ capacity`;
//! with an organisation cap `k`, per occurrence and organisation
//! `Σ x ≤ k`.
//!
//! Why `x` is not declared binary, and HiGHS's presolve is off: before its
//! first LP, HiGHS partitions the *binary* columns of the objective into
//! cliques (`setupCliquePartition`), comparing each with every other one
//! left, without looking at its clock. With 48,000 seat columns (5,000
//! attendees, 5 ranked workshops, each in 2 of 3 rounds) that took 57 s,
//! past the deadline, before a single LP iteration. A column in `[0, 2]`
//! is not binary, so there is nothing to partition; the rows keep it at 0
//! or 1 all the same. Presolve would tighten the bound back to 1 and the
//! column would be binary again, so it is off; the model is already
//! reduced (no column for an unranked workshop or an empty occurrence, no
//! row that cannot bind). Feasibility jump, HiGHS's first heuristic, is
//! off too: the stage starts from the best allocation known, and the LP
//! relaxation of these models is nearly integral, so the root LP finds
//! the optimum it would look for. Measured on the 5,000-attendee classes
//! of `docs/allocation-benchmarks.md`, with the stages below: the 3-round
//! and 4-round blocks are proven optimal in about 3 s where the deadline
//! of 60 s used to come first.
//!
//! The objective is not given as the single weighted integer of the module
//! doc: `BIG1` reaches 10¹² at 5,000 attendees, and a MIP solver works in
//! floating point with relative tolerances, so the lower tiers would drown.
//! It is solved lexicographically instead, one tier at a time: maximise
//! `Σ y` over the priority attendees; fix it and maximise `Σy`; then fix
//! `Σy ≥ served*` and maximise `Σx`; then fix `Σx ≥ seats*` and maximise
//! the `x` of seats held before; fix it and maximise `Σ (K − rank)·x`.
//! Tiers no allocation can raise above zero (no priority attendee, no seat
//! held before) are skipped. From `seats` on, consecutive tiers whose
//! weights stay small are one stage, weighted as in the module doc
//! (`W·seats + satisfaction`, `W` about 50,000 at 5,000 attendees; see
//! [`Objective`]). Each stage's objective is an integer, so an absolute
//! gap below 1 proves it. Tiers the search already proved (its bound says
//! no allocation serves more) are skipped.
//!
//! The organiser's Stop reaches HiGHS through its user interrupt callback
//! (HiGHS ≥ 1.7's C API; the `highs` crate does not wrap it, the
//! workspace's `highs-interrupt` crate does): HiGHS, between simplex
//! iterations, interior-point iterations and MIP nodes, stops when the
//! flag is set, and the stage ends as `ReachedInterrupt` with its best
//! allocation and bound.

use super::problem::{Problem, Score, Seat};
use super::Stop;
use highs::{Col, HighsModelStatus, HighsSolutionStatus, Model, RowProblem, Sense};
use serde::{Deserialize, Serialize};
use std::time::Instant;
use ts_rs::TS;

/// A tier of the lexicographic objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Tier {
    /// Attendees of a priority category with at least one seat.
    Priority,
    /// Attendees with at least one seat.
    Served,
    /// Seats given.
    Seats,
    /// Seats held before and kept.
    Kept,
    /// Σ (K − rank).
    Satisfaction,
}

/// How far an allocation may be from the optimum: the first tier not
/// proven optimal, its value in the allocation and the best value any
/// allocation could reach there (the tiers before it are optimal).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Gap {
    pub tier: Tier,
    #[ts(type = "number")]
    pub found: u64,
    #[ts(type = "number")]
    pub bound: u64,
}

/// The tiers, first first.
pub(super) const TIERS: [Tier; 5] = [
    Tier::Priority,
    Tier::Served,
    Tier::Seats,
    Tier::Kept,
    Tier::Satisfaction,
];

/// A tier's value in a score.
pub(super) fn tier_value(score: Score, tier: Tier) -> u64 {
    match tier {
        Tier::Priority => score.priority as u64,
        Tier::Served => score.served as u64,
        Tier::Seats => score.seats as u64,
        Tier::Kept => score.kept as u64,
        Tier::Satisfaction => score.satisfaction,
    }
}

/// What a stage of the MIP ended with.
pub(super) struct Solved {
    pub(super) seats: Vec<Vec<Seat>>,
    /// `None`: every tier is optimal.
    pub(super) gap: Option<Gap>,
    /// The organiser's Stop ended it before every tier was proven.
    pub(super) stopped: bool,
}

/// One column: a seat `(a, w, r, rank)`, or attendee `a` served.
#[derive(Clone, Copy)]
enum Var {
    Seat(usize, usize, usize, usize),
    Served(usize),
}

struct Program<'p> {
    p: &'p Problem,
    /// `K`, so that a seat of rank `k` is worth `K − k`.
    k: usize,
    vars: Vec<(Var, Col)>,
}

impl<'p> Program<'p> {
    fn build(p: &'p Problem) -> Result<(Self, Model), String> {
        let k = 1 + p
            .attendees
            .iter()
            .map(|a| a.ranking.len())
            .max()
            .unwrap_or(0);
        let mut rows = RowProblem::default();
        let mut vars = Vec::new();
        let mut by_occurrence: Vec<Vec<Vec<(Col, f64)>>> =
            vec![vec![Vec::new(); p.rounds]; p.workshops.len()];
        let mut by_organisation: std::collections::BTreeMap<
            (usize, usize, usize),
            Vec<(Col, f64)>,
        > = Default::default();
        for (a, at) in p.attendees.iter().enumerate() {
            let most = p.most_seats(a);
            if most == 0 {
                continue;
            }
            let mut mine = Vec::new();
            let mut by_round: Vec<Vec<(Col, f64)>> = vec![Vec::new(); p.rounds];
            for (pos, &w) in at.ranking.iter().enumerate() {
                let mut same = Vec::new();
                for o in &p.workshops[w].occurrences {
                    if o.capacity == 0 {
                        continue;
                    }
                    let col = rows.add_integer_column(0.0, 0..=2);
                    vars.push((Var::Seat(a, w, o.round, pos + 1), col));
                    mine.push((col, 1.0));
                    same.push((col, 1.0));
                    by_round[o.round].push((col, 1.0));
                    by_occurrence[w][o.round].push((col, 1.0));
                    if let Some(org) = p.capped_organisation(a) {
                        by_organisation
                            .entry((w, o.round, org))
                            .or_default()
                            .push((col, 1.0));
                    }
                }
                if !same.is_empty() {
                    rows.add_row(..=1, same);
                }
            }
            if mine.is_empty() {
                continue;
            }
            for list in by_round.into_iter().filter(|l| l.len() > 1) {
                rows.add_row(..=1, list);
            }
            let served = rows.add_integer_column(0.0, 0..=1);
            vars.push((Var::Served(a), served));
            if mine.len() > most {
                rows.add_row(..=most as f64, mine.iter().copied());
            }
            // y_a − Σx ≤ 0.
            let link = std::iter::once((served, 1.0)).chain(mine.iter().map(|&(c, _)| (c, -1.0)));
            rows.add_row(..=0, link);
        }
        for (w, list) in by_occurrence.into_iter().enumerate() {
            for (r, list) in list.into_iter().enumerate() {
                let cap = p.capacity(w, r).unwrap_or(0);
                if list.len() > cap as usize {
                    rows.add_row(..=f64::from(cap), list);
                }
            }
        }
        let cap = p.organisation_cap.unwrap_or(u32::MAX) as usize;
        for list in by_organisation.into_values().filter(|l| l.len() > cap) {
            rows.add_row(..=cap as f64, list);
        }
        let mut model = rows
            .try_optimise(Sense::Maximise)
            .map_err(|e| format!("HiGHS refused the model: {e:?}"))?;
        model.make_quiet();
        model.set_option("presolve", "off");
        model.set_option("mip_heuristic_run_feasibility_jump", false);
        model.set_option("mip_rel_gap", 0.0);
        // Every stage's objective is an integer: a gap below 1 is optimal.
        model.set_option("mip_abs_gap", 0.99);
        Ok((Self { p, k, vars }, model))
    }

    fn coefficient(&self, var: Var, tier: Tier) -> f64 {
        match (var, tier) {
            (Var::Served(a), Tier::Priority) if self.p.attendees[a].priority => 1.0,
            (Var::Served(_), Tier::Served) => 1.0,
            (Var::Seat(..), Tier::Seats) => 1.0,
            (Var::Seat(a, w, r, _), Tier::Kept) if self.p.held(a, w, r) => 1.0,
            (Var::Seat(_, _, _, rank), Tier::Satisfaction) => (self.k - rank) as f64,
            _ => 0.0,
        }
    }

    /// Adds the row "`tier` ≥ `value`" (within half a unit: the sum is an
    /// integer), so that the stages below keep it.
    fn fix(&self, model: &mut Model, tier: Tier, value: u64) {
        let row: Vec<(Col, f64)> = self
            .vars
            .iter()
            .map(|&(var, col)| (col, self.coefficient(var, tier)))
            .filter(|&(_, c)| c != 0.0)
            .collect();
        if !row.is_empty() {
            model.add_row(value as f64 - 0.5.., row);
        }
    }

    /// The column values of an allocation.
    fn columns(&self, seats: &[Vec<Seat>]) -> Vec<f64> {
        self.vars
            .iter()
            .map(|&(var, _)| {
                let held = match var {
                    Var::Seat(a, w, r, _) => {
                        seats[a].iter().any(|s| s.workshop == w && s.round == r)
                    }
                    Var::Served(a) => !seats[a].is_empty(),
                };
                if held {
                    1.0
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// The allocation of column values.
    fn seats(&self, columns: &[f64]) -> Vec<Vec<Seat>> {
        let mut seats = vec![Vec::new(); self.p.attendees.len()];
        for (&(var, _), &value) in self.vars.iter().zip(columns) {
            if let Var::Seat(a, workshop, round, rank) = var {
                if value > 0.5 {
                    seats[a].push(Seat {
                        workshop,
                        round,
                        rank,
                    });
                }
            }
        }
        for list in &mut seats {
            list.sort_by_key(|s| s.round);
        }
        seats
    }
}

/// What one stage maximises: a tier alone (weight 1), or from `seats` on,
/// that tier and the ones after it together, weighted as in the module
/// doc (each weight one more than the most the tiers below can add up
/// to), which orders allocations as the tiers in turn do. They go
/// together only while the largest weight stays at most [`MOST_WEIGHT`]:
/// seats and satisfaction weigh about 50,000 to 1 at 5,000 attendees, and
/// seats held and satisfaction as much; seats over seats held and
/// satisfaction would weigh 10⁸ or more, and the weight of `served`
/// reaches 10¹², where HiGHS's tolerances would drown the lower tiers.
/// One LP instead of two or three is most of the time saved on the large
/// blocks: the LP of "most seats", every cost equal, is also the slowest.
struct Objective(Vec<(Tier, u64)>);

/// The largest weight a stage's objective may give a tier: costs then
/// span at most about 10⁷ to 1, and values stay below 2⁵³, exact in a
/// double.
const MOST_WEIGHT: u64 = 1 << 24;

impl Objective {
    /// The stage that starts at `tier`, with as many of the tiers after
    /// it still to solve (`rest`, in order) as can go along.
    fn starting(p: &Problem, tier: Tier, rest: &[Tier]) -> Self {
        let mut best = Self(vec![(tier, 1)]);
        if tier < Tier::Seats {
            return best;
        }
        for n in 1..=rest.len() {
            let tiers: Vec<Tier> = std::iter::once(tier)
                .chain(rest[..n].iter().copied())
                .collect();
            // Weights from the last tier up.
            let mut weights = vec![1u64; tiers.len()];
            for i in (0..tiers.len() - 1).rev() {
                let below = (i + 1..tiers.len())
                    .map(|j| weights[j].saturating_mul(trivial_bound(p, tiers[j])))
                    .fold(1u64, u64::saturating_add);
                weights[i] = below;
            }
            if weights[0] > MOST_WEIGHT {
                break;
            }
            best = Self(tiers.into_iter().zip(weights).collect());
        }
        best
    }

    fn first(&self) -> Tier {
        self.0[0].0
    }

    fn value(&self, score: Score) -> u64 {
        self.0.iter().map(|&(t, w)| w * tier_value(score, t)).sum()
    }

    /// Its bound when its first tier is bounded by `first`.
    fn bound(&self, p: &Problem, first: u64) -> u64 {
        self.0
            .iter()
            .enumerate()
            .map(|(i, &(t, w))| w * if i == 0 { first } else { trivial_bound(p, t) })
            .sum()
    }

    /// The first of its tiers that `best` may fall short of under
    /// `bound` (of the weighted value), with that tier's bound.
    fn gap(&self, best: Score, bound: u64) -> Option<Gap> {
        let mut rest = bound.max(self.value(best));
        for &(tier, w) in &self.0 {
            let (found, most) = (tier_value(best, tier), rest / w);
            if found < most {
                return Some(Gap {
                    tier,
                    found,
                    bound: most,
                });
            }
            rest -= w * found;
        }
        None
    }
}

/// Solves the tiers from `first` on, starting from `start` (feasible), until
/// `until` or until `stop` is pressed. `search_bound` is the search's bound
/// of tier `first`, the gap reported if no stage finishes.
pub(super) fn solve(
    p: &Problem,
    start: Vec<Vec<Seat>>,
    (first, search_bound): (Tier, u64),
    until: Instant,
    stop: &Stop,
) -> Result<Solved, String> {
    let mut best = start;
    // Tiers no allocation can raise above zero have nothing to maximise.
    let tiers: Vec<Tier> = TIERS
        .into_iter()
        .filter(|&t| t >= first && trivial_bound(p, t) > 0)
        .collect();
    let mut next = 0;
    while let Some(&tier) = tiers.get(next) {
        let objective = Objective::starting(p, tier, &tiers[next + 1..]);
        next += objective.0.len();
        let found = objective.value(p.score(&best));
        let mut bound = objective.bound(
            p,
            if tier == first {
                search_bound
            } else {
                trivial_bound(p, tier)
            },
        );
        // Warm-started first. HiGHS 1.x (highs-sys 1.16) sometimes proves
        // the optimum yet hands back the starting columns unchanged: then
        // the stage runs again without a start.
        for warm in [true, false] {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() || stop.is_stopped() {
                break;
            }
            let (seats, stage_bound) = stage(p, &best, &objective, left, warm, stop)?;
            if let Some(seats) = seats {
                // HiGHS works within tolerances: take its allocation only
                // when it is exactly feasible and better.
                if p.check(&seats).is_ok() && p.score(&seats) > p.score(&best) {
                    best = seats;
                }
            }
            // Both bound the stage: keep the tighter.
            bound = bound.min(stage_bound);
            if objective.value(p.score(&best)) >= bound {
                break;
            }
        }
        debug_assert!(objective.value(p.score(&best)) >= found);
        if let Some(gap) = objective.gap(p.score(&best), bound) {
            return Ok(Solved {
                seats: best,
                gap: Some(gap),
                stopped: stop.is_stopped(),
            });
        }
    }
    Ok(Solved {
        seats: best,
        gap: None,
        stopped: false,
    })
}

/// What a stage gives: HiGHS's allocation (seats per attendee), if it has
/// one, and its bound of the stage's objective.
type StageResult = (Option<Vec<Vec<Seat>>>, u64);

/// One stage: maximise `objective` with the tiers before it fixed at
/// their values in `best` (optimal), for at most `left`. Returns HiGHS's
/// allocation, if it has one, and its bound of the objective.
fn stage(
    p: &Problem,
    best: &[Vec<Seat>],
    objective: &Objective,
    left: std::time::Duration,
    warm: bool,
    stop: &Stop,
) -> Result<StageResult, String> {
    let (program, mut model) = Program::build(p)?;
    if program.vars.is_empty() {
        // No seat can be given at all (HiGHS refuses a start of no column).
        return Ok((Some(vec![Vec::new(); p.attendees.len()]), 0));
    }
    for before in TIERS.into_iter().filter(|&t| t < objective.first()) {
        program.fix(&mut model, before, tier_value(p.score(best), before));
    }
    for &(var, col) in &program.vars {
        let cost: f64 = objective
            .0
            .iter()
            .map(|&(t, w)| w as f64 * program.coefficient(var, t))
            .sum();
        model.change_column_cost(col, cost);
    }
    model.set_option("time_limit", left.as_secs_f64());
    if warm {
        model
            .try_set_solution(Some(&program.columns(best)), None, None, None)
            .map_err(|e| format!("HiGHS refused the starting allocation: {e:?}"))?;
    }
    let solved =
        highs_interrupt::solve(model, stop.flag()).map_err(|e| format!("HiGHS failed: {e:?}"))?;
    let seats = (solved.primal_solution_status() == HighsSolutionStatus::Feasible)
        .then(|| program.seats(solved.get_solution().columns()));
    let most = objective.bound(p, trivial_bound(p, objective.first()));
    let bound = match solved.status() {
        HighsModelStatus::Optimal => (solved.objective_value() + 0.5).floor() as u64,
        HighsModelStatus::ReachedTimeLimit | HighsModelStatus::ReachedInterrupt => solved
            .double_info_value(c"mip_dual_bound")
            .map_or(most, |b| {
                // Interrupted before any bound, HiGHS says infinity.
                ((b + 1e-6).floor().max(0.0) as u64).min(most)
            }),
        other => return Err(format!("HiGHS ended with {other:?}")),
    };
    Ok((seats, bound))
}

/// A bound of `tier` that needs no solving: every priority attendee and
/// everyone served, every seat wished given and every seat held kept, at
/// the first rank.
fn trivial_bound(p: &Problem, tier: Tier) -> u64 {
    let index = TIERS.iter().position(|&t| t == tier).unwrap_or(0);
    p.tier_bounds()[index]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signups::allocation::solver::instances::{self, Class};
    use crate::signups::allocation::solver::problem::Place;

    fn score(seats: usize, kept: usize, satisfaction: u64) -> Score {
        Score {
            priority: 0,
            served: 0,
            seats,
            kept,
            satisfaction,
        }
    }

    #[test]
    fn seats_and_satisfaction_are_one_stage_weighted_above_the_most_satisfaction() {
        let p = Class::ThreeRoundsPartial.instance(150, 12);
        let rest = [Tier::Satisfaction];
        let objective = Objective::starting(&p, Tier::Seats, &rest);
        let w = trivial_bound(&p, Tier::Satisfaction) + 1;
        assert_eq!(objective.0, [(Tier::Seats, w), (Tier::Satisfaction, 1)]);
        // Served never goes along: its weight is what drowns the others.
        let served = Objective::starting(&p, Tier::Served, &[Tier::Seats, Tier::Satisfaction]);
        assert_eq!(served.0, [(Tier::Served, 1)]);
        // The gap names the first tier short of its share of the bound.
        let best = score(10, 0, 30);
        assert_eq!(objective.gap(best, objective.value(best)), None);
        assert_eq!(
            objective.gap(best, 11 * w + 2),
            Some(Gap {
                tier: Tier::Seats,
                found: 10,
                bound: 11
            })
        );
        assert_eq!(
            objective.gap(best, 10 * w + 35),
            Some(Gap {
                tier: Tier::Satisfaction,
                found: 30,
                bound: 35
            })
        );
        // A bound below the allocation's own value (HiGHS's tolerances)
        // proves it, it does not invent a gap.
        assert_eq!(objective.gap(best, 10 * w), None);
    }

    #[test]
    fn tiers_go_together_only_while_the_largest_weight_stays_small() {
        let (p, _) = instances::with_every_option(150).unwrap();
        let rest = [Tier::Kept, Tier::Satisfaction];
        let seats = Objective::starting(&p, Tier::Seats, &rest);
        // Seats over kept and satisfaction would weigh W_kept · U_kept.
        let kept_weight = trivial_bound(&p, Tier::Satisfaction) + 1;
        let seats_weight =
            1 + kept_weight * trivial_bound(&p, Tier::Kept) + trivial_bound(&p, Tier::Satisfaction);
        let tiers: Vec<Tier> = seats.0.iter().map(|&(t, _)| t).collect();
        if seats_weight > MOST_WEIGHT {
            assert_eq!(tiers, [Tier::Seats]);
        } else {
            assert_eq!(tiers, [Tier::Seats, Tier::Kept, Tier::Satisfaction]);
            assert_eq!(seats.0[0].1, seats_weight);
        }
        let kept = Objective::starting(&p, Tier::Kept, &[Tier::Satisfaction]);
        assert_eq!(kept.0, [(Tier::Kept, kept_weight), (Tier::Satisfaction, 1)]);
        // At 5,000 attendees satisfaction no longer goes along with seats
        // and seats held (that weight passes 10⁸), seats held still does.
        let mut big = Class::TwoRounds.instance(5000, 12);
        for at in &mut big.attendees {
            at.held = (0..2)
                .map(|round| Place {
                    workshop: at.ranking[round],
                    round,
                })
                .collect();
        }
        let seats = Objective::starting(&big, Tier::Seats, &rest);
        let kept = 1 + trivial_bound(&big, Tier::Kept);
        assert_eq!(seats.0, [(Tier::Seats, kept), (Tier::Kept, 1)]);
    }
}
