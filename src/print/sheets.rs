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
//!
//! The preview's parts ([`Sheets::parts`]) hold at most [`PART_SHEETS`]
//! whole sheets and about [`SHEETS_BYTES`] of them. A sheet that holds a
//! long day (a personal schedule of the large event: 506 lines, 114 KB,
//! twenty of them took 270–440 ms to show) is marked like the programme
//! and cut the same way at its marks, each piece a part of its own. The
//! elements a part reopens and closes are found when it is served.

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
/// paper) took 250–350 ms to show whole, in slices of up to 155 ms; parts
/// of 32 KB showed in 75–105 ms after a click, and of 16 KB in 60–90.
pub(crate) const PART_BYTES: usize = 16 * 1024;

/// How many whole sheets a part of the preview holds at most…
pub const PART_SHEETS: usize = 10;

/// …and about how many bytes of them: twenty sign-in sheets (72 KB) or
/// badges (47 KB) showed in 75–90 ms after a click, ten badges in 65–85.
pub const SHEETS_BYTES: usize = 40 * 1024;

/// Elements that have no end tag.
const VOID: [&str; 13] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Where the sheets of a document start and where the last one ends, and
/// the parts its preview shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheets {
    /// The byte offset of each sheet's `<section` (or, for a flowing
    /// document cut in parts, of each part).
    starts: Vec<usize>,
    /// The offset of `</body>`, which ends the last sheet.
    end: usize,
    /// Whether the document flows as one, cut in parts.
    flows: bool,
    /// The preview's parts, in order; none when it is shown whole.
    parts: Vec<Part>,
}

/// A part of a preview: whole sheets `first..=last` (from 1), a piece of
/// sheet `first` cut at its marks, or part `first` of a flowing document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// Its bytes in the document.
    from: usize,
    to: usize,
    /// Where the sheet it was cut from starts (for a flowing document, its
    /// body), and whether it starts and ends at a cut in that sheet: the
    /// elements open there are reopened and closed when it is served.
    sheet: usize,
    starts_at_cut: bool,
    ends_at_cut: bool,
    /// The first and last sheet it holds (from 1).
    pub first: usize,
    pub last: usize,
    /// When it starts at a cut: the time of the slot that follows ("10:06").
    pub at: Option<String>,
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
        let parts = group(html, &starts, end);
        Sheets {
            starts,
            end,
            flows: false,
            parts,
        }
    }

    /// A flowing document's parts: from its body to its second mark (the
    /// first is where its day starts), then from mark to mark. None when it
    /// has no place to be cut at.
    fn cut(html: &str, end: usize) -> Option<Sheets> {
        let marks = marks(html, 0, end)?;
        if marks.len() < 2 {
            return None;
        }
        let body = memmem::find(html.as_bytes(), b"<body>\n")? + "<body>\n".len();
        if body > marks[0].0 {
            return None;
        }
        let starts: Vec<usize> = std::iter::once(body)
            .chain(marks[1..].iter().map(|&(at, _)| at))
            .collect();
        let count = starts.len();
        let parts = (0..count)
            .map(|i| Part {
                from: starts[i],
                to: starts.get(i + 1).copied().unwrap_or(end),
                sheet: body,
                starts_at_cut: i > 0,
                ends_at_cut: i + 1 < count,
                first: i + 1,
                last: i + 1,
                at: Some(marks[i].1.to_owned()),
            })
            .collect();
        Some(Sheets {
            starts,
            end,
            flows: true,
            parts,
        })
    }

    /// The parts the preview shows, in order; none when the document is
    /// shown whole (it is short, or has no sheets).
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// Whether the document flows as one, its "sheets" the parts it is cut
    /// in for a preview.
    pub fn flows(&self) -> bool {
        self.flows
    }

    /// How many sheets the document has (for one that flows, its parts).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The document with only sheets `first..=last` of a document of
    /// sheets (counted from 1, as people count them; `last` past the end
    /// means the last one): its head, those sheets, its tail. None when
    /// `first` is not a sheet of it or comes after `last`, or when the
    /// document flows (its parts are [`Sheets::part`]).
    pub fn excerpt(&self, html: &str, first: usize, last: usize) -> Option<String> {
        let last = last.min(self.len());
        if self.flows || first == 0 || first > last {
            return None;
        }
        let from = self.starts[first - 1];
        let to = self.starts.get(last).copied().unwrap_or(self.end);
        Some(self.assemble(html, from, to, "", ""))
    }

    /// Part `n` of the preview (from 1): the document's head, the part with
    /// the elements open where it starts and ends reopened and closed, its
    /// tail. None when there is no such part. Those elements are found
    /// here, walking the part's sheet up to its cuts (at most a sheet, or
    /// a flowing document's body): finding them for every part when the
    /// document is opened took 3.3 ms of the 10 ms of `open_print` for 39
    /// long schedules.
    pub fn part(&self, html: &str, n: usize) -> Option<String> {
        let part = self.parts.get(n.checked_sub(1)?)?;
        let open_at = |cut: usize| open_elements(&html[part.sheet..cut]);
        let reopen = match part.starts_at_cut {
            true => reopen_close(&open_at(part.from)).0,
            false => String::new(),
        };
        let close = match part.ends_at_cut {
            true => reopen_close(&open_at(part.to)).1,
            false => String::new(),
        };
        Some(self.assemble(html, part.from, part.to, &reopen, &close))
    }

    fn assemble(&self, html: &str, from: usize, to: usize, reopen: &str, close: &str) -> String {
        let (head, tail) = (&html[..self.starts[0]], &html[self.end..]);
        let mut out = String::with_capacity(
            head.len() + reopen.len() + (to - from) + close.len() + tail.len(),
        );
        for piece in [head, reopen, &html[from..to], close, tail] {
            out.push_str(piece);
        }
        out
    }
}

