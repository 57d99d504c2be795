//! Calendar export checked by independent parsers: Python's `icalendar`
//! (another implementation entirely) and the `ical` crate.

use crate::{demo_db, python};
use chrono::{DateTime, TimeZone, Utc};
use deroule::exchange::ics::{escape_text, push_line, Selection};
use deroule::exchange::programme_file::ProgrammeFile;
use deroule::model::{EventStatus, Programme};
use deroule::Db;
use serde::Deserialize;
use std::path::Path;
use std::process::Command;

pub(crate) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2022, 11, 20, 8, 0, 0).unwrap()
}

#[derive(Debug, Deserialize)]
pub(crate) struct Parsed {
    pub uid: String,
    pub summary: String,
    start: String,
    end: String,
    pub sequence: i64,
    pub status: String,
    description: String,
    location: String,
}

const READ: &str = r#"
import sys, json, datetime, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
utc = lambda d: d.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%MZ')
out = []
for ev in cal.walk('VEVENT'):
    assert ev.decoded('dtstart').tzinfo is not None, 'floating time'
    out.append({
        'uid': str(ev['uid']), 'summary': str(ev['summary']),
        'start': utc(ev.decoded('dtstart')), 'end': utc(ev.decoded('dtend')),
        'sequence': int(ev.get('sequence', 0)), 'status': str(ev.get('status', '')),
        'description': str(ev.get('description', '')), 'location': str(ev.get('location', '')),
    })
print(json.dumps(out))
"#;

/// Parses `ics` with Python's icalendar. With `own_zone`, the TZID is
/// renamed so that icalendar cannot use its own zone database and must
/// follow our VTIMEZONE.
pub(crate) fn python_read(ics: &str, own_zone: bool) -> Vec<Parsed> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.ics");
    let text = if own_zone {
        let tzid = ics
            .lines()
            .find_map(|l| l.strip_prefix("TZID:"))
            .unwrap()
            .trim()
            .to_owned();
        ics.replace(&format!("TZID:{tzid}"), "TZID:Zone-de-Deroule")
            .replace(&format!("TZID={tzid}:"), "TZID=Zone-de-Deroule:")
    } else {
        ics.to_owned()
    };
    std::fs::write(&path, text).unwrap();
    let out = Command::new(python(&["icalendar"]))
        .arg("-c")
        .arg(READ)
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "icalendar refused the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The programme's own instants, in UTC.
fn expected_utc(p: &Programme) -> Vec<(String, String, String)> {
    let tz: chrono_tz::Tz = p.event.time_zone.parse().unwrap();
    let utc = |t: chrono::NaiveDateTime| {
        tz.from_local_datetime(&t)
            .single()
            .unwrap()
            .with_timezone(&Utc)
            .format("%Y-%m-%dT%H:%MZ")
            .to_string()
    };
    p.items
        .iter()
        .map(|i| (i.uid.clone(), utc(i.starts_at), utc(i.ends_at)))
        .collect()
}

fn check_instants(db: &mut Db, id: i64) {
    let p = db.programme(id).unwrap();
    let ics = db.export_ics(id, &Selection::All, now()).unwrap();
    for own_zone in [false, true] {
        let parsed = python_read(&ics, own_zone);
        assert_eq!(parsed.len(), p.items.len());
        let got: Vec<(String, String, String)> = parsed
            .iter()
            .map(|e| (e.uid.clone(), e.start.clone(), e.end.clone()))
            .collect();
        assert_eq!(got, expected_utc(&p), "own VTIMEZONE: {own_zone}");
    }
    // The ical crate reads it too, with every event.
    let reader = ical::IcalParser::new(ics.as_bytes());
    let calendars: Vec<_> = reader
        .collect::<Result<_, _>>()
        .expect("ical parses the export");
    assert_eq!(calendars.len(), 1);
    assert_eq!(calendars[0].events.len(), p.items.len());
}

