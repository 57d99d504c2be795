//! Importing an iCalendar file (RFC 5545) into an event: the VEVENTs of the
//! event's day become items of its programme.
//!
//! Reading goes in two passes. The first is ours: it unfolds the lines (a
//! line break followed by a space or a tab continues the line before),
//! remembering the physical line where each logical line starts, so that an
//! error names the line a person finds in a text editor; it splits each
//! logical line into name, parameters and value with the `ical` crate's
//! property parser, and checks that BEGIN and END pair up. The second pass
//! reads the values: times, durations, escaped text. Nothing is written
//! until the whole file has been read, and the writing is one transaction,
//! so a file with an error imports nothing.

mod apply;
mod lex;
mod recur;
mod values;
mod vtimezone;
mod zones;

pub use zones::{time_zone, WINDOWS_ZONES};

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{IcsImportSummary, Id};
use crate::programme::store::within;
use apply::store;
use std::fmt::Display;
use values::read_vevents;

fn bad(line: usize, what: impl Display) -> Error {
    Error::invalid("file", "bad_ics", format!("line {line}: {what}"))
}

/// Adds the line to the message of an error met while storing a VEVENT.
fn at_line(line: usize) -> impl FnOnce(Error) -> Error {
    move |mut e| {
        e.message = format!("line {line}: {}", e.message);
        e
    }
}

/// A text quoted for an error message, cut when long.
fn quoted(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

impl Db {
    /// Imports the VEVENTs of an iCalendar file (Outlook, Google Calendar,
    /// Thunderbird, Déroulé…) into the programme of event `event_id`, as one
    /// undoable change ("ics.import").
    ///
    /// - **Only the event's day.** A calendar export often spans weeks: the
    ///   VEVENTs that start on another day than the event's date (in its
    ///   zone), end after its midnight, last whole days (DTSTART is a date)
    ///   or last no time are not imported, and not refused either: they are
    ///   listed in [`IcsImportSummary::skipped`] with the reason. A recurring
    ///   VEVENT (RRULE, RDATE) is imported at its occurrence on the event's
    ///   day, if it has one there (see `recur.rs` for the rules followed),
    ///   else left out as `not_this_day` with the date of its first.
    /// - **Times.** UTC (`…Z`), `TZID=` with an IANA name or a Windows name
    ///   of [`WINDOWS_ZONES`], or floating (no zone: the event's own). They
    ///   are stored as local times of the event's zone, to the minute.
    ///   DURATION stands for DTEND; with neither, the item lasts an hour.
    /// - **Fields.** SUMMARY is the title (required for what is imported),
    ///   DESCRIPTION the description, LOCATION the room: the part before its
    ///   first ", ", matched to a room of the event without regard to case,
    ///   or created; no LOCATION, or one that starts with the venue's name
    ///   (the whole venue), no room. The first of the CATEGORIES that
    ///   names a kind ("atelier", "Table ronde", "round_table"…) gives the
    ///   kind, else `other`.
    /// - **Again.** The UID becomes the item's UID; importing a file again
    ///   updates the items with its UIDs (times, title, description, room,
    ///   and the kind when a category names one; speakers and the rest stay)
    ///   instead of adding them twice. From a file Déroulé wrote, the
    ///   DESCRIPTION of an item already there is left aside: Déroulé makes
    ///   it from the kind, the speakers and the item's description, which
    ///   the item keeps. A VEVENT without UID cannot be
    ///   recognised: it makes a new item each time. A cancelled VEVENT
    ///   (STATUS:CANCELLED) deletes the item with its UID, whatever its day,
    ///   and is skipped when there is none.
    /// - **Errors.** A file that is not well-formed iCalendar (not starting
    ///   with BEGIN:VCALENDAR, BEGIN and END not paired, a line that is not a
    ///   property, a bad date-time or duration, DTEND before DTSTART, a TZID
    ///   that names no known zone) is refused whole with an error
    ///   (`file`, `bad_ics`) whose message starts with `line N:`, N being the
    ///   physical line of the file; nothing is imported. Components nested
    ///   more than 16 deep are refused (`file`, `too_deep`).
    /// - **Zones the file defines.** A TZID that is no known name
    ///   ("(UTC-03:00) Brasília", "MyTimezone") is read with the file's own
    ///   VTIMEZONE of that TZID: its STANDARD and DAYLIGHT offsets, from
    ///   their DTSTART, repeated by their yearly RRULE and their RDATEs. A
    ///   VTIMEZONE a VEVENT uses whose rules cannot be followed is an error
    ///   naming its line (a VTIMEZONE no VEVENT uses is left alone).
    pub fn import_ics(&mut self, event_id: Id, text: &str) -> Result<IcsImportSummary> {
        self.change("ics.import", |tx| {
            let event = within::event(tx, event_id)?;
            let zone = event.zone()?;
            let vevents = read_vevents(text, zone, event.date)?;
            store(tx, event_id, zone, event.date, &vevents)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::values::{kind_of, parse_duration, text_list, unescape};
    use super::*;
    use crate::model::ItemKind;
    use chrono_tz::Tz;

    #[test]
    fn every_windows_zone_names_an_iana_zone() {
        for (windows, iana) in WINDOWS_ZONES {
            assert!(iana.parse::<Tz>().is_ok(), "{windows}: {iana}");
        }
    }

    #[test]
    fn durations() {
        let minutes = |s: &str| parse_duration(s).map(|d| d.num_minutes());
        assert_eq!(minutes("PT1H30M"), Some(90));
        assert_eq!(minutes("PT45M"), Some(45));
        assert_eq!(minutes("P1D"), Some(1440));
        assert_eq!(minutes("P1DT2H"), Some(1560));
        assert_eq!(minutes("P1W"), Some(7 * 1440));
        assert_eq!(minutes("-PT15M"), Some(-15));
        assert_eq!(minutes("+PT3600S"), Some(60));
        for bad in [
            "", "P", "PT", "1H", "PT1H30", "PT1D", "P1H", "PTT1H", "PT-1H",
        ] {
            assert_eq!(parse_duration(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn text_escapes() {
        assert_eq!(
            unescape(r"Salle 1\, RDC\; accès\nà gauche\\droite\N"),
            "Salle 1, RDC; accès\nà gauche\\droite\n"
        );
        assert_eq!(
            text_list(r"Atelier,Table ronde\, débat,x"),
            ["Atelier", "Table ronde, débat", "x"]
        );
    }

    #[test]
    fn kinds_from_categories() {
        let cases = [
            ("round_table", Some(ItemKind::RoundTable)),
            ("Table ronde", Some(ItemKind::RoundTable)),
            ("TABLE-RONDE", Some(ItemKind::RoundTable)),
            ("Atelier", Some(ItemKind::Workshop)),
            ("Pause", Some(ItemKind::Break)),
            ("Déjeuner", Some(ItemKind::Meal)),
            ("Repas", Some(ItemKind::Meal)),
            ("Accueil", Some(ItemKind::Welcome)),
            ("Plénière", Some(ItemKind::Plenary)),
            ("pleniere", Some(ItemKind::Plenary)),
            ("Conclusion", Some(ItemKind::Closing)),
            ("Conférence", Some(ItemKind::Keynote)),
            ("Réunion d'équipe", None),
        ];
        for (category, kind) in cases {
            assert_eq!(kind_of(category), kind, "{category}");
        }
    }
}
