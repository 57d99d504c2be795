//! Events: their details, listing, creating, updating (items move with the
//! date) and deleting: a deleted event is put aside (`deleted_at`), left out
//! of every read, and purged once its deletion can no longer be undone
//! ([`Db::purge_deleted_events`]).

use super::validate;
use crate::db::cached::Cached;
use crate::db::columns::{bad_column, parse_date, parse_time};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{
    hm, ymd, ymdhm, Admission, Event, EventStatus, EventSummary, Id, Practical, Registration,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

const EVENT_COLUMNS: &str = "id, title, series, date, day_start, day_end, time_zone, language, \
    description, audience, free, price, registration_required, registration_url, \
    registration_deadline, practical_notes, website, organisers, partners, status, admission, \
    registration";

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<Event> {
    let list = |i: usize| -> rusqlite::Result<Vec<String>> {
        let text: String = r.get(i)?;
        serde_json::from_str(&text).map_err(|e| bad_column(&text, e))
    };
    Ok(Event {
        id: Some(r.get(0)?),
        title: r.get(1)?,
        series: r.get(2)?,
        date: parse_date(&r.get::<_, String>(3)?)?,
        day_start: parse_time(&r.get::<_, String>(4)?)?,
        day_end: parse_time(&r.get::<_, String>(5)?)?,
        time_zone: r.get(6)?,
        language: r.get(7)?,
        description: r.get(8)?,
        audience: r.get(9)?,
        practical: Practical {
            admission: {
                let text: String = r.get(20)?;
                Admission::parse(&text).ok_or_else(|| bad_column(&text, "unknown admission"))?
            },
            price: r.get(11)?,
            registration: {
                let text: String = r.get(21)?;
                Registration::parse(&text)
                    .ok_or_else(|| bad_column(&text, "unknown registration"))?
            },
            registration_url: r.get(13)?,
            registration_deadline: r
                .get::<_, Option<String>>(14)?
                .map(|s| parse_date(&s))
                .transpose()?,
            notes: r.get(15)?,
            website: r.get(16)?,
        },
        organisers: list(17)?,
        partners: list(18)?,
        status: match r.get::<_, String>(19)?.as_str() {
            "published" => EventStatus::Published,
            _ => EventStatus::Draft,
        },
    })
}

fn status_str(status: EventStatus) -> &'static str {
    match status {
        EventStatus::Draft => "draft",
        EventStatus::Published => "published",
    }
}

/// Writes every column of `event` into row `id` (inserting when `id` is None).
pub(super) fn write_event(conn: &Connection, id: Option<Id>, e: &Event) -> Result<Id> {
    let organisers = serde_json::to_string(&e.organisers).expect("strings serialize");
    let partners = serde_json::to_string(&e.partners).expect("strings serialize");
    let values = params![
        e.title.trim(),
        e.series.trim(),
        e.date.format(ymd::FORMAT).to_string(),
        e.day_start.format(hm::FORMAT).to_string(),
        e.day_end.format(hm::FORMAT).to_string(),
        e.time_zone,
        e.language,
        e.description,
        e.audience,
        e.practical.admission != Admission::Paid,
        e.practical.price,
        e.practical.registration == Registration::Required,
        e.practical.registration_url.trim(),
        e.practical
            .registration_deadline
            .map(|d| d.format(ymd::FORMAT).to_string()),
        e.practical.notes,
        e.practical.website.trim(),
        organisers,
        partners,
        status_str(e.status),
        id,
        e.practical.admission.as_str(),
        e.practical.registration.as_str(),
    ];
    match id {
        None => {
            conn.execute(
                "INSERT INTO events (title, series, date, day_start, day_end, time_zone, language, \
                 description, audience, free, price, registration_required, registration_url, \
                 registration_deadline, practical_notes, website, organisers, partners, status, id, \
                 admission, registration) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)",
                values,
            )?;
            Ok(conn.last_insert_rowid())
        }
        Some(id) => {
            let n = conn.execute(
                "UPDATE events SET title=?1, series=?2, date=?3, day_start=?4, day_end=?5, \
                 time_zone=?6, language=?7, description=?8, audience=?9, free=?10, price=?11, \
                 registration_required=?12, registration_url=?13, registration_deadline=?14, \
                 practical_notes=?15, website=?16, organisers=?17, partners=?18, status=?19, \
                 admission=?21, registration=?22 WHERE id=?20",
                values,
            )?;
            if n == 0 {
                return Err(Error::not_found("event", id));
            }
            Ok(id)
        }
    }
}

