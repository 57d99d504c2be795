//! Attendees from a CSV file: the lists that registration platforms
//! (Weezevent, HelloAsso) and spreadsheets export, each with its own headers.
//!
//! Reading goes in three steps. [`CsvFile::read`] decodes the bytes (UTF-8
//! with or without BOM, UTF-16 with BOM, else Windows-1252, which is what
//! Excel writes for "CSV (séparateur : point-virgule)"), finds the separator
//! from the header line, and splits the rows, keeping each one's physical
//! line (the header is line 1). [`guess_mapping`] reads the headers to say
//! which column holds what; the UI shows that guess, lets the organiser
//! change it, and sends it back. [`preview`] then says what an import would
//! do against the event's attendees: whom it creates, whom it updates, which
//! rows it refuses and why.
//!
//! An import is all or nothing: one refused row refuses the file, so fixing
//! the file and importing it again never leaves half a list behind. People
//! are recognised by email, as in the database (one attendee per email and
//! event, case-insensitively): a row with the email of an attendee updates
//! them with the cells it fills, and leaves the others as they were.

use crate::db::Db;
use crate::error::{Error, ErrorCode, Result};
use crate::model::slug;
use crate::model::{Attendee, Id};
use crate::programme::validate;
use crate::signups::attendees;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use ts_rs::TS;

/// How many rows a preview shows.
pub const PREVIEW_ROWS: usize = 20;

/// Files larger than this are refused before reading (an export of several
/// thousand registrations with every column is a few megabytes).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// How many row errors the message of a refused import lists.
const ERRORS_IN_MESSAGE: usize = 5;

/// The character encoding a file was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CsvEncoding {
    Utf8,
    /// UTF-8 starting with a byte order mark, as Excel's "CSV UTF-8" writes.
    Utf8Bom,
    /// UTF-16 with a byte order mark (Excel's "Texte Unicode").
    Utf16Le,
    Utf16Be,
    /// Anything that is not valid UTF-8: what Excel on Windows writes for
    /// plain "CSV" in French.
    Windows1252,
}

/// Which column holds what, by position (0 for the first column). `name`
/// holds whole names; without it, or where it is empty, `firstName` and
/// `lastName` are joined ("Chloé" + "Martin" → "Chloé Martin").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvMapping {
    pub name: Option<usize>,
    pub first_name: Option<usize>,
    pub last_name: Option<usize>,
    pub email: Option<usize>,
    pub organisation: Option<usize>,
    pub category: Option<usize>,
    pub notes: Option<usize>,
}

/// The fields a column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    FirstName,
    LastName,
    Email,
    Organisation,
    Category,
    Notes,
}

impl Field {
    const ALL: [Field; 7] = [
        Field::Name,
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Organisation,
        Field::Category,
        Field::Notes,
    ];

    /// The name in `--map` and in the JSON of [`CsvMapping`].
    fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::FirstName => "firstName",
            Field::LastName => "lastName",
            Field::Email => "email",
            Field::Organisation => "organisation",
            Field::Category => "category",
            Field::Notes => "notes",
        }
    }

    /// Reads a field name as people type it: `first_name`, `firstName`,
    /// `first-name`, `organization`.
    fn parse(text: &str) -> Option<Field> {
        let plain: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match plain.as_str() {
            "name" => Field::Name,
            "firstname" => Field::FirstName,
            "lastname" => Field::LastName,
            "email" => Field::Email,
            "organisation" | "organization" => Field::Organisation,
            "category" => Field::Category,
            "notes" => Field::Notes,
            _ => return None,
        })
    }
}

impl CsvMapping {
    fn get(&self, field: Field) -> Option<usize> {
        match field {
            Field::Name => self.name,
            Field::FirstName => self.first_name,
            Field::LastName => self.last_name,
            Field::Email => self.email,
            Field::Organisation => self.organisation,
            Field::Category => self.category,
            Field::Notes => self.notes,
        }
    }

    fn slot(&mut self, field: Field) -> &mut Option<usize> {
        match field {
            Field::Name => &mut self.name,
            Field::FirstName => &mut self.first_name,
            Field::LastName => &mut self.last_name,
            Field::Email => &mut self.email,
            Field::Organisation => &mut self.organisation,
            Field::Category => &mut self.category,
            Field::Notes => &mut self.notes,
        }
    }

    /// Whether some column gives names.
    pub fn has_name(&self) -> bool {
        self.name.is_some() || self.first_name.is_some() || self.last_name.is_some()
    }

    /// Applies a command-line mapping such as `name=Nom complet,email=3` on
    /// top of `self`: each field names a column by its header (exactly, or
    /// ignoring case and accents) or by its number from 1; `field=` maps
    /// nothing to it. A column given to a field is taken from any other
    /// field. Headers holding a comma are named by their number.
    pub fn apply_map(&self, spec: &str, headers: &[String]) -> Result<CsvMapping> {
        let mut mapping = self.clone();
        for part in spec.split(',').filter(|p| !p.trim().is_empty()) {
            let Some((key, column)) = part.split_once('=') else {
                return Err(Error::invalid(
                    "map",
                    "bad_map",
                    format!("{part:?} is not field=column (as in name=Nom complet)"),
                ));
            };
            let field = Field::parse(key).ok_or_else(|| {
                Error::invalid(
                    "map",
                    "unknown_field",
                    format!(
                        "unknown field {:?}: use {}",
                        key.trim(),
                        Field::ALL.map(Field::key).join(", ")
                    ),
                )
            })?;
            let column = column.trim();
            let index = if column.is_empty() || column == "-" {
                None
            } else {
                Some(find_column(column, headers)?)
            };
            if let Some(index) = index {
                for other in Field::ALL {
                    if mapping.get(other) == Some(index) {
                        *mapping.slot(other) = None;
                    }
                }
            }
            *mapping.slot(field) = index;
        }
        Ok(mapping)
    }

