//! Files from the real world and hostile ones: a real congress schedule
//! (frab, 2014, whose guids are not UUIDs), calendars whose zones only the
//! file itself defines, XML that is not a schedule, and files made to
//! exhaust the stack or the memory, each refused with a named error.

use crate::ics_import::room_of;
use crate::{demo_db, dump};
use chrono::NaiveTime;
use deroule::exchange::ics::Selection;
use deroule::exchange::{ExportFormat, ImportFormat};
use deroule::files::MAX_IMPORT_BYTES;
use deroule::model::{Event, EventStatus, Practical, Programme};
use deroule::{Db, Error, ErrorCode};
use std::path::{Path, PathBuf};
use std::process::Command;

fn real(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real")
        .join(name)
}

/// A new empty event on `date` in `zone`; returns its id.
pub(crate) fn new_event(db: &mut Db, date: &str, zone: &str) -> i64 {
    db.create_event(&Event {
        id: None,
        title: "Congrès".into(),
        series: String::new(),
        date: date.parse().unwrap(),
        day_start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        day_end: NaiveTime::from_hms_opt(23, 59, 0).unwrap(),
        time_zone: zone.into(),
        language: "en".into(),
        description: String::new(),
        audience: String::new(),
        practical: Practical::default(),
        organisers: Vec::new(),
        partners: Vec::new(),
        status: EventStatus::Draft,
    })
    .unwrap()
    .id
    .unwrap()
}

fn hours(p: &Programme, title: &str) -> String {
    let i = p.items.iter().find(|i| i.title == title).unwrap();
    format!(
        "{}–{}",
        i.starts_at.format("%Y-%m-%d %H:%M"),
        i.ends_at.format("%H:%M")
    )
}

/// The first day of 31C3 as frab published it: 34 events in four rooms,
/// most with base64 guids ("HOqeNIb6G7M4hYFKFRkCmQ"). It imports whole; the
/// guids become the items' UIDs exactly (case kept: base64 is
/// case-sensitive); importing it again changes nothing; our export carries
/// UUIDs made from them, which import back onto the same items.
#[test]
fn a_real_31c3_schedule_imports() {
    let xml = std::fs::read_to_string(real("31c3-day1-schedule.xml")).unwrap();
    let mut db = Db::open_in_memory().unwrap();
    let id = new_event(&mut db, "2014-12-27", "Europe/Berlin");
    let report = db.import(id, ImportFormat::ScheduleXml, &xml).unwrap();
    assert_eq!(report.items_created, 34);
    assert_eq!(report.rooms_created, 4);
    let p = db.programme(id).unwrap();
    assert_eq!(p.items.len(), 34);
    let agenda = p
        .items
        .iter()
        .find(|i| i.title == "„Wir beteiligen uns aktiv an den Diskussionen“")
        .unwrap();
    assert_eq!(agenda.uid, "HOqeNIb6G7M4hYFKFRkCmQ");
    assert_eq!(
        hours(&p, "„Wir beteiligen uns aktiv an den Diskussionen“"),
        "2014-12-27 12:45–13:45"
    );
    let keynote = p.items.iter().find(|i| i.title == "31C3 Keynote").unwrap();
    assert_eq!(keynote.uid, "8c4e647f-813e-41ef-b05b-65469dd841c3");
    let opaque = p.items.iter().filter(|i| i.uid.len() == 22).count();
    assert!(opaque >= 20, "{opaque} base64 guids");

    let again = db.import(id, ImportFormat::ScheduleXml, &xml).unwrap();
    assert_eq!((again.items_created, again.items_unchanged), (0, 34));

    let exported = db
        .export(id, ExportFormat::ScheduleXml, &Selection::All, db.now())
        .unwrap();
    assert!(!exported.contents.contains("HOqeNIb6G7M4hYFKFRkCmQ"));
    let back = db
        .import(id, ImportFormat::ScheduleXml, &exported.contents)
        .unwrap();
    assert_eq!((back.items_created, back.items_unchanged), (0, 34));
    assert_eq!(db.programme(id).unwrap().items.len(), 34);
}

fn refused(e: &Error, reason: &str, line: usize) {
    assert_eq!(e.code, ErrorCode::Invalid, "{e:?}");
    assert_eq!(e.field.as_deref(), Some("file"), "{e:?}");
    assert_eq!(e.reason.as_deref(), Some(reason), "{e:?}");
    assert!(
        e.message.starts_with(&format!("line {line}: ")),
        "expected line {line}: {}",
        e.message
    );
}

