//! Rows of choices to what an import would do against the block: whom it
//! creates, whose ranking it sets, which rows it refuses (naming line and
//! column) and which texts name no workshop.

use super::grid;
use super::matching::{split_cell, Match, Matcher};
use super::{
    ChoiceAlias, ChoiceCell, ChoiceRow, ChoiceRowAction, ChoiceWorkshop, ChoicesMapping,
    UnmatchedChoice,
};
use crate::error::{Error, Result};
use crate::model::{Attendee, Id};
use crate::programme::validate;
use crate::signups::attendees;
use crate::signups::csv::plan::{email_key, name_key, read_attendee};
use crate::signups::csv::{CsvFile, CsvRowError, Record};
use crate::signups::engine::within as engine;
use crate::words::slug;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// The block as an import of choices needs it.
pub(super) struct Block {
    pub(super) id: Id,
    event_id: Id,
    max_choices: i64,
    /// Each workshop with the titles of its items, by first occurrence.
    workshops: Vec<(Id, Vec<String>)>,
    attendees: Vec<Attendee>,
    rankings: HashMap<Id, Vec<Id>>,
    wishes: HashMap<Id, i64>,
}

impl Block {
    pub(super) fn read(conn: &Connection, block_id: Id) -> Result<Block> {
        let (event_id, max_choices): (Id, i64) = conn
            .query_row(
                "SELECT event_id, max_choices FROM choice_blocks WHERE id = ?1",
                [block_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| Error::not_found("block", block_id))?;
        let mut workshops: Vec<(Id, Vec<String>)> = Vec::new();
        let mut stmt = conn.prepare(
            "SELECT w.id, i.title FROM workshops w JOIN items i ON i.workshop_id = w.id \
             WHERE w.block_id = ?1 ORDER BY i.starts_at, i.id",
        )?;
        let rows = stmt.query_map([block_id], |r| Ok((r.get::<_, Id>(0)?, r.get(1)?)))?;
        for row in rows {
            let (id, title): (Id, String) = row?;
            match workshops.iter_mut().find(|(w, _)| *w == id) {
                Some((_, titles)) if !titles.contains(&title) => titles.push(title),
                Some(_) => {}
                None => workshops.push((id, vec![title])),
            }
        }
        if workshops.is_empty() {
            return Err(Error::invalid(
                "block",
                "no_workshops",
                "the block has no workshop to choose",
            ));
        }
        let mut rankings: HashMap<Id, Vec<Id>> = HashMap::new();
        let mut stmt = conn.prepare(
            "SELECT k.attendee_id, k.workshop_id FROM rankings k JOIN workshops w ON w.id = k.workshop_id \
             WHERE w.block_id = ?1 ORDER BY k.attendee_id, k.rank",
        )?;
        let rows = stmt.query_map([block_id], |r| Ok((r.get::<_, Id>(0)?, r.get(1)?)))?;
        for row in rows {
            let (a, w) = row?;
            rankings.entry(a).or_default().push(w);
        }
        Ok(Block {
            id: block_id,
            event_id,
            max_choices,
            workshops,
            attendees: attendees::within::list(conn, event_id)?,
            rankings,
            wishes: engine::block_wishes(conn, block_id)?,
        })
    }

    pub(super) fn choice_workshops(&self) -> Vec<ChoiceWorkshop> {
        self.workshops
            .iter()
            .map(|(id, titles)| ChoiceWorkshop {
                id: *id,
                title: titles[0].clone(),
            })
            .collect()
    }

    fn title(&self, id: Id) -> &str {
        self.workshops
            .iter()
            .find(|(w, _)| *w == id)
            .map_or("?", |(_, titles)| titles[0].as_str())
    }
}

/// Who a row ranks for.
enum Who {
    Existing(Id),
    New(Attendee),
}

/// What to write for a row.
struct Write {
    who: Who,
    ranking: Vec<Id>,
    wishes: Option<i64>,
}

/// What a file of choices would do to a block.
pub(super) struct ChoicesPlan {
    pub(super) rows: Vec<ChoiceRow>,
    /// Beside each row, what to write for it.
    writes: Vec<Option<Write>>,
    pub(super) unmatched: Vec<UnmatchedChoice>,
    pub(super) errors: Vec<CsvRowError>,
    /// The file says how many workshops each attendee wishes.
    wishes_column: bool,
}

fn error(line: i64, column: Option<usize>, reason: &str, message: String) -> CsvRowError {
    CsvRowError {
        line,
        column: column.map(|c| c as i64 + 1),
        field: None,
        reason: reason.into(),
        message,
    }
}

/// The errors of a file whose mapping finds no person or no choice.
fn header_errors(file: &CsvFile, mapping: &ChoicesMapping) -> Vec<CsvRowError> {
    let mut errors = Vec::new();
    let headers = file.headers.join(" | ");
    if !mapping.attendee.has_name() && mapping.attendee.email.is_none() {
        errors.push(error(
            1,
            None,
            "no_person_column",
            format!("no column holds names or emails; the headers are: {headers}"),
        ));
    }
    if mapping.choices.is_empty() && mapping.grid.is_empty() {
        errors.push(error(
            1,
            None,
            "no_choice_column",
            format!(
                "no column holds choices (\"Choix 1\", \"Choix 2\"…); the headers are: {headers}"
            ),
        ));
    }
    errors
}

pub(super) fn plan(
    file: &CsvFile,
    mapping: &ChoicesMapping,
    block: &Block,
    accepted: &[ChoiceAlias],
) -> ChoicesPlan {
    let accepted: Vec<(String, Id)> = accepted
        .iter()
        .map(|a| (a.text.clone(), a.workshop_id))
        .collect();
    let mut plan = ChoicesPlan {
        rows: Vec::new(),
        writes: Vec::new(),
        unmatched: Vec::new(),
        errors: header_errors(file, mapping),
        wishes_column: mapping.wishes.is_some(),
    };
    if !plan.errors.is_empty() {
        return plan;
    }
    let reader = Reader {
        mapping,
        grid: mapping
            .grid
            .iter()
            .map(|&c| (c, grid::workshop_text(&file.headers[c]).to_owned()))
            .collect(),
        block,
        matcher: Matcher::new(&block.workshops, &accepted),
        by_email: block
            .attendees
            .iter()
            .filter(|a| !a.email.trim().is_empty())
            .map(|a| (email_key(&a.email), a))
            .collect(),
        by_name: block.attendees.iter().fold(HashMap::new(), |mut m, a| {
            m.entry(name_key(&a.name)).or_insert_with(Vec::new).push(a);
            m
        }),
    };
    let mut unmatched: HashMap<String, usize> = HashMap::new();
    // Each person's row: its index in `rows`.
    let mut row_of: HashMap<String, usize> = HashMap::new();
    for record in &file.records {
        let (row, write, key) = reader.row(record, &mut plan, &mut unmatched);
        if let Some(key) = key {
            if let Some(earlier) = row_of.insert(key, plan.rows.len()) {
                plan.rows[earlier].action = ChoiceRowAction::Replaced;
                plan.rows[earlier].replaced_by = Some(row.line);
                plan.writes[earlier] = None;
            }
        }
        plan.rows.push(row);
        plan.writes.push(write);
    }
    plan
}

/// What reading a row's choices found besides its ranking.
struct Found<'p> {
    cells: Vec<ChoiceCell>,
    errors: Vec<CsvRowError>,
    /// The texts naming no workshop, and each one's index by its slug.
    unmatched: &'p mut Vec<UnmatchedChoice>,
    by_text: &'p mut HashMap<String, usize>,
}

