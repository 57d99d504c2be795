//! The accent fold: "Émilie" → "emilie", "Œuvres" → "oeuvres", written once.
//!
//! Callers grew their own folds, each with its own list of letters, and
//! their results are kept exactly (file names, sort orders and which
//! imported labels match must not change in a restructuring). So the one
//! table below says from which [`Reach`] each letter is folded, and each
//! caller names the reach it always had. The reaches nest: a wider one folds
//! every letter a narrower one does, the same way.
//!
//! The UI's search (`normalise` in `ui/src/lib/registrations.ts`) folds by
//! Unicode decomposition instead; `tests/fixtures/words/fold.json` holds
//! what both give, checked by a Rust test and a Vitest test.

/// How many letters a fold takes out of their accents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    /// French accents only: à â ä é è ê ë î ï ô ö ù û ü ç. The matching of
    /// imported kind labels, the demo's e-mails.
    French,
    /// And the Spanish and Portuguese ones with the French ligatures: á ã
    /// í ì ó ò õ ú ÿ ñ, œ → "oe", æ → "ae". Export file names.
    Latin,
    /// And å ø ý. Sort keys of names in printed documents.
    Nordic,
    /// And ß → "ss". Slugs in frab/c3voc schedules.
    German,
}

/// Every folded letter (lower case): the letter, what it becomes, and the
/// narrowest reach that folds it.
const TABLE: &[(char, &str, Reach)] = &[
    ('à', "a", Reach::French),
    ('â', "a", Reach::French),
    ('ä', "a", Reach::French),
    ('é', "e", Reach::French),
    ('è', "e", Reach::French),
    ('ê', "e", Reach::French),
    ('ë', "e", Reach::French),
    ('î', "i", Reach::French),
    ('ï', "i", Reach::French),
    ('ô', "o", Reach::French),
    ('ö', "o", Reach::French),
    ('ù', "u", Reach::French),
    ('û', "u", Reach::French),
    ('ü', "u", Reach::French),
    ('ç', "c", Reach::French),
    ('á', "a", Reach::Latin),
    ('ã', "a", Reach::Latin),
    ('í', "i", Reach::Latin),
    ('ì', "i", Reach::Latin),
    ('ó', "o", Reach::Latin),
    ('ò', "o", Reach::Latin),
    ('õ', "o", Reach::Latin),
    ('ú', "u", Reach::Latin),
    ('ÿ', "y", Reach::Latin),
    ('ñ', "n", Reach::Latin),
    ('œ', "oe", Reach::Latin),
    ('æ', "ae", Reach::Latin),
    ('å', "a", Reach::Nordic),
    ('ø', "o", Reach::Nordic),
    ('ý', "y", Reach::Nordic),
    ('ß', "ss", Reach::German),
];

/// What a lower-case letter becomes without its accent at `reach`, or
/// `None` when the fold leaves it as it is.
pub fn fold_char(c: char, reach: Reach) -> Option<&'static str> {
    // The table holds no ASCII letter: most characters stop here.
    if c.is_ascii() {
        return None;
    }
    TABLE
        .iter()
        .find(|(letter, _, from)| *letter == c && *from <= reach)
        .map(|(_, plain, _)| *plain)
}

/// `text` in lower case with its accents folded at `reach`; every other
/// character kept: "Émilie Œuvre" → "emilie oeuvre".
pub fn fold(text: &str, reach: Reach) -> String {
    // Most names are ASCII: lowered byte by byte, where each character's
    // own lower-case iterator cost a tenth of printing 10,000 badges.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for c in c.to_lowercase() {
            match fold_char(c, reach) {
                Some(plain) => out.push_str(plain),
                None => out.push(c),
            }
        }
    }
    out
}

/// A key to sort names by as a reader expects: case and accents aside
/// ("Émilie" beside "Emma", not after "Zoé").
pub fn sort_key(name: &str) -> String {
    fold(name.trim(), Reach::Nordic)
}

/// Lowercase ASCII words joined by dashes: "Salle d'animation" →
/// "salle-d-animation". Accented letters lose their marks, not their letter
/// (the Latin reach); every other character separates words.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let plain = match fold_char(c, Reach::Latin) {
            Some(plain) => plain,
            None if c.is_ascii_alphanumeric() => {
                out.push(c);
                dash = false;
                continue;
            }
            _ => {
                if !out.is_empty() && !dash {
                    out.push('-');
                    dash = true;
                }
                continue;
            }
        };
        out.push_str(plain);
        dash = false;
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const REACHES: [Reach; 4] = [Reach::French, Reach::Latin, Reach::Nordic, Reach::German];

    #[test]
    fn each_letter_once_lower_case_and_plain_ascii() {
        for (i, (c, plain, _)) in TABLE.iter().enumerate() {
            assert!(c.is_lowercase() && !c.is_ascii(), "{c}");
            assert!(plain.chars().all(|p| p.is_ascii_lowercase()), "{c}");
            assert!(TABLE[i + 1..].iter().all(|(d, _, _)| d != c), "{c} twice");
        }
    }

    #[test]
    fn reaches_nest() {
        for (c, plain, from) in TABLE {
            for reach in REACHES {
                let folded = fold_char(*c, reach);
                assert_eq!(
                    folded,
                    (reach >= *from).then_some(*plain),
                    "{c} at {reach:?}"
                );
            }
        }
    }

    #[test]
    fn folds_as_each_reach_always_did() {
        let text = "Çà Œuvre Ñandú Åse Øre Ýves Straße";
        assert_eq!(
            fold(text, Reach::French),
            "ca œuvre ñandú åse øre ýves straße"
        );
        assert_eq!(
            fold(text, Reach::Latin),
            "ca oeuvre nandu åse øre ýves straße"
        );
        assert_eq!(
            fold(text, Reach::Nordic),
            "ca oeuvre nandu ase ore yves straße"
        );
        assert_eq!(
            fold(text, Reach::German),
            "ca oeuvre nandu ase ore yves strasse"
        );
    }

    #[test]
    fn names_sort_without_accents_or_case() {
        let mut names = vec!["Zoé Martin", "Émilie Roux", "emma Petit", "Éric Blanc"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            ["Émilie Roux", "emma Petit", "Éric Blanc", "Zoé Martin"]
        );
        assert_eq!(sort_key("  Émilie "), "emilie");
    }
}
