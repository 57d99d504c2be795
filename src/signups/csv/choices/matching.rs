//! A title typed or picked in a registration form to a workshop of the
//! block: exactly (case, accents, punctuation and spacing aside), by the
//! label before a colon ("Atelier 3" for "Atelier 3 : Numérique éthique")
//! or the words after it, or by a title the organiser accepted. Anything
//! else is not a match: the closest workshop is only proposed.

use crate::model::Id;
use crate::words::slug;
use std::collections::HashMap;

/// A workshop as the matcher knows it.
#[derive(Debug, Clone)]
pub(super) struct Known {
    pub(super) id: Id,
    /// Its keys: the whole title, and the parts around a colon or dash.
    keys: Vec<String>,
}

/// The keys of a title: "Atelier 3 : Numérique éthique" gives
/// "atelier-3-numerique-ethique", "atelier-3" and "numerique-ethique".
fn keys_of(title: &str) -> Vec<String> {
    let mut keys = vec![slug(title)];
    for separator in [" : ", ": ", " – ", " — ", " - "] {
        if let Some((label, rest)) = title.split_once(separator) {
            keys.push(slug(label));
            keys.push(slug(rest));
            break;
        }
    }
    keys.retain(|k| !k.is_empty());
    keys.dedup();
    keys
}

/// Matches the texts of a file to a block's workshops.
pub(super) struct Matcher {
    known: Vec<Known>,
    /// Each key held by exactly one workshop (a key two workshops share,
    /// "Atelier" for "Atelier : A" and "Atelier : B", matches neither).
    exact: HashMap<String, Id>,
    /// What the organiser accepted: a text's key → the workshop.
    accepted: HashMap<String, Id>,
}

/// How a text matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Match {
    Workshop(Id),
    /// Through a text the organiser accepted.
    Accepted(Id),
    /// No workshop; the closest one, if any is close.
    None(Option<Id>),
}

impl Matcher {
    /// `workshops`: each workshop's id and the titles of its items.
    pub(super) fn new(workshops: &[(Id, Vec<String>)], accepted: &[(String, Id)]) -> Matcher {
        let known: Vec<Known> = workshops
            .iter()
            .map(|(id, titles)| {
                let mut keys: Vec<String> = titles.iter().flat_map(|t| keys_of(t)).collect();
                keys.sort();
                keys.dedup();
                Known { id: *id, keys }
            })
            .collect();
        let mut holders: HashMap<&str, Vec<Id>> = HashMap::new();
        for k in &known {
            for key in &k.keys {
                holders.entry(key).or_default().push(k.id);
            }
        }
        let exact = holders
            .into_iter()
            .filter(|(_, ids)| ids.len() == 1)
            .map(|(key, ids)| (key.to_owned(), ids[0]))
            .collect();
        let accepted = accepted
            .iter()
            .filter(|(_, id)| known.iter().any(|k| k.id == *id))
            .map(|(text, id)| (slug(text), *id))
            .collect();
        Matcher {
            known,
            exact,
            accepted,
        }
    }

    /// The workshop `text` names, else the closest proposal.
    pub(super) fn find(&self, text: &str) -> Match {
        let key = slug(text);
        if let Some(&id) = self.exact.get(&key) {
            return Match::Workshop(id);
        }
        if let Some(&id) = self.accepted.get(&key) {
            return Match::Accepted(id);
        }
        Match::None(self.closest(&key))
    }