/// An XML file of another format is refused as not a schedule, naming its
/// root element, and nothing is imported.
#[test]
fn xml_that_is_not_a_schedule_is_refused_as_such() {
    let (mut db, id) = demo_db();
    let before = dump(&db);
    let rss = "<?xml version=\"1.0\"?>\n<!-- a feed -->\n<rss version=\"2.0\">\n  <channel><title>Agenda</title></channel>\n</rss>\n";
    let e = db.import(id, ImportFormat::ScheduleXml, rss).unwrap_err();
    refused(&e, "not_schedule", 3);
    assert!(e.message.contains("<rss>"), "{}", e.message);
    assert_eq!(dump(&db), before);
}

/// Runs `f` on a thread with a 2 MiB stack, the size of the app's command
/// threads: a crafted file must be refused there, not overflow it.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// 200,000 nested BEGIN/END blocks (3 MB) or nested XML elements are
/// refused with `too_deep`, naming the line of the first block too deep.
#[test]
fn deep_nesting_is_refused_naming_the_line() {
    let depth = 200_000;
    let mut ics = String::from("BEGIN:VCALENDAR\r\n");
    for _ in 0..depth {
        ics.push_str("BEGIN:X-NEST\r\n");
    }
    for _ in 0..depth {
        ics.push_str("END:X-NEST\r\n");
    }
    ics.push_str("END:VCALENDAR\r\n");
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<schedule>\n");
    for _ in 0..depth {
        xml.push_str("<day>\n");
    }
    for _ in 0..depth {
        xml.push_str("</day>\n");
    }
    xml.push_str("</schedule>\n");
    let (ics_error, xml_error) = on_small_stack(move || {
        let (mut db, id) = demo_db();
        let before = dump(&db);
        let a = db.import(id, ImportFormat::Ics, &ics).unwrap_err();
        let b = db.import(id, ImportFormat::ScheduleXml, &xml).unwrap_err();
        assert_eq!(dump(&db), before);
        (a, b)
    });
    // The calendar is line 1, and 16 blocks may nest: the 16th BEGIN:X-NEST
    // (line 17) is one too many.
    refused(&ics_error, "too_deep", 17);
    assert!(ics_error.message.contains("more than 16 deep"));
    // <schedule> on line 2 and 31 <day>s make 32 levels; the 32nd <day>
    // (line 34) is the 33rd.
    refused(&xml_error, "too_deep", 34);
    assert!(xml_error.message.contains("more than 32 deep"));
}

/// A text over 20 MB is refused before it is parsed, by the core and by the
/// command line (which reads no more of the file than the cap).
#[test]
fn files_over_the_cap_are_refused() {
    let (mut db, id) = demo_db();
    let huge = "X".repeat(MAX_IMPORT_BYTES as usize + 1);
    for format in [ImportFormat::Ics, ImportFormat::ScheduleXml] {
        let e = db.import(id, format, &huge).unwrap_err();
        assert_eq!(e.reason.as_deref(), Some("too_large"), "{e:?}");
        assert!(e.message.contains("over 20 MB"), "{}", e.message);
    }
    let e = db
        .import_attendees_csv(id, huge.as_bytes(), None)
        .unwrap_err();
    assert_eq!(e.reason.as_deref(), Some("too_large"), "{e:?}");
    let e = deroule::exchange::programme_file::ProgrammeFile::parse(&huge).unwrap_err();
    assert_eq!(e.reason.as_deref(), Some("too_large"), "{e:?}");

    // On disk: a sparse file of 21 MB, for each command that imports.
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("agenda.ics");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(21 * 1024 * 1024)
        .unwrap();
    let e = deroule::files::read_for_import(&big).unwrap_err();
    assert_eq!(e.reason.as_deref(), Some("too_large"));
    let db_path = dir.path().join("deroule.db");
    let event = Db::open(&db_path).unwrap().load_demo().unwrap().to_string();
    for kind in ["ics", "xml", "attendees"] {
        let out = Command::new(env!("CARGO_BIN_EXE_deroule"))
            .args(["import", kind, "--db"])
            .arg(&db_path)
            .args(["--event", &event])
            .arg(&big)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{kind}");
        assert!(
            stderr.contains("the file is 21.0 MB; files over 20 MB are not imported"),
            "{kind}: {stderr}"
        );
    }
}

