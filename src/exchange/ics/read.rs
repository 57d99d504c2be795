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

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{IcsImportSummary, IcsSkipReason, IcsSkipped, Id, Item, ItemKind, Room};
use crate::programme::store::within;
use crate::words::labels;
use chrono::{
    DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;
use ical::property::PropertyError;
use rusqlite::Connection;
use std::collections::HashMap;
use std::fmt::Display;

/// Windows time zone names (as Outlook and Exchange write them in TZID) and
/// the IANA zone with the same rules, after the Unicode CLDR's
/// `windowsZones.xml` (its "001" territory). Several IANA zones share a
/// Windows name: "Eastern Standard Time" gives America/New_York, whose rules
/// America/Montreal and America/Toronto share.
pub const WINDOWS_ZONES: &[(&str, &str)] = &[
    // Europe and Africa
    ("Romance Standard Time", "Europe/Paris"),
    ("W. Europe Standard Time", "Europe/Berlin"),
    ("Central Europe Standard Time", "Europe/Budapest"),
    ("Central European Standard Time", "Europe/Warsaw"),
    ("GMT Standard Time", "Europe/London"),
    ("Greenwich Standard Time", "Atlantic/Reykjavik"),
    ("Azores Standard Time", "Atlantic/Azores"),
    ("Cape Verde Standard Time", "Atlantic/Cape_Verde"),
    ("GTB Standard Time", "Europe/Bucharest"),
    ("E. Europe Standard Time", "Europe/Chisinau"),
    ("FLE Standard Time", "Europe/Kyiv"),
    ("Turkey Standard Time", "Europe/Istanbul"),
    ("Russian Standard Time", "Europe/Moscow"),
    ("Morocco Standard Time", "Africa/Casablanca"),
    ("W. Central Africa Standard Time", "Africa/Lagos"),
    ("South Africa Standard Time", "Africa/Johannesburg"),
    ("Egypt Standard Time", "Africa/Cairo"),
    ("Israel Standard Time", "Asia/Jerusalem"),
    // The Americas
    ("Eastern Standard Time", "America/New_York"),
    ("US Eastern Standard Time", "America/Indiana/Indianapolis"),
    ("Eastern Standard Time (Mexico)", "America/Cancun"),
    ("Central Standard Time", "America/Chicago"),
    ("Central Standard Time (Mexico)", "America/Mexico_City"),
    ("Canada Central Standard Time", "America/Regina"),
    ("Central America Standard Time", "America/Guatemala"),
    ("Mountain Standard Time", "America/Denver"),
    ("US Mountain Standard Time", "America/Phoenix"),
    ("Pacific Standard Time", "America/Los_Angeles"),
    ("Alaskan Standard Time", "America/Anchorage"),
    ("Hawaiian Standard Time", "Pacific/Honolulu"),
    ("Atlantic Standard Time", "America/Halifax"),
    ("Newfoundland Standard Time", "America/St_Johns"),
    ("Saint Pierre Standard Time", "America/Miquelon"),
    ("SA Pacific Standard Time", "America/Bogota"),
    ("SA Western Standard Time", "America/La_Paz"),
    ("SA Eastern Standard Time", "America/Cayenne"),
    ("Pacific SA Standard Time", "America/Santiago"),
    ("E. South America Standard Time", "America/Sao_Paulo"),
    ("Argentina Standard Time", "America/Argentina/Buenos_Aires"),
    ("Greenland Standard Time", "America/Nuuk"),
    // Asia and the Pacific
    ("Arabian Standard Time", "Asia/Dubai"),
    ("Mauritius Standard Time", "Indian/Mauritius"),
    ("India Standard Time", "Asia/Kolkata"),
    ("China Standard Time", "Asia/Shanghai"),
    ("Tokyo Standard Time", "Asia/Tokyo"),
    ("AUS Eastern Standard Time", "Australia/Sydney"),
    ("Central Pacific Standard Time", "Pacific/Guadalcanal"),
    ("New Zealand Standard Time", "Pacific/Auckland"),
];

/// The zone a TZID names: an IANA name ("Europe/Paris"), a Windows name of
/// [`WINDOWS_ZONES`] ("Romance Standard Time", any case), or an IANA name
/// behind a path, as older Thunderbird and Evolution write them
/// ("/mozilla.org/20050126_1/Europe/Paris"). `None` for anything else.
pub fn time_zone(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    if let Ok(zone) = tzid.parse::<Tz>() {
        return Some(zone);
    }
    if let Some((_, iana)) = WINDOWS_ZONES
        .iter()
        .find(|(windows, _)| windows.eq_ignore_ascii_case(tzid))
    {
        return iana.parse().ok();
    }
    tzid.match_indices('/')
        .find_map(|(slash, _)| tzid[slash + 1..].parse::<Tz>().ok())
}

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

/// A line after unfolding, with the physical line (from 1) it starts on.
struct LogicalLine {
    number: usize,
    text: String,
}

/// Joins folded lines (RFC 5545 §3.1). Accepts CRLF and LF line ends, and a
/// byte order mark; skips empty lines.
fn unfold(text: &str) -> Result<Vec<LogicalLine>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines: Vec<LogicalLine> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let number = index + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            match lines.last_mut() {
                Some(previous) => previous.text.push_str(rest),
                None => {
                    return Err(bad(
                        number,
                        "the file must start with BEGIN:VCALENDAR, not with a continuation \
                         line (one that starts with a space)",
                    ))
                }
            }
        } else if !raw.is_empty() {
            lines.push(LogicalLine {
                number,
                text: raw.to_owned(),
            });
        }
    }
    Ok(lines)
}

