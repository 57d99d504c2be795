//! HTML that is safe by construction. Markup comes only from string literals
//! of this crate (`&'static str`); every other piece of text goes through
//! [`escape`], the one escaping function of the printed documents. There is
//! no method that writes a runtime string unescaped.

use base64::Engine;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Escapes text for HTML content and quoted attribute values: `&`, `<`, `>`,
/// `"` and `'` become character references.
pub fn escape(text: &str) -> Cow<'_, str> {
    match text.bytes().position(special) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let mut out = String::with_capacity(text.len() + 16);
            escape_into(&mut out, text);
            Cow::Owned(out)
        }
    }
}

/// Whether a byte is one [`escape`] replaces: all are ASCII, so text may be
/// cut before and after one and stay UTF-8.
fn special(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
}

/// [`escape`] written at the end of `out`: the runs between the characters
/// it replaces are copied whole, byte by byte (a badge's name and
/// organisation, a sign-in sheet's ten thousand rows).
fn escape_into(out: &mut String, text: &str) {
    let mut from = 0;
    for (at, b) in text.bytes().enumerate() {
        if !special(b) {
            continue;
        }
        out.push_str(&text[from..at]);
        out.push_str(match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        from = at + 1;
    }
    out.push_str(&text[from..]);
}

/// A document being written.
pub struct Html {
    out: String,
}

impl Html {
    pub fn with_capacity(bytes: usize) -> Html {
        Html {
            out: String::with_capacity(bytes),
        }
    }

    /// Room for `bytes` more, at once: a long document is not copied as it
    /// grows.
    pub fn reserve(&mut self, bytes: usize) -> &mut Html {
        self.out.reserve(bytes);
        self
    }

    /// Markup written in this crate's source.
    pub fn m(&mut self, markup: &'static str) -> &mut Html {
        self.out.push_str(markup);
        self
    }

    /// A piece written before by another `Html` (safe as it was written),
    /// for a part that is the same on many pages.
    pub fn piece(&mut self, piece: &Html) -> &mut Html {
        self.out.push_str(&piece.out);
        self
    }

    /// Text, escaped.
    pub fn t(&mut self, text: &str) -> &mut Html {
        escape_into(&mut self.out, text);
        self
    }

    /// Text, escaped, with its line breaks kept (`<br>`).
    pub fn lines(&mut self, text: &str) -> &mut Html {
        let text = text.replace("\r\n", "\n");
        for (i, line) in text.trim().split('\n').enumerate() {
            if i > 0 {
                self.m("<br>");
            }
            self.t(line);
        }
        self
    }

    /// `open`, the text escaped, `close`.
    pub fn el(&mut self, open: &'static str, text: &str, close: &'static str) -> &mut Html {
        self.m(open).t(text).m(close)
    }

    /// `open`, the text escaped, `close`; nothing when the text is blank.
    pub fn el_some(&mut self, open: &'static str, text: &str, close: &'static str) -> &mut Html {
        if !text.trim().is_empty() {
            self.el(open, text.trim(), close);
        }
        self
    }

    /// A QR code of `text` as a vector drawing: an inline SVG (`role="img"`,
    /// named by `label`, escaped) whose dark modules are one path of unit
    /// squares inside a quiet zone of four. Its markup is numbers made here;
    /// `text` itself is encoded, never written. None when `text` is too long
    /// for a QR code.
    pub fn qr(&mut self, text: &str, label: &str) -> Option<&mut Html> {
        use std::fmt::Write;
        let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
        let width = code.width();
        let size = width + 8;
        let mut path = String::with_capacity(width * width * 4);
        for (i, color) in code.to_colors().iter().enumerate() {
            if *color == qrcode::Color::Dark {
                let _ = write!(path, "M{} {}h1v1h-1z", i % width + 4, i / width + 4);
            }
        }
        let _ = write!(
            self.out,
            "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
             shape-rendering=\"crispEdges\" role=\"img\" aria-label=\""
        );
        self.t(label);
        let _ = write!(
            self.out,
            "\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
        );
        Some(self)
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.out.len()
    }

    pub fn into_string(self) -> String {
        self.out
    }
}

struct Face {
    family: &'static str,
    weight: &'static str,
    style: &'static str,
    /// Its file's name without `.woff2`, for [`font_files`].
    stem: &'static str,
    woff2: &'static [u8],
}

/// A face of `fonts/STEM.woff2`, its file named once.
macro_rules! face {
    ($family:literal, $weight:literal, $style:literal, $stem:literal) => {
        Face {
            family: $family,
            weight: $weight,
            style: $style,
            stem: $stem,
            woff2: include_bytes!(concat!("fonts/", $stem, ".woff2")),
        }
    };
}

const FACES: [Face; 5] = [
    face!("Deroule Sans", "400", "normal", "DerouleSans-Regular"),
    face!("Deroule Sans", "400", "italic", "DerouleSans-Italic"),
    face!("Deroule Sans", "700", "normal", "DerouleSans-Bold"),
    face!("Deroule Serif", "400", "normal", "DerouleSerif-Regular"),
    face!("Deroule Serif", "700", "normal", "DerouleSerif-Bold"),
];

/// The `@font-face` rules of the embedded fonts (Noto, OFL: see
/// `fonts/README.md`), as `data:` URLs: a document fetches nothing. Made
/// once per process.
///
/// Each names the font installed under its family first (`local()`): the
/// app installs the faces for its own web process ([`font_files`]), where a
/// typeface the system knows is made once and shared by every document,
/// while WebKit decodes a `data:` font anew in each (34–44 ms of each part
/// of a print preview). Elsewhere (a saved page, a browser) the family is
/// not installed and the `data:` URL is used. The files call their family
/// "Deroule Sans" and "Deroule Serif", not "Noto", so that `local()` never
/// picks another version of Noto that a machine has.
pub fn font_faces() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| faces_css(true))
}

