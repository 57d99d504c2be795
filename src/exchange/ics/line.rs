//! Content lines written straight into the calendar's text (RFC 5545 §3.1):
//! TEXT values escaped and every line folded at 75 octets, in one pass over
//! the bytes, with no intermediate string per property.
//!
//! A line is made of units that are never split by a fold: a character
//! (1 to 4 octets of UTF-8), or an escape (`\n`, `\,`, `\;`, `\\`). Runs of
//! plain ASCII are copied a whole slice at a time.

/// Octets a physical line may hold, CRLF aside.
const LIMIT: usize = 75;

/// Bytes a TEXT value keeps as they are: ASCII but the escaped ones.
const fn plain_table(text: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0x20;
    while b < 0x80 {
        table[b] = true;
        b += 1;
    }
    // Control characters: a tab passes, line ends are escaped in a TEXT
    // value, and RFC 5545 allows no other anywhere (§3.1, VALUE-CHAR), so a
    // TEXT value leaves them out (a NUL in a UID read from a damaged file).
    let mut c = 0;
    while c < 0x20 {
        table[c] = if text {
            c == b'\t' as usize
        } else {
            c != b'\r' as usize && c != b'\n' as usize
        };
        c += 1;
    }
    table[b'\\' as usize] = false;
    if text {
        table[0x7f] = false;
        table[b';' as usize] = false;
        table[b',' as usize] = false;
    }
    table
}

/// In a TEXT value.
static PLAIN_TEXT: [bool; 256] = plain_table(true);
/// In a value written as is, where only a backslash pairs with what follows.
static PLAIN_RAW: [bool; 256] = plain_table(false);

/// One content line being written at the end of `out`.
pub struct Line<'o> {
    out: &'o mut String,
    /// Octets on the current physical line.
    used: usize,
}

impl<'o> Line<'o> {
    /// A new content line at the end of `out`.
    pub fn new(out: &'o mut String) -> Self {
        Line { out, used: 0 }
    }

    /// Appends one unit, folding before it when it would not fit.
    #[inline]
    fn unit(&mut self, unit: &str) {
        if self.used + unit.len() > LIMIT {
            self.out.push_str("\r\n ");
            self.used = 1;
        }
        self.out.push_str(unit);
        self.used += unit.len();
    }

    /// Appends a run of one-octet units.
    #[inline]
    fn run(&mut self, mut run: &str) {
        while !run.is_empty() {
            if self.used >= LIMIT {
                self.out.push_str("\r\n ");
                self.used = 1;
            }
            let take = run.len().min(LIMIT - self.used);
            self.out.push_str(&run[..take]);
            self.used += take;
            run = &run[take..];
        }
    }

    /// The end of the run of plain bytes starting at `from`.
    #[inline]
    fn plain_end(bytes: &[u8], from: usize, table: &[bool; 256]) -> usize {
        bytes[from..]
            .iter()
            .position(|&b| !table[b as usize])
            .map_or(bytes.len(), |n| from + n)
    }

    /// The end of the character starting at `i`.
    #[inline]
    fn char_end(s: &str, i: usize) -> usize {
        let lead = s.as_bytes()[i];
        let len = match lead {
            0x00..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            _ => 4,
        };
        i + len
    }

    /// Appends `s` as it is (a property name, parameters, a value already
    /// in iCalendar form): a backslash stays with the character after it.
    pub fn raw(&mut self, s: &str) -> &mut Self {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let end = Self::plain_end(bytes, i, &PLAIN_RAW);
            self.run(&s[i..end]);
            i = end;
            if i == bytes.len() {
                break;
            }
            let end = if bytes[i] == b'\\' {
                if i + 1 < bytes.len() {
                    Self::char_end(s, i + 1)
                } else {
                    i + 1
                }
            } else {
                Self::char_end(s, i)
            };
            self.unit(&s[i..end]);
            i = end;
        }
        self
    }

    /// Appends a TEXT value, escaped: backslash, semicolon, comma, and line
    /// ends (CRLF, CR or LF) as `\n`.
    pub fn text(&mut self, s: &str) -> &mut Self {
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let end = Self::plain_end(bytes, i, &PLAIN_TEXT);
            self.run(&s[i..end]);
            i = end;
            if i == bytes.len() {
                break;
            }
            match bytes[i] {
                b'\\' => self.unit("\\\\"),
                b';' => self.unit("\\;"),
                b',' => self.unit("\\,"),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    self.unit("\\n");
                }
                b'\n' => self.unit("\\n"),
                // Another control character: left out.
                0x00..=0x1f | 0x7f => {}
                _ => {
                    let end = Self::char_end(s, i);
                    self.unit(&s[i..end]);
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        self
    }

    /// Appends an escaped line end inside a TEXT value.
    pub fn newline(&mut self) -> &mut Self {
        self.unit("\\n");
        self
    }

    /// Ends the content line with CRLF.
    pub fn end(&mut self) {
        self.out.push_str("\r\n");
    }
}

