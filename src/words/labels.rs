//! Names of kinds and roles in the event's language, for files the core
//! writes (calendars, text, printed documents). The UI has its own catalogs.

use crate::model::{ItemKind, SpeakerRole};

/// "Table ronde" / "Round table".
pub fn kind(kind: ItemKind, lang: &str) -> &'static str {
    let (fr, en) = match kind {
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
    };
    if lang == "en" {
        en
    } else {
        fr
    }
}

/// "animation" / "moderator".
pub fn role(role: SpeakerRole, lang: &str) -> &'static str {
    let (fr, en) = match role {
        SpeakerRole::Moderator => ("animation", "moderator"),
        SpeakerRole::Speaker => ("intervention", "speaker"),
        SpeakerRole::Panelist => ("table ronde", "panelist"),
        SpeakerRole::Keynote => ("grand témoin", "keynote"),
        SpeakerRole::Host => ("anime", "host"),
        SpeakerRole::Respondent => ("réponse", "respondent"),
    };
    if lang == "en" {
        en
    } else {
        fr
    }
}

/// A lower-case French letter without its accent ('é' → 'e', 'ç' → 'c');
/// other characters unchanged.
pub(crate) fn unaccent(c: char) -> char {
    match c {
        'à' | 'â' | 'ä' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'î' | 'ï' => 'i',
        'ô' | 'ö' => 'o',
        'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        c => c,
    }
}
