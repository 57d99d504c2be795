//! Which columns of a registration form's export hold the ranked choices
//! and the number of workshops wished: "Choix 1", "Choix n°2", "3e choix",
//! "Vœu 1", "Choice 2"… (one column per rank), or one column holding the
//! whole ranking ("Vos ateliers par ordre de préférence": "Atelier 3 >
//! Atelier 1"); "Nombre d'ateliers souhaités", "Combien d'ateliers…";
//! or a ranking grid, one column per workshop ("Classez les ateliers
//! [Atelier 1]", see [`super::grid`]), whose rows may also be the ranks
//! ("Classez les ateliers [1er choix]": one column per rank).

use super::grid;
use super::ChoicesMapping;
use crate::error::Result;
use crate::signups::csv::guess_mapping;
use crate::signups::csv::mapping::find_column;
use crate::words::slug;

/// Words that make a header about choices.
const CHOICE: &[&str] = &[
    "choix",
    "choice",
    "choices",
    "voeu",
    "voeux",
    "preference",
    "preferences",
    "priorite",
    "priority",
    "rang",
    "rank",
    "souhait",
    "souhaits",
    "classement",
    "ranking",
    "souhaite",
    "souhaites",
    "souhaitee",
    "souhaitees",
    "choisi",
    "choisis",
    "choisie",
    "choisies",
];

/// Words of a header holding a whole ranking besides the choice words.
const WORKSHOPS: &[&str] = &["atelier", "ateliers", "workshop", "workshops"];

/// Words of a grid's question asking to rank ("Classez les ateliers").
const RANK_VERBS: &[&str] = &[
    "classez", "classer", "ordonnez", "ordonner", "ordre", "order", "rank", "rate",
];

/// Words that make a header a count ("Nombre d'ateliers souhaités").
const COUNT: &[&str] = &["nombre", "combien", "number", "many", "nb", "wishes"];

/// Ordinal words: "premier choix", "second choice"; « Atelier préféré »,
/// "Favourite workshop" come first too.
const ORDINALS: &[(&str, usize)] = &[
    ("premier", 1),
    ("premiere", 1),
    ("first", 1),
    ("prefere", 1),
    ("preferee", 1),
    ("favorite", 1),
    ("favourite", 1),
    ("deuxieme", 2),
    ("second", 2),
    ("seconde", 2),
    ("troisieme", 3),
    ("third", 3),
    ("quatrieme", 4),
    ("fourth", 4),
    ("cinquieme", 5),
    ("fifth", 5),
    ("sixieme", 6),
    ("sixth", 6),
];

/// The rank a word says: "1", "2e", "2eme", "1er", "1re", "2nd", "3rd",
/// "4th", "premier".
pub(super) fn rank_of(word: &str) -> Option<usize> {
    if let Some(&(_, n)) = ORDINALS.iter().find(|(w, _)| *w == word) {
        return Some(n);
    }
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    let suffix = &word[digits.len()..];
    let known = ["", "e", "eme", "er", "re", "ere", "nd", "st", "rd", "th"];
    if digits.is_empty() || !known.contains(&suffix) {
        return None;
    }
    digits.parse().ok().filter(|&n| n >= 1)
}

/// What a header says about its column.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// The choice of this rank.
    Rank(usize),
    /// A whole ranking in one cell.
    Ranking,
    /// How many workshops the attendee wishes.
    Wishes,
    /// A column of a ranking grid: the rank of the workshop its header
    /// names; the grid's question slugged.
    Grid(String),
}

fn classify(header: &str) -> Option<Kind> {
    if let Some((question, row)) = grid::split_header(header) {
        let slugged = slug(question);
        let asks = slugged
            .split('-')
            .any(|w| CHOICE.contains(&w) || WORKSHOPS.contains(&w) || RANK_VERBS.contains(&w));
        if asks {
            return Some(match grid::rank_label(row) {
                Some(rank) => Kind::Rank(rank),
                None => Kind::Grid(slugged),
            });
        }
    }
    let slugged = slug(header);
    let words: Vec<&str> = slugged.split('-').filter(|w| !w.is_empty()).collect();
    let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
    let about_choices = has(CHOICE);
    let about_workshops = has(WORKSHOPS);
    if has(COUNT) && (about_choices || about_workshops) || words == ["wishes"] {
        return Some(Kind::Wishes);
    }
    if !about_choices {
        let others: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| !WORKSHOPS.contains(w))
            .collect();
        // « Premier atelier », « Deuxième atelier », « 2e atelier »: the
        // workshop of that rank. A bare number is not one: « Atelier 2 »
        // names a workshop more often than a rank.
        if let ([word], true) = (others.as_slice(), about_workshops) {
            if let Some(rank) = rank_of(word).filter(|_| word.parse::<usize>().is_err()) {
                return Some(Kind::Rank(rank));
            }
        }
        // A form asking for one workshop only: « Atelier », « Quel atelier ? ».
        return (about_workshops && others.len() <= 1).then_some(Kind::Ranking);
    }
    // "Choix n°2": "n" and "o" are words of their own after slugging.
    let ranks: Vec<usize> = words.iter().filter_map(|w| rank_of(w)).collect();
    match ranks.as_slice() {
        [rank] => Some(Kind::Rank(*rank)),
        [] => Some(Kind::Ranking),
        _ => None,
    }
}

