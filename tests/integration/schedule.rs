//! The frab/c3voc schedule: the export is checked by independent validators
//! (xmllint against the XSD, Python's jsonschema against the JSON Schema),
//! goes back in through the import unchanged, and the import refuses bad
//! files whole, naming the line.

use crate::{demo_db, dump, python};
use deroule::exchange::schedule::{item_guid, schedule_json, schedule_xml, ImportSummary};
use deroule::model::{
    Event, EventStatus, Item, ItemKind, Practical, Programme, Room, SkipReason, Skipped,
};
use deroule::Db;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `tests/fixtures/c3voc/<rel>`: the c3voc validators (see PROVENANCE.md there).
fn schema(rel: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/c3voc")
        .join(rel);
    assert!(path.exists(), "{} is missing", path.display());
    path
}

/// Runs xmllint against the XSD; `Err` holds its complaints.
fn xmllint(xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schedule.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema("xsd/schedule.xml.xsd"))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run xmllint ({e}): install it (Debian package libxml2-utils)")
        });
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn assert_valid_xml(xml: &str) {
    if let Err(e) = xmllint(xml) {
        panic!("the schedule does not validate against the XSD:\n{e}\n{xml}");
    }
}

fn event(title: &str, date: &str, zone: &str) -> Event {
    Event {
        id: None,
        title: title.into(),
        series: String::new(),
        date: date.parse().unwrap(),
        day_start: "09:00".parse().unwrap(),
        day_end: "17:00".parse().unwrap(),
        time_zone: zone.into(),
        language: "fr".into(),
        description: String::new(),
        audience: String::new(),
        practical: Practical::default(),
        organisers: Vec::new(),
        partners: Vec::new(),
        status: EventStatus::Draft,
    }
}

fn add_item(db: &mut Db, event: &Event, start: &str, end: &str, title: &str) -> Item {
    let at = |hm: &str| {
        event
            .date
            .and_time(chrono::NaiveTime::parse_from_str(hm, "%H:%M").unwrap())
    };
    db.save_item(&Item {
        id: None,
        event_id: event.id.unwrap(),
        uid: String::new(),
        starts_at: at(start),
        ends_at: at(end),
        kind: ItemKind::Plenary,
        title: title.into(),
        description: String::new(),
        room_id: None,
        part_label: String::new(),
        part_id: None,
        capacity: None,
        remote: false,
        pinned: false,
        speakers: Vec::new(),
        workshop_id: None,
        block_id: None,
    })
    .unwrap()
}

/// What the schedule format carries of a programme: per item its times,
/// kind, texts, room name and speakers (names with questions, in order);
/// and the room names in order.
fn carried(p: &Programme) -> (Vec<String>, Vec<String>) {
    let room = |id: Option<i64>| {
        id.map(|id| {
            p.rooms
                .iter()
                .find(|r| r.id == Some(id))
                .unwrap()
                .name
                .clone()
        })
    };
    let speaker = |id: i64| {
        p.speakers
            .iter()
            .find(|s| s.id == Some(id))
            .unwrap()
            .name
            .clone()
    };
    let items = p
        .items
        .iter()
        .map(|i| {
            let speakers: Vec<String> = i
                .speakers
                .iter()
                .map(|l| format!("{} ({})", speaker(l.speaker_id), l.topic))
                .collect();
            format!(
                "{} {} {:?} {:?} part={:?} room={:?} desc={:?} speakers={:?}",
                i.starts_at,
                i.ends_at,
                i.kind,
                i.title,
                i.part_label,
                room(i.room_id),
                i.description,
                speakers
            )
        })
        .collect();
    (items, p.rooms.iter().map(|r| r.name.clone()).collect())
}

/// The demo's schedule.xml passes xmllint against the c3voc XSD, and a
/// known-bad variant does not (so the check can fail).
#[test]
fn demo_xml_is_valid_against_the_xsd() {
    let (db, id) = demo_db();
    let xml = schedule_xml(&db.programme(id).unwrap());
    assert_valid_xml(&xml);
    // The trap PROVENANCE.md names: a hyphen inside the acronym part of a slug.
    let bad = xml.replacen(
        "<slug>la_metamorphose_reciproque-",
        "<slug>la-metamorphose-reciproque-",
        1,
    );
    assert_ne!(bad, xml);
    assert!(xmllint(&bad).is_err(), "xmllint accepted a bad slug");
}

/// The schedule JSON of `p`, read back; the file is written as a JSON
/// value writes itself (pretty, its objects' keys in order, a final
/// newline), so the JSON written through types says what a tree of values
/// would.
fn json_of(p: &deroule::model::Programme) -> serde_json::Value {
    let text = schedule_json(p);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        text,
        serde_json::to_string_pretty(&value).unwrap() + "\n",
        "the schedule JSON is written as its value"
    );
    value
}