    /// The workshop one of whose keys is nearest `key` by edit distance,
    /// when near enough (a typo, a missing letter, a word left out of a
    /// long title), or whose title starts with it; none on a tie.
    fn closest(&self, key: &str) -> Option<Id> {
        if key.is_empty() {
            return None;
        }
        let len = key.chars().count();
        let allowed = (len / 4).max(2);
        let mut best: Option<(usize, Id)> = None;
        let mut tie = false;
        for k in &self.known {
            let distance = k
                .keys
                .iter()
                .map(|candidate| {
                    if len >= 6 && candidate.starts_with(key) {
                        1
                    } else {
                        edit_distance(key, candidate)
                    }
                })
                .min()
                .unwrap_or(usize::MAX);
            if distance > allowed {
                continue;
            }
            match best {
                Some((d, _)) if d < distance => {}
                Some((d, _)) if d == distance => tie = true,
                _ => {
                    best = Some((distance, k.id));
                    tie = false;
                }
            }
        }
        best.filter(|_| !tie).map(|(_, id)| id)
    }
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitute.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The texts of one cell: a whole ranking ("Atelier 3 > Atelier 1",
/// one per line, or separated by ";" or "|"), else the cell itself. A cell
/// naming no workshop whole but holding commas is split on them (Google
/// Forms joins checked boxes with ", ").
pub(super) fn split_cell(cell: &str, matcher: &Matcher) -> Vec<String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Vec::new();
    }
    let pieces = |separators: &[char]| -> Vec<String> {
        cell.split(separators)
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect()
    };
    let split = pieces(&['>', '→', '»', '\n', ';', '|']);
    if split.len() > 1 {
        return split;
    }
    let whole = matches!(matcher.find(cell), Match::Workshop(_) | Match::Accepted(_));
    if cell.contains(',') && !whole {
        return pieces(&[',']);
    }
    vec![cell.to_owned()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Matcher {
        let titles = [
            "Atelier 1 : Retex avec la valise Educonum de Fréquence École",
            "Atelier 2 : Le festival Numok des bibliothèques de Paris",
            "Atelier 3 : Numérique éthique et libre pour les tiers-lieux",
            "Atelier 4 : Échange avec des fablabs",
        ];
        let workshops: Vec<(Id, Vec<String>)> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| (i as Id + 1, vec![(*t).to_owned()]))
            .collect();
        Matcher::new(&workshops, &[("Fab labs".into(), 4)])
    }

    #[test]
    fn exact_by_title_label_or_subject_accents_and_case_aside() {
        let m = demo();
        assert_eq!(m.find("atelier 3"), Match::Workshop(3));
        assert_eq!(
            m.find("ATELIER 4 : ECHANGE AVEC DES FABLABS"),
            Match::Workshop(4)
        );
        assert_eq!(
            m.find("Le festival Numok des bibliothèques de Paris"),
            Match::Workshop(2)
        );
        assert_eq!(
            m.find("fab-labs"),
            Match::Accepted(4),
            "accepted by the organiser"
        );
    }

    #[test]
    fn close_texts_are_only_proposed() {
        let m = demo();
        assert_eq!(
            m.find("Atelier 4 : Echange avec des fablab"),
            Match::None(Some(4))
        );
        assert_eq!(
            m.find("Numerique etique et libre pour les tiers lieux"),
            Match::None(Some(3))
        );
        assert_eq!(
            m.find("Le festival Numok"),
            Match::None(Some(2)),
            "the start of a title"
        );
        assert_eq!(
            m.find("Atelier 5"),
            Match::None(None),
            "as close to 1, 2, 3 and 4: a tie"
        );
        assert_eq!(m.find("Cuisine"), Match::None(None));
    }

    #[test]
    fn cells_holding_a_whole_ranking() {
        let m = demo();
        assert_eq!(
            split_cell("Atelier 3 > Atelier 1", &m),
            ["Atelier 3", "Atelier 1"]
        );
        assert_eq!(
            split_cell("Atelier 2\nAtelier 4", &m),
            ["Atelier 2", "Atelier 4"]
        );
        assert_eq!(
            split_cell("Atelier 2, Atelier 4", &m),
            ["Atelier 2", "Atelier 4"]
        );
        assert_eq!(split_cell(" ", &m), Vec::<String>::new());
        let commas = Matcher::new(&[(1, vec!["Lire, écrire, compter".into()])], &[]);
        assert_eq!(
            split_cell("Lire, écrire, compter", &commas),
            ["Lire, écrire, compter"]
        );
    }
}