/// One content line: `NAME;PARAM=value:value`.
struct Property {
    line: usize,
    /// Upper case.
    name: String,
    /// Keys upper case (the `ical` crate does that), values unquoted.
    params: Vec<(String, Vec<String>)>,
    /// Raw: still escaped.
    value: String,
}

impl Property {
    fn param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, values)| values.first())
            .map(String::as_str)
    }
}

fn property_error(e: &PropertyError) -> String {
    match e {
        PropertyError::MissingName { .. } => "no property name before ':' or ';'".to_owned(),
        PropertyError::MissingClosingQuote { .. } => {
            "a parameter value opens a '\"' that is never closed".to_owned()
        }
        PropertyError::MissingDelimiter { delimiter, .. } => {
            format!("a parameter has no '{delimiter}' between its name and its value")
        }
        PropertyError::MissingContentAfter { letter, .. } => {
            format!("a parameter value after '{letter}' is not followed by ':' and a value")
        }
        PropertyError::MissingParamKey { .. } => "a ';' is not followed by a parameter name".into(),
    }
}

fn parse_property(line: &LogicalLine) -> Result<Property> {
    if !line.text.contains(':') {
        return Err(bad(
            line.number,
            format!(
                "{} is not a property: it has no ':' between a name and a value",
                quoted(&line.text)
            ),
        ));
    }
    // The `ical` crate reads lines from a reader; give it this one alone, so
    // that its own unfolding (which trims spaces at the folds) never runs.
    let parsed = ical::PropertyParser::from_reader(line.text.as_bytes())
        .next()
        .ok_or_else(|| bad(line.number, "empty line"))?
        .map_err(|e| bad(line.number, property_error(&e)))?;
    let name = parsed.name.trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(bad(
            line.number,
            format!(
                "{} is not a property: {} is not a property name",
                quoted(&line.text),
                quoted(name)
            ),
        ));
    }
    Ok(Property {
        line: line.number,
        name: name.to_ascii_uppercase(),
        params: parsed.params.unwrap_or_default(),
        value: parsed.value.unwrap_or_default(),
    })
}

/// A BEGIN … END block with its properties and the blocks inside it.
struct Component {
    /// Upper case: "VEVENT".
    name: String,
    /// The line of its BEGIN.
    line: usize,
    properties: Vec<Property>,
    children: Vec<Component>,
}

impl Component {
    fn first(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }
}

