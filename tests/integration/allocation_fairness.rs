//! The fairness options of a block (issue 12, item 4): at most k people of
//! one organisation per session, priority categories served first, and a
//! re-allocation that keeps the seats people hold where possible. Hand-made
//! instances where each option changes the allocation, tiny random ones
//! against exhaustive search, and the options stored with a block.

use deroule::signups::allocation::solver::{
    allocate, allocate_within, Allocation, Attendee, Limits, Occurrence, Place, Problem, Score,
    Seat, Workshop,
};

/// Workshops running once each, in round 0, with these capacities.
fn one_round(capacities: &[u32]) -> Vec<Workshop> {
    capacities
        .iter()
        .map(|&capacity| Workshop {
            occurrences: vec![Occurrence { round: 0, capacity }],
        })
        .collect()
}

/// Solved both ways: by the branch and bound (default limits) and by HiGHS
/// alone; both must be feasible and equal in every tier.
fn both(p: &Problem) -> Allocation {
    let searched =
        allocate(p).unwrap_or_else(|e| panic!("{e}: {}", serde_json::to_string(p).unwrap()));
    let only_mip = Limits {
        search_nodes: 0,
        ..Limits::default()
    };
    let mip = allocate_within(p, only_mip, &mut |_| {})
        .unwrap_or_else(|e| panic!("{e}: {}", serde_json::to_string(p).unwrap()));
    assert_eq!(p.check(&searched.seats), Ok(()));
    assert_eq!(p.check(&mip.seats), Ok(()));
    assert!(searched.optimal && mip.optimal);
    assert_eq!(searched.score, mip.score);
    searched
}

fn in_workshop(a: &Allocation, w: usize, who: impl Iterator<Item = usize>) -> usize {
    who.filter(|&x| a.seats[x].iter().any(|s| s.workshop == w))
        .count()
}

#[test]
fn five_of_one_organisation_ranking_the_same_workshop_first_get_two_seats_in_it() {
    // "Atelier fresque" (0) is everyone's first choice, "Atelier podcast"
    // (1) their second, "Visite" (2) their third; room for all in each. Attendees 0-4 come from the
    // same médiathèque, 5-7 from elsewhere (7 with no organisation).
    let mut attendees: Vec<Attendee> = (0..8)
        .map(|a| Attendee {
            ranking: vec![0, 1, 2],
            organisation: if a < 5 {
                Some(0)
            } else if a < 7 {
                Some(a)
            } else {
                None
            },
            ..Attendee::default()
        })
        .collect();
    attendees[7].organisation = None;
    let mut p = Problem {
        rounds: 1,
        max_seats: 1,
        workshops: one_round(&[10, 10, 10]),
        attendees,
        organisation_cap: None,
    };
    let free = both(&p);
    assert_eq!(in_workshop(&free, 0, 0..8), 8);
    p.organisation_cap = Some(2);
    let capped = both(&p);
    assert_eq!(in_workshop(&capped, 0, 0..5), 2);
    assert_eq!(in_workshop(&capped, 1, 0..5), 2);
    assert_eq!(in_workshop(&capped, 2, 0..5), 1);
    assert_eq!(in_workshop(&capped, 0, 5..8), 3);
    assert_eq!(capped.score.served, 8);
    // With k = 1, three workshops for the five: two are left out.
    p.organisation_cap = Some(1);
    let one = both(&p);
    assert_eq!(one.score.served, 6);
    assert_eq!(in_workshop(&one, 0, 0..5), 1);
    p.organisation_cap = Some(2);
    // In two rounds, each workshop twice: still two per session, so four
    // of the five get the favourite, in two sessions.
    p.rounds = 2;
    p.max_seats = 1;
    for w in &mut p.workshops {
        w.occurrences.push(Occurrence {
            round: 1,
            capacity: 10,
        });
    }
    let two = both(&p);
    assert_eq!(in_workshop(&two, 0, 0..5), 4);
    for r in 0..2 {
        let n = (0..5)
            .filter(|&a| two.seats[a].iter().any(|s| s.workshop == 0 && s.round == r))
            .count();
        assert_eq!(n, 2, "round {r}");
    }
}