impl Found<'_> {
    /// Notes that `text` on `line` names no workshop.
    fn unmatched(&mut self, text: &str, proposal: Option<Id>, line: i64) {
        let list = &mut *self.unmatched;
        let index = *self.by_text.entry(slug(text)).or_insert_with(|| {
            list.push(UnmatchedChoice {
                text: text.to_owned(),
                proposal,
                lines: Vec::new(),
            });
            list.len() - 1
        });
        let lines = &mut self.unmatched[index].lines;
        if lines.last() != Some(&line) {
            lines.push(line);
        }
    }
}

/// Reads rows against the block.
struct Reader<'a> {
    mapping: &'a ChoicesMapping,
    /// The ranking grid's columns, each with the text naming its workshop.
    grid: Vec<(usize, String)>,
    block: &'a Block,
    matcher: Matcher,
    by_email: HashMap<String, &'a Attendee>,
    by_name: HashMap<String, Vec<&'a Attendee>>,
}

impl Reader<'_> {
    /// A row, what to write for it, and the key of the person it is for
    /// (none when refused or left out).
    fn row(
        &self,
        record: &Record,
        plan: &mut ChoicesPlan,
        unmatched: &mut HashMap<String, usize>,
    ) -> (ChoiceRow, Option<Write>, Option<String>) {
        let read = read_attendee(record, &self.mapping.attendee, self.block.event_id);
        let mut row = ChoiceRow {
            line: record.line,
            name: read.name.clone(),
            email: read.email.clone(),
            action: ChoiceRowAction::Error,
            attendee_id: None,
            choices: Vec::new(),
            wishes: None,
            replaced_by: None,
        };
        if let Some(problem) = &record.problem {
            plan.errors.push(problem.clone());
            return (row, None, None);
        }
        let mut found = Found {
            cells: Vec::new(),
            errors: Vec::new(),
            unmatched: &mut plan.unmatched,
            by_text: unmatched,
        };
        let ranking = self.choices(record, &mut found);
        row.choices = found.cells;
        let mut errors = found.errors;
        row.wishes = self.wishes(record, &mut errors);
        let who = self.who(&read, record.line, &mut errors);
        if !errors.is_empty() {
            plan.errors.extend(errors);
            return (row, None, None);
        }
        let Some(who) = who else {
            return (row, None, None);
        };
        if ranking.is_empty() {
            row.action = ChoiceRowAction::Skipped;
            return (row, None, None);
        }
        let key = match &who {
            Who::Existing(id) => {
                row.attendee_id = Some(*id);
                let same_ranking = self.block.rankings.get(id) == Some(&ranking);
                let same_wishes =
                    !plan.wishes_column || self.block.wishes.get(id).copied() == row.wishes;
                row.action = if same_ranking && same_wishes {
                    ChoiceRowAction::Unchanged
                } else {
                    ChoiceRowAction::Update
                };
                format!("#{id}")
            }
            Who::New(a) => {
                row.action = ChoiceRowAction::Create;
                match email_key(&a.email) {
                    email if !email.is_empty() => format!("@{email}"),
                    _ => format!("={}", name_key(&a.name)),
                }
            }
        };
        let write = (row.action != ChoiceRowAction::Unchanged).then_some(Write {
            who,
            ranking,
            wishes: row.wishes,
        });
        (row, write, Some(key))
    }

    /// The row's choices matched, first choice first; each text naming no
    /// workshop, or one already chosen, is an error at its column.
    fn choices(&self, record: &Record, found: &mut Found) -> Vec<Id> {
        let mut ranking = Vec::new();
        if !self.grid.is_empty() {
            for (column, text) in self.grid_ranking(record, found) {
                self.choose(&text, column, record.line, &mut ranking, found);
            }
            return ranking;
        }
        for &column in &self.mapping.choices {
            let cell = record.cells.get(column).map_or("", String::as_str);
            for text in split_cell(cell, &self.matcher) {
                self.choose(&text, column, record.line, &mut ranking, found);
            }
        }
        ranking
    }

    /// The workshops a row ranks in the grid, as (column, the text naming
    /// the workshop), by rank then column: ranks with a gap read in their
    /// order; a cell that is no rank, holds two, or gives the rank of
    /// another workshop of the row is an error at its column.
    fn grid_ranking(&self, record: &Record, found: &mut Found) -> Vec<(usize, String)> {
        let mut ranked: Vec<(usize, usize, &str)> = Vec::new();
        for (column, text) in &self.grid {
            let cell = record.cells.get(*column).map_or("", String::as_str).trim();
            let problem = match grid::read_cell(cell) {
                grid::Cell::Unranked => continue,
                grid::Cell::Rank(rank) => match ranked.iter().find(|(r, _, _)| *r == rank) {
                    None => {
                        ranked.push((rank, *column, text));
                        continue;
                    }
                    Some((_, other, other_text)) => (
                        "same_rank",
                        format!(
                            "\"{cell}\" ranks \"{text}\" as it ranks \"{other_text}\" (column {})",
                            other + 1
                        ),
                    ),
                },
                grid::Cell::Several => (
                    "bad_rank",
                    format!("\"{cell}\" gives \"{text}\" more than one rank"),
                ),
                grid::Cell::Unreadable => (
                    "bad_rank",
                    format!("\"{cell}\" is no rank (\"1er choix\", \"Choice 2\"…) for \"{text}\""),
                ),
            };
            found
                .errors
                .push(error(record.line, Some(*column), problem.0, problem.1));
        }
        ranked.sort();
        ranked
            .into_iter()
            .map(|(_, column, text)| (column, text.to_owned()))
            .collect()
    }

    /// One text of a row at `column`, matched and added to the row's
    /// `ranking`; naming no workshop or one already chosen, an error.
    fn choose(
        &self,
        text: &str,
        column: usize,
        line: i64,
        ranking: &mut Vec<Id>,
        found: &mut Found,
    ) {
        let mut choice = ChoiceCell {
            text: text.to_owned(),
            column: column as i64 + 1,
            workshop_id: None,
            accepted: false,
            proposal: None,
        };
        match self.matcher.find(text) {
            Match::Workshop(id) | Match::Accepted(id) if ranking.contains(&id) => {
                choice.workshop_id = Some(id);
                found.errors.push(error(
                    line,
                    Some(column),
                    "duplicate_choice",
                    format!(
                        "\"{text}\" chooses \"{}\" a second time",
                        self.block.title(id)
                    ),
                ));
            }
            matched @ (Match::Workshop(id) | Match::Accepted(id)) => {
                choice.workshop_id = Some(id);
                choice.accepted = matches!(matched, Match::Accepted(_));
                ranking.push(id);
            }
            Match::None(proposal) => {
                choice.proposal = proposal;
                let closest = proposal.map_or(String::new(), |p| {
                    format!(" (the closest is \"{}\")", self.block.title(p))
                });
                found.errors.push(error(
                    line,
                    Some(column),
                    "unknown_workshop",
                    format!("\"{text}\" is no workshop of the block{closest}"),
                ));
                found.unmatched(text, proposal, line);
            }
        }
        found.cells.push(choice);
    }

    /// How many workshops the row wishes: a number from 1 to the block's
    /// maximum ("2", "2 ateliers", "deux"); an empty cell says nothing.
    fn wishes(&self, record: &Record, errors: &mut Vec<CsvRowError>) -> Option<i64> {
        let column = self.mapping.wishes?;
        let cell = record.cells.get(column).map_or("", String::as_str);
        if cell.trim().is_empty() {
            return None;
        }
        let max = self.block.max_choices;
        match parse_count(cell).filter(|n| (1..=max).contains(n)) {
            Some(n) => Some(n),
            None => {
                errors.push(error(
                    record.line,
                    Some(column),
                    "bad_wishes",
                    format!("\"{cell}\" is not a number of workshops from 1 to {max}"),
                ));
                None
            }
        }
    }

    /// The attendee a row is for: by email, else by name when only one
    /// attendee has it and no two emails disagree, else a new one (refused
    /// when not valid: no name, a malformed email).
    fn who(&self, read: &Attendee, line: i64, errors: &mut Vec<CsvRowError>) -> Option<Who> {
        let email = email_key(&read.email);
        if let Some(a) = self.by_email.get(&email).filter(|_| !email.is_empty()) {
            return a.id.map(Who::Existing);
        }
        if let Some([a]) = self.by_name.get(&name_key(&read.name)).map(Vec::as_slice) {
            if email.is_empty() || a.email.trim().is_empty() {
                return a.id.map(Who::Existing);
            }
        }
        match validate::attendee(read) {
            Ok(()) => Some(Who::New(read.clone())),
            Err(e) => {
                let column = match e.field.as_deref() {
                    Some("email") => self.mapping.attendee.email,
                    _ => None,
                };
                errors.push(CsvRowError {
                    line,
                    column: column.map(|c| c as i64 + 1),
                    field: e.field,
                    reason: e.reason.unwrap_or_default(),
                    message: e.message,
                });
                None
            }
        }
    }
}

