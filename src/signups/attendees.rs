//! The attendees of an event: who comes, and who may sign up for workshops.
//!
//! An email names one attendee per event (case-insensitively; a unique index
//! keeps it so), which is how imports recognise people they already know.
//!
//! Below the sign-up engine: deleting an attendee, which frees seats, is in
//! [`super::seats`].

use crate::db::cached::Cached;
use crate::db::{clock, Db};
use crate::error::{Error, Result};
use crate::model::{Attendee, Id};
use crate::programme::validate;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, ToSql};
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

const COLUMNS: &str = "id, event_id, name, email, organisation, category, notes, registered_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Attendee> {
    Ok(Attendee {
        id: Some(r.get(0)?),
        event_id: r.get(1)?,
        name: r.get(2)?,
        email: r.get(3)?,
        organisation: r.get(4)?,
        category: r.get(5)?,
        notes: r.get(6)?,
        registered_at: r.get(7)?,
    })
}

/// An event's attendees as the window reads them, all at once and by name:
/// one list per field, row `i` of each being the `i`-th attendee. Ten
/// thousand objects repeated their eight keys and their event in every
/// row, half of a 1.9 MB answer; organisations and categories, shared by
/// many, are written once each and named by their index.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AttendeeList {
    pub event_id: Id,
    pub ids: Vec<Id>,
    pub names: Vec<String>,
    pub emails: Vec<String>,
    /// Each distinct organisation once; `organisation[i]` is an index here.
    pub organisations: Vec<String>,
    pub organisation: Vec<u32>,
    /// Each distinct category once; `category[i]` is an index here.
    pub categories: Vec<String>,
    pub category: Vec<u32>,
    pub notes: Vec<String>,
    pub registered_at: Vec<Option<String>>,
}

impl AttendeeList {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The `i`-th attendee, as [`Attendee`].
    pub fn get(&self, i: usize) -> Attendee {
        Attendee {
            id: Some(self.ids[i]),
            event_id: self.event_id,
            name: self.names[i].clone(),
            email: self.emails[i].clone(),
            organisation: self.organisations[self.organisation[i] as usize].clone(),
            category: self.categories[self.category[i] as usize].clone(),
            notes: self.notes[i].clone(),
            registered_at: self.registered_at[i].clone(),
        }
    }
}

impl Db {
    /// The attendees of an event, by name.
    pub fn attendees(&self, event_id: Id) -> Result<Vec<Attendee>> {
        crate::programme::store::within::event(self.conn(), event_id)?;
        within::list(self.conn(), event_id)
    }

    /// The attendees of an event, by name, as the window reads them (one
    /// list per field; see [`AttendeeList`]).
    pub fn attendee_list(&self, event_id: Id) -> Result<AttendeeList> {
        crate::programme::store::within::event(self.conn(), event_id)?;
        within::list_by_field(self.conn(), event_id)
    }

    /// One attendee.
    pub fn attendee(&self, id: Id) -> Result<Attendee> {
        within::get(self.conn(), id)
    }

    /// Creates (no `id`) or updates an attendee.
    pub fn save_attendee(&mut self, attendee: &Attendee) -> Result<Attendee> {
        let label = if attendee.id.is_some() {
            "attendee.update"
        } else {
            "attendee.create"
        };
        self.change(label, |tx| {
            let id = within::save(tx, attendee)?;
            within::get(tx, id)
        })
    }
}

/// Attendee reads and writes inside a caller's transaction (imports).
pub mod within {
    use super::*;

    /// Where an attendee stands in the attendees list: by name as
    /// `COLLATE NOCASE` orders them (ASCII letters folded), then id. Each
    /// name is folded once (a key to sort by), then compared byte by byte.
    /// A query reads them in that order with [`LIST_ORDER`].
    pub fn list_order(name: &str, id: Option<Id>) -> (String, Option<Id>) {
        (name.to_ascii_lowercase(), id)
    }

    /// [`list_order`] in SQL, after `WHERE event_id = ?`: the index
    /// `attendees_event_list` (schema v19) holds the rows in that order,
    /// with every column read, so SQLite sorts nothing and reads nothing
    /// but the index (the tests check the query plans).
    pub const LIST_ORDER: &str = "ORDER BY name COLLATE NOCASE, id";

