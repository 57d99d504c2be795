//! A ranking grid: Google Forms' « grille à choix multiples » used to rank
//! workshops exports one column per row of the grid, headed "Question
//! [Row]" (« Classez les ateliers [Atelier 1 : Retex…] », "Rank the
//! workshops [Workshop A]"), and writes in each cell the grid's column the
//! attendee ticked (« 1er choix », « Premier choix », "Choice 2"), or
//! nothing for a workshop left unranked. LimeSurvey's arrays and a
//! spreadsheet re-saved by Excel write the same headers.
//!
//! The bracketed part names the workshop; the cell gives its rank. How a
//! row's cells become a ranking (decided here, documented in
//! ARCHITECTURE.md): workshops are ordered by rank, so ranks with a gap
//! (1, 3) read as the order they say; two workshops given the same rank
//! are ambiguous and refuse the row, as does a cell that is no rank or
//! holds two (a checkbox grid); a cell saying "not interested" (« Pas
//! intéressé·e », "Not interested", « Aucun ») ranks nothing.

use super::columns::rank_of;
use crate::words::slug;

/// Words saying a workshop is not ranked.
const NOT_RANKED: &[&str] = &[
    "pas", "aucun", "aucune", "non", "not", "none", "no", "jamais", "never", "sans", "nul",
];

/// Words a rank is written with besides the rank itself ("1er choix",
/// "Choice n°2", « Rang 3 », "Vœu 1").
const RANK_WORDS: &[&str] = &[
    "choix",
    "choice",
    "rang",
    "rank",
    "voeu",
    "wish",
    "priorite",
    "priority",
    "preference",
    "n",
    "o",
    "no",
    "position",
    "place",
];

/// A header "Question [Row]" split into its question and its row, the
/// row's brackets matched from the end (a row may hold brackets of its
/// own). None for a header without a bracketed end.
pub(super) fn split_header(header: &str) -> Option<(&str, &str)> {
    let header = header.trim();
    let inner = header.strip_suffix(']')?;
    let mut depth = 0usize;
    for (at, c) in inner.char_indices().rev() {
        match c {
            ']' => depth += 1,
            '[' if depth > 0 => depth -= 1,
            '[' => {
                let (question, row) = (inner[..at].trim(), inner[at + 1..].trim());
                return (!row.is_empty()).then_some((question, row));
            }
            _ => {}
        }
    }
    None
}

/// The text naming a grid column's workshop: its header's bracketed
/// part, else the whole header (a column the organiser chose by hand).
pub(super) fn workshop_text(header: &str) -> &str {
    split_header(header).map_or(header.trim(), |(_, row)| row)
}

/// The rank a text is wholly about: « 1er choix », "Choice 2", « Rang
/// 3 », "3", "First choice"; none when it holds other words or two ranks.
pub(super) fn rank_label(text: &str) -> Option<usize> {
    let slugged = slug(text);
    let mut rank = None;
    for word in slugged.split('-').filter(|w| !w.is_empty()) {
        match rank_of(word) {
            Some(n) if rank.is_none() => rank = Some(n),
            Some(_) => return None,
            None if RANK_WORDS.contains(&word) => {}
            None => return None,
        }
    }
    rank
}

/// What a cell of a ranking grid says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cell {
    /// Empty, or "not interested": the workshop is not ranked.
    Unranked,
    Rank(usize),
    /// Two ranks (a checkbox grid's "1er choix;2e choix").
    Several,
    /// No rank can be read from it.
    Unreadable,
}

/// Reads a grid cell: the one rank it names ("1er choix", "Premier
/// choix", "Choice 2", "1", "Mon 2e choix"), ranks nothing when empty or
/// saying "not interested".
pub(super) fn read_cell(cell: &str) -> Cell {
    let slugged = slug(cell);
    let words: Vec<&str> = slugged.split('-').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Cell::Unranked;
    }
    let mut ranks: Vec<usize> = words.iter().filter_map(|w| rank_of(w)).collect();
    ranks.dedup();
    match ranks.as_slice() {
        [rank] => Cell::Rank(*rank),
        [] if words.iter().any(|w| NOT_RANKED.contains(w)) => Cell::Unranked,
        [] => Cell::Unreadable,
        _ => Cell::Several,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_split_into_question_and_row() {
        assert_eq!(
            split_header("Classez les ateliers [Atelier 1 : Retex avec la valise Educonum]"),
            Some((
                "Classez les ateliers",
                "Atelier 1 : Retex avec la valise Educonum"
            ))
        );
        assert_eq!(
            split_header("Rank the workshops [Zine [print] lab] "),
            Some(("Rank the workshops", "Zine [print] lab"))
        );
        assert_eq!(split_header("Choix 1"), None);
        assert_eq!(split_header("Ateliers []"), None);
        assert_eq!(workshop_text("Atelier 2"), "Atelier 2");
    }

    #[test]
    fn rank_labels_are_ranks_alone() {
        let labels: Vec<Option<usize>> = [
            "1er choix",
            "Choice 2",
            "Rang 3",
            "4",
            "First choice",
            "Choix n°2",
            "Atelier 1",
            "Choix 1 ou 2",
        ]
        .iter()
        .map(|l| rank_label(l))
        .collect();
        assert_eq!(
            labels,
            [
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(1),
                Some(2),
                None,
                None
            ]
        );
    }

    #[test]
    fn cells_as_forms_write_them() {
        let read: Vec<Cell> = [
            "1er choix",
            "Premier choix",
            "2e choix",
            "Choice 3",
            "1st choice",
            "First choice",
            "",
            "Pas intéressé·e",
            "Not interested",
            "1er choix;2e choix",
            "Peut-être",
        ]
        .iter()
        .map(|c| read_cell(c))
        .collect();
        assert_eq!(
            read,
            [
                Cell::Rank(1),
                Cell::Rank(1),
                Cell::Rank(2),
                Cell::Rank(3),
                Cell::Rank(1),
                Cell::Rank(1),
                Cell::Unranked,
                Cell::Unranked,
                Cell::Unranked,
                Cell::Several,
                Cell::Unreadable
            ]
        );
    }
}
