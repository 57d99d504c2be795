//! Dates and times the French way: "mardi 1er juillet 2025", "9h30", "9h",
//! "14h45–16h15". Used by the command line and, later, printed documents.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

fn weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "lundi",
        Weekday::Tue => "mardi",
        Weekday::Wed => "mercredi",
        Weekday::Thu => "jeudi",
        Weekday::Fri => "vendredi",
        Weekday::Sat => "samedi",
        Weekday::Sun => "dimanche",
    }
}

/// "mardi 1er juillet 2025", "vendredi 9 décembre 2022".
pub fn date(d: NaiveDate) -> String {
    let day = if d.day() == 1 {
        "1er".to_owned()
    } else {
        d.day().to_string()
    };
    format!(
        "{} {} {} {}",
        weekday(d.weekday()),
        day,
        MONTHS[d.month0() as usize],
        d.year()
    )
}

/// "9h30", "9h", "14h05".
pub fn time(t: NaiveTime) -> String {
    if t.minute() == 0 {
        format!("{}h", t.hour())
    } else {
        format!("{}h{:02}", t.hour(), t.minute())
    }
}

/// "14h45–16h15" (with an en dash).
pub fn time_range(start: NaiveTime, end: NaiveTime) -> String {
    format!("{}–{}", time(start), time(end))
}