/// A count as people write it: "2", "2 ateliers", "deux", "two".
fn parse_count(cell: &str) -> Option<i64> {
    let slugged = slug(cell);
    let first = slugged.split('-').next()?;
    let words = [
        ("un", 1),
        ("une", 1),
        ("one", 1),
        ("deux", 2),
        ("two", 2),
        ("trois", 3),
        ("three", 3),
        ("quatre", 4),
        ("four", 4),
        ("cinq", 5),
        ("five", 5),
        ("six", 6),
    ];
    if let Some(&(_, n)) = words.iter().find(|(w, _)| *w == first) {
        return Some(n);
    }
    first.parse().ok()
}

impl ChoicesPlan {
    pub(super) fn count(&self, action: ChoiceRowAction) -> i64 {
        self.rows.iter().filter(|r| r.action == action).count() as i64
    }

    /// Attendees written with a number of wishes.
    pub(super) fn wishes_given(&self) -> i64 {
        self.rows
            .iter()
            .filter(|r| {
                r.wishes.is_some()
                    && matches!(
                        r.action,
                        ChoiceRowAction::Create
                            | ChoiceRowAction::Update
                            | ChoiceRowAction::Unchanged
                    )
            })
            .count() as i64
    }

    /// Writes every attendee to create and every ranking to set.
    pub(super) fn write(&self, conn: &Connection, block: &Block) -> Result<()> {
        for write in self.writes.iter().flatten() {
            let id = match &write.who {
                Who::Existing(id) => *id,
                Who::New(a) => attendees::within::save(conn, a)?,
            };
            engine::set_ranking(conn, id, block.id, &write.ranking)?;
            if self.wishes_column {
                engine::set_wishes(conn, id, block.id, write.wishes)?;
            }
        }
        Ok(())
    }
}
