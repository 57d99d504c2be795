//! [`Lang`] and the dates and times in each language: French ones the
//! French way ("mardi 1er juillet 2025", "9h30", "9h"), English ones British
//! ("Tuesday 1 July 2025", 24-hour "9:30", "14:00").

use super::capitalise;
use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The language of what the core writes for people: printed documents,
/// calendars, schedules, the command's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    En,
}

const MONTHS_FR: [&str; 12] = [
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

const MONTHS_EN: [&str; 12] = [
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

fn weekday_fr(d: Weekday) -> &'static str {
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

fn weekday_en(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

impl Lang {
    /// "fr" or "en", as in `Event::language` and the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The language of an event's words: English when it says "en",
    /// French otherwise.
    pub fn of_event(language: &str) -> Lang {
        if language.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Fr
        }
    }

    /// "vendredi 9 décembre 2022", "mardi 1er juillet 2025" / "Friday 9
    /// December 2022".
    pub fn date(self, d: NaiveDate) -> String {
        match self {
            Lang::Fr => {
                let day = if d.day() == 1 {
                    "1er".to_owned()
                } else {
                    d.day().to_string()
                };
                format!(
                    "{} {} {} {}",
                    weekday_fr(d.weekday()),
                    day,
                    MONTHS_FR[d.month0() as usize],
                    d.year()
                )
            }
            Lang::En => format!(
                "{} {} {} {}",
                weekday_en(d.weekday()),
                d.day(),
                MONTHS_EN[d.month0() as usize],
                d.year()
            ),
        }
    }

    /// "Vendredi 9 décembre 2022": the date starting a line.
    pub fn date_capitalised(self, d: NaiveDate) -> String {
        capitalise(&self.date(d))
    }

    /// "9h30", "9h", "14h05" / "9:30", "14:00".
    pub fn time(self, t: NaiveTime) -> String {
        match self {
            Lang::Fr if t.minute() == 0 => format!("{}h", t.hour()),
            Lang::Fr => format!("{}h{:02}", t.hour(), t.minute()),
            Lang::En => format!("{}:{:02}", t.hour(), t.minute()),
        }
    }

    /// A quantity with its digits grouped by three: "10\u{202f}060" (a
    /// narrow no-break space) / "10,060". Positions (a sheet's number, a
    /// row's) are written as they are, like page numbers.
    pub fn count(self, n: usize) -> String {
        let digits = n.to_string();
        let separator = match self {
            Lang::Fr => '\u{202f}',
            Lang::En => ',',
        };
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(separator);
            }
            out.push(digit);
        }
        out
    }

    /// "14h45–16h15" / "14:45–16:15" (with an en dash).
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_are_grouped_by_three() {
        assert_eq!(Lang::Fr.count(0), "0");
        assert_eq!(Lang::Fr.count(999), "999");
        assert_eq!(Lang::Fr.count(1033), "1\u{202f}033");
        assert_eq!(Lang::Fr.count(10_060), "10\u{202f}060");
        assert_eq!(Lang::Fr.count(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(Lang::En.count(10_060), "10,060");
        assert_eq!(Lang::En.count(100_000), "100,000");
        // A sign-in sheet of a plenary in an auditorium.
        assert_eq!(Lang::Fr.registered(1200), "1\u{202f}200 inscrit·es");
        assert_eq!(Lang::En.registered(1200), "1,200 registered");
    }

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
    fn english_weekdays_are_chronos() {
        // The English names were chrono's `%A`; they must stay so.
        let mut d = NaiveDate::from_ymd_opt(2025, 7, 1).unwrap();
        for _ in 0..7 {
            assert_eq!(weekday_en(d.weekday()), d.format("%A").to_string());
            d = d.succ_opt().unwrap();
        }
    }
}
