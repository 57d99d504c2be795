//! Sign-up rules: capacities, waitlists in request order with automatic
//! promotion, no overlap, one occurrence per workshop, block limits; each
//! scenario on the demo's workshops, then a model-based property test over
//! random sequences of operations.

use crate::dump;
use deroule::model::{Attendee, ChoiceBlock, Id, Item, ItemKind, SignupSource, SignupStatus};
use deroule::{Db, ErrorCode};
use proptest::prelude::*;
use std::collections::HashMap;

fn attendee(db: &mut Db, event_id: Id, name: &str) -> Id {
    let organisation = "Médiathèque Jacques Prévert".into();
    crate::save_new(
        db,
        &Attendee {
            organisation,
            ..crate::new_attendee(event_id, name)
        },
    )
}

/// The demo with its eight workshop items (four workshops at 14h and 15h)
/// made into one block "2 ateliers au choix"; returns the item ids by
/// "title prefix@hour", e.g. "Atelier 1@14".
fn demo_with_block(max: i64) -> (Db, Id, Id, HashMap<String, Id>) {
    // The demo's programme alone: no block, attendees nor sign-ups yet.
    let mut db = Db::open_in_memory().unwrap();
    let event = db
        .import_programme(&deroule::demo::programme_file())
        .unwrap();
    let p = db.programme(event).unwrap();
    let workshops: Vec<&Item> = p
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Workshop)
        .collect();
    assert_eq!(workshops.len(), 8);
    let ids: Vec<Id> = workshops.iter().map(|i| i.id.unwrap()).collect();
    let block = db
        .make_block(
            &ChoiceBlock {
                id: None,
                event_id: event,
                name: "Ateliers d'échanges".into(),
                min_choices: 0,
                max_choices: max,
            },
            &ids,
        )
        .unwrap();
    let names = workshops
        .iter()
        .map(|i| {
            (
                format!("{}@{}", &i.title[..9], i.starts_at.format("%H")),
                i.id.unwrap(),
            )
        })
        .collect();
    (db, event, block.id.unwrap(), names)
}

fn set_capacity(db: &mut Db, event: Id, item: Id, capacity: Option<i64>) -> deroule::Result<Item> {
    let mut it = db
        .programme(event)
        .unwrap()
        .items
        .into_iter()
        .find(|i| i.id == Some(item))
        .unwrap();
    it.capacity = capacity;
    db.save_item(&it)
}

fn status(db: &Db, item: Id, attendee: Id) -> Option<SignupStatus> {
    db.conn()
        .query_row(
            "SELECT status FROM signups WHERE item_id = ?1 AND attendee_id = ?2",
            [item, attendee],
            |r| r.get::<_, String>(0),
        )
        .ok()
        .and_then(|s| SignupStatus::parse(&s))
}

#[test]
fn a_block_groups_repeated_workshops_into_one_workshop_each() {
    let (db, event, block, items) = demo_with_block(2);
    let r = db.registrations(event).unwrap();
    assert_eq!(r.blocks.len(), 1);
    assert_eq!(r.workshops.len(), 4);
    for w in &r.workshops {
        assert_eq!(w.block_id, block);
        assert_eq!(w.item_ids.len(), 2, "{w:?}");
    }
    let first = &r.workshops[0];
    assert_eq!(
        first.item_ids,
        vec![items["Atelier 1@14"], items["Atelier 1@15"]]
    );
    // The items know their workshop and block.
    let p = db.programme(event).unwrap();
    let item = p
        .items
        .iter()
        .find(|i| i.id == Some(items["Atelier 2@15"]))
        .unwrap();
    assert_eq!(item.block_id, Some(block));
    assert_eq!(item.workshop_id, Some(r.workshops[1].id));
    // Every workshop item has a fill line; its capacity is the item's own
    // (15) or, when unset, the room's.
    assert_eq!(r.fills.len(), 8);
    assert!(r
        .fills
        .iter()
        .all(|f| f.confirmed == 0 && f.capacity.is_some()));
}