/// The calendar of a meeting sent from Outlook in Brasília: its TZID is the
/// display name Outlook writes, defined by the file's own VTIMEZONE
/// (UTC-03:00, no summer time since 2019).
const BRASILIA: &str = "BEGIN:VCALENDAR\r
PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r
VERSION:2.0\r
METHOD:REQUEST\r
BEGIN:VTIMEZONE\r
TZID:(UTC-03:00) Brasília\r
BEGIN:STANDARD\r
DTSTART:16010101T000000\r
TZOFFSETFROM:-0300\r
TZOFFSETTO:-0300\r
END:STANDARD\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:040000008200E00074C5B7101A82E0080000000010A1B2C3D4E5F60708@outlook\r
SUMMARY:Point d'étape avec l'équipe de São Paulo\r
DTSTART;TZID=\"(UTC-03:00) Brasília\":20251209T100000\r
DTEND;TZID=\"(UTC-03:00) Brasília\":20251209T110000\r
LOCATION:Salle Teams\r
END:VEVENT\r
END:VCALENDAR\r
";

/// A zone with United States rules under a name no database knows: summer
/// time from the second Sunday of March to the first Sunday of November.
fn my_timezone(date: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example Corp.//CalDAV Client//EN\r
BEGIN:VTIMEZONE\r
TZID:MyTimezone\r
BEGIN:STANDARD\r
DTSTART:20071104T020000\r
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r
TZOFFSETFROM:-0400\r
TZOFFSETTO:-0500\r
TZNAME:EST\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:20070311T020000\r
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r
TZOFFSETFROM:-0500\r
TZOFFSETTO:-0400\r
TZNAME:EDT\r
END:DAYLIGHT\r
END:VTIMEZONE\r
BEGIN:VEVENT\r
UID:webinaire-{date}@example.com\r
SUMMARY:Webinaire\r
DTSTART;TZID=MyTimezone:{date}T100000\r
DURATION:PT1H30M\r
END:VEVENT\r
END:VCALENDAR\r
"
    )
}

/// Custom TZIDs follow the offsets and rules the file gives: 10h in
/// Brasília (UTC-3) is 14h in Paris in December; 10h "MyTimezone" is 15h
/// in Paris on 20 March 2025 (New York rules: summer time since 9 March,
/// Paris not until 30 March), and 16h on 5 March and in December.
#[test]
fn custom_tzids_follow_the_files_vtimezone() {
    let mut db = Db::open_in_memory().unwrap();
    let id = new_event(&mut db, "2025-12-09", "Europe/Paris");
    let report = db.import(id, ImportFormat::Ics, BRASILIA).unwrap();
    assert_eq!(report.items_created, 1, "{report:?}");
    let p = db.programme(id).unwrap();
    assert_eq!(
        hours(&p, "Point d'étape avec l'équipe de São Paulo"),
        "2025-12-09 14:00–15:00"
    );
    for (date, paris) in [
        ("2025-03-20", "15:00–16:30"),
        ("2025-03-05", "16:00–17:30"),
        ("2025-12-09", "16:00–17:30"),
        ("2025-07-01", "16:00–17:30"),
    ] {
        let mut db = Db::open_in_memory().unwrap();
        let id = new_event(&mut db, date, "Europe/Paris");
        let ics = my_timezone(&date.replace('-', ""));
        let report = db.import(id, ImportFormat::Ics, &ics).unwrap();
        assert_eq!(report.items_created, 1, "{date}: {report:?}");
        let p = db.programme(id).unwrap();
        assert_eq!(hours(&p, "Webinaire"), format!("{date} {paris}"), "{date}");
    }
}

/// A defined zone whose rules cannot be followed is refused naming the line
/// at fault; a VTIMEZONE no VEVENT uses is left alone.
#[test]
fn a_vtimezone_that_cannot_be_followed_names_its_line() {
    let mut db = Db::open_in_memory().unwrap();
    let id = new_event(&mut db, "2025-03-20", "Europe/Paris");
    let monthly = my_timezone("20250320").replace(
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
        "RRULE:FREQ=MONTHLY;BYDAY=2SU",
    );
    let e = db.import(id, ImportFormat::Ics, &monthly).unwrap_err();
    refused(&e, "bad_ics", 15);
    assert!(e.message.contains("used at line 24"), "{}", e.message);
    let no_offset = my_timezone("20250320").replace("TZOFFSETTO:-0500\r\n", "");
    let e = db.import(id, ImportFormat::Ics, &no_offset).unwrap_err();
    refused(&e, "bad_ics", 6);
    assert!(e.message.contains("without TZOFFSETTO"), "{}", e.message);
    let unused = no_offset.replace(
        "DTSTART;TZID=MyTimezone:20250320T100000",
        "DTSTART:20250320T090000Z",
    );
    let report = db.import(id, ImportFormat::Ics, &unused).unwrap();
    assert_eq!(report.items_created, 1);
}

