//! The allocation against an independent MIP (PuLP with CBC), tier by tier,
//! on random small instances of every class of block: 1 to 4 rounds,
//! workshops in any subset of them, wishes 1 to N, tight or loose
//! capacities, skewed popularity, rankings of 1 to 8. Each instance is
//! solved twice by us: with the default limits (the branch and bound, which
//! closes these) and with a search of one node, so that HiGHS does the
//! work whenever the root does not close. Also: the slow classes of issue
//! 12 finish, optimal, and a deadline gives the best allocation with its
//! gap.

use deroule::signups::allocation::solver::instances::{Class, Rng};
use deroule::signups::allocation::solver::{
    allocate, allocate_until_stopped, allocate_within, Attendee, Limits, Method, Occurrence, Place,
    Problem, Progress, Score, Stop, Workshop,
};
use std::time::Duration;

/// A random instance of a random class.
fn random_problem(rng: &mut Rng) -> Problem {
    let rounds = rng.range(1, 4);
    let nw = rng.range(2, 8);
    let max_seats = rng.range(1, rounds.min(4));
    let na = rng.range(4, 30);
    let popularity: Vec<u64> = (0..nw).map(|_| 1 + rng.below(4).pow(3)).collect();
    let attendees: Vec<Attendee> = (0..na)
        .map(|_| {
            let len = rng.range(1, nw.min(8));
            let ranking = rng.weighted_sample(&popularity, len);
            let wishes = match rng.range(0, max_seats) {
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
    let wished: usize = (0..na)
        .map(|a| attendees[a].wishes.unwrap_or(max_seats))
        .sum();
    let subsets: Vec<Vec<usize>> = (0..nw)
        .map(|_| {
            let mut rs: Vec<usize> = (0..rounds).filter(|_| rng.below(3) > 0).collect();
            if rs.is_empty() {
                rs.push(rng.range(0, rounds - 1));
            }
            rs
        })
        .collect();
    let occurrences: usize = subsets.iter().map(Vec::len).sum();
    // Tight (60% of the demand) or loose (130%), give or take.
    let supply = [0.6, 1.3][rng.range(0, 1)];
    let mean = (wished as f64 * supply / occurrences as f64).max(1.0);
    let workshops = subsets
        .into_iter()
        .map(|rs| Workshop {
            occurrences: rs
                .into_iter()
                .map(|round| Occurrence {
                    round,
                    capacity: rng.range(0, (2.0 * mean) as usize) as u32,
                })
                .collect(),
        })
        .collect();
    Problem {
        rounds,
        max_seats,
        workshops,
        attendees,
        organisation_cap: None,
    }
}

/// The same instance with the fairness options on: a few organisations
/// capped at 1 or 2 per occurrence, one attendee in four of a priority
/// category, and seats held from an earlier allocation of a slightly
/// different block (some no longer possible).
fn with_options(mut p: Problem, rng: &mut Rng) -> Problem {
    p.organisation_cap = Some(rng.range(1, 2) as u32);
    let organisations = rng.range(1, 3);
    let earlier = allocate(&p).unwrap();
    for (a, at) in p.attendees.iter_mut().enumerate() {
        at.organisation = (rng.below(4) > 0).then(|| rng.range(0, organisations - 1));
        at.priority = rng.below(4) == 0;
        at.held = earlier.seats[a]
            .iter()
            .map(|s| Place {
                workshop: s.workshop,
                round: s.round,
            })
            .collect();
        if rng.below(5) == 0 {
            let workshop = rng.range(0, p.workshops.len() - 1);
            let round = rng.range(0, p.rounds - 1);
            at.held.push(Place { workshop, round });
        }
    }
    // Late changes: capacities move a little.
    for w in &mut p.workshops {
        for o in &mut w.occurrences {
            o.capacity = (o.capacity as usize + rng.range(0, 2)).saturating_sub(1) as u32;
        }
    }
    p
}

/// Solves each instance of a JSON list lexicographically with PuLP/CBC:
/// maximise the served, fix them, maximise the seats, fix them, maximise
/// the satisfaction. Prints the three optima of each, as JSON.
const LEXICOGRAPHIC: &str = r#"
import json, sys, pulp
out = []
for d in json.load(open(sys.argv[1])):
    R, N = d["rounds"], d["maxSeats"]
    K = 1 + max([len(a["ranking"]) for a in d["attendees"]] + [0])
    org_cap = d.get("organisationCap")
    cap = {}
    for w, ws in enumerate(d["workshops"]):
        for o in ws["occurrences"]:
            cap[w, o["round"]] = o["capacity"]
    prob = pulp.LpProblem("allocation", pulp.LpMaximize)
    x, y = {}, {}
    for a, at in enumerate(d["attendees"]):
        wishes = min(at.get("wishes") if at.get("wishes") is not None else N, N)
        for pos, w in enumerate(at["ranking"]):
            for r in range(R):
                if (w, r) in cap:
                    x[a, w, r, pos + 1] = pulp.LpVariable(f"x_{a}_{w}_{r}", cat="Binary")
        y[a] = pulp.LpVariable(f"y_{a}", cat="Binary")
        mine = [v for k, v in x.items() if k[0] == a]
        prob += y[a] <= pulp.lpSum(mine)
        prob += pulp.lpSum(mine) <= wishes
        for w in at["ranking"]:
            prob += pulp.lpSum(v for k, v in x.items() if k[0] == a and k[1] == w) <= 1
        for r in range(R):
            prob += pulp.lpSum(v for k, v in x.items() if k[0] == a and k[2] == r) <= 1
    for (w, r), c in cap.items():
        prob += pulp.lpSum(v for k, v in x.items() if k[1] == w and k[2] == r) <= c
    ats = d["attendees"]
    if org_cap is not None:
        orgs = {at.get("organisation") for at in ats} - {None}
        for (w, r) in cap:
            for o in orgs:
                prob += pulp.lpSum(v for k, v in x.items()
                                   if k[1] == w and k[2] == r and ats[k[0]].get("organisation") == o) <= org_cap
    held = lambda a, w, r: {"workshop": w, "round": r} in ats[a].get("held", [])
    tiers = [
        pulp.lpSum(v for a, v in y.items() if ats[a].get("priority")),
        pulp.lpSum(y.values()),
        pulp.lpSum(x.values()),
        pulp.lpSum(v for k, v in x.items() if held(k[0], k[1], k[2])),
        pulp.lpSum((K - k[3]) * v for k, v in x.items()),
    ]
    best = []
    for tier in tiers:
        prob.setObjective(tier)
        # CBC, run under a loaded machine, once in a while leaves no
        # solution file (PuLP then fails reading it): run it again then.
        for attempt in range(3):
            try:
                status = prob.solve(pulp.PULP_CBC_CMD(msg=False, gapRel=0, gapAbs=0))
                break
            except IndexError:
                if attempt == 2:
                    raise
        assert pulp.LpStatus[status] == "Optimal", pulp.LpStatus[status]
        value = round(pulp.value(tier) or 0)
        best.append(value)
        prob += tier >= value
    out.append(best)
print(json.dumps(out))
"#;

/// The optimum of each problem by PuLP/CBC, tier by tier.
fn cbc(problems: &[Problem]) -> Vec<Score> {
    let python = crate::python(&["pulp"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("problems.json");
    std::fs::write(&path, serde_json::to_string(problems).unwrap()).unwrap();
    let out = crate::support::python::run_script(&python, LEXICOGRAPHIC, &[&path]);
    let tiers: Vec<(usize, usize, usize, usize, u64)> = serde_json::from_str(&out).unwrap();
    tiers
        .into_iter()
        .map(|(priority, served, seats, kept, satisfaction)| Score {
            priority,
            served,
            seats,
            kept,
            satisfaction,
        })
        .collect()
}

#[test]
fn allocation_equals_a_lexicographic_mip_on_random_instances_of_every_class() {
    let mut rng = Rng::new(12);
    let mut problems: Vec<Problem> = (0..150).map(|_| random_problem(&mut rng)).collect();
    // And 100 with the fairness options on.
    for _ in 0..100 {
        let p = random_problem(&mut rng);
        problems.push(with_options(p, &mut rng));
    }
    let expected = cbc(&problems);
    let only_mip = Limits {
        search_nodes: 0,
        ..Limits::default()
    };
    let (mut by_mip, mut rounds_seen) = (0, [0; 5]);
    for (i, (p, best)) in problems.iter().zip(&expected).enumerate() {
        rounds_seen[p.rounds] += 1;
        for limits in [Limits::default(), only_mip] {
            let got = allocate_within(p, limits, &mut |_| {}).unwrap();
            assert_eq!(p.check(&got.seats), Ok(()), "instance {i}: {p:?}");
            assert_eq!(got.score, *best, "instance {i} ({limits:?}): {p:?}");
            assert!(got.optimal && got.gap.is_none(), "instance {i}");
            by_mip += usize::from(got.method == Method::Mip);
        }
    }
    assert!(rounds_seen[1..].iter().all(|&n| n >= 20), "{rounds_seen:?}");
    // Every instance went through HiGHS once (those with nobody to serve
    // are closed without it).
    assert!(by_mip >= 230, "HiGHS solved only {by_mip} instances");
    // The options bite: priority attendees, kept seats and capped
    // organisations all occur in the optima.
    let fair = &expected[150..];
    assert!(fair.iter().filter(|s| s.priority > 0).count() > 50);
    assert!(fair.iter().filter(|s| s.kept > 0).count() > 50);
}

#[test]
fn the_slow_classes_of_issue_12_finish_optimal_equal_to_cbc() {
    // 150 × 8 × 3 (each workshop in 2 of the 3 rounds, 5 choices, up to 3
    // seats): the branch and bound alone did not finish in 40 s.
    let problems = vec![
        Class::ThreeRoundsPartial.instance(150, 1),
        Class::FourRoundsTight.instance(150, 2),
    ];
    let expected = cbc(&problems);
    for (p, best) in problems.iter().zip(&expected) {
        let got = allocate(p).unwrap();
        assert_eq!(p.check(&got.seats), Ok(()));
        assert!(got.optimal, "{:?}", got.gap);
        assert_eq!(got.score, *best);
    }
    // 600 × 12 × 3: not finished after 10 minutes before.
    let p = Class::ThreeRoundsPartial.instance(600, 3);
    assert_eq!(p.workshops.len(), 12);
    let got = allocate(&p).unwrap();
    assert!(got.optimal, "{:?}", got.gap);
    assert_eq!(p.check(&got.seats), Ok(()));
}

#[test]
fn past_the_deadline_the_best_allocation_comes_with_its_gap() {
    let p = Class::FourRoundsTight.instance(5000, 4);
    let limits = Limits {
        search_nodes: 1,
        search_time: Duration::ZERO,
        deadline: Duration::ZERO,
    };
    let got = allocate_within(&p, limits, &mut |_| {}).unwrap();
    assert_eq!(p.check(&got.seats), Ok(()));
    assert!(got.score.served > 4000, "{:?}", got.score);
    let gap = got.gap.expect("no time to prove anything");
    assert!(!got.optimal);
    assert!(gap.bound >= gap.found, "{gap:?}");
}

/// The organiser's Stop, pressed while HiGHS works on a block of 5,000,
/// interrupts HiGHS itself (its interrupt callback): the solver returns the
/// best allocation known, feasible, flagged stopped, with the gap still
/// open on the very tier HiGHS was working on. Without the interrupt, HiGHS
/// would go on to prove that tier (the deadline is ten minutes away) and
/// the gap would be on a later tier, or none.
#[test]
fn stop_pressed_while_highs_runs_returns_the_best_allocation_known() {
    let p = Class::FourRoundsTight.instance(5000, 4);
    let limits = Limits {
        search_nodes: 1,
        search_time: Duration::ZERO,
        deadline: Duration::from_secs(600),
    };
    let stop = Stop::new();
    let (handing_over, handed_over) = std::sync::mpsc::channel();
    // The organiser presses Stop a moment after HiGHS took over: while it
    // builds or solves its first stage (seconds at this size).
    let organiser = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            if handed_over.recv().is_ok() {
                std::thread::sleep(Duration::from_millis(200));
                stop.stop();
            }
        })
    };
    let mut open = None;
    let got = allocate_until_stopped(&p, limits, &stop, &mut |progress| {
        if let Progress::Refining { best, gap } = progress {
            open = Some((best, gap));
            handing_over.send(()).unwrap();
        }
    })
    .unwrap();
    organiser.join().unwrap();
    let (best, open) = open.expect("the search handed over to HiGHS");
    assert!(got.stopped && !got.optimal, "{:?}", got.gap);
    assert_eq!(got.method, Method::Mip);
    assert_eq!(p.check(&got.seats), Ok(()));
    assert!(got.score >= best);
    let gap = got.gap.expect("stopped with a gap");
    assert_eq!(gap.tier, open.tier, "{gap:?} after {open:?}");
    assert!(gap.found < gap.bound && gap.bound <= open.bound, "{gap:?}");

    // Pressed before the search's first node ends: no HiGHS at all, the
    // root's allocation and its gap.
    let stop = Stop::new();
    stop.stop();
    let got = allocate_until_stopped(&p, Limits::default(), &stop, &mut |progress| {
        assert!(!matches!(progress, Progress::Refining { .. }));
    })
    .unwrap();
    assert!(got.stopped && !got.optimal);
    assert_eq!(got.method, Method::Search);
    assert_eq!(p.check(&got.seats), Ok(()));
}
