//! Writing a calendar's text: the VCALENDAR, its VTIMEZONE and one VEVENT
//! per entry, into one string sized up front. What is the same for many
//! events is made once per export (the stamp, each room's LOCATION line,
//! the lines every item ends with); the rest goes straight from the items
//! into the text, escaped and folded in one pass (`line.rs`). The calendars
//! of one export share a [`Writer`]: when it writes many (every attendee's
//! day), an item's VEVENT is made once per SEQUENCE and shared by each
//! calendar that holds it ([`Written`]).

use super::line::{prop, push_line, push_local_stamp, Line};
use super::zone::vtimezone;
use super::{Entry, Map, Selection};
use crate::model::{EventStatus, Id, Item, Programme, Speaker};
use crate::words::Lang;
use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use chrono_tz::Tz;
use std::cell::RefCell;
use std::fmt::Write as _;
use std::ops::Range;
use std::sync::Arc;

/// The calendar's name: the event's title, with the room, speaker or
/// attendee (`owner`) it is for.
fn calendar_name(p: &Programme, selection: &Selection, owner: Option<&str>) -> String {
    let title = p.event.title.trim();
    match selection {
        Selection::Attendee(_) => format!("{title} — {}", owner.unwrap_or("").trim()),
        Selection::Room(room) => {
            let name = p
                .rooms
                .iter()
                .find(|r| r.id == Some(*room))
                .map(|r| r.name.as_str())
                .unwrap_or("");
            format!("{title} — {name}")
        }
        Selection::Speaker(speaker) => {
            let name = p
                .speakers
                .iter()
                .find(|s| s.id == Some(*speaker))
                .map(|s| s.name.as_str())
                .unwrap_or("");
            format!("{title} — {name}")
        }
        _ => title.to_owned(),
    }
}

