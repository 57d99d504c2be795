//! Headers to a column mapping: which column holds what, guessed from the
//! words of each header (the attendee's own columns before the buyer's),
//! or given as `field=column` on the command line.

use super::CsvMapping;
use crate::error::{Error, Result};
use crate::words::slug;
use std::collections::HashMap;

/// The fields a column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Name,
    FirstName,
    LastName,
    Email,
    Organisation,
    Category,
    Notes,
    RegisteredAt,
}

impl Field {
    const ALL: [Field; 8] = [
        Field::Name,
        Field::FirstName,
        Field::LastName,
        Field::Email,
        Field::Organisation,
        Field::Category,
        Field::Notes,
        Field::RegisteredAt,
    ];

    /// The name in `--map` and in the JSON of [`CsvMapping`].
    fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::FirstName => "firstName",
            Field::LastName => "lastName",
            Field::Email => "email",
            Field::Organisation => "organisation",
            Field::Category => "category",
            Field::Notes => "notes",
            Field::RegisteredAt => "registeredAt",
        }
    }

    /// Reads a field name as people type it: `first_name`, `firstName`,
    /// `first-name`, `organization`.
    fn parse(text: &str) -> Option<Field> {
        let plain: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match plain.as_str() {
            "name" => Field::Name,
            "firstname" => Field::FirstName,
            "lastname" => Field::LastName,
            "email" => Field::Email,
            "organisation" | "organization" => Field::Organisation,
            "category" => Field::Category,
            "notes" => Field::Notes,
            "registeredat" | "registrationdate" | "registered" | "date" => Field::RegisteredAt,
            _ => return None,
        })
    }
}

impl CsvMapping {
    pub(super) fn get(&self, field: Field) -> Option<usize> {
        match field {
            Field::Name => self.name,
            Field::FirstName => self.first_name,
            Field::LastName => self.last_name,
            Field::Email => self.email,
            Field::Organisation => self.organisation,
            Field::Category => self.category,
            Field::Notes => self.notes,
            Field::RegisteredAt => self.registered_at,
        }
    }

    fn slot(&mut self, field: Field) -> &mut Option<usize> {
        match field {
            Field::Name => &mut self.name,
            Field::FirstName => &mut self.first_name,
            Field::LastName => &mut self.last_name,
            Field::Email => &mut self.email,
            Field::Organisation => &mut self.organisation,
            Field::Category => &mut self.category,
            Field::Notes => &mut self.notes,
            Field::RegisteredAt => &mut self.registered_at,
        }
    }

    /// Whether some column gives names.
    pub fn has_name(&self) -> bool {
        self.name.is_some() || self.first_name.is_some() || self.last_name.is_some()
    }

    /// Applies a command-line mapping such as `name=Nom complet,email=3` on
    /// top of `self`: each field names a column by its header (exactly, or
    /// ignoring case and accents) or by its number from 1; `field=` maps
    /// nothing to it. A column given to a field is taken from any other
    /// field. Headers holding a comma are named by their number.
    pub fn apply_map(&self, spec: &str, headers: &[String]) -> Result<CsvMapping> {
        let mut mapping = self.clone();
        for part in spec.split(',').filter(|p| !p.trim().is_empty()) {
            let Some((key, column)) = part.split_once('=') else {
                return Err(Error::invalid(
                    "map",
                    "bad_map",
                    format!("{part:?} is not field=column (as in name=Nom complet)"),
                ));
            };
            let field = Field::parse(key).ok_or_else(|| {
                Error::invalid(
                    "map",
                    "unknown_field",
                    format!(
                        "unknown field {:?}: use {}",
                        key.trim(),
                        Field::ALL.map(Field::key).join(", ")
                    ),
                )
            })?;
            let column = column.trim();
            let index = if column.is_empty() || column == "-" {
                None
            } else {
                Some(find_column(column, headers)?)
            };
            if let Some(index) = index {
                for other in Field::ALL {
                    if mapping.get(other) == Some(index) {
                        *mapping.slot(other) = None;
                    }
                }
            }
            *mapping.slot(field) = index;
        }
        Ok(mapping)
    }

