//! One attendee's day agrees everywhere: the printed personal schedule shows
//! exactly the core's personal programme, and every obstacle the core
//! reports for an item is exactly what the engine does when that sign-up is
//! attempted (a confirmed seat, the waitlist, or the same refusal, after
//! which the database is unchanged). On the demo, every attendee, and on a
//! day built by hand with an overlap, a waitlist, a full workshop, the same
//! workshop twice, a block maximum and an item outside any block that takes
//! sign-ups.

use crate::{bare_demo_db, demo_db, dump};
use deroule::model::{Attendee, ChoiceBlock, Id, Item, ItemKind, SignupSource, SignupStatus};
use deroule::print::{escape, Document, PrintOptions};
use deroule::signups::engine::within;
use deroule::signups::personal::{personal_programme, Obstacle, PersonalStatus};
use deroule::words::Lang;
use deroule::Db;
use std::collections::{HashMap, HashSet};

/// The titles on one printed personal schedule, in order, each with
/// whether it is marked as the reader's own sign-up.
fn printed_lines(html: &str) -> Vec<(String, bool)> {
    const OPEN: &str = "<h3 class=\"title\">";
    let sheet = html
        .split_once("<section class=\"sheet\">")
        .map_or("", |(_, s)| s);
    let sheet = sheet.split("<footer class=\"practical\">").next().unwrap();
    sheet
        .split(OPEN)
        .skip(1)
        .map(|part| {
            let (title, rest) = part.split_once("</h3>").unwrap();
            (title.to_owned(), rest.contains("class=\"mine-tag\""))
        })
        .collect()
}

/// Checks both agreements for every attendee of an event; returns how many
/// attempts each obstacle kind was checked with.
fn check_event(db: &mut Db, event: Id) -> HashMap<&'static str, usize> {
    let programme = db.programme(event).unwrap();
    let titles: HashMap<Id, &Item> = programme.items.iter().map(|i| (i.id.unwrap(), i)).collect();
    let registrations = db.registrations(event).unwrap();
    let mut seen: HashMap<&'static str, usize> = HashMap::new();
    for attendee in &registrations.attendees {
        let attendee_id = attendee.id.unwrap();
        let day = db.attendee_day(event, attendee_id).unwrap();
        assert_eq!(day.attendee_id, attendee_id);

        // The day is the one rule applied to what they hold.
        let confirmed: HashSet<Id> = registrations
            .signups
            .iter()
            .filter(|s| s.attendee_id == attendee_id && s.status == SignupStatus::Confirmed)
            .map(|s| s.item_id)
            .collect();
        assert_eq!(
            day.programme,
            personal_programme(&programme.items, &confirmed),
            "{}",
            attendee.name
        );

        // The printed page shows exactly those items, the confirmed ones
        // marked as theirs.
        let page = db
            .print(
                event,
                Document::Schedules,
                &PrintOptions {
                    lang: Some(Lang::Fr),
                    attendee_ids: vec![attendee_id],
                    ..PrintOptions::default()
                },
            )
            .unwrap();
        let expected: Vec<(String, bool)> = day
            .programme
            .iter()
            .map(|l| {
                (
                    escape(titles[&l.item_id].title.trim()).into_owned(),
                    l.status == PersonalStatus::Confirmed,
                )
            })
            .collect();
        assert_eq!(printed_lines(&page.html), expected, "{}", attendee.name);

        // Every option is what the engine does when asked.
        assert_eq!(day.options.len(), programme.items.len());
        let before = dump(db);
        for option in &day.options {
            let item = titles[&option.item_id];
            let what = format!(
                "{} → « {} » at {}",
                attendee.name, item.title, item.starts_at
            );
            match option.obstacle {
                None | Some(Obstacle::Full) => {
                    // Tried in a transaction rolled back: the day is unchanged.
                    let tx = db.conn().unchecked_transaction().unwrap();
                    let signup =
                        within::sign_up(&tx, option.item_id, attendee_id, SignupSource::Manual)
                            .unwrap_or_else(|e| panic!("{what}: refused: {}", e.message));
                    tx.rollback().unwrap();
                    let status = if option.obstacle.is_none() {
                        SignupStatus::Confirmed
                    } else {
                        SignupStatus::Waitlisted
                    };
                    assert_eq!(signup.status, status, "{what}");
                    // A full item's request waits, and is passed over while
                    // a rule stands in the way.
                    if option.obstacle.is_none() {
                        assert_eq!(option.blocked_by, None, "{what}");
                    }
                }
                Some(obstacle) => {
                    let err = db
                        .sign_up(option.item_id, attendee_id, SignupSource::Manual)
                        .map(|s| s.status)
                        .expect_err(&what);
                    assert_eq!(err.reason.as_deref(), Some(obstacle.reason()), "{what}");
                    match obstacle {
                        Obstacle::Overlap { item_id } => {
                            assert!(err.message.contains(&titles[&item_id].title), "{what}");
                            assert!(titles[&item_id].starts_at < item.ends_at);
                        }
                        Obstacle::SameWorkshop { item_id } => {
                            assert_eq!(titles[&item_id].workshop_id, item.workshop_id, "{what}");
                        }
                        Obstacle::BlockLimit {
                            block_id,
                            held,
                            max,
                        } => {
                            assert_eq!(Some(block_id), item.block_id, "{what}");
                            assert!(err.message.contains(&format!("holds {held} of")), "{what}");
                            assert!(err.message.ends_with(&format!("allows {max}")), "{what}");
                        }
                        _ => {}
                    }
                    if !matches!(obstacle, Obstacle::AlreadySignedUp { .. }) {
                        assert_eq!(option.blocked_by, Some(obstacle), "{what}");
                    }
                    assert_eq!(dump(db), before, "{what}: a refusal changed the database");
                }
            }
            let kind = option.obstacle.map_or("none", |o| o.reason());
            *seen.entry(kind).or_default() += 1;
        }
        assert_eq!(dump(db), before, "{}", attendee.name);
    }
    seen
}