/// The first pass: the VCALENDAR blocks of the file (usually one).
fn read_calendars(text: &str) -> Result<Vec<Component>> {
    let lines = unfold(text)?;
    let first = lines.first().ok_or_else(|| {
        bad(
            1,
            "the file is empty; an iCalendar file starts with BEGIN:VCALENDAR",
        )
    })?;
    if !first.text.trim().eq_ignore_ascii_case("BEGIN:VCALENDAR") {
        return Err(bad(
            first.number,
            format!(
                "the file must start with BEGIN:VCALENDAR, not {}",
                quoted(&first.text)
            ),
        ));
    }
    let mut calendars = Vec::new();
    let mut open: Vec<Component> = Vec::new();
    for line in &lines {
        let property = parse_property(line)?;
        let n = property.line;
        match property.name.as_str() {
            "BEGIN" => {
                let name = property.value.trim().to_ascii_uppercase();
                if name.is_empty() {
                    return Err(bad(n, "BEGIN without a component name"));
                }
                if open.is_empty() && name != "VCALENDAR" {
                    return Err(bad(
                        n,
                        format!("BEGIN:{name} outside BEGIN:VCALENDAR … END:VCALENDAR"),
                    ));
                }
                open.push(Component {
                    name,
                    line: n,
                    properties: Vec::new(),
                    children: Vec::new(),
                });
            }
            "END" => {
                let name = property.value.trim().to_ascii_uppercase();
                match open.pop() {
                    None => {
                        return Err(bad(
                            n,
                            format!("END:{name} without a BEGIN:{name} before it"),
                        ))
                    }
                    Some(c) if c.name != name => {
                        return Err(bad(
                            n,
                            format!(
                                "END:{name} while BEGIN:{} of line {} is still open",
                                c.name, c.line
                            ),
                        ))
                    }
                    Some(c) => match open.last_mut() {
                        Some(parent) => parent.children.push(c),
                        None => calendars.push(c),
                    },
                }
            }
            _ => match open.last_mut() {
                Some(c) => c.properties.push(property),
                None => {
                    return Err(bad(
                        n,
                        format!(
                            "{} is outside BEGIN:VCALENDAR … END:VCALENDAR",
                            property.name
                        ),
                    ))
                }
            },
        }
    }
    if let Some(c) = open.last() {
        let last = lines.last().map_or(c.line, |l| l.number);
        return Err(bad(
            c.line,
            format!(
                "BEGIN:{0} is never closed by END:{0} (the file ends at line {last})",
                c.name
            ),
        ));
    }
    Ok(calendars)
}

/// Undoes the escapes of a TEXT value: `\n` and `\N` (new line), `\,`, `\;`
/// and `\\`. Any other backslash is kept as it is.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(c @ (',' | ';' | '\\')) => out.push(c),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The items of a list of TEXT values (CATEGORIES), split at the commas that
/// are not escaped, then unescaped.
fn text_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push(c);
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ',' => items.push(unescape(&std::mem::take(&mut current))),
            _ => current.push(c),
        }
    }
    items.push(unescape(&current));
    items
}

/// `YYYYMMDD`.
fn parse_date(value: &str) -> Option<NaiveDate> {
    if value.len() != 8 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(
        value[0..4].parse().ok()?,
        value[4..6].parse().ok()?,
        value[6..8].parse().ok()?,
    )
}

/// `YYYYMMDDTHHMMSS`.
fn parse_date_time(value: &str) -> Option<NaiveDateTime> {
    let (date, time) = value.split_once(['T', 't'])?;
    if time.len() != 6 || !time.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    parse_date(date)?.and_hms_opt(
        time[0..2].parse().ok()?,
        time[2..4].parse().ok()?,
        time[4..6].parse().ok()?,
    )
}

/// An RFC 5545 duration: `PT1H30M`, `P1D`, `-PT15M`, `P1W`.
fn parse_duration(value: &str) -> Option<Duration> {
    let value = value.trim();
    let (negative, rest) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    let mut seconds: i64 = 0;
    let mut in_time = false;
    let mut number = String::new();
    let mut parts = 0;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            '0'..='9' => number.push(c),
            'T' if number.is_empty() && !in_time => in_time = true,
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let size = match (in_time, unit) {
                    (false, 'W') => 7 * 86_400,
                    (false, 'D') => 86_400,
                    (true, 'H') => 3_600,
                    (true, 'M') => 60,
                    (true, 'S') => 1,
                    _ => return None,
                };
                seconds = seconds.checked_add(n.checked_mul(size)?)?;
                parts += 1;
            }
        }
    }
    if !number.is_empty() || parts == 0 {
        return None;
    }
    Duration::try_seconds(if negative { -seconds } else { seconds })
}