#[test]
fn a_full_workshop_waitlists_then_promotes_in_request_order() {
    let (mut db, event, _, items) = demo_with_block(2);
    let fablab = items["Atelier 4@14"];
    set_capacity(&mut db, event, fablab, Some(1)).unwrap();
    let anne = attendee(&mut db, event, "Anne Morel");
    let bilal = attendee(&mut db, event, "Bilal Haddad");
    let chloe = attendee(&mut db, event, "Chloé Garnier");

    let a = db.sign_up(fablab, anne, SignupSource::Manual).unwrap();
    assert_eq!(a.status, SignupStatus::Confirmed);
    let b = db.sign_up(fablab, bilal, SignupSource::Desk).unwrap();
    assert_eq!(b.status, SignupStatus::Waitlisted);
    let c = db.sign_up(fablab, chloe, SignupSource::Desk).unwrap();
    assert_eq!(c.status, SignupStatus::Waitlisted);
    assert!(b.seq < c.seq);

    // Anne cancels: Bilal, first on the waitlist, gets the seat.
    let promoted = db.cancel_signup(a.id).unwrap();
    assert_eq!(promoted.len(), 1);
    assert_eq!(promoted[0].attendee_id, bilal);
    assert_eq!(promoted[0].item_id, fablab);
    assert_eq!(status(&db, fablab, bilal), Some(SignupStatus::Confirmed));
    assert_eq!(status(&db, fablab, chloe), Some(SignupStatus::Waitlisted));
    assert_eq!(status(&db, fablab, anne), Some(SignupStatus::Cancelled));
    // The promotion is recorded for the organiser to tell Bilal.
    let r = db.registrations(event).unwrap();
    assert_eq!(r.promotions.len(), 1);
    assert_eq!(r.promotions[0].signup_id, b.id);
    db.set_promotion_told(r.promotions[0].id, true).unwrap();
    assert!(db.registrations(event).unwrap().promotions.is_empty());

    // Anne asks again: a new request, behind Chloé.
    let again = db.sign_up(fablab, anne, SignupSource::Desk).unwrap();
    assert_eq!(again.id, a.id);
    assert_eq!(again.status, SignupStatus::Waitlisted);
    assert!(again.seq > c.seq);
    // A bigger room for the workshop: both waiting get seats, in order.
    let promoted_before = dump(&db);
    set_capacity(&mut db, event, fablab, Some(2)).unwrap();
    assert_eq!(status(&db, fablab, chloe), Some(SignupStatus::Confirmed));
    assert_eq!(status(&db, fablab, anne), Some(SignupStatus::Waitlisted));
    // Undo puts the capacity and the waitlist back exactly.
    db.undo().unwrap();
    assert_eq!(dump(&db), promoted_before);
}

/// Moves (or resizes) an item to the times of another.
fn move_to_times_of(db: &mut Db, event: Id, item: Id, like: Id) -> deroule::Result<Item> {
    let items = db.programme(event).unwrap().items;
    let find = |id: Id| items.iter().find(|i| i.id == Some(id)).unwrap().clone();
    let (mut moved, model) = (find(item), find(like));
    moved.starts_at = model.starts_at;
    moved.ends_at = model.ends_at;
    db.save_item(&moved)
}

fn attendee_warnings(db: &Db, event: Id) -> Vec<(Id, String, Vec<Id>)> {
    db.editor_programme(event)
        .unwrap()
        .warnings
        .into_iter()
        .filter_map(|w| match w {
            deroule::model::Warning::AttendeeDoubleBooked {
                attendee_id,
                attendee_name,
                item_ids,
            } => Some((attendee_id, attendee_name, item_ids)),
            _ => None,
        })
        .collect()
}

