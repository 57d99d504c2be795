//! Sign-ups: asking for a seat, cancelling, moving, attendance, and the
//! promotions told.

use super::settle::{
    attendee_name, confirmed_count, may_hold, next_seq, settle_after_release, slot,
};
use crate::db::cached::Cached;
use crate::db::clock::stamp;
use crate::db::columns::parse_name;
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::registered::seconds_since_2000;
use crate::model::{Id, Promotion, Signup, SignupSource, SignupStatus};
use rusqlite::{params, Connection, OptionalExtension, Row};

pub(super) const SIGNUP_COLUMNS: &str =
    "s.id, s.item_id, s.attendee_id, s.status, s.source, s.requested_at, s.updated_at, s.seq, s.attended";

pub(super) fn signup_from_row(r: &Row<'_>) -> rusqlite::Result<Signup> {
    let status: String = r.get(3)?;
    let source: String = r.get(4)?;
    Ok(Signup {
        id: r.get(0)?,
        item_id: r.get(1)?,
        attendee_id: r.get(2)?,
        status: parse_name(&status, SignupStatus::parse)?,
        source: parse_name(&source, SignupSource::parse)?,
        requested_at: r.get(5)?,
        updated_at: r.get(6)?,
        seq: r.get(7)?,
        attended: r.get(8)?,
    })
}

fn get_signup(conn: &Connection, id: Id) -> Result<Signup> {
    conn.query_row_cached(
        &format!("SELECT {SIGNUP_COLUMNS} FROM signups s WHERE s.id = ?1"),
        [id],
        signup_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("signup", id))
}

/// Sign-ups inside a caller's transaction (imports, the demo, the
/// allocation).
pub mod within {
    use super::*;