    pub(super) fn check(&self, headers: &[String]) -> Result<()> {
        for field in Field::ALL {
            if let Some(index) = self.get(field) {
                if index >= headers.len() {
                    return Err(Error::invalid(
                        "mapping",
                        "bad_column",
                        format!(
                            "{} is mapped to column {}, but the file has {} columns",
                            field.key(),
                            index + 1,
                            headers.len()
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// A column named on the command line: its number from 1, or its header.
pub(super) fn find_column(column: &str, headers: &[String]) -> Result<usize> {
    if !column.is_empty() && column.chars().all(|c| c.is_ascii_digit()) {
        return match column.parse::<usize>() {
            Ok(n) if (1..=headers.len()).contains(&n) => Ok(n - 1),
            _ => Err(Error::invalid(
                "map",
                "bad_column",
                format!(
                    "there is no column {column}: the file has {} columns",
                    headers.len()
                ),
            )),
        };
    }
    let exact: Vec<usize> = (0..headers.len())
        .filter(|&i| headers[i] == column)
        .collect();
    let found = if exact.is_empty() {
        let wanted = slug(column);
        (0..headers.len())
            .filter(|&i| slug(&headers[i]) == wanted)
            .collect()
    } else {
        exact
    };
    match found.as_slice() {
        [index] => Ok(*index),
        [] => Err(Error::invalid(
            "map",
            "unknown_column",
            format!(
                "no column is headed {column:?}; the headers are: {}",
                headers.join(" | ")
            ),
        )),
        several => Err(Error::invalid(
            "map",
            "ambiguous_column",
            format!(
                "several columns are headed {column:?} (columns {}): give its number",
                several
                    .iter()
                    .map(|i| (i + 1).to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// What a header says about its column: a field and how sure the guess is.
fn classify(header: &str) -> Option<(Field, i32)> {
    let slugged = slug(header);
    let words = header_words(&slugged);
    if let Some(score) = registration_date(&words) {
        return Some((Field::RegisteredAt, score));
    }
    if any(&words, NOT_PERSONAL) {
        return None;
    }
    let qualifier = qualifier(&words);
    let mut candidates: Vec<(Field, i32)> = DETAILS
        .iter()
        .filter(|(_, keywords, _)| any(&words, keywords))
        .filter_map(|&(field, keywords, base)| {
            Some((field, score(&words, keywords, base + qualifier)?))
        })
        .collect();
    // Only when no other word decides ("Nom de la structure", "Nom du
    // tarif") is a header about names.
    if candidates.is_empty() {
        candidates.extend(name_field(&words, qualifier));
    }
    candidates
        .into_iter()
        .reduce(|best, c| if c.1 > best.1 { c } else { best })
}

/// Words that say a column holds a date or a time.
const WHEN: &[&str] = &[
    "date",
    "heure",
    "time",
    "le",
    "on",
    "at",
    "datetime",
    "timestamp",
];

/// What was made at that date, and how surely it is the registration: the
/// registration itself, then the order, the payment, a record's creation.
const REGISTRATION: &[(&[&str], i32)] = &[
    (
        &[
            "inscription",
            "inscrit",
            "inscrite",
            "registration",
            "registered",
            "reservation",
            "booking",
            "soumission",
            "submission",
            "submitted",
        ],
        10,
    ),
    (&["commande", "order", "achat", "purchase", "ordered"], 9),
    (&["paiement", "payment", "paid"], 7),
    (&["creation", "created"], 6),
];

/// Dates that are not when someone asked to come.
const OTHER_DATES: &[&str] = &[
    "naissance",
    "birth",
    "annulation",
    "cancellation",
    "cancelled",
    "modification",
    "updated",
    "update",
    "evenement",
    "event",
    "seance",
    "session",
    "atelier",
    "debut",
    "fin",
    "start",
    "end",
    "expiration",
    "limite",
    "compostage",
    "scan",
    "checkin",
    "arrivee",
    "validation",
    "remboursement",
    "refund",
];

/// A header saying when the person registered (« Date d'inscription »,
/// « Inscrit le », « Date de commande », "Order date", Google Forms'
/// « Horodateur »): its score, if so.
fn registration_date(words: &[&str]) -> Option<i32> {
    if matches!(words, ["horodateur" | "horodatage" | "timestamp"]) {
        return Some(8);
    }
    if !any(words, WHEN) || any(words, OTHER_DATES) {
        return None;
    }
    let (keywords, base) = REGISTRATION
        .iter()
        .find(|(keywords, _)| any(words, keywords))?;
    let all: Vec<&str> = keywords.iter().chain(WHEN).copied().collect();
    score(words, &all, *base)
}

/// The words of a slugged header; "E-mail" is one word.
fn header_words(slugged: &str) -> Vec<&str> {
    let mut words: Vec<&str> = Vec::new();
    for word in slugged.split('-').filter(|w| !w.is_empty()) {
        if word == "mail" && words.last() == Some(&"e") {
            *words.last_mut().expect("just checked") = "email";
        } else {
            words.push(word);
        }
    }
    words
}

fn any(words: &[&str], wanted: &[&str]) -> bool {
    wanted.iter().any(|w| words.contains(w))
}

/// Numbers, amounts and dates are never a person's details, whatever
/// else the header says ("N° de billet", "Montant tarif", "Code postal").
const NOT_PERSONAL: &[&str] = &[
    "n", "no", "num", "numero", "number", "id", "code", "montant", "prix", "price", "amount",
    "date", "heure", "time", "total", "frais", "fees", "quantite", "quantity", "qty",
];

/// The buyer of a ticket may not be who comes: their columns count only
/// when the attendee's own are missing.
const BUYER: &[&str] = &[
    "payeur",
    "acheteur",
    "buyer",
    "payer",
    "purchaser",
    "acquereur",
    "facture",
    "facturation",
    "billing",
    "commande",
    "order",
];

const PERSON: &[&str] = &[
    "participant",
    "participante",
    "adherent",
    "adherente",
    "beneficiaire",
    "attendee",
    "inscrit",
    "inscrite",
    "stagiaire",
];

const FILLERS: &[&str] = &[
    "de", "du", "des", "d", "la", "le", "les", "l", "a", "au", "et", "ou", "of", "the", "your",
    "votre", "vos", "adresse", "address", "e", "s",
];

/// The buyer's columns lose, the attendee's own win.
fn qualifier(words: &[&str]) -> i32 {
    if any(words, BUYER) {
        -5
    } else if any(words, PERSON) {
        5
    } else {
        0
    }
}

/// The fields other than names: the words that say them, and how surely.
const DETAILS: &[(Field, &[&str], i32)] = &[
    (
        Field::Email,
        &["email", "mail", "courriel", "mel", "electronique"],
        10,
    ),
    (
        Field::Organisation,
        &[
            "structure",
            "organisme",
            "organisation",
            "organization",
            "etablissement",
            "societe",
            "company",
            "entreprise",
            "employeur",
            "employer",
            "collectivite",
            "institution",
            "association",
            "affiliation",
        ],
        10,
    ),
    // HelloAsso's "Raison sociale" is the payer's company.
    (Field::Organisation, &["raison", "sociale"], 8),
    (
        Field::Notes,
        &[
            "commentaire",
            "commentaires",
            "comment",
            "comments",
            "remarque",
            "remarques",
            "remarks",
            "note",
            "notes",
            "observation",
            "observations",
            "informations",
            "complementaires",
            "message",
            "precisions",
        ],
        10,
    ),
    (
        Field::Category,
        &["categorie", "category", "profil", "profile", "role"],
        10,
    ),
    (
        Field::Category,
        &["fonction", "poste", "metier", "job", "occupation"],
        8,
    ),
    (Field::Category, &["tarif", "rate"], 7),
    (
        Field::Category,
        &["billet", "ticket", "formule", "pass", "type"],
        6,
    ),
];

/// `base` less one for each word that is neither a keyword nor a filler;
/// none when there are more than two such words.
fn score(words: &[&str], keywords: &[&str], base: i32) -> Option<i32> {
    let extra = words
        .iter()
        .filter(|&&w| {
            !keywords.contains(&w)
                && !BUYER.contains(&w)
                && !PERSON.contains(&w)
                && !FILLERS.contains(&w)
        })
        .count() as i32;
    // A question of a registration form ("Souhaitez-vous recevoir nos
    // informations par mail ?") is not a column of details.
    (extra <= 2).then_some(base - extra)
}

const FIRST: &[&str] = &[
    "prenom",
    "prenoms",
    "firstname",
    "first",
    "given",
    "forename",
];
const LAST: &[&str] = &[
    "nom",
    "lastname",
    "last",
    "surname",
    "famille",
    "family",
    "usage",
    "usuel",
    "naissance",
];
const WHOLE: &[&str] = &["complet", "full", "identite", "name", "nom", "prenom"];

/// Which name a header is about: whole names, first names or last names.
fn name_field(words: &[&str], qualifier: i32) -> Option<(Field, i32)> {
    let has = |w: &str| words.contains(&w);
    let first = any(words, &["prenom", "prenoms", "firstname", "forename"])
        || ((has("first") || has("given")) && has("name"));
    let last = any(words, &["nom", "lastname", "surname"]) || (has("last") && has("name"));
    let base = 10 + qualifier;
    if first && last {
        // "Nom Prénom", "Prénom et nom", "First and last name".
        let keywords: Vec<&str> = FIRST.iter().chain(LAST).copied().collect();
        score(words, &keywords, base).map(|s| (Field::Name, s))
    } else if first {
        score(words, FIRST, base).map(|s| (Field::FirstName, s))
    } else if any(words, &["complet", "full", "identite"]) || words == ["name"] {
        score(words, WHOLE, base).map(|s| (Field::Name, s))
    } else if last {
        score(words, LAST, base).map(|s| (Field::LastName, s))
    } else if !words.is_empty() && words.iter().all(|w| PERSON.contains(w)) {
        // A column headed "Participant" holds whole names.
        score(words, PERSON, 8 + qualifier).map(|s| (Field::Name, s))
    } else {
        None
    }
}

/// The mapping that the headers suggest: for each field, the column whose
/// header says it best (the attendee's own columns before the buyer's, the
/// first column on a tie). A lone "Nom" column, with no "Prénom" beside it,
/// is taken for whole names.
pub fn guess_mapping(headers: &[String]) -> CsvMapping {
    let mut best: HashMap<usize, (usize, i32)> = HashMap::new();
    for (index, header) in headers.iter().enumerate() {
        if let Some((field, score)) = classify(header) {
            let slot = field as usize;
            if best.get(&slot).is_none_or(|&(_, s)| score > s) {
                best.insert(slot, (index, score));
            }
        }
    }
    let mut mapping = CsvMapping::default();
    for field in Field::ALL {
        *mapping.slot(field) = best.get(&(field as usize)).map(|&(index, _)| index);
    }
    if mapping.name.is_none() && mapping.first_name.is_none() {
        mapping.name = mapping.last_name.take();
    }
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|h| (*h).to_owned()).collect()
    }

    #[test]
    fn guesses_from_headers() {
        let m = guess_mapping(&headers(&[
            "Prénom",
            "NOM",
            "Adresse e-mail",
            "Nom de la structure",
            "Fonction",
            "Tarif",
            "Remarques",
        ]));
        assert_eq!(
            m,
            CsvMapping {
                name: None,
                first_name: Some(0),
                last_name: Some(1),
                email: Some(2),
                organisation: Some(3),
                category: Some(4),
                notes: Some(6),
                registered_at: None,
            }
        );
        // A lone "Nom" holds whole names; "Courriel" and "Établissement".
        let m = guess_mapping(&headers(&["Nom", "Courriel", "Établissement"]));
        assert_eq!(guess_mapping(&headers(&["Adresse mail"])).email, Some(0));
        assert_eq!(guess_mapping(&headers(&["E-mail payeur"])).email, Some(0));
        assert_eq!((m.name, m.last_name), (Some(0), None));
        assert_eq!((m.email, m.organisation), (Some(1), Some(2)));
        // English headers.
        let m = guess_mapping(&headers(&[
            "First name",
            "Last name",
            "Email",
            "Company",
            "Role",
        ]));
        assert_eq!(
            (
                m.first_name,
                m.last_name,
                m.email,
                m.organisation,
                m.category
            ),
            (Some(0), Some(1), Some(2), Some(3), Some(4))
        );
        let m = guess_mapping(&headers(&["Nom complet", "E-mail", "Profil"]));
        assert_eq!((m.name, m.email, m.category), (Some(0), Some(1), Some(2)));
    }

    #[test]
    fn the_attendee_s_columns_win_over_the_buyer_s() {
        let m = guess_mapping(&headers(&[
            "Nom acheteur",
            "Email acheteur",
            "Nom participant",
            "Prénom participant",
            "Email participant",
        ]));
        assert_eq!(
            (m.last_name, m.first_name, m.email),
            (Some(2), Some(3), Some(4))
        );
        // Only the payer's email: better than none.
        let m = guess_mapping(&headers(&["Nom", "Prénom", "Email payeur"]));
        assert_eq!(m.email, Some(2));
    }

    #[test]
    fn numbers_dates_and_form_questions_are_not_details() {
        let m = guess_mapping(&headers(&[
            "N° de billet",
            "Date de naissance",
            "Code postal",
            "Montant tarif",
            "Souhaitez-vous recevoir nos informations par mail ?",
        ]));
        assert_eq!(m, CsvMapping::default());
    }

    #[test]
    fn registration_dates_are_recognised_as_platforms_head_them() {
        for header in [
            "Date d'inscription",
            "Date de commande",
            "Date de la commande",
            "Inscrit le",
            "Registration date",
            "Order Date",
            "Horodateur",
            "Submitted at",
        ] {
            let m = guess_mapping(&headers(&["Nom", header]));
            assert_eq!(m.registered_at, Some(1), "{header}");
        }
        // The order's date before the payment's; other dates are not it.
        let m = guess_mapping(&headers(&["Date du paiement", "Date de la commande"]));
        assert_eq!(m.registered_at, Some(1));
        for header in [
            "Date de naissance",
            "Date",
            "Date de l'événement",
            "Date d'annulation",
            "Statut de la commande",
        ] {
            let m = guess_mapping(&headers(&["Nom", header]));
            assert_eq!(m.registered_at, None, "{header}");
        }
    }

    #[test]
    fn command_line_maps_override_the_guess() {
        let h = headers(&["Nom", "Prénom", "Mail perso", "Courriel pro", "Structure"]);
        let guess = guess_mapping(&h);
        assert_eq!(guess.email, Some(2));
        let m = guess
            .apply_map("email=courriel PRO, organisation=", &h)
            .unwrap();
        assert_eq!((m.email, m.organisation), (Some(3), None));
        // By number; the column leaves the field that had it.
        let m = guess.apply_map("notes=5", &h).unwrap();
        assert_eq!((m.notes, m.organisation), (Some(4), None));
        let err = guess.apply_map("email=Téléphone", &h).unwrap_err();
        assert_eq!(err.reason.as_deref(), Some("unknown_column"));
        let err = guess.apply_map("phone=3", &h).unwrap_err();
        assert_eq!(err.reason.as_deref(), Some("unknown_field"));
        let err = guess.apply_map("email=6", &h).unwrap_err();
        assert_eq!(err.reason.as_deref(), Some("bad_column"));
        let err = guess.apply_map("email", &h).unwrap_err();
        assert_eq!(err.reason.as_deref(), Some("bad_map"));
        let twice = headers(&["Nom", "Email", "email"]);
        let err = CsvMapping::default()
            .apply_map("email=EMAIL", &twice)
            .unwrap_err();
        assert_eq!(err.reason.as_deref(), Some("ambiguous_column"));
        let m = CsvMapping::default()
            .apply_map("email=email", &twice)
            .unwrap();
        assert_eq!(m.email, Some(2), "an exact header wins");
    }
}