#[test]
fn moving_an_item_rechecks_the_rules_of_the_people_it_concerns() {
    let (mut db, event, _, items) = demo_with_block(2);
    let (a1_14, a2_15, a3_15) = (
        items["Atelier 1@14"],
        items["Atelier 2@15"],
        items["Atelier 3@15"],
    );
    let anne = attendee(&mut db, event, "Anne Morel");
    let bilal = attendee(&mut db, event, "Bilal Haddad");
    let chloe = attendee(&mut db, event, "Chloé Garnier");
    db.sign_up(a1_14, anne, SignupSource::Manual).unwrap();
    db.sign_up(a2_15, anne, SignupSource::Manual).unwrap();
    assert!(attendee_warnings(&db, event).is_empty());

    // Atelier 2 moves to 14h: Anne keeps both seats (she was told), and the
    // editor says she is now expected in two places.
    move_to_times_of(&mut db, event, a2_15, a1_14).unwrap();
    assert_eq!(status(&db, a2_15, anne), Some(SignupStatus::Confirmed));
    assert_eq!(
        attendee_warnings(&db, event),
        vec![(anne, "Anne Morel".to_string(), vec![a1_14, a2_15])]
    );
    // The programme's own warnings know nothing of seats.
    assert!(db
        .programme(event)
        .unwrap()
        .warnings
        .iter()
        .all(|w| !matches!(w, deroule::model::Warning::AttendeeDoubleBooked { .. })));
    // Back at 15h: no warning.
    move_to_times_of(&mut db, event, a2_15, a3_15).unwrap();
    assert!(attendee_warnings(&db, event).is_empty());

    // Chloé holds Atelier 1 at 14h and waits for the full Atelier 3 at 15h.
    set_capacity(&mut db, event, a3_15, Some(1)).unwrap();
    db.sign_up(a3_15, bilal, SignupSource::Manual).unwrap();
    db.sign_up(a1_14, chloe, SignupSource::Manual).unwrap();
    let waiting = db.sign_up(a3_15, chloe, SignupSource::Manual).unwrap();
    assert_eq!(waiting.status, SignupStatus::Waitlisted);
    // Atelier 1 moves onto 15h; Bilal leaves: the seat is not given to
    // Chloé, whose Atelier 1 now overlaps it.
    move_to_times_of(&mut db, event, a1_14, a3_15).unwrap();
    let bilal_signup: Id = db
        .conn()
        .query_row(
            "SELECT id FROM signups WHERE item_id = ?1 AND attendee_id = ?2",
            [a3_15, bilal],
            |r| r.get(0),
        )
        .unwrap();
    assert!(db.cancel_signup(bilal_signup).unwrap().is_empty());
    assert_eq!(status(&db, a3_15, chloe), Some(SignupStatus::Waitlisted));
    // Atelier 1 goes back to 14h: nothing stands in Chloé's way any more,
    // and the move itself serves the waitlist.
    move_to_times_of(&mut db, event, a1_14, items["Atelier 4@14"]).unwrap();
    assert_eq!(status(&db, a3_15, chloe), Some(SignupStatus::Confirmed));
    let r = db.registrations(event).unwrap();
    assert!(r
        .promotions
        .iter()
        .any(|p| p.attendee_id == chloe && p.item_id == a3_15));
    assert!(attendee_warnings(&db, event).is_empty());
}

#[test]
fn capacity_cannot_go_below_the_confirmed_sign_ups() {
    let (mut db, event, _, items) = demo_with_block(2);
    let item = items["Atelier 3@14"];
    for name in ["Anne Morel", "Bilal Haddad", "Chloé Garnier"] {
        let a = attendee(&mut db, event, name);
        db.sign_up(item, a, SignupSource::Manual).unwrap();
    }
    let before = dump(&db);
    let err = set_capacity(&mut db, event, item, Some(2)).unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert_eq!(err.field.as_deref(), Some("capacity"));
    assert_eq!(err.reason.as_deref(), Some("below_confirmed"));
    assert!(err.message.contains("3 confirmed"), "{}", err.message);
    assert_eq!(dump(&db), before);
    // The same through the room: the item has no capacity of its own, so
    // the room's (20) applies, and the room cannot shrink below 3.
    set_capacity(&mut db, event, item, None).unwrap();
    let p = db.programme(event).unwrap();
    let room_id = p.items.iter().find(|i| i.id == Some(item)).unwrap().room_id;
    let mut room = p.rooms.into_iter().find(|r| r.id == room_id).unwrap();
    room.capacity = Some(1);
    let before = dump(&db);
    let err = db.save_room(&room).unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("below_confirmed"));
    assert_eq!(dump(&db), before);
}

#[test]
fn an_attendee_never_holds_overlapping_items_nor_a_workshop_twice() {
    let (mut db, event, _, items) = demo_with_block(2);
    let anne = attendee(&mut db, event, "Anne Morel");
    db.sign_up(items["Atelier 1@14"], anne, SignupSource::Manual)
        .unwrap();
    let before = dump(&db);
    let err = db
        .sign_up(items["Atelier 2@14"], anne, SignupSource::Manual)
        .unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("overlap"));
    assert!(err.message.contains("Anne Morel"), "{}", err.message);
    let err = db
        .sign_up(items["Atelier 1@15"], anne, SignupSource::Manual)
        .unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("same_workshop"));
    assert_eq!(dump(&db), before);
    // Another workshop in the other round is fine.
    let s = db
        .sign_up(items["Atelier 2@15"], anne, SignupSource::Manual)
        .unwrap();
    assert_eq!(s.status, SignupStatus::Confirmed);
    // Signing up twice for the same item is refused by name.
    let err = db
        .sign_up(items["Atelier 2@15"], anne, SignupSource::Manual)
        .unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("already_signed_up"));
}