/// The instant a local time of `zone` names. A time repeated when clocks go
/// back is the first one; a time skipped when they go forward is read with
/// the offset before the change, as RFC 5545 §3.3.5 says.
fn instant_in(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => {
            let before = zone
                .from_local_datetime(&(local - Duration::hours(3)))
                .earliest()
                .map_or(0, |t| t.offset().fix().local_minus_utc());
            Utc.from_utc_datetime(&(local - Duration::seconds(before.into())))
        }
    }
}

/// A DTSTART or DTEND as the file gives it.
#[derive(Clone, Copy)]
enum Stamp {
    Date,
    Instant(DateTime<Utc>),
}

/// How times are read: the zones the file defines, and the event's zone for
/// floating times.
struct Zones {
    /// TZID of each VTIMEZONE, with the line of its TZID property.
    defined: HashMap<String, usize>,
    event: Tz,
}

impl Zones {
    fn zone(&self, tzid: &str, used_at: usize) -> Result<Tz> {
        if let Some(zone) = time_zone(tzid) {
            return Ok(zone);
        }
        Err(match self.defined.get(tzid) {
            Some(&defined_at) => bad(
                defined_at,
                format!(
                    "unknown time zone {tzid:?} (used at line {used_at}): neither an IANA \
                     name such as Europe/Paris nor a known Windows name"
                ),
            ),
            None => bad(
                used_at,
                format!(
                    "unknown time zone {tzid:?}: neither an IANA name such as Europe/Paris \
                     nor a known Windows name, and no VTIMEZONE of the file defines it"
                ),
            ),
        })
    }

    fn stamp(&self, p: &Property) -> Result<Stamp> {
        let value = p.value.trim();
        let is_date = match p.param("VALUE") {
            Some(v) if v.eq_ignore_ascii_case("DATE") => true,
            Some(v) if v.eq_ignore_ascii_case("DATE-TIME") => false,
            Some(v) => {
                return Err(bad(
                    p.line,
                    format!("{}: VALUE={v} is neither DATE nor DATE-TIME", p.name),
                ))
            }
            None => value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()),
        };
        if is_date {
            return match parse_date(value) {
                Some(_) => Ok(Stamp::Date),
                None => Err(bad(
                    p.line,
                    format!(
                        "bad date {} in {}, expected YYYYMMDD",
                        quoted(value),
                        p.name
                    ),
                )),
            };
        }
        let (digits, utc) = match value.strip_suffix(['Z', 'z']) {
            Some(digits) => (digits, true),
            None => (value, false),
        };
        let local = parse_date_time(digits).ok_or_else(|| {
            bad(
                p.line,
                format!(
                    "bad date-time {} in {}, expected YYYYMMDDTHHMMSS (with a final Z for UTC)",
                    quoted(value),
                    p.name
                ),
            )
        })?;
        Ok(Stamp::Instant(if utc {
            Utc.from_utc_datetime(&local)
        } else if let Some(tzid) = p.param("TZID") {
            instant_in(self.zone(tzid, p.line)?, local)
        } else {
            // Floating: the same wall-clock time wherever one is; the event's.
            instant_in(self.event, local)
        }))
    }
}