/// The mapping the headers suggest: the attendee's columns as the attendee
/// import guesses them, the rank columns by rank (the first column of each
/// rank), else the columns of the first ranking grid, else the first
/// column holding a whole ranking; the wishes column.
pub fn guess_choices_mapping(headers: &[String]) -> ChoicesMapping {
    let kinds: Vec<Option<Kind>> = headers.iter().map(|h| classify(h)).collect();
    let mut ranked: Vec<(usize, usize)> = Vec::new();
    for (column, kind) in kinds.iter().enumerate() {
        if let Some(Kind::Rank(rank)) = kind {
            if !ranked.iter().any(|&(r, _)| r == *rank) {
                ranked.push((*rank, column));
            }
        }
    }
    ranked.sort();
    let mut choices: Vec<usize> = ranked.into_iter().map(|(_, column)| column).collect();
    let mut grid = Vec::new();
    let first_grid = kinds.iter().find_map(|k| match k {
        Some(Kind::Grid(question)) if choices.is_empty() => Some(question),
        _ => None,
    });
    if let Some(question) = first_grid {
        grid = (0..kinds.len())
            .filter(|&c| matches!(&kinds[c], Some(Kind::Grid(q)) if q == question))
            .collect();
    }
    if choices.is_empty() && grid.is_empty() {
        choices.extend(kinds.iter().position(|k| *k == Some(Kind::Ranking)));
    }
    let wishes = kinds.iter().position(|k| *k == Some(Kind::Wishes));
    let mut attendee = guess_mapping(headers);
    // A column of choices is never an attendee's details.
    let taken = |c: Option<usize>| {
        c.filter(|c| !choices.contains(c) && !grid.contains(c) && Some(*c) != wishes)
    };
    attendee.name = taken(attendee.name);
    attendee.first_name = taken(attendee.first_name);
    attendee.last_name = taken(attendee.last_name);
    attendee.email = taken(attendee.email);
    attendee.organisation = taken(attendee.organisation);
    attendee.category = taken(attendee.category);
    attendee.notes = taken(attendee.notes);
    ChoicesMapping {
        attendee,
        choices,
        grid,
        wishes,
    }
}