pub(super) fn get_event(conn: &Connection, id: Id) -> Result<Event> {
    conn.query_row_cached(
        &format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = ?1 AND deleted_at IS NULL"),
        [id],
        event_from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found("event", id))
}

impl Db {
    /// All events, the most recent first.
    pub fn list_events(&self) -> Result<Vec<EventSummary>> {
        let mut stmt = self.conn().prepare(
            "SELECT e.id, e.title, e.series, e.date, e.status, \
             (SELECT count(*) FROM items i WHERE i.event_id = e.id), coalesce(v.name, '') \
             FROM events e LEFT JOIN venues v ON v.event_id = e.id WHERE e.deleted_at IS NULL \
             ORDER BY e.date DESC, e.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(EventSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                series: r.get(2)?,
                date: parse_date(&r.get::<_, String>(3)?)?,
                status: if r.get::<_, String>(4)? == "published" {
                    EventStatus::Published
                } else {
                    EventStatus::Draft
                },
                item_count: r.get(5)?,
                venue_name: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn event(&self, id: Id) -> Result<Event> {
        get_event(self.conn(), id)
    }

    /// Creates an event; its `id` is ignored.
    pub fn create_event(&mut self, event: &Event) -> Result<Event> {
        validate::event(event)?;
        self.change("event.create", |tx| {
            let id = write_event(tx, None, event)?;
            get_event(tx, id)
        })
    }

    /// Saves an event's details. When its date changes, the items move with
    /// it, so an event duplicated for next year keeps its programme.
    pub fn update_event(&mut self, event: &Event) -> Result<Event> {
        validate::event(event)?;
        let id = event
            .id
            .ok_or_else(|| Error::invalid("id", "required", "the event has no id"))?;
        self.change("event.update", |tx| {
            let before = get_event(tx, id)?;
            write_event(tx, Some(id), event)?;
            let shift = event.date.signed_duration_since(before.date).num_days();
            if shift != 0 {
                let modifier = format!("{shift:+} days");
                tx.execute(
                    &format!(
                        "UPDATE items SET starts_at = strftime('{f}', starts_at, ?2), \
                         ends_at = strftime('{f}', ends_at, ?2) WHERE event_id = ?1",
                        f = ymdhm::FORMAT
                    ),
                    params![id, modifier],
                )?;
            }
            get_event(tx, id)
        })
    }

    pub fn delete_event(&mut self, id: Id) -> Result<()> {
        // Put aside, not deleted row by row: a large event's 25,000 rows
        // took 100 ms to delete and as long again to undo.
        let now = self.now().to_rfc3339();
        self.change("event.delete", |tx| {
            let n = tx.execute(
                "UPDATE events SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, now],
            )?;
            if n == 0 {
                return Err(Error::not_found("event", id));
            }
            Ok(())
        })
    }

    /// Whether any event is put aside by [`Db::delete_event`], not yet purged.
    pub(crate) fn any_put_aside(&self) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM events WHERE deleted_at IS NOT NULL)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Deletes for good, with all they hold, the events put aside by
    /// [`Db::delete_event`] whose deletion this connection could not undo
    /// or redo any more (none of its history touches them); returns how
    /// many. Not a step of undo. The app calls it when it closes (after
    /// forgetting its history) and when it starts.
    pub fn purge_deleted_events(&mut self) -> Result<usize> {
        if !self.any_put_aside()? {
            return Ok(0);
        }
        self.outside_history(|tx| {
            Ok(tx.execute(
                "DELETE FROM events WHERE deleted_at IS NOT NULL \
                 AND id NOT IN (SELECT row FROM temp.undo_log WHERE tbl = 'events')",
                [],
            )?)
        })
    }
}

/// Events inside a caller's transaction.
pub mod within {
    use super::*;

    pub fn create_event(conn: &Connection, event: &Event) -> Result<Id> {
        validate::event(event)?;
        write_event(conn, None, event)
    }

    pub fn event(conn: &Connection, id: Id) -> Result<Event> {
        get_event(conn, id)
    }
}
