//! Rows to what an import would do against the event's attendees: whom it
//! creates, whom it updates, which rows it refuses and why.

use super::dates;
use super::mapping::Field;
use super::{
    CsvDuplicate, CsvFile, CsvMapping, CsvMerge, CsvRow, CsvRowAction, CsvRowError, CsvUpdate,
    Record, ERRORS_IN_MESSAGE,
};
use crate::error::Error;
use crate::model::{Attendee, Id};
use crate::programme::validate;
use crate::words::slug;
use chrono_tz::Tz;
use std::collections::HashMap;

/// What the file would do to an event's attendees.
pub(super) struct Plan {
    /// Each row, with the attendee to write for it (none: nothing to do).
    pub(super) rows: Vec<(CsvRow, Option<Attendee>)>,
    pub(super) updates: Vec<CsvUpdate>,
    pub(super) errors: Vec<CsvRowError>,
    pub(super) duplicates: Vec<CsvDuplicate>,
    pub(super) merged: Vec<CsvMerge>,
}

/// A name as compared for possible duplicates: case, accents and spacing
/// aside.
pub(super) fn name_key(name: &str) -> String {
    slug(name)
}

/// Emails compare as the database's unique index does: `lower()`, which
/// folds ASCII letters only.
pub(super) fn email_key(email: &str) -> String {
    email.trim().to_ascii_lowercase()
}

/// The column of registration dates, as the file writes them.
struct DateColumn {
    column: usize,
    header: String,
    day_first: bool,
    /// The event's, for dates written with an offset.
    time_zone: Tz,
}

/// How rows are read: through the mapping, for an event.
struct Reader<'a> {
    mapping: &'a CsvMapping,
    event_id: Id,
    dates: Option<DateColumn>,
}

/// The event's attendees as an import compares rows with them.
pub(super) struct Existing {
    /// Those a row's email may match (every attendee, or only those with
    /// an email the file holds), in full: a row with their email updates them.
    pub(super) by_email: Vec<Attendee>,
    /// Every attendee's id and name, in the attendees list's order: a new
    /// attendee named like one of them is shown as a possible duplicate.
    pub(super) names: Vec<(Id, String)>,
}

impl Existing {
    /// From the whole list, in its order.
    pub(super) fn of(list: &[Attendee]) -> Existing {
        Existing {
            by_email: list.to_vec(),
            names: list
                .iter()
                .filter_map(|a| Some((a.id?, a.name.clone())))
                .collect(),
        }
    }

    /// Read for `file`: the names of all, in full only those whose email
    /// is in one of the file's cells (the mapping may still change).
    pub(super) fn read(
        conn: &rusqlite::Connection,
        event_id: Id,
        file: &CsvFile,
    ) -> crate::error::Result<Existing> {
        let mut keys: Vec<String> = file
            .records
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.contains('@'))
            .map(|c| email_key(c))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        Ok(Existing {
            by_email: crate::signups::attendees::within::with_emails(conn, event_id, &keys)?,
            names: crate::signups::attendees::within::names(conn, event_id)?,
        })
    }
}