#[test]
fn a_priority_attendee_who_would_lose_out_gets_the_seat() {
    // One seat in "Visite des réserves" (1). Attendee 0 ("n'a pas pu venir
    // l'an dernier") ranks it second, after a workshop that is full;
    // attendee 1 ranks it first, so without priority attendee 1 gets it
    // (better satisfaction) and attendee 0 gets nothing.
    let mut p = Problem {
        rounds: 1,
        max_seats: 1,
        workshops: one_round(&[0, 1]),
        attendees: vec![
            Attendee {
                ranking: vec![0, 1],
                ..Attendee::default()
            },
            Attendee {
                ranking: vec![1],
                ..Attendee::default()
            },
        ],
        organisation_cap: None,
    };
    let before = both(&p);
    assert!(before.seats[0].is_empty());
    assert_eq!(before.seats[1].len(), 1);
    p.attendees[0].priority = true;
    let after = both(&p);
    assert_eq!(
        after.seats[0],
        vec![Seat {
            workshop: 1,
            round: 0,
            rank: 2
        }]
    );
    assert!(after.seats[1].is_empty());
    assert_eq!(after.score.priority, 1);
    assert_eq!(after.score.served, 1);
    assert!(after.score.satisfaction < before.score.satisfaction);
}

#[test]
fn keeping_seats_outweighs_better_ranks_but_not_a_newcomer_left_out() {
    // Attendee 0 holds "Podcast" (1), their second choice: "Fresque" (0)
    // was full. A seat opens in "Fresque" (capacity changed): without the
    // option they are moved to it; with it, they keep their seat.
    let mut p = Problem {
        rounds: 1,
        max_seats: 1,
        workshops: one_round(&[1, 1]),
        attendees: vec![Attendee {
            ranking: vec![0, 1],
            ..Attendee::default()
        }],
        organisation_cap: None,
    };
    assert_eq!(both(&p).seats[0][0].workshop, 0);
    p.attendees[0].held = vec![Place {
        workshop: 1,
        round: 0,
    }];
    let kept = both(&p);
    assert_eq!(kept.seats[0][0].workshop, 1);
    assert_eq!(kept.score.kept, 1);
    // A newcomer who wants only "Podcast": attendee 0 must move to serve
    // them, and does.
    p.attendees.push(Attendee {
        ranking: vec![1],
        ..Attendee::default()
    });
    let moved = both(&p);
    assert_eq!(moved.score.served, 2);
    assert_eq!(moved.score.kept, 0);
    assert_eq!(moved.seats[0][0].workshop, 0);
}

/// A tiny deterministic generator (xorshift64).
struct Rng(u64);

impl Rng {
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
}

/// The best score over every feasible allocation (organisation caps
/// included), by trying every schedule of every attendee.
fn brute_force(p: &Problem) -> Score {
    fn schedules(p: &Problem, a: usize) -> Vec<Vec<Seat>> {
        let mut out = vec![Vec::new()];
        for (pos, &w) in p.attendees[a].ranking.iter().enumerate() {
            for o in &p.workshops[w].occurrences {
                let seat = Seat {
                    workshop: w,
                    round: o.round,
                    rank: pos + 1,
                };
                let more: Vec<Vec<Seat>> = out
                    .iter()
                    .filter(|s: &&Vec<Seat>| {
                        s.len() < p.wishes(a)
                            && s.iter().all(|x| x.round != o.round && x.workshop != w)
                    })
                    .map(|s| {
                        let mut s = s.clone();
                        s.push(seat);
                        s.sort_by_key(|x| x.round);
                        s
                    })
                    .collect();
                out.extend(more);
            }
        }
        out
    }
    fn search(p: &Problem, options: &[Vec<Vec<Seat>>], chosen: &mut Vec<Vec<Seat>>) -> Score {
        if chosen.len() == options.len() {
            let mut full = chosen.clone();
            full.resize(p.attendees.len(), Vec::new());
            return p.score(&full);
        }
        let mut best = Score::default();
        for s in &options[chosen.len()] {
            chosen.push(s.clone());
            let mut partial = chosen.clone();
            partial.resize(p.attendees.len(), Vec::new());
            if p.check(&partial).is_ok() {
                best = best.max(search(p, options, chosen));
            }
            chosen.pop();
        }
        best
    }
    let options: Vec<_> = (0..p.attendees.len()).map(|a| schedules(p, a)).collect();
    search(p, &options, &mut Vec::new())
}

