//! The workshop allocation against independent answers: exhaustive search
//! on small instances, an integer-programming solver (PuLP with CBC) on
//! medium ones, properties on random ones, and the demo's block of four
//! workshops.

use deroule::signups::allocation::solver::{
    allocate, Attendee, Occurrence, Problem, Score, Seat, Workshop,
};
use std::process::Command;

/// A tiny deterministic generator (xorshift64), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // Zero is a fixed point of xorshift.
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.range(0, i));
        }
    }
}

/// Sizes of a random instance, as inclusive ranges.
struct Sizes {
    attendees: (usize, usize),
    workshops: (usize, usize),
    rounds: (usize, usize),
    capacity: (usize, usize),
}

/// A random instance: each workshop runs in each round with probability
/// 3/4; rankings are random subsets in random order; wishes are 1 or 2,
/// sometimes left to the default N = 2.
fn random_problem(rng: &mut Rng, s: &Sizes) -> Problem {
    let rounds = rng.range(s.rounds.0, s.rounds.1);
    let nw = rng.range(s.workshops.0, s.workshops.1);
    let workshops = (0..nw)
        .map(|_| Workshop {
            occurrences: (0..rounds)
                .filter_map(|round| {
                    let runs = rng.range(0, 3) > 0;
                    let capacity = rng.range(s.capacity.0, s.capacity.1) as u32;
                    runs.then_some(Occurrence { round, capacity })
                })
                .collect(),
        })
        .collect();
    let na = rng.range(s.attendees.0, s.attendees.1);
    let attendees = (0..na)
        .map(|_| {
            let mut ranking: Vec<usize> = (0..nw).collect();
            rng.shuffle(&mut ranking);
            ranking.truncate(rng.range(0, nw));
            let wishes = match rng.range(0, 2) {
                0 => None,
                n => Some(n),
            };
            Attendee {
                ranking,
                wishes,
                ..Attendee::default()
            }
        })
        .collect();
    Problem {
        rounds,
        max_seats: 2,
        workshops,
        attendees,
        organisation_cap: None,
    }
}

/// Every schedule attendee `a` could have alone: distinct ranked
/// workshops in distinct rounds, at most their wishes.
fn schedules(p: &Problem, a: usize) -> Vec<Vec<Seat>> {
    fn extend(p: &Problem, a: usize, current: &mut Vec<Seat>, out: &mut Vec<Vec<Seat>>) {
        out.push(current.clone());
        if current.len() == p.wishes(a) {
            return;
        }
        // Seats in increasing round order, so each set is produced once.
        let from = current.last().map_or(0, |s| s.round + 1);
        for round in from..p.rounds {
            for (pos, &workshop) in p.attendees[a].ranking.iter().enumerate() {
                if p.capacity(workshop, round).is_some()
                    && !current.iter().any(|s| s.workshop == workshop)
                {
                    current.push(Seat {
                        workshop,
                        round,
                        rank: pos + 1,
                    });
                    extend(p, a, current, out);
                    current.pop();
                }
            }
        }
    }
    let mut out = Vec::new();
    extend(p, a, &mut Vec::new(), &mut out);
    out
}

/// The best score over every feasible allocation, by exhaustive search.
fn brute_force(p: &Problem) -> Score {
    fn search(
        p: &Problem,
        options: &[Vec<Vec<Seat>>],
        left: &mut Vec<Vec<u32>>,
        chosen: &mut Vec<Vec<Seat>>,
        best: &mut Score,
    ) {
        let a = chosen.len();
        if a == options.len() {
            *best = (*best).max(p.score(chosen));
            return;
        }
        for schedule in &options[a] {
            if schedule.iter().all(|s| left[s.workshop][s.round] > 0) {
                for s in schedule {
                    left[s.workshop][s.round] -= 1;
                }
                chosen.push(schedule.clone());
                search(p, options, left, chosen, best);
                chosen.pop();
                for s in schedule {
                    left[s.workshop][s.round] += 1;
                }
            }
        }
    }
    let options: Vec<_> = (0..p.attendees.len()).map(|a| schedules(p, a)).collect();
    let mut left: Vec<Vec<u32>> = (0..p.workshops.len())
        .map(|w| {
            (0..p.rounds)
                .map(|r| p.capacity(w, r).unwrap_or(0))
                .collect()
        })
        .collect();
    let mut best = Score {
        priority: 0,
        served: 0,
        seats: 0,
        kept: 0,
        satisfaction: 0,
    };
    search(p, &options, &mut left, &mut Vec::new(), &mut best);
    best
}