/// The marks between `from` and `to`: where each starts (after its line's
/// start) and its time. None when one is not closed.
fn marks(html: &str, from: usize, to: usize) -> Option<Vec<(usize, &str)>> {
    memmem::find_iter(&html.as_bytes()[from..to], CUT)
        .map(|at| {
            let at = from + at;
            let time = &html[at + CUT.len()..to];
            Some((at + 1, &time[..time.find("-->")?]))
        })
        .collect()
}

/// The preview's parts of a document of sheets: whole sheets in order, at
/// most [`PART_SHEETS`] and about [`SHEETS_BYTES`] a part, and each sheet
/// with more than one mark (a long day) cut at them into parts of its own.
/// Empty when everything fits in one part.
fn group(html: &str, starts: &[usize], end: usize) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    let mut open: Option<Part> = None;
    for (i, &from) in starts.iter().enumerate() {
        let to = starts.get(i + 1).copied().unwrap_or(end);
        let number = i + 1;
        let marks = marks(html, from, to).unwrap_or_default();
        if marks.len() > 1 {
            parts.extend(open.take());
            cut_sheet(from, to, number, &marks[1..], &mut parts);
            continue;
        }
        match &mut open {
            Some(part)
                if part.last - part.first + 1 < PART_SHEETS && to - part.from <= SHEETS_BYTES =>
            {
                part.to = to;
                part.last = number;
            }
            _ => {
                parts.extend(open.take());
                open = Some(Part {
                    from,
                    to,
                    sheet: from,
                    starts_at_cut: false,
                    ends_at_cut: false,
                    first: number,
                    last: number,
                    at: None,
                });
            }
        }
    }
    parts.extend(open);
    if parts.len() < 2 {
        parts.clear();
    }
    parts
}