/// A file another tool wrote, imported into an event on one of its days:
/// what is made of it, and what is left out and why.
struct RealFile {
    file: &'static str,
    format: ImportFormat,
    /// The event's day and zone.
    date: &'static str,
    zone: &'static str,
    /// Items made, and rooms.
    created: i64,
    rooms: i64,
    /// Entries left out: how many for each reason.
    skipped: &'static [(&'static str, usize)],
    /// One item of the day: its title, its hours on the event's clock, and
    /// its room (none: the whole venue).
    sample: Option<(&'static str, &'static str, Option<&'static str>)>,
}

/// Calendars and conference schedules as their tools wrote them (see
/// `tests/fixtures/real/README.md`): the counts are those of an independent
/// reading (Python's icalendar and recurring_ical_events for the calendars,
/// ElementTree for the schedules) of the same day.
const REAL_FILES: &[RealFile] = &[
    RealFile {
        file: "google-lgbt-history-festival-2015-main.ics",
        format: ImportFormat::Ics,
        date: "2015-02-14",
        zone: "Europe/London",
        created: 18,
        rooms: 4,
        skipped: &[("outside_event_date", 18)],
        sample: Some((
            "Lou Englefield: Queering Sport's Pitch",
            "2015-02-14 11:10–11:40",
            Some("Space 3"),
        )),
    },
    RealFile {
        file: "google-machbar-potsdam-2019.ics",
        format: ImportFormat::Ics,
        date: "2019-02-28",
        zone: "Europe/Berlin",
        created: 5,
        rooms: 3,
        skipped: &[
            ("outside_event_date", 35),
            ("not_this_day", 21),
            ("all_day", 3),
        ],
        sample: Some((
            "Montessori Schulklasse",
            "2019-02-28 08:30–14:30",
            Some("machBar"),
        )),
    },
    RealFile {
        file: "pretalx-pyconau-2023-adelaide.ics",
        format: ImportFormat::Ics,
        date: "2023-08-19",
        zone: "Australia/Adelaide",
        created: 29,
        rooms: 4,
        skipped: &[("outside_event_date", 65)],
        sample: Some((
            "Conference Opening (Saturday) - Daisy Leigh Brenecki",
            "2023-08-19 09:00–09:25",
            Some("Hall C (Plenary)"),
        )),
    },
    RealFile {
        file: "frab-33c3-fahrplan-2016.ics",
        format: ImportFormat::Ics,
        date: "2016-12-27",
        zone: "Europe/Berlin",
        created: 43,
        rooms: 4,
        skipped: &[("outside_event_date", 107)],
        sample: Some((
            "33C3 Opening Ceremony - anna, elisa",
            "2016-12-27 11:00–11:30",
            Some("Saal 1"),
        )),
    },
    RealFile {
        file: "ade-university-timetable-n7-toulouse-2019.ics",
        format: ImportFormat::Ics,
        date: "2019-09-26",
        zone: "Europe/Paris",
        created: 10,
        rooms: 5,
        skipped: &[("outside_event_date", 505)],
        sample: Some((
            "N5AN01B- CTD - SN APP1A Protocoles de l'Internet",
            "2019-09-26 10:15–12:00",
            Some("A302"),
        )),
    },
    RealFile {
        file: "apple-macosx-10.9-cmu-spring-2014.ics",
        format: ImportFormat::Ics,
        date: "2014-01-14",
        zone: "America/New_York",
        created: 3,
        rooms: 3,
        skipped: &[("outside_event_date", 82)],
        sample: Some((
            "Computer Graphics :: 15462 A",
            "2014-01-14 10:30–11:50",
            Some("DH- A302"),
        )),
    },
    RealFile {
        file: "exchange2010-published-w-europe-standard-time.ics",
        format: ImportFormat::Ics,
        date: "2021-03-25",
        zone: "Europe/Berlin",
        created: 4,
        rooms: 0,
        skipped: &[
            ("outside_event_date", 89),
            ("not_this_day", 6),
            ("all_day", 8),
        ],
        sample: Some(("Busy", "2021-03-25 11:00–12:00", None)),
    },
    RealFile {
        file: "thunderbird-europe-london-recurring-2024.ics",
        format: ImportFormat::Ics,
        date: "2024-03-27",
        zone: "Europe/London",
        created: 1,
        rooms: 0,
        skipped: &[
            ("outside_event_date", 1),
            ("not_this_day", 1),
            ("ends_after_midnight", 1),
            ("duplicate_uid", 1),
            ("all_day", 2),
        ],
        sample: Some(("event 3", "2024-03-27 03:00–07:00", None)),
    },
    RealFile {
        file: "thunderbird-estonia-holidays-2009-2013.ics",
        format: ImportFormat::Ics,
        date: "2010-02-24",
        zone: "Europe/Tallinn",
        created: 0,
        rooms: 0,
        skipped: &[("all_day", 152)],
        sample: None,
    },
    RealFile {
        file: "evolution-gnome-2.17-release-schedule.ics",
        format: ImportFormat::Ics,
        date: "2006-10-07",
        zone: "America/New_York",
        created: 0,
        rooms: 0,
        skipped: &[("all_day", 36), ("ends_after_midnight", 1)],
        sample: None,
    },
    RealFile {
        file: "ical4j-tiss-tuwien-timetable-2025-2027.ics",
        format: ImportFormat::Ics,
        date: "2025-12-18",
        zone: "Europe/Vienna",
        created: 5,
        rooms: 5,
        skipped: &[("outside_event_date", 143), ("all_day", 24)],
        sample: Some((
            "184.702 VU Machine Learning",
            "2025-12-18 16:00–18:00",
            Some("EI 9 Hlawka HS - ETIT"),
        )),
    },
    // Other days of the calendars whose meetings recur (RRULE, EXDATE,
    // RECURRENCE-ID): Python's recurring_ical_events gives the same
    // occurrences, and the same series with none that day.
    RealFile {
        file: "google-machbar-potsdam-2019.ics",
        format: ImportFormat::Ics,
        date: "2019-03-14",
        zone: "Europe/Berlin",
        created: 3,
        rooms: 3,
        skipped: &[
            ("outside_event_date", 37),
            ("not_this_day", 21),
            ("all_day", 3),
        ],
        sample: Some((
            "OpenLab",
            "2019-03-14 18:00–20:00",
            Some("machBar im Freiland Haus 5 - Potsdam"),
        )),
    },
    RealFile {
        file: "exchange2010-published-w-europe-standard-time.ics",
        format: ImportFormat::Ics,
        date: "2021-04-29",
        zone: "Europe/Berlin",
        created: 4,
        rooms: 0,
        skipped: &[
            ("outside_event_date", 89),
            ("not_this_day", 6),
            ("all_day", 8),
        ],
        sample: Some(("Busy", "2021-04-29 09:00–11:00", None)),
    },
    RealFile {
        file: "fosdem-2010-pentabarf.xml",
        format: ImportFormat::ScheduleXml,
        date: "2010-02-06",
        zone: "Europe/Brussels",
        created: 124,
        rooms: 18,
        skipped: &[("outside_event_date", 176)],
        sample: Some(("Welcome", "2010-02-06 10:00–10:45", Some("Janson"))),
    },
    RealFile {
        file: "fosdem-2007-archive.xml",
        format: ImportFormat::ScheduleXml,
        date: "2007-02-25",
        zone: "Europe/Brussels",
        created: 94,
        rooms: 18,
        skipped: &[("outside_event_date", 121)],
        sample: Some(("AIGLX", "2007-02-25 15:00–15:45", Some("Chavanne"))),
    },
    RealFile {
        file: "frab-froscon-2013.xml",
        format: ImportFormat::ScheduleXml,
        date: "2013-08-24",
        zone: "Europe/Berlin",
        created: 60,
        rooms: 12,
        skipped: &[("outside_event_date", 63)],
        sample: Some(("Verkehrte Welt", "2013-08-24 10:00–11:00", Some("HS1/2"))),
    },
    RealFile {
        file: "pretalx-good-2025.xml",
        format: ImportFormat::ScheduleXml,
        date: "2025-03-18",
        zone: "America/New_York",
        created: 23,
        rooms: 5,
        skipped: &[("outside_event_date", 49)],
        sample: Some((
            "Integrating XDMoD with OnDemand",
            "2025-03-18 08:30–10:00",
            Some("Tsai Auditorium (CGIS S010)"),
        )),
    },
    RealFile {
        file: "wafer-debconf23.xml",
        format: ImportFormat::ScheduleXml,
        date: "2023-09-10",
        zone: "Asia/Kolkata",
        created: 20,
        rooms: 4,
        skipped: &[("outside_event_date", 97)],
        sample: Some((
            "Opening Ceremony",
            "2023-09-10 10:30–10:50",
            Some("Anamudi"),
        )),
    },
    RealFile {
        file: "hub-39c3-2025.xml",
        format: ImportFormat::ScheduleXml,
        date: "2025-12-27",
        zone: "Europe/Berlin",
        created: 54,
        rooms: 11,
        skipped: &[("outside_event_date", 157), ("ends_after_midnight", 4)],
        sample: Some((
            "Bluetooth Headphone Jacking: A Key to Your Phone",
            "2025-12-27 23:00–00:00",
            Some("One"),
        )),
    },
    RealFile {
        file: "pretalx-good-2025-schedule.json",
        format: ImportFormat::ScheduleJson,
        date: "2025-03-18",
        zone: "America/New_York",
        created: 23,
        rooms: 5,
        skipped: &[("outside_event_date", 49)],
        sample: Some((
            "Integrating XDMoD with OnDemand",
            "2025-03-18 08:30–10:00",
            Some("Tsai Auditorium (CGIS S010)"),
        )),
    },
    RealFile {
        file: "frab-camp2019-schedule.json",
        format: ImportFormat::ScheduleJson,
        date: "2019-08-22",
        zone: "Europe/Berlin",
        created: 16,
        rooms: 2,
        skipped: &[("outside_event_date", 62), ("ends_after_midnight", 1)],
        sample: Some(("OpenCodes", "2019-08-22 12:00–12:45", Some("Curie"))),
    },
    RealFile {
        file: "pretalx-rc3-channels-2020-schedule.json",
        format: ImportFormat::ScheduleJson,
        date: "2020-12-28",
        zone: "Europe/Berlin",
        created: 15,
        rooms: 3,
        skipped: &[("outside_event_date", 33)],
        sample: Some((
            "The weirdness of investigating autonomous weapons",
            "2020-12-28 11:00–11:40",
            Some("r3s - Monheim/Rhein"),
        )),
    },
];

