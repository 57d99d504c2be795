//! Sign-up speed at conference scale. Prints the median, the fastest and
//! the slowest of several runs (these machines are noisy: compare medians),
//! and how the allocation's time grows from the small instance to the large.
//!
//! - the allocation by preference of 1,000 attendees ranking 16 workshops
//!   run in 2 rounds (choose 2), and of 5,000 attendees × 40 workshops;
//! - one sign-up and one cancellation (with its waitlist promotion) on an
//!   event with 10,000 attendees and 30,000 sign-ups, in a database file.
//!
//!     cargo bench -p deroule --bench signups

mod common;

use common::{measure, ratio};
use deroule::model::{Attendee as Person, ChoiceBlock, EventStatus, Item, ItemKind, SignupSource};
use deroule::signups::allocation::solver::{allocate, Attendee, Occurrence, Problem, Workshop};
use deroule::Db;
use std::time::Instant;

/// xorshift64: deterministic instances.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// `attendees` rank 5 of `workshops` (each run in 2 rounds) with a skewed
/// popularity; capacities give 4% more seats than wished in total.
fn problem(attendees: usize, workshops: usize, seed: u64) -> Problem {
    let mut rng = Rng(seed);
    let capacity = ((attendees * 2) as f64 * 1.04 / (workshops * 2) as f64).ceil() as u32;
    let popularity: Vec<u64> = (0..workshops).map(|w| 1 + (w as u64 * 7) % 10).collect();
    Problem {
        rounds: 2,
        max_seats: 2,
        workshops: (0..workshops)
            .map(|_| Workshop {
                occurrences: (0..2).map(|round| Occurrence { round, capacity }).collect(),
            })
            .collect(),
        attendees: (0..attendees)
            .map(|_| {
                let mut left: Vec<usize> = (0..workshops).collect();
                let mut ranking = Vec::new();
                while ranking.len() < 5 {
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
                Attendee {
                    ranking,
                    wishes: None,
                    ..Attendee::default()
                }
            })
            .collect(),
        organisation_cap: None,
    }
}

/// An event of 30 workshops in 3 rounds (one block, choose 3), 10,000
/// attendees each holding one workshop per round: 30,000 sign-ups. One
/// workshop is full with a waitlist of 50.
fn big_event(db: &mut Db) -> (i64, Vec<i64>) {
    let event = db
        .create_event(&common::event(
            "Congrès national des bibliothèques",
            common::date(2026, 6, 4),
            (common::time(8, 0), common::time(19, 0)),
            EventStatus::Draft,
        ))
        .unwrap()
        .id
        .unwrap();
    let date = common::date(2026, 6, 4);
    let mut items = Vec::new();
    for round in 0..3u32 {
        for w in 0..10 {
            let item = db
                .save_item(&Item {
                    id: None,
                    event_id: event,
                    uid: String::new(),
                    starts_at: date.and_hms_opt(14 + round, 0, 0).unwrap(),
                    ends_at: date.and_hms_opt(15 + round, 0, 0).unwrap(),
                    kind: ItemKind::Workshop,
                    title: format!("Atelier {} (tour {})", w + 1, round + 1),
                    description: String::new(),
                    room_id: None,
                    part_label: String::new(),
                    part_id: None,
                    capacity: Some(if w == 0 && round == 0 { 1000 } else { 1100 }),
                    remote: false,
                    pinned: false,
                    speakers: vec![],
                    workshop_id: None,
                    block_id: None,
                })
                .unwrap();
            items.push(item.id.unwrap());
        }
    }
    db.make_block(
        &ChoiceBlock {
            id: None,
            event_id: event,
            name: "Ateliers".into(),
            min_choices: 0,
            max_choices: 3,
        },
        &items,
    )
    .unwrap();
    // Bulk load in one transaction, through the same rules.
    db.change("bench.load", |tx| {
        for n in 0..10_000usize {
            tx.execute(
                "INSERT INTO attendees (event_id, name, email, organisation, created_at) VALUES (?1, ?2, ?3, ?4, '2026-01-01T00:00:00Z')",
                rusqlite::params![event, format!("Participant {n}"), format!("p{n}@example.org"), "Médiathèque"],
            )?;
            let a = tx.last_insert_rowid();
            for round in 0..3 {
                let item = items[round * 10 + n % 10];
                deroule::signups::engine::within::sign_up(tx, item, a, SignupSource::Manual)?;
            }
        }
        Ok(())
    })
    .unwrap();
    (event, items)
}

fn main() {
    let small = problem(1000, 16, 0x5eed);
    let small_time = measure("allocation 1,000 attendees × 16 workshops", 5, || {
        let a = allocate(&small).unwrap();
        format!("served {} seats {}", a.score.served, a.score.seats)
    });
    let large = problem(5000, 40, 0xbeef);
    let large_time = measure("allocation 5,000 attendees × 40 workshops", 3, || {
        let a = allocate(&large).unwrap();
        format!("served {} seats {}", a.score.served, a.score.seats)
    });
    ratio(
        "allocation, 5,000 × 40 against 1,000 × 16",
        &large_time,
        &small_time,
    );

    let (_dir, mut db) = common::file_db();
    let t = Instant::now();
    let (event, items) = big_event(&mut db);
    println!(
        "(loading 10,000 attendees and 30,000 sign-ups: {:.1} s)",
        t.elapsed().as_secs_f64()
    );
    let full = items[0];
    // The first workshop is full (1,000): 50 newcomers wait for it.
    let mut waiting = Vec::new();
    for n in 0..50 {
        let a = db
            .save_attendee(&Person {
                id: None,
                event_id: event,
                name: format!("Retardataire {n}"),
                email: String::new(),
                organisation: String::new(),
                category: String::new(),
                notes: String::new(),
                registered_at: None,
            })
            .unwrap()
            .id
            .unwrap();
        let s = db.sign_up(full, a, SignupSource::Desk).unwrap();
        assert_eq!(s.status, deroule::model::SignupStatus::Waitlisted);
        waiting.push(a);
    }
    let newcomer = waiting[49];
    let free_item = items[5];
    measure("sign-up (10k attendees, 30k sign-ups)", 21, || {
        let s = db.sign_up(free_item, newcomer, SignupSource::Desk).unwrap();
        db.cancel_signup(s.id).unwrap();
        db.undo().unwrap();
        db.undo().unwrap();
        format!("{:?}", s.status)
    });
    let holder: i64 = db
        .conn()
        .query_row(
            "SELECT id FROM signups WHERE item_id = ?1 AND status = 'confirmed' LIMIT 1",
            [full],
            |r| r.get(0),
        )
        .unwrap();
    measure("cancellation + promotion from a waitlist of 50", 21, || {
        let promoted = db.cancel_signup(holder).unwrap();
        assert_eq!(promoted.len(), 1);
        db.undo().unwrap();
        format!("promoted {}", promoted.len())
    });
    measure("registrations (what the screens load)", 11, || {
        let r = db.registrations(event).unwrap();
        format!("{} sign-ups", r.signups.len())
    });
    // The two halves the window reads apart, and what the attendees cost
    // as JSON (the IPC answer).
    measure("attendees (10k, read)", 21, || {
        format!("{} attendees", db.attendees(event).unwrap().len())
    });
    measure("attendees (10k, read and written as JSON)", 21, || {
        let json = serde_json::to_string(&db.attendees(event).unwrap()).unwrap();
        format!("{} bytes", json.len())
    });
    // What the window reads now: one list per field.
    measure("attendee list (10k, read)", 21, || {
        format!("{} attendees", db.attendee_list(event).unwrap().len())
    });
    measure("attendee list (10k, read and written as JSON)", 21, || {
        let json = serde_json::to_string(&db.attendee_list(event).unwrap()).unwrap();
        format!("{} bytes", json.len())
    });
    measure("sign-up state (30k sign-ups)", 21, || {
        format!("{} sign-ups", db.signup_state(event).unwrap().signups.len())
    });
}