/// [`font_faces`] with their `local()` source alone.
fn installed_font_faces() -> &'static str {
    static CSS: OnceLock<String> = OnceLock::new();
    CSS.get_or_init(|| faces_css(false))
}

/// The `@font-face` rules, each with its `data:` copy when `embedded`.
fn faces_css(embedded: bool) -> String {
    let mut css = String::new();
    for face in &FACES {
        css.push_str("@font-face{font-family:\"");
        css.push_str(face.family);
        css.push_str("\";font-weight:");
        css.push_str(face.weight);
        css.push_str(";font-style:");
        css.push_str(face.style);
        css.push_str(";font-display:block;src:local(\"");
        css.push_str(face.family);
        css.push_str("\")");
        if embedded {
            css.push_str(",url(data:font/woff2;base64,");
            css.push_str(&base64::engine::general_purpose::STANDARD.encode(face.woff2));
            css.push_str(") format(\"woff2\")");
        }
        css.push_str("}\n");
    }
    css
}

/// `html`, a document made here, with its fonts taken from the system
/// alone: its `@font-face` rules keep their `local()` source and lose their
/// `data:` copies, 240 KB of base64 at the head of every document. For a
/// web view on a system where the faces are installed ([`font_files`]): the
/// app's preview loads that head again with each part it shows. A page
/// without the embedded rules (not made here) is returned as it is.
pub fn with_installed_fonts(mut html: String) -> String {
    let faces = font_faces();
    let at = html
        .find(FACES_STYLE)
        .map(|at| at + FACES_STYLE.len())
        .filter(|&at| html[at..].starts_with(faces));
    if let Some(at) = at {
        html.replace_range(at..at + faces.len(), installed_font_faces());
    }
    html
}

/// The element that holds the `@font-face` rules, and nothing else, in the
/// head of every document (`parts::page`).
pub(crate) const FACES_STYLE: &str = "<style>\n";