#[test]
fn allocation_equals_brute_force_on_small_instances() {
    let sizes = Sizes {
        attendees: (2, 5),
        workshops: (2, 4),
        rounds: (1, 2),
        capacity: (0, 3),
    };
    let mut rng = Rng::new(1);
    let mut branched = 0;
    for i in 0..600 {
        let p = random_problem(&mut rng, &sizes);
        let got = allocate(&p).unwrap();
        assert_eq!(p.check(&got.seats), Ok(()), "instance {i}: {p:?}");
        assert_eq!(got.score, p.score(&got.seats), "instance {i}");
        let best = brute_force(&p);
        assert_eq!(got.score, best, "instance {i}: {p:?}\n{:?}", got.seats);
        // The weighted value orders like the tiers (the module's proof).
        assert_eq!(got.weights.value(got.score), got.weights.value(best));
        branched += usize::from(got.score.seats > 0);
    }
    assert!(branched > 300, "instances too often empty: {branched}");
}

/// Solves the same objective with binary variables in PuLP (CBC).
const ILP: &str = r#"
import json, sys, pulp
d = json.load(open(sys.argv[1]))
R, big1, big2, k = d["rounds"], d["big1"], d["big2"], d["k"]
cap = {(o[0], o[1]): o[2] for o in d["occurrences"]}
prob = pulp.LpProblem("allocation", pulp.LpMaximize)
x, y, obj = {}, {}, []
for a, at in enumerate(d["attendees"]):
    for pos, w in enumerate(at["ranking"]):
        for r in range(R):
            if (w, r) in cap:
                x[a, w, r] = pulp.LpVariable(f"x_{a}_{w}_{r}", cat="Binary")
                obj.append((big2 + k - (pos + 1)) * x[a, w, r])
    y[a] = pulp.LpVariable(f"y_{a}", cat="Binary")
    obj.append(big1 * y[a])
    mine = [v for (b, _, _), v in x.items() if b == a]
    prob += y[a] <= pulp.lpSum(mine)
    prob += pulp.lpSum(mine) <= at["wishes"]
    for w in at["ranking"]:
        prob += pulp.lpSum(v for (b, u, _), v in x.items() if b == a and u == w) <= 1
    for r in range(R):
        prob += pulp.lpSum(v for (b, _, s), v in x.items() if b == a and s == r) <= 1
for (w, r), c in cap.items():
    prob += pulp.lpSum(v for (_, u, s), v in x.items() if u == w and s == r) <= c
prob += pulp.lpSum(obj)
status = prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=0, gapAbs=0))
assert pulp.LpStatus[status] == "Optimal", pulp.LpStatus[status]
print(round(pulp.value(prob.objective)))
"#;

#[test]
fn allocation_equals_cbc_on_medium_instances() {
    let python = crate::python(&["pulp"]);
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng::new(7);
    let mut compared = 0;
    for (i, rounds) in [(2, 2), (2, 2), (2, 2), (2, 2), (3, 3), (3, 3)]
        .into_iter()
        .enumerate()
    {
        let sizes = Sizes {
            attendees: (40, 40),
            workshops: (6, 6),
            rounds,
            capacity: (3, 9),
        };
        let p = random_problem(&mut rng, &sizes);
        let got = allocate(&p).unwrap();
        assert_eq!(p.check(&got.seats), Ok(()));
        let w = got.weights;
        let occurrences: Vec<[u32; 3]> = (0..p.workshops.len())
            .flat_map(|ws| {
                let p = &p;
                (0..p.rounds)
                    .filter_map(move |r| p.capacity(ws, r).map(|c| [ws as u32, r as u32, c]))
            })
            .collect();
        let attendees: Vec<_> = (0..p.attendees.len())
            .map(|a| serde_json::json!({"ranking": p.attendees[a].ranking, "wishes": p.wishes(a)}))
            .collect();
        let json = serde_json::json!({
            "rounds": p.rounds, "big1": w.big1, "big2": w.big2, "k": w.k,
            "occurrences": occurrences, "attendees": attendees,
        });
        let path = dir.path().join(format!("instance-{i}.json"));
        std::fs::write(&path, json.to_string()).unwrap();
        let out = Command::new(&python)
            .arg("-c")
            .arg(ILP)
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "PuLP failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let cbc: i128 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
        assert_eq!(w.value(got.score), cbc, "instance {i}: {:?}", got.score);
        compared += 1;
    }
    assert_eq!(compared, 6);
}