/// A tiny block allocated once, then changed late (a newcomer, a capacity
/// down or up), and allocated again keeping the seats held: every option
/// on, the optimum equals exhaustive search in every tier, so the seats
/// kept are the most any allocation serving as many keeps.
#[test]
fn a_rerun_keeps_as_many_seats_as_exhaustive_search_finds_possible() {
    let mut rng = Rng(0x5eed_1234_9876_4321);
    let (mut moved_some, mut kept_some) = (0, 0);
    for case in 0..120 {
        let rounds = rng.range(1, 2);
        let nw = rng.range(2, 3);
        let mut workshops = Vec::new();
        for _ in 0..nw {
            let mut occurrences = Vec::new();
            for round in 0..rounds {
                if rng.range(0, 3) > 0 {
                    let capacity = rng.range(0, 2) as u32;
                    occurrences.push(Occurrence { round, capacity });
                }
            }
            workshops.push(Workshop { occurrences });
        }
        let na = rng.range(2, 4);
        let attendees = (0..na)
            .map(|_| {
                let mut ranking: Vec<usize> = (0..nw).collect();
                for i in (1..nw).rev() {
                    ranking.swap(i, rng.range(0, i));
                }
                ranking.truncate(rng.range(1, nw));
                Attendee {
                    ranking,
                    wishes: Some(rng.range(1, rounds)),
                    organisation: (rng.range(0, 2) > 0).then(|| rng.range(0, 1)),
                    priority: rng.range(0, 3) == 0,
                    held: Vec::new(),
                }
            })
            .collect();
        let mut p = Problem {
            rounds,
            max_seats: rounds,
            workshops,
            attendees,
            organisation_cap: Some(rng.range(1, 2) as u32),
        };
        let first = allocate(&p).unwrap();
        p.hold(&first);
        // Late changes.
        match case % 3 {
            0 => p.attendees.push(Attendee {
                ranking: vec![rng.range(0, nw - 1)],
                ..Attendee::default()
            }),
            1 => {
                for w in &mut p.workshops {
                    for o in &mut w.occurrences {
                        o.capacity = o.capacity.saturating_sub(rng.range(0, 1) as u32);
                    }
                }
            }
            _ => {
                for w in &mut p.workshops {
                    for o in &mut w.occurrences {
                        o.capacity += rng.range(0, 1) as u32;
                    }
                }
            }
        }
        let got = both(&p);
        let best = brute_force(&p);
        assert_eq!(got.score, best, "case {case}: {p:?}");
        let held: usize = p.attendees.iter().map(|a| a.held.len()).sum();
        moved_some += usize::from(got.score.kept < held);
        kept_some += usize::from(got.score.kept > 0);
    }
    // The cases are not all trivial: some keep seats, some must move some.
    assert!(moved_some >= 10, "{moved_some}");
    assert!(kept_some >= 60, "{kept_some}");
}

// ---------------------------------------------------------------------------
// The options stored with a block, and the allocation of a stored block.

mod stored {
    use super::Rng;
    use deroule::db::migrations;
    use deroule::model::{Attendee, ChoiceBlock, Id, ItemKind};
    use deroule::signups::allocation::fairness::{folded, BlockFairness};
    use deroule::signups::allocation::solver::allocate;
    use deroule::Db;
    use std::collections::HashMap;