/// "Auditorium, L’Atelier …, 7 avenue Maurice Thorez, 69120 Vaulx-en-Velin,
/// France": the room's name (none: `room` is empty), then the venue.
fn location(p: &Programme, room: &str) -> String {
    let v = &p.venue;
    let city = format!("{} {}", v.postcode.trim(), v.city.trim())
        .trim()
        .to_owned();
    [
        room,
        v.name.trim(),
        v.street.trim(),
        city.as_str(),
        v.country.trim(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}

/// What every VEVENT of one calendar shares, made once.
struct Shared<'p> {
    lang: Lang,
    speakers: Map<Id, &'p Speaker>,
    /// The LOCATION line of an item in each room (key None: in no room or
    /// an unknown one), folded, or empty when there is no place to say.
    locations: Map<Option<Id>, String>,
    /// "DTSTAMP:…Z" with its CRLF.
    stamp: String,
    /// "DTSTART;TZID=Europe/Paris:", "DTEND;TZID=Europe/Paris:".
    start_prefix: String,
    end_prefix: String,
    /// GEO, when the venue has coordinates, folded.
    geo: String,
    /// URL, STATUS, TRANSP and END:VEVENT: how an item's VEVENT ends.
    item_tail: String,
}

impl<'p> Shared<'p> {
    fn new(p: &'p Programme, tz: Tz, now: DateTime<Utc>) -> Self {
        let speakers = p.speakers.iter().filter_map(|s| Some((s.id?, s))).collect();
        let location_line = |room: &str| {
            let place = location(p, room);
            let mut line = String::new();
            if !place.is_empty() {
                prop(&mut line, "LOCATION", &place);
            }
            line
        };
        let mut locations: Map<Option<Id>, String> = p
            .rooms
            .iter()
            .filter_map(|r| Some((Some(r.id?), location_line(&r.name))))
            .collect();
        locations.insert(None, location_line(""));
        let mut geo = String::new();
        if let (Some(lat), Some(lon)) = (p.venue.latitude, p.venue.longitude) {
            push_line(&mut geo, &format!("GEO:{lat};{lon}"));
        }
        let mut item_tail = String::new();
        if !p.event.practical.website.trim().is_empty() {
            push_line(
                &mut item_tail,
                &format!("URL:{}", p.event.practical.website.trim()),
            );
        }
        // A draft may still change: calendars show it as tentative.
        item_tail.push_str(if p.event.status == EventStatus::Published {
            "STATUS:CONFIRMED\r\n"
        } else {
            "STATUS:TENTATIVE\r\n"
        });
        item_tail.push_str("TRANSP:OPAQUE\r\nEND:VEVENT\r\n");
        Shared {
            lang: Lang::of_event(&p.event.language),
            speakers,
            locations,
            stamp: format!("DTSTAMP:{}\r\n", now.format("%Y%m%dT%H%M%SZ")),
            start_prefix: format!("DTSTART;TZID={}:", tz.name()),
            end_prefix: format!("DTEND;TZID={}:", tz.name()),
            geo,
            item_tail,
        }
    }

    /// The DESCRIPTION line: the kind, the part, remote or not, each
    /// speaker with title, organisation, role and question, then the
    /// item's own description; one escaped line end between each.
    fn description(&self, out: &mut String, item: &Item) {
        let lang = self.lang;
        let mut line = Line::new(out);
        line.raw("DESCRIPTION:").text(lang.kind(item.kind));
        if !item.part_label.trim().is_empty() {
            line.newline().text(item.part_label.trim());
        }
        if item.remote {
            line.newline().text(lang.calendar_remote());
        }
        if !item.speakers.is_empty() {
            line.newline();
            for link in &item.speakers {
                let Some(s) = self.speakers.get(&link.speaker_id) else {
                    continue;
                };
                line.newline().text(&s.name);
                for part in [&s.title, &s.organisation] {
                    if !part.trim().is_empty() {
                        line.text(", ").text(part.trim());
                    }
                }
                line.text(" (").text(lang.role(link.role)).text(")");
                if !link.topic.trim().is_empty() {
                    line.text(lang.calendar_colon()).text(link.topic.trim());
                }
            }
        }
        if !item.description.trim().is_empty() {
            line.newline().newline().text(item.description.trim());
        }
        line.end();
    }

    /// One VEVENT.
    fn event(&self, out: &mut String, e: &Entry<'_>) {
        out.push_str("BEGIN:VEVENT\r\n");
        prop(out, "UID", &e.uid);
        out.push_str(&self.stamp);
        let _ = write!(out, "SEQUENCE:{}\r\n", e.sequence);
        stamp_line(out, &self.start_prefix, e.starts_at);
        stamp_line(out, &self.end_prefix, e.ends_at);
        prop(out, "SUMMARY", e.summary.trim());
        match e.item {
            Some(item) => {
                let room = item
                    .room_id
                    .filter(|r| self.locations.contains_key(&Some(*r)));
                out.push_str(&self.locations[&room]);
                out.push_str(&self.geo);
                self.description(out, item);
                Line::new(out)
                    .raw("CATEGORIES:")
                    .text(self.lang.kind(item.kind))
                    .end();
                out.push_str(&self.item_tail);
            }
            None => out.push_str("STATUS:CANCELLED\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n"),
        }
    }
}

/// `prefix` and a local date-time, as one folded line.
fn stamp_line(out: &mut String, prefix: &str, t: NaiveDateTime) {
    let start = out.len();
    out.push_str(prefix);
    push_local_stamp(out, t);
    if out.len() - start > 75 {
        // A zone name long enough to need a fold (none known today).
        let line = out.split_off(start);
        push_line(out, &line);
    } else {
        out.push_str("\r\n");
    }
}

/// What the calendars of one export share: the programme, its zone, the
/// time they are written, what every VEVENT shares, and (for many
/// calendars) each item's VEVENT as written at each SEQUENCE.
pub(super) struct Writer<'p> {
    p: &'p Programme,
    tz: Tz,
    shared: Shared<'p>,
    /// By item id and SEQUENCE: the only parts of an item's VEVENT that
    /// are not the item itself or the same for the whole export (its
    /// SUMMARY and times come from the item). None for one calendar.
    made: Option<RefCell<Made>>,
}

/// VEVENTs already written, by item id and SEQUENCE.
type Made = Map<(Id, i64), Arc<str>>;

/// A calendar's text as it was written: its own text (its head, its end,
/// the VEVENTs written for it alone) and, in their places, the VEVENTs its
/// [`Writer`] made once for many calendars, shared with them. Everyone's
/// day on the large demo is 10,060 calendars of about 300 KB: copying the
/// same VEVENTs into each was most of the export's time, and reading them
/// again to deflate them most of the rest.
#[derive(Debug, Default)]
pub(crate) struct Written {
    own: String,
    parts: Vec<Part>,
    /// Where the own text not yet in `parts` starts.
    open: usize,
}

/// A part of a [`Written`] calendar, in order.
#[derive(Debug)]
enum Part {
    /// A range of the calendar's own text.
    Own(Range<usize>),
    /// A VEVENT shared with the other calendars of the export.
    Shared(Arc<str>),
}