/// When a VEVENT happens.
enum When {
    AllDay,
    Timed {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
}

/// What the import needs of one VEVENT, read and checked.
struct Vevent {
    line: usize,
    uid: String,
    title: String,
    /// The line of its SUMMARY, else of its BEGIN.
    title_line: usize,
    description: String,
    location: String,
    categories: Vec<String>,
    cancelled: bool,
    /// A changed occurrence of a recurring event (it has a RECURRENCE-ID).
    occurrence: bool,
    /// Written by Déroulé, whose DESCRIPTION is made from the item's kind,
    /// speakers and description rather than being the description.
    from_deroule: bool,
    when: When,
}

fn text_of(c: &Component, name: &str) -> String {
    c.first(name)
        .map(|p| unescape(&p.value).trim().to_owned())
        .unwrap_or_default()
}

fn read_vevent(c: &Component, zones: &Zones, from_deroule: bool) -> Result<Vevent> {
    let dtstart = c
        .first("DTSTART")
        .ok_or_else(|| bad(c.line, "a VEVENT without DTSTART"))?;
    let start = zones.stamp(dtstart)?;
    let end = match c.first("DTEND") {
        Some(p) => Some((p, zones.stamp(p)?)),
        None => None,
    };
    let when = match start {
        Stamp::Date => When::AllDay,
        Stamp::Instant(start) => {
            let end = match (end, c.first("DURATION")) {
                (Some((p, Stamp::Date)), _) => {
                    return Err(bad(
                        p.line,
                        format!(
                            "DTEND is a date while DTSTART (line {}) is a date-time",
                            dtstart.line
                        ),
                    ))
                }
                (Some((p, Stamp::Instant(end))), _) => {
                    if end < start {
                        return Err(bad(
                            p.line,
                            format!(
                                "DTEND {} is before DTSTART {} (line {})",
                                p.value.trim(),
                                dtstart.value.trim(),
                                dtstart.line
                            ),
                        ));
                    }
                    end
                }
                (None, Some(p)) => {
                    let duration = parse_duration(&p.value).ok_or_else(|| {
                        bad(
                            p.line,
                            format!(
                                "bad DURATION {}, expected a duration such as PT1H30M",
                                quoted(p.value.trim())
                            ),
                        )
                    })?;
                    if duration < Duration::zero() {
                        return Err(bad(
                            p.line,
                            format!(
                                "DURATION {} is negative: the event would end before it starts",
                                p.value.trim()
                            ),
                        ));
                    }
                    start
                        .checked_add_signed(duration)
                        .ok_or_else(|| bad(p.line, "DURATION too long"))?
                }
                // RFC 5545 would end it when it starts; an hour is what a
                // calendar shows for such an event.
                (None, None) => start + Duration::hours(1),
            };
            When::Timed { start, end }
        }
    };
    let categories = c
        .properties
        .iter()
        .filter(|p| p.name == "CATEGORIES")
        .flat_map(|p| text_list(&p.value))
        .collect();
    Ok(Vevent {
        line: c.line,
        uid: text_of(c, "UID"),
        title: text_of(c, "SUMMARY"),
        title_line: c.first("SUMMARY").map_or(c.line, |p| p.line),
        description: text_of(c, "DESCRIPTION"),
        location: text_of(c, "LOCATION"),
        categories,
        cancelled: text_of(c, "STATUS").eq_ignore_ascii_case("CANCELLED"),
        occurrence: c.first("RECURRENCE-ID").is_some(),
        from_deroule,
        when,
    })
}

/// The second pass: every VEVENT of the file, in order.
fn read_vevents(text: &str, event_zone: Tz) -> Result<Vec<Vevent>> {
    let calendars = read_calendars(text)?;
    let mut zones = Zones {
        defined: HashMap::new(),
        event: event_zone,
    };
    for c in calendars.iter().flat_map(|cal| &cal.children) {
        if c.name == "VTIMEZONE" {
            let tzid = c
                .first("TZID")
                .ok_or_else(|| bad(c.line, "a VTIMEZONE without TZID"))?;
            zones
                .defined
                .insert(tzid.value.trim().to_owned(), tzid.line);
        }
    }
    let mut vevents = Vec::new();
    for calendar in &calendars {
        let from_deroule = calendar
            .first("PRODID")
            .is_some_and(|p| p.value.starts_with("-//Déroulé//"));
        for c in calendar.children.iter().filter(|c| c.name == "VEVENT") {
            vevents.push(read_vevent(c, &zones, from_deroule)?);
        }
    }
    Ok(vevents)
}

/// Lower case, without accents, words joined by `_`: "Table ronde" and
/// "table-ronde" become "table_ronde", "Déjeuner" "dejeuner".
fn label_key(label: &str) -> String {
    label
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            ' ' | '-' | '\'' | '’' => '_',
            c => crate::words::labels::unaccent(c),
        })
        .collect()
}

/// French words for kinds besides their labels (`labels::kind`).
const KIND_WORDS: &[(&str, ItemKind)] = &[
    ("dejeuner", ItemKind::Meal),
    ("pause_dejeuner", ItemKind::Meal),
    ("buffet", ItemKind::Meal),
    ("pause_cafe", ItemKind::Break),
    ("ateliers", ItemKind::Workshop),
    ("tables_rondes", ItemKind::RoundTable),
    ("pitch", ItemKind::Pitches),
    ("cloture", ItemKind::Closing),
    ("visites", ItemKind::Visit),
];

