//! Deterministic instances of the blocks organisers run, by class: what
//! the benchmark measures and the differential test checks against a MIP.
//! Pure data generation, seeded, so every run sees the same instances.

use super::problem::{Allocation, Attendee, Occurrence, Problem, Workshop};
use super::{allocate, AllocationError};

/// A kind of block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// One round, one workshop each, ranking 3.
    OneRound,
    /// Two rounds, every workshop in both, choose 2 of a ranking of 5, 4%
    /// spare seats: the usual "2 ateliers au choix".
    TwoRounds,
    /// Three rounds, each workshop in 2 of them, 5 ranked choices, up to
    /// 3 seats: the afternoon of issue 12.
    ThreeRoundsPartial,
    /// Four rounds, workshops in random subsets of them, rankings of 1 to
    /// 8, wishes 1 to 4, seats for 80% of the demand.
    FourRoundsTight,
}

/// The 2-round class of `n` attendees re-allocated after late changes with
/// every fairness option: everyone holds the seats of a first allocation
/// (returned too), 3% late registrations rank like the first comers, one
/// attendee in four is of a priority category, organisations of 5 people,
/// at most 2 of one organisation per session.
pub fn with_every_option(n: usize) -> Result<(Problem, Allocation), AllocationError> {
    let mut p = Class::TwoRounds.instance(n, 12);
    let first = allocate(&p)?;
    p.hold(&first);
    let late: Vec<Attendee> = p.attendees[..n * 3 / 100]
        .iter()
        .map(|a| Attendee {
            ranking: a.ranking.clone(),
            wishes: a.wishes,
            ..Attendee::default()
        })
        .collect();
    p.attendees.extend(late);
    let organisations = (n / 5).max(1);
    for (a, at) in p.attendees.iter_mut().enumerate() {
        at.organisation = Some(a % organisations);
        at.priority = a % 4 == 1;
    }
    p.organisation_cap = Some(2);
    Ok((p, first))
}

impl Class {
    /// Every class, in the benchmark's order.
    pub const ALL: [Class; 4] = [
        Class::OneRound,
        Class::TwoRounds,
        Class::ThreeRoundsPartial,
        Class::FourRoundsTight,
    ];

    /// A short name for tables.
    pub fn name(self) -> &'static str {
        match self {
            Class::OneRound => "1 round, choose 1 of 3",
            Class::TwoRounds => "2 rounds, choose 2 of 5",
            Class::ThreeRoundsPartial => "3 rounds, each workshop in 2, up to 3 of 5",
            Class::FourRoundsTight => "4 rounds, any subset, 1-8 ranked, tight",
        }
    }

    /// The class at `attendees`, seed `seed`; the workshops grow with the
    /// attendees as in the examples: 8 up to 200, 12 up to 700
    /// (600 × 12), 16 up to 2,000 (1,000 × 16), else 40 (5,000 × 40).
    pub fn instance(self, attendees: usize, seed: u64) -> Problem {
        let workshops = match attendees {
            0..=200 => 8,
            201..=700 => 12,
            701..=2000 => 16,
            _ => 40,
        };
        let mut rng = Rng::new(seed);
        let shape = match self {
            Class::OneRound => Shape {
                rounds: 1,
                max_seats: 1,
                ranking: (3, 3),
                wishes: (1, 1),
                supply: 1.05,
                partial: false,
            },
            Class::TwoRounds => Shape {
                rounds: 2,
                max_seats: 2,
                ranking: (5, 5),
                wishes: (2, 2),
                supply: 1.04,
                partial: false,
            },
            Class::ThreeRoundsPartial => Shape {
                rounds: 3,
                max_seats: 3,
                ranking: (5, 5),
                wishes: (1, 3),
                supply: 1.0,
                partial: true,
            },
            Class::FourRoundsTight => Shape {
                rounds: 4,
                max_seats: 4,
                ranking: (1, 8),
                wishes: (1, 4),
                supply: 0.8,
                partial: true,
            },
        };
        shape.generate(&mut rng, attendees, workshops)
    }
}

/// What distinguishes the classes.
struct Shape {
    rounds: usize,
    max_seats: usize,
    ranking: (usize, usize),
    wishes: (usize, usize),
    /// Seats in total per seat wished.
    supply: f64,
    /// Each workshop in a random subset of the rounds (else in all).
    partial: bool,
}

impl Shape {
    fn generate(&self, rng: &mut Rng, attendees: usize, workshops: usize) -> Problem {
        let rounds_of: Vec<Vec<usize>> = (0..workshops)
            .map(|w| {
                if !self.partial {
                    return (0..self.rounds).collect();
                }
                if self.rounds == 3 {
                    // In 2 of the 3 rounds, spread evenly.
                    return (0..3).filter(|&r| r != w % 3).collect();
                }
                let mut rs: Vec<usize> = (0..self.rounds).filter(|_| rng.below(2) == 0).collect();
                if rs.is_empty() {
                    rs.push(rng.below(self.rounds as u64) as usize);
                }
                rs
            })
            .collect();
        let mut people: Vec<Attendee> = Vec::with_capacity(attendees);
        // Popularity strongly skewed: workshop w weighs 1 + (7w mod 10)².
        let popularity: Vec<u64> = (0..workshops)
            .map(|w| 1 + ((w as u64 * 7) % 10).pow(2))
            .collect();
        for _ in 0..attendees {
            let len = rng.range(self.ranking.0, self.ranking.1).min(workshops);
            let ranking = rng.weighted_sample(&popularity, len);
            let wishes = rng.range(self.wishes.0, self.wishes.1);
            people.push(Attendee {
                ranking,
                wishes: (wishes != self.max_seats).then_some(wishes),
                ..Attendee::default()
            });
        }
        let wished: usize = people
            .iter()
            .map(|a| a.wishes.unwrap_or(self.max_seats).min(a.ranking.len()))
            .sum();
        let occurrences: usize = rounds_of.iter().map(Vec::len).sum();
        let capacity = ((wished as f64 * self.supply) / occurrences as f64).ceil() as u32;
        Problem {
            rounds: self.rounds,
            max_seats: self.max_seats,
            workshops: rounds_of
                .into_iter()
                .map(|rs| Workshop {
                    occurrences: rs
                        .into_iter()
                        .map(|round| Occurrence {
                            round,
                            capacity: capacity.max(1),
                        })
                        .collect(),
                })
                .collect(),
            attendees: people,
            organisation_cap: None,
        }
    }
}

/// xorshift64: small, deterministic.
pub struct Rng(u64);

impl Rng {
    /// A generator; any seed, zero included.
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below((hi - lo + 1) as u64) as usize
    }

    /// `len` distinct indices of `weights`, drawn in order with
    /// probabilities proportional to the weights left.
    pub fn weighted_sample(&mut self, weights: &[u64], len: usize) -> Vec<usize> {
        let mut left: Vec<usize> = (0..weights.len()).collect();
        let mut out = Vec::with_capacity(len);
        while out.len() < len && !left.is_empty() {
            let total: u64 = left.iter().map(|&w| weights[w]).sum();
            let mut pick = self.below(total);
            let at = left
                .iter()
                .position(|&w| {
                    let hit = pick < weights[w];
                    pick = pick.saturating_sub(weights[w]);
                    hit
                })
                .unwrap_or(0);
            out.push(left.remove(at));
        }
        out
    }
}