#[test]
fn every_attendee_of_the_demo_has_one_day_on_screen_paper_and_in_the_engine() {
    let (mut db, event) = demo_db();
    let attendees = db.attendees(event).unwrap().len();
    assert!(attendees > 10, "the demo has attendees ({attendees})");
    let seen = check_event(&mut db, event);
    for kind in ["none", "already_signed_up", "full", "overlap"] {
        assert!(seen.contains_key(kind), "the demo shows {kind}: {seen:?}");
    }
}

fn attendee(db: &mut Db, event: Id, name: &str) -> Id {
    let organisation = "Médiathèque de Bron".into();
    crate::save_new(
        db,
        &Attendee {
            organisation,
            ..crate::new_attendee(event, name)
        },
    )
}

#[test]
fn a_day_with_every_obstacle_agrees_on_screen_paper_and_in_the_engine() {
    let (mut db, event) = bare_demo_db();
    let p = db.programme(event).unwrap();
    let workshops: Vec<&Item> = p
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Workshop)
        .collect();
    let at = |prefix: &str, hour: u32| -> Id {
        use chrono::Timelike;
        workshops
            .iter()
            .find(|i| i.title.starts_with(prefix) && i.starts_at.hour() == hour)
            .unwrap()
            .id
            .unwrap()
    };
    // One workshop at most: the second round is the block's limit.
    db.make_block(
        &ChoiceBlock {
            id: None,
            event_id: event,
            name: "Ateliers d'échanges".into(),
            min_choices: 0,
            max_choices: 1,
        },
        &workshops.iter().map(|i| i.id.unwrap()).collect::<Vec<_>>(),
    )
    .unwrap();
    // Atelier 2 at 14h takes one person; a talk outside any block takes
    // sign-ups too (two seats).
    let mut small = p
        .items
        .iter()
        .find(|i| i.id == Some(at("Atelier 2 ", 14)))
        .unwrap()
        .clone();
    small.capacity = Some(1);
    db.save_item(&small).unwrap();
    let mut talk = p
        .items
        .iter()
        .find(|i| i.kind != ItemKind::Workshop && i.room_id.is_some() && i.block_id.is_none())
        .unwrap()
        .clone();
    talk.capacity = Some(2);
    let talk = db.save_item(&talk).unwrap().id.unwrap();

    let camille = attendee(&mut db, event, "Camille Roux");
    let lucas = attendee(&mut db, event, "Lucas Martin");
    let zoe = attendee(&mut db, event, "Zoé Durand");
    attendee(&mut db, event, "Nadia Benali");
    let confirmed = |db: &mut Db, item, who| {
        let s = db.sign_up(item, who, SignupSource::Manual).unwrap();
        assert_eq!(s.status, SignupStatus::Confirmed);
    };
    confirmed(&mut db, at("Atelier 2 ", 14), camille);
    confirmed(&mut db, at("Atelier 1 ", 14), lucas);
    confirmed(&mut db, talk, zoe);
    let waits = db
        .sign_up(at("Atelier 2 ", 14), lucas, SignupSource::Manual)
        .unwrap();
    assert_eq!(waits.status, SignupStatus::Waitlisted);

    // Lucas: Atelier 2 at 14h is full and clashes with what he holds.
    let day = db.attendee_day(event, lucas).unwrap();
    let option = |id| *day.options.iter().find(|o| o.item_id == id).unwrap();
    assert_eq!(
        option(at("Atelier 2 ", 14)).obstacle,
        Some(Obstacle::AlreadySignedUp {
            signup_id: waits.id,
            status: SignupStatus::Waitlisted
        })
    );
    assert_eq!(
        option(at("Atelier 2 ", 14)).blocked_by,
        Some(Obstacle::Overlap {
            item_id: at("Atelier 1 ", 14)
        })
    );
    assert_eq!(
        option(at("Atelier 1 ", 15)).obstacle,
        Some(Obstacle::SameWorkshop {
            item_id: at("Atelier 1 ", 14)
        })
    );
    let block = option(at("Atelier 3 ", 15)).obstacle;
    assert!(
        matches!(
            block,
            Some(Obstacle::BlockLimit {
                held: 1,
                max: 1,
                ..
            })
        ),
        "{block:?}"
    );
    // The talk outside the block is in everyone's day, Zoé's as her own.
    assert!(day
        .programme
        .iter()
        .any(|l| l.item_id == talk && l.status == PersonalStatus::Everyone));
    // His seat at 14h moves within the block; Zoé's talk, among the items
    // that take sign-ups.
    let workshop_ids: Vec<Id> = workshops.iter().map(|i| i.id.unwrap()).collect();
    let held = db
        .registrations(event)
        .unwrap()
        .signups
        .into_iter()
        .filter(|s| s.status == SignupStatus::Confirmed)
        .map(|s| (s.item_id, s.id))
        .collect::<HashMap<Id, Id>>();
    let moves = |day: &deroule::signups::personal::AttendeeDay, signup: Id| {
        day.moves
            .iter()
            .find(|m| m.signup_id == signup)
            .unwrap()
            .item_ids
            .clone()
    };
    let others: Vec<Id> = workshop_ids
        .iter()
        .copied()
        .filter(|&i| i != at("Atelier 1 ", 14))
        .collect();
    let mut his = moves(&day, held[&at("Atelier 1 ", 14)]);
    his.sort();
    let mut expected = others.clone();
    expected.sort();
    assert_eq!(his, expected);
    let zoes = db.attendee_day(event, zoe).unwrap();
    let mut hers = moves(&zoes, held[&talk]);
    hers.sort();
    let mut expected = workshop_ids.clone();
    expected.sort();
    assert_eq!(hers, expected);
    assert!(zoes
        .programme
        .iter()
        .any(|l| l.item_id == talk && l.status == PersonalStatus::Confirmed));

    let seen = check_event(&mut db, event);
    for kind in [
        "none",
        "already_signed_up",
        "full",
        "overlap",
        "same_workshop",
        "block_limit",
    ] {
        assert!(seen.contains_key(kind), "{kind} is checked: {seen:?}");
    }
}
