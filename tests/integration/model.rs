//! A model-based property test of sign-ups against a plain reference
//! implementation, over random sequences of sign-ups, cancellations,
//! capacity changes, item moves, attendee deletions, undo and redo, made
//! through two handles on one database file (two windows, or the app and
//! the command line).
//!
//! The model holds what the database should: each item's times and
//! capacity, each sign-up's status and request order, who was deleted; and,
//! per handle, its undo and redo steps, each with the number of commits the
//! other handle had made when it was recorded (undo and redo are refused
//! once the other handle has committed since).

use crate::dump;
use deroule::model::{
    Attendee, ChoiceBlock, Event, Id, Item, ItemKind, SignupSource, SignupStatus, Warning,
};
use deroule::Db;
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// The items: (start, end) in minutes, and their workshop (items 0 and 2
/// are two rounds of one workshop, 1 and 3 of another).
const ITEMS: [(u32, u32, Option<usize>); 5] = [
    (14 * 60, 15 * 60, Some(0)),
    (14 * 60, 15 * 60, Some(1)),
    (15 * 60, 16 * 60, Some(0)),
    (15 * 60, 16 * 60, Some(1)),
    (14 * 60 + 30, 15 * 60 + 30, None),
];
/// Where an item may be moved to (a start and an end).
const PLACES: [(u32, u32); 5] = [
    (14 * 60, 15 * 60),
    (15 * 60, 16 * 60),
    (14 * 60 + 30, 15 * 60 + 30),
    (10 * 60, 11 * 60),
    (14 * 60 + 45, 16 * 60),
];
const PEOPLE: usize = 3;
const MAX: usize = 2;

