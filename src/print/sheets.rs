//! The sheets of a rendered document, for a preview that shows a few at a
//! time.
//!
//! WebKit parses and styles a whole page before it paints: everyone's
//! badges (682 sheets, 1.8 MB) or sign-in sheets (514 sheets, 2 MB) held
//! the app's window for 250–550 ms, in slices of up to 300 ms, before the
//! first sheet showed. Twenty sheets load in about 70 ms. So the app's
//! preview shows an excerpt: the document's head (its styles and fonts),
//! some of its sheets, its tail. Printing takes the whole document.
//!
//! Each sheet of a multi-sheet document is a `<section class="sheet…">` at
//! the start of a line. That markup can only come from this crate's own
//! literals: user text is escaped ([`super::escape`]), so it never holds a
//! `<`. A document that flows as one sheet (the programme, `<main
//! class="sheet">`) has no sections and is shown whole.

use memchr::memmem;

/// What opens a sheet, at the start of a line; `"` or a space follows.
const OPENING: &str = "\n<section class=\"sheet";

/// Where the sheets of a document start and where the last one ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheets {
    /// The byte offset of each sheet's `<section`.
    starts: Vec<usize>,
    /// The offset of `</body>`, which ends the last sheet.
    end: usize,
}

impl Sheets {
    /// Finds the sheets of `html`, a document this crate rendered.
    pub fn of(html: &str) -> Sheets {
        let end = memmem::rfind(html.as_bytes(), b"</body>").unwrap_or(html.len());
        let starts = memmem::find_iter(&html.as_bytes()[..end], OPENING)
            .filter(|&at| matches!(html.as_bytes().get(at + OPENING.len()), Some(b'"' | b' ')))
            .map(|at| at + 1)
            .collect();
        Sheets { starts, end }
    }

    /// How many sheets the document has (none when it flows as one).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The document with only sheets `first..=last` (counted from 1, as
    /// people count them; `last` past the end means the last one): its head,
    /// those sheets, its tail. None when `first` is not a sheet of it or
    /// comes after `last`.
    pub fn excerpt(&self, html: &str, first: usize, last: usize) -> Option<String> {
        let last = last.min(self.len());
        if first == 0 || first > last {
            return None;
        }
        let (head, tail) = (&html[..self.starts[0]], &html[self.end..]);
        let from = self.starts[first - 1];
        let to = self.starts.get(last).copied().unwrap_or(self.end);
        let mut out = String::with_capacity(head.len() + (to - from) + tail.len());
        out.push_str(head);
        out.push_str(&html[from..to]);
        out.push_str(tail);
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "<!DOCTYPE html>\n<html><head><style>x</style></head>\n<body>\n\
        <section class=\"sheet\">\n<p>one</p>\n</section>\n\
        <section class=\"sheet size-2\">\n<p>two</p>\n</section>\n\
        <section class=\"sheetless\">not a sheet</section>\n\
        <section class=\"sheet\">\n<p>three &lt;section class=&quot;sheet&quot;&gt;</p>\n</section>\n\
        </body>\n</html>\n";

    #[test]
    fn finds_each_sheet_and_cuts_between_them() {
        let sheets = Sheets::of(DOC);
        assert_eq!(sheets.len(), 3);
        let head = "<!DOCTYPE html>\n<html><head><style>x</style></head>\n<body>\n";
        let tail = "</body>\n</html>\n";
        assert_eq!(
            sheets.excerpt(DOC, 1, 1).unwrap(),
            format!("{head}<section class=\"sheet\">\n<p>one</p>\n</section>\n{tail}")
        );
        let two = sheets.excerpt(DOC, 2, 2).unwrap();
        assert!(
            two.contains("<p>two</p>") && two.contains("sheetless"),
            "{two}"
        );
        assert!(!two.contains("one") && !two.contains("three"), "{two}");
        assert_eq!(sheets.excerpt(DOC, 1, 3).unwrap(), DOC);
        assert_eq!(
            sheets.excerpt(DOC, 3, 99).unwrap(),
            sheets.excerpt(DOC, 3, 3).unwrap()
        );
        assert_eq!(sheets.excerpt(DOC, 0, 2), None);
        assert_eq!(sheets.excerpt(DOC, 4, 9), None);
        assert_eq!(sheets.excerpt(DOC, 3, 2), None);
    }

    #[test]
    fn a_document_that_flows_has_no_sheets() {
        let doc = "<html><body>\n<main class=\"sheet\">\n<p>all</p>\n</main>\n</body></html>";
        let sheets = Sheets::of(doc);
        assert!(sheets.is_empty());
        assert_eq!(sheets.excerpt(doc, 1, 1), None);
    }
}
