//! Spreadsheets for the organiser's own tools: the attendees, the sign-ups
//! per workshop, the allocation's result, and the changes since a version,
//! each as `.xlsx` (rust_xlsxwriter: a maintained writer of real Excel
//! files, with bold headers, a filter and a frozen first row) or `.csv`
//! (UTF-8 with a BOM so that Excel reads the accents; `;`-separated in
//! French, as French Excel expects, `,` in English).
//!
//! Each sheet is first a [`Table`] (headers and text or number cells), so
//! both formats say exactly the same thing. Words are the event's
//! language (`words::sheets`).

use crate::db::Db;
use crate::error::{Error, ErrorCode, Result};
use crate::model::{Id, Item, SignupStatus};
use crate::words::fold::sort_key;
use crate::words::{slug, Lang};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// The spreadsheets Déroulé writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Sheet {
    /// One row per attendee, with their workshops.
    Attendees,
    /// One row per sign-up, workshop by workshop: confirmed, then waiting.
    Signups,
    /// One row per attendee and choice block they ranked: what they wished
    /// and what they hold now.
    Allocation,
    /// One row per change since the last version sent out (or `since`).
    Changes,
}

impl Sheet {
    fn name(self) -> &'static str {
        match self {
            Sheet::Attendees => "attendees",
            Sheet::Signups => "signups",
            Sheet::Allocation => "allocation",
            Sheet::Changes => "changes",
        }
    }
}

/// `.xlsx` or `.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SheetFormat {
    Xlsx,
    Csv,
}

impl SheetFormat {
    pub fn extension(self) -> &'static str {
        match self {
            SheetFormat::Xlsx => "xlsx",
            SheetFormat::Csv => "csv",
        }
    }
}

/// A spreadsheet ready to be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Cell {
        Cell::Number(n as f64)
    }
}

/// A sheet before it is written: its tab's name, headers and rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// A sheet as read from the database, ready to be written as either format.
/// Reading needs the database; writing does not, so the app writes the
/// file (a workbook of 10,060 attendees is most of the export's time)
/// without holding the database, which other commands then still reach.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetData {
    table: Table,
    lang: Lang,
    /// The file's name without its extension.
    stem: String,
}

impl SheetData {
    /// The file's name as `format`.
    pub fn file_name(&self, format: SheetFormat) -> String {
        format!("{}.{}", self.stem, format.extension())
    }

    /// The sheet written as `format`, in the event's language.
    pub fn file(&self, format: SheetFormat) -> Result<SheetFile> {
        let bytes = match format {
            SheetFormat::Xlsx => xlsx(&self.table)?,
            SheetFormat::Csv => csv(&self.table, self.lang)?,
        };
        Ok(SheetFile {
            file_name: self.file_name(format),
            bytes,
        })
    }
}

impl Db {
    /// Reads `sheet` of an event, in the event's language. `since` names
    /// the version the changes are counted from (the latest when `None`);
    /// it applies to [`Sheet::Changes`] only.
    pub fn sheet(&self, event_id: Id, sheet: Sheet, since: Option<&str>) -> Result<SheetData> {
        let event = self.event(event_id)?;
        let lang = Lang::of_event(&event.language);
        let table = match sheet {
            Sheet::Attendees => attendees(self, event_id, lang)?,
            Sheet::Signups => signups(self, event_id, lang)?,
            Sheet::Allocation => allocation(self, event_id, lang)?,
            Sheet::Changes => changes(self, event_id, since, lang)?,
        };
        let mut parts = vec![
            slug(&event.title),
            event.date.format(crate::model::ymd::FORMAT).to_string(),
            lang.sheet_file(sheet.name()).to_owned(),
        ];
        parts.retain(|p| !p.is_empty());
        Ok(SheetData {
            table,
            lang,
            stem: parts.join("-"),
        })
    }
}