#[test]
fn files_written_by_other_tools_import_their_day() {
    for case in REAL_FILES {
        let label = case.file;
        let text = deroule::files::read_text_for_import(&real(case.file)).unwrap();
        let mut db = Db::open_in_memory().unwrap();
        let id = new_event(&mut db, case.date, case.zone);
        let before = dump(&db);
        let report = db
            .import(id, case.format, &text)
            .unwrap_or_else(|e| panic!("{label}: {e:?}"));
        let mut reasons: Vec<(String, usize)> = Vec::new();
        for s in &report.skipped {
            let reason = serde_json::to_value(s.reason).unwrap();
            let reason = reason.as_str().unwrap().to_owned();
            match reasons.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, n)) => *n += 1,
                None => reasons.push((reason, 1)),
            }
        }
        reasons.sort();
        let mut expected: Vec<(String, usize)> = case
            .skipped
            .iter()
            .map(|(r, n)| ((*r).to_owned(), *n))
            .collect();
        expected.sort();
        assert_eq!(
            (report.items_created, report.rooms_created, reasons),
            (case.created, case.rooms, expected),
            "{label}"
        );
        let p = db.programme(id).unwrap();
        assert_eq!(p.items.len() as i64, case.created, "{label}");
        if let Some((title, when, room)) = case.sample {
            assert_eq!(hours(&p, title), when, "{label}: {title}");
            let item = p.items.iter().find(|i| i.title == title).unwrap();
            assert_eq!(room_of(&p, item), room, "{label}: {title}");
        }
        // Again: the same items, known by their UIDs.
        let again = db.import(id, case.format, &text).unwrap();
        assert_eq!(
            (again.items_created, again.items_unchanged),
            (0, case.created),
            "{label}: imported again"
        );
        // The first import is one change, undone whole; an import that
        // changed nothing (the second; a file with nothing of the day)
        // recorded nothing.
        if case.created > 0 {
            db.undo().unwrap();
        }
        assert_eq!(dump(&db), before, "{label}: undone");
    }
}