impl Written {
    /// Room for `own` octets of its own text and `parts` parts.
    fn with_capacity(own: usize, parts: usize) -> Self {
        Written {
            own: String::with_capacity(own),
            parts: Vec::with_capacity(parts),
            open: 0,
        }
    }

    /// Puts the own text written since the last part into a part.
    fn close(&mut self) {
        if self.own.len() > self.open {
            self.parts.push(Part::Own(self.open..self.own.len()));
            self.open = self.own.len();
        }
    }

    /// The calendar's parts, in order, as text or shared.
    pub fn parts(&self) -> impl Iterator<Item = (&str, Option<&Arc<str>>)> {
        let open = &self.own[self.open..];
        self.parts
            .iter()
            .map(|part| match part {
                Part::Own(range) => (&self.own[range.clone()], None),
                Part::Shared(event) => (&**event, Some(event)),
            })
            .chain((!open.is_empty()).then_some((open, None)))
    }

    /// The calendar's length in octets.
    pub fn len(&self) -> usize {
        self.parts().map(|(text, _)| text.len()).sum()
    }

    /// Own text added at its end.
    #[cfg(test)]
    pub fn push_own(&mut self, text: &str) {
        self.own.push_str(text);
    }

    /// A shared VEVENT added at its end.
    pub fn share(&mut self, event: Arc<str>) {
        self.close();
        self.parts.push(Part::Shared(event));
    }

    /// The calendar's whole text.
    pub fn into_string(self) -> String {
        if self.parts.iter().all(|p| matches!(p, Part::Own(_))) {
            return self.own;
        }
        let mut out = String::with_capacity(self.len());
        for (text, _) in self.parts() {
            out.push_str(text);
        }
        out
    }
}

impl<'p> Writer<'p> {
    /// For calendars of `p` written at `now`; `many`: keep each item's
    /// VEVENT to copy it into the next calendar that holds it (10,060
    /// attendees' days of 514 items each spent a third of their time
    /// writing the same VEVENTs again).
    pub fn new(p: &'p Programme, tz: Tz, now: DateTime<Utc>, many: bool) -> Self {
        Writer {
            p,
            tz,
            shared: Shared::new(p, tz, now),
            made: many.then(Default::default),
        }
    }

    /// One VEVENT, shared when this item was written at this SEQUENCE
    /// before.
    fn event(&self, out: &mut Written, e: &Entry<'_>) {
        let (Some(made), Some(id)) = (&self.made, e.item.and_then(|i| i.id)) else {
            return self.shared.event(&mut out.own, e);
        };
        let key = (id, e.sequence);
        let known = made.borrow().get(&key).cloned();
        let event = known.unwrap_or_else(|| {
            let mut text = String::new();
            self.shared.event(&mut text, e);
            let text: Arc<str> = text.into();
            made.borrow_mut().insert(key, Arc::clone(&text));
            text
        });
        out.share(event);
    }

    /// The whole calendar of `entries`.
    pub fn calendar(
        &self,
        (selection, owner): (&Selection, Option<&str>),
        entries: &[Entry<'_>],
    ) -> Written {
        let (p, tz) = (self.p, self.tz);
        // About 800 octets per event in French, one allocation for most;
        // when events are shared, a part for each and for the text between.
        let (events, parts) = match self.made {
            Some(_) => (0, 2 * entries.len() + 2),
            None => (entries.len(), 1),
        };
        let mut written = Written::with_capacity(4096 + events * 1024, parts);
        let out = &mut written.own;
        let lang = if p.event.language == "en" { "EN" } else { "FR" };
        out.push_str("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
        push_line(
            out,
            &format!(
                "PRODID:-//Déroulé//Déroulé {}//{lang}",
                env!("CARGO_PKG_VERSION")
            ),
        );
        out.push_str("CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
        prop(out, "X-WR-CALNAME", &calendar_name(p, selection, owner));
        push_line(out, &format!("X-WR-TIMEZONE:{}", tz.name()));
        // One VTIMEZONE per TZID: the rules of the event's (first) year.
        let first_year = entries
            .iter()
            .map(|e| e.starts_at.year())
            .chain([p.event.date.year()])
            .min()
            .expect("the event's own year at least");
        vtimezone(tz, first_year, out);
        for e in entries {
            self.event(&mut written, e);
        }
        written.own.push_str("END:VCALENDAR\r\n");
        written
    }
}