#[test]
fn allocation_leaves_no_usable_seat_free_and_summary_adds_up() {
    let sizes = Sizes {
        attendees: (5, 30),
        workshops: (2, 6),
        rounds: (1, 3),
        capacity: (0, 8),
    };
    let mut rng = Rng::new(3);
    for i in 0..300 {
        let p = random_problem(&mut rng, &sizes);
        let got = allocate(&p).unwrap();
        assert_eq!(p.check(&got.seats), Ok(()), "instance {i}");
        let s = &got.summary;
        let mut taken = vec![vec![0u32; p.rounds]; p.workshops.len()];
        for seat in got.seats.iter().flatten() {
            taken[seat.workshop][seat.round] += 1;
        }
        for (a, seats) in got.seats.iter().enumerate() {
            // Nobody (and in particular nobody with nothing) lacks a seat
            // they asked for while a ranked workshop they do not hold has
            // a free seat in a round where they have none.
            if seats.len() >= p.wishes(a) {
                continue;
            }
            for &w in &p.attendees[a].ranking {
                if seats.iter().any(|s| s.workshop == w) {
                    continue;
                }
                for (r, &held) in taken[w].iter().enumerate() {
                    let free = p.capacity(w, r).is_some_and(|c| held < c);
                    assert!(
                        !free || seats.iter().any(|s| s.round == r),
                        "instance {i}: attendee {a} ({} seats) could take workshop {w} in round {r}",
                        seats.len()
                    );
                }
            }
        }
        assert_eq!(
            s.by_rank.iter().sum::<usize>(),
            s.seats_given,
            "instance {i}"
        );
        assert_eq!(s.seats_given, got.score.seats);
        assert_eq!(s.served, got.score.served);
        let idle = (0..p.attendees.len()).filter(|&a| p.wishes(a) == 0).count();
        assert_eq!(s.served + s.unserved + idle, p.attendees.len());
        assert_eq!(
            s.fill.iter().map(|f| f.taken as usize).sum::<usize>(),
            s.seats_given
        );
        assert!(s.fill.iter().all(|f| f.taken <= f.capacity));
        let missing: usize = s.short.iter().map(|x| x.wished - x.got).sum();
        assert_eq!(s.seats_wished - s.seats_given, missing, "instance {i}");
    }
}

#[test]
fn allocation_of_the_demo_workshops() {
    // The demo's 14h-16h block: four workshops, each at 14h and 15h.
    let names = [
        "Atelier 1 : Retex avec la valise Educonum",
        "Atelier 2 : Le festival Numok",
        "Atelier 3 : Numérique éthique et libre",
        "Atelier 4 : Échange avec des fablabs",
    ];
    let capacities = [15, 20, 15, 15];
    let workshops = capacities
        .iter()
        .map(|&capacity| Workshop {
            occurrences: (0..2).map(|round| Occurrence { round, capacity }).collect(),
        })
        .collect();
    // Popularity skew: workshop 1 draws most, then 2, 3, 4; rankings are
    // drawn without replacement with those weights, and some attendees
    // rank only two or three workshops, or want a single one.
    let popularity = [8u64, 4, 2, 1];
    let mut rng = Rng::new(2022);
    let attendees: Vec<Attendee> = (0..60)
        .map(|i| {
            let mut left: Vec<usize> = (0..4).collect();
            let mut ranking = Vec::new();
            while !left.is_empty() {
                let total: u64 = left.iter().map(|&w| popularity[w]).sum();
                let mut pick = rng.next() % total;
                let at = left
                    .iter()
                    .position(|&w| {
                        let hit = pick < popularity[w];
                        pick = pick.saturating_sub(popularity[w]);
                        hit
                    })
                    .unwrap();
                ranking.push(left.remove(at));
            }
            ranking.truncate(rng.range(2, 4));
            let wishes = if i % 10 == 9 { Some(1) } else { None };
            Attendee {
                ranking,
                wishes,
                ..Attendee::default()
            }
        })
        .collect();
    let p = Problem {
        rounds: 2,
        max_seats: 2,
        workshops,
        attendees,
        organisation_cap: None,
    };
    let got = allocate(&p).unwrap();
    assert_eq!(p.check(&got.seats), Ok(()));
    // 65 seats per round for 60 attendees: everyone gets what they ask.
    for (a, seats) in got.seats.iter().enumerate() {
        assert_eq!(seats.len(), p.wishes(a), "attendee {a}");
    }
    let s = &got.summary;
    let ordinal = ["1st", "2nd", "3rd", "4th"];
    let mut report = format!(
        "attendees: {}, served: {}, seats: {} of {} wished\n",
        p.attendees.len(),
        s.served,
        s.seats_given,
        s.seats_wished
    );
    for (k, n) in s.by_rank.iter().enumerate() {
        report.push_str(&format!("got their {} choice: {n}\n", ordinal[k]));
    }
    report.push_str(&format!("short of their wish: {}\n", s.short.len()));
    // Seats per workshop over both rounds: how they split between 14h and
    // 15h differs between equally good allocations.
    for (w, name) in names.iter().enumerate() {
        let (taken, capacity) = s
            .fill
            .iter()
            .filter(|f| f.workshop == w)
            .fold((0, 0), |(t, c), f| (t + f.taken, c + f.capacity));
        report.push_str(&format!("{name}: {taken}/{capacity}\n"));
    }
    insta::assert_snapshot!(report);
}