#[derive(Debug, Clone, Copy)]
enum Op {
    SignUp(usize, usize, usize),
    Cancel(usize, usize, usize),
    Capacity(usize, usize, Option<i64>),
    Move(usize, usize, usize),
    Delete(usize, usize),
    Undo(usize),
    Redo(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let (items, people) = (0..ITEMS.len(), 0..PEOPLE);
    prop_oneof![
        5 => (0..2usize, items.clone(), people.clone()).prop_map(|(h, i, a)| Op::SignUp(h, i, a)),
        3 => (0..2usize, items.clone(), people.clone()).prop_map(|(h, i, a)| Op::Cancel(h, i, a)),
        1 => (0..2usize, items.clone(), proptest::option::of(0i64..3)).prop_map(|(h, i, c)| Op::Capacity(h, i, c)),
        3 => (0..2usize, items, 0..PLACES.len()).prop_map(|(h, i, k)| Op::Move(h, i, k)),
        1 => (0..2usize, people).prop_map(|(h, a)| Op::Delete(h, a)),
        2 => (0..2usize).prop_map(Op::Undo),
        1 => (0..2usize).prop_map(Op::Redo),
    ]
}

/// The data, as the rules say it should be.
#[derive(Debug, Clone, PartialEq)]
struct Data {
    times: Vec<(u32, u32)>,
    capacity: Vec<Option<i64>>,
    /// (item, attendee) → (status, request order)
    signups: HashMap<(usize, usize), (SignupStatus, u64)>,
    seq: u64,
    deleted: Vec<bool>,
}

impl Data {
    fn overlaps(&self, i: usize, j: usize) -> bool {
        self.times[i].0 < self.times[j].1 && self.times[j].0 < self.times[i].1
    }
    fn confirmed(&self, a: usize) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .signups
            .iter()
            .filter(|(k, v)| k.1 == a && v.0 == SignupStatus::Confirmed)
            .map(|(k, _)| k.0)
            .collect();
        v.sort();
        v
    }
    fn count(&self, i: usize) -> i64 {
        self.signups
            .iter()
            .filter(|(k, v)| k.0 == i && v.0 == SignupStatus::Confirmed)
            .count() as i64
    }
    fn may_hold(&self, a: usize, i: usize) -> bool {
        let held: Vec<usize> = self.confirmed(a).into_iter().filter(|&j| j != i).collect();
        if held.iter().any(|&j| self.overlaps(i, j)) {
            return false;
        }
        if let Some(w) = ITEMS[i].2 {
            if held.iter().any(|&j| ITEMS[j].2 == Some(w)) {
                return false;
            }
            if held.iter().filter(|&&j| ITEMS[j].2.is_some()).count() >= MAX {
                return false;
            }
        }
        true
    }
    fn full(&self, i: usize) -> bool {
        self.capacity[i].is_some_and(|c| self.count(i) >= c)
    }
    /// Items in the order settling visits them: by start, then id.
    fn by_time(&self, items: impl Iterator<Item = usize>) -> Vec<usize> {
        let mut v: Vec<usize> = items.collect();
        v.sort_by_key(|&i| (self.times[i].0, i));
        v
    }
    fn settle(&mut self, i: usize) {
        let mut queue: Vec<(u64, usize)> = self
            .signups
            .iter()
            .filter(|(k, v)| k.0 == i && v.0 == SignupStatus::Waitlisted)
            .map(|(k, v)| (v.1, k.1))
            .collect();
        queue.sort();
        for (_, a) in queue {
            if self.full(i) {
                break;
            }
            if self.may_hold(a, i) {
                self.signups.get_mut(&(i, a)).unwrap().0 = SignupStatus::Confirmed;
            }
        }
    }
    /// Applies a change; `false` when the rules refuse it.
    fn apply(&mut self, op: Op) -> bool {
        match op {
            Op::SignUp(_, i, a) => {
                if self.deleted[a]
                    || matches!(self.signups.get(&(i, a)), Some((s, _)) if *s != SignupStatus::Cancelled)
                {
                    return false;
                }
                let status = if self.full(i) {
                    SignupStatus::Waitlisted
                } else if self.may_hold(a, i) {
                    SignupStatus::Confirmed
                } else {
                    return false;
                };
                self.seq += 1;
                self.signups.insert((i, a), (status, self.seq));
            }
            Op::Cancel(_, i, a) => {
                let Some(&(status, seq)) = self.signups.get(&(i, a)) else {
                    return false;
                };
                self.signups.insert((i, a), (SignupStatus::Cancelled, seq));
                if status == SignupStatus::Confirmed {
                    self.settle(i);
                    let waiting = self.by_time(
                        self.signups
                            .iter()
                            .filter(|(k, v)| k.1 == a && v.0 == SignupStatus::Waitlisted)
                            .map(|(k, _)| k.0)
                            .collect::<Vec<_>>()
                            .into_iter(),
                    );
                    for j in waiting {
                        self.settle(j);
                    }
                }
            }
            Op::Capacity(_, i, c) => {
                if c.is_some_and(|c| self.count(i) > c) {
                    return false;
                }
                self.capacity[i] = c;
                self.settle(i);
            }
            Op::Move(_, i, k) => {
                let moved = self.times[i] != PLACES[k];
                self.times[i] = PLACES[k];
                self.settle(i);
                if moved {
                    let waited: BTreeSet<usize> = self
                        .signups
                        .iter()
                        .filter(|(_, v)| v.0 == SignupStatus::Waitlisted)
                        .map(|(k, _)| k.0)
                        .collect();
                    for j in self.by_time(waited.into_iter()) {
                        self.settle(j);
                    }
                }
            }
            Op::Delete(_, a) => {
                if self.deleted[a] {
                    return false;
                }
                self.deleted[a] = true;
                self.signups.retain(|k, _| k.1 != a);
                for i in self.by_time(0..ITEMS.len()) {
                    self.settle(i);
                }
            }
            Op::Undo(_) | Op::Redo(_) => unreachable!("history is the Model's"),
        }
        true
    }
    /// The pairs of items someone holds confirmed at once: the editor's
    /// warnings.
    fn double_booked(&self) -> BTreeSet<(usize, usize, usize)> {
        let mut out = BTreeSet::new();
        for a in 0..PEOPLE {
            let held = self.confirmed(a);
            for (x, &i) in held.iter().enumerate() {
                for &j in &held[x + 1..] {
                    if self.overlaps(i, j) {
                        let (p, q) = if (self.times[i].0, i) <= (self.times[j].0, j) {
                            (i, j)
                        } else {
                            (j, i)
                        };
                        out.insert((a, p, q));
                    }
                }
            }
        }
        out
    }
}

/// The data, and each handle's history.
struct Model {
    data: Data,
    /// Per handle: (the data before the step, the other's commits then).
    undo: [Vec<(Data, u64)>; 2],
    redo: [Vec<(Data, u64)>; 2],
    commits: [u64; 2],
}