    fn check(&self, headers: &[String]) -> Result<()> {
        for field in Field::ALL {
            if let Some(index) = self.get(field) {
                if index >= headers.len() {
                    return Err(Error::invalid(
                        "mapping",
                        "bad_column",
                        format!(
                            "{} is mapped to column {}, but the file has {} columns",
                            field.key(),
                            index + 1,
                            headers.len()
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// A column named on the command line: its number from 1, or its header.
fn find_column(column: &str, headers: &[String]) -> Result<usize> {
    if !column.is_empty() && column.chars().all(|c| c.is_ascii_digit()) {
        return match column.parse::<usize>() {
            Ok(n) if (1..=headers.len()).contains(&n) => Ok(n - 1),
            _ => Err(Error::invalid(
                "map",
                "bad_column",
                format!(
                    "there is no column {column}: the file has {} columns",
                    headers.len()
                ),
            )),
        };
    }
    let exact: Vec<usize> = (0..headers.len())
        .filter(|&i| headers[i] == column)
        .collect();
    let found = if exact.is_empty() {
        let wanted = slug(column);
        (0..headers.len())
            .filter(|&i| slug(&headers[i]) == wanted)
            .collect()
    } else {
        exact
    };
    match found.as_slice() {
        [index] => Ok(*index),
        [] => Err(Error::invalid(
            "map",
            "unknown_column",
            format!(
                "no column is headed {column:?}; the headers are: {}",
                headers.join(" | ")
            ),
        )),
        several => Err(Error::invalid(
            "map",
            "ambiguous_column",
            format!(
                "several columns are headed {column:?} (columns {}): give its number",
                several
                    .iter()
                    .map(|i| (i + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// What an import does with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CsvRowAction {
    /// A new attendee.
    Create,
    /// An attendee of the event with this email, whose cells change.
    Update,
    /// An attendee of the event with this email, as the row already says.
    Unchanged,
    /// Refused: see the errors.
    Error,
}

/// A row as the preview shows it: its cells, and the attendee read from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvRow {
    /// Its line in the file (the header is line 1).
    pub line: i64,
    pub cells: Vec<String>,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub category: String,
    pub notes: String,
    pub action: CsvRowAction,
    /// The attendee it updates (or leaves unchanged).
    pub attendee_id: Option<Id>,
}

/// Why a row (or, on line 1, the file) is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvRowError {
    pub line: i64,
    /// The attendee field at fault ("name", "email"); none for a row that
    /// cannot be read.
    pub field: Option<String>,
    /// A key the UI translates: "required", "bad_email",
    /// "duplicate_in_file", "field_count", "unclosed_quote",
    /// "no_name_column".
    pub reason: String,
    /// In English, for the command line.
    pub message: String,
}

/// An attendee the file updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvUpdate {
    pub line: i64,
    pub attendee_id: Id,
    /// Their name after the update.
    pub name: String,
    pub email: String,
    /// The fields that change: "name", "organisation", "category", "notes".
    pub fields: Vec<String>,
}

/// A row that creates someone whose name is already there, with nothing
/// (no email, or another one) to tell them apart: maybe the same person
/// twice. A warning only; homonyms exist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvDuplicate {
    pub line: i64,
    pub name: String,
    /// The attendee of the event with this name.
    pub attendee_id: Option<Id>,
    /// The earlier row of the file with this name.
    pub other_line: Option<i64>,
}

/// What importing a file would do, before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvPreview {
    pub encoding: CsvEncoding,
    /// ",", ";" or a tab.
    pub delimiter: String,
    pub headers: Vec<String>,
    /// The mapping given, else the one guessed from the headers.
    pub mapping: CsvMapping,
    /// The first 20 rows ([`PREVIEW_ROWS`]).
    pub rows: Vec<CsvRow>,
    /// Rows in the file, empty lines aside.
    pub row_count: i64,
    pub creates: i64,
    pub updates: Vec<CsvUpdate>,
    pub unchanged: i64,
    /// Every refused row; the import goes ahead only when there are none.
    pub errors: Vec<CsvRowError>,
    pub duplicates: Vec<CsvDuplicate>,
}

/// What an import did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvImportReport {
    /// True when nothing was written.
    pub dry_run: bool,
    pub encoding: CsvEncoding,
    pub delimiter: String,
    pub mapping: CsvMapping,
    pub created: i64,
    pub updated: Vec<CsvUpdate>,
    pub unchanged: i64,
    pub duplicates: Vec<CsvDuplicate>,
}

/// A file picked in the app, with its preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CsvPick {
    pub path: String,
    pub preview: CsvPreview,
}

/// One row of the file as read.
#[derive(Debug, Clone)]
struct Record {
    line: i64,
    cells: Vec<String>,
    /// Why it cannot be read (wrong number of fields, open quote).
    problem: Option<CsvRowError>,
}

/// A CSV file decoded and split into rows.
#[derive(Debug, Clone)]
pub struct CsvFile {
    pub encoding: CsvEncoding,
    pub delimiter: char,
    pub headers: Vec<String>,
    records: Vec<Record>,
}

impl CsvFile {
    /// Decodes and splits `bytes`. Fails only when there is nothing to read
    /// (no header) or the bytes cannot be text; a bad row is kept, with its
    /// problem, for the preview to report.
    pub fn read(bytes: &[u8]) -> Result<CsvFile> {
        if bytes.len() > MAX_BYTES {
            return Err(too_large(bytes.len() as u64));
        }
        let (encoding, text) = decode(bytes)?;
        // Excel reads (and some tools write) a first line "sep=;" naming
        // the separator.
        let (text, skipped_lines, given) = match text.split_once('\n') {
            Some((first, rest))
                if first.starts_with("sep=")
                    && first.trim_end_matches('\r').chars().count() == 5 =>
            {
                (rest, 1, first[4..].chars().next())
            }
            _ => (text.as_str(), 0, None),
        };
        let delimiter = given.unwrap_or_else(|| detect_delimiter(text));
        let mut delimiter_byte = [0; 4];
        if delimiter.encode_utf8(&mut delimiter_byte).len() != 1 {
            return Err(Error::invalid(
                "file",
                "bad_delimiter",
                format!("the separator {delimiter:?} is not a single-byte character"),
            ));
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter_byte[0])
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let open_quote_at_end = unclosed_quote(text, delimiter);
        let mut headers: Option<Vec<String>> = None;
        let mut records = Vec::new();
        let mut record = csv::StringRecord::new();
        loop {
            let read = reader.read_record(&mut record).map_err(|e| {
                Error::invalid("file", "unreadable", format!("cannot read the file: {e}"))
            })?;
            if !read {
                break;
            }
            let position = record.position().expect("records read have a position");
            let (line, start) = start_of(text, position);
            let line = line + skipped_lines;
            let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
            if cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            let Some(headers) = &headers else {
                headers = Some(
                    cells
                        .iter()
                        .map(|h| h.trim_start_matches('\u{feff}').trim().to_owned())
                        .collect(),
                );
                continue;
            };
            let problem = if cells.len() != headers.len() {
                let mut message = format!(
                    "{} fields where the header has {}",
                    cells.len(),
                    headers.len()
                );
                // The lines the record spans, its own line ending aside.
                let end = reader.position().byte() as usize;
                let spanned = text[start..end]
                    .trim_end_matches(['\r', '\n'])
                    .matches('\n')
                    .count() as i64;
                let last_line = line + spanned;
                if last_line > line {
                    message.push_str(&format!(
                        " (a quoted field runs from line {line} to line {last_line}: a quote may be missing)"
                    ));
                }
                Some(CsvRowError {
                    line,
                    field: None,
                    reason: "field_count".into(),
                    message,
                })
            } else {
                None
            };
            records.push(Record {
                line,
                cells,
                problem,
            });
        }
        let Some(headers) = headers else {
            return Err(Error::invalid(
                "file",
                "empty",
                "the file is empty: it has no header line",
            ));
        };
        if let (Some(quote_line), Some(last)) = (open_quote_at_end, records.last_mut()) {
            let quote_line = quote_line + skipped_lines;
            if last.line <= quote_line {
                last.problem = Some(CsvRowError {
                    line: last.line,
                    field: None,
                    reason: "unclosed_quote".into(),
                    message: format!("the quote opened on line {quote_line} is never closed"),
                });
            }
        }
        Ok(CsvFile {
            encoding,
            delimiter,
            headers,
            records,
        })
    }

    /// The rows, empty lines aside.
    pub fn row_count(&self) -> usize {
        self.records.len()
    }
}

/// The physical line and the byte where a record starts. The reader's
/// position is where it began looking, before the empty lines it skips.
fn start_of(text: &str, position: &csv::Position) -> (i64, usize) {
    let mut line = position.line() as i64;
    let mut byte = position.byte() as usize;
    for b in text.as_bytes()[byte..].iter() {
        match b {
            b'\n' => line += 1,
            b'\r' => {}
            _ => break,
        }
        byte += 1;
    }
    (line, byte)
}

/// The line where a quoted field opens and is never closed, if the text
/// ends inside one. The CSV reader takes the rest of the file as that field
/// without complaint.
fn unclosed_quote(text: &str, delimiter: char) -> Option<i64> {
    let mut line = 1;
    let mut opened_on = None;
    let mut field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        match opened_on {
            Some(_) => {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                    } else {
                        opened_on = None;
                    }
                }
            }
            None => {
                if c == '"' && field_start {
                    opened_on = Some(line);
                    field_start = false;
                } else {
                    field_start = c == delimiter || c == '\n' || c == '\r';
                }
            }
        }
    }
    opened_on
}

/// The separator: whichever of `;`, tab and `,` the header line holds most
/// of, outside quotes (`;` on a tie, as French spreadsheets write it).
fn detect_delimiter(text: &str) -> char {
    let header = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let mut best = (',', 0);
    for candidate in [';', '\t', ','] {
        let mut quoted = false;
        let mut count = 0;
        for c in header.chars() {
            if c == '"' {
                quoted = !quoted;
            } else if c == candidate && !quoted {
                count += 1;
            }
        }
        if count > best.1 {
            best = (candidate, count);
        }
    }
    best.0
}

/// The text of a file and the encoding it was read in.
pub fn decode(bytes: &[u8]) -> Result<(CsvEncoding, String)> {
    let bad = |encoding: &str, line: usize| {
        Error::invalid(
            "file",
            "bad_encoding",
            format!("the file starts as {encoding} but line {line} is not {encoding}"),
        )
    };
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(text) => Ok((CsvEncoding::Utf8Bom, text.to_owned())),
            Err(e) => {
                let line = rest[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                Err(bad("UTF-8", line + 1))
            }
        };
    }
    for (bom, encoding) in [
        (b"\xFF\xFE", CsvEncoding::Utf16Le),
        (b"\xFE\xFF", CsvEncoding::Utf16Be),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let units = rest.chunks(2).map(|pair| {
                let pair = [pair[0], pair.get(1).copied().unwrap_or(0)];
                match encoding {
                    CsvEncoding::Utf16Le => u16::from_le_bytes(pair),
                    _ => u16::from_be_bytes(pair),
                }
            });
            let mut text = String::with_capacity(rest.len() / 2);
            for c in char::decode_utf16(units) {
                match c {
                    Ok(c) => text.push(c),
                    Err(_) => {
                        return Err(bad("UTF-16", text.matches('\n').count() + 1));
                    }
                }
            }
            return Ok((encoding, text));
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((CsvEncoding::Utf8, text.to_owned())),
        Err(_) => Ok((
            CsvEncoding::Windows1252,
            bytes.iter().map(|&b| windows_1252(b)).collect(),
        )),
    }
}

/// One byte of Windows-1252: Latin-1, except 0x80–0x9F, which hold € ’ œ
/// and the like (the five bytes it leaves undefined map to the C1 controls,
/// as browsers do).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{0081}', '\u{201A}', '\u{0192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{02C6}', '\u{2030}', '\u{0160}', '\u{2039}', '\u{0152}', '\u{008D}',
        '\u{017D}', '\u{008F}', '\u{0090}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}',
        '\u{2022}', '\u{2013}', '\u{2014}', '\u{02DC}', '\u{2122}', '\u{0161}', '\u{203A}',
        '\u{0153}', '\u{009D}', '\u{017E}', '\u{0178}',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => char::from(b),
    }
}

/// What a header says about its column: a field and how sure the guess is.
fn classify(header: &str) -> Option<(Field, i32)> {
    let slugged = slug(header);
    let mut words: Vec<&str> = Vec::new();
    for word in slugged.split('-').filter(|w| !w.is_empty()) {
        // "E-mail" is one word.
        if word == "mail" && words.last() == Some(&"e") {
            *words.last_mut().expect("just checked") = "email";
        } else {
            words.push(word);
        }
    }
    let has = |w: &str| words.contains(&w);
    let any = |ws: &[&str]| ws.iter().any(|w| has(w));
    // Numbers, amounts and dates are never a person's details, whatever
    // else the header says ("N° de billet", "Montant tarif", "Code postal").
    const NOT_PERSONAL: &[&str] = &[
        "n", "no", "num", "numero", "number", "id", "code", "montant", "prix", "price", "amount",
        "date", "heure", "time", "total", "frais", "fees", "quantite", "quantity", "qty",
    ];
    if any(NOT_PERSONAL) {
        return None;
    }
    // The buyer of a ticket may not be who comes: their columns count only
    // when the attendee's own are missing.
    const BUYER: &[&str] = &[
        "payeur",
        "acheteur",
        "buyer",
        "payer",
        "purchaser",
        "acquereur",
        "facture",
        "facturation",
        "billing",
        "commande",
        "order",
    ];
    const PERSON: &[&str] = &[
        "participant",
        "participante",
        "adherent",
        "adherente",
        "beneficiaire",
        "attendee",
        "inscrit",
        "inscrite",
        "stagiaire",
    ];
    const FILLERS: &[&str] = &[
        "de", "du", "des", "d", "la", "le", "les", "l", "a", "au", "et", "ou", "of", "the", "your",
        "votre", "vos", "adresse", "address", "e", "s",
    ];
    let qualifier = if any(BUYER) {
        -5
    } else if any(PERSON) {
        5
    } else {
        0
    };
    let rules: &[(Field, &[&str], i32)] = &[
        (
            Field::Email,
            &["email", "mail", "courriel", "mel", "electronique"],
            10,
        ),
        (
            Field::Organisation,
            &[
                "structure",
                "organisme",
                "organisation",
                "organization",
                "etablissement",
                "societe",
                "company",
                "entreprise",
                "employeur",
                "employer",
                "collectivite",
                "institution",
                "association",
                "affiliation",
            ],
            10,
        ),
        // HelloAsso's "Raison sociale" is the payer's company.
        (Field::Organisation, &["raison", "sociale"], 8),
        (
            Field::Notes,
            &[
                "commentaire",
                "commentaires",
                "comment",
                "comments",
                "remarque",
                "remarques",
                "remarks",
                "note",
                "notes",
                "observation",
                "observations",
                "informations",
                "complementaires",
                "message",
                "precisions",
            ],
            10,
        ),
        (
            Field::Category,
            &["categorie", "category", "profil", "profile", "role"],
            10,
        ),
        (
            Field::Category,
            &["fonction", "poste", "metier", "job", "occupation"],
            8,
        ),
        (Field::Category, &["tarif", "rate"], 7),
        (
            Field::Category,
            &["billet", "ticket", "formule", "pass", "type"],
            6,
        ),
    ];
    let score = |keywords: &[&str], base: i32| {
        let extra = words
            .iter()
            .filter(|&&w| {
                !keywords.contains(&w)
                    && !BUYER.contains(&w)
                    && !PERSON.contains(&w)
                    && !FILLERS.contains(&w)
            })
            .count() as i32;
        // A question of a registration form ("Souhaitez-vous recevoir nos
        // informations par mail ?") is not a column of details.
        (extra <= 2).then_some(base + qualifier - extra)
    };
    let mut candidates: Vec<(Field, i32)> = rules
        .iter()
        .filter(|(_, keywords, _)| keywords.iter().any(|k| has(k)))
        .filter_map(|&(field, keywords, base)| Some((field, score(keywords, base)?)))
        .collect();
    // Only when no other word decides ("Nom de la structure", "Nom du
    // tarif") is a header about names.
    if candidates.is_empty() {
        const FIRST: &[&str] = &[
            "prenom",
            "prenoms",
            "firstname",
            "first",
            "given",
            "forename",
        ];
        const LAST: &[&str] = &[
            "nom",
            "lastname",
            "last",
            "surname",
            "famille",
            "family",
            "usage",
            "usuel",
            "naissance",
        ];
        const WHOLE: &[&str] = &["complet", "full", "identite", "name", "nom", "prenom"];
        let first = any(&["prenom", "prenoms", "firstname", "forename"])
            || ((has("first") || has("given")) && has("name"));
        let last = any(&["nom", "lastname", "surname"]) || (has("last") && has("name"));
        let name = if first && last {
            // "Nom Prénom", "Prénom et nom", "First and last name".
            let keywords: Vec<&str> = FIRST.iter().chain(LAST).copied().collect();
            score(&keywords, 10).map(|s| (Field::Name, s))
        } else if first {
            score(FIRST, 10).map(|s| (Field::FirstName, s))
        } else if any(&["complet", "full", "identite"]) || words == ["name"] {
            score(WHOLE, 10).map(|s| (Field::Name, s))
        } else if last {
            score(LAST, 10).map(|s| (Field::LastName, s))
        } else if !words.is_empty() && words.iter().all(|w| PERSON.contains(w)) {
            // A column headed "Participant" holds whole names.
            score(PERSON, 8).map(|s| (Field::Name, s))
        } else {
            None
        };
        candidates.extend(name);
    }
    candidates
        .into_iter()
        .reduce(|best, c| if c.1 > best.1 { c } else { best })
}

/// The mapping that the headers suggest: for each field, the column whose
/// header says it best (the attendee's own columns before the buyer's, the
/// first column on a tie). A lone "Nom" column, with no "Prénom" beside it,
/// is taken for whole names.
pub fn guess_mapping(headers: &[String]) -> CsvMapping {
    let mut best: HashMap<usize, (usize, i32)> = HashMap::new();
    for (index, header) in headers.iter().enumerate() {
        if let Some((field, score)) = classify(header) {
            let slot = field as usize;
            if best.get(&slot).is_none_or(|&(_, s)| score > s) {
                best.insert(slot, (index, score));
            }
        }
    }
    let mut mapping = CsvMapping::default();
    for field in Field::ALL {
        *mapping.slot(field) = best.get(&(field as usize)).map(|&(index, _)| index);
    }
    if mapping.name.is_none() && mapping.first_name.is_none() {
        mapping.name = mapping.last_name.take();
    }
    mapping
}

/// What the file would do to an event's attendees.
struct Plan {
    /// Each row, with the attendee to write for it (none: nothing to do).
    rows: Vec<(CsvRow, Option<Attendee>)>,
    updates: Vec<CsvUpdate>,
    errors: Vec<CsvRowError>,
    duplicates: Vec<CsvDuplicate>,
}

/// A name as compared for possible duplicates: case, accents and spacing
/// aside.
fn name_key(name: &str) -> String {
    slug(name)
}

/// Emails compare as the database's unique index does: `lower()`, which
/// folds ASCII letters only.
fn email_key(email: &str) -> String {
    email.trim().to_ascii_lowercase()
}

fn plan(file: &CsvFile, mapping: &CsvMapping, event_id: Id, existing: &[Attendee]) -> Plan {
    let mut errors = Vec::new();
    let mut duplicates = Vec::new();
    let mut updates = Vec::new();
    let mut rows = Vec::new();
    if !mapping.has_name() {
        errors.push(CsvRowError {
            line: 1,
            field: Some("name".into()),
            reason: "no_name_column".into(),
            message: format!(
                "no column holds names; map one of: {}",
                file.headers.join(" | ")
            ),
        });
    }
    let by_email: HashMap<String, &Attendee> = existing
        .iter()
        .filter(|a| !a.email.trim().is_empty())
        .map(|a| (email_key(&a.email), a))
        .collect();
    let mut by_name: HashMap<String, &Attendee> = HashMap::new();
    for a in existing {
        by_name.entry(name_key(&a.name)).or_insert(a);
    }
    let mut emails_seen: HashMap<String, i64> = HashMap::new();
    let mut names_created: HashMap<String, i64> = HashMap::new();
    for record in &file.records {
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
        let read = Attendee {
            id: None,
            event_id,
            name,
            email: cell(Field::Email).to_owned(),
            organisation: cell(Field::Organisation).to_owned(),
            category: cell(Field::Category).to_owned(),
            notes: cell(Field::Notes).to_owned(),
        };
        let mut row = CsvRow {
            line: record.line,
            cells: record.cells.clone(),
            name: read.name.clone(),
            email: read.email.clone(),
            organisation: read.organisation.clone(),
            category: read.category.clone(),
            notes: read.notes.clone(),
            action: CsvRowAction::Error,
            attendee_id: None,
        };
        let refusal = if let Some(problem) = &record.problem {
            Some(problem.clone())
        } else if !mapping.has_name() {
            // Said once, on line 1.
            None
        } else if let Err(e) = validate::attendee(&read) {
            Some(CsvRowError {
                line: record.line,
                field: e.field,
                reason: e.reason.unwrap_or_default(),
                message: e.message,
            })
        } else {
            let key = email_key(&read.email);
            match emails_seen.get(&key) {
                Some(&first) if !key.is_empty() => Some(CsvRowError {
                    line: record.line,
                    field: Some("email".into()),
                    reason: "duplicate_in_file".into(),
                    message: format!("{} is already the email on line {first}", read.email),
                }),
                _ => {
                    if !key.is_empty() {
                        emails_seen.insert(key, record.line);
                    }
                    None
                }
            }
        };
        if let Some(refusal) = refusal {
            errors.push(refusal);
            rows.push((row, None));
            continue;
        }
        if !mapping.has_name() {
            rows.push((row, None));
            continue;
        }
        let write = match by_email.get(&email_key(&read.email)) {
            Some(&current) => {
                let merged = merge(current, &read);
                row.attendee_id = current.id;
                if &merged == current {
                    row.action = CsvRowAction::Unchanged;
                    None
                } else {
                    row.action = CsvRowAction::Update;
                    updates.push(CsvUpdate {
                        line: record.line,
                        attendee_id: current.id.expect("stored attendees have an id"),
                        name: merged.name.clone(),
                        email: merged.email.clone(),
                        fields: changed_fields(current, &merged),
                    });
                    Some(merged)
                }
            }
            None => {
                row.action = CsvRowAction::Create;
                let key = name_key(&read.name);
                if let Some(&same) = by_name.get(&key) {
                    duplicates.push(CsvDuplicate {
                        line: record.line,
                        name: read.name.clone(),
                        attendee_id: same.id,
                        other_line: None,
                    });
                } else if let Some(&other) = names_created.get(&key) {
                    duplicates.push(CsvDuplicate {
                        line: record.line,
                        name: read.name.clone(),
                        attendee_id: None,
                        other_line: Some(other),
                    });
                } else {
                    names_created.insert(key, record.line);
                }
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
    }
}

fn changed_fields(before: &Attendee, after: &Attendee) -> Vec<String> {
    [
        ("name", &before.name, &after.name),
        ("organisation", &before.organisation, &after.organisation),
        ("category", &before.category, &after.category),
        ("notes", &before.notes, &after.notes),
    ]
    .into_iter()
    .filter(|(_, b, a)| b != a)
    .map(|(f, _, _)| f.to_owned())
    .collect()
}

fn delimiter_text(delimiter: char) -> String {
    delimiter.to_string()
}

impl Plan {
    fn count(&self, action: CsvRowAction) -> i64 {
        self.rows.iter().filter(|(r, _)| r.action == action).count() as i64
    }

    /// The error refusing the whole file, naming its first rows at fault.
    fn refusal(&self) -> Option<Error> {
        let first = self.errors.first()?;
        let mut lines: Vec<String> = self
            .errors
            .iter()
            .take(ERRORS_IN_MESSAGE)
            .map(|e| format!("line {}: {}", e.line, e.message))
            .collect();
        if self.errors.len() > ERRORS_IN_MESSAGE {
            lines.push(format!(
                "and {} more",
                self.errors.len() - ERRORS_IN_MESSAGE
            ));
        }
        Some(Error::invalid(
            "file",
            &first.reason,
            format!(
                "nothing imported, {} row{} refused: {}",
                self.errors.len(),
                if self.errors.len() == 1 { "" } else { "s" },
                lines.join("; ")
            ),
        ))
    }
}

/// The bytes of a CSV file on disk, refusing one too large to be a list of
/// attendees before reading it.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let io = |e: std::io::Error| {
        Error::new(
            ErrorCode::Io,
            format!("cannot read {}: {e}", path.display()),
        )
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_BYTES as u64 {
        return Err(too_large(size));
    }
    std::fs::read(path).map_err(io)
}

fn too_large(size: u64) -> Error {
    Error::invalid(
        "file",
        "too_large",
        format!(
            "the file is {} MB; an attendee list is at most {} MB",
            size / (1024 * 1024),
            MAX_BYTES / (1024 * 1024)
        ),
    )
}

/// What importing `bytes` into an event holding `existing` would do, with
/// `mapping` or else the guessed one. Fails when the file cannot be read at
/// all or the mapping names a column the file does not have; refused rows
/// are in the preview's errors.
pub fn preview(
    bytes: &[u8],
    mapping: Option<&CsvMapping>,
    event_id: Id,
    existing: &[Attendee],
) -> Result<CsvPreview> {
    let file = CsvFile::read(bytes)?;
    let mapping = match mapping {
        Some(m) => m.clone(),
        None => guess_mapping(&file.headers),
    };
    mapping.check(&file.headers)?;
    let plan = plan(&file, &mapping, event_id, existing);
    Ok(CsvPreview {
        encoding: file.encoding,
        delimiter: delimiter_text(file.delimiter),
        headers: file.headers.clone(),
        mapping,
        rows: plan
            .rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|(r, _)| r.clone())
            .collect(),
        row_count: file.row_count() as i64,
        creates: plan.count(CsvRowAction::Create),
        unchanged: plan.count(CsvRowAction::Unchanged),
        updates: plan.updates,
        errors: plan.errors,
        duplicates: plan.duplicates,
    })
}

impl Db {
    /// What importing a CSV file into an event would do (see [`preview`]).
    pub fn preview_attendees_csv(
        &self,
        event_id: Id,
        bytes: &[u8],
        mapping: Option<&CsvMapping>,
    ) -> Result<CsvPreview> {
        self.event(event_id)?;
        preview(bytes, mapping, event_id, &self.attendees(event_id)?)
    }