pub(super) fn plan(
    file: &CsvFile,
    mapping: &CsvMapping,
    (event_id, time_zone): (Id, Tz),
    existing: &Existing,
) -> Plan {
    let dates = mapping.registered_at.map(|column| DateColumn {
        column,
        header: file.headers.get(column).cloned().unwrap_or_default(),
        day_first: dates::day_first(
            file.records
                .iter()
                .filter_map(|r| r.cells.get(column))
                .map(String::as_str),
        ),
        time_zone,
    });
    let reader = Reader {
        mapping,
        event_id,
        dates,
    };
    let mut errors = Vec::new();
    let mut duplicates = Vec::new();
    let mut updates = Vec::new();
    let mut rows = Vec::new();
    if !mapping.has_name() {
        errors.push(CsvRowError {
            line: 1,
            column: None,
            field: Some("name".into()),
            reason: "no_name_column".into(),
            message: format!(
                "no column holds names; map one of: {}",
                file.headers.join(" | ")
            ),
        });
    }
    let by_email: HashMap<String, &Attendee> = existing
        .by_email
        .iter()
        .filter(|a| !a.email.trim().is_empty())
        .map(|a| (email_key(&a.email), a))
        .collect();
    let mut by_name: HashMap<String, Id> = HashMap::new();
    for (id, name) in &existing.names {
        by_name.entry(name_key(name)).or_insert(*id);
    }
    let (reads, merged) = merge_rows(file, &reader, &mut errors);
    let mut names_created: HashMap<String, i64> = HashMap::new();
    for (record, read) in file.records.iter().zip(reads) {
        let (mut row, read) = match read {
            RowRead::Refused(read) | RowRead::Unmapped(read) => {
                rows.push((row_of(record, &read), None));
                continue;
            }
            RowRead::MergedInto(read, into) => {
                let mut row = row_of(record, &read);
                row.action = CsvRowAction::Merged;
                row.merged_into = Some(into);
                rows.push((row, None));
                continue;
            }
            RowRead::Person(read) => (row_of(record, &read), read),
        };
        let write = match by_email.get(&email_key(&read.email)) {
            Some(&current) => update(current, &read, &mut row, &mut updates),
            None => {
                row.action = CsvRowAction::Create;
                duplicates.extend(duplicate(
                    record.line,
                    &read.name,
                    &by_name,
                    &mut names_created,
                ));
                Some(read)
            }
        };
        rows.push((row, write));
    }
    Plan {
        rows,
        updates,
        errors,
        duplicates,
        merged,
    }
}

/// A row as the first pass reads it.
enum RowRead {
    /// Refused (its error is in the plan's errors).
    Refused(Attendee),
    /// Not read: the mapping has no name column (said once, on line 1).
    Unmapped(Attendee),
    /// A person of the file: the first row with their email, with the
    /// filled cells of every later row with it laid over in order.
    Person(Attendee),
    /// A later row with the email of the row on that line.
    MergedInto(Attendee, i64),
}

/// The first pass: each row read, refused or merged into the first row with
/// its email (the later row's filled cells winning), and the merges.
fn merge_rows(
    file: &CsvFile,
    reader: &Reader,
    errors: &mut Vec<CsvRowError>,
) -> (Vec<RowRead>, Vec<CsvMerge>) {
    let mapping = reader.mapping;
    let mut reads = Vec::with_capacity(file.records.len());
    let mut merged = Vec::new();
    // Each email's first row: its index in `reads`.
    let mut first_of: HashMap<String, usize> = HashMap::new();
    for record in &file.records {
        let (read, bad_date) = read_row(record, reader);
        let refusal = match &record.problem {
            Some(problem) => Some(problem.clone()),
            None if !mapping.has_name() => {
                reads.push(RowRead::Unmapped(read));
                continue;
            }
            None => refusal(record.line, &read).or(bad_date),
        };
        if let Some(refusal) = refusal {
            errors.push(refusal);
            reads.push(RowRead::Refused(read));
            continue;
        }
        let key = email_key(&read.email);
        let first = (!key.is_empty())
            .then(|| first_of.get(&key).copied())
            .flatten();
        match first {
            Some(i) => {
                let into = file.records[i].line;
                if let RowRead::Person(person) = &mut reads[i] {
                    let laid = lay_over(person, &read);
                    merged.push(CsvMerge {
                        line: record.line,
                        into_line: into,
                        email: read.email.clone(),
                        fields: changed_fields(person, &laid),
                    });
                    *person = laid;
                }
                reads.push(RowRead::MergedInto(read, into));
            }
            None => {
                if !key.is_empty() {
                    first_of.insert(key, reads.len());
                }
                reads.push(RowRead::Person(read));
            }
        }
    }
    (reads, merged)
}