    const ORGANISATIONS: [&str; 4] = [
        "Médiathèque de Lyon",
        "MEDIATHEQUE DE  LYON",
        "Réseau des bibliothèques d'Annecy",
        "",
    ];
    const CATEGORIES: [&str; 3] = ["Bibliothécaire", "N'a pas pu venir l'an dernier", "Élu·e"];

    fn person(event: Id, n: usize) -> Attendee {
        Attendee {
            id: None,
            event_id: event,
            name: format!("Participant {n:02}"),
            email: String::new(),
            organisation: ORGANISATIONS[n % 4].into(),
            category: CATEGORIES[n % 3].into(),
            notes: String::new(),
            registered_at: None,
        }
    }

    /// The demo's eight workshop items as one block (four workshops at 14h
    /// and 15h, "2 au choix"), rooms of 6 to 12, 36 attendees ranking.
    fn setup() -> (Db, Id, Id, Vec<Id>) {
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
        let mut rng = Rng(0x00c0_ffee_1234_5678);
        for n in 0..36 {
            let a = db.save_attendee(&person(event, n)).unwrap().id.unwrap();
            let mut order = workshops.clone();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.range(0, i));
            }
            // The second workshop is the favourite of two in three.
            if n % 3 > 0 {
                let at = order.iter().position(|&w| w == workshops[1]).unwrap();
                order.swap(0, at);
            }
            order.truncate(rng.range(2, 4));
            db.set_ranking(a, block, &order).unwrap();
        }
        (db, event, block, items)
    }

    /// Confirmed seats per (item, folded organisation).
    fn by_organisation(db: &Db, event: Id) -> HashMap<(Id, String), usize> {
        let reg = db.registrations(event).unwrap();
        let organisation: HashMap<Id, String> = reg
            .attendees
            .iter()
            .map(|a| (a.id.unwrap(), folded(&a.organisation)))
            .collect();
        let mut count = HashMap::new();
        for s in reg
            .signups
            .iter()
            .filter(|s| s.status == deroule::model::SignupStatus::Confirmed)
        {
            let org = organisation[&s.attendee_id].clone();
            if !org.is_empty() {
                *count.entry((s.item_id, org)).or_insert(0) += 1;
            }
        }
        count
    }

    #[test]
    fn options_are_saved_normalised_undone_and_redone() {
        let (mut db, _, block, _) = setup();
        assert_eq!(db.block_fairness(block).unwrap(), BlockFairness::default());
        let stored = db
            .set_block_fairness(
                block,
                &BlockFairness {
                    organisation_cap: Some(2),
                    priority_categories: vec![
                        "  Bibliothécaire ".into(),
                        "bibliothecaire".into(),
                        " ".into(),
                        "N'a pas pu venir l'an dernier".into(),
                    ],
                    keep_seats: true,
                },
            )
            .unwrap();
        let expected = BlockFairness {
            organisation_cap: Some(2),
            priority_categories: vec![
                "Bibliothécaire".into(),
                "N'a pas pu venir l'an dernier".into(),
            ],
            keep_seats: true,
        };
        assert_eq!(stored, expected);
        assert_eq!(db.block_fairness(block).unwrap(), expected);
        assert_eq!(db.undo().unwrap().label, "block.fairness");
        assert_eq!(db.block_fairness(block).unwrap(), BlockFairness::default());
        db.redo().unwrap();
        assert_eq!(db.block_fairness(block).unwrap(), expected);
        // A cap of 0 is refused, and nothing changes.
        let err = db
            .set_block_fairness(
                block,
                &BlockFairness {
                    organisation_cap: Some(0),
                    ..BlockFairness::default()
                },
            )
            .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("organisationCap"));
        assert_eq!(db.block_fairness(block).unwrap(), expected);
        assert!(db.block_fairness(9999).is_err());
    }

    #[test]
    fn a_stored_block_is_allocated_with_its_options_and_reallocated_keeping_seats() {
        let (mut db, event, block, _) = setup();
        // Without a cap, the favourite fills up with the Lyon médiathèque.
        db.allocate_block(block, false).unwrap();
        let most = by_organisation(&db, event).into_values().max().unwrap();
        assert!(most > 2, "{most}");
        db.undo().unwrap();

        let options = BlockFairness {
            organisation_cap: Some(2),
            priority_categories: vec!["Élu·e".into()],
            keep_seats: true,
        };
        db.set_block_fairness(block, &options).unwrap();
        let first = db.allocate_block(block, false).unwrap();
        assert!(by_organisation(&db, event).values().all(|&n| n <= 2));
        assert_eq!(first.priority_attendees, 12);
        assert_eq!(first.priority_served, 12);
        assert_eq!(first.seats_before, 0);
        assert_eq!(first.seats_added, first.seats_given);

        // A late registration (no organisation) ranks the favourite first.
        let reg = db.registrations(event).unwrap();
        let newcomer = db.save_attendee(&person(event, 39)).unwrap().id.unwrap();
        let favourite = reg.workshops[1].id;
        let other = reg.workshops[0].id;
        db.set_ranking(newcomer, block, &[favourite, other])
            .unwrap();
        // And three late priority registrations ("Élu·e", no organisation)
        // want only a workshop whose sessions are full: three seats must go.
        let full = reg
            .workshops
            .iter()
            .find(|w| {
                w.item_ids.iter().all(|i| {
                    let f = first.fills.iter().find(|f| f.item_id == *i).unwrap();
                    Some(f.allocated) == f.capacity
                })
            })
            .expect("a full workshop");
        for n in [47, 59, 71] {
            let late = db.save_attendee(&person(event, n)).unwrap().id.unwrap();
            db.set_ranking(late, block, &[full.id]).unwrap();
        }
        let prepared = db.allocation_problem(block).unwrap();
        let expected = allocate(&prepared.problem).unwrap();
        let again = db.allocate_block(block, false).unwrap();
        assert_eq!(again.seats_before, first.seats_given);
        assert_eq!(
            again.seats_kept + again.seats_moved + again.seats_removed,
            again.seats_before
        );
        // One item per workshop and round: a seat kept by the solver is
        // a seat kept on its item, and the solver keeps the most possible.
        assert_eq!(again.seats_kept, expected.score.kept);
        assert!(again.seats_moved + again.seats_removed >= 3, "{again:?}");
        assert!(by_organisation(&db, event).values().all(|&n| n <= 2));
        assert_eq!(again.unserved, first.unserved, "the newcomer is served");
        assert_eq!(again.priority_served, 15);

        // Without keeping seats, the same re-run serves as many and gives as
        // many seats (tiers above), so it cannot keep more.
        db.undo().unwrap();
        db.set_block_fairness(
            block,
            &BlockFairness {
                keep_seats: false,
                ..options.clone()
            },
        )
        .unwrap();
        let loose = db.allocate_block(block, true).unwrap();
        assert_eq!(
            (loose.served, loose.seats_given),
            (again.served, again.seats_given)
        );
        assert!(loose.seats_kept <= again.seats_kept, "{loose:?} {again:?}");
    }

    #[test]
    fn a_background_result_is_refused_when_an_option_or_an_organisation_changed() {
        let (mut db, event, block, _) = setup();
        let prepared = db.allocation_problem(block).unwrap();
        let solved = allocate(&prepared.problem).unwrap();
        db.set_block_fairness(
            block,
            &BlockFairness {
                organisation_cap: Some(1),
                ..BlockFairness::default()
            },
        )
        .unwrap();
        let err = db.apply_allocation(&prepared, &solved).unwrap_err();
        assert_eq!(err.reason.as_deref(), Some("changed"));
        // Read again, then an attendee changes organisation meanwhile.
        let prepared = db.allocation_problem(block).unwrap();
        let solved = allocate(&prepared.problem).unwrap();
        let mut someone = db.registrations(event).unwrap().attendees[0].clone();
        someone.organisation = "Archives départementales".into();
        db.save_attendee(&someone).unwrap();
        let err = db.apply_allocation(&prepared, &solved).unwrap_err();
        assert_eq!(err.reason.as_deref(), Some("changed"));
        // Unchanged, it applies.
        let prepared = db.allocation_problem(block).unwrap();
        let solved = allocate(&prepared.problem).unwrap();
        assert!(db.apply_allocation(&prepared, &solved).unwrap().applied);
    }

    #[test]
    fn a_version_11_database_reads_blocks_without_options() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v11.db");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            migrations().to_version(&mut conn, 11).unwrap();
            conn.execute_batch(
                "INSERT INTO events (id, title, date, day_start, day_end) \
                 VALUES (1, 'Rencontres des médiathèques', '2025-06-12', '09:00', '17:00'); \
                 INSERT INTO choice_blocks (id, event_id, name, min_choices, max_choices) \
                 VALUES (7, 1, 'Ateliers de l''après-midi', 1, 2);",
            )
            .unwrap();
        }
        let mut db = Db::open(&path).unwrap();
        assert_eq!(db.block_fairness(7).unwrap(), BlockFairness::default());
        let set = BlockFairness {
            organisation_cap: Some(3),
            priority_categories: vec!["Bibliothécaire".into()],
            keep_seats: true,
        };
        db.set_block_fairness(7, &set).unwrap();
        drop(db);
        let db = Db::open(&path).unwrap();
        assert_eq!(db.block_fairness(7).unwrap(), set);
    }
}

