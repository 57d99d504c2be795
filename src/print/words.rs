//! The words, dates and times of the printed documents, in French or in
//! English. French dates and times come from `fmt_fr`; English ones are
//! British ("Friday 9 December 2022", 24-hour "9:30", "14:00").

use crate::model::{ItemKind, SpeakerRole};
use crate::words::fr as fmt_fr;
use crate::words::labels;
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The language of a printed document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
}

impl Lang {
    /// "fr" or "en", as in `Event::language` and the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The language of an event's documents: English when it says "en",
    /// French otherwise.
    pub fn of_event(language: &str) -> Lang {
        if language.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Fr
        }
    }

    pub fn words(self) -> &'static Words {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
        }
    }

    /// "vendredi 9 décembre 2022" / "Friday 9 December 2022".
    pub fn date(self, d: NaiveDate) -> String {
        match self {
            Lang::Fr => fmt_fr::date(d),
            Lang::En => {
                const MONTHS: [&str; 12] = [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ];
                format!(
                    "{} {} {} {}",
                    d.format("%A"),
                    d.day(),
                    MONTHS[d.month0() as usize],
                    d.year()
                )
            }
        }
    }

    /// "Vendredi 9 décembre 2022": the date starting a line.
    pub fn date_capitalised(self, d: NaiveDate) -> String {
        capitalise(&self.date(d))
    }

    /// "9h30", "14h" / "9:30", "14:00".
    pub fn time(self, t: NaiveTime) -> String {
        match self {
            Lang::Fr => fmt_fr::time(t),
            Lang::En => format!("{}:{:02}", t.hour(), t.minute()),
        }
    }

    /// "14h45–16h15" / "14:45–16:15".
    pub fn range(self, start: NaiveTime, end: NaiveTime) -> String {
        format!("{}–{}", self.time(start), self.time(end))
    }

    /// "Vendredi 9 décembre 2022, de 9h à 17h" / "Friday 9 December 2022,
    /// 9:00 to 17:00".
    pub fn day_line(self, d: NaiveDate, start: NaiveTime, end: NaiveTime) -> String {
        match self {
            Lang::Fr => format!(
                "{}, de {} à {}",
                self.date_capitalised(d),
                self.time(start),
                self.time(end)
            ),
            Lang::En => format!(
                "{}, {} to {}",
                self.date(d),
                self.time(start),
                self.time(end)
            ),
        }
    }

    /// « text » (with narrow no-break spaces) / “text”.
    pub fn quote(self, text: &str) -> String {
        match self {
            Lang::Fr => format!("«\u{202f}{}\u{202f}»", text.trim()),
            Lang::En => format!("“{}”", text.trim()),
        }
    }

    /// "Label : " / "Label: " — French puts a no-break space before a colon.
    pub fn colon(self, label: &str) -> String {
        match self {
            Lang::Fr => format!("{label}\u{a0}: "),
            Lang::En => format!("{label}: "),
        }
    }

    /// "Table ronde" / "Round table".
    pub fn kind(self, kind: ItemKind) -> &'static str {
        labels::kind(kind, self.code())
    }

    /// The note printed after a speaker in the programme, for the roles
    /// that are not plain speaking: "animation", "grand témoin".
    pub fn role_note(self, role: SpeakerRole) -> Option<&'static str> {
        match role {
            SpeakerRole::Moderator | SpeakerRole::Keynote | SpeakerRole::Respondent => {
                Some(labels::role(role, self.code()))
            }
            SpeakerRole::Speaker | SpeakerRole::Panelist | SpeakerRole::Host => None,
        }
    }

    /// A speaker's part, as a noun for their sheet: "Animation",
    /// "Intervention" / "Moderator", "Speaker".
    pub fn role_noun(self, role: SpeakerRole) -> &'static str {
        let (fr, en) = match role {
            SpeakerRole::Moderator => ("Animation", "Moderator"),
            SpeakerRole::Speaker => ("Intervention", "Speaker"),
            SpeakerRole::Panelist => ("Participation à la table ronde", "Panellist"),
            SpeakerRole::Keynote => ("Grand témoin", "Keynote speaker"),
            SpeakerRole::Host => ("Animation de la séance", "Host"),
            SpeakerRole::Respondent => ("Réponse", "Respondent"),
        };
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// The heading of items that run side by side: "4 ateliers au choix" /
    /// "Choose one of 4 workshops". `kind` is the items' kind when they
    /// share one.
    pub fn choice(self, count: usize, kind: Option<ItemKind>) -> String {
        let (fr, en) = match kind {
            Some(ItemKind::Workshop) => ("ateliers", "workshops"),
            Some(ItemKind::RoundTable) => ("tables rondes", "round tables"),
            Some(ItemKind::Keynote) => ("conférences", "talks"),
            Some(ItemKind::Visit) => ("visites", "visits"),
            _ => ("séances", "sessions"),
        };
        match self {
            Lang::Fr => format!("{count} {fr} au choix"),
            Lang::En => format!("Choose one of {count} {en}"),
        }
    }

    /// The note of an item that runs again: "Reprise de la séance de 14h" /
    /// "Repeat of the 14:00 session".
    pub fn repeat_of(self, first: NaiveTime) -> String {
        match self {
            Lang::Fr => format!("Reprise de la séance de {}", self.time(first)),
            Lang::En => format!("Repeat of the {} session", self.time(first)),
        }
    }

    /// The note of a choice offered again: "les mêmes qu'à 14h" / "the same
    /// as at 14:00".
    pub fn same_as(self, first: NaiveTime) -> String {
        match self {
            Lang::Fr => format!("les mêmes qu'à {}", self.time(first)),
            Lang::En => format!("the same as at {}", self.time(first)),
        }
    }

    /// "15 inscrit·es" / "15 registered".
    pub fn registered(self, count: usize) -> String {
        match (self, count) {
            (Lang::Fr, 0) => "Aucune inscription".to_owned(),
            (Lang::Fr, 1) => "1 inscrit·e".to_owned(),
            (Lang::Fr, n) => format!("{n} inscrit·es"),
            (Lang::En, 0) => "Nobody registered".to_owned(),
            (Lang::En, n) => format!("{n} registered"),
        }
    }
}