/// The embedded fonts as WOFF2 files (name without `.woff2`, bytes), for a
/// system's font configuration to find them under their families
/// ("Deroule Sans", "Deroule Serif"): see [`font_faces`].
pub fn font_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    FACES.iter().map(|face| (face.stem, face.woff2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unescape(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn escaped_text_holds_no_markup_and_reads_back() {
        let samples = [
            "",
            "Salle d'animation",
            "<script>alert(1)</script>",
            "</style><b>",
            "a & b &amp; \"c\" 'd'",
            "« Léonard de Vinci » — 9h30–10h",
            "&lt;already&gt;",
        ];
        for s in samples {
            let e = escape(s);
            assert!(!e.contains(['<', '>', '"', '\'']), "{e}");
            for (i, _) in e.match_indices('&') {
                let rest = &e[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                        .iter()
                        .any(|r| rest.starts_with(r)),
                    "a bare & in {e}"
                );
            }
            assert_eq!(unescape(&e), s);
        }
    }

    proptest::proptest! {
        /// Any text, of any script, escapes as a character-by-character
        /// replacement would, alone or written after other text.
        #[test]
        fn escaping_by_runs_is_escaping_each_character(
            text in proptest::prop_oneof!["[&<>\"'aé€😀\n ]{0,40}", "(?s).{0,40}"],
            before in "[a-zé<]{0,3}") {
            let by_char: String = text
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_owned(),
                    '<' => "&lt;".to_owned(),
                    '>' => "&gt;".to_owned(),
                    '"' => "&quot;".to_owned(),
                    '\'' => "&#39;".to_owned(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escape(&text), by_char.as_str());
            let mut h = Html::with_capacity(0);
            h.t(&before).t(&text);
            proptest::prop_assert_eq!(h.into_string(), format!("{}{by_char}", escape(&before)));
        }
    }

    #[test]
    fn lines_keep_breaks_and_escape() {
        let mut h = Html::with_capacity(0);
        h.lines("Bus C3 <arrêt>\r\nTram T1\n");
        assert_eq!(h.into_string(), "Bus C3 &lt;arrêt&gt;<br>Tram T1");
    }

    #[test]
    fn every_face_is_embedded() {
        let css = font_faces();
        assert_eq!(css.matches("@font-face").count(), FACES.len());
        assert!(!css.contains("http"));
        // The installed face first, by the family the rule declares.
        for rule in css.lines() {
            let family = rule.split('"').nth(1).unwrap();
            assert!(
                rule.contains(&format!(
                    ";src:local(\"{family}\"),url(data:font/woff2;base64,"
                )),
                "{}",
                &rule[..120]
            );
        }
        assert_eq!(font_files().count(), FACES.len());
    }

    #[test]
    fn installed_fonts_keep_the_rules_and_drop_the_copies() {
        let page = |faces: &str| {
            format!("<!DOCTYPE html>\n<head>\n<title>t</title>\n{FACES_STYLE}{faces}</style>\n<style>\nbody{{}}</style>\n</head>\n<body>\n<p>x</p>\n</body>\n")
        };
        let lean = with_installed_fonts(page(font_faces()));
        assert_eq!(lean, page(installed_font_faces()));
        assert!(!lean.contains("url(") && !lean.contains("base64"));
        assert_eq!(lean.matches("@font-face").count(), FACES.len());
        for (rule, embedded) in lean
            .lines()
            .filter(|l| l.starts_with("@font-face"))
            .zip(font_faces().lines())
        {
            let family = rule.split('"').nth(1).unwrap();
            assert!(
                rule.ends_with(&format!(";src:local(\"{family}\")}}")),
                "{rule}"
            );
            // The same rule, less its copy.
            assert!(embedded.starts_with(&rule[..rule.len() - 1]), "{rule}");
        }
        // A page not made here, or made lean already, is left as it is.
        let other = page("@font-face{font-family:\"X\";src:url(x.woff2)}\n");
        assert_eq!(with_installed_fonts(other.clone()), other);
        assert_eq!(with_installed_fonts(lean.clone()), lean);
    }
}