/// 5,000 attendees re-allocated after late registrations with every option
/// on (issue 12): everyone holds the seats of a first allocation, one in
/// four is of a priority category, at most 2 people of one organisation
/// per session. Its single-number weights pass 64 bits, which made the
/// solver refuse it (`TooLarge`). It is now weighed exactly and solved:
/// the priority attendees served, the people served and the seats given
/// are proven optimal (the search's root closes them); seats kept, when
/// not proven by the deadline, come with their gap.
#[test]
fn five_thousand_attendees_with_every_option_are_weighed_exactly_and_solved() {
    use deroule::signups::allocation::solver::instances;
    use deroule::signups::allocation::solver::Tier;
    // 150 late registrations wanting what the first comers wanted most, in
    // the order the first comers' were; organisations of 5.
    let (p, first) = instances::with_every_option(5000).unwrap();
    assert!(first.optimal);
    assert_eq!(p.attendees.len(), 5150);

    let w = p.weights().expect("weighed exactly");
    let [priority, ..] = p.tier_bounds();
    let largest = w.priority * (i128::from(priority) + 1) - 1;
    assert!(largest > i128::from(i64::MAX), "{largest} fits 64 bits");

    let a = allocate(&p).unwrap();
    assert_eq!(p.check(&a.seats), Ok(()));
    assert_eq!(a.score, p.score(&a.seats));
    if let Some(gap) = a.gap {
        assert!(gap.tier >= Tier::Kept, "{gap:?}");
        assert!(gap.found < gap.bound, "{gap:?}");
    }
    // The cap holds in every session.
    let mut count = std::collections::HashMap::new();
    for (x, seats) in a.seats.iter().enumerate() {
        for s in seats {
            *count
                .entry((s.workshop, s.round, p.attendees[x].organisation))
                .or_insert(0) += 1;
        }
    }
    assert!(count.values().all(|&n| n <= 2));
    // Everyone is served, priority attendees included: no allocation
    // serves more.
    assert_eq!(a.score.served, p.attendees.len());
    assert_eq!(
        a.score.priority,
        p.attendees.iter().filter(|x| x.priority).count()
    );
    // Most of the seats held are kept.
    assert!(a.score.kept * 10 > first.score.seats * 9, "{:?}", a.score);
}
