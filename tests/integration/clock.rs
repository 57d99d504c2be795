//! The database's clock: every stamp it writes comes from it, so a stopped
//! clock is seen in sign-ups, promotions and attendees.

use crate::bare_demo_db;
use deroule::db::clock;
use deroule::model::{Attendee, Id, ItemKind, SignupSource};
use deroule::Db;

fn attendee(db: &mut Db, event_id: Id, name: &str, email: &str) -> Id {
    let organisation = "Médiathèque de Givors".into();
    crate::save_new(
        db,
        &Attendee {
            email: email.into(),
            organisation,
            ..crate::new_attendee(event_id, name)
        },
    )
}

#[test]
fn a_stopped_clock_is_the_time_of_every_stamp() {
    let (db, event) = bare_demo_db();
    let nine = "2025-07-01T07:30:00Z".parse().unwrap();
    let mut db = db.with_clock(clock::frozen(nine)).unwrap();
    assert_eq!(db.now(), nine);

    let ada = attendee(&mut db, event, "Ada Lovelace", "ada@example.org");
    let created_at: String = db
        .conn()
        .query_row(
            "SELECT created_at FROM attendees WHERE id = ?1",
            [ada],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(created_at, "2025-07-01T07:30:00Z");

    let mut workshop = db
        .programme(event)
        .unwrap()
        .items
        .into_iter()
        .find(|i| i.kind == ItemKind::Workshop)
        .unwrap();
    workshop.capacity = Some(1);
    let workshop = db.save_item(&workshop).unwrap().id.unwrap();
    let first = db.sign_up(workshop, ada, SignupSource::Desk).unwrap();
    assert_eq!(first.requested_at, "2025-07-01T07:30:00.000Z");

    let later = "2025-07-01T08:15:42.250Z".parse().unwrap();
    db.set_clock(clock::frozen(later)).unwrap();
    let grace = attendee(&mut db, event, "Grace Hopper", "grace@example.org");
    let second = db.sign_up(workshop, grace, SignupSource::Desk).unwrap();
    assert_eq!(second.requested_at, "2025-07-01T08:15:42.250Z");

    let promoted = db.cancel_signup(first.id).unwrap();
    assert_eq!(promoted.len(), 1);
    assert_eq!(promoted[0].promoted_at, "2025-07-01T08:15:42.250Z");
    let cancelled = db.signup(first.id).unwrap();
    assert_eq!(cancelled.updated_at, "2025-07-01T08:15:42.250Z");
}