    /// Asks for a seat; see [`Db::sign_up`].
    pub fn sign_up(
        conn: &Connection,
        item_id: Id,
        attendee_id: Id,
        source: SignupSource,
    ) -> Result<Signup> {
        let slot = slot(conn, item_id)?;
        crate::signups::attendees::within::of_event(conn, attendee_id, slot.event_id)?;
        let existing: Option<(Id, String)> = conn
            .query_row_cached(
                "SELECT id, status FROM signups WHERE item_id = ?1 AND attendee_id = ?2",
                [item_id, attendee_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((_, status)) = &existing {
            if status != "cancelled" {
                let how = if status == "confirmed" {
                    "already signed up for"
                } else {
                    "already on the waitlist of"
                };
                return Err(Error::invalid(
                    "attendee",
                    "already_signed_up",
                    format!(
                        "{} is {how} « {} »",
                        attendee_name(conn, attendee_id)?,
                        slot.seat.title
                    ),
                ));
            }
        }
        let full = match slot.capacity {
            Some(capacity) => confirmed_count(conn, item_id)? >= capacity,
            None => false,
        };
        let status = if full {
            SignupStatus::Waitlisted
        } else {
            may_hold(conn, attendee_id, &slot)?;
            SignupStatus::Confirmed
        };
        let at = stamp(conn)?;
        let seq = request_seq(conn, attendee_id, source, existing.is_some())?;
        let id = match existing {
            Some((id, _)) => {
                conn.prepare_cached(
                    "UPDATE signups SET status = ?2, source = ?3, requested_at = ?4, updated_at = ?4, \
                     seq = ?5, attended = NULL WHERE id = ?1",
                )?
                .execute(params![id, status.as_str(), source.as_str(), at, seq])?;
                id
            }
            None => {
                // Cached, with the undo triggers it compiles: an allocation
                // or an import signs hundreds up in one change.
                conn.prepare_cached(
                    "INSERT INTO signups (item_id, attendee_id, status, source, requested_at, updated_at, seq) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
                )?
                .execute(params![item_id, attendee_id, status.as_str(), source.as_str(), at, seq])?;
                conn.last_insert_rowid()
            }
        };
        get_signup(conn, id)
    }

    /// Cancels a sign-up; see [`Db::cancel_signup`].
    pub fn cancel(conn: &Connection, signup_id: Id) -> Result<Vec<Promotion>> {
        let signup = get_signup(conn, signup_id)?;
        if signup.status == SignupStatus::Cancelled {
            return Ok(Vec::new());
        }
        conn.execute(
            "UPDATE signups SET status = 'cancelled', updated_at = ?2 WHERE id = ?1",
            params![signup_id, stamp(conn)?],
        )?;
        if signup.status == SignupStatus::Confirmed {
            settle_after_release(conn, signup.item_id, signup.attendee_id)
        } else {
            Ok(Vec::new())
        }
    }
}

/// Where a request goes in the request order (`seq`). The organiser's
/// first request for an attendee whose registration date is known, and
/// the allocation's, go by that date: before every request of someone
/// without one, among the dated ones in date order, ties by attendee (in
/// the order their file listed them). Requests made at the desk, made
/// again after a cancellation, or for someone without a date go after
/// every request made so far.
fn request_seq(
    conn: &Connection,
    attendee_id: Id,
    source: SignupSource,
    asked_before: bool,
) -> Result<i64> {
    let by_date = match source {
        SignupSource::Desk => false,
        SignupSource::Manual => !asked_before,
        SignupSource::Allocation => true,
    };
    let registered: Option<String> = if by_date {
        conn.query_row_cached(
            "SELECT registered_at FROM attendees WHERE id = ?1",
            [attendee_id],
            |r| r.get(0),
        )?
    } else {
        None
    };
    let Some(seconds) = registered.as_deref().and_then(seconds_since_2000) else {
        return next_seq(conn);
    };
    // Below zero, where `next_seq` never goes: 32 bits of seconds (to 2136),
    // 20 of attendee, 8 for their requests of that date.
    let key =
        DATED_BASE + (seconds.clamp(0, u32::MAX as i64) << 28) + ((attendee_id & 0xF_FFFF) << 8);
    let taken: i64 = conn.query_row_cached(
        "SELECT count(*) FROM signups WHERE seq >= ?1 AND seq < ?1 + 256",
        [key],
        |r| r.get(0),
    )?;
    Ok(key + taken.min(255))
}

/// The first `seq` of dated requests (see [`request_seq`]).
const DATED_BASE: i64 = -(1 << 62);

impl Db {
    /// Asks for a seat of `item_id` for `attendee_id`: confirmed when a seat
    /// is free and the attendee may hold it (no overlap, not the same
    /// workshop twice, within the block's limit; else refused, naming the
    /// rule), waitlisted when the item is full. The waitlist goes by
    /// registration date for people who have one (see `request_seq`);
    /// asking again after a cancellation is a new request, at the back.
    pub fn sign_up(
        &mut self,
        item_id: Id,
        attendee_id: Id,
        source: SignupSource,
    ) -> Result<Signup> {
        self.change("signup.create", |tx| {
            within::sign_up(tx, item_id, attendee_id, source)
        })
    }

    /// Cancels a sign-up. A freed seat goes to the first waitlisted attendee
    /// who may take it; the promotions made are returned (and recorded).
    pub fn cancel_signup(&mut self, signup_id: Id) -> Result<Vec<Promotion>> {
        self.change("signup.cancel", |tx| within::cancel(tx, signup_id))
    }

    /// Moves an attendee from one item to another in one step: cancels
    /// `signup_id` and signs up for `item_id`. Refused as a whole if the new
    /// seat is refused.
    pub fn move_signup(&mut self, signup_id: Id, item_id: Id) -> Result<Signup> {
        self.change("signup.move", |tx| {
            let from = get_signup(tx, signup_id)?;
            within::cancel(tx, signup_id)?;
            let to = within::sign_up(tx, item_id, from.attendee_id, from.source)?;
            if to.status != SignupStatus::Confirmed {
                let title: String =
                    tx.query_row("SELECT title FROM items WHERE id = ?1", [item_id], |r| {
                        r.get(0)
                    })?;
                return Err(Error::invalid(
                    "item",
                    "full",
                    format!("« {title} » is full"),
                ));
            }
            Ok(to)
        })
    }

    /// Records whether the attendee came (`None`: not known yet).
    pub fn set_attendance(&mut self, signup_id: Id, attended: Option<bool>) -> Result<Signup> {
        self.change("signup.attendance", |tx| {
            let signup = get_signup(tx, signup_id)?;
            if signup.status != SignupStatus::Confirmed {
                return Err(Error::invalid(
                    "status",
                    "not_confirmed",
                    "attendance is recorded for confirmed sign-ups only",
                ));
            }
            tx.execute(
                "UPDATE signups SET attended = ?2 WHERE id = ?1",
                params![signup_id, attended],
            )?;
            get_signup(tx, signup_id)
        })
    }

    /// Marks a promotion as told to the attendee (or not).
    pub fn set_promotion_told(&mut self, promotion_id: Id, told: bool) -> Result<()> {
        self.change("promotion.told", |tx| {
            if tx.execute(
                "UPDATE promotions SET told = ?2 WHERE id = ?1",
                params![promotion_id, told],
            )? == 0
            {
                return Err(Error::not_found("promotion", promotion_id));
            }
            Ok(())
        })
    }

    /// One sign-up.
    pub fn signup(&self, id: Id) -> Result<Signup> {
        get_signup(self.conn(), id)
    }
}
