//! Recurring VEVENTs against another implementation: a calendar of random
//! rules (every part `recur.rs` follows, in three zones), imported into
//! events on days of the next year in two zones, gives the occurrences that
//! Python's recurring_ical_events gives for the same days.

use crate::python;
use crate::real_world::new_event;
use crate::support::python::run_script;
use deroule::exchange::ImportFormat;
use deroule::Db;
use std::collections::BTreeSet;

/// A small deterministic generator (xorshift), so that a failure replays.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// One random RRULE: no COUNT (whether a DTSTART the rule does not give
/// counts is read differently by implementations; the unit tests hold
/// RFC 5545's COUNT examples).
fn rule(rng: &mut Rng) -> String {
    let freq = rng.pick(&["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]);
    let mut parts = vec![format!("FREQ={freq}")];
    if rng.below(3) == 0 {
        parts.push(format!("INTERVAL={}", 2 + rng.below(3)));
    }
    // Ordinals, or none: python-dateutil, under recurring_ical_events,
    // gives nothing for a yearly BYDAY that mixes both ("WE,-2TU"), where
    // RFC 5545 gives every Wednesday and the last Tuesday but one.
    let ordinals = matches!(freq, "MONTHLY" | "YEARLY") && rng.below(3) == 0;
    if rng.below(2) == 0 {
        let days: Vec<String> = (0..1 + rng.below(3))
            .map(|_| {
                let day = rng.pick(&DAYS);
                if ordinals {
                    format!("{}{day}", rng.pick(&["1", "2", "-1", "3", "-2"]))
                } else {
                    day.to_owned()
                }
            })
            .collect();
        parts.push(format!("BYDAY={}", days.join(",")));
    }
    if rng.below(4) == 0 {
        parts.push(format!(
            "BYMONTHDAY={}",
            rng.pick(&["1", "15", "-1", "31", "8,22", "-3"])
        ));
    }
    if rng.below(3) == 0 {
        parts.push(format!(
            "BYMONTH={}",
            rng.pick(&["7", "6,7,8", "3", "7,12"])
        ));
    }
    if freq != "DAILY" && rng.below(5) == 0 {
        parts.push(format!("BYSETPOS={}", rng.pick(&["1", "-1", "2"])));
    }
    if rng.below(3) == 0 {
        parts.push(format!("WKST={}", rng.pick(&["MO", "SU"])));
    }
    if rng.below(4) == 0 {
        parts.push(format!(
            "UNTIL={}",
            rng.pick(&["20250705T000000Z", "20250801", "20251231T235959Z"])
        ));
    }
    parts.join(";")
}

/// A calendar of `n` recurring VEVENTs starting in 2024, some with an
/// EXDATE.
fn calendar(n: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut ics = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n");
    for i in 0..n {
        let zone = rng.pick(&["Europe/Paris", "America/New_York", "UTC"]);
        let start = format!(
            "2024{:02}{:02}T{:02}{}00",
            1 + rng.below(12),
            1 + rng.below(28),
            7 + rng.below(15),
            rng.pick(&["00", "30"])
        );
        let stamp = |value: &str| match zone {
            "UTC" => format!(":{value}Z"),
            zone => format!(";TZID={zone}:{value}"),
        };
        ics.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:r{i}@test\r\nSUMMARY:Série {i}\r\nDTSTART{}\r\nDURATION:PT1H\r\nRRULE:{}\r\n",
            stamp(&start),
            rule(&mut rng)
        ));
        if rng.below(4) == 0 {
            let day = format!("202507{:02}{}", 1 + rng.below(30), &start[8..]);
            ics.push_str(&format!("EXDATE{}\r\n", stamp(&day)));
        }
        ics.push_str("END:VEVENT\r\n");
    }
    ics.push_str("END:VCALENDAR\r\n");
    ics
}

/// For each `DATE ZONE` argument after the file, the occurrences that start
/// on that day on that zone's clock and end by its midnight, as
/// "uid HH:MM" lines, then a line "--".
const PY_OCCURRENCES: &str = r#"
import sys, datetime as dt, zoneinfo, icalendar, recurring_ical_events
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
every = list(recurring_ical_events.of(cal).between(dt.date(2024, 12, 29), dt.date(2026, 1, 3)))
for arg in sys.argv[2:]:
    date, zone = arg.split(' ')
    day = dt.date.fromisoformat(date); tz = zoneinfo.ZoneInfo(zone)
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
    for e in every:
        start = e['DTSTART'].dt.astimezone(dt.timezone.utc)
        s = start.astimezone(tz).replace(tzinfo=None)
        end = (start + dt.timedelta(hours=1)).astimezone(tz).replace(tzinfo=None)
        # Items keep wall-clock times: one within the hour repeated in
        # autumn ends when it starts, and is left out.
        if s.date() == day and s < end <= midnight:
            print(e['UID'], s.strftime('%H:%M'))
    print('--')
"#;

#[test]
fn random_rules_give_the_occurrences_python_gives() {
    let ics = calendar(300, 0x5eed_2025);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("random.ics");
    std::fs::write(&file, &ics).unwrap();
    let days: Vec<String> = [
        "2025-01-01",
        "2025-03-30",
        "2025-06-30",
        "2025-07-01",
        "2025-07-08",
        "2025-07-13",
        "2025-07-31",
        "2025-08-15",
        "2025-10-26",
        "2025-11-02",
        "2025-12-31",
    ]
    .iter()
    .flat_map(|d| [format!("{d} Europe/Paris"), format!("{d} America/New_York")])
    .collect();
    let python = python(&["icalendar==7.3.2", "recurring-ical-events==3.8.2"]);
    let mut args = vec![file.to_string_lossy().into_owned()];
    args.extend(days.iter().cloned());
    let out = run_script(&python, PY_OCCURRENCES, &args);
    let theirs: Vec<BTreeSet<String>> = out
        .split("--\n")
        .map(|day| day.lines().map(str::to_owned).collect())
        .collect();
    let mut total = 0;
    for (arg, theirs) in days.iter().zip(&theirs) {
        let (date, zone) = arg.split_once(' ').unwrap();
        let mut db = Db::open_in_memory().unwrap();
        let id = new_event(&mut db, date, zone);
        db.import(id, ImportFormat::Ics, &ics).unwrap();
        let ours: BTreeSet<String> = db
            .programme(id)
            .unwrap()
            .items
            .iter()
            .map(|i| format!("{} {}", i.uid, i.starts_at.format("%H:%M")))
            .collect();
        assert_eq!(&ours, theirs, "{arg}");
        total += ours.len();
    }
    // The days are not all empty: the rules are tried.
    assert!(total > 100, "{total} occurrences in all");
}
