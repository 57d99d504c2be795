//! Bytes to rows: the encoding (UTF-8 with or without BOM, UTF-16 with
//! BOM, else Windows-1252), the separator from the header line, and each
//! row's physical line.

use super::{too_large, CsvEncoding, CsvFile, CsvRowError, Record, MAX_BYTES};
use crate::error::{Error, Result};

impl CsvFile {
    /// Decodes and splits `bytes`. Fails only when there is nothing to read
    /// (no header) or the bytes cannot be text; a bad row is kept, with its
    /// problem, for the preview to report.
    pub fn read(bytes: &[u8]) -> Result<CsvFile> {
        if bytes.len() > MAX_BYTES {
            return Err(too_large(bytes.len() as u64));
        }
        let (encoding, text) = decode(bytes)?;
        let (text, skipped_lines, given) = sep_line(&text);
        let delimiter = given.unwrap_or_else(|| detect_delimiter(text));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(single_byte(delimiter)?)
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
                let end = reader.position().byte() as usize;
                Some(field_count_problem(
                    &text[start..end],
                    line,
                    cells.len(),
                    headers.len(),
                ))
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
        if let Some(quote_line) = open_quote_at_end {
            mark_unclosed_quote(&mut records, quote_line + skipped_lines);
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

/// Excel reads (and some tools write) a first line "sep=;" naming the
/// separator: the text after it, how many lines it took, and the separator.
fn sep_line(text: &str) -> (&str, i64, Option<char>) {
    match text.split_once('\n') {
        Some((first, rest))
            if first.starts_with("sep=") && first.trim_end_matches('\r').chars().count() == 5 =>
        {
            (rest, 1, first[4..].chars().next())
        }
        _ => (text, 0, None),
    }
}

/// The separator as the byte the CSV reader takes.
fn single_byte(delimiter: char) -> Result<u8> {
    let mut delimiter_byte = [0; 4];
    if delimiter.encode_utf8(&mut delimiter_byte).len() != 1 {
        return Err(Error::invalid(
            "file",
            "bad_delimiter",
            format!("the separator {delimiter:?} is not a single-byte character"),
        ));
    }
    Ok(delimiter_byte[0])
}

/// A record (its `raw` text, starting on `line`) with `fields` fields where
/// the header has `expected`; when it spans lines, a quote may be missing.
fn field_count_problem(raw: &str, line: i64, fields: usize, expected: usize) -> CsvRowError {
    let mut message = format!("{fields} fields where the header has {expected}");
    // The lines the record spans, its own line ending aside.
    let spanned = raw.trim_end_matches(['\r', '\n']).matches('\n').count() as i64;
    let last_line = line + spanned;
    if last_line > line {
        message.push_str(&format!(
            " (a quoted field runs from line {line} to line {last_line}: a quote may be missing)"
        ));
    }
    CsvRowError {
        line,
        column: None,
        field: None,
        reason: "field_count".into(),
        message,
    }
}

/// A quote opened on `quote_line` and never closed swallowed the rest of
/// the file into the last record: it is refused, naming that line.
fn mark_unclosed_quote(records: &mut [Record], quote_line: i64) {
    if let Some(last) = records.last_mut() {
        if last.line <= quote_line {
            last.problem = Some(CsvRowError {
                line: last.line,
                column: None,
                field: None,
                reason: "unclosed_quote".into(),
                message: format!("the quote opened on line {quote_line} is never closed"),
            });
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