impl Model {
    fn apply(&mut self, op: Op) -> bool {
        let (h, back) = match op {
            Op::Undo(h) => (h, true),
            Op::Redo(h) => (h, false),
            Op::SignUp(h, ..)
            | Op::Cancel(h, ..)
            | Op::Capacity(h, ..)
            | Op::Move(h, ..)
            | Op::Delete(h, _) => {
                // Cancelling what is already cancelled succeeds and writes
                // nothing: no step, no commit.
                if let Op::Cancel(_, i, a) = op {
                    if self.data.signups.get(&(i, a)).map(|v| v.0) == Some(SignupStatus::Cancelled)
                    {
                        return true;
                    }
                }
                let mut next = self.data.clone();
                if !next.apply(op) {
                    return false;
                }
                let before = std::mem::replace(&mut self.data, next);
                self.undo[h].push((before, self.commits[1 - h]));
                self.redo[h].clear();
                self.commits[h] += 1;
                return true;
            }
        };
        let other = self.commits[1 - h];
        let (take, give) = if back {
            (&mut self.undo[h], &mut self.redo[h])
        } else {
            (&mut self.redo[h], &mut self.undo[h])
        };
        match take.last() {
            None => return false,
            Some((_, seen)) if *seen != other => return false,
            Some(_) => {}
        }
        let (data, _) = take.pop().unwrap();
        let current = std::mem::replace(&mut self.data, data);
        give.push((current, other));
        self.commits[h] += 1;
        true
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    handles: [Db; 2],
    event: Id,
    items: Vec<Id>,
    people: Vec<Id>,
    base: Vec<Item>,
}

fn fixture() -> Fixture {
    // In memory when the system offers a folder there: hundreds of files
    // are made, and what is tested is two connections, not the disk.
    let shm = std::path::Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let path = dir.path().join("deroule.db");
    let mut db = Db::open(&path).unwrap();
    let (demo, demo_id) = crate::demo_db();
    let template = demo.programme(demo_id).unwrap().event;
    let event = db
        .create_event(&Event {
            id: None,
            ..template.clone()
        })
        .unwrap()
        .id
        .unwrap();
    let at = |m: u32| template.date.and_hms_opt(m / 60, m % 60, 0).unwrap();
    let mut items = Vec::new();
    let mut base = Vec::new();
    for (n, (start, end, _)) in ITEMS.iter().enumerate() {
        let item = db
            .save_item(&Item {
                id: None,
                event_id: event,
                uid: String::new(),
                starts_at: at(*start),
                ends_at: at(*end),
                kind: ItemKind::Workshop,
                title: format!("Atelier {n}"),
                description: String::new(),
                room_id: None,
                part_label: String::new(),
                part_id: None,
                capacity: Some(1),
                remote: false,
                pinned: false,
                speakers: Vec::new(),
                workshop_id: None,
                block_id: None,
            })
            .unwrap();
        items.push(item.id.unwrap());
        base.push(item);
    }
    let block = db
        .save_block(&ChoiceBlock {
            id: None,
            event_id: event,
            name: "Ateliers de l'après-midi".into(),
            min_choices: 0,
            max_choices: MAX as i64,
        })
        .unwrap()
        .id
        .unwrap();
    for (n, (_, _, w)) in ITEMS.iter().enumerate() {
        if let Some(w) = w {
            let same = ITEMS[..n]
                .iter()
                .position(|s| s.2 == Some(*w))
                .map(|m| items[m]);
            db.set_item_workshop(items[n], Some(block), same).unwrap();
        }
    }
    let people = (0..PEOPLE)
        .map(|n| {
            let name = format!("Participant·e {n}");
            crate::save_new(
                &mut db,
                &Attendee {
                    email: format!("p{n}@exemple.fr"),
                    ..crate::new_attendee(event, &name)
                },
            )
        })
        .collect();
    // The model's history starts here, on both handles.
    db.forget_history().unwrap();
    let other = Db::open(&path).unwrap();
    Fixture {
        _dir: dir,
        handles: [db, other],
        event,
        items,
        people,
        base,
    }
}

fn signup_id(f: &Fixture, i: usize, a: usize) -> Option<Id> {
    f.handles[0]
        .conn()
        .query_row(
            "SELECT id FROM signups WHERE item_id = ?1 AND attendee_id = ?2",
            [f.items[i], f.people[a]],
            |r| r.get(0),
        )
        .ok()
}

fn run(f: &mut Fixture, model: &Data, op: Op) -> deroule::Result<()> {
    let item_as = |i: usize, times: (u32, u32), capacity: Option<i64>| {
        let date = f.base[i].starts_at.date();
        Item {
            starts_at: date.and_hms_opt(times.0 / 60, times.0 % 60, 0).unwrap(),
            ends_at: date.and_hms_opt(times.1 / 60, times.1 % 60, 0).unwrap(),
            capacity,
            ..f.base[i].clone()
        }
    };
    match op {
        Op::SignUp(h, i, a) => {
            let (item, person) = (f.items[i], f.people[a]);
            f.handles[h]
                .sign_up(item, person, SignupSource::Desk)
                .map(|_| ())
        }
        Op::Cancel(h, i, a) => match signup_id(f, i, a) {
            Some(id) => f.handles[h].cancel_signup(id).map(|_| ()),
            None => Err(deroule::Error::not_found("signup", 0)),
        },
        Op::Capacity(h, i, c) => {
            let item = item_as(i, model.times[i], c);
            f.handles[h].save_item(&item).map(|_| ())
        }
        Op::Move(h, i, k) => {
            let item = item_as(i, PLACES[k], model.capacity[i]);
            f.handles[h].save_item(&item).map(|_| ())
        }
        Op::Delete(h, a) => {
            let person = f.people[a];
            f.handles[h].delete_attendee(person)
        }
        Op::Undo(h) => f.handles[h].undo().map(|_| ()),
        Op::Redo(h) => f.handles[h].redo().map(|_| ()),
    }
}

fn check_against(f: &Fixture, data: &Data) -> Result<(), TestCaseError> {
    let db = &f.handles[0];
    for (i, &item) in f.items.iter().enumerate() {
        for (a, &person) in f.people.iter().enumerate() {
            let got: Option<String> = db
                .conn()
                .query_row(
                    "SELECT status FROM signups WHERE item_id = ?1 AND attendee_id = ?2",
                    [item, person],
                    |r| r.get(0),
                )
                .ok();
            let want = data.signups.get(&(i, a)).map(|v| v.0);
            prop_assert_eq!(
                got.and_then(|s| SignupStatus::parse(&s)),
                want,
                "item {} person {}",
                i,
                a
            );
        }
    }
    let p = db.editor_programme(f.event).unwrap();
    for (i, &item) in f.items.iter().enumerate() {
        let it = p.items.iter().find(|x| x.id == Some(item)).unwrap();
        let minutes = |t: chrono::NaiveDateTime| {
            use chrono::Timelike;
            t.hour() * 60 + t.minute()
        };
        prop_assert_eq!((minutes(it.starts_at), minutes(it.ends_at)), data.times[i]);
        prop_assert_eq!(it.capacity, data.capacity[i]);
    }
    let people: Vec<Id> = db
        .attendees(f.event)
        .unwrap()
        .into_iter()
        .filter_map(|a| a.id)
        .collect();
    let want: Vec<Id> = (0..PEOPLE)
        .filter(|&a| !data.deleted[a])
        .map(|a| f.people[a])
        .collect();
    prop_assert_eq!(people, want);
    // Seats never above capacity; the request order strictly increasing.
    let r = db.registrations(f.event).unwrap();
    for fill in &r.fills {
        if let Some(c) = fill.capacity {
            prop_assert!(fill.confirmed <= c, "{:?}", fill);
        }
    }
    let seqs: Vec<i64> = r.signups.iter().map(|s| s.seq).collect();
    prop_assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    // Whoever holds two items at once after a move is warned about, and
    // only they.
    let index = |id: Id| f.items.iter().position(|&x| x == id).unwrap();
    let warned: BTreeSet<(usize, usize, usize)> = p
        .warnings
        .iter()
        .filter_map(|w| match w {
            Warning::AttendeeDoubleBooked {
                attendee_id,
                item_ids,
                ..
            } => Some((
                f.people.iter().position(|&x| x == *attendee_id).unwrap(),
                index(item_ids[0]),
                index(item_ids[1]),
            )),
            _ => None,
        })
        .collect();
    prop_assert_eq!(warned, data.double_booked());
    // The other handle reads the same.
    prop_assert_eq!(dump(&f.handles[1]), dump(db));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, .. ProptestConfig::default() })]

    #[test]
    fn sign_ups_moves_deletions_and_undo_through_two_handles_keep_the_rules(
        ops in proptest::collection::vec(op(), 1..60),
    ) {
        let mut f = fixture();
        let mut model = Model {
            data: Data {
                times: ITEMS.iter().map(|s| (s.0, s.1)).collect(),
                capacity: vec![Some(1); ITEMS.len()],
                signups: HashMap::new(),
                seq: 0,
                deleted: vec![false; PEOPLE],
            },
            undo: [Vec::new(), Vec::new()],
            redo: [Vec::new(), Vec::new()],
            commits: [0, 0],
        };
        for op in ops {
            let before = dump(&f.handles[0]);
            let data = model.data.clone();
            let allowed = model.apply(op);
            let done = run(&mut f, &data, op);
            prop_assert_eq!(done.is_ok(), allowed, "{:?}: {:?}", op, done);
            if !allowed {
                prop_assert_eq!(&dump(&f.handles[0]), &before, "a refused {:?} changed the database", op);
            }
            check_against(&f, &model.data)?;
        }
    }
}