/// Sheet `number` (bytes `from..to`) cut at `cuts` (each mark's start and
/// time), its pieces appended to `parts`.
fn cut_sheet(from: usize, to: usize, number: usize, cuts: &[(usize, &str)], parts: &mut Vec<Part>) {
    let starts =
        std::iter::once((from, None)).chain(cuts.iter().map(|&(at, time)| (at, Some(time))));
    let ends = cuts.iter().map(|&(at, _)| at).chain(std::iter::once(to));
    parts.extend(starts.zip(ends).map(|((start, time), end)| Part {
        from: start,
        to: end,
        sheet: from,
        starts_at_cut: time.is_some(),
        ends_at_cut: end != to,
        first: number,
        last: number,
        at: time.map(str::to_owned),
    }));
}

/// The markup that reopens `open` (outermost first), and the one that
/// closes it.
fn reopen_close(open: &[(&str, &str)]) -> (String, String) {
    let reopen = open.iter().map(|(_, tag)| format!("{tag}\n")).collect();
    let close = open
        .iter()
        .rev()
        .map(|(name, _)| format!("</{name}>\n"))
        .collect();
    (reopen, close)
}

/// The elements open at the end of `markup` (this crate's, where text holds
/// no `<` and attributes no `>`), outermost first: each name and its start
/// tag as written.
fn open_elements(markup: &str) -> Vec<(&str, &str)> {
    let mut open: Vec<(&str, &str)> = Vec::new();
    let mut rest = markup;
    while let Some(at) = memchr::memchr(b'<', rest.as_bytes()) {
        rest = &rest[at..];
        let Some(end) = memchr::memchr(b'>', rest.as_bytes()) else {
            break;
        };
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
        let at: Vec<_> = sheets
            .parts()
            .iter()
            .map(|p| (p.first, p.at.as_deref()))
            .collect();
        assert_eq!(
            at,
            [(1, Some("08:00")), (2, Some("10:00")), (3, Some("11:30"))]
        );
        let reopen =
            "<main class=\"sheet\">\n<section class=\"programme\">\n<div class=\"day-list\">\n";
        let close = "</div>\n</section>\n</main>\n";
        let tail = "</body>\n</html>\n";
        let one = sheets.part(&doc, 1).unwrap();
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
            sheets.part(&doc, 2).unwrap(),
            format!("{head}{reopen}{ten}<div class=\"slot\"><p>two</p></div>\n{close}{tail}")
        );
        let last = sheets.part(&doc, 3).unwrap();
        assert!(last.starts_with(&format!(
            "{head}{reopen}{eleven}<div class=\"slot\"><p>three"
        )));
        assert!(
            last.ends_with("<p>end</p></section>\n</main>\n</body>\n</html>\n"),
            "{last}"
        );
        assert!(!last.contains("Day"), "{last}");
        assert_eq!(sheets.part(&doc, 4), None);
        assert_eq!(sheets.part(&doc, 0), None);
        // Its parts are asked for as parts, never as sheets.
        assert_eq!(sheets.excerpt(&doc, 1, 3), None);

        // Only the day's start marked: nothing to cut, shown whole.
        let short = doc.replace(&ten, "").replace(&eleven, "");
        let whole = Sheets::of(&short);
        assert!(!whole.flows() && whole.is_empty() && whole.parts().is_empty());
    }

    #[test]
    fn parts_hold_part_sheets_or_about_sheets_bytes_and_cut_long_days() {
        let doc = |body: String| format!("<html><head></head>\n<body>\n{body}</body>\n</html>\n");
        let sheet = |n: usize, size: usize| {
            format!(
                "<section class=\"sheet\">\n<p>{n} {}</p>\n</section>\n",
                "x".repeat(size)
            )
        };
        let ranges = |sheets: &Sheets| -> Vec<(usize, usize, Option<String>)> {
            sheets
                .parts()
                .iter()
                .map(|p| (p.first, p.last, p.at.clone()))
                .collect()
        };
        let n = PART_SHEETS;
        let small = doc((1..=2 * n + 5).map(|k| sheet(k, 100)).collect());
        assert_eq!(
            ranges(&Sheets::of(&small)),
            [
                (1, n, None),
                (n + 1, 2 * n, None),
                (2 * n + 1, 2 * n + 5, None)
            ]
        );
        // PART_SHEETS of them fit in one part: shown whole.
        let one_part = doc((1..=n).map(|k| sheet(k, 100)).collect());
        assert!(Sheets::of(&one_part).parts().is_empty());
        // Sheets of 3/8 of SHEETS_BYTES: two a part, a third would pass it.
        let big = doc((1..=5).map(|k| sheet(k, SHEETS_BYTES * 3 / 8)).collect());
        let found = Sheets::of(&big);
        assert_eq!(ranges(&found), [(1, 2, None), (3, 4, None), (5, 5, None)]);
        assert_eq!(found.part(&big, 2), found.excerpt(&big, 3, 4));

        // A long day: its sheet is cut at its marks (the first, where the
        // day starts, aside), each piece a part; the sheets around it go
        // by whole sheets.
        let mark = |time: &str| {
            let mut h = Html::with_capacity(32);
            cut_mark(&mut h, time.parse().unwrap());
            h.into_string()
        };
        let long = format!(
            "<section class=\"sheet\">\n<h1>Ana</h1>\n<div class=\"day-list\">\n{}\
             <div class=\"slot\">eight</div>\n{}<div class=\"slot\">ten</div>\n{}\
             <div class=\"slot\">noon</div>\n</div>\n<footer>end</footer>\n</section>\n",
            mark("08:00:00"),
            mark("10:00:00"),
            mark("12:00:00")
        );
        let short_day = format!(
            "<section class=\"sheet\">\n<h1>Bo</h1>\n<div class=\"day-list\">\n{}\
             <div class=\"slot\">eight</div>\n</div>\n</section>\n",
            mark("08:00:00")
        );
        let body = format!("{}{long}{short_day}{}", sheet(1, 10), sheet(4, 10));
        let html = doc(body);
        let found = Sheets::of(&html);
        assert_eq!(found.len(), 4);
        assert_eq!(
            ranges(&found),
            [
                (1, 1, None),
                (2, 2, None),
                (2, 2, Some("10:00".into())),
                (2, 2, Some("12:00".into())),
                (3, 4, None)
            ]
        );
        let (head, tail) = ("<html><head></head>\n<body>\n", "</body>\n</html>\n");
        let (reopen, close) = (
            "<section class=\"sheet\">\n<div class=\"day-list\">\n",
            "</div>\n</section>\n",
        );
        let piece = |n| found.part(&html, n).unwrap();
        assert_eq!(
            piece(2),
            format!(
                "{head}<section class=\"sheet\">\n<h1>Ana</h1>\n<div class=\"day-list\">\n{}\
                 <div class=\"slot\">eight</div>\n{close}{tail}",
                mark("08:00:00")
            )
        );
        assert_eq!(
            piece(3),
            format!(
                "{head}{reopen}{}<div class=\"slot\">ten</div>\n{close}{tail}",
                mark("10:00:00")
            )
        );
        assert_eq!(
            piece(4),
            format!(
                "{head}{reopen}{}<div class=\"slot\">noon</div>\n</div>\n<footer>end</footer>\n</section>\n{tail}",
                mark("12:00:00")
            )
        );
        assert_eq!(piece(5), found.excerpt(&html, 3, 4).unwrap());
        assert_eq!(found.part(&html, 6), None);
    }

    #[test]
    fn a_document_that_flows_has_no_sheets() {
        let doc = "<html><body>\n<main class=\"sheet\">\n<p>all</p>\n</main>\n</body></html>";
        let sheets = Sheets::of(doc);
        assert!(sheets.is_empty() && !sheets.flows());
        assert_eq!(sheets.excerpt(doc, 1, 1), None);
    }
}