/// Every physical line is at most 75 octets and ends with CRLF.
fn check_lines(ics: &str) {
    assert!(ics.ends_with("\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
    }
}

fn load(path: &str, tz: Option<&str>) -> (Db, i64) {
    let mut db = Db::open_in_memory().unwrap();
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let mut file = ProgrammeFile::parse(&text).unwrap();
    if let Some(tz) = tz {
        file.event.time_zone = tz.into();
    }
    let id = db.import_programme(&file).unwrap();
    (db, id)
}

#[test]
fn demo_instants_agree_with_independent_parsers() {
    let (mut db, id) = demo_db();
    check_instants(&mut db, id);
    let ics = db.export_ics(id, &Selection::All, now()).unwrap();
    check_lines(&ics);
    for required in [
        "VERSION:2.0\r\n",
        "CALSCALE:GREGORIAN\r\n",
        "METHOD:PUBLISH\r\n",
        "X-WR-TIMEZONE:Europe/Paris\r\n",
        "BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n",
        "DTSTAMP:20221120T080000Z\r\n",
    ] {
        assert!(ics.contains(required), "missing {required:?}");
    }
    assert!(!ics.contains("ATTENDEE"), "no ATTENDEE in a PUBLISH file");
    assert!(!ics.contains("GMT"));
    let parsed = python_read(&ics, false);
    let round_table = parsed
        .iter()
        .find(|e| e.summary.starts_with("Table ronde inspirante #1"))
        .unwrap();
    assert!(round_table.description.contains(
        "Dorie Bruyas, Présidente de la Mednum, directrice, Association Fréquence École (intervention) : \
         Pourquoi l’indice de fragilité numérique prend-il en compte la présence de bibliothèques sur un territoire ?"
    ));
    assert_eq!(
        round_table.location,
        "Auditorium, L’Atelier « Léonard de Vinci », médiathèque-maison de quartier, 7 avenue Maurice Thorez, \
         69120 Vaulx-en-Velin, France"
    );
    // The VEVENT of the first round table, in full.
    let start = ics.find("SUMMARY:Table ronde inspirante #1").unwrap();
    let begin = ics[..start].rfind("BEGIN:VEVENT").unwrap();
    let end = begin + ics[begin..].find("END:VEVENT\r\n").unwrap() + "END:VEVENT\r\n".len();
    let uid = &round_table.uid;
    insta::assert_snapshot!(
        "ics_round_table",
        ics[begin..end]
            .replace(uid.as_str(), "<uid>")
            .replace("\r\n", "⏎\n")
    );
}

#[test]
fn the_day_paris_leaves_summer_time_and_another_zone() {
    // 30 October 2022: Europe/Paris goes from +02:00 to +01:00 at 3h.
    let (mut db, id) = load("tests/fixtures/programmes/every-warning.json", None);
    check_instants(&mut db, id);
    let parsed = python_read(&db.export_ics(id, &Selection::All, now()).unwrap(), true);
    let coffee = parsed
        .iter()
        .find(|e| e.summary.starts_with("Café"))
        .unwrap();
    assert_eq!(
        (coffee.start.as_str(), coffee.end.as_str()),
        ("2022-10-30T07:30Z", "2022-10-30T08:15Z")
    );
    // The same day in Montreal (still summer time there: -04:00).
    let (mut db, id) = load(
        "tests/fixtures/programmes/every-warning.json",
        Some("America/Montreal"),
    );
    check_instants(&mut db, id);
    let ics = db.export_ics(id, &Selection::All, now()).unwrap();
    assert!(ics.contains("TZID:America/Montreal\r\n"));
    let parsed = python_read(&ics, true);
    let coffee = parsed
        .iter()
        .find(|e| e.summary.starts_with("Café"))
        .unwrap();
    assert_eq!(coffee.start, "2022-10-30T12:30Z");
    // And a winter day there (-05:00), the Loire day moved to Montreal in July (-04:00).
    let (mut db, id) = load(
        "tests/fixtures/programmes/referents-loire-2025.json",
        Some("America/Montreal"),
    );
    check_instants(&mut db, id);
    let parsed = python_read(&db.export_ics(id, &Selection::All, now()).unwrap(), true);
    assert_eq!(parsed[0].start, "2025-07-01T13:30Z");
}

#[test]
fn uid_is_stable_and_sequence_rises_after_publication() {
    let (mut db, id) = demo_db();
    let mut event = db.event(id).unwrap();
    event.status = EventStatus::Draft;
    db.update_event(&event).unwrap();
    // A draft may still change: calendars show it as tentative.
    let first = python_read(&db.export_ics(id, &Selection::All, now()).unwrap(), false);
    assert!(first
        .iter()
        .all(|e| e.sequence == 0 && e.status == "TENTATIVE"));

    // Edits in a draft change nothing for calendars yet.
    let p = db.programme(id).unwrap();
    let mut item = p.items[1].clone();
    item.title = "Accueil et introduction".into();
    db.save_item(&item).unwrap();
    let draft = python_read(&db.export_ics(id, &Selection::All, now()).unwrap(), false);
    assert!(draft.iter().all(|e| e.sequence == 0));

    // Published and sent; then one item moves.
    event.status = EventStatus::Published;
    db.update_event(&event).unwrap();
    let sent = python_read(&db.export_ics(id, &Selection::All, now()).unwrap(), false);
    assert!(sent
        .iter()
        .all(|e| e.sequence == 0 && e.status == "CONFIRMED"));
    item.starts_at += chrono::Duration::minutes(10);
    item.ends_at += chrono::Duration::minutes(10);
    db.save_item(&item).unwrap();
    let moved = python_read(&db.export_ics(id, &Selection::All, now()).unwrap(), false);
    let uids = |v: &[Parsed]| v.iter().map(|e| e.uid.clone()).collect::<Vec<_>>();
    assert_eq!(uids(&moved), uids(&first), "UIDs never change");
    for e in &moved {
        assert_eq!(e.sequence, i64::from(e.uid == item.uid), "{}", e.summary);
    }
    // Undoing the move is another change for calendars: SEQUENCE never goes back.
    db.undo().unwrap();
    let undone = python_read(&db.export_ics(id, &Selection::All, now()).unwrap(), false);
    assert_eq!(
        undone.iter().find(|e| e.uid == item.uid).unwrap().sequence,
        2
    );
    // Exporting again without a change keeps the SEQUENCE.
    let again = python_read(&db.export_ics(id, &Selection::All, now()).unwrap(), false);
    assert_eq!(
        again.iter().find(|e| e.uid == item.uid).unwrap().sequence,
        2
    );

    // A deleted item goes out once more, cancelled, with a higher SEQUENCE.
    let gone = p.items[4].clone();
    db.delete_item(gone.id.unwrap()).unwrap();
    let after = python_read(&db.export_ics(id, &Selection::All, now()).unwrap(), false);
    assert_eq!(after.len(), p.items.len());
    let ghost = after.iter().find(|e| e.uid == gone.uid).unwrap();
    assert_eq!((ghost.status.as_str(), ghost.sequence), ("CANCELLED", 1));
    assert_eq!(ghost.summary, gone.title);
    let later = python_read(&db.export_ics(id, &Selection::All, now()).unwrap(), false);
    let ghost = later.iter().find(|e| e.uid == gone.uid).unwrap();
    assert_eq!((ghost.status.as_str(), ghost.sequence), ("CANCELLED", 1));
    // A room's calendar holds only that room's items, without ghosts.
    let fablab = p
        .rooms
        .iter()
        .find(|r| r.name == "Fablab")
        .unwrap()
        .id
        .unwrap();
    let room = python_read(
        &db.export_ics(id, &Selection::Room(fablab), now()).unwrap(),
        false,
    );
    assert_eq!(room.len(), 2);
    assert!(room.iter().all(|e| e.summary.starts_with("Atelier 4")));
}

#[test]
fn speaker_and_chosen_items() {
    let (mut db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let servet = p
        .speakers
        .iter()
        .find(|s| s.name == "Mathilde Servet")
        .unwrap()
        .id
        .unwrap();
    let ics = db
        .export_ics(id, &Selection::Speaker(servet), now())
        .unwrap();
    assert!(ics.contains("X-WR-CALNAME:La métamorphose réciproque — Mathilde Servet\r\n"));
    let mine = python_read(&ics, false);
    let titles: Vec<&str> = mine.iter().map(|e| e.summary.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Table ronde inspirante #2 : Quelles hybridations, nouveaux liens et nouveaux lieux favorisent l’inclusion numérique ?",
            "Atelier 2 : Le festival Numok des bibliothèques de Paris",
            "Atelier 2 : Le festival Numok des bibliothèques de Paris",
        ]
    );
    let chosen = vec![
        p.items[0].id.unwrap(),
        p.items[8].id.unwrap(),
        p.items[13].id.unwrap(),
    ];
    let personal = python_read(
        &db.export_ics(id, &Selection::Items(chosen), now()).unwrap(),
        false,
    );
    assert_eq!(personal.len(), 3);
}

#[test]
fn french_text_survives_escaping_and_folding() {
    let (mut db, id) = demo_db();
    let p = db.programme(id).unwrap();
    let mut item = p.items[6].clone();
    item.title = "Atelier « Fabriquer ensemble » 🛠️ : bois, métal; et \\ autres matières — avec l’équipe du Fablab de Vaulx-en-Velin".into();
    item.description = "Première ligne, avec virgule; point-virgule et \\ barre.\nDeuxième ligne : « guillemets » et émoji 🎉.\r\nTroisième.".into();
    db.save_item(&item).unwrap();
    let ics = db
        .export_ics(id, &Selection::Items(vec![item.id.unwrap()]), now())
        .unwrap();
    check_lines(&ics);
    assert!(ics
        .replace("\r\n ", "")
        .contains("bois\\, métal\\; et \\\\ autres"));
    let parsed = python_read(&ics, false);
    assert_eq!(parsed[0].summary, item.title);
    assert!(parsed[0].description.ends_with(
        "Première ligne, avec virgule; point-virgule et \\ barre.\nDeuxième ligne : « guillemets » et émoji 🎉.\nTroisième."
    ));
}

/// Folding never cuts a character or an escape, for any split point.
#[test]
fn folding_keeps_characters_and_escapes_whole() {
    for pad in 0..80 {
        let text = format!("{}é€🎉\\,;\n{}", "x".repeat(pad), "«ê»".repeat(30));
        let mut out = String::new();
        push_line(&mut out, &format!("SUMMARY:{}", escape_text(&text)));
        let mut unfolded = String::new();
        for (i, line) in out.trim_end_matches("\r\n").split("\r\n").enumerate() {
            assert!(line.len() <= 75);
            assert!(
                !line.ends_with('\\') || line.ends_with("\\\\"),
                "an escape split at {pad}: {line:?}"
            );
            unfolded.push_str(if i == 0 { line } else { &line[1..] });
        }
        assert_eq!(unfolded, format!("SUMMARY:{}", escape_text(&text)));
    }
}

/// Export → import into an empty event of the same day → the same
/// programme; and back into its own event, nothing changes.
#[test]
fn round_trip_through_ical() {
    let (mut db, id) = demo_db();
    let ics = db.export_ics(id, &Selection::All, now()).unwrap();
    let source = db.programme(id).unwrap();

    let before = crate::dump(&db);
    let summary = db.import_ics(id, &ics).unwrap();
    assert_eq!((summary.items_created, summary.items_updated), (0, 0));
    assert_eq!(summary.items_unchanged, 14);
    assert_eq!(crate::dump(&db), before);

    let mut empty = source.event.clone();
    empty.title = "Copie par iCal".into();
    let copy = db.create_event(&empty).unwrap().id.unwrap();
    // Same venue: items of the whole venue stay without a room.
    db.save_venue(copy, &source.venue).unwrap();
    let summary = db.import_ics(copy, &ics).unwrap();
    assert_eq!(summary.items_created, 14);
    assert_eq!(summary.rooms_created, 5);
    let copied = db.programme(copy).unwrap();
    let shape = |p: &Programme| {
        let mut v: Vec<(String, String, String, Option<String>, String)> = p
            .items
            .iter()
            .map(|i| {
                let room = i.room_id.map(|r| {
                    p.rooms
                        .iter()
                        .find(|x| x.id == Some(r))
                        .unwrap()
                        .name
                        .clone()
                });
                (
                    i.starts_at.to_string(),
                    i.ends_at.to_string(),
                    i.title.clone(),
                    room,
                    i.kind.as_str().to_owned(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(shape(&copied), shape(&source));
    insta::assert_snapshot!(
        "ics_round_trip",
        deroule::cli::show::programme_text(&copied)
    );
}
