//! Who gets a message, and what each one says: the batch of changes since a
//! version, or of an allocation's result, filled into the template.

use super::template::{Compiled, MessageTemplate};
use super::{
    Message, NotifyKind, NotifyPlan, NotifyRequest, PersonKind, Recipient, Unreachable,
    WithoutEmail,
};
use crate::db::Db;
use crate::error::{Error, Result};
use crate::exchange::ics::Selection;
use crate::exchange::{ExportFile, ExportFormat};
use crate::model::{Id, Item, Programme};
use crate::versions::{Change, ChangeReport};
use crate::words::messages::Field;
use crate::words::{capitalise, Lang};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One person's part of a batch: their values of the fields that differ
/// from person to person.
struct Part {
    recipient: Recipient,
    /// `{changements}` or `{ateliers}`.
    text: String,
}

impl Db {
    /// The messages of a batch, one per person concerned, filled from
    /// `template` (the event's own, or its language's default, when none).
    /// With `attach`, each carries the person's own calendar (a preview
    /// leaves it out). `now` stamps the calendars.
    pub fn notify_plan(
        &mut self,
        event_id: Id,
        request: &NotifyRequest,
        template: Option<&MessageTemplate>,
        attach: bool,
        now: DateTime<Utc>,
    ) -> Result<NotifyPlan> {
        let template = match template {
            Some(t) => t.clone(),
            None => self.message_template(event_id, request.kind)?,
        };
        let compiled = Compiled::new(&template, request.kind)?;
        let p = self.programme(event_id)?;
        let lang = Lang::of_event(&p.event.language);
        let (batch, parts, block_name) = match request.kind {
            NotifyKind::Changes => {
                let report = self.changes(event_id, request.since.as_deref(), Some(lang))?;
                let (batch, parts) = change_parts(&report, &p, lang);
                (batch, parts, String::new())
            }
            NotifyKind::Allocation => {
                let block_id = request.block_id.ok_or_else(|| {
                    Error::invalid(
                        "blockId",
                        "required",
                        "an allocation's messages need a block",
                    )
                })?;
                self.allocation_parts(event_id, block_id, &p, lang)?
            }
        };
        let mut values = common_values(&p, lang);
        values.insert(Field::Block, block_name);
        let mut plan = NotifyPlan {
            event_id,
            kind: request.kind,
            batch,
            lang,
            messages: Vec::new(),
            without_email: Vec::new(),
        };
        for part in parts {
            let reason = match part.recipient.email.as_str() {
                "" => Some(Unreachable::NoEmail),
                e if e.parse::<lettre::Address>().is_err() => Some(Unreachable::InvalidEmail),
                _ => None,
            };
            if let Some(reason) = reason {
                plan.without_email.push(WithoutEmail {
                    recipient: part.recipient,
                    reason,
                });
                continue;
            }
            values.insert(Field::Name, part.recipient.name.clone());
            values.insert(Field::Changes, part.text.clone());
            values.insert(Field::Workshops, part.text);
            let (subject, body) = compiled.fill(&values);
            plan.messages.push(Message {
                recipient: part.recipient,
                subject,
                body,
                attachment: None,
            });
        }
        if attach {
            // Every person's own calendar in one export: the programme and
            // what was sent read once, where an export per person read
            // them for each.
            let selections: Vec<Selection> = plan
                .messages
                .iter()
                .map(|m| match m.recipient.person {
                    PersonKind::Attendee => Selection::Attendee(m.recipient.id),
                    PersonKind::Speaker => Selection::Speaker(m.recipient.id),
                })
                .collect();
            let names = selections
                .iter()
                .map(|s| self.export_file_name_of(&p, ExportFormat::Ics, s))
                .collect::<Result<Vec<_>>>()?;
            let calendars = self.export_ics_then(&p, &selections, now, Ok)?;
            for (message, (file_name, contents)) in plan
                .messages
                .iter_mut()
                .zip(names.into_iter().zip(calendars))
            {
                message.attachment = Some(ExportFile {
                    file_name,
                    contents,
                });
            }
        }
        Ok(plan)
    }

