//! Writing one event as a schedule, in XML and in JSON. Both are made from
//! one plan ([`Plan`]) so they cannot say different things.

use super::{item_guid, slug, uuid_from, WHOLE_VENUE_GUID, WHOLE_VENUE_ROOM};
use crate::model::{Id, Item, Programme, Speaker};
use crate::words::Lang;
use chrono::{DateTime, Duration, FixedOffset, NaiveDateTime, Offset, SecondsFormat, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// The JSON Schema's address, which pretalx writes as `$schema`.
const JSON_SCHEMA: &str = "https://c3voc.de/schedule/schema.json";

/// The event as a `schedule.xml` (UTF-8), valid against the c3voc XSD.
pub fn schedule_xml(p: &Programme) -> String {
    let plan = Plan::new(p);
    let mut x = Xml::default();
    x.out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.open("schedule", &[]);
    x.empty("generator", &[("name", "Déroulé")]);
    x.leaf("version", &[], &plan.version);
    x.open("conference", &[]);
    x.leaf("title", &[], &plan.title);
    x.leaf("acronym", &[], &plan.acronym);
    x.leaf("start", &[], &plan.date);
    x.leaf("end", &[], &plan.date);
    x.leaf("days", &[], "1");
    x.leaf("timeslot_duration", &[], "00:05");
    if let Some(url) = &plan.website {
        x.leaf("url", &[], url);
    }
    x.leaf("time_zone_name", &[], &plan.time_zone);
    x.close("conference");
    x.open(
        "day",
        &[
            ("index", "1"),
            ("date", &plan.date),
            ("start", &plan.day_start),
            ("end", &plan.day_end),
        ],
    );
    for room in &plan.rooms {
        if room.events.is_empty() {
            x.empty("room", &[("name", &room.name), ("guid", &room.guid)]);
            continue;
        }
        x.open("room", &[("name", &room.name), ("guid", &room.guid)]);
        for e in &room.events {
            x.open("event", &[("id", &e.id.to_string()), ("guid", &e.guid)]);
            x.leaf("date", &[], &e.date);
            x.leaf("start", &[], &e.start);
            x.leaf("duration", &[], &e.duration);
            x.leaf("room", &[], &room.name);
            x.leaf("slug", &[], &e.slug);
            if let Some(url) = &plan.website {
                x.leaf("url", &[], url);
            }
            x.leaf("title", &[], &e.title);
            x.leaf("subtitle", &[], &e.subtitle);
            x.leaf("track", &[], e.track);
            x.leaf("type", &[], e.kind);
            x.leaf("language", &[], &plan.language);
            x.leaf("abstract", &[], &e.abstract_);
            x.leaf("description", &[], &e.description);
            if e.persons.is_empty() {
                x.empty("persons", &[]);
            } else {
                x.open("persons", &[]);
                for (id, name) in &e.persons {
                    x.leaf("person", &[("id", &id.to_string())], name);
                }
                x.close("persons");
            }
            x.empty("links", &[]);
            x.close("event");
        }
        x.close("room");
    }
    x.close("day");
    x.close("schedule");
    x.out
}

/// The event as the JSON form of the schedule (pretty-printed, with a final
/// newline), valid against the c3voc JSON Schema (draft-06). `day.rooms` is
/// an object keyed by room name, whose order JSON does not keep:
/// `conference.rooms` lists the rooms in order.
///
/// Written straight from the plan through the types below, never through a
/// tree of `serde_json::Value`s (which took twice the time of the rest on a
/// large event). Their fields come in the order of their names, as a
/// `Value`'s object writes its keys, so the file is the same either way.
pub fn schedule_json(p: &Programme) -> String {
    let plan = Plan::new(p);
    // Keyed by name, in the order of the names; of two rooms with one name,
    // the later stands.
    let rooms: BTreeMap<&str, Vec<JsonEvent>> = plan
        .rooms
        .iter()
        .map(|r| (r.name.as_str(), json_events(&plan, r)))
        .collect();
    let file = JsonFile {
        schema: JSON_SCHEMA,
        generator: JsonGenerator { name: "Déroulé" },
        schedule: JsonSchedule {
            conference: JsonConference {
                acronym: &plan.acronym,
                days: [JsonDay {
                    date: &plan.date,
                    day_end: &plan.day_end,
                    day_start: &plan.day_start,
                    index: 1,
                    rooms,
                }],
                days_count: 1,
                end: &plan.date,
                rooms: plan
                    .rooms
                    .iter()
                    .map(|r| JsonRoom {
                        guid: &r.guid,
                        name: &r.name,
                    })
                    .collect(),
                start: &plan.date,
                // The schema's pattern for zone names refuses some IANA
                // names ("Etc/GMT+1"); the field is optional, and every date
                // carries its offset anyway.
                time_zone_name: Some(plan.time_zone.as_str())
                    .filter(|name| json_zone_name_ok(name)),
                timeslot_duration: "00:05",
                title: &plan.title,
                url: plan.website.as_deref(),
            },
            version: &plan.version,
        },
    };
    serde_json::to_string_pretty(&file).expect("the schedule serializes") + "\n"
}

/// A room's items as the JSON's events.
fn json_events<'a>(plan: &'a Plan, room: &'a PlanRoom) -> Vec<JsonEvent<'a>> {
    room.events
        .iter()
        .map(|e| JsonEvent {
            abstract_: &e.abstract_,
            date: &e.date,
            description: &e.description,
            duration: &e.duration,
            end: &e.end,
            guid: &e.guid,
            id: e.id,
            language: &plan.language,
            links: [],
            persons: e
                .persons
                .iter()
                .map(|(id, public_name)| JsonPerson {
                    id: *id,
                    public_name,
                })
                .collect(),
            room: &room.name,
            slug: &e.slug,
            start: &e.start,
            subtitle: &e.subtitle,
            title: &e.title,
            track: e.track,
            kind: e.kind,
            // Required; an item has no page of its own, so the event's
            // page when there is one, else the guid as a URN.
            url: match &plan.website {
                Some(url) => url.clone(),
                None => format!("urn:uuid:{}", e.guid),
            },
        })
        .collect()
}

// The JSON file's parts, each field in the order of its name in the file.

#[derive(Serialize)]
struct JsonFile<'a> {
    #[serde(rename = "$schema")]
    schema: &'a str,
    generator: JsonGenerator,
    schedule: JsonSchedule<'a>,
}