/// The kind a category names: a kind's own name ("round_table"), its French
/// label ("Table ronde", "Atelier", "Pause", "Repas", "Accueil",
/// "Plénière", "Conclusion"…) or a word of [`KIND_WORDS`] ("Déjeuner"),
/// in any case and with or without accents.
fn kind_of(category: &str) -> Option<ItemKind> {
    let key = label_key(category);
    ItemKind::ALL
        .into_iter()
        .find(|&kind| key == kind.as_str() || key == label_key(labels::kind(kind, "fr")))
        .or_else(|| {
            KIND_WORDS
                .iter()
                .find(|(word, _)| *word == key)
                .map(|&(_, kind)| kind)
        })
}

/// The room a LOCATION names: the part before the first ", " (Déroulé
/// writes "Room, Venue, address"; calendars often "Place, address"). None
/// when it is empty, or when the LOCATION is the event's venue itself
/// ("Venue, address", as Déroulé writes it for an item in no room).
fn room_name<'a>(location: &'a str, venue: &str) -> Option<&'a str> {
    let venue = venue.trim().to_lowercase();
    let place = location.to_lowercase();
    if !venue.is_empty() && (place == venue || place.starts_with(&format!("{venue}, "))) {
        return None;
    }
    let name = location.split(", ").next().unwrap_or("").trim();
    (!name.is_empty()).then_some(name)
}

fn room_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// What becomes of one VEVENT.
enum Plan {
    Skip(IcsSkipReason),
    Cancel,
    Import {
        starts_at: NaiveDateTime,
        ends_at: NaiveDateTime,
    },
}

fn to_minute(t: NaiveDateTime) -> NaiveDateTime {
    t.with_second(0)
        .and_then(|t| t.with_nanosecond(0))
        .expect("0 is a valid second")
}

fn plan(v: &Vevent, zone: Tz, day: NaiveDate) -> Plan {
    if v.cancelled {
        return Plan::Cancel;
    }
    let When::Timed { start, end } = v.when else {
        return Plan::Skip(IcsSkipReason::AllDay);
    };
    let starts_at = to_minute(start.with_timezone(&zone).naive_local());
    let ends_at = to_minute(end.with_timezone(&zone).naive_local());
    let day_begins = day.and_time(chrono::NaiveTime::MIN);
    let day_ends = day_begins + Duration::days(1);
    if starts_at < day_begins || starts_at >= day_ends || ends_at > day_ends {
        Plan::Skip(IcsSkipReason::OutsideEventDate)
    } else if ends_at <= starts_at {
        Plan::Skip(IcsSkipReason::NoDuration)
    } else {
        Plan::Import { starts_at, ends_at }
    }
}

/// Within one file a UID names one item. When several VEVENTs of the day
/// share one (a recurring event and its changed occurrences), one is
/// imported: a changed occurrence (RECURRENCE-ID) rather than the series,
/// else the first.
fn one_per_uid(vevents: &[Vevent], plans: &mut [Plan]) {
    let mut chosen: HashMap<&str, usize> = HashMap::new();
    for (i, v) in vevents.iter().enumerate() {
        if v.uid.is_empty() || !matches!(plans[i], Plan::Import { .. }) {
            continue;
        }
        match chosen.get(v.uid.as_str()) {
            None => {
                chosen.insert(&v.uid, i);
            }
            Some(&earlier) if v.occurrence && !vevents[earlier].occurrence => {
                plans[earlier] = Plan::Skip(IcsSkipReason::DuplicateUid);
                chosen.insert(&v.uid, i);
            }
            Some(_) => plans[i] = Plan::Skip(IcsSkipReason::DuplicateUid),
        }
    }
}