// ---------------------------------------------------------------------------
// The allocation on a stored block: `Db::allocate_block`.

mod stored {
    use super::Rng;
    use crate::dump;
    use deroule::model::{Attendee, ChoiceBlock, Id, ItemKind, SignupSource, SignupStatus};
    use deroule::signups::allocation::solver::{self as allocation, allocate};
    use deroule::Db;
    use std::collections::HashMap;

    /// The demo's programme with its eight workshop items as one block
    /// (four workshops at 14h and 15h, "2 au choix"), 40 attendees ranking
    /// random workshops and 5 more who signed up by hand (not ranking).
    fn setup() -> (Db, Id, Id, Vec<Id>, Vec<Id>) {
        let mut db = Db::open_in_memory().unwrap();
        let event = db
            .import_programme(&deroule::demo::programme_file())
            .unwrap();
        let p = db.programme(event).unwrap();
        let items: Vec<Id> = p
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Workshop)
            .map(|i| i.id.unwrap())
            .collect();
        // Smaller rooms, so that choices compete.
        for (n, &item) in items.iter().enumerate() {
            let mut it = p.items.iter().find(|i| i.id == Some(item)).unwrap().clone();
            it.capacity = Some([8, 12, 6, 10][n % 4]);
            db.save_item(&it).unwrap();
        }
        let block = db
            .make_block(
                &ChoiceBlock {
                    id: None,
                    event_id: event,
                    name: "Ateliers".into(),
                    min_choices: 0,
                    max_choices: 2,
                },
                &items,
            )
            .unwrap()
            .id
            .unwrap();
        let workshops: Vec<Id> = db
            .registrations(event)
            .unwrap()
            .workshops
            .iter()
            .map(|w| w.id)
            .collect();
        let mut rng = Rng::new(7);
        let add = |db: &mut Db, name: String| {
            let organisation = "Médiathèque".into();
            crate::save_new(
                db,
                &Attendee {
                    organisation,
                    ..crate::new_attendee(event, &name)
                },
            )
        };
        let mut ranked = Vec::new();
        for n in 0..40 {
            let a = add(&mut db, format!("Participant {n:02}"));
            let mut order = workshops.clone();
            rng.shuffle(&mut order);
            // Workshop 2 (index 1) is everyone's favourite half the time.
            if n % 2 == 0 {
                let at = order.iter().position(|&w| w == workshops[1]).unwrap();
                order.swap(0, at);
            }
            order.truncate(rng.range(1, 4));
            db.set_ranking(a, block, &order).unwrap();
            ranked.push(a);
        }
        let mut manual = Vec::new();
        for n in 0..5 {
            let a = add(&mut db, format!("Sur place {n}"));
            db.sign_up(items[n % items.len()], a, SignupSource::Desk)
                .unwrap();
            manual.push(a);
        }
        (db, event, block, ranked, manual)
    }

    /// The app's way: read the block, solve away from the database, apply
    /// only if the block reads the same; a ranking or a capacity changed in
    /// between refuses the result and writes nothing.
    #[test]
    fn a_result_applies_only_to_the_block_it_was_solved_for() {
        let (mut db, event, block, ranked, _) = setup();
        let prepared = db.allocation_problem(block).unwrap();
        assert_eq!(prepared.participants(), ranked.len());
        let solved = allocate(&prepared.problem).unwrap();
        let dry = deroule::Db::allocation_report(&prepared, &solved);
        assert_eq!(dry, db.allocate_block(block, true).unwrap());

        // Someone changes their ranking meanwhile.
        let workshops: Vec<Id> = db
            .registrations(event)
            .unwrap()
            .workshops
            .iter()
            .map(|w| w.id)
            .collect();
        db.set_ranking(ranked[0], block, &workshops[2..3]).unwrap();
        let before = dump(&db);
        let refused = db.apply_allocation(&prepared, &solved).unwrap_err();
        assert_eq!(refused.reason.as_deref(), Some("changed"), "{refused:?}");
        assert_eq!(refused.field.as_deref(), Some("block"));
        assert_eq!(dump(&db), before);

        // A capacity changed meanwhile: refused too.
        let prepared = db.allocation_problem(block).unwrap();
        let solved = allocate(&prepared.problem).unwrap();
        let p = db.programme(event).unwrap();
        let mut item = p
            .items
            .iter()
            .find(|i| i.block_id == Some(block))
            .unwrap()
            .clone();
        item.capacity = item.capacity.map(|c| c + 1);
        db.save_item(&item).unwrap();
        let refused = db.apply_allocation(&prepared, &solved).unwrap_err();
        assert_eq!(refused.reason.as_deref(), Some("changed"));

        // Unchanged: it applies, as the one-step allocation would.
        let prepared = db.allocation_problem(block).unwrap();
        let solved = allocate(&prepared.problem).unwrap();
        let applied = db.apply_allocation(&prepared, &solved).unwrap();
        assert!(applied.applied && applied.optimal && applied.gap.is_none());
        assert_eq!(applied.served, solved.score.served);
        assert_eq!(db.history().undo.as_deref(), Some("allocation.run"));
    }

    #[test]
    fn a_dry_run_writes_nothing_and_equals_the_solver_on_the_same_problem() {
        let (mut db, event, block, ranked, _) = setup();
        let before = dump(&db);
        let report = db.allocate_block(block, true).unwrap();
        assert_eq!(dump(&db), before);
        assert!(!report.applied);
        assert_eq!(report.attendees, ranked.len());

        // The same problem written by hand from the stored data: two rounds
        // (14h, 15h), capacities minus the seats held by the 5 who did not
        // rank.
        let r = db.registrations(event).unwrap();
        let p = db.programme(event).unwrap();
        let index: HashMap<Id, usize> = r
            .workshops
            .iter()
            .enumerate()
            .map(|(n, w)| (w.id, n))
            .collect();
        let workshops = r
            .workshops
            .iter()
            .map(|w| allocation::Workshop {
                occurrences: w
                    .item_ids
                    .iter()
                    .map(|&item| {
                        let it = p.items.iter().find(|i| i.id == Some(item)).unwrap();
                        let kept = r
                            .signups
                            .iter()
                            .filter(|s| s.item_id == item && s.status == SignupStatus::Confirmed)
                            .count() as i64;
                        allocation::Occurrence {
                            round: if it.starts_at.format("%H").to_string() == "14" {
                                0
                            } else {
                                1
                            },
                            capacity: (it.capacity.unwrap() - kept) as u32,
                        }
                    })
                    .collect(),
            })
            .collect();
        let attendees = ranked
            .iter()
            .map(|&a| allocation::Attendee {
                ranking: db.rankings(a).unwrap()[&block]
                    .iter()
                    .map(|w| index[w])
                    .collect(),
                wishes: None,
                ..allocation::Attendee::default()
            })
            .collect();
        let problem = allocation::Problem {
            rounds: 2,
            max_seats: 2,
            workshops,
            attendees,
            organisation_cap: None,
        };
        let expected = allocate(&problem).unwrap();
        assert_eq!(report.served, expected.score.served);
        assert_eq!(report.seats_given, expected.score.seats);
        // Optima may differ in which seats they give, not in value.
        let k = 1 + report.by_rank.len() as u64;
        let satisfaction: u64 = report
            .by_rank
            .iter()
            .enumerate()
            .map(|(r, &n)| n as u64 * (k - 1 - r as u64))
            .sum();
        assert_eq!(satisfaction, expected.score.satisfaction);
        assert_eq!(report.unserved, expected.summary.unserved);
        assert_eq!(report.short.len(), expected.summary.short.len());
        // Competition is real here: not everyone gets their first choices.
        assert!(report.by_rank.len() > 1 && report.by_rank[1..].iter().sum::<usize>() > 0);
    }

    #[test]
    fn applying_writes_the_seats_within_every_rule_and_undoes_in_one_step() {
        let (mut db, event, block, ranked, manual) = setup();
        let manual_before: Vec<_> = db
            .registrations(event)
            .unwrap()
            .signups
            .into_iter()
            .filter(|s| manual.contains(&s.attendee_id))
            .collect();
        let before = dump(&db);
        let dry = db.allocate_block(block, true).unwrap();
        let report = db.allocate_block(block, false).unwrap();
        assert!(report.applied);
        assert_eq!(report.seats_given, dry.seats_given);
        assert_eq!(report.by_rank, dry.by_rank);

        let r = db.registrations(event).unwrap();
        let p = db.programme(event).unwrap();
        // The people who did not rank keep exactly what they had.
        let manual_after: Vec<_> = r
            .signups
            .iter()
            .filter(|s| manual.contains(&s.attendee_id))
            .cloned()
            .collect();
        assert_eq!(manual_after, manual_before);
        // Every ranked attendee holds what the report says, by allocation,
        // never two at once, never one workshop twice, never more than 2.
        let mut given = 0;
        for &a in &ranked {
            let mine: Vec<_> = r
                .signups
                .iter()
                .filter(|s| s.attendee_id == a && s.status == SignupStatus::Confirmed)
                .collect();
            assert!(mine.len() <= 2);
            assert!(mine.iter().all(|s| s.source == SignupSource::Allocation));
            let hours: Vec<String> = mine
                .iter()
                .map(|s| {
                    let it = p.items.iter().find(|i| i.id == Some(s.item_id)).unwrap();
                    it.starts_at.format("%H").to_string()
                })
                .collect();
            assert!(hours.len() < 2 || hours[0] != hours[1], "{a}: {hours:?}");
            let ws: Vec<Option<Id>> = mine
                .iter()
                .map(|s| {
                    p.items
                        .iter()
                        .find(|i| i.id == Some(s.item_id))
                        .unwrap()
                        .workshop_id
                })
                .collect();
            assert!(ws.len() < 2 || ws[0] != ws[1]);
            given += mine.len();
        }
        assert_eq!(given, report.seats_given);
        for f in &r.fills {
            assert!(f.confirmed <= f.capacity.unwrap(), "{f:?}");
        }
        // Running it again changes nothing but the times.
        let again = db.allocate_block(block, false).unwrap();
        assert_eq!(again.by_rank, report.by_rank);
        db.undo().unwrap();
        db.undo().unwrap();
        assert_eq!(dump(&db), before);
    }

    #[test]
    fn the_demo_comes_with_attendees_rankings_and_an_allocation() {
        let (db, event) = crate::demo_db();
        let r = db.registrations(event).unwrap();
        assert_eq!(r.attendees.len(), 60);
        assert_eq!(r.blocks.len(), 1);
        assert_eq!(r.workshops.len(), 4);
        let ranked: Vec<_> = r
            .attendees
            .iter()
            .filter(|a| !db.rankings(a.id.unwrap()).unwrap().is_empty())
            .collect();
        assert_eq!(ranked.len(), 54);
        for a in &ranked {
            let held = r
                .signups
                .iter()
                .filter(|s| s.attendee_id == a.id.unwrap() && s.status == SignupStatus::Confirmed)
                .count();
            assert_eq!(held, 2, "{}", a.name);
        }
        assert!(r.fills.iter().all(|f| f.confirmed <= f.capacity.unwrap()));
        // Distinct e-mails, all valid.
        let mut emails: Vec<&str> = r.attendees.iter().map(|a| a.email.as_str()).collect();
        emails.sort();
        emails.dedup();
        assert_eq!(emails.len(), 60);
    }
}