#[derive(Serialize)]
struct JsonGenerator {
    name: &'static str,
}

#[derive(Serialize)]
struct JsonSchedule<'a> {
    conference: JsonConference<'a>,
    version: &'a str,
}

#[derive(Serialize)]
struct JsonConference<'a> {
    acronym: &'a str,
    days: [JsonDay<'a>; 1],
    #[serde(rename = "daysCount")]
    days_count: u32,
    end: &'a str,
    rooms: Vec<JsonRoom<'a>>,
    start: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_zone_name: Option<&'a str>,
    timeslot_duration: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonDay<'a> {
    date: &'a str,
    day_end: &'a str,
    day_start: &'a str,
    index: u32,
    rooms: BTreeMap<&'a str, Vec<JsonEvent<'a>>>,
}

#[derive(Serialize)]
struct JsonRoom<'a> {
    guid: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct JsonEvent<'a> {
    #[serde(rename = "abstract")]
    abstract_: &'a str,
    date: &'a str,
    description: &'a str,
    duration: &'a str,
    end: &'a str,
    guid: &'a str,
    id: Id,
    language: &'a str,
    links: [(); 0],
    /// Only the frab fields: the schema wants a person to be either a frab
    /// person (id, public_name) or a pretalx one (name), not both ("oneOf").
    persons: Vec<JsonPerson<'a>>,
    room: &'a str,
    slug: &'a str,
    start: &'a str,
    subtitle: &'a str,
    title: &'a str,
    track: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    url: String,
}

#[derive(Serialize)]
struct JsonPerson<'a> {
    id: Id,
    public_name: &'a str,
}

/// What both forms say, computed once.
struct Plan {
    title: String,
    acronym: String,
    /// `YYYY-MM-DD`.
    date: String,
    time_zone: String,
    language: String,
    /// The event's web page, when it is an http(s) address.
    website: Option<String>,
    /// With offset: the earlier of the day's start and the first item.
    day_start: String,
    /// With offset: the later of the day's end and the last item's end.
    day_end: String,
    /// Changes whenever the programme does: apps compare it to know that
    /// they must reload.
    version: String,
    rooms: Vec<PlanRoom>,
}

struct PlanRoom {
    name: String,
    guid: String,
    events: Vec<PlanEvent>,
}