    /// The attendees an allocation concerns (who ranked a workshop of the
    /// block, or holds or waits for a seat in one), each with the workshops
    /// they got and those they wait for; the batch and the block's name.
    /// Reads the block's rankings and seats and the names and emails of the
    /// event's attendees, not every sign-up and attendee in full: a preview
    /// of the dialog asks for it again as the template is edited.
    fn allocation_parts(
        &self,
        event_id: Id,
        block_id: Id,
        p: &Programme,
        lang: Lang,
    ) -> Result<(String, Vec<Part>, String)> {
        let conn = self.conn();
        let block_name: String = conn
            .prepare_cached("SELECT name FROM choice_blocks WHERE id = ?1 AND event_id = ?2")?
            .query_row(params![block_id, event_id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| Error::not_found("choice block", block_id))?;
        let items: HashMap<Id, &Item> = p
            .items
            .iter()
            .filter(|i| i.block_id == Some(block_id))
            .filter_map(|i| Some((i.id?, i)))
            .collect();
        let mut concerned: BTreeSet<Id> = conn
            .prepare_cached(
                "SELECT DISTINCT r.attendee_id FROM rankings r \
                 JOIN workshops w ON w.id = r.workshop_id WHERE w.block_id = ?1",
            )?
            .query_map([block_id], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // (attendee, start, item, waiting)
        let mut seats: BTreeMap<Id, Vec<(&Item, bool)>> = BTreeMap::new();
        let mut held: Vec<(Id, Id, bool)> = Vec::new();
        let mut stmt = conn.prepare_cached(
            "SELECT s.attendee_id, s.item_id, s.status FROM signups s \
             JOIN items i ON i.id = s.item_id JOIN workshops w ON w.id = i.workshop_id \
             WHERE w.block_id = ?1 AND i.event_id = ?2 AND s.status <> 'cancelled'",
        )?;
        let mut rows = stmt.query(params![block_id, event_id])?;
        while let Some(row) = rows.next()? {
            let (attendee_id, item_id): (Id, Id) = (row.get(0)?, row.get(1)?);
            let Some(item) = items.get(&item_id) else {
                continue;
            };
            let status: String = row.get(2)?;
            let waiting = status == "waitlisted";
            concerned.insert(attendee_id);
            seats.entry(attendee_id).or_default().push((item, waiting));
            held.push((attendee_id, item_id, waiting));
        }
        held.sort_unstable();
        let batch = format!(
            "allocation:{block_id}:{}",
            fingerprint(&format!("{concerned:?}{held:?}"))
        );
        let rooms = room_names(p);
        // Only those concerned, through the primary key, in the attendees
        // list's order (names as NOCASE folds them, then ids), which the
        // sort by name below keeps among equal names.
        let concerned: Vec<Id> = concerned.into_iter().collect();
        let people = crate::signups::attendees::within::with_ids(conn, event_id, &concerned)?;
        let mut parts = Vec::new();
        for person in &people {
            let id = person.id.expect("a stored attendee has an id");
            let mut mine = seats.remove(&id).unwrap_or_default();
            mine.sort_by_key(|(i, _)| (i.starts_at, i.id));
            parts.push(Part {
                recipient: recipient(PersonKind::Attendee, id, &person.name, &person.email),
                text: workshops_text(&mine, &block_name, &rooms, p, lang),
            });
        }
        parts.sort_by_cached_key(|part| crate::words::fold::sort_key(&part.recipient.name));
        Ok((batch, parts, block_name))
    }
}

/// The values every message of an event shares.
fn common_values(p: &Programme, lang: Lang) -> HashMap<Field, String> {
    let e = &p.event;
    let organisers = match e.organisers.join(", ") {
        s if s.trim().is_empty() => e.title.clone(),
        s => s,
    };
    HashMap::from([
        (Field::Event, e.title.clone()),
        (Field::Date, lang.date(e.date)),
        (Field::Practical, practical_text(p, lang)),
        (Field::Organisers, organisers),
    ])
}

/// "Informations pratiques", the day, the venue and its address, how to get
/// there, what to know and the website, one per line.
fn practical_text(p: &Programme, lang: Lang) -> String {
    let ctx = crate::print::parts::Ctx::new(p, lang, false);
    let w = lang.words();
    let mut lines = vec![w.practical.to_owned(), ctx.day_line()];
    let place = [p.venue.name.trim().to_owned(), ctx.address()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let pr = &p.event.practical;
    for (label, value) in [
        (w.venue, place.as_str()),
        (w.access, p.venue.access_notes.trim()),
        (w.notes, pr.notes.trim()),
        (w.website, pr.website.trim()),
    ] {
        if !value.is_empty() {
            lines.push(format!("{}{}", lang.colon(label), value.replace('\n', " ")));
        }
    }
    lines.join("\n")
}

fn recipient(person: PersonKind, id: Id, name: &str, email: &str) -> Recipient {
    let prefix = match person {
        PersonKind::Attendee => "attendee",
        PersonKind::Speaker => "speaker",
    };
    Recipient {
        key: format!("{prefix}:{id}"),
        person,
        id,
        name: name.trim().to_owned(),
        email: email.trim().to_owned(),
    }
}

fn room_names(p: &Programme) -> HashMap<Id, &str> {
    p.rooms
        .iter()
        .filter_map(|r| Some((r.id?, r.name.as_str())))
        .collect()
}

/// "14h–15h30 · Title (Room)", with the date when the item is not on the
/// event's first day.
fn item_line(
    p: &Programme,
    lang: Lang,
    (start, end): (chrono::NaiveDateTime, chrono::NaiveDateTime),
    title: &str,
    room: Option<&str>,
) -> String {
    let mut when = lang.range(start.time(), end.time());
    if start.date() != p.event.date {
        when = format!("{}, {when}", capitalise(&lang.date(start.date())));
    }
    match room {
        Some(room) if !room.is_empty() => format!("{when} · {title} ({room})"),
        _ => format!("{when} · {title}"),
    }
}

/// The workshops an attendee got, those they wait for, or that they got
/// none.
fn workshops_text(
    mine: &[(&Item, bool)],
    block: &str,
    rooms: &HashMap<Id, &str>,
    p: &Programme,
    lang: Lang,
) -> String {
    let line = |i: &Item| {
        let room = i.room_id.and_then(|r| rooms.get(&r).copied());
        format!(
            "• {}",
            item_line(p, lang, (i.starts_at, i.ends_at), &i.title, room)
        )
    };
    let got: Vec<String> = mine
        .iter()
        .filter(|(_, w)| !w)
        .map(|(i, _)| line(i))
        .collect();
    let waiting: Vec<String> = mine
        .iter()
        .filter(|(_, w)| *w)
        .map(|(i, _)| line(i))
        .collect();
    let mut out = if got.is_empty() {
        lang.message_no_workshop(block)
    } else {
        got.join("\n")
    };
    if !waiting.is_empty() {
        out.push_str(&format!(
            "\n\n{}\n{}",
            lang.message_waiting_for(),
            waiting.join("\n")
        ));
    }
    out
}

/// The batch of a change report, and each concerned person's changes:
/// speakers first, then attendees, each by name.
fn change_parts(report: &ChangeReport, p: &Programme, lang: Lang) -> (String, Vec<Part>) {
    let facts: Vec<String> = report
        .changes
        .iter()
        .map(|c| {
            format!(
                "{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
                c.item.uid, c.kind, c.before, c.after, c.attendee_ids, c.waiting_ids, c.speaker_ids
            )
        })
        .collect();
    let batch = format!(
        "changes:{}:{}",
        report.since.id,
        fingerprint(&facts.join("\n"))
    );
    let mut parts = Vec::new();
    let speakers = report.speakers.iter().map(|p| (PersonKind::Speaker, p));
    let attendees = report.attendees.iter().map(|p| (PersonKind::Attendee, p));
    for (kind, person) in speakers.chain(attendees) {
        let concerns = |c: &Change| match kind {
            PersonKind::Speaker => c.speaker_ids.contains(&person.id),
            PersonKind::Attendee => c.attendee_ids.contains(&person.id),
        };
        let waits = |c: &Change| kind == PersonKind::Attendee && c.waiting_ids.contains(&person.id);
        let text = changes_text(report, p, lang, &concerns, &waits);
        parts.push(Part {
            recipient: recipient(kind, person.id, &person.name, &person.email),
            text,
        });
    }
    (batch, parts)
}

/// The changes that concern a person, item by item: the item's line, then
/// each change, then whether they wait for a seat in it.
fn changes_text(
    report: &ChangeReport,
    p: &Programme,
    lang: Lang,
    concerns: &dyn Fn(&Change) -> bool,
    waits: &dyn Fn(&Change) -> bool,
) -> String {
    let mut order: Vec<&str> = Vec::new();
    let mut by_item: HashMap<&str, Vec<&Change>> = HashMap::new();
    for c in report.changes.iter().filter(|c| concerns(c)) {
        let uid = c.item.uid.as_str();
        if !by_item.contains_key(uid) {
            order.push(uid);
        }
        by_item.entry(uid).or_default().push(c);
    }
    let mut blocks = Vec::new();
    for uid in order {
        let changes = &by_item[uid];
        let item = &changes[0].item;
        let mut lines = vec![format!(
            "• {}",
            item_line(
                p,
                lang,
                (item.starts_at, item.ends_at),
                &item.title,
                item.room.as_deref()
            )
        )];
        for c in changes {
            lines.push(format!("  – {}", c.text));
        }
        if changes.iter().any(|c| waits(c)) {
            lines.push(format!("  ({})", lang.message_waiting()));
        }
        blocks.push(lines.join("\n"));
    }
    blocks.join("\n\n")
}

/// A short fingerprint of `text` (64-bit FNV-1a, in hex): two batches with
/// different contents get different names.
pub fn fingerprint(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