/// Escapes a TEXT value: backslash, semicolon, comma and newlines.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c != '\t' && c.is_ascii_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no physical line exceeds 75
/// octets, never inside a UTF-8 character or a backslash escape, ended by
/// CRLF.
pub fn push_line(out: &mut String, line: &str) {
    Line::new(out).raw(line).end();
}

/// A property whose value is TEXT, on a line of its own.
pub fn prop(out: &mut String, name: &str, text: &str) {
    Line::new(out).raw(name).raw(":").text(text).end();
}

/// Appends `n` as exactly `width` decimal digits (`n` < 10^width).
#[inline]
fn digits(out: &mut String, n: u32, width: u32) {
    let mut div = 10u32.pow(width - 1);
    while div > 0 {
        out.push(char::from(b'0' + ((n / div) % 10) as u8));
        div /= 10;
    }
}

/// "20251026T093000": a local date-time, as `%Y%m%dT%H%M%S` writes it.
pub fn push_local_stamp(out: &mut String, t: chrono::NaiveDateTime) {
    use chrono::{Datelike, Timelike};
    let year = t.year();
    if !(0..=9999).contains(&year) {
        out.push_str(&t.format("%Y%m%dT%H%M%S").to_string());
        return;
    }
    digits(out, year as u32, 4);
    digits(out, t.month(), 2);
    digits(out, t.day(), 2);
    out.push('T');
    digits(out, t.hour(), 2);
    digits(out, t.minute(), 2);
    // A leap second (60) as chrono writes it.
    digits(out, t.second() + t.nanosecond() / 1_000_000_000, 2);
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// The line as escaping the whole value first, then folding unit by
    /// unit, writes it (what the writer did before it was one pass).
    fn two_passes(name: &str, text: &str) -> String {
        let line = format!("{name}:{}", escape_text(text));
        let mut out = String::new();
        let mut used = 0;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let end = if c == '\\' {
                match chars.next() {
                    Some((j, d)) => j + d.len_utf8(),
                    None => i + 1,
                }
            } else {
                i + c.len_utf8()
            };
            let unit = &line[i..end];
            if used + unit.len() > LIMIT {
                out.push_str("\r\n ");
                used = 1;
            }
            out.push_str(unit);
            used += unit.len();
        }
        out.push_str("\r\n");
        out
    }

    #[test]
    fn one_pass_writes_what_two_passes_wrote() {
        let pieces = [
            "a",
            "é",
            "€",
            "𝄞",
            ",",
            ";",
            "\\",
            "\n",
            "\r\n",
            "\r",
            "\t",
            "\0",
            "\u{1b}",
            "\u{7f}",
            " ",
            "Table ronde : quelles hybridations ?",
            "L’atelier « numérique »",
        ];
        // Lengths that put every kind of unit across the 75th octet.
        let mut seed = 7u64;
        for round in 0..3000 {
            let mut text = String::new();
            for _ in 0..(round % 60) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let mut one = String::new();
            prop(&mut one, "DESCRIPTION", &text);
            assert_eq!(one, two_passes("DESCRIPTION", &text), "{text:?}");
            let mut split = String::new();
            let (a, b) = text.split_at(
                text.char_indices()
                    .nth(round % 7)
                    .map_or(text.len(), |c| c.0),
            );
            Line::new(&mut split)
                .raw("DESCRIPTION:")
                .text(a)
                .text(b)
                .end();
            if !a.ends_with('\r') {
                assert_eq!(split, one, "{text:?}");
            }
        }
    }

    #[test]
    fn a_text_value_leaves_control_characters_out_but_a_tab() {
        let mut out = String::new();
        prop(&mut out, "UID", "abc@deroule\0\0P:2022\u{1}\u{7f}");
        assert_eq!(out, "UID:abc@derouleP:2022\r\n");
        let mut out = String::new();
        prop(&mut out, "SUMMARY", "Accueil\tcafé\u{1b}[0m\r\nsuite");
        assert_eq!(out, "SUMMARY:Accueil\tcafé[0m\\nsuite\r\n");
    }

    #[test]
    fn stamps_as_chrono_writes_them() {
        for (y, m, d, h, mi, s) in [
            (2025, 7, 1, 9, 30, 0),
            (1970, 1, 1, 0, 0, 0),
            (9999, 12, 31, 23, 59, 59),
            (33, 3, 4, 5, 6, 7),
        ] {
            let t = NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(h, mi, s)
                .unwrap();
            let mut out = String::new();
            push_local_stamp(&mut out, t);
            assert_eq!(out, t.format("%Y%m%dT%H%M%S").to_string());
        }
    }
}
