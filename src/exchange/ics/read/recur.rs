//! Recurring VEVENTs: whether a series (RRULE, RDATE, EXDATE) has an
//! occurrence on the event's day, and when it starts.
//!
//! A calendar from Google, Outlook or Thunderbird keeps a weekly meeting as
//! one VEVENT: its first date and a rule. The import takes the occurrence
//! on the event's day, if there is one:
//! - the rule's FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, COUNT,
//!   UNTIL, BYDAY (with an ordinal in a month or a year: `2TU`, `-1FR`),
//!   BYMONTHDAY (negative from the month's end), BYMONTH and WKST, at
//!   DTSTART's time of day on DTSTART's clock: a weekly 10h in Paris stays
//!   10h across a change to or from summer time;
//! - RDATEs add occurrences and EXDATEs take some away; an occurrence that
//!   a VEVENT of the same UID replaces (its RECURRENCE-ID names it) is that
//!   VEVENT's, not the series'.
//!
//! - BYSETPOS picks among the days the rest gives in a week, month or
//!   year (Outlook's "last weekday of the month").
//!
//! A rule with parts Déroulé does not follow (BYYEARDAY, BYWEEKNO, BYHOUR…,
//! or a FREQ finer than a day) counts for its DTSTART and RDATEs only.

use super::lex::Component;
use super::vtimezone::weekday;
use super::zones::{parse_date, parse_date_time, Clock, Written, Zones};
use crate::error::Result;
use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, Utc, Weekday};

#[derive(Clone, Copy, PartialEq)]
enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

/// UNTIL as written: a date, a UTC time, or a local time of DTSTART's clock.
enum Until {
    Date(NaiveDate),
    Utc(NaiveDateTime),
    Local(NaiveDateTime),
}

/// An RRULE Déroulé follows.
struct Rule {
    freq: Freq,
    interval: u32,
    count: Option<u32>,
    until: Option<Until>,
    /// `(n, weekday)`: every such weekday when `n` is 0, else the n-th
    /// (negative: from the end) of the month, or of the year for a yearly
    /// rule without BYMONTH.
    by_day: Vec<(i32, Weekday)>,
    /// Days of the month, negative from its end (-1 is the last).
    by_month_day: Vec<i32>,
    by_month: Vec<u32>,
    /// Which of the days the rest gives in a period (week, month, year):
    /// the n-th, negative from the end.
    by_set_pos: Vec<i32>,
    week_start: Weekday,
}

fn list<T>(value: &str, item: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    value.split(',').map(|v| item(v.trim())).collect()
}

/// `MO`, `2TU`, `-1FR`, `+3WE`.
fn by_day(code: &str) -> Option<(i32, Weekday)> {
    let split = code.len().checked_sub(2)?;
    let (n, day) = code.split_at_checked(split)?;
    let n = match n.trim_start_matches('+') {
        "" => 0,
        n => n.parse().ok().filter(|n: &i32| n != &0 && n.abs() <= 53)?,
    };
    Some((n, weekday(day)?))
}

fn until(value: &str) -> Option<Until> {
    if let Some(utc) = value.strip_suffix(['Z', 'z']) {
        return parse_date_time(utc).map(Until::Utc);
    }
    parse_date(value)
        .map(Until::Date)
        .or_else(|| parse_date_time(value).map(Until::Local))
}

fn days_in_month(d: NaiveDate) -> u32 {
    let (year, month) = match d.month() {
        12 => (d.year() + 1, 1),
        m => (d.year(), m + 1),
    };
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|next| next.pred_opt())
        .map_or(31, |last| last.day())
}

