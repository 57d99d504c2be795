//! The words of exported spreadsheets: column headers, statuses and the
//! names of the kinds of change.

use super::Lang;

impl Lang {
    /// The columns of the attendees sheet.
    pub fn sheet_attendees(self) -> [&'static str; 7] {
        match self {
            Lang::Fr => [
                "Nom",
                "E-mail",
                "Organisation",
                "Catégorie",
                "Notes",
                "Ateliers confirmés",
                "En attente",
            ],
            Lang::En => [
                "Name",
                "E-mail",
                "Organisation",
                "Category",
                "Notes",
                "Confirmed workshops",
                "Waiting for",
            ],
        }
    }

    /// The columns of the sign-ups per workshop sheet.
    pub fn sheet_signups(self) -> [&'static str; 10] {
        match self {
            Lang::Fr => [
                "Début",
                "Fin",
                "Atelier",
                "Salle",
                "Statut",
                "Rang d'attente",
                "Nom",
                "E-mail",
                "Organisation",
                "Présence",
            ],
            Lang::En => [
                "Start",
                "End",
                "Workshop",
                "Room",
                "Status",
                "Waiting rank",
                "Name",
                "E-mail",
                "Organisation",
                "Attendance",
            ],
        }
    }

    /// The columns of the allocation sheet.
    pub fn sheet_allocation(self) -> [&'static str; 8] {
        match self {
            Lang::Fr => [
                "Bloc",
                "Nom",
                "E-mail",
                "Organisation",
                "Souhaités",
                "Obtenus",
                "Choix classés",
                "Ateliers obtenus",
            ],
            Lang::En => [
                "Block",
                "Name",
                "E-mail",
                "Organisation",
                "Wished",
                "Given",
                "Ranked choices",
                "Workshops given",
            ],
        }
    }

    /// The columns of the changes sheet.
    pub fn sheet_changes(self) -> [&'static str; 10] {
        match self {
            Lang::Fr => [
                "Début",
                "Élément",
                "Salle",
                "Modification",
                "Avant",
                "Après",
                "En clair",
                "Participants concernés",
                "Dont en attente",
                "Intervenants concernés",
            ],
            Lang::En => [
                "Start",
                "Item",
                "Room",
                "Change",
                "Before",
                "After",
                "In words",
                "Attendees concerned",
                "Of whom waiting",
                "Speakers concerned",
            ],
        }
    }

    /// A sign-up's status in a sheet.
    pub fn sheet_status(self, confirmed: bool) -> &'static str {
        match (self, confirmed) {
            (Lang::Fr, true) => "confirmé",
            (Lang::Fr, false) => "en attente",
            (Lang::En, true) => "confirmed",
            (Lang::En, false) => "waiting",
        }
    }

    /// Attendance recorded on the day.
    pub fn sheet_attended(self, attended: Option<bool>) -> &'static str {
        match (self, attended) {
            (_, None) => "",
            (Lang::Fr, Some(true)) => "présent·e",
            (Lang::Fr, Some(false)) => "absent·e",
            (Lang::En, Some(true)) => "present",
            (Lang::En, Some(false)) => "absent",
        }
    }

    /// "(choix 2)" / "(choice 2)".
    pub fn sheet_choice(self, rank: usize) -> String {
        match self {
            Lang::Fr => format!("(choix {rank})"),
            Lang::En => format!("(choice {rank})"),
        }
    }

    /// The name of a kind of change, by its wire name ("moved").
    pub fn change_kind(self, kind: &str) -> &'static str {
        let fr = match kind {
            "added" => ("ajouté", "added"),
            "cancelled" => ("annulé", "cancelled"),
            "moved" => ("horaire", "time"),
            "room_changed" => ("salle", "room"),
            "title_changed" => ("titre", "title"),
            "speaker_added" => ("intervenant·e ajouté·e", "speaker added"),
            "speaker_removed" => ("intervenant·e retiré·e", "speaker removed"),
            _ => ("", ""),
        };
        match self {
            Lang::Fr => fr.0,
            Lang::En => fr.1,
        }
    }

    /// The file name's word for each sheet.
    pub fn sheet_file(self, sheet: &str) -> &'static str {
        match (self, sheet) {
            (Lang::Fr, "attendees") => "participants",
            (Lang::Fr, "signups") => "inscriptions-ateliers",
            (Lang::Fr, "allocation") => "attribution",
            (Lang::Fr, _) => "modifications",
            (Lang::En, "attendees") => "attendees",
            (Lang::En, "signups") => "workshop-sign-ups",
            (Lang::En, "allocation") => "allocation",
            (Lang::En, _) => "changes",
        }
    }
}
