//! Names of kinds and roles in both languages, one table each, for what the
//! core writes (calendars, schedules, text, printed documents) and what it
//! reads back (a schedule's track, a calendar's category). The UI's catalogs
//! show the same names with a capital (`ui/src/lib/i18n/labels.ts`, checked
//! against these tables by `tests/integration/words.rs`).

use super::Lang;
use crate::model::{ItemKind, SpeakerRole};

/// A kind's name, French then English: "Table ronde", "Round table".
fn kind_names(kind: ItemKind) -> (&'static str, &'static str) {
    match kind {
        ItemKind::Welcome => ("Accueil", "Welcome"),
        ItemKind::Plenary => ("Plénière", "Plenary"),
        ItemKind::Keynote => ("Conférence", "Keynote"),
        ItemKind::RoundTable => ("Table ronde", "Round table"),
        ItemKind::Pitches => ("Pitchs", "Pitches"),
        ItemKind::Workshop => ("Atelier", "Workshop"),
        ItemKind::Break => ("Pause", "Break"),
        ItemKind::Meal => ("Repas", "Meal"),
        ItemKind::Visit => ("Visite", "Visit"),
        ItemKind::Networking => ("Réseautage", "Networking"),
        ItemKind::Closing => ("Conclusion", "Closing"),
        ItemKind::Social => ("Pot", "Social"),
        ItemKind::Other => ("Autre", "Other"),
    }
}

/// A role's name, French then English: "modération", "moderator". Each
/// says what the person does, and no two look alike (one glossary for the
/// editor, the printed programme and the calendars).
fn role_names(role: SpeakerRole) -> (&'static str, &'static str) {
    match role {
        SpeakerRole::Moderator => ("modération", "moderator"),
        SpeakerRole::Speaker => ("intervention", "speaker"),
        SpeakerRole::Panelist => ("table ronde", "panelist"),
        SpeakerRole::Keynote => ("grand témoin", "keynote"),
        SpeakerRole::Host => ("animation d’atelier", "workshop host"),
        SpeakerRole::Respondent => ("réponse", "respondent"),
    }
}

/// A speaker's part as a noun, French then English: "Modération",
/// "Moderator".
fn role_nouns(role: SpeakerRole) -> (&'static str, &'static str) {
    match role {
        SpeakerRole::Moderator => ("Modération", "Moderator"),
        SpeakerRole::Speaker => ("Intervention", "Speaker"),
        SpeakerRole::Panelist => ("Participation à la table ronde", "Panellist"),
        SpeakerRole::Keynote => ("Grand témoin", "Keynote speaker"),
        SpeakerRole::Host => ("Animation d’atelier", "Workshop host"),
        SpeakerRole::Respondent => ("Réponse", "Respondent"),
    }
}

/// Items offered as a choice, in the plural, French then English:
/// "ateliers", "workshops". `kind` is the items' kind when they share one.
fn choice_nouns(kind: Option<ItemKind>) -> (&'static str, &'static str) {
    match kind {
        Some(ItemKind::Workshop) => ("ateliers", "workshops"),
        Some(ItemKind::RoundTable) => ("tables rondes", "round tables"),
        Some(ItemKind::Keynote) => ("conférences", "talks"),
        Some(ItemKind::Visit) => ("visites", "visits"),
        _ => ("séances", "sessions"),
    }
}

fn pick((fr, en): (&'static str, &'static str), lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

impl Lang {
    /// "Table ronde" / "Round table".
    pub fn kind(self, kind: ItemKind) -> &'static str {
        pick(kind_names(kind), self)
    }

    /// "modération" / "moderator".
    pub fn role(self, role: SpeakerRole) -> &'static str {
        pick(role_names(role), self)
    }

    /// The note printed after a speaker in the programme, for the roles
    /// that are not plain speaking: "animation", "grand témoin".
    pub fn role_note(self, role: SpeakerRole) -> Option<&'static str> {
        match role {
            SpeakerRole::Moderator | SpeakerRole::Keynote | SpeakerRole::Respondent => {
                Some(self.role(role))
            }
            SpeakerRole::Speaker | SpeakerRole::Panelist | SpeakerRole::Host => None,
        }
    }

    /// A speaker's part, as a noun for their sheet: "Animation",
    /// "Intervention" / "Moderator", "Speaker".
    pub fn role_noun(self, role: SpeakerRole) -> &'static str {
        pick(role_nouns(role), self)
    }

    /// Items offered as a choice, in the plural: "ateliers" / "workshops".
    pub fn choice_noun(self, kind: Option<ItemKind>) -> &'static str {
        pick(choice_nouns(kind), self)
    }
}

/// The role a word names, in either language, case and accents aside:
/// "Modération", "moderator", "grand temoin", or the role's code.
pub fn parse_role(word: &str) -> Option<SpeakerRole> {
    let want = super::fold::fold(word.trim(), super::fold::Reach::Latin).replace('’', "'");
    SpeakerRole::ALL.into_iter().find(|&r| {
        let (fr, en) = role_names(r);
        let (nf, ne) = role_nouns(r);
        [fr, en, nf, ne, r.as_str()].iter().any(|name| {
            super::fold::fold(name, super::fold::Reach::Latin).replace('’', "'") == want
        })
    })
}

/// Where [`typescript`] is written, from the repository's root.
pub const TS_PATH: &str = "ui/src/lib/i18n/labels.ts";

/// The UI catalogs' names of kinds and roles, generated from the tables
/// above: each is the core's name with a capital, as the UI shows them
/// alone ("Animation" where a printed programme writes "(animation)").
pub fn typescript() -> String {
    let entries = |lang: Lang| {
        let kinds = ItemKind::ALL
            .into_iter()
            .map(|k| (format!("kind.{}", k.as_str()), lang.kind(k)));
        let roles = SpeakerRole::ALL
            .into_iter()
            .map(|r| (format!("role.{}", r.as_str()), lang.role(r)));
        kinds
            .chain(roles)
            .map(|(key, name)| {
                let name = super::capitalise(name);
                // Single quotes as in the catalogs; no name holds one.
                assert!(!name.contains(['\'', '\\']), "{name}");
                format!("  '{key}': '{name}',\n")
            })
            .collect::<String>()
    };
    format!(
        "// Generated from the kind and role tables of `src/words/labels.rs`: the\n\
         // core's names with a capital. Do not edit: run\n\
         // `UPDATE_BINDINGS=1 cargo test -p deroule words` instead.\n\n\
         export const labelsFr = {{\n{}}};\n\n\
         export const labelsEn: Record<keyof typeof labelsFr, string> = {{\n{}}};\n",
        entries(Lang::Fr),
        entries(Lang::En)
    )
}