impl ChoicesMapping {
    /// The mapping with the columns the command line names: `choices`, the
    /// columns of choices, first choice first; `grid`, a ranking grid's
    /// columns; each a comma-separated list of headers (exactly, or case
    /// and accents aside) or numbers from 1, a header holding a comma named
    /// by its number; `wishes`, one column, or "" for none. Choices given
    /// replace the grid guessed and a grid the choices; a column given to
    /// them is no attendee field.
    pub fn with_columns(
        &self,
        choices: Option<&str>,
        grid: Option<&str>,
        wishes: Option<&str>,
        headers: &[String],
    ) -> Result<ChoicesMapping> {
        let list = |spec: &str| -> Result<Vec<usize>> {
            spec.split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(|c| find_column(c, headers))
                .collect()
        };
        let mut mapping = self.clone();
        if let Some(spec) = choices {
            mapping.choices = list(spec)?;
            mapping.grid.clear();
        }
        if let Some(spec) = grid {
            mapping.grid = list(spec)?;
            if choices.is_none() {
                mapping.choices.clear();
            }
        }
        if let Some(spec) = wishes {
            mapping.wishes = match spec.trim() {
                "" => None,
                column => Some(find_column(column, headers)?),
            };
        }
        let taken: Vec<usize> = mapping
            .choices
            .iter()
            .chain(&mapping.grid)
            .chain(&mapping.wishes)
            .copied()
            .collect();
        let a = &mut mapping.attendee;
        for field in [
            &mut a.name,
            &mut a.first_name,
            &mut a.last_name,
            &mut a.email,
            &mut a.organisation,
            &mut a.category,
            &mut a.notes,
            &mut a.registered_at,
        ] {
            if field.is_some_and(|c| taken.contains(&c)) {
                *field = None;
            }
        }
        Ok(mapping)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guess(list: &[&str]) -> ChoicesMapping {
        guess_choices_mapping(&list.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn rank_columns_in_rank_order() {
        let m = guess(&[
            "Horodateur",
            "Adresse e-mail",
            "Nom",
            "Prénom",
            "2e choix",
            "Choix n°1",
            "Troisième choix d'atelier",
            "Nombre d'ateliers souhaités",
        ]);
        assert_eq!(m.choices, [5, 4, 6]);
        assert_eq!(m.wishes, Some(7));
        assert_eq!(
            (
                m.attendee.email,
                m.attendee.last_name,
                m.attendee.first_name
            ),
            (Some(1), Some(2), Some(3))
        );
    }

    #[test]
    fn ordinal_workshop_columns_are_ranks() {
        let m = guess(&[
            "Nom",
            "Courriel",
            "Premier atelier",
            "Deuxième atelier",
            "3e atelier",
            "Atelier 14h",
        ]);
        assert_eq!(m.choices, [2, 3, 4]);
        let m = guess(&["Nom", "Atelier préféré", "Deuxième atelier"]);
        assert_eq!(m.choices, [1, 2]);
        assert_eq!(classify("1er atelier"), Some(Kind::Rank(1)));
        assert_eq!(classify("Second workshop"), Some(Kind::Rank(2)));
        // A time is no rank: one workshop asked for that slot; nor is a
        // bare number, which names a workshop.
        assert_eq!(classify("Atelier 14h"), Some(Kind::Ranking));
        assert_eq!(classify("Atelier 2"), Some(Kind::Ranking));
    }

    #[test]
    fn one_column_for_the_whole_ranking() {
        let m = guess(&[
            "Nom complet",
            "Courriel",
            "Vos ateliers par ordre de préférence",
            "Combien d'ateliers voulez-vous suivre ?",
        ]);
        assert_eq!((m.choices, m.wishes), (vec![2], Some(3)));
        let m = guess(&["Nom", "Prénom", "Courriel", "Ateliers souhaités"]);
        assert_eq!(m.choices, [3]);
        let m = guess(&["Nom", "Courriel", "Quel atelier ?", "Structure"]);
        assert_eq!((m.choices, m.attendee.organisation), (vec![2], Some(3)));
        let m = guess(&[
            "Nom",
            "Courriel",
            "Atelier du matin : remarques sur l'accès",
        ]);
        assert!(
            m.choices.is_empty(),
            "a question about a workshop is not a choice"
        );
        let m = guess(&["Name", "Email", "Choice 1", "Choice 2", "1st choice"]);
        assert_eq!(m.choices, [2, 3], "the first column of each rank");
    }

    #[test]
    fn a_ranking_grid_one_column_per_workshop() {
        let m = guess(&[
            "Horodateur",
            "Adresse e-mail",
            "Nom",
            "Classez les ateliers [Atelier 1 : Retex]",
            "Classez les ateliers [Atelier 2 : Numok]",
            "Disponibilités [Matin]",
            "Classez les ateliers [Atelier 3]",
            "Combien d'ateliers souhaitez-vous suivre ?",
        ]);
        assert_eq!(
            (m.choices, m.grid, m.wishes),
            (vec![], vec![3, 4, 6], Some(7))
        );
        assert_eq!(m.attendee.name, Some(2));
        let m = guess(&[
            "Name",
            "Email",
            "Rank the workshops [Zine lab]",
            "Rank the workshops [Podcast]",
        ]);
        assert_eq!(m.grid, [2, 3]);
        let m = guess(&[
            "Nom",
            "Courriel",
            "Vos choix d'ateliers [2e choix]",
            "Vos choix d'ateliers [1er choix]",
        ]);
        assert_eq!(
            (m.choices, m.grid),
            (vec![3, 2], vec![]),
            "a grid whose rows are the ranks: one column per rank"
        );
    }

    #[test]
    fn ranks_as_people_write_them() {
        let ranks: Vec<Option<usize>> =
            ["1", "1er", "1re", "2e", "2eme", "2nd", "3rd", "4th", "x2"]
                .iter()
                .map(|w| rank_of(w))
                .collect();
        assert_eq!(
            ranks,
            [
                Some(1),
                Some(1),
                Some(1),
                Some(2),
                Some(2),
                Some(2),
                Some(3),
                Some(4),
                None
            ]
        );
        assert_eq!(classify("Structure"), None);
        assert_eq!(
            classify("Choix 1 / choix 2"),
            None,
            "two ranks: not a column of one"
        );
    }
}