/// "2022-12-09 14:00": sorts as text and reads in any language.
fn when(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// "14h Atelier 1 : Retex" / "14:00 Atelier 1: Retex".
fn item_line(lang: Lang, item: &Item) -> String {
    format!("{} {}", lang.time(item.starts_at.time()), item.title.trim())
}

fn attendees(db: &Db, event_id: Id, lang: Lang) -> Result<Table> {
    let programme = db.programme(event_id)?;
    let items: HashMap<Id, &Item> = programme
        .items
        .iter()
        .filter_map(|i| Some((i.id?, i)))
        .collect();
    let r = db.registrations(event_id)?;
    let mut held: HashMap<Id, (Vec<&Item>, Vec<&Item>)> = HashMap::new();
    for s in &r.signups {
        let Some(item) = items.get(&s.item_id) else {
            continue;
        };
        let entry = held.entry(s.attendee_id).or_default();
        match s.status {
            SignupStatus::Confirmed => entry.0.push(item),
            SignupStatus::Waitlisted => entry.1.push(item),
            SignupStatus::Cancelled => {}
        }
    }
    let list = |items: &mut Vec<&Item>| {
        items.sort_by_key(|i| i.starts_at);
        items
            .iter()
            .map(|i| item_line(lang, i))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let rows = r
        .attendees
        .iter()
        .map(|a| {
            let (mut confirmed, mut waiting) =
                a.id.and_then(|id| held.remove(&id)).unwrap_or_default();
            vec![
                a.name.as_str().into(),
                a.email.as_str().into(),
                a.organisation.as_str().into(),
                a.category.as_str().into(),
                a.notes.as_str().into(),
                list(&mut confirmed).into(),
                list(&mut waiting).into(),
            ]
        })
        .collect();
    Ok(Table {
        title: lang.sheet_file("attendees"),
        headers: lang.sheet_attendees().to_vec(),
        rows,
    })
}

fn signups(db: &Db, event_id: Id, lang: Lang) -> Result<Table> {
    let programme = db.programme(event_id)?;
    let r = db.registrations(event_id)?;
    let people: HashMap<Id, &crate::model::Attendee> = r
        .attendees
        .iter()
        .filter_map(|a| Some((a.id?, a)))
        .collect();
    let rooms: HashMap<Id, &str> = programme
        .rooms
        .iter()
        .filter_map(|x| Some((x.id?, x.name.as_str())))
        .collect();
    let mut rows = Vec::new();
    // Items in programme order; in each, confirmed in request order, then
    // the waiting list in its order (`signups` come in request order).
    // Each item's sign-ups, in request order: grouped once, where a scan
    // of every sign-up per item cost 514 × 30,000 on a large event.
    let mut by_item: HashMap<Id, Vec<&crate::model::Signup>> = HashMap::new();
    for s in &r.signups {
        by_item.entry(s.item_id).or_default().push(s);
    }
    for item in &programme.items {
        let Some(id) = item.id else { continue };
        let held = by_item.get(&id).map_or(&[][..], Vec::as_slice);
        let of = |status| held.iter().copied().filter(move |s| s.status == status);
        let confirmed = of(SignupStatus::Confirmed).map(|s| (s, None));
        let waiting = of(SignupStatus::Waitlisted)
            .enumerate()
            .map(|(k, s)| (s, Some(k + 1)));
        for (s, rank) in confirmed.chain(waiting) {
            let Some(a) = people.get(&s.attendee_id) else {
                continue;
            };
            rows.push(vec![
                when(item.starts_at).into(),
                when(item.ends_at).into(),
                item.title.as_str().into(),
                item.room_id
                    .and_then(|r| rooms.get(&r))
                    .copied()
                    .unwrap_or("")
                    .into(),
                lang.sheet_status(rank.is_none()).into(),
                rank.map_or(Cell::Text(String::new()), Cell::from),
                a.name.as_str().into(),
                a.email.as_str().into(),
                a.organisation.as_str().into(),
                lang.sheet_attended(s.attended).into(),
            ]);
        }
    }
    Ok(Table {
        title: lang.sheet_file("signups"),
        headers: lang.sheet_signups().to_vec(),
        rows,
    })
}

/// What each attendee who ranked a block's workshops wished and holds now
/// (the block's confirmed sign-ups as they are in the database, whatever
/// made them).
fn allocation(db: &Db, event_id: Id, lang: Lang) -> Result<Table> {
    let programme = db.programme(event_id)?;
    let items: HashMap<Id, &Item> = programme
        .items
        .iter()
        .filter_map(|i| Some((i.id?, i)))
        .collect();
    let r = db.registrations(event_id)?;
    let workshop_title: HashMap<Id, &str> = r
        .workshops
        .iter()
        .filter_map(|w| Some((w.id, items.get(w.item_ids.first()?)?.title.trim())))
        .collect();
    let ranked_by = event_rankings(db, event_id)?;
    // Each attendee's confirmed seats, in the sign-ups' order.
    let mut seats: HashMap<Id, Vec<&Item>> = HashMap::new();
    for s in &r.signups {
        if s.status == SignupStatus::Confirmed {
            if let Some(item) = items.get(&s.item_id) {
                seats.entry(s.attendee_id).or_default().push(item);
            }
        }
    }
    let mut attendees: Vec<&crate::model::Attendee> = r
        .attendees
        .iter()
        .filter(|a| a.id.is_some_and(|id| ranked_by.contains_key(&id)))
        .collect();
    attendees.sort_by_cached_key(|a| (sort_key(&a.name), a.id));
    let mut rows = Vec::new();
    for block in &r.blocks {
        let Some(block_id) = block.id else { continue };
        for a in &attendees {
            let Some(aid) = a.id else { continue };
            let Some(ranked) = ranked_by.get(&aid).and_then(|b| b.get(&block_id)) else {
                continue;
            };
            let mut given: Vec<&Item> = seats
                .get(&aid)
                .into_iter()
                .flatten()
                .copied()
                .filter(|i| i.block_id == Some(block_id))
                .collect();
            given.sort_by_key(|i| i.starts_at);
            let choices = ranked
                .iter()
                .enumerate()
                .map(|(k, w)| {
                    format!(
                        "{}. {}",
                        k + 1,
                        workshop_title.get(w).copied().unwrap_or("?")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            let got = given
                .iter()
                .map(|i| {
                    let rank = i
                        .workshop_id
                        .and_then(|w| ranked.iter().position(|x| *x == w));
                    match rank {
                        Some(k) => format!("{} {}", item_line(lang, i), lang.sheet_choice(k + 1)),
                        None => item_line(lang, i),
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            rows.push(vec![
                block.name.as_str().into(),
                a.name.as_str().into(),
                a.email.as_str().into(),
                a.organisation.as_str().into(),
                (block.max_choices.max(0) as usize).into(),
                given.len().into(),
                choices.into(),
                got.into(),
            ]);
        }
    }
    Ok(Table {
        title: lang.sheet_file("allocation"),
        headers: lang.sheet_allocation().to_vec(),
        rows,
    })
}

/// Every ranking of an event in one query, where a query per attendee ran
/// 10,000 of them on a large event: attendee → block → workshops in rank
/// order.
fn event_rankings(db: &Db, event_id: Id) -> Result<HashMap<Id, HashMap<Id, Vec<Id>>>> {
    let mut ranked_by: HashMap<Id, HashMap<Id, Vec<Id>>> = HashMap::new();
    let mut stmt = db.conn().prepare_cached(
        "SELECT k.attendee_id, w.block_id, k.workshop_id FROM rankings k \
         JOIN workshops w ON w.id = k.workshop_id JOIN choice_blocks b ON b.id = w.block_id \
         WHERE b.event_id = ?1 ORDER BY k.attendee_id, w.block_id, k.rank",
    )?;
    let rows = stmt.query_map([event_id], |r| {
        Ok((r.get::<_, Id>(0)?, r.get::<_, Id>(1)?, r.get::<_, Id>(2)?))
    })?;
    for row in rows {
        let (attendee, block, workshop) = row?;
        ranked_by
            .entry(attendee)
            .or_default()
            .entry(block)
            .or_default()
            .push(workshop);
    }
    Ok(ranked_by)
}

fn changes(db: &Db, event_id: Id, since: Option<&str>, lang: Lang) -> Result<Table> {
    let report = db.changes(event_id, since, Some(lang))?;
    let speakers: HashMap<Id, &str> = report
        .speakers
        .iter()
        .map(|p| (p.id, p.name.as_str()))
        .collect();
    let kind_name = |k| {
        serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let rows = report
        .changes
        .iter()
        .map(|c| {
            let names: Vec<&str> = c
                .speaker_ids
                .iter()
                .filter_map(|id| speakers.get(id).copied())
                .collect();
            vec![
                when(c.item.starts_at).into(),
                c.item.title.as_str().into(),
                c.item.room.clone().unwrap_or_default().into(),
                lang.change_kind(&kind_name(c.kind)).into(),
                c.before.clone().unwrap_or_default().into(),
                c.after.clone().unwrap_or_default().into(),
                c.text.as_str().into(),
                c.attendee_ids.len().into(),
                c.waiting_ids.len().into(),
                names.join("\n").into(),
            ]
        })
        .collect();
    Ok(Table {
        title: lang.sheet_file("changes"),
        headers: lang.sheet_changes().to_vec(),
        rows,
    })
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::new(ErrorCode::Io, format!("cannot write the spreadsheet: {e}"))
}

/// The widest a column is made to fit its cells, in pixels (about 60
/// characters); longer text wraps or runs on.
const MAX_COLUMN_PIXELS: u32 = 60 * 7;

/// The table as an Excel workbook of one sheet.
pub fn xlsx(table: &Table) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{cell_autofit_width, Format, Workbook};
    let mut book = Workbook::new();
    // Deflate level 1: 10,060 attendees' rows in 33 ms against 48 ms at
    // the default level, the file 357 KB against 219 KB.
    book.set_zip_compression_level(1);
    // Each row written out as it comes, its strings inline, rather than
    // every cell kept as an object and the strings shared: 10,060
    // attendees' sheet 31 -> 22 ms. Excel, LibreOffice and openpyxl read
    // both alike. The columns are fitted here (the writer's autofit sees
    // only the rows it still holds).
    let sheet = book
        .add_worksheet_with_constant_memory()
        .map_err(xlsx_error)?;
    sheet.set_name(table.title).map_err(xlsx_error)?;
    let fit = |text: &str| text.lines().map(cell_autofit_width).max().unwrap_or(0);
    for (col, h) in table.headers.iter().enumerate() {
        // The header's filter button takes 16 pixels more.
        let header = fit(h) + 16;
        let widest = table
            .rows
            .iter()
            .filter_map(|row| row.get(col))
            .map(|cell| match cell {
                Cell::Text(t) => fit(t),
                Cell::Number(n) => cell_autofit_width(&n.to_string()),
            })
            .fold(header, u32::max);
        sheet
            .set_column_autofit_width(col as u16, widest.min(MAX_COLUMN_PIXELS))
            .map_err(xlsx_error)?;
    }
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for (col, h) in table.headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *h, &bold)
            .map_err(xlsx_error)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (col, cell) in row.iter().enumerate() {
            let col = col as u16;
            match cell {
                Cell::Text(t) if t.is_empty() => {}
                Cell::Text(t) if t.contains('\n') => {
                    sheet
                        .write_string_with_format(r, col, t, &wrap)
                        .map_err(xlsx_error)?;
                }
                Cell::Text(t) => {
                    sheet.write_string(r, col, t).map_err(xlsx_error)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, col, *n).map_err(xlsx_error)?;
                }
            }
        }
    }
    let last_col = table.headers.len().saturating_sub(1) as u16;
    sheet
        .autofilter(0, 0, table.rows.len() as u32, last_col)
        .map_err(xlsx_error)?;
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    book.save_to_buffer().map_err(xlsx_error)
}

/// The table as CSV: UTF-8 with a BOM, `;` in French and `,` in English,
/// quoted where needed, CRLF line ends.
pub fn csv(table: &Table, lang: Lang) -> Result<Vec<u8>> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(if lang == Lang::Fr { b';' } else { b',' })
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        let io = |e: ::csv::Error| Error::new(ErrorCode::Io, format!("cannot write the CSV: {e}"));
        w.write_record(&table.headers).map_err(io)?;
        for row in &table.rows {
            w.write_record(row.iter().map(|c| match c {
                Cell::Text(t) => t.clone(),
                Cell::Number(n) => format!("{n}"),
            }))
            .map_err(io)?;
        }
        w.flush()?;
    }
    Ok(out)
}
