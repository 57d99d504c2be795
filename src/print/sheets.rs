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
//! `<`.
//!
//! A document that flows as one sheet (the programme, `<main
//! class="sheet">`) has no sections. It marks where its day starts and
//! places between its slots where it may be cut ([`cut_mark`], every
//! [`PART_BYTES`] or so), each with the time of the slot that follows. When
//! it has such places, its "sheets" are the parts between them: the first
//! from the body's start (the event's header), each after it reopening the
//! elements open at its cut (`<main class="sheet">`, the programme's
//! section, the day's list), each before the last closing them. A short one
//! is shown whole.

use memchr::memmem;

/// What opens a sheet, at the start of a line; `"` or a space follows.
const OPENING: &str = "\n<section class=\"sheet";

/// What opens the mark of a place a flowing document may be cut at, on a
/// line of its own: `<!--cut HH:MM-->`.
const CUT: &str = "\n<!--cut ";

/// Marks a place where a flowing document may be cut, before a slot that
/// starts at `time`.
pub(crate) fn cut_mark(h: &mut super::html::Html, time: chrono::NaiveTime) {
    h.m(&CUT[1..])
        .t(&time.format("%H:%M").to_string())
        .m("-->\n");
}

/// About how much of a flowing document's body a part of its preview holds:
/// the large event's programme (514 items, a body of 234 KB, ~70 pages of
/// paper) took 250–350 ms to show whole, in slices of up to 155 ms.
pub(crate) const PART_BYTES: usize = 32 * 1024;

/// Elements that have no end tag.
const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Where the sheets of a document start and where the last one ends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheets {
    /// The byte offset of each sheet's `<section`.
    starts: Vec<usize>,
    /// The offset of `</body>`, which ends the last sheet.
    end: usize,
    /// For a flowing document cut in parts.
    flow: Option<Flow>,
}

/// What a flowing document cut in parts needs besides where they start.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Flow {
    /// The markup that reopens the elements open at a cut.
    reopen: String,
    /// The markup that closes them.
    close: String,
    /// When each part's first slot starts ("10:06").
    times: Vec<String>,
}

impl Sheets {
    /// Finds the sheets of `html`, a document this crate rendered.
    pub fn of(html: &str) -> Sheets {
        let end = memmem::rfind(html.as_bytes(), b"</body>").unwrap_or(html.len());
        let starts: Vec<usize> = memmem::find_iter(&html.as_bytes()[..end], OPENING)
            .filter(|&at| matches!(html.as_bytes().get(at + OPENING.len()), Some(b'"' | b' ')))
            .map(|at| at + 1)
            .collect();
        if starts.is_empty() {
            if let Some(parts) = Sheets::cut(html, end) {
                return parts;
            }
        }
        Sheets {
            starts,
            end,
            ..Sheets::default()
        }
    }

    /// A flowing document's parts: from its body to its second mark (the
    /// first is where its day starts), then from mark to mark. None when it
    /// has no place to be cut at.
    fn cut(html: &str, end: usize) -> Option<Sheets> {
        let mut marks = Vec::new();
        let mut times = Vec::new();
        for at in memmem::find_iter(&html.as_bytes()[..end], CUT) {
            let time = &html[at + CUT.len()..end];
            let time = &time[..time.find("-->")?];
            marks.push(at + 1);
            times.push(time.to_owned());
        }
        let first = *marks.get(1)?;
        let body = memmem::find(html.as_bytes(), b"<body>\n")? + "<body>\n".len();
        if body > marks[0] {
            return None;
        }
        let open = open_elements(&html[body..first]);
        let reopen: String = open.iter().map(|(_, tag)| format!("{tag}\n")).collect();
        let close: String = open
            .iter()
            .rev()
            .map(|(name, _)| format!("</{name}>\n"))
            .collect();
        Some(Sheets {
            starts: std::iter::once(body)
                .chain(marks[1..].iter().copied())
                .collect(),
            end,
            flow: Some(Flow {
                reopen,
                close,
                times,
            }),
        })
    }

    /// When each part of a flowing document cut in parts starts ("10:06");
    /// empty for any other.
    pub fn part_times(&self) -> &[String] {
        self.flow.as_ref().map_or(&[], |f| &f.times)
    }

    /// Whether the document flows as one, its "sheets" the parts it is cut
    /// in for a preview.
    pub fn flows(&self) -> bool {
        self.flow.is_some()
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
        let (reopen, close) = match &self.flow {
            Some(flow) => (
                if first > 1 { flow.reopen.as_str() } else { "" },
                if last < self.len() {
                    flow.close.as_str()
                } else {
                    ""
                },
            ),
            None => ("", ""),
        };
        let mut out = String::with_capacity(
            head.len() + reopen.len() + (to - from) + close.len() + tail.len(),
        );
        for piece in [head, reopen, &html[from..to], close, tail] {
            out.push_str(piece);
        }
        Some(out)
    }
}