#[test]
fn the_block_limit_holds_and_cannot_be_lowered_under_anyone() {
    let (mut db, event, block, items) = demo_with_block(1);
    let anne = attendee(&mut db, event, "Anne Morel");
    db.sign_up(items["Atelier 1@14"], anne, SignupSource::Manual)
        .unwrap();
    let err = db
        .sign_up(items["Atelier 2@15"], anne, SignupSource::Manual)
        .unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("block_limit"));
    let mut b = db.registrations(event).unwrap().blocks[0].clone();
    assert_eq!(b.id, Some(block));
    b.max_choices = 2;
    db.save_block(&b).unwrap();
    db.sign_up(items["Atelier 2@15"], anne, SignupSource::Manual)
        .unwrap();
    b.max_choices = 1;
    let before = dump(&db);
    let err = db.save_block(&b).unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("block_limit"));
    assert!(err.message.contains("Anne Morel"), "{}", err.message);
    assert_eq!(dump(&db), before);
}

#[test]
fn promotion_skips_whoever_cannot_take_the_seat() {
    let (mut db, event, _, items) = demo_with_block(2);
    let fablab = items["Atelier 4@14"];
    set_capacity(&mut db, event, fablab, Some(1)).unwrap();
    let anne = attendee(&mut db, event, "Anne Morel");
    let bilal = attendee(&mut db, event, "Bilal Haddad");
    let chloe = attendee(&mut db, event, "Chloé Garnier");
    let a = db.sign_up(fablab, anne, SignupSource::Manual).unwrap();
    // Bilal waits first, then takes another 14h workshop meanwhile.
    db.sign_up(fablab, bilal, SignupSource::Manual).unwrap();
    let other = db
        .sign_up(items["Atelier 1@14"], bilal, SignupSource::Manual)
        .unwrap();
    db.sign_up(fablab, chloe, SignupSource::Manual).unwrap();
    let promoted = db.cancel_signup(a.id).unwrap();
    assert_eq!(promoted.len(), 1);
    assert_eq!(promoted[0].attendee_id, chloe);
    assert_eq!(status(&db, fablab, bilal), Some(SignupStatus::Waitlisted));
    // Chloé leaves; Bilal drops his other workshop: now he can, and does,
    // get the Fablab seat as soon as his 14h is free.
    let chloe_signup = db
        .registrations(event)
        .unwrap()
        .signups
        .into_iter()
        .find(|s| s.attendee_id == chloe && s.item_id == fablab)
        .unwrap();
    assert!(db.cancel_signup(chloe_signup.id).unwrap().is_empty());
    let promoted = db.cancel_signup(other.id).unwrap();
    assert_eq!(promoted.len(), 1);
    assert_eq!(promoted[0].attendee_id, bilal);
    assert_eq!(status(&db, fablab, bilal), Some(SignupStatus::Confirmed));
}

#[test]
fn deleting_an_attendee_frees_their_seat_for_the_waitlist() {
    let (mut db, event, _, items) = demo_with_block(2);
    let item = items["Atelier 2@14"];
    set_capacity(&mut db, event, item, Some(1)).unwrap();
    let anne = attendee(&mut db, event, "Anne Morel");
    let bilal = attendee(&mut db, event, "Bilal Haddad");
    db.sign_up(item, anne, SignupSource::Manual).unwrap();
    db.sign_up(item, bilal, SignupSource::Manual).unwrap();
    db.delete_attendee(anne).unwrap();
    assert_eq!(status(&db, item, bilal), Some(SignupStatus::Confirmed));
    assert_eq!(db.registrations(event).unwrap().promotions.len(), 1);
}