fn months(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

/// The first day of `d`'s week, weeks starting on `start`.
fn week_of(d: NaiveDate, start: Weekday) -> NaiveDate {
    d - Days::new(d.weekday().days_since(start).into())
}

impl Rule {
    /// `None` for a rule with a part Déroulé does not follow, or one it
    /// cannot read.
    fn parse(value: &str) -> Option<Rule> {
        let mut freq = None;
        let mut rule = Rule {
            freq: Freq::Daily,
            interval: 1,
            count: None,
            until: None,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_month: Vec::new(),
            by_set_pos: Vec::new(),
            week_start: Weekday::Mon,
        };
        for part in value.trim().split(';').filter(|p| !p.trim().is_empty()) {
            let (key, value) = part.split_once('=')?;
            let value = value.trim();
            match key.trim().to_ascii_uppercase().as_str() {
                "FREQ" => {
                    freq = Some(match value.to_ascii_uppercase().as_str() {
                        "DAILY" => Freq::Daily,
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        "YEARLY" => Freq::Yearly,
                        _ => return None,
                    })
                }
                "INTERVAL" => rule.interval = value.parse().ok().filter(|&n| n > 0)?,
                "COUNT" => rule.count = Some(value.parse().ok().filter(|&n| n > 0)?),
                "UNTIL" => rule.until = Some(until(value)?),
                "BYDAY" => rule.by_day = list(value, by_day)?,
                "BYMONTHDAY" => {
                    rule.by_month_day = list(value, |d| {
                        d.parse().ok().filter(|d: &i32| (1..=31).contains(&d.abs()))
                    })?
                }
                "BYMONTH" => {
                    rule.by_month =
                        list(value, |m| m.parse().ok().filter(|m| (1..=12).contains(m)))?
                }
                "BYSETPOS" => {
                    rule.by_set_pos = list(value, |n| {
                        n.parse().ok().filter(|n: &i32| n != &0 && n.abs() <= 366)
                    })?
                }
                "WKST" => rule.week_start = weekday(value)?,
                _ => return None,
            }
        }
        rule.freq = freq?;
        // An ordinal BYDAY means nothing in a daily or weekly rule (RFC 5545,
        // 3.3.10).
        let ordinals = rule.by_day.iter().any(|&(n, _)| n != 0);
        (!(ordinals && matches!(rule.freq, Freq::Daily | Freq::Weekly))).then_some(rule)
    }

    /// Whether the rule, starting on `start`, gives day `d` (on or after
    /// `start`), leaving COUNT and UNTIL aside.
    fn gives(&self, start: NaiveDate, d: NaiveDate) -> bool {
        self.matches(start, d) && (self.by_set_pos.is_empty() || self.chosen(start, d).contains(&d))
    }

    /// The days BYSETPOS chooses in the period that holds `d`.
    fn chosen(&self, start: NaiveDate, d: NaiveDate) -> Vec<NaiveDate> {
        let (first, last) = self.period(d);
        let days: Vec<NaiveDate> = first
            .iter_days()
            .take_while(|&x| x <= last)
            .filter(|&x| self.matches(start, x))
            .collect();
        let len = days.len() as i32;
        let mut chosen: Vec<NaiveDate> = self
            .by_set_pos
            .iter()
            .filter_map(|&n| {
                let at = if n > 0 { n - 1 } else { len + n };
                usize::try_from(at)
                    .ok()
                    .and_then(|at| days.get(at).copied())
            })
            .collect();
        chosen.sort();
        chosen
    }

    /// The first and last days of the period (day, week, month or year)
    /// that holds `d`.
    fn period(&self, d: NaiveDate) -> (NaiveDate, NaiveDate) {
        let (first, last) = match self.freq {
            Freq::Daily => (Some(d), Some(d)),
            Freq::Weekly => {
                let first = week_of(d, self.week_start);
                (Some(first), first.checked_add_days(Days::new(6)))
            }
            Freq::Monthly => (d.with_day(1), d.with_day(days_in_month(d))),
            Freq::Yearly => (d.with_ordinal(1), NaiveDate::from_ymd_opt(d.year(), 12, 31)),
        };
        (first.unwrap_or(d), last.unwrap_or(d))
    }

    /// [`Rule::gives`] before BYSETPOS.
    fn matches(&self, start: NaiveDate, d: NaiveDate) -> bool {
        let interval = i64::from(self.interval);
        let periods = match self.freq {
            Freq::Daily => (d - start).num_days(),
            Freq::Weekly => {
                (week_of(d, self.week_start) - week_of(start, self.week_start)).num_days() / 7
            }
            Freq::Monthly => months(d) - months(start),
            Freq::Yearly => i64::from(d.year() - start.year()),
        };
        if periods % interval != 0
            || (!self.by_month.is_empty() && !self.by_month.contains(&d.month()))
        {
            return false;
        }
        let last = days_in_month(d) as i32;
        let day = d.day() as i32;
        if !self.by_month_day.is_empty()
            && !self
                .by_month_day
                .iter()
                .any(|&n| day == if n > 0 { n } else { last + 1 + n })
        {
            return false;
        }
        if !self.by_day.is_empty() {
            return self
                .by_day
                .iter()
                .any(|&(n, w)| d.weekday() == w && (n == 0 || self.is_nth(d, n)));
        }
        if !self.by_month_day.is_empty() {
            return true;
        }
        match self.freq {
            Freq::Daily => true,
            Freq::Weekly => d.weekday() == start.weekday(),
            Freq::Monthly => d.day() == start.day(),
            Freq::Yearly => {
                d.day() == start.day() && (!self.by_month.is_empty() || d.month() == start.month())
            }
        }
    }

    /// Whether `d` is the n-th of its weekday in its month (in its year for
    /// a yearly rule without BYMONTH), counted from the end when negative.
    fn is_nth(&self, d: NaiveDate, n: i32) -> bool {
        let (index, length) = if self.freq == Freq::Yearly && self.by_month.is_empty() {
            let length = if d.leap_year() { 366 } else { 365 };
            (d.ordinal0() as i32, length)
        } else {
            (d.day0() as i32, days_in_month(d) as i32)
        };
        if n > 0 {
            index / 7 + 1 == n
        } else {
            (length - 1 - index) / 7 + 1 == -n
        }
    }

    /// Whether fewer than COUNT occurrences come before day `d`. DTSTART is
    /// the first, whether or not the rule gives it. A series over two
    /// hundred years long is taken to have run out.
    fn counts(&self, start: NaiveDate, d: NaiveDate) -> bool {
        let Some(count) = self.count else {
            return true;
        };
        if (d - start).num_days() > 73_000 {
            return false;
        }
        let mut before = 0;
        if self.by_set_pos.is_empty() {
            for day in start.iter_days().take_while(|&day| day < d) {
                if day == start || self.matches(start, day) {
                    before += 1;
                    if before >= count as usize {
                        return false;
                    }
                }
            }
        } else {
            // Period by period: the days chosen in each, once.
            let mut day = start;
            while day < d {
                let (_, last) = self.period(day);
                let chosen = self.chosen(start, day);
                before += chosen.iter().filter(|&&x| x > start && x < d).count();
                day = match last.succ_opt() {
                    Some(next) => next,
                    None => break,
                };
            }
            if start < d {
                before += 1; // DTSTART
            }
        }
        before < count as usize
    }
}

/// What a recurring VEVENT has on the event's day.
pub(super) enum Recurs {
    /// The VEVENT has neither RRULE nor RDATE.
    No,
    /// One of its occurrences starts on the day, at this instant.
    On(DateTime<Utc>),
    /// None of its occurrences starts on the day.
    NotOnDay,
}

/// The occurrence of VEVENT `c` that starts on `day` on the event's clock
/// (`zones.event`), if the VEVENT recurs. `replaced` holds the RECURRENCE-IDs of
/// the VEVENTs of its UID: the occurrences they stand for are theirs.
pub(super) fn occurrence_on(
    c: &Component,
    zones: &Zones,
    day: NaiveDate,
    replaced: &[DateTime<Utc>],
) -> Result<Recurs> {
    let rrule = c.first("RRULE");
    let rdates: Vec<_> = c.properties.iter().filter(|p| p.name == "RDATE").collect();
    let Some(dtstart) = c.first("DTSTART") else {
        return Ok(Recurs::No);
    };
    if rrule.is_none() && rdates.is_empty() || c.first("RECURRENCE-ID").is_some() {
        return Ok(Recurs::No);
    }
    let Written::Local(start, clock) = zones.written(dtstart, &dtstart.value)? else {
        return Ok(Recurs::No);
    };
    let mut removed = Vec::new();
    for p in c.properties.iter().filter(|p| p.name == "EXDATE") {
        for value in p.value.split(',').filter(|v| !v.trim().is_empty()) {
            removed.push(zones.written(p, value)?);
        }
    }
    let on_clock = |written: &Written, t: DateTime<Utc>, date: NaiveDate| match written {
        Written::Date(d) => *d == date,
        Written::Local(local, clock) => clock.instant(*local) == t,
    };
    let on_day = |t: DateTime<Utc>| t.with_timezone(&zones.event).date_naive() == day;
    let kept = |t: DateTime<Utc>, date: NaiveDate| {
        on_day(t) && !replaced.contains(&t) && !removed.iter().any(|w| on_clock(w, t, date))
    };
    for p in rdates {
        let period = p
            .param("VALUE")
            .is_some_and(|v| v.eq_ignore_ascii_case("PERIOD"));
        for value in p
            .value
            .split(',')
            .filter(|v| !period && !v.trim().is_empty())
        {
            let (t, date) = match zones.written(p, value)? {
                Written::Date(date) => (clock.instant(date.and_time(start.time())), date),
                Written::Local(local, on) => (on.instant(local), local.date()),
            };
            if kept(t, date) {
                return Ok(Recurs::On(t));
            }
        }
    }
    let rule = rrule.and_then(|p| Rule::parse(&p.value));
    let first = start.date();
    for d in [day.pred_opt(), Some(day), day.succ_opt()]
        .into_iter()
        .flatten()
    {
        let given = d == first || d > first && rule.as_ref().is_some_and(|r| r.gives(first, d));
        if !given {
            continue;
        }
        let t = clock.instant(d.and_time(start.time()));
        let within = rule
            .as_ref()
            .is_none_or(|r| r.counts(first, d) && until_allows(r.until.as_ref(), clock, t, d));
        if within && kept(t, d) {
            return Ok(Recurs::On(t));
        }
    }
    Ok(Recurs::NotOnDay)
}

fn until_allows(until: Option<&Until>, clock: Clock, t: DateTime<Utc>, d: NaiveDate) -> bool {
    match until {
        None => true,
        Some(Until::Date(last)) => d <= *last,
        Some(Until::Utc(last)) => t.naive_utc() <= *last,
        Some(Until::Local(last)) => t <= clock.instant(*last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(rule: &str, start: &str, from: &str, days: u64) -> Vec<String> {
        let rule = Rule::parse(rule).expect("a rule we follow");
        let start = NaiveDate::parse_from_str(start, "%Y-%m-%d").unwrap();
        let from = NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap();
        from.iter_days()
            .take(days as usize)
            .filter(|&d| d == start || d > start && rule.gives(start, d) && rule.counts(start, d))
            .filter(|&d| {
                // At 9h in New York, as the RFC's examples are.
                let t = d.and_hms_opt(13, 0, 0).unwrap().and_utc();
                until_allows(rule.until.as_ref(), Clock::Utc, t, d)
            })
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn daily_and_weekly_rules_give_the_days_rfc_5545_lists() {
        // RFC 5545, 3.8.5.3's examples, on the first days they list.
        assert_eq!(
            dates("FREQ=DAILY;COUNT=10", "1997-09-02", "1997-09-01", 30),
            [
                "1997-09-02",
                "1997-09-03",
                "1997-09-04",
                "1997-09-05",
                "1997-09-06",
                "1997-09-07",
                "1997-09-08",
                "1997-09-09",
                "1997-09-10",
                "1997-09-11"
            ]
        );
        assert_eq!(
            dates(
                "FREQ=DAILY;INTERVAL=10;COUNT=5",
                "1997-09-02",
                "1997-09-01",
                60
            ),
            [
                "1997-09-02",
                "1997-09-12",
                "1997-09-22",
                "1997-10-02",
                "1997-10-12"
            ]
        );
        assert_eq!(
            dates(
                "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=TU,TH",
                "1997-09-02",
                "1997-09-01",
                21
            ),
            ["1997-09-02", "1997-09-04", "1997-09-16", "1997-09-18"]
        );
        assert_eq!(
            dates(
                "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH",
                "1997-09-02",
                "1997-09-01",
                60
            ),
            [
                "1997-09-02",
                "1997-09-04",
                "1997-09-09",
                "1997-09-11",
                "1997-09-16",
                "1997-09-18",
                "1997-09-23",
                "1997-09-25",
                "1997-09-30",
                "1997-10-02"
            ]
        );
    }

    #[test]
    fn monthly_rules_give_the_days_rfc_5545_lists() {
        assert_eq!(
            dates(
                "FREQ=MONTHLY;COUNT=10;BYDAY=1FR",
                "1997-09-05",
                "1997-09-01",
                400
            ),
            [
                "1997-09-05",
                "1997-10-03",
                "1997-11-07",
                "1997-12-05",
                "1998-01-02",
                "1998-02-06",
                "1998-03-06",
                "1998-04-03",
                "1998-05-01",
                "1998-06-05"
            ]
        );
        assert_eq!(
            dates(
                "FREQ=MONTHLY;BYDAY=-2MO;COUNT=6",
                "1997-09-22",
                "1997-09-01",
                400
            ),
            [
                "1997-09-22",
                "1997-10-20",
                "1997-11-17",
                "1997-12-22",
                "1998-01-19",
                "1998-02-16"
            ]
        );
        assert_eq!(
            dates(
                "FREQ=MONTHLY;BYMONTHDAY=-3",
                "1997-09-28",
                "1997-09-01",
                120
            ),
            ["1997-09-28", "1997-10-29", "1997-11-28", "1997-12-29"]
        );
    }

    #[test]
    fn yearly_rules_give_the_days_rfc_5545_lists() {
        assert_eq!(
            dates("FREQ=YEARLY;BYDAY=20MO", "1997-05-19", "1997-01-01", 1200),
            ["1997-05-19", "1998-05-18", "1999-05-17"]
        );
        assert_eq!(
            dates(
                "FREQ=YEARLY;BYMONTH=3;BYDAY=TH",
                "1997-03-13",
                "1997-03-01",
                31
            ),
            ["1997-03-13", "1997-03-20", "1997-03-27"]
        );
        // Friday the 13th; the 31st of the months that have one.
        assert_eq!(
            dates(
                "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
                "1998-02-13",
                "1998-01-01",
                1100
            ),
            [
                "1998-02-13",
                "1998-03-13",
                "1998-11-13",
                "1999-08-13",
                "2000-10-13"
            ]
        );
        assert_eq!(
            dates(
                "FREQ=MONTHLY;UNTIL=20250801",
                "2025-01-31",
                "2025-01-01",
                365
            ),
            ["2025-01-31", "2025-03-31", "2025-05-31", "2025-07-31"]
        );
    }

    #[test]
    fn set_positions_pick_among_a_periods_days() {
        // The last weekday of the month (RFC 5545); the third of Tuesday,
        // Wednesday or Thursday, three times.
        assert_eq!(
            dates(
                "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR",
                "1997-09-30",
                "1997-09-01",
                130
            ),
            ["1997-09-30", "1997-10-31", "1997-11-28", "1997-12-31"]
        );
        assert_eq!(
            dates(
                "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3",
                "1997-09-04",
                "1997-09-01",
                120
            ),
            ["1997-09-04", "1997-10-07", "1997-11-06"]
        );
        // Outlook's "second Tuesday", and a set position past the days.
        assert_eq!(
            dates(
                "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2",
                "2025-01-14",
                "2025-06-01",
                60
            ),
            ["2025-06-10", "2025-07-08"]
        );
        assert!(dates(
            "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=6",
            "2025-01-14",
            "2025-02-01",
            60
        )
        .is_empty());
    }

    #[test]
    fn rules_not_followed_are_none() {
        for rule in [
            "FREQ=HOURLY",
            "FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO",
            "FREQ=YEARLY;BYWEEKNO=20",
            "FREQ=WEEKLY;BYDAY=1MO",
            "FREQ=DAILY;INTERVAL=0",
            "FREQ=DAILY;COUNT=x",
            "FREQ=WEEKLY;BYDAY=-ҬU",
            "INTERVAL=2",
            "FREQ=DAILY;UNTIL=tomorrow",
        ] {
            assert!(Rule::parse(rule).is_none(), "{rule}");
        }
    }
}