/// The elements open at the end of `markup` (this crate's, where text holds
/// no `<` and attributes no `>`), outermost first: each name and its start
/// tag as written.
fn open_elements(markup: &str) -> Vec<(&str, &str)> {
    let mut open: Vec<(&str, &str)> = Vec::new();
    let mut rest = markup;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let Some(end) = rest.find('>') else { break };
        let (tag, after) = rest.split_at(end + 1);
        rest = after;
        if tag.starts_with("<!") || tag.ends_with("/>") {
            continue;
        }
        if let Some(name) = tag.strip_prefix("</") {
            let name = name.trim_end_matches('>').trim();
            if let Some(i) = open.iter().rposition(|(n, _)| *n == name) {
                open.truncate(i);
            }
            continue;
        }
        let name = tag[1..]
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()
            .unwrap_or("");
        if !VOID.contains(&name) {
            open.push((name, tag));
        }
    }
    open
}

#[cfg(test)]
mod tests {
    use super::super::html::Html;
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
    fn a_long_flowing_document_is_cut_at_its_marks_with_its_elements_reopened() {
        let head = "<!DOCTYPE html>\n<html><head><style>a > b {}</style></head>\n<body>\n";
        let mark = |time: &str| {
            let mut h = Html::with_capacity(32);
            cut_mark(&mut h, time.parse().unwrap());
            h.into_string()
        };
        let (day, ten, eleven) = (mark("08:00:00"), mark("10:00:00"), mark("11:30:00"));
        assert_eq!(ten, "<!--cut 10:00-->\n");
        let doc = format!(
            "{head}<main class=\"sheet\">\n<header><h1>Day</h1><br><svg><path d=\"M0\"/></svg></header>\n\
             <section class=\"programme\">\n<div class=\"day-list\">\n{day}\
             <div class=\"slot\"><p>one &lt;/div&gt;</p></div>\n{ten}\
             <div class=\"slot\"><p>two</p></div>\n{eleven}\
             <div class=\"slot\"><p>three</p></div>\n</div>\n</section>\n\
             <section class=\"practical\"><p>end</p></section>\n</main>\n</body>\n</html>\n"
        );
        let sheets = Sheets::of(&doc);
        assert!(sheets.flows());
        assert_eq!(sheets.len(), 3);
        assert_eq!(sheets.part_times(), ["08:00", "10:00", "11:30"]);
        let reopen =
            "<main class=\"sheet\">\n<section class=\"programme\">\n<div class=\"day-list\">\n";
        let close = "</div>\n</section>\n</main>\n";
        let tail = "</body>\n</html>\n";
        let one = sheets.excerpt(&doc, 1, 1).unwrap();
        assert!(
            one.starts_with(head) && one.contains("<h1>Day</h1>"),
            "{one}"
        );
        assert!(
            one.ends_with(&format!("<p>one &lt;/div&gt;</p></div>\n{close}{tail}")),
            "{one}"
        );
        assert!(!one.contains("two") && !one.contains("end"), "{one}");
        assert_eq!(
            sheets.excerpt(&doc, 2, 2).unwrap(),
            format!("{head}{reopen}{ten}<div class=\"slot\"><p>two</p></div>\n{close}{tail}")
        );
        let last = sheets.excerpt(&doc, 3, 3).unwrap();
        assert!(last.starts_with(&format!(
            "{head}{reopen}{eleven}<div class=\"slot\"><p>three"
        )));
        assert!(
            last.ends_with("<p>end</p></section>\n</main>\n</body>\n</html>\n"),
            "{last}"
        );
        assert!(!last.contains("Day"), "{last}");
        assert_eq!(sheets.excerpt(&doc, 1, 3).unwrap(), doc);
        assert_eq!(sheets.excerpt(&doc, 4, 4), None);

        // Only the day's start marked: nothing to cut, shown whole.
        let short = doc.replace(&ten, "").replace(&eleven, "");
        let whole = Sheets::of(&short);
        assert!(!whole.flows() && whole.is_empty() && whole.part_times().is_empty());
    }

    #[test]
    fn a_document_that_flows_has_no_sheets() {
        let doc = "<html><body>\n<main class=\"sheet\">\n<p>all</p>\n</main>\n</body></html>";
        let sheets = Sheets::of(doc);
        assert!(sheets.is_empty() && !sheets.flows());
        assert_eq!(sheets.excerpt(doc, 1, 1), None);
    }
}