#[test]
fn attendance_is_recorded_for_confirmed_sign_ups() {
    let (mut db, event, _, items) = demo_with_block(2);
    let item = items["Atelier 2@14"];
    set_capacity(&mut db, event, item, Some(1)).unwrap();
    let anne = attendee(&mut db, event, "Anne Morel");
    let bilal = attendee(&mut db, event, "Bilal Haddad");
    let a = db.sign_up(item, anne, SignupSource::Manual).unwrap();
    let b = db.sign_up(item, bilal, SignupSource::Manual).unwrap();
    assert_eq!(
        db.set_attendance(a.id, Some(true)).unwrap().attended,
        Some(true)
    );
    assert_eq!(
        db.set_attendance(a.id, Some(false)).unwrap().attended,
        Some(false)
    );
    let err = db.set_attendance(b.id, Some(true)).unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("not_confirmed"));
}

#[test]
fn a_duplicated_event_keeps_its_blocks_but_not_its_sign_ups() {
    let (mut db, event, _, items) = demo_with_block(2);
    let anne = attendee(&mut db, event, "Anne Morel");
    db.sign_up(items["Atelier 1@14"], anne, SignupSource::Manual)
        .unwrap();
    let copy = db.duplicate_event(event, " (copie)").unwrap().id.unwrap();
    let r = db.registrations(copy).unwrap();
    assert_eq!(r.blocks.len(), 1);
    assert_eq!(r.workshops.len(), 4);
    assert!(r.workshops.iter().all(|w| w.item_ids.len() == 2));
    assert!(r.signups.is_empty() && r.attendees.is_empty());
}

#[test]
fn an_item_leaves_and_rejoins_a_block() {
    let (mut db, event, block, items) = demo_with_block(2);
    let item = items["Atelier 3@15"];
    db.set_item_workshop(item, None, None).unwrap();
    let r = db.registrations(event).unwrap();
    assert_eq!(
        r.workshops.iter().map(|w| w.item_ids.len()).sum::<usize>(),
        7
    );
    // Back as the 15h occurrence of workshop 3.
    db.set_item_workshop(item, Some(block), Some(items["Atelier 3@14"]))
        .unwrap();
    let r = db.registrations(event).unwrap();
    assert_eq!(r.workshops.len(), 4);
    // An attendee holding both occurrences while they were apart blocks
    // the regrouping, by name.
    db.set_item_workshop(item, Some(block), None).unwrap();
    let anne = attendee(&mut db, event, "Anne Morel");
    db.sign_up(items["Atelier 3@14"], anne, SignupSource::Manual)
        .unwrap();
    db.sign_up(item, anne, SignupSource::Manual).unwrap();
    let before = dump(&db);
    let err = db
        .set_item_workshop(item, Some(block), Some(items["Atelier 3@14"]))
        .unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("same_workshop"));
    assert!(err.message.contains("Anne Morel"));
    assert_eq!(dump(&db), before);
}

// ---------------------------------------------------------------------------
// Model-based property test.

/// Items of the property test: (start hour*60+min, end, workshop).
/// Workshops A and B run at 14h and 15h; a plenary at 14h30 overlaps both
/// rounds; a morning talk overlaps nothing.
const SLOTS: [(u32, u32, Option<usize>); 6] = [
    (14 * 60, 15 * 60, Some(0)),
    (14 * 60, 15 * 60, Some(1)),
    (15 * 60, 16 * 60, Some(0)),
    (15 * 60, 16 * 60, Some(1)),
    (14 * 60 + 30, 15 * 60 + 30, None),
    (10 * 60, 11 * 60, None),
];
const PEOPLE: usize = 5;

#[derive(Debug, Clone)]
enum Op {
    SignUp(usize, usize),
    Cancel(usize, usize),
    Capacity(usize, Option<i64>),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..SLOTS.len(), 0..PEOPLE).prop_map(|(i, a)| Op::SignUp(i, a)),
        2 => (0..SLOTS.len(), 0..PEOPLE).prop_map(|(i, a)| Op::Cancel(i, a)),
        1 => (0..SLOTS.len(), proptest::option::of(0i64..4)).prop_map(|(i, c)| Op::Capacity(i, c)),
    ]
}

/// The rules written as plainly as possible, to compare the database with.
#[derive(Debug, Clone)]
struct Model {
    max: usize,
    capacity: Vec<Option<i64>>,
    /// (item, attendee) → (status, seq)
    signups: HashMap<(usize, usize), (SignupStatus, u64)>,
    seq: u64,
}

