//! The problem as the solver takes it (workshops, their occurrences,
//! attendees and their rankings), what it gives back (seats, a score, a
//! summary), and the checks of both.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The instance: rounds, workshops with their occurrences, attendees with
/// their rankings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Problem {
    /// Number of rounds `R`; rounds are `0..rounds`.
    pub rounds: usize,
    /// `N`, the most seats anyone may have; the default wish count.
    pub max_seats: usize,
    /// Workshops, referred to by their index.
    pub workshops: Vec<Workshop>,
    /// Attendees, referred to by their index.
    pub attendees: Vec<Attendee>,
    /// At most this many attendees of one organisation in one occurrence;
    /// `None`: no limit. Attendees without an organisation are not counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_cap: Option<u32>,
}

/// A workshop and the rounds it runs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Workshop {
    /// At most one occurrence per round.
    pub occurrences: Vec<Occurrence>,
}

/// One run of a workshop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Occurrence {
    /// The round (time slot) it runs in.
    pub round: usize,
    /// How many attendees it takes.
    pub capacity: u32,
}

/// An attendee's wishes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Attendee {
    /// Distinct workshop indices, rank 1 first. Workshops not listed are not
    /// wanted and never given.
    pub ranking: Vec<usize>,
    /// How many workshops they want; `None` means `max_seats`. Values above
    /// `max_seats` are capped to it.
    pub wishes: Option<usize>,
    /// Their organisation, as a number shared by the attendees of the same
    /// one (see [`Problem::organisation_cap`]); `None`: counted nowhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<usize>,
    /// Of a priority category: served before everyone else (first tier).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub priority: bool,
    /// Seats they hold from an earlier allocation, kept where possible (a
    /// tier after `seats`); seats no longer possible are simply not kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub held: Vec<Place>,
}

/// A workshop in a round: a seat held before the allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Place {
    pub workshop: usize,
    pub round: usize,
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
    /// The MIP solver failed (not a time limit: an error of HiGHS).
    Solver(String),
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
            Self::Solver(e) => write!(f, "the MIP solver failed: {e}"),
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

/// The tiers of the objective; the derived order is lexicographic in field
/// order, the same order as [`Weights::value`].
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    ts_rs::TS,
)]
#[serde(rename_all = "camelCase")]
pub struct Score {
    /// Attendees of a priority category with at least one seat.
    #[serde(default)]
    pub priority: usize,
    /// Attendees with at least one seat.
    pub served: usize,
    /// Seats given.
    pub seats: usize,
    /// Seats held before the allocation and kept.
    #[serde(default)]
    pub kept: usize,
    /// Σ (K − rank) over the seats.
    #[ts(type = "number")]
    pub satisfaction: u64,
}

/// The single integer objective and the flows' costs: 128 bits, because
/// with every tier in play the weights pass 64 bits at a few thousand
/// attendees (see the module doc).
pub type Value = i128;

/// The constants of the single linear objective (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Weights {
    /// Bonus of a priority attendee's first seat, on top of `big1`.
    pub priority: Value,
    /// Bonus of an attendee's first seat.
    pub big1: Value,
    /// Value of any seat.
    pub big2: Value,
    /// Bonus of a seat held before and kept.
    pub kept: Value,
    /// `1 + ` the longest ranking: a seat of rank `k` adds `K − k`.
    pub k: Value,
}

impl Weights {
    /// The weighted objective of a score.
    pub fn value(&self, s: Score) -> Value {
        self.priority * s.priority as Value
            + self.big1 * s.served as Value
            + self.big2 * s.seats as Value
            + self.kept * s.kept as Value
            + s.satisfaction as Value
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

/// Which solver gave the allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Method {
    /// The branch and bound closed within its budget.
    Search,
    /// HiGHS, from the search's best allocation.
    Mip,
}

/// An allocation: optimal, or the best found by the deadline with its gap.
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
    /// Proven optimal for every tier.
    pub optimal: bool,
    /// When not optimal: the first open tier, its value and its bound.
    pub gap: Option<super::Gap>,
    /// Which solver gave it.
    pub method: Method,
    /// The organiser's Stop cut the solving short (then not `optimal`).
    #[serde(default)]
    pub stopped: bool,
}