    /// Imports attendees from a CSV file, all or nothing, as one undoable
    /// change. Any refused row refuses the file: the error (field "file",
    /// the reason of the first refused row) lists the first rows at fault.
    pub fn import_attendees_csv(
        &mut self,
        event_id: Id,
        bytes: &[u8],
        mapping: Option<&CsvMapping>,
    ) -> Result<CsvImportReport> {
        let file = CsvFile::read(bytes)?;
        let mapping = match mapping {
            Some(m) => m.clone(),
            None => guess_mapping(&file.headers),
        };
        mapping.check(&file.headers)?;
        self.change("attendees.import", |tx| {
            crate::programme::store::within::event(tx, event_id)?;
            let existing = attendees::within::list(tx, event_id)?;
            let plan = plan(&file, &mapping, event_id, &existing);
            if let Some(refusal) = plan.refusal() {
                return Err(refusal);
            }
            for (_, write) in &plan.rows {
                if let Some(attendee) = write {
                    attendees::within::save(tx, attendee)?;
                }
            }
            Ok(report(&file, &mapping, &plan, false))
        })
    }

    /// What [`Db::import_attendees_csv`] would do, writing nothing: the same
    /// report, or the same error.
    pub fn import_attendees_csv_dry_run(
        &self,
        event_id: Id,
        bytes: &[u8],
        mapping: Option<&CsvMapping>,
    ) -> Result<CsvImportReport> {
        let file = CsvFile::read(bytes)?;
        let mapping = match mapping {
            Some(m) => m.clone(),
            None => guess_mapping(&file.headers),
        };
        mapping.check(&file.headers)?;
        self.event(event_id)?;
        let existing = self.attendees(event_id)?;
        let plan = plan(&file, &mapping, event_id, &existing);
        if let Some(refusal) = plan.refusal() {
            return Err(refusal);
        }
        Ok(report(&file, &mapping, &plan, true))
    }
}

fn report(file: &CsvFile, mapping: &CsvMapping, plan: &Plan, dry_run: bool) -> CsvImportReport {
    CsvImportReport {
        dry_run,
        encoding: file.encoding,
        delimiter: delimiter_text(file.delimiter),
        mapping: mapping.clone(),
        created: plan.count(CsvRowAction::Create),
        updated: plan.updates.clone(),
        unchanged: plan.count(CsvRowAction::Unchanged),
        duplicates: plan.duplicates.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|h| (*h).to_owned()).collect()
    }