impl Model {
    fn overlaps(i: usize, j: usize) -> bool {
        SLOTS[i].0 < SLOTS[j].1 && SLOTS[j].0 < SLOTS[i].1
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
        if held.iter().any(|&j| Self::overlaps(i, j)) {
            return false;
        }
        if let Some(w) = SLOTS[i].2 {
            if held.iter().any(|&j| SLOTS[j].2 == Some(w)) {
                return false;
            }
            if held.iter().filter(|&&j| SLOTS[j].2.is_some()).count() >= self.max {
                return false;
            }
        }
        true
    }
    fn full(&self, i: usize) -> bool {
        self.capacity[i].is_some_and(|c| self.count(i) >= c)
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
    /// Applies `op`; `false` when the rules refuse it (nothing changes).
    fn apply(&mut self, op: &Op) -> bool {
        match *op {
            Op::SignUp(i, a) => {
                if matches!(self.signups.get(&(i, a)), Some((s, _)) if *s != SignupStatus::Cancelled)
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
                true
            }
            Op::Cancel(i, a) => {
                let Some(&(status, seq)) = self.signups.get(&(i, a)) else {
                    return false;
                };
                self.signups.insert((i, a), (SignupStatus::Cancelled, seq));
                if status == SignupStatus::Confirmed {
                    self.settle(i);
                    // Then the items the attendee waits for, by time.
                    let mut waiting: Vec<usize> = self
                        .signups
                        .iter()
                        .filter(|(k, v)| k.1 == a && v.0 == SignupStatus::Waitlisted)
                        .map(|(k, _)| k.0)
                        .collect();
                    waiting.sort_by_key(|&j| (SLOTS[j].0, j));
                    for j in waiting {
                        self.settle(j);
                    }
                }
                true
            }
            Op::Capacity(i, c) => {
                if c.is_some_and(|c| self.count(i) > c) {
                    return false;
                }
                self.capacity[i] = c;
                self.settle(i);
                true
            }
        }
    }
}

struct Fixture {
    db: Db,
    event: Id,
    items: Vec<Id>,
    people: Vec<Id>,
    base: Vec<Item>,
}

fn fixture(max: i64) -> Fixture {
    use deroule::model::Event;
    let mut db = Db::open_in_memory().unwrap();
    let (demo, demo_id) = crate::demo_db();
    let p = demo.programme(demo_id).unwrap();
    let event = db
        .create_event(&Event {
            id: None,
            ..p.event.clone()
        })
        .unwrap()
        .id
        .unwrap();
    let mut items = Vec::new();
    let mut base = Vec::new();
    for (n, (start, end, _)) in SLOTS.iter().enumerate() {
        let at = |m: u32| p.event.date.and_hms_opt(m / 60, m % 60, 0).unwrap();
        let item = db
            .save_item(&Item {
                id: None,
                event_id: event,
                uid: String::new(),
                starts_at: at(*start),
                ends_at: at(*end),
                kind: ItemKind::Workshop,
                title: format!("Item {n}"),
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
            name: "Ateliers".into(),
            min_choices: 0,
            max_choices: max,
        })
        .unwrap()
        .id
        .unwrap();
    for (n, (_, _, w)) in SLOTS.iter().enumerate() {
        if let Some(w) = w {
            let same = SLOTS[..n]
                .iter()
                .position(|s| s.2 == Some(*w))
                .map(|m| items[m]);
            db.set_item_workshop(items[n], Some(block), same).unwrap();
        }
    }
    let people = (0..PEOPLE)
        .map(|n| attendee(&mut db, event, &format!("Personne {n}")))
        .collect();
    Fixture {
        db,
        event,
        items,
        people,
        base,
    }
}

fn check_against(f: &Fixture, model: &Model) -> Result<(), TestCaseError> {
    let r = f.db.registrations(f.event).unwrap();
    // Same statuses as the model, for every pair.
    for (i, &item) in f.items.iter().enumerate() {
        for (a, &person) in f.people.iter().enumerate() {
            let got = status(&f.db, item, person);
            let want = model.signups.get(&(i, a)).map(|v| v.0);
            prop_assert_eq!(got, want, "item {} person {}", i, a);
        }
    }
    // And the invariants, checked on the database directly.
    for fill in &r.fills {
        if let Some(c) = fill.capacity {
            prop_assert!(fill.confirmed <= c, "{:?}", fill);
        }
    }
    for &person in &f.people {
        let held: Vec<usize> = r
            .signups
            .iter()
            .filter(|s| s.attendee_id == person && s.status == SignupStatus::Confirmed)
            .map(|s| f.items.iter().position(|&i| i == s.item_id).unwrap())
            .collect();
        for (x, &i) in held.iter().enumerate() {
            for &j in &held[x + 1..] {
                prop_assert!(!Model::overlaps(i, j), "{} holds {} and {}", person, i, j);
                prop_assert!(SLOTS[i].2.is_none() || SLOTS[i].2 != SLOTS[j].2);
            }
        }
        prop_assert!(held.iter().filter(|&&i| SLOTS[i].2.is_some()).count() <= model.max);
    }
    // Waitlists in request order: `signups` comes by seq, and the model's
    // order is the database's.
    let seqs: Vec<i64> = r.signups.iter().map(|s| s.seq).collect();
    prop_assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn any_sequence_of_operations_keeps_the_rules(
        max in 1i64..=2,
        ops in proptest::collection::vec(op(), 1..40),
    ) {
        let mut f = fixture(max);
        let mut model = Model {
            max: max as usize,
            capacity: vec![Some(1); SLOTS.len()],
            signups: HashMap::new(),
            seq: 0,
        };
        for op in &ops {
            let before = dump(&f.db);
            let allowed = model.clone().apply(op);
            let done = match *op {
                Op::SignUp(i, a) => f.db.sign_up(f.items[i], f.people[a], SignupSource::Desk).map(|_| ()),
                Op::Cancel(i, a) => {
                    let id: Option<Id> = f.db.conn().query_row(
                        "SELECT id FROM signups WHERE item_id = ?1 AND attendee_id = ?2",
                        [f.items[i], f.people[a]], |r| r.get(0)).ok();
                    match id {
                        Some(id) => f.db.cancel_signup(id).map(|_| ()),
                        None => Err(deroule::Error::not_found("signup", 0)),
                    }
                }
                Op::Capacity(i, c) => {
                    let mut item = f.base[i].clone();
                    item.capacity = c;
                    f.db.save_item(&item).map(|_| ())
                }
            };
            prop_assert_eq!(done.is_ok(), allowed, "{:?}: {:?}", op, done);
            if allowed {
                model.apply(op);
            } else {
                prop_assert_eq!(&dump(&f.db), &before, "a refused {:?} changed the database", op);
            }
            check_against(&f, &model)?;
        }
    }
}

/// The attendees list comes in its order (by name, ASCII letters folded,
/// then id: `list_order`) from the index of schema v16, with nothing for
/// SQLite to sort, whatever the names' case, accents and ties.
#[test]
fn the_attendees_list_comes_in_name_order_from_its_index() {
    use deroule::signups::attendees::within::{list_order, LIST_ORDER};
    let mut db = Db::open_in_memory().unwrap();
    let event = db.load_demo().unwrap();
    for name in [
        "zoé Martin",
        "Zoé Martin",
        "Émile Zola",
        "emile zola",
        "adam",
        "ADAM",
        "Adam",
        "Ärger",
        "Œdipe",
        "d'Alembert",
        "D’Alembert",
        "Élodie",
        "élodie",
        "Zoé Martin",
    ] {
        crate::save_new(&mut db, &crate::new_attendee(event, name));
    }
    let list = db.attendee_list(event).unwrap();
    let got: Vec<(String, Option<Id>)> = list
        .ids
        .iter()
        .zip(&list.names)
        .map(|(id, name)| list_order(name, Some(*id)))
        .collect();
    let mut expected = got.clone();
    expected.sort();
    assert_eq!(got, expected);
    assert!(list.len() > 14);
    let attendees = db.attendees(event).unwrap();
    assert_eq!(
        attendees.iter().map(|a| a.id.unwrap()).collect::<Vec<_>>(),
        list.ids
    );
    // Read through the index, in its order.
    let plan: Vec<String> = db
        .conn()
        .prepare(&format!(
            "EXPLAIN QUERY PLAN SELECT id, name, email FROM attendees WHERE event_id = ?1 {LIST_ORDER}"
        ))
        .unwrap()
        .query_map([event], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        plan,
        ["SEARCH attendees USING COVERING INDEX attendees_event_list (event_id=?)"]
    );
}