impl Problem {
    /// Keeps every seat of `allocation` as held: the next allocation moves
    /// as few of them as it can (a re-allocation after late changes).
    pub fn hold(&mut self, allocation: &Allocation) {
        for (attendee, seats) in self.attendees.iter_mut().zip(&allocation.seats) {
            attendee.held = seats
                .iter()
                .map(|s| Place {
                    workshop: s.workshop,
                    round: s.round,
                })
                .collect();
        }
    }

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
            for p in &at.held {
                if p.workshop >= self.workshops.len() {
                    return Err(AllocationError::UnknownWorkshop {
                        attendee: a,
                        workshop: p.workshop,
                    });
                }
                if p.round >= self.rounds {
                    return Err(AllocationError::RoundOutOfRange {
                        workshop: p.workshop,
                        round: p.round,
                    });
                }
            }
        }
        Ok(())
    }

    /// The objective's constants for this instance (see the module doc):
    /// each tier's weight is one more than the most the tiers below it can
    /// add up to.
    pub fn weights(&self) -> Result<Weights, AllocationError> {
        let k = 1 + self
            .attendees
            .iter()
            .map(|a| a.ranking.len())
            .max()
            .unwrap_or(0) as Value;
        let too = || AllocationError::TooLarge;
        let bounds = self.tier_bounds();
        // Tiers from the last (satisfaction, weight 1) up; `below` is the
        // most the tiers below the current one add up to.
        let mut below: Value = 0;
        let mut weights = [0 as Value; 5];
        for (i, &most) in bounds.iter().enumerate().rev() {
            let w = below.checked_add(1).ok_or_else(too)?;
            weights[i] = w;
            below = w
                .checked_mul(Value::from(most))
                .and_then(|x| x.checked_add(below))
                .ok_or_else(too)?;
        }
        // The flows add and subtract potentials of this size and use
        // `Value::MAX / 4` as infinity: keep well clear of it.
        if below > Value::MAX / 64 {
            return Err(too());
        }
        let [priority, big1, big2, kept, one] = weights;
        debug_assert_eq!(one, 1);
        Ok(Weights {
            priority,
            big1,
            big2,
            kept,
            k,
        })
    }

    /// The most each tier can reach, in tier order (priority, served,
    /// seats, kept, satisfaction): `P`, `A`, `M`, `H`, `M·(K − 1)`.
    pub fn tier_bounds(&self) -> [u64; 5] {
        let k = self
            .attendees
            .iter()
            .map(|a| a.ranking.len())
            .max()
            .unwrap_or(0) as u64;
        let can = |a: &usize| self.most_seats(*a) > 0;
        let all = 0..self.attendees.len();
        let most: u64 = all.clone().map(|a| self.most_seats(a) as u64).sum();
        let priority = all
            .clone()
            .filter(|a| self.attendees[*a].priority && can(a))
            .count() as u64;
        let served = all.clone().filter(can).count() as u64;
        let held: u64 = all
            .map(|a| self.attendees[a].held.len().min(self.most_seats(a)) as u64)
            .sum();
        [priority, served, most, held, most * k]
    }

    /// The score with every tier at its most (see [`Self::tier_bounds`]):
    /// its value bounds every allocation's.
    pub fn best_conceivable(&self) -> Score {
        let [priority, served, seats, kept, satisfaction] = self.tier_bounds();
        Score {
            priority: priority as usize,
            served: served as usize,
            seats: seats as usize,
            kept: kept as usize,
            satisfaction,
        }
    }

    /// Whether attendee `a` held workshop `w` in round `r` before.
    pub fn held(&self, a: usize, w: usize, r: usize) -> bool {
        self.attendees[a]
            .held
            .iter()
            .any(|p| p.workshop == w && p.round == r)
    }

    /// The organisation of attendee `a` when organisations are capped.
    pub fn capped_organisation(&self, a: usize) -> Option<usize> {
        self.organisation_cap.and(self.attendees[a].organisation)
    }

    /// The most seats attendee `a` can hold: wishes, ranking and rounds cap it.
    pub(super) fn most_seats(&self, a: usize) -> usize {
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
            priority: seats
                .iter()
                .enumerate()
                .filter(|(a, s)| self.attendees[*a].priority && !s.is_empty())
                .count(),
            served: seats.iter().filter(|s| !s.is_empty()).count(),
            seats: seats.iter().map(Vec::len).sum(),
            kept: seats
                .iter()
                .enumerate()
                .flat_map(|(a, s)| s.iter().map(move |s| (a, s)))
                .filter(|(a, s)| self.held(*a, s.workshop, s.round))
                .count(),
            satisfaction: seats.iter().flatten().map(|s| (k - s.rank) as u64).sum(),
        }
    }

    /// Whether seats form a feasible allocation; `Err` says what is wrong.
    pub fn check(&self, seats: &[Vec<Seat>]) -> Result<(), String> {
        if seats.len() != self.attendees.len() {
            return Err("one list of seats per attendee".into());
        }
        let mut taken = vec![vec![0u32; self.rounds]; self.workshops.len()];
        let mut by_organisation = std::collections::HashMap::new();
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
                if let Some(o) = self.capped_organisation(a) {
                    let n = by_organisation.entry((s.workshop, s.round, o)).or_insert(0);
                    *n += 1;
                    if Some(*n) > self.organisation_cap {
                        return Err(format!(
                            "workshop {} round {} has more than {} of organisation {o}",
                            s.workshop,
                            s.round,
                            self.organisation_cap.unwrap_or(0)
                        ));
                    }
                }
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