    #[test]
    fn windows_1252_decodes_french_text() {
        let bytes = b"M\xe9diath\xe8que \x93\xc9t\xe9\x94 \x80 \x9cuvre l\x92\xeele";
        let (encoding, text) = decode(bytes).unwrap();
        assert_eq!(encoding, CsvEncoding::Windows1252);
        assert_eq!(text, "Médiathèque “Été” € œuvre l’île");
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(
            "Nom\tCourriel\nChloé\tc@x.fr\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let file = CsvFile::read(&bytes).unwrap();
        assert_eq!(file.encoding, CsvEncoding::Utf16Le);
        assert_eq!(file.delimiter, '\t');
        assert_eq!(file.records[0].cells, ["Chloé", "c@x.fr"]);
    }

    #[test]
    fn the_separator_is_counted_outside_quotes() {
        assert_eq!(detect_delimiter("\"Nom, prénom\";Courriel\n"), ';');
        assert_eq!(detect_delimiter("Nom;\"a;b;c\",x,y\n"), ',');
        assert_eq!(detect_delimiter("Nom\tPrénom\tEmail\n"), '\t');
        assert_eq!(detect_delimiter("Nom\n"), ',');
    }

    #[test]
    fn an_excel_sep_line_names_the_separator() {
        let file = CsvFile::read(b"sep=,\nNom;Prenom,Courriel\nA;B,c@x.fr\n").unwrap();
        assert_eq!(file.delimiter, ',');
        assert_eq!(file.headers, ["Nom;Prenom", "Courriel"]);
        assert_eq!(file.records[0].line, 3);
        let file = CsvFile::read(b"sep=\t\r\nNom\tCourriel\r\nA\ta@x.fr\r\n").unwrap();
        assert_eq!((file.delimiter, file.headers.len()), ('\t', 2));
    }

    #[test]
    fn guesses_from_headers() {
        let m = guess_mapping(&headers(&[
            "Prénom",
            "NOM",
            "Adresse e-mail",
            "Nom de la structure",
            "Fonction",
            "Tarif",
            "Remarques",
        ]));
        assert_eq!(
            m,
            CsvMapping {
                name: None,
                first_name: Some(0),
                last_name: Some(1),
                email: Some(2),
                organisation: Some(3),
                category: Some(4),
                notes: Some(6),
            }
        );
        // A lone "Nom" holds whole names; "Courriel" and "Établissement".
        let m = guess_mapping(&headers(&["Nom", "Courriel", "Établissement"]));
        assert_eq!(guess_mapping(&headers(&["Adresse mail"])).email, Some(0));
        assert_eq!(guess_mapping(&headers(&["E-mail payeur"])).email, Some(0));
        assert_eq!((m.name, m.last_name), (Some(0), None));
        assert_eq!((m.email, m.organisation), (Some(1), Some(2)));
        // English headers.
        let m = guess_mapping(&headers(&[
            "First name",
            "Last name",
            "Email",
            "Company",
            "Role",
        ]));
        assert_eq!(
            (
                m.first_name,
                m.last_name,
                m.email,
                m.organisation,
                m.category
            ),
            (Some(0), Some(1), Some(2), Some(3), Some(4))
        );
        let m = guess_mapping(&headers(&["Nom complet", "E-mail", "Profil"]));
        assert_eq!((m.name, m.email, m.category), (Some(0), Some(1), Some(2)));
    }

    #[test]
    fn the_attendee_s_columns_win_over_the_buyer_s() {
        let m = guess_mapping(&headers(&[
            "Nom acheteur",
            "Email acheteur",
            "Nom participant",
            "Prénom participant",
            "Email participant",
        ]));
        assert_eq!(
            (m.last_name, m.first_name, m.email),
            (Some(2), Some(3), Some(4))
        );
        // Only the payer's email: better than none.
        let m = guess_mapping(&headers(&["Nom", "Prénom", "Email payeur"]));
        assert_eq!(m.email, Some(2));
    }

    #[test]
    fn numbers_dates_and_form_questions_are_not_details() {
        let m = guess_mapping(&headers(&[
            "N° de billet",
            "Date de naissance",
            "Code postal",
            "Montant tarif",
            "Souhaitez-vous recevoir nos informations par mail ?",
        ]));
        assert_eq!(m, CsvMapping::default());
    }

    #[test]
    fn command_line_maps_override_the_guess() {
        let h = headers(&["Nom", "Prénom", "Mail perso", "Courriel pro", "Structure"]);
        let guess = guess_mapping(&h);
        assert_eq!(guess.email, Some(2));
        let m = guess
            .apply_map("email=courriel PRO, organisation=", &h)
            .unwrap();
        assert_eq!((m.email, m.organisation), (Some(3), None));
        // By number; the column leaves the field that had it.
        let m = guess.apply_map("notes=5", &h).unwrap();
        assert_eq!((m.notes, m.organisation), (Some(4), None));
        let err = guess.apply_map("email=Téléphone", &h).unwrap_err();
        assert_eq!(err.reason.as_deref(), Some("unknown_column"));
        let err = guess.apply_map("phone=3", &h).unwrap_err();
        assert_eq!(err.reason.as_deref(), Some("unknown_field"));
        let err = guess.apply_map("email=6", &h).unwrap_err();
        assert_eq!(err.reason.as_deref(), Some("bad_column"));
        let err = guess.apply_map("email", &h).unwrap_err();
        assert_eq!(err.reason.as_deref(), Some("bad_map"));
        let twice = headers(&["Nom", "Email", "email"]);
        let err = CsvMapping::default()
            .apply_map("email=EMAIL", &twice)
            .unwrap_err();
        assert_eq!(err.reason.as_deref(), Some("ambiguous_column"));
        let m = CsvMapping::default()
            .apply_map("email=email", &twice)
            .unwrap();
        assert_eq!(m.email, Some(2), "an exact header wins");
    }

    #[test]
    fn lines_are_physical_whatever_the_empty_lines_and_quoted_newlines() {
        let text = "Nom;Notes\n\nA;\"deux\nlignes\"\r\n\r\n;\nB;x\n";
        let file = CsvFile::read(text.as_bytes()).unwrap();
        let lines: Vec<i64> = file.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 7]);
        assert_eq!(file.records[0].cells, ["A", "deux\nlignes"]);
        assert!(file.records.iter().all(|r| r.problem.is_none()));
    }

    #[test]
    fn a_quote_never_closed_is_named() {
        let text = "Nom;Structure;Email\nA;B;a@x.fr\nC;\"Fablab;c@x.fr\nD;E;d@x.fr\n";
        let file = CsvFile::read(text.as_bytes()).unwrap();
        let problem = file.records[1].problem.as_ref().unwrap();
        assert_eq!(
            (problem.line, problem.reason.as_str()),
            (3, "unclosed_quote")
        );
        // A quote closed lines later: the rows between are one field.
        let text = "Nom;Structure;Email\nA;\"B;a@x.fr\nC;D\";c@x.fr;x\nE;F;e@x.fr\n";
        let file = CsvFile::read(text.as_bytes()).unwrap();
        let problem = file.records[0].problem.as_ref().unwrap();
        assert_eq!(
            problem.message,
            "4 fields where the header has 3 (a quoted field runs from line 2 to line 3: a quote may be missing)"
        );
        assert_eq!(file.records[1].line, 4);
        assert!(file.records[1].problem.is_none());
        assert_eq!(unclosed_quote("a;\"b\"\"c\";d\n", ';'), None);
        assert_eq!(unclosed_quote("a;b\"c;d\n", ';'), None);
    }
}
