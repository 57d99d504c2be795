//! The first pass: unfolding lines (remembering where each logical line
//! starts), splitting properties with the `ical` crate's parser, and pairing
//! BEGIN with END into components.

use super::{bad, quoted};
use crate::error::Result;
use ical::property::PropertyError;

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
pub(super) struct Property {
    pub(super) line: usize,
    /// Upper case.
    pub(super) name: String,
    /// Keys upper case (the `ical` crate does that), values unquoted.
    params: Vec<(String, Vec<String>)>,
    /// Raw: still escaped.
    pub(super) value: String,
}

impl Property {
    pub(super) fn param(&self, key: &str) -> Option<&str> {
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
pub(super) struct Component {
    /// Upper case: "VEVENT".
    pub(super) name: String,
    /// The line of its BEGIN.
    pub(super) line: usize,
    pub(super) properties: Vec<Property>,
    pub(super) children: Vec<Component>,
}

impl Component {
    pub(super) fn first(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }
}

/// How deep components may nest. Real calendars go three deep (a VALARM in
/// a VEVENT in the VCALENDAR, a STANDARD in a VTIMEZONE); a limit keeps a
/// crafted file of thousands of nested blocks from exhausting the stack.
pub(crate) const MAX_NESTING: usize = 16;

/// The error for a BEGIN deeper than [`MAX_NESTING`] (`file`, `too_deep`).
fn too_deep(line: usize, name: &str) -> crate::error::Error {
    crate::error::Error::invalid(
        "file",
        "too_deep",
        format!(
            "line {line}: BEGIN:{name} nests components more than {MAX_NESTING} deep; \
             a calendar nests them three deep at most"
        ),
    )
}

/// The first pass: the VCALENDAR blocks of the file (usually one).
pub(super) fn read_calendars(text: &str) -> Result<Vec<Component>> {
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
                if open.len() >= MAX_NESTING {
                    return Err(too_deep(n, &name));
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