/// The demo's JSON passes Python's jsonschema (draft-06, formats checked)
/// against the c3voc JSON Schema, and a broken copy does not.
#[test]
fn demo_json_is_valid_against_the_json_schema() {
    let (db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let doc = json_of(&p);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schedule.json");
    std::fs::write(&file, schedule_json(&p)).unwrap();
    let script = r#"
import json, sys, copy
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
# Every format jsonschema knows, not only draft-06's: the schema also says
# "date" and "uuid", which draft-06 does not define.
checker = jsonschema.FormatChecker()
for fmt in ("date", "date-time", "uri", "uuid"):
    if fmt not in checker.checkers:
        sys.exit("format %s is not checked" % fmt)
validator = jsonschema.Draft6Validator(schema, format_checker=checker)
errors = list(validator.iter_errors(doc))
for e in errors:
    print("%s: %s" % ("/".join(map(str, e.absolute_path)), e.message))
if errors:
    sys.exit(1)
broken = copy.deepcopy(doc)
day = broken["schedule"]["conference"]["days"][0]
event = next(e for events in day["rooms"].values() for e in events)
del event["guid"]
event["date"] = "9 décembre"
if validator.is_valid(broken):
    sys.exit("a broken schedule was accepted")
"#;
    let out = Command::new(python(&["jsonschema", "rfc3339-validator", "rfc3987"]))
        .arg("-c")
        .arg(script)
        .arg(schema("json/schema.json"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the schedule JSON does not validate:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Every item once, rooms in order, the conference's fixed fields.
    let conference = &doc["schedule"]["conference"];
    assert_eq!(conference["acronym"], "la_metamorphose_reciproque");
    assert_eq!(conference["daysCount"], 1);
    assert_eq!(conference["time_zone_name"], "Europe/Paris");
    let rooms: Vec<&str> = conference["rooms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        rooms,
        [
            "L’Atelier « Léonard de Vinci », médiathèque-maison de quartier",
            "Auditorium",
            "Espace numérique",
            "Salle d'animation",
            "Salle de l'heure du conte",
            "Fablab"
        ]
    );
    let day = &conference["days"][0];
    assert_eq!(day["day_start"], "2022-12-09T09:00:00+01:00");
    assert_eq!(day["day_end"], "2022-12-09T17:00:00+01:00");
    let count: usize = day["rooms"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_array().unwrap().len())
        .sum();
    assert_eq!(count, db.programme(id).unwrap().items.len());
}

/// The demo's schedule.xml, whole: French text intact and escaped.
#[test]
fn demo_xml_snapshot() {
    let (db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let xml = schedule_xml(&p);
    assert!(xml.contains(
        "<description>Dorie Bruyas : Pourquoi l’indice de fragilité numérique prend-il en compte \
         la présence de bibliothèques sur un territoire ?\nMagali Moret : "
    ));
    assert!(xml.contains("<room name=\"Salle d&apos;animation\""));
    assert!(xml.contains("<track>Table ronde</track>"));
    assert!(xml.contains("<type>round_table</type>"));
    // The version changes with the programme, and only then.
    let version = |xml: &str| xml.split("<version>").nth(1).unwrap()[..16].to_owned();
    assert_eq!(
        version(&schedule_xml(&db.programme(id).unwrap())),
        version(&xml)
    );
    let mut changed = p.clone();
    changed.items[0].title.push('!');
    assert_ne!(version(&schedule_xml(&changed)), version(&xml));
    // UIDs are random, and so the guids made from them and the version:
    // the snapshot names them instead.
    let mut stable = xml.replacen(&version(&xml), "<version of the programme>", 1);
    for item in &p.items {
        let guid = item_guid(&item.uid);
        assert_eq!(xml.matches(&guid).count(), 1);
        stable = stable.replace(&guid, &format!("<guid of item {}>", item.id.unwrap()));
    }
    insta::assert_snapshot!("schedule_demo_xml", stable);
}

/// Export then import into an empty event of the same day gives the same
/// programme, in the same database (the directory's speakers are reused)
/// and in a new one (they are created).
#[test]
fn xml_round_trip() {
    let (mut db, id) = demo_db();
    let demo = db.programme(id).unwrap();
    let xml = schedule_xml(&demo);
    let speakers_before = db.list_speakers().unwrap().len();

    let copy = db
        .create_event(&event("Copie", "2022-12-09", "Europe/Paris"))
        .unwrap();
    let summary = db.import_schedule_xml(copy.id.unwrap(), &xml).unwrap();
    assert_eq!(
        summary,
        ImportSummary {
            rooms_created: 5,
            items_created: demo.items.len() as i64,
            items_updated: 0,
            items_unchanged: 0,
            speakers_created: 0,
            skipped: Vec::new(),
            file_time_zone: None,
        }
    );
    assert_eq!(db.list_speakers().unwrap().len(), speakers_before);
    let imported = db.programme(copy.id.unwrap()).unwrap();
    assert_eq!(carried(&imported), carried(&demo));
    assert_eq!(db.history().undo.as_deref(), Some("schedule.import"));
    // The imported items keep the file's guids: exporting them again gives
    // the same guids.
    let again = schedule_xml(&imported);
    let guids = |xml: &str| -> Vec<String> {
        xml.lines()
            .filter(|l| l.trim_start().starts_with("<event "))
            .filter_map(|l| l.split_once(" guid=\"").map(|(_, g)| g[..36].to_owned()))
            .collect()
    };
    assert_eq!(guids(&again), guids(&xml));

    let mut fresh = Db::open_in_memory().unwrap();
    let target = fresh
        .create_event(&event("Ailleurs", "2022-12-09", "Europe/Paris"))
        .unwrap();
    let summary = fresh.import_schedule_xml(target.id.unwrap(), &xml).unwrap();
    assert_eq!(summary.speakers_created, 11);
    assert_eq!(
        carried(&fresh.programme(target.id.unwrap()).unwrap()),
        carried(&demo)
    );
}

/// The JSON form goes back in as the XML does: the demo's schedule.json,
/// imported into an empty event of its day, gives the same items, rooms,
/// speakers and questions; again, it changes nothing.
#[test]
fn json_round_trip() {
    let (mut db, id) = demo_db();
    let demo = db.programme(id).unwrap();
    let json = schedule_json(&demo);
    let copy = db
        .create_event(&event("Copie", "2022-12-09", "Europe/Paris"))
        .unwrap()
        .id
        .unwrap();
    let summary = db.import_schedule_json(copy, &json).unwrap();
    assert_eq!(summary.items_created, demo.items.len() as i64);
    assert_eq!(summary.rooms_created, 5);
    assert!(summary.skipped.is_empty());
    assert_eq!(carried(&db.programme(copy).unwrap()), carried(&demo));
    let again = db.import_schedule_json(copy, &json).unwrap();
    assert_eq!(
        (again.items_created, again.items_unchanged),
        (0, demo.items.len() as i64)
    );
}

/// A JSON file that is not JSON, not a schedule, or whose event is bad is
/// refused whole, naming the line (of the event's field when it is one),
/// and nothing is imported.
#[test]
fn bad_json_files_are_refused_whole_naming_the_line() {
    let (mut db, id) = demo_db();
    let before = dump(&db);
    let good = r#"{
  "schedule": {
    "conference": {
      "acronym": "test",
      "days": [
        {
          "date": "2022-12-09",
          "rooms": {
            "Salle des essais": [
              {
                "guid": "11111111-1111-4111-8111-111111111111",
                "date": "2022-12-09T10:00:00+01:00",
                "duration": "01:00",
                "title": "Première",
                "persons": [{ "id": 3, "public_name": "Claire Morel" }]
              }
            ]
          }
        }
      ]
    }
  }
}
"#;
    let cases = [
        ("not JSON", "<schedule/>".to_owned(), "bad_json", 1),
        (
            "cut short",
            good[..good.len() / 2].to_owned(),
            "bad_json",
            12,
        ),
        (
            "no schedule",
            "{\n  \"version\": 1\n}\n".to_owned(),
            "not_schedule",
            1,
        ),
        (
            "bad duration",
            good.replace("\"01:00\"", "\"1h\""),
            "bad_schedule",
            13,
        ),
        (
            "date without a day",
            good.replace("2022-12-09T10:00:00+01:00", "demain"),
            "bad_schedule",
            12,
        ),
        (
            "no title",
            good.replace("\"title\"", "\"titre\""),
            "bad_schedule",
            10,
        ),
        (
            "person without a name",
            good.replace("Claire Morel", " "),
            "bad_schedule",
            15,
        ),
    ];
    for (label, json, reason, line) in cases {
        refused_at(
            &db.import_schedule_json(id, &json).unwrap_err(),
            label,
            reason,
            line,
        );
        assert_eq!(dump(&db), before, "{label}: the database changed");
    }
    let summary = db.import_schedule_json(id, good).unwrap();
    assert_eq!((summary.items_created, summary.rooms_created), (1, 1));
}

/// Importing a file again updates the items it names (matched by guid)
/// instead of adding them twice.
#[test]
fn reimport_updates_instead_of_duplicating() {
    let (mut db, id) = demo_db();
    let demo = db.programme(id).unwrap();
    let xml = schedule_xml(&demo);
    let n = demo.items.len() as i64;

    // Into the demo itself: its items are found by their derived guids.
    let before = dump(&db);
    let summary = db.import_schedule_xml(id, &xml).unwrap();
    assert_eq!(summary.items_unchanged, n);
    assert_eq!(summary.items_created + summary.items_updated, 0);
    assert_eq!(dump(&db), before, "an unchanged file changes nothing");

    // Into another event, twice, then with a title changed.
    let other = db
        .create_event(&event("Autre", "2022-12-09", "Europe/Paris"))
        .unwrap()
        .id
        .unwrap();
    db.import_schedule_xml(other, &xml).unwrap();
    let summary = db.import_schedule_xml(other, &xml).unwrap();
    assert_eq!(summary.items_created, 0);
    assert_eq!(summary.items_unchanged, n);
    assert_eq!(summary.rooms_created, 0);
    assert_eq!(db.programme(other).unwrap().items.len() as i64, n);

    let old = "Table ronde inspirante #1 : Le numérique en médiathèques";
    let new = "Table ronde n° 1 : Le numérique en médiathèques";
    assert_eq!(xml.matches(old).count(), 1);
    let one_hour_in_auditorium = "<duration>01:00</duration>\n        <room>Auditorium</room>";
    assert_eq!(xml.matches(one_hour_in_auditorium).count(), 1);
    let changed = xml.replace(old, new).replace(
        one_hour_in_auditorium,
        "<duration>00:50</duration>\n        <room>Auditorium</room>",
    );
    let summary = db.import_schedule_xml(other, &changed).unwrap();
    assert_eq!(summary.items_created, 0);
    assert_eq!(summary.items_updated, 1);
    assert_eq!(summary.items_unchanged, n - 1);
    let p = db.programme(other).unwrap();
    assert_eq!(p.items.len() as i64, n);
    let item = p
        .items
        .iter()
        .find(|i| i.title.starts_with("Table ronde n° 1"))
        .unwrap();
    assert_eq!(item.ends_at.format("%H:%M").to_string(), "10:50");
    assert_eq!(item.speakers.len(), 3, "the speakers stay");
}

/// The frame of a file with two events; the second one's date, duration and
/// title lines are filled in by each case (lines 13, 14, 15).
fn two_events(date: &str, duration: &str, title: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <version>1</version>
  <conference><title>Test</title><acronym>test</acronym></conference>
  <day index="1" date="2022-12-09" start="2022-12-09T09:00:00+01:00" end="2022-12-09T17:00:00+01:00">
    <room name="Salle des essais">
      <event id="1" guid="11111111-1111-4111-8111-111111111111">
        <date>2022-12-09T10:00:00+01:00</date>
        <duration>01:00</duration>
        <title>Première</title>
      </event>
      <event id="2" guid="22222222-2222-4222-8222-222222222222">
        {date}
        {duration}
        {title}
      </event>
    </room>
  </day>
</schedule>
"#
    )
}

/// Each bad file is refused with its reason and a message naming the line,
/// and the database is left exactly as it was (even the good first event
/// is not imported).
#[test]
fn bad_files_are_refused_whole_naming_the_line() {
    let (mut db, id) = demo_db();
    let before = dump(&db);
    let history = db.history();
    let date = |d: &str| format!("<date>{d}</date>");
    let duration = |d: &str| format!("<duration>{d}</duration>");
    let title = |t: &str| format!("<title>{t}</title>");
    let ok_date = date("2022-12-09T11:00:00+01:00");
    let ok_duration = duration("00:30");
    let ok_title = title("Seconde");
    let good = two_events(&ok_date, &ok_duration, &ok_title);
    let cases: Vec<(&str, String, &str, u32)> = vec![
        (
            "not XML",
            "BEGIN:VCALENDAR\nEND:VCALENDAR\n".into(),
            "bad_xml",
            1,
        ),
        ("empty", String::new(), "bad_xml", 1),
        (
            "tag not closed",
            two_events(&ok_date, &ok_duration, "<title>Seconde</titl>"),
            "bad_xml",
            15,
        ),
        (
            "unknown entity",
            two_events(&ok_date, &ok_duration, &title("A&nbsp;B")),
            "bad_xml",
            15,
        ),
        (
            "not a schedule",
            "<?xml version=\"1.0\"?>\n<conference>\n</conference>\n".into(),
            "not_schedule",
            2,
        ),
        (
            "no day",
            "<schedule>\n  <version>1</version>\n</schedule>\n".into(),
            "bad_schedule",
            1,
        ),
        (
            "room without name",
            good.replace("<room name=\"Salle des essais\">", "<room>"),
            "bad_schedule",
            6,
        ),
        (
            "no guid and no id",
            good.replace(
                " id=\"2\" guid=\"22222222-2222-4222-8222-222222222222\"",
                "",
            ),
            "bad_schedule",
            12,
        ),
        (
            "empty guid",
            good.replace("22222222-2222-4222-8222-222222222222", " "),
            "bad_schedule",
            12,
        ),
        (
            "guid twice",
            good.replace(
                "22222222-2222-4222-8222-222222222222",
                "11111111-1111-4111-8111-111111111111",
            ),
            "bad_schedule",
            12,
        ),
        (
            "no date",
            two_events("", &ok_duration, &ok_title),
            "bad_schedule",
            12,
        ),
        (
            "no duration",
            two_events(&ok_date, "", &ok_title),
            "bad_schedule",
            12,
        ),
        (
            "no title",
            two_events(&ok_date, &ok_duration, ""),
            "bad_schedule",
            12,
        ),
        (
            "empty title",
            two_events(&ok_date, &ok_duration, &title("  ")),
            "bad_schedule",
            15,
        ),
        (
            "date not ISO",
            two_events(&date("9/12/2022 11:00"), &ok_duration, &ok_title),
            "bad_schedule",
            13,
        ),
        (
            "duration in words",
            two_events(&ok_date, &duration("1h30"), &ok_title),
            "bad_schedule",
            14,
        ),
        (
            "duration of 75 minutes past the hour",
            two_events(&ok_date, &duration("01:75"), &ok_title),
            "bad_schedule",
            14,
        ),
        (
            "zero duration",
            two_events(&ok_date, &duration("00:00"), &ok_title),
            "bad_schedule",
            14,
        ),
        (
            "person without a name",
            two_events(
                &ok_date,
                &ok_duration,
                "<title>Seconde</title>\n<persons><person id=\"3\"> </person></persons>",
            ),
            "bad_schedule",
            16,
        ),
    ];
    for (label, xml, reason, line) in cases {
        refused_at(
            &db.import_schedule_xml(id, &xml).unwrap_err(),
            label,
            reason,
            line,
        );
        assert_eq!(dump(&db), before, "{label}: the database changed");
        assert_eq!(db.history(), history, "{label}: a change was recorded");
    }
    // The frame itself is good: the faults above are what was refused.
    let summary = db.import_schedule_xml(id, &good).unwrap();
    assert_eq!(summary.items_created, 2);
    assert_eq!(summary.rooms_created, 1);
}

/// A conference's schedule spans days: its events of other days, and those
/// that run past the event's midnight, are left out and listed with their
/// line, day and reason, and the event's day is imported.
#[test]
fn other_days_and_late_nights_are_left_out_not_refused() {
    use SkipReason::{EndsAfterMidnight, OutsideEventDate};
    let (mut db, id) = demo_db();
    let items_before = db.programme(id).unwrap().items.len();
    let cases = [
        (
            "2022-12-10T11:00:00+01:00",
            "00:30",
            OutsideEventDate,
            "2022-12-10",
        ),
        // 23:30 in Montréal is 5:30 the next morning in Paris.
        (
            "2022-12-09T23:30:00-05:00",
            "00:30",
            OutsideEventDate,
            "2022-12-10",
        ),
        (
            "2022-12-08T23:30:00+01:00",
            "01:00",
            OutsideEventDate,
            "2022-12-08",
        ),
        (
            "2022-12-09T23:30:00+01:00",
            "01:00",
            EndsAfterMidnight,
            "2022-12-09",
        ),
    ];
    for (when, duration, reason, day) in cases {
        let xml = two_events(
            &format!("<date>{when}</date>"),
            &format!("<duration>{duration}</duration>"),
            "<title>Seconde</title>",
        );
        let summary = db.import_schedule_xml(id, &xml).unwrap();
        assert_eq!(
            summary.skipped,
            [Skipped {
                line: 12,
                uid: "22222222-2222-4222-8222-222222222222".into(),
                title: "Seconde".into(),
                date: Some(day.parse().unwrap()),
                reason,
            }],
            "{when} for {duration}"
        );
        assert_eq!(summary.items_created + summary.items_unchanged, 1, "{when}");
        let p = db.programme(id).unwrap();
        assert_eq!(p.items.len(), items_before + 1, "{when}");
        assert!(p.items.iter().any(|i| i.title == "Première"));
        assert!(!p.items.iter().any(|i| i.title == "Seconde"));
    }
    // Ending at midnight itself is within the day.
    let xml = two_events(
        "<date>2022-12-09T23:30:00+01:00</date>",
        "<duration>00:30</duration>",
        "<title>Seconde</title>",
    );
    let summary = db.import_schedule_xml(id, &xml).unwrap();
    assert!(summary.skipped.is_empty());
    assert_eq!(summary.items_created, 1);
}

/// A date written without an offset is a time of the conference's clock:
/// its `<time_zone_name>`, or the event's when it names none.
#[test]
fn dates_without_an_offset_are_on_the_conferences_clock() {
    let (mut db, id) = demo_db();
    let at = |xml: &str, db: &mut Db| {
        db.import_schedule_xml(id, xml).unwrap();
        let p = db.programme(id).unwrap();
        let item = p.items.iter().find(|i| i.title == "Seconde").unwrap();
        item.starts_at.format("%Y-%m-%d %H:%M").to_string()
    };
    let xml = two_events(
        "<date>2022-12-09T11:00:00</date>",
        "<duration>00:30</duration>",
        "<title>Seconde</title>",
    );
    assert_eq!(at(&xml, &mut db), "2022-12-09 11:00");
    // 5:00 in Montréal is 11:00 in Paris.
    let montreal = xml.replace(
        "<acronym>test</acronym>",
        "<acronym>test</acronym><time_zone_name>America/Montreal</time_zone_name>",
    );
    let montreal = montreal.replace("2022-12-09T11:00:00<", "2022-12-09T05:00:00<");
    assert_eq!(at(&montreal, &mut db), "2022-12-09 11:00");
    // The report says the file's clock was another: the event's zone may
    // be what is wrong. A zone of the same hours that day says nothing.
    let summary = db.import_schedule_xml(id, &montreal).unwrap();
    assert_eq!(summary.file_time_zone.as_deref(), Some("America/Montreal"));
    let brussels = xml.replace(
        "<acronym>test</acronym>",
        "<acronym>test</acronym><time_zone_name>Europe/Brussels</time_zone_name>",
    );
    assert_eq!(
        db.import_schedule_xml(id, &brussels)
            .unwrap()
            .file_time_zone,
        None
    );
    assert_eq!(
        db.import_schedule_xml(id, &xml).unwrap().file_time_zone,
        None
    );
}

/// As pentabarf wrote it (FOSDEM 2007–2012) and early frab: no `<date>`,
/// the time from the day's `date` and the event's `<start>` (past
/// midnight when before the conference's `<day_change>`); no guid, the
/// event known by "ACRONYM-ID" (or its title's slug), so that importing it
/// again updates; events right under the `<day>` with a `<room>` of their
/// own; descriptions in HTML, read as text.
#[test]
fn pentabarf_schedules_read_by_start_id_and_room() {
    let mut db = Db::open_in_memory().unwrap();
    let id = db
        .create_event(&event("FOSDEM", "2010-02-06", "Europe/Brussels"))
        .unwrap()
        .id
        .unwrap();
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<schedule>
 <conference>
  <title>FOSDEM 2010</title>
  <day_change>04:00</day_change>
 </conference>
 <day date="2010-02-06" index="1">
  <event id="819">
   <start>10:00</start>
   <duration>00:45</duration>
   <room>Janson</room>
   <title>Welcome</title>
   <abstract>&lt;p&gt;FOSDEM opening &amp;amp; &lt;a href="http://fosdem.org/"&gt;news&lt;/a&gt;&lt;/p&gt;</abstract>
  </event>
  <room name="H.1301">
   <event id="820">
    <start>23:30</start>
    <duration>00:30</duration>
    <room>H.1301</room>
    <title>Late</title>
   </event>
   <event id="821">
    <start>01:00</start>
    <duration>01:00</duration>
    <room>H.1301</room>
    <title>After midnight</title>
   </event>
  </room>
 </day>
 <day date="2010-02-07" index="2">
  <event id="900">
   <start>10:00</start>
   <duration>00:45</duration>
   <room>Janson</room>
   <title>Sunday</title>
  </event>
 </day>
</schedule>
"#;
    let summary = db.import_schedule_xml(id, xml).unwrap();
    assert_eq!(summary.items_created, 2);
    assert_eq!(summary.rooms_created, 2);
    let skipped: Vec<(&str, &str, String)> = summary
        .skipped
        .iter()
        .map(|s| {
            (
                s.uid.as_str(),
                s.title.as_str(),
                s.date.unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        [
            ("fosdem-2010-821", "After midnight", "2010-02-07".to_owned()),
            ("fosdem-2010-900", "Sunday", "2010-02-07".to_owned()),
        ]
    );
    let p = db.programme(id).unwrap();
    let welcome = p.items.iter().find(|i| i.title == "Welcome").unwrap();
    assert_eq!(welcome.uid, "fosdem-2010-819");
    assert_eq!(
        welcome.starts_at.format("%Y-%m-%d %H:%M").to_string(),
        "2010-02-06 10:00"
    );
    assert_eq!(
        welcome.description,
        "FOSDEM opening & news (http://fosdem.org/)"
    );
    let janson = p.rooms.iter().find(|r| r.name == "Janson").unwrap();
    assert_eq!(welcome.room_id, janson.id);
    let late = p.items.iter().find(|i| i.title == "Late").unwrap();
    assert_eq!(late.ends_at.format("%H:%M").to_string(), "00:00");
    // Again: the same items, known by their key.
    let again = db.import_schedule_xml(id, xml).unwrap();
    assert_eq!((again.items_created, again.items_unchanged), (0, 2));
}

/// Offsets follow the event's zone and its summer time: Montréal is -05:00
/// in winter and -04:00 in summer.
#[test]
fn montreal_offsets() {
    let mut db = Db::open_in_memory().unwrap();
    for (date, offset) in [("2024-01-15", "-05:00"), ("2024-07-15", "-04:00")] {
        let mut e = event("Journée de Montréal", date, "America/Montreal");
        // The event's page, when it has one, is every item's url.
        e.practical.website = "https://example.org/journee?a=1&b=2".into();
        let e = db.create_event(&e).unwrap();
        add_item(&mut db, &e, "10:00", "11:30", "Ouverture");
        let p = db.programme(e.id.unwrap()).unwrap();
        let xml = schedule_xml(&p);
        assert_valid_xml(&xml);
        assert!(
            xml.contains(&format!("<date>{date}T10:00:00{offset}</date>")),
            "{xml}"
        );
        assert!(
            xml.contains(&format!("start=\"{date}T09:00:00{offset}\"")),
            "{xml}"
        );
        assert!(
            xml.contains(&format!("end=\"{date}T17:00:00{offset}\"")),
            "{xml}"
        );
        assert!(xml.contains("<duration>01:30</duration>"));
        assert!(xml.contains("<time_zone_name>America/Montreal</time_zone_name>"));
        assert_eq!(
            xml.matches("<url>https://example.org/journee?a=1&amp;b=2</url>")
                .count(),
            2,
            "the conference's url and the item's"
        );
        let json = json_of(&p);
        let day = &json["schedule"]["conference"]["days"][0];
        assert_eq!(day["day_start"], format!("{date}T09:00:00{offset}"));
        let ev = &day["rooms"]["Tout le lieu"][0];
        assert_eq!(ev["date"], format!("{date}T10:00:00{offset}"));
        assert_eq!(ev["end"], format!("{date}T11:30:00{offset}"));
        assert_eq!(ev["url"], "https://example.org/journee?a=1&b=2");
    }
}

/// A file written in another zone lands at the event's local times.
#[test]
fn import_converts_to_the_event_zone() {
    let mut db = Db::open_in_memory().unwrap();
    let e = db
        .create_event(&event(
            "Journée de Montréal",
            "2024-07-15",
            "America/Montreal",
        ))
        .unwrap();
    let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<schedule>
  <generator name="pretalx" version="2024.1.0"/>
  <version>0.3</version>
  <conference><title>DemoCon</title><acronym>democon</acronym></conference>
  <day index="1" date="2024-07-15" start="2024-07-15T04:00:00+02:00" end="2024-07-16T03:59:00+02:00">
    <room name="Main Hall" guid="b3f3e1f0-0000-4000-8000-000000000001">
      <event guid="0f1c2d3e-4b5a-5968-8776-a5b4c3d2e1f0" id="7" code="ABCDEF">
        <room>Main Hall</room>
        <title>Opening &amp; welcome</title>
        <subtitle></subtitle>
        <type>Talk</type>
        <date>2024-07-15T16:00:00+02:00</date>
        <start>16:00</start>
        <duration>01:30</duration>
        <abstract>Why we are here.</abstract>
        <slug>democon-7-opening</slug>
        <track>Main</track>
        <persons><person id="12" code="XYZ">Jane Doe</person><person>Ana Souza</person></persons>
        <language>en</language>
        <description>A longer text
on two lines.</description>
        <links/>
        <attachments/>
      </event>
    </room>
  </day>
</schedule>"#;
    let summary = db.import_schedule_xml(e.id.unwrap(), xml).unwrap();
    assert_eq!(summary.speakers_created, 2);
    let p = db.programme(e.id.unwrap()).unwrap();
    let item = &p.items[0];
    assert_eq!(item.starts_at.to_string(), "2024-07-15 10:00:00");
    assert_eq!(item.ends_at.to_string(), "2024-07-15 11:30:00");
    assert_eq!(item.title, "Opening & welcome");
    assert_eq!(item.kind, ItemKind::Keynote);
    assert_eq!(item.uid, "0f1c2d3e-4b5a-5968-8776-a5b4c3d2e1f0");
    assert_eq!(
        item.description,
        "Why we are here.\n\nA longer text\non two lines."
    );
    assert_eq!(
        p.rooms.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Main Hall"]
    );
    assert_eq!(item.room_id, p.rooms[0].id);
    let names: Vec<&str> = item
        .speakers
        .iter()
        .map(|l| {
            p.speakers
                .iter()
                .find(|s| s.id == Some(l.speaker_id))
                .unwrap()
                .name
                .as_str()
        })
        .collect();
    assert_eq!(names, ["Jane Doe", "Ana Souza"]);
}

/// 30 October 2022 in Paris: summer time ends at 3:00, which becomes 2:00.
/// Items before have +02:00, after +01:00; 2:30 happens twice and is the
/// first one; durations count the real time. The import puts every item
/// back at the same local times.
#[test]
fn paris_leaves_summer_time() {
    let mut db = Db::open_in_memory().unwrap();
    let e = db
        .create_event(&event(
            "Nuit du changement d'heure",
            "2022-10-30",
            "Europe/Paris",
        ))
        .unwrap();
    add_item(&mut db, &e, "01:00", "01:30", "Avant");
    add_item(&mut db, &e, "01:30", "03:30", "À cheval");
    add_item(&mut db, &e, "02:30", "02:45", "Deux fois");
    add_item(&mut db, &e, "10:00", "11:00", "Après");
    let p = db.programme(e.id.unwrap()).unwrap();
    let xml = schedule_xml(&p);
    assert_valid_xml(&xml);
    let json = json_of(&p);
    let day = &json["schedule"]["conference"]["days"][0];
    assert_eq!(day["day_start"], "2022-10-30T01:00:00+02:00");
    assert_eq!(day["day_end"], "2022-10-30T17:00:00+01:00");
    let events = day["rooms"]["Tout le lieu"].as_array().unwrap();
    let seen: Vec<(&str, &str, &str, &str)> = events
        .iter()
        .map(|e| {
            (
                e["title"].as_str().unwrap(),
                e["date"].as_str().unwrap(),
                e["duration"].as_str().unwrap(),
                e["end"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "Avant",
                "2022-10-30T01:00:00+02:00",
                "00:30",
                "2022-10-30T01:30:00+02:00"
            ),
            (
                "À cheval",
                "2022-10-30T01:30:00+02:00",
                "03:00",
                "2022-10-30T03:30:00+01:00"
            ),
            (
                "Deux fois",
                "2022-10-30T02:30:00+02:00",
                "00:15",
                "2022-10-30T02:45:00+02:00"
            ),
            (
                "Après",
                "2022-10-30T10:00:00+01:00",
                "01:00",
                "2022-10-30T11:00:00+01:00"
            ),
        ]
    );
    assert!(xml.contains("<date>2022-10-30T01:30:00+02:00</date>\n        <start>01:30</start>\n        <duration>03:00</duration>"));

    let copy = db
        .create_event(&event("Copie", "2022-10-30", "Europe/Paris"))
        .unwrap();
    db.import_schedule_xml(copy.id.unwrap(), &xml).unwrap();
    assert_eq!(
        carried(&db.programme(copy.id.unwrap()).unwrap()),
        carried(&p)
    );
}

/// The room for the whole venue is named after the venue, or "Tout le lieu"
/// when a room has the venue's name; the import recognises it either way.
#[test]
fn whole_venue_room() {
    let (mut db, id) = demo_db();
    let mut venue = db.programme(id).unwrap().venue;
    venue.name = "Auditorium".into();
    db.save_venue(id, &venue).unwrap();
    let p = db.programme(id).unwrap();
    let xml = schedule_xml(&p);
    assert!(xml.contains("<room name=\"Tout le lieu\""));
    assert_valid_xml(&xml);
    let copy = db
        .create_event(&event("Copie", "2022-12-09", "Europe/Paris"))
        .unwrap();
    db.import_schedule_xml(copy.id.unwrap(), &xml).unwrap();
    let imported = db.programme(copy.id.unwrap()).unwrap();
    assert_eq!(carried(&imported), carried(&p));
    assert!(!imported
        .rooms
        .iter()
        .any(|r: &Room| r.name == "Tout le lieu"));
}

/// The file was refused for `reason`, naming line `line`.
fn refused_at(err: &deroule::Error, label: &str, reason: &str, line: impl std::fmt::Display) {
    assert_eq!(err.field.as_deref(), Some("file"), "{label}: {err:?}");
    assert_eq!(err.reason.as_deref(), Some(reason), "{label}: {err:?}");
    assert!(
        err.message.starts_with(&format!("line {line}: ")),
        "{label}: expected line {line} in {:?}",
        err.message
    );
}