/// `earlier` with the cells `later` fills in place of its own.
fn lay_over(earlier: &Attendee, later: &Attendee) -> Attendee {
    let pick = |new: &str, old: &str| {
        if new.trim().is_empty() {
            old.to_owned()
        } else {
            new.to_owned()
        }
    };
    Attendee {
        name: pick(&later.name, &earlier.name),
        email: pick(&later.email, &earlier.email),
        organisation: pick(&later.organisation, &earlier.organisation),
        category: pick(&later.category, &earlier.category),
        notes: pick(&later.notes, &earlier.notes),
        registered_at: earliest(&earlier.registered_at, &later.registered_at),
        ..earlier.clone()
    }
}

/// The earlier of two registration dates: someone who registered twice
/// asked first the first time.
fn earliest(a: &Option<String>, b: &Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b).clone()),
        (a, None) => a.clone(),
        (None, b) => b.clone(),
    }
}

/// The attendee a row describes, as read through the mapping (without its
/// registration date).
pub(super) fn read_attendee(record: &Record, mapping: &CsvMapping, event_id: Id) -> Attendee {
    let reader = Reader {
        mapping,
        event_id,
        dates: None,
    };
    read_row(record, &reader).0
}

/// The attendee a row describes, as read through the mapping, and why its
/// registration date cannot be read, if so.
fn read_row(record: &Record, reader: &Reader) -> (Attendee, Option<CsvRowError>) {
    let mapping = reader.mapping;
    let cell = |field: Field| {
        mapping
            .get(field)
            .and_then(|i| record.cells.get(i))
            .map_or("", String::as_str)
    };
    let mut name = cell(Field::Name).to_owned();
    if name.is_empty() {
        name = [cell(Field::FirstName), cell(Field::LastName)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
    }
    let (registered_at, bad_date) = match &reader.dates {
        None => (None, None),
        Some(dates) => {
            let text = record.cells.get(dates.column).map_or("", String::as_str);
            match dates::parse(text, dates.day_first, dates.time_zone) {
                Ok(at) => (at, None),
                Err(()) => (None, Some(bad_date(record.line, dates, text))),
            }
        }
    };
    let attendee = Attendee {
        id: None,
        event_id: reader.event_id,
        name,
        email: cell(Field::Email).to_owned(),
        organisation: cell(Field::Organisation).to_owned(),
        category: cell(Field::Category).to_owned(),
        notes: cell(Field::Notes).to_owned(),
        registered_at,
    };
    (attendee, bad_date)
}

fn bad_date(line: i64, dates: &DateColumn, text: &str) -> CsvRowError {
    CsvRowError {
        line,
        column: Some(dates.column as i64 + 1),
        field: Some("registeredAt".into()),
        reason: "bad_date".into(),
        message: format!(
            "{:?}: {text:?} is not a date (as in 03/06/2025 14:02 or 2025-06-03 14:02)",
            dates.header
        ),
    }
}

/// The row as the preview shows it, refused until the plan says otherwise.
fn row_of(record: &Record, read: &Attendee) -> CsvRow {
    CsvRow {
        line: record.line,
        cells: record.cells.clone(),
        name: read.name.clone(),
        email: read.email.clone(),
        organisation: read.organisation.clone(),
        category: read.category.clone(),
        notes: read.notes.clone(),
        registered_at: read.registered_at.clone(),
        action: CsvRowAction::Error,
        attendee_id: None,
        merged_into: None,
    }
}

/// Why a well-formed row is refused: an invalid attendee.
fn refusal(line: i64, read: &Attendee) -> Option<CsvRowError> {
    validate::attendee(read).err().map(|e| CsvRowError {
        line,
        column: None,
        field: e.field,
        reason: e.reason.unwrap_or_default(),
        message: e.message,
    })
}

/// What a row does to the attendee with its email: nothing, or an update
/// (recorded in `updates`) to write.
fn update(
    current: &Attendee,
    read: &Attendee,
    row: &mut CsvRow,
    updates: &mut Vec<CsvUpdate>,
) -> Option<Attendee> {
    let merged = merge(current, read);
    row.attendee_id = current.id;
    if &merged == current {
        row.action = CsvRowAction::Unchanged;
        None
    } else {
        row.action = CsvRowAction::Update;
        updates.push(CsvUpdate {
            line: row.line,
            attendee_id: current.id.expect("stored attendees have an id"),
            name: merged.name.clone(),
            email: merged.email.clone(),
            fields: changed_fields(current, &merged),
        });
        Some(merged)
    }
}

/// A new attendee named like a stored one (`by_name`) or like one created
/// by an earlier line (`names_created`, which remembers them): created all
/// the same, and shown so the organiser can check.
fn duplicate(
    line: i64,
    name: &str,
    by_name: &HashMap<String, Id>,
    names_created: &mut HashMap<String, i64>,
) -> Option<CsvDuplicate> {
    let key = name_key(name);
    if let Some(&same) = by_name.get(&key) {
        Some(CsvDuplicate {
            line,
            name: name.to_owned(),
            attendee_id: Some(same),
            other_line: None,
        })
    } else if let Some(&other) = names_created.get(&key) {
        Some(CsvDuplicate {
            line,
            name: name.to_owned(),
            attendee_id: None,
            other_line: Some(other),
        })
    } else {
        names_created.insert(key, line);
        None
    }
}

/// An attendee as a row with their email updates them: the cells it fills
/// replace, the empty or unmapped ones leave what was there. The email stays
/// as it was written (it may differ in case only).
fn merge(current: &Attendee, read: &Attendee) -> Attendee {
    let pick = |new: &str, old: &str| {
        if new.trim().is_empty() {
            old.to_owned()
        } else {
            new.trim().to_owned()
        }
    };
    Attendee {
        id: current.id,
        event_id: current.event_id,
        name: pick(&read.name, &current.name),
        email: current.email.clone(),
        organisation: pick(&read.organisation, &current.organisation),
        category: pick(&read.category, &current.category),
        notes: pick(&read.notes, &current.notes),
        registered_at: earliest(&current.registered_at, &read.registered_at),
    }
}

fn changed_fields(before: &Attendee, after: &Attendee) -> Vec<String> {
    let mut fields: Vec<String> = [
        ("name", &before.name, &after.name),
        ("email", &before.email, &after.email),
        ("organisation", &before.organisation, &after.organisation),
        ("category", &before.category, &after.category),
        ("notes", &before.notes, &after.notes),
    ]
    .into_iter()
    .filter(|(_, b, a)| b != a)
    .map(|(f, _, _)| f.to_owned())
    .collect();
    if before.registered_at != after.registered_at {
        fields.push("registeredAt".to_owned());
    }
    fields
}

pub(super) fn delimiter_text(delimiter: char) -> String {
    delimiter.to_string()
}

impl Plan {
    pub(super) fn count(&self, action: CsvRowAction) -> i64 {
        self.rows.iter().filter(|(r, _)| r.action == action).count() as i64
    }

    /// The error refusing the whole file, naming its first rows at fault.
    pub(super) fn refusal(&self) -> Option<Error> {
        refusal_of(&self.errors)
    }
}

/// The error refusing a whole file for `errors`, naming its first rows at
/// fault (and their columns, when known).
pub(super) fn refusal_of(errors: &[CsvRowError]) -> Option<Error> {
    let first = errors.first()?;
    let mut lines: Vec<String> = errors
        .iter()
        .take(ERRORS_IN_MESSAGE)
        .map(|e| match e.column {
            Some(column) => format!("line {}, column {column}: {}", e.line, e.message),
            None => format!("line {}: {}", e.line, e.message),
        })
        .collect();
    if errors.len() > ERRORS_IN_MESSAGE {
        lines.push(format!("and {} more", errors.len() - ERRORS_IN_MESSAGE));
    }
    Some(Error::invalid(
        "file",
        &first.reason,
        format!(
            "nothing imported, {} row{} refused: {}",
            errors.len(),
            if errors.len() == 1 { "" } else { "s" },
            lines.join("; ")
        ),
    ))
}
