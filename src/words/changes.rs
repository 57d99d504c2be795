//! The words of changes since a version of the programme went out: the
//! sentences of the changes screen, the erratum and the messages ("Déplacé
//! de 14h à 14h30", "Moved from 14:00 to 14:30").

use super::Lang;
use chrono::NaiveDateTime;

impl Lang {
    /// A time, with its date when the two ends of a change fall on
    /// different days: "14h30", or "samedi 10 décembre 2022, 14h30".
    fn when(self, t: NaiveDateTime, with_date: bool) -> String {
        if with_date {
            format!("{}, {}", self.date(t.date()), self.time(t.time()))
        } else {
            self.time(t.time())
        }
    }

    /// An item moved: "Déplacé de 14h à 14h30" when it keeps its length,
    /// else "Horaire changé : 14h–15h devient 14h–15h30".
    pub fn change_moved(
        self,
        before: (NaiveDateTime, NaiveDateTime),
        after: (NaiveDateTime, NaiveDateTime),
    ) -> String {
        let other_day = before.0.date() != after.0.date();
        if before.1 - before.0 == after.1 - after.0 {
            let (from, to) = (
                self.when(before.0, other_day),
                self.when(after.0, other_day),
            );
            match self {
                Lang::Fr => format!("Déplacé de {from} à {to}"),
                Lang::En => format!("Moved from {from} to {to}"),
            }
        } else {
            let span = |(s, e): (NaiveDateTime, NaiveDateTime)| {
                let range = self.range(s.time(), e.time());
                if other_day {
                    format!("{}, {range}", self.date(s.date()))
                } else {
                    range
                }
            };
            let (from, to) = (span(before), span(after));
            match self {
                Lang::Fr => format!("Horaire changé\u{a0}: {from} devient {to}"),
                Lang::En => format!("Time changed: {from} is now {to}"),
            }
        }
    }

    /// The whole venue, for an item in no room.
    pub fn change_no_room(self) -> &'static str {
        match self {
            Lang::Fr => "tout le lieu",
            Lang::En => "the whole venue",
        }
    }

    /// "Change de salle : Salle Bleue devient Auditorium".
    pub fn change_room(self, before: &str, after: &str) -> String {
        match self {
            Lang::Fr => format!("Change de salle\u{a0}: {before} devient {after}"),
            Lang::En => format!("Room changed from {before} to {after}"),
        }
    }

    /// "Nouveau titre : « A » devient « B »".
    pub fn change_title(self, before: &str, after: &str) -> String {
        let (before, after) = (self.quote(before), self.quote(after));
        match self {
            Lang::Fr => format!("Nouveau titre\u{a0}: {before} devient {after}"),
            Lang::En => format!("Title changed from {before} to {after}"),
        }
    }

    /// "Intervenant·e ajouté·e : Nom".
    pub fn change_speaker_added(self, name: &str) -> String {
        match self {
            Lang::Fr => format!("Intervenant·e ajouté·e\u{a0}: {name}"),
            Lang::En => format!("Speaker added: {name}"),
        }
    }

    /// "Intervenant·e retiré·e : Nom".
    pub fn change_speaker_removed(self, name: &str) -> String {
        match self {
            Lang::Fr => format!("Intervenant·e retiré·e\u{a0}: {name}"),
            Lang::En => format!("Speaker removed: {name}"),
        }
    }

    /// An item taken off the programme: "Annulé (était prévu 14h–15h)".
    pub fn change_cancelled(self, start: NaiveDateTime, end: NaiveDateTime) -> String {
        let range = self.range(start.time(), end.time());
        match self {
            Lang::Fr => format!("Annulé (était prévu {range})"),
            Lang::En => format!("Cancelled (was {range})"),
        }
    }

    /// A new item: "Ajouté au programme : 14h–15h".
    pub fn change_added(self, start: NaiveDateTime, end: NaiveDateTime) -> String {
        let range = self.range(start.time(), end.time());
        match self {
            Lang::Fr => format!("Ajouté au programme\u{a0}: {range}"),
            Lang::En => format!("Added to the programme: {range}"),
        }
    }

    /// Under an erratum's title: "Depuis la version « Programme imprimé »
    /// du mercredi 2 décembre 2026.".
    pub fn erratum_since(self, label: &str, marked: chrono::NaiveDate) -> String {
        let (label, day) = (self.quote(label), self.date(marked));
        match self {
            Lang::Fr => format!("Depuis la version {label} du {day}."),
            Lang::En => format!("Since the version {label} of {day}."),
        }
    }

    /// An erratum with nothing to correct: "Aucune modification depuis
    /// la version « Programme imprimé »."
    pub fn erratum_no_change(self, label: &str) -> String {
        let label = self.quote(label);
        match self {
            Lang::Fr => format!("Aucune modification depuis la version {label}."),
            Lang::En => format!("No change since the version {label}."),
        }
    }
}