/// Fixed words of the documents.
pub struct Words {
    pub programme: &'static str,
    pub practical: &'static str,
    pub address: &'static str,
    pub access: &'static str,
    pub admission: &'static str,
    pub free: &'static str,
    pub paid: &'static str,
    pub registration: &'static str,
    pub required: &'static str,
    pub registration_deadline: &'static str,
    pub website: &'static str,
    pub audience: &'static str,
    pub notes: &'static str,
    pub organisers: &'static str,
    pub partners: &'static str,
    pub remote: &'static str,
    pub with: &'static str,
    pub empty_programme: &'static str,
    pub personal_schedule: &'static str,
    pub your_signup: &'static str,
    pub no_attendee: &'static str,
    pub speaker_sheet: &'static str,
    pub your_role: &'static str,
    pub your_question: &'static str,
    pub moderation: &'static str,
    pub other_speakers: &'static str,
    pub venue: &'static str,
    pub no_speaker: &'static str,
    pub signin_sheet: &'static str,
    pub whole_day: &'static str,
    pub number: &'static str,
    pub name: &'static str,
    pub organisation: &'static str,
    pub signature: &'static str,
    pub walk_ins: &'static str,
    pub no_room: &'static str,
    pub speaker_badge: &'static str,
    pub moderator_badge: &'static str,
    pub no_badge: &'static str,
    pub document_programme: &'static str,
    pub document_schedules: &'static str,
    pub document_speakers: &'static str,
    pub document_signin: &'static str,
    pub document_rooms: &'static str,
    pub document_badges: &'static str,
    pub large_print: &'static str,
}