    /// The attendees of an event in the order of [`list_order`], as the
    /// index `attendees_event_list` gives them (no sort).
    pub fn list(conn: &Connection, event_id: Id) -> Result<Vec<Attendee>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM attendees WHERE event_id = ?1 {LIST_ORDER}"
        ))?;
        let rows = stmt.query_map([event_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The attendees of an event, in no order (each printed document sorts
    /// them by its own key), with only what a printed document shows of
    /// them (id, name, organisation, category; email, notes and
    /// registration date left empty): a third fewer strings read for the
    /// large event's 10,060, and no sort.
    pub fn list_printed(conn: &Connection, event_id: Id) -> Result<Vec<Attendee>> {
        let mut stmt = conn.prepare_cached(
            "SELECT id, event_id, name, organisation, category FROM attendees WHERE event_id = ?1",
        )?;
        let rows = stmt.query_map([event_id], |r| {
            Ok(Attendee {
                id: Some(r.get(0)?),
                event_id: r.get(1)?,
                name: r.get(2)?,
                email: String::new(),
                organisation: r.get(3)?,
                category: r.get(4)?,
                notes: String::new(),
                registered_at: None,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The attendees of an event among `ids`, in the order of
    /// [`list_order`] (ids not of the event left out): one query through
    /// the primary key, for a few chosen among thousands. (`+event_id`
    /// keeps SQLite off the index of the event's names, which it took
    /// otherwise and went through all 10,060 of them: 1.3 ms against 0.08
    /// for 100 ids.)
    pub fn with_ids(conn: &Connection, event_id: Id, ids: &[Id]) -> Result<Vec<Attendee>> {
        let ids = serde_json::to_string(ids).expect("ids serialize");
        let mut stmt = conn.prepare_cached(&with_ids_sql())?;
        let rows = stmt.query_map(params![event_id, ids], from_row)?;
        let mut attendees: Vec<Attendee> = rows.collect::<rusqlite::Result<_>>()?;
        attendees.sort_by_cached_key(|a| list_order(&a.name, a.id));
        Ok(attendees)
    }

    /// The attendees of an event whose email (stored trimmed), in ASCII
    /// lower case, is one of `keys` (an import's rows match them), in no
    /// order, found through the index of emails:
    /// one query, where the whole list read 10,000 attendees in full for a
    /// file of a few rows.
    pub fn with_emails(conn: &Connection, event_id: Id, keys: &[String]) -> Result<Vec<Attendee>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let keys = serde_json::to_string(keys).expect("strings serialize");
        let mut stmt = conn.prepare_cached(&with_emails_sql())?;
        let rows = stmt.query_map(params![event_id, keys], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(super) fn with_ids_sql() -> String {
        format!(
            "SELECT {COLUMNS} FROM attendees WHERE +event_id = ?1 \
             AND id IN (SELECT value FROM json_each(?2))"
        )
    }

    /// Through the index of emails, named: SQLite otherwise chose to go
    /// through every entry of `attendees_event_list`, which holds the emails
    /// too (1.8 ms against 0.01 on the large event).
    pub(super) fn with_emails_sql() -> String {
        format!(
            "SELECT {COLUMNS} FROM attendees INDEXED BY attendees_email \
             WHERE event_id = ?1 AND email <> '' \
             AND lower(email) IN (SELECT value FROM json_each(?2))"
        )
    }

    /// Every attendee's id and name, in the order of [`list`].
    pub fn names(conn: &Connection, event_id: Id) -> Result<Vec<(Id, String)>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, name FROM attendees WHERE event_id = ?1 {LIST_ORDER}"
        ))?;
        let rows = stmt.query_map([event_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The attendees of an event in the order of [`list`], one list per
    /// field, each organisation and category read into a string once.
    pub fn list_by_field(conn: &Connection, event_id: Id) -> Result<AttendeeList> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, name, email, organisation, category, notes, registered_at \
             FROM attendees WHERE event_id = ?1 {LIST_ORDER}"
        ))?;
        let mut out = AttendeeList {
            event_id,
            ..AttendeeList::default()
        };
        let mut organisations: HashMap<String, u32> = HashMap::new();
        let mut categories: HashMap<String, u32> = HashMap::new();
        fn index(names: &mut HashMap<String, u32>, list: &mut Vec<String>, name: &str) -> u32 {
            if let Some(&i) = names.get(name) {
                return i;
            }
            let i = list.len() as u32;
            list.push(name.to_owned());
            names.insert(name.to_owned(), i);
            i
        }
        /// A text column, borrowed from the row.
        fn text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
            r.get_ref(i)?.as_str().map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    i,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })
        }
        let mut rows = stmt.query([event_id])?;
        while let Some(r) = rows.next()? {
            out.ids.push(r.get(0)?);
            out.names.push(r.get(1)?);
            out.emails.push(r.get(2)?);
            let organisation = text(r, 3)?;
            out.organisation.push(index(
                &mut organisations,
                &mut out.organisations,
                organisation,
            ));
            let category = text(r, 4)?;
            out.category
                .push(index(&mut categories, &mut out.categories, category));
            out.notes.push(r.get(5)?);
            out.registered_at.push(r.get(6)?);
        }
        Ok(out)
    }

    /// How many attendees the event has (the index `attendees_event_list`
    /// counted, not the table read).
    pub fn count(conn: &Connection, event_id: Id) -> Result<usize> {
        let n: i64 = conn.query_row_cached(
            "SELECT count(*) FROM attendees WHERE event_id = ?1",
            [event_id],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    pub fn get(conn: &Connection, id: Id) -> Result<Attendee> {
        conn.query_row_cached(
            &format!("SELECT {COLUMNS} FROM attendees WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("attendee", id))
    }

    /// The attendee, refused when they belong to another event than
    /// `event_id`.
    pub fn of_event(conn: &Connection, id: Id, event_id: Id) -> Result<Attendee> {
        let attendee = get(conn, id)?;
        if attendee.event_id != event_id {
            return Err(Error::invalid(
                "attendee",
                "other_event",
                format!("attendee {id} belongs to another event"),
            ));
        }
        Ok(attendee)
    }

    /// The attendee of this event with this email (case-insensitive).
    pub fn find_by_email(conn: &Connection, event_id: Id, email: &str) -> Result<Option<Attendee>> {
        let email = email.trim();
        if email.is_empty() {
            return Ok(None);
        }
        Ok(conn
            .query_row_cached(
                &format!(
                    "SELECT {COLUMNS} FROM attendees WHERE event_id = ?1 AND email <> '' AND lower(email) = lower(?2)"
                ),
                params![event_id, email],
                from_row,
            )
            .optional()?)
    }

    /// Validates and writes; returns the id. An email already used by
    /// another attendee of the event is refused, naming them.
    pub fn save(conn: &Connection, a: &Attendee) -> Result<Id> {
        validate::attendee(a)?;
        if conn
            .query_row_cached(
                "SELECT 1 FROM events WHERE id = ?1 AND deleted_at IS NULL",
                [a.event_id],
                |_| Ok(()),
            )
            .optional()?
            .is_none()
        {
            return Err(Error::not_found("event", a.event_id));
        }
        if let Some(other) = find_by_email(conn, a.event_id, &a.email)? {
            if other.id != a.id {
                return Err(Error::invalid(
                    "email",
                    "duplicate_email",
                    format!("{} is already the email of {}", a.email.trim(), other.name),
                ));
            }
        }
        let values = params![
            a.event_id,
            a.name.trim(),
            a.email.trim(),
            a.organisation.trim(),
            a.category.trim(),
            a.notes,
            a.registered_at,
        ];
        match a.id {
            None => {
                let created_at = clock::now(conn)?.format(clock::STAMP_SECONDS).to_string();
                // Cached: preparing it also compiles the undo triggers it
                // fires, once per row of an imported list otherwise.
                conn.prepare_cached(
                    "INSERT INTO attendees (event_id, name, email, organisation, category, notes, registered_at, created_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params_from_iter(values.iter().copied().chain([&created_at as &dyn ToSql])))?;
                Ok(conn.last_insert_rowid())
            }
            Some(id) => {
                let owner: Option<Id> = conn
                    .query_row_cached("SELECT event_id FROM attendees WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })
                    .optional()?;
                match owner {
                    None => return Err(Error::not_found("attendee", id)),
                    Some(e) if e != a.event_id => {
                        return Err(Error::invalid(
                            "eventId",
                            "other_event",
                            format!("attendee {id} belongs to another event"),
                        ))
                    }
                    Some(_) => {}
                }
                conn.execute(
                    "UPDATE attendees SET name = ?2, email = ?3, organisation = ?4, category = ?5, notes = ?6, \
                     registered_at = ?8 WHERE id = ?7 AND event_id = ?1",
                    params![
                        a.event_id,
                        a.name.trim(),
                        a.email.trim(),
                        a.organisation.trim(),
                        a.category.trim(),
                        a.notes,
                        id,
                        a.registered_at
                    ],
                )?;
                Ok(id)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::within;
    use crate::db::Db;

    /// A few attendees chosen among thousands are read where it is quickest
    /// on the large event: by id through the primary key, by email through
    /// the index of emails, not through `attendees_event_list` (whose plan
    /// for the whole list `tests/integration/signups.rs` checks). SQLite's
    /// choice depends on the schema alone (no statistics are gathered), so
    /// an empty database shows it.
    #[test]
    fn chosen_attendees_are_read_through_their_index() {
        let db = Db::open_in_memory().unwrap();
        let plan = |sql: &str| -> Vec<String> {
            let mut stmt = db
                .conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            let rows = stmt
                .query_map(rusqlite::params![1, "[]"], |r| r.get::<_, String>(3))
                .unwrap();
            rows.map(Result::unwrap)
                .filter(|step| step.starts_with("SEARCH") || step.starts_with("SCAN attendees"))
                .collect()
        };
        assert_eq!(
            plan(&within::with_ids_sql()),
            ["SEARCH attendees USING INTEGER PRIMARY KEY (rowid=?)"]
        );
        assert_eq!(
            plan(&within::with_emails_sql()),
            ["SEARCH attendees USING INDEX attendees_email (event_id=? AND <expr>=?)"]
        );
    }

    #[test]
    fn printed_attendees_are_the_list_without_what_print_never_shows() {
        let mut db = Db::open_in_memory().unwrap();
        let event = db.load_demo().unwrap();
        let full = within::list(db.conn(), event).unwrap();
        assert!(
            full.iter().any(|a| !a.email.is_empty()),
            "the demo has emails"
        );
        let mut printed = within::list_printed(db.conn(), event).unwrap();
        printed.sort_by_key(|a| a.id);
        let mut blanked: Vec<_> = full
            .into_iter()
            .map(|mut a| {
                a.email.clear();
                a.notes.clear();
                a.registered_at = None;
                a
            })
            .collect();
        blanked.sort_by_key(|a| a.id);
        assert_eq!(printed, blanked);
    }
}
