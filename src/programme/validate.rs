//! Rules that input must follow before it is stored. The UI checks the same
//! things for quick feedback, but these are the guard: nothing reaches the
//! database without passing here.

use crate::error::{Error, Result};
use crate::model::{hm, Attendee, Event, Id, Item, Room, Speaker, Venue};
use chrono::{Duration, NaiveDateTime};
use std::collections::HashSet;

fn required(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::invalid(
            field,
            "required",
            format!("{field} must not be empty"),
        ));
    }
    Ok(())
}

fn not_negative(field: &str, value: Option<i64>) -> Result<()> {
    match value {
        Some(v) if v < 0 => Err(Error::invalid(
            field,
            "negative",
            format!("{field} must not be negative (got {v})"),
        )),
        _ => Ok(()),
    }
}

fn email(field: &str, value: &str) -> Result<()> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(());
    }
    let ok = matches!(value.split_once('@'), Some((local, domain))
        if !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'))
        && !value.contains(char::is_whitespace);
    if !ok {
        return Err(Error::invalid(
            field,
            "bad_email",
            format!("{field} is not an email address: {value:?}"),
        ));
    }
    Ok(())
}

pub fn attendee(attendee: &Attendee) -> Result<()> {
    required("name", &attendee.name)?;
    email("email", &attendee.email)?;
    match &attendee.registered_at {
        Some(at) if crate::model::registered::seconds_since_2000(at).is_none() => {
            Err(Error::invalid(
                "registeredAt",
                "bad_date",
                format!("{at:?} is not a registration date (YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD)"),
            ))
        }
        _ => Ok(()),
    }
}

pub fn event(event: &Event) -> Result<()> {
    required("title", &event.title)?;
    if event.day_end <= event.day_start {
        return Err(Error::invalid(
            "dayEnd",
            "end_before_start",
            format!(
                "the day ends ({}) before it starts ({})",
                event.day_end.format(hm::FORMAT),
                event.day_start.format(hm::FORMAT)
            ),
        ));
    }
    if event.time_zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(Error::invalid(
            "timeZone",
            "bad_time_zone",
            format!(
                "unknown time zone {:?} (expected an IANA name such as Europe/Paris)",
                event.time_zone
            ),
        ));
    }
    if !matches!(event.language.as_str(), "fr" | "en") {
        return Err(Error::invalid(
            "language",
            "bad_language",
            format!("language must be fr or en, not {:?}", event.language),
        ));
    }
    Ok(())
}

pub fn venue(venue: &Venue) -> Result<()> {
    if let Some(lat) = venue.latitude {
        if !(-90.0..=90.0).contains(&lat) {
            return Err(Error::invalid(
                "latitude",
                "out_of_range",
                format!("latitude {lat} is not between -90 and 90"),
            ));
        }
    }
    if let Some(lon) = venue.longitude {
        if !(-180.0..=180.0).contains(&lon) {
            return Err(Error::invalid(
                "longitude",
                "out_of_range",
                format!("longitude {lon} is not between -180 and 180"),
            ));
        }
    }
    Ok(())
}

pub fn room(room: &Room) -> Result<()> {
    required("name", &room.name)?;
    not_negative("capacity", room.capacity)
}

pub fn speaker(speaker: &Speaker) -> Result<()> {
    required("name", &speaker.name)?;
    email("email", &speaker.email)
}

/// Checks an item against its event: times on the event's day, end after
/// start, a room of this event, known speakers named once.
pub fn item(
    item: &Item,
    event: &Event,
    room_ids: &HashSet<Id>,
    speaker_exists: impl Fn(Id) -> bool,
) -> Result<()> {
    required("title", &item.title)?;
    if item.ends_at <= item.starts_at {
        return Err(Error::invalid(
            "endsAt",
            "end_before_start",
            format!(
                "the item ends ({}) before it starts ({})",
                item.ends_at.format(hm::FORMAT),
                item.starts_at.format(hm::FORMAT)
            ),
        ));
    }
    let day_begins: NaiveDateTime = event.date.and_hms_opt(0, 0, 0).expect("midnight exists");
    let day_ends = day_begins + Duration::days(1);
    if item.starts_at < day_begins || item.starts_at >= day_ends {
        return Err(Error::invalid(
            "startsAt",
            "outside_event_date",
            format!(
                "the item starts on {}, not on the event's day {}",
                item.starts_at.date(),
                event.date
            ),
        ));
    }
    if item.ends_at > day_ends {
        return Err(Error::invalid(
            "endsAt",
            "outside_event_date",
            format!(
                "the item ends after midnight of the event's day {}",
                event.date
            ),
        ));
    }
    if let Some(room_id) = item.room_id {
        if !room_ids.contains(&room_id) {
            return Err(Error::invalid(
                "roomId",
                "unknown_room",
                format!("room {room_id} is not a room of this event"),
            ));
        }
    }
    not_negative("capacity", item.capacity)?;
    let mut seen = HashSet::new();
    for link in &item.speakers {
        if !speaker_exists(link.speaker_id) {
            return Err(Error::invalid(
                "speakers",
                "unknown_speaker",
                format!("speaker {} is not in the directory", link.speaker_id),
            ));
        }
        if !seen.insert(link.speaker_id) {
            return Err(Error::invalid(
                "speakers",
                "duplicate_speaker",
                format!("speaker {} is named twice on this item", link.speaker_id),
            ));
        }
    }
    Ok(())
}