pub const FR: Words = Words {
    programme: "Programme",
    practical: "Informations pratiques",
    address: "Adresse",
    access: "Accès",
    admission: "Entrée",
    free: "Gratuit",
    paid: "Payant",
    registration: "Inscription",
    required: "Obligatoire",
    registration_deadline: "avant le",
    website: "Site",
    audience: "Public",
    notes: "À savoir",
    organisers: "Organisation",
    partners: "Partenaires",
    remote: "avec intervention en retransmission",
    with: "Avec",
    empty_programme: "Le programme ne compte encore aucun élément.",
    personal_schedule: "Programme personnel",
    your_signup: "Vous êtes inscrit·e",
    no_attendee: "Aucun·e participant·e ne correspond à cette sélection.",
    speaker_sheet: "Fiche intervenant·e",
    your_role: "Votre rôle",
    your_question: "Votre question",
    moderation: "Animation",
    other_speakers: "Avec",
    venue: "Lieu",
    no_speaker: "Aucun·e intervenant·e n'est encore annoncé·e au programme.",
    signin_sheet: "Feuille d'émargement",
    whole_day: "Toute la journée",
    number: "N°",
    name: "Nom",
    organisation: "Structure",
    signature: "Signature",
    walk_ins: "Personnes non inscrites",
    no_room: "Aucune salle n'accueille encore d'élément du programme.",
    speaker_badge: "Intervenant·e",
    moderator_badge: "Animation",
    no_badge: "Aucun badge à imprimer pour cette sélection.",
    document_programme: "programme",
    document_schedules: "programmes-personnels",
    document_speakers: "fiches-intervenants",
    document_signin: "emargement",
    document_rooms: "affiches-salles",
    document_badges: "badges",
    large_print: "gros-caracteres",
};

pub const EN: Words = Words {
    programme: "Programme",
    practical: "Practical information",
    address: "Address",
    access: "Getting there",
    admission: "Admission",
    free: "Free",
    paid: "Paid",
    registration: "Registration",
    required: "Required",
    registration_deadline: "by",
    website: "Website",
    audience: "Audience",
    notes: "Good to know",
    organisers: "Organised by",
    partners: "Partners",
    remote: "with a remote speaker, by video",
    with: "With",
    empty_programme: "The programme has no item yet.",
    personal_schedule: "Personal schedule",
    your_signup: "You are registered",
    no_attendee: "No attendee matches this selection.",
    speaker_sheet: "Speaker sheet",
    your_role: "Your role",
    your_question: "Your question",
    moderation: "Moderated by",
    other_speakers: "With",
    venue: "Venue",
    no_speaker: "The programme names no speaker yet.",
    signin_sheet: "Sign-in sheet",
    whole_day: "Whole day",
    number: "No.",
    name: "Name",
    organisation: "Organisation",
    signature: "Signature",
    walk_ins: "Walk-ins",
    no_room: "No room holds an item of the programme yet.",
    speaker_badge: "Speaker",
    moderator_badge: "Moderator",
    no_badge: "No badge to print for this selection.",
    document_programme: "programme",
    document_schedules: "personal-schedules",
    document_speakers: "speaker-sheets",
    document_signin: "sign-in-sheets",
    document_rooms: "room-signs",
    document_badges: "badges",
    large_print: "large-print",
};

/// The first letter in capitals: "Vendredi".
pub fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A key to sort names by as a reader expects: case and accents aside
/// ("Émilie" beside "Emma", not after "Zoé").
pub fn sort_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'ç' => out.push('c'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ÿ' | 'ý' => out.push('y'),
            'ñ' => out.push('n'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_times_in_both_languages() {
        let d = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(
            Lang::Fr.day_line(d, t(9, 30), t(17, 0)),
            "Mardi 1er juillet 2025, de 9h30 à 17h"
        );
        assert_eq!(
            Lang::En.day_line(d, t(9, 30), t(17, 0)),
            "Tuesday 1 July 2025, 9:30 to 17:00"
        );
        assert_eq!(Lang::Fr.range(t(14, 45), t(16, 15)), "14h45–16h15");
        assert_eq!(Lang::En.range(t(14, 45), t(16, 15)), "14:45–16:15");
    }

    #[test]
    fn names_sort_without_accents_or_case() {
        let mut names = vec!["Zoé Martin", "Émilie Roux", "emma Petit", "Éric Blanc"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            ["Émilie Roux", "emma Petit", "Éric Blanc", "Zoé Martin"]
        );
    }
}
