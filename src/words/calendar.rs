//! The words of exported calendars (the `.ics` descriptions).

use super::Lang;

impl Lang {
    /// The line of an item with a speaker at a distance: "Intervention à
    /// distance (retransmission)" / "Remote speaker (broadcast)".
    pub fn calendar_remote(self) -> &'static str {
        match self {
            Lang::Fr => "Intervention à distance (retransmission)",
            Lang::En => "Remote speaker (broadcast)",
        }
    }

    /// Between a speaker and their topic: " : " / ": ". Plain spaces, unlike
    /// printed documents' [`Lang::colon`]: calendars are plain text.
    pub fn calendar_colon(self) -> &'static str {
        match self {
            Lang::Fr => " : ",
            Lang::En => ": ",
        }
    }

    /// The folders of the archive of personal calendars: attendees', and
    /// speakers'.
    pub fn calendar_folders(self) -> (&'static str, &'static str) {
        match self {
            Lang::Fr => ("participants", "intervenants"),
            Lang::En => ("attendees", "speakers"),
        }
    }
}
