//! The fixed words and phrases of the printed documents, in French or in
//! English.

use super::Lang;
use crate::model::ItemKind;
use chrono::NaiveTime;

impl Lang {
    /// The fixed words of this language's documents.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::Fr => &FR,
            Lang::En => &EN,
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

    /// The heading of items that run side by side: "4 ateliers au choix" /
    /// "Choose one of 4 workshops". `kind` is the items' kind when they
    /// share one.
    pub fn choice(self, count: usize, kind: Option<ItemKind>) -> String {
        let noun = self.choice_noun(kind);
        match self {
            Lang::Fr => format!("{count} {noun} au choix"),
            Lang::En => format!("Choose one of {count} {noun}"),
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
            (Lang::Fr, n) => format!("{} inscrit·es", self.count(n)),
            (Lang::En, 0) => "Nobody registered".to_owned(),
            (Lang::En, n) => format!("{} registered", self.count(n)),
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
    pub no_registration: &'static str,
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
    pub document_erratum: &'static str,
    pub erratum: &'static str,
    pub erratum_title: &'static str,
    pub erratum_no_version: &'static str,
    pub large_print: &'static str,
    /// Beside the QR code of the published calendar.
    pub subscribe: &'static str,
    pub subscribe_hint: &'static str,
    pub subscribe_qr: &'static str,
    /// The web page's file name part.
    pub document_web: &'static str,
    /// The web page's "skip to the programme" link.
    pub skip_to_programme: &'static str,
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
    no_registration: "Entrée libre, sans inscription",
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
    document_erratum: "erratum",
    erratum: "Erratum",
    erratum_title: "Modifications du programme",
    erratum_no_version: "Aucune version du programme n'a encore été marquée comme diffusée\u{a0}: il n'y a rien à corriger.",
    large_print: "gros-caracteres",
    subscribe: "Le programme dans votre agenda",
    subscribe_hint: "Scannez ce code ou abonnez-vous à cette adresse : votre agenda suivra les changements du programme.",
    subscribe_qr: "Code QR de l’adresse d’abonnement au calendrier",
    document_web: "page-web",
    skip_to_programme: "Aller au programme",
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
    no_registration: "Open to all, no registration needed",
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
    document_erratum: "erratum",
    erratum: "Erratum",
    erratum_title: "Changes to the programme",
    erratum_no_version:
        "No version of the programme has been marked as sent out yet: there is nothing to correct.",
    large_print: "large-print",
    subscribe: "The programme in your calendar",
    subscribe_hint: "Scan this code or subscribe to this address: your calendar will follow the programme’s changes.",
    subscribe_qr: "QR code of the calendar’s subscription address",
    document_web: "web-page",
    skip_to_programme: "Skip to the programme",
};
