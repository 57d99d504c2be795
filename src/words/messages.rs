//! The words of the messages to the people concerned by changes or by an
//! allocation: the default templates of each language, the placeholders
//! they may hold, and the phrases that fill them ("Vous êtes sur liste
//! d'attente", "You are on the waiting list").

use super::Lang;

/// What a message is about, which decides its default template and the
/// placeholders it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// The changes since a version went out.
    Changes,
    /// The workshops an attendee got from an allocation.
    Allocation,
}

/// What a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Name,
    Event,
    Date,
    Changes,
    Workshops,
    Block,
    Practical,
    Organisers,
}

/// Every placeholder: what it stands for, its French and English names
/// (a template may use either, accents and case aside), and the kinds of
/// message it has a value in.
pub const PLACEHOLDERS: &[(Field, &str, &str, &[MessageKind])] = {
    use MessageKind::{Allocation as A, Changes as C};
    &[
        (Field::Name, "nom", "name", &[C, A]),
        (Field::Event, "événement", "event", &[C, A]),
        (Field::Date, "date", "date", &[C, A]),
        (Field::Changes, "changements", "changes", &[C]),
        (Field::Workshops, "ateliers", "workshops", &[A]),
        (Field::Block, "bloc", "block", &[A]),
        (Field::Practical, "infos pratiques", "practical", &[C, A]),
        (Field::Organisers, "organisation", "organisers", &[C, A]),
    ]
};

impl Lang {
    /// The default subject and body of a kind of message.
    pub fn message_template(self, kind: MessageKind) -> (&'static str, &'static str) {
        match (self, kind) {
            (Lang::Fr, MessageKind::Changes) => (
                "{événement}\u{a0}: modifications du programme",
                "Bonjour {nom},\n\n\
                 Le programme de {événement} ({date}) a changé depuis sa dernière diffusion. \
                 Voici ce qui vous concerne\u{a0}:\n\n\
                 {changements}\n\n\
                 Votre programme à jour est joint à ce message\u{a0}: ouvrez le fichier .ics pour \
                  l’ajouter à votre agenda.\n\n\
                 {infos pratiques}\n\n\
                 Bien cordialement,\n\
                 {organisation}\n",
            ),
            (Lang::Fr, MessageKind::Allocation) => (
                "{événement}\u{a0}: vos ateliers",
                "Bonjour {nom},\n\n\
                 Voici les ateliers qui vous ont été attribués pour «\u{202f}{bloc}\u{202f}» \
                 lors de {événement} ({date})\u{a0}:\n\n\
                 {ateliers}\n\n\
                 Votre programme personnel est joint à ce message\u{a0}: ouvrez le fichier .ics pour \
                  l’ajouter à votre agenda.\n\n\
                 {infos pratiques}\n\n\
                 Bien cordialement,\n\
                 {organisation}\n",
            ),
            (Lang::En, MessageKind::Changes) => (
                "{event}: changes to the programme",
                "Dear {name},\n\n\
                 The programme of {event} ({date}) has changed since it was sent out. \
                 Here is what concerns you:\n\n\
                 {changes}\n\n\
                 Your updated programme is attached: open the .ics file to add it to your calendar.\n\n\
                 {practical}\n\n\
                 Kind regards,\n\
                 {organisers}\n",
            ),
            (Lang::En, MessageKind::Allocation) => (
                "{event}: your workshops",
                "Dear {name},\n\n\
                 Here are the workshops you were given for “{block}” at {event} ({date}):\n\n\
                 {workshops}\n\n\
                 Your personal programme is attached: open the .ics file to add it to your calendar.\n\n\
                 {practical}\n\n\
                 Kind regards,\n\
                 {organisers}\n",
            ),
        }
    }

    /// The name of a placeholder in this language.
    pub fn placeholder(self, field: Field) -> &'static str {
        let (_, fr, en, _) = PLACEHOLDERS
            .iter()
            .find(|(f, ..)| *f == field)
            .expect("every field has a placeholder");
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// Under an item whose seat the person is waiting for.
    pub fn message_waiting(self) -> &'static str {
        match self {
            Lang::Fr => "vous êtes sur liste d'attente",
            Lang::En => "you are on the waiting list",
        }
    }

    /// When an allocation gave the attendee no workshop of the block.
    pub fn message_no_workshop(self, block: &str) -> String {
        let block = self.quote(block);
        match self {
            Lang::Fr => format!(
                "Aucun atelier de {block} n'a pu vous être attribué\u{a0}: les places que vous aviez demandées sont toutes prises."
            ),
            Lang::En => format!(
                "No workshop of {block} could be given to you: the seats you asked for are all taken."
            ),
        }
    }

    /// Before the items an attendee waits for, after an allocation.
    pub fn message_waiting_for(self) -> &'static str {
        match self {
            Lang::Fr => "Vous êtes sur liste d'attente pour\u{a0}:",
            Lang::En => "You are on the waiting list for:",
        }
    }

    /// The From name when no sender is configured, for .eml files that a
    /// mail client sends from the organiser's own account.
    pub fn message_no_sender(self) -> &'static str {
        match self {
            Lang::Fr => "Organisation",
            Lang::En => "Organisers",
        }
    }

    /// The file beside saved messages that lists who has no e-mail.
    pub fn desk_list_file(self) -> &'static str {
        match self {
            Lang::Fr => "a-prevenir-a-l-accueil.txt",
            Lang::En => "to-tell-at-the-desk.txt",
        }
    }

    /// Its heading.
    pub fn desk_list_heading(self) -> &'static str {
        match self {
            Lang::Fr => "À prévenir à l'accueil (pas d'adresse e-mail utilisable)",
            Lang::En => "To tell at the desk (no usable e-mail address)",
        }
    }

    /// After a name in that list: " (intervenant·e, adresse invalide : x)".
    pub fn desk_list_reason(self, speaker: bool, invalid: bool, email: &str) -> String {
        let mut notes = Vec::new();
        if speaker {
            notes.push(match self {
                Lang::Fr => "intervenant·e".to_owned(),
                Lang::En => "speaker".to_owned(),
            });
        }
        if invalid {
            notes.push(match self {
                Lang::Fr => format!("adresse invalide\u{a0}: {email}"),
                Lang::En => format!("invalid address: {email}"),
            });
        }
        if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join(", "))
        }
    }
}