/// Writes the VEVENTs into the event, inside the import's transaction.
fn store(
    tx: &Connection,
    event_id: Id,
    zone: Tz,
    day: NaiveDate,
    vevents: &[Vevent],
) -> Result<IcsImportSummary> {
    let mut summary = IcsImportSummary::default();
    let venue = within::venue(tx, event_id)?.name;
    let mut rooms: HashMap<String, Id> = within::rooms(tx, event_id)?
        .into_iter()
        .filter_map(|r| Some((room_key(&r.name), r.id?)))
        .collect();
    let mut items: HashMap<String, Item> = within::items(tx, event_id)?
        .into_iter()
        .map(|i| (i.uid.clone(), i))
        .collect();
    let mut plans: Vec<Plan> = vevents.iter().map(|v| plan(v, zone, day)).collect();
    one_per_uid(vevents, &mut plans);
    for (v, plan) in vevents.iter().zip(plans) {
        let skip = |reason| IcsSkipped {
            line: v.line as i64,
            uid: v.uid.clone(),
            title: v.title.clone(),
            reason,
        };
        let existing = if v.uid.is_empty() {
            None
        } else {
            items.get(&v.uid)
        };
        let (starts_at, ends_at) = match plan {
            Plan::Skip(reason) => {
                summary.skipped.push(skip(reason));
                continue;
            }
            Plan::Cancel => {
                match existing.and_then(|item| item.id) {
                    Some(id) => {
                        within::delete_item(tx, id)?;
                        items.remove(&v.uid);
                        summary.items_deleted += 1;
                    }
                    None => summary.skipped.push(skip(IcsSkipReason::Cancelled)),
                }
                continue;
            }
            Plan::Import { starts_at, ends_at } => (starts_at, ends_at),
        };
        if v.title.is_empty() {
            return Err(bad(
                v.title_line,
                if v.title_line == v.line {
                    "a VEVENT without SUMMARY: an item needs a title"
                } else {
                    "SUMMARY is empty: an item needs a title"
                },
            ));
        }
        let room_id = match room_name(&v.location, &venue) {
            None => None,
            Some(name) => Some(match rooms.get(&room_key(name)) {
                Some(&id) => id,
                None => {
                    let room = Room {
                        id: None,
                        event_id,
                        name: name.to_owned(),
                        capacity: None,
                        accessibility: String::new(),
                        position: 0,
                    };
                    let id = within::create_room(tx, &room).map_err(at_line(v.line))?;
                    rooms.insert(room_key(name), id);
                    summary.rooms_created += 1;
                    id
                }
            }),
        };
        let kind = v.categories.iter().find_map(|c| kind_of(c));
        match existing {
            Some(before) => {
                let after = Item {
                    starts_at,
                    ends_at,
                    title: v.title.clone(),
                    description: if v.from_deroule {
                        before.description.clone()
                    } else {
                        v.description.clone()
                    },
                    room_id,
                    kind: kind.unwrap_or(before.kind),
                    ..before.clone()
                };
                if after == *before {
                    summary.items_unchanged += 1;
                } else {
                    crate::signups::seats::within::update_item(tx, &after)
                        .map_err(at_line(v.line))?;
                    items.insert(v.uid.clone(), after);
                    summary.items_updated += 1;
                }
            }
            None => {
                let mut item = Item {
                    id: None,
                    event_id,
                    uid: v.uid.clone(),
                    starts_at,
                    ends_at,
                    kind: kind.unwrap_or(ItemKind::Other),
                    title: v.title.clone(),
                    description: v.description.clone(),
                    room_id,
                    part_label: String::new(),
                    capacity: None,
                    remote: false,
                    speakers: Vec::new(),
                    workshop_id: None,
                    block_id: None,
                };
                item.id = Some(within::create_item(tx, &item).map_err(at_line(v.line))?);
                if !v.uid.is_empty() {
                    items.insert(v.uid.clone(), item);
                }
                summary.items_created += 1;
            }
        }
    }
    Ok(summary)
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
    ///   VEVENT counts for its DTSTART only (RRULE is not expanded).
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
    ///   physical line of the file; nothing is imported. The rules inside a
    ///   VTIMEZONE are not read, so its TZID must be a known name: when a
    ///   VEVENT uses one that is not, the error names the line of the
    ///   VTIMEZONE's TZID (a VTIMEZONE no VEVENT uses is left alone).
    pub fn import_ics(&mut self, event_id: Id, text: &str) -> Result<IcsImportSummary> {
        self.change("ics.import", |tx| {
            let event = within::event(tx, event_id)?;
            let zone: Tz = event.time_zone.parse().map_err(|_| {
                Error::invalid(
                    "timeZone",
                    "bad_time_zone",
                    format!("the event's time zone {:?} is unknown", event.time_zone),
                )
            })?;
            let vevents = read_vevents(text, zone)?;
            store(tx, event_id, zone, event.date, &vevents)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