struct PlanEvent {
    id: Id,
    guid: String,
    date: String,
    end: String,
    start: String,
    duration: String,
    slug: String,
    title: String,
    subtitle: String,
    track: &'static str,
    kind: &'static str,
    abstract_: String,
    description: String,
    persons: Vec<(Id, String)>,
}

impl Plan {
    fn new(p: &Programme) -> Plan {
        let e = &p.event;
        // Saved events have a valid zone (validate::event); UTC only keeps
        // this function total.
        let tz: Tz = e.time_zone.parse().unwrap_or(chrono_tz::UTC);
        let acronym = acronym(&e.title, e.date.format("%Y").to_string());
        let speakers: HashMap<Id, &Speaker> =
            p.speakers.iter().filter_map(|s| Some((s.id?, s))).collect();
        let plan_event = |n: usize, item: &Item| plan_event(n, item, tz, &acronym, &speakers);
        let whole_venue_name =
            if p.venue.name.trim().is_empty() || p.rooms.iter().any(|r| r.name == p.venue.name) {
                WHOLE_VENUE_ROOM.to_owned()
            } else {
                p.venue.name.clone()
            };
        let mut rooms = Vec::new();
        let whole_venue: Vec<PlanEvent> = p
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| i.room_id.is_none())
            .map(|(n, i)| plan_event(n, i))
            .collect();
        if !whole_venue.is_empty() {
            rooms.push(PlanRoom {
                name: whole_venue_name,
                guid: WHOLE_VENUE_GUID.to_owned(),
                events: whole_venue,
            });
        }
        for room in &p.rooms {
            rooms.push(PlanRoom {
                name: room.name.clone(),
                guid: uuid_from(&format!(
                    "deroule-room:{}:{}:{}",
                    e.date, e.title, room.name
                )),
                events: p
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| i.room_id.is_some() && i.room_id == room.id)
                    .map(|(n, i)| plan_event(n, i))
                    .collect(),
            });
        }
        let day_start = p
            .items
            .iter()
            .map(|i| i.starts_at)
            .chain([e.date.and_time(e.day_start)])
            .min()
            .expect("one value at least");
        let day_end = p
            .items
            .iter()
            .map(|i| i.ends_at)
            .chain([e.date.and_time(e.day_end)])
            .max()
            .expect("one value at least");
        let fingerprint =
            serde_json::to_string(&(&p.event, &p.venue, &p.rooms, &p.items, &p.speakers))
                .expect("the model serializes");
        Plan {
            title: e.title.clone(),
            acronym,
            date: e.date.format(crate::model::ymd::FORMAT).to_string(),
            time_zone: tz.name().to_owned(),
            language: e.language.clone(),
            website: Some(e.practical.website.trim())
                .filter(|w| w.starts_with("https://") || w.starts_with("http://"))
                .map(str::to_owned),
            day_start: iso(instant(tz, day_start)),
            day_end: iso(instant(tz, day_end)),
            version: format!("{:016x}", super::fnv1a_128(fingerprint.as_bytes()) >> 64),
            rooms,
        }
    }
}

/// An item as a `<event>` of the schedule; `n`, its position, stands for a
/// missing id.
fn plan_event(
    n: usize,
    item: &Item,
    tz: Tz,
    acronym: &str,
    speakers: &HashMap<Id, &Speaker>,
) -> PlanEvent {
    // Stored items always have an id; the position keeps the
    // attribute a positive integer in any case.
    let id = item.id.unwrap_or(n as Id + 1);
    let start = instant(tz, item.starts_at);
    let end = instant(tz, item.ends_at);
    let minutes = (end - start).num_minutes().max(0);
    let title_slug = match slug(&item.title, '-', 50) {
        s if s.len() < 2 => "item".to_owned(),
        s => s,
    };
    let description = item
        .speakers
        .iter()
        .filter(|l| !l.topic.trim().is_empty())
        .filter_map(|l| {
            let name = &speakers.get(&l.speaker_id)?.name;
            // One line per speaker: the import reads them back.
            let topic = l.topic.split_whitespace().collect::<Vec<_>>().join(" ");
            Some(format!("{name} : {topic}"))
        })
        .collect::<Vec<_>>()
        .join("\n");
    PlanEvent {
        id,
        guid: item_guid(&item.uid),
        date: iso(start),
        end: iso(end),
        start: item.starts_at.format(crate::model::hm::FORMAT).to_string(),
        duration: format!("{:02}:{:02}", minutes / 60, minutes % 60),
        slug: format!("{acronym}-{id}-{title_slug}"),
        title: item.title.clone(),
        subtitle: item.part_label.clone(),
        track: Lang::Fr.kind(item.kind),
        kind: item.kind.as_str(),
        abstract_: item.description.clone(),
        description,
        persons: item
            .speakers
            .iter()
            .filter_map(|l| Some((l.speaker_id, speakers.get(&l.speaker_id)?.name.clone())))
            .collect(),
    }
}

/// The conference's short name: the title as a slug of `[a-z0-9_]`, at least
/// 4 characters. Underscores, not hyphens: the XSD's event slug is the
/// acronym, a hyphen, then the rest, and the JSON Schema allows a hyphen in
/// an acronym only before a year.
fn acronym(title: &str, year: String) -> String {
    let s = slug(title, '_', 40);
    match s.len() {
        4.. => s,
        0 => format!("event_{year}"),
        _ => format!("{s}_{year}"),
    }
}

/// The instant a wall-clock time of the event's zone stands for. A time that
/// occurs twice (the night summer time ends) is the first one, as a day's
/// programme reads; a time that does not exist (the hour skipped when it
/// begins) keeps the offset in force before the skip.
fn instant(tz: Tz, t: NaiveDateTime) -> DateTime<FixedOffset> {
    let offset = tz
        .offset_from_local_datetime(&t)
        .earliest()
        .map(|o| o.fix())
        .unwrap_or_else(|| tz.offset_from_utc_datetime(&(t - Duration::days(1))).fix());
    offset
        .from_local_datetime(&t)
        .single()
        .expect("a fixed offset maps every local time once")
}

/// `2022-12-09T10:00:00+01:00`.
fn iso(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// Whether the JSON Schema's pattern for `time_zone_name`,
/// `^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$`, accepts `name` (searched, as JSON
/// Schema patterns are: a matching start is enough).
fn json_zone_name_ok(name: &str) -> bool {
    fn word(s: &str) -> Option<&str> {
        let mut chars = s.char_indices();
        match chars.next() {
            Some((_, c)) if c.is_ascii_uppercase() => {}
            _ => return None,
        }
        let end = chars
            .find(|(_, c)| !c.is_ascii_lowercase())
            .map_or(s.len(), |(i, _)| i);
        (end > 1).then(|| &s[end..])
    }
    let prefix = word(name)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(word)
        .is_some();
    prefix || name.ends_with("UTC")
}

/// A small XML writer: two-space indents, every text and attribute escaped.
#[derive(Default)]
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn start_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            let _ = write!(self.out, " {key}=\"{}\"", escape(value, true));
        }
    }

    fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth -= 1;
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        let _ = writeln!(self.out, "</{name}>");
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.start_tag(name, attrs);
        self.out.push_str("/>\n");
    }

    fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(name, attrs);
        let _ = writeln!(self.out, ">{}</{name}>", escape(text, false));
    }
}

/// Escapes the five XML specials. Drops the control characters XML 1.0
/// cannot carry at all (pasted text may hold some), and writes carriage
/// returns, and in attributes tabs and newlines, as references, which a
/// parser would otherwise turn into plain newlines or spaces.
fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml_specials_and_drops_what_xml_cannot_carry() {
        assert_eq!(
            escape("a & b < c > d \"e\" 'f'\u{1}\r\n", false),
            "a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;&#13;\n"
        );
        assert_eq!(escape("x\ny\tz", true), "x&#10;y&#9;z");
    }

    #[test]
    fn zone_names_as_the_json_schema_reads_them() {
        assert!(json_zone_name_ok("Europe/Paris"));
        assert!(json_zone_name_ok("America/New_York"));
        assert!(json_zone_name_ok("UTC"));
        assert!(!json_zone_name_ok("Etc/GMT+1"));
        assert!(!json_zone_name_ok("EST5EDT"));
    }

    #[test]
    fn acronyms_are_long_enough() {
        assert_eq!(acronym("JP", "2026".into()), "jp_2026");
        assert_eq!(acronym("日本", "2026".into()), "event_2026");
        assert_eq!(acronym("Journée pro", "2026".into()), "journee_pro");
    }
}
