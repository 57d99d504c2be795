//! Event files: an event written out and read back is the same event (a
//! new draft); the JSON Schema in docs/ accepts every programme file we
//! ship and what we write, and refuses broken ones; a bad file is refused
//! with where it is wrong, and leaves nothing behind.

use crate::{demo_db, dump, python};
use deroule::exchange::programme_file::ProgrammeFile;
use deroule::signups::allocation::fairness::BlockFairness;
use deroule::{Db, ErrorCode};
use std::path::Path;
use std::process::Command;

#[test]
fn an_event_goes_out_and_comes_back_the_same() {
    let (mut db, id) = demo_db();
    let first = db.export_event_file(id).unwrap();
    assert_eq!(
        first.file_name,
        "la-metamorphose-reciproque-2022-12-09.deroule.json"
    );
    let report = db
        .import_event_file(&ProgrammeFile::parse(&first.contents).unwrap())
        .unwrap();
    assert_eq!(
        (
            report.rooms,
            report.speakers,
            report.items,
            report.blocks,
            report.attendees
        ),
        (5, 11, 14, 1, 60)
    );
    let copy = db.programme(report.event_id).unwrap();
    assert_eq!(copy.event.status, deroule::model::EventStatus::Draft);
    // The block's workshops come back as workshops, run as often.
    let blocks = db.registrations(report.event_id).unwrap().blocks;
    assert_eq!(blocks.len(), 1);
    let in_block =
        |p: &deroule::model::Programme| p.items.iter().filter(|i| i.block_id.is_some()).count();
    assert_eq!(in_block(&copy), in_block(&db.programme(id).unwrap()));
    assert_eq!(in_block(&copy), 8);
    // Written again, it is the same file but for the status.
    let second = db.export_event_file(report.event_id).unwrap();
    assert_eq!(
        second.contents,
        first
            .contents
            .replace("\"status\": \"published\"", "\"status\": \"draft\"")
    );
}

/// A block's fairness options, each alone and all together, survive an
/// event file written out and read back: dropping any one of them from the
/// writer, the reader or the format fails here.
#[test]
fn a_blocks_fairness_options_go_out_and_come_back() {
    let all = BlockFairness {
        organisation_cap: Some(2),
        priority_categories: vec!["N'a pas pu venir l'an dernier".into(), "Bénévole".into()],
        keep_seats: true,
    };
    let cases = [
        ("none", BlockFairness::default(), &[][..]),
        (
            "cap",
            BlockFairness {
                organisation_cap: Some(1),
                ..BlockFairness::default()
            },
            &["\"organisationCap\": 1"][..],
        ),
        (
            "priority",
            BlockFairness {
                priority_categories: vec!["Élu·e".into()],
                ..BlockFairness::default()
            },
            &["\"priorityCategories\": [\n        \"Élu·e\"\n      ]"][..],
        ),
        (
            "keep",
            BlockFairness {
                keep_seats: true,
                ..BlockFairness::default()
            },
            &["\"keepSeats\": true"][..],
        ),
        (
            "all",
            all,
            &[
                "\"organisationCap\": 2",
                "\"Bénévole\"",
                "\"keepSeats\": true",
            ][..],
        ),
    ];
    for (name, options, written) in cases {
        let (mut db, id) = demo_db();
        let block = db.registrations(id).unwrap().blocks[0].id.unwrap();
        db.set_block_fairness(block, &options).unwrap();
        let file = db.export_event_file(id).unwrap().contents;
        for text in written {
            assert!(file.contains(text), "{name}: {text} not in the file");
        }
        if options == BlockFairness::default() {
            for key in ["organisationCap", "priorityCategories", "keepSeats"] {
                assert!(!file.contains(key), "{name}: {key} written for no option");
            }
        }
        let report = db
            .import_event_file(&ProgrammeFile::parse(&file).unwrap())
            .unwrap();
        let copy = db.registrations(report.event_id).unwrap().blocks[0]
            .id
            .unwrap();
        assert_eq!(db.block_fairness(copy).unwrap(), options, "{name}");
        // Written again, the same file but for the status.
        let again = db.export_event_file(report.event_id).unwrap().contents;
        assert_eq!(
            again,
            file.replace("\"status\": \"published\"", "\"status\": \"draft\""),
            "{name}"
        );
    }
}

/// A file written before the fairness options reads with none of them; a
/// file with a cap of 0 is refused, naming the block, and leaves nothing.
#[test]
fn old_files_read_without_options_and_a_bad_option_is_refused() {
    let (mut db, _) = demo_db();
    let old = r#"{"event": {"title": "Journée des médiathèques", "date": "2025-07-01",
        "dayStart": "09:00", "dayEnd": "17:00", "timeZone": "Europe/Paris", "language": "fr"},
      "items": [{"start": "10:00", "end": "11:00", "kind": "workshop",
                 "title": "Atelier FALC", "block": "Ateliers"}],
      "blocks": [{"name": "Ateliers", "maxChoices": 1}]}"#;
    let report = db
        .import_event_file(&ProgrammeFile::parse(old).unwrap())
        .unwrap();
    let block = db.registrations(report.event_id).unwrap().blocks[0]
        .id
        .unwrap();
    assert_eq!(db.block_fairness(block).unwrap(), BlockFairness::default());

    let before = dump(&db);
    let bad = old.replace(
        "\"maxChoices\": 1}",
        "\"maxChoices\": 1, \"organisationCap\": 0}",
    );
    let err = db
        .import_event_file(&ProgrammeFile::parse(&bad).unwrap())
        .unwrap_err();
    assert_eq!(err.field.as_deref(), Some("blocks[0].organisationCap"));
    assert_eq!(dump(&db), before);
    // An unknown option is refused when the file is read.
    let unknown = old.replace("\"maxChoices\": 1}", "\"maxChoices\": 1, \"quota\": 2}");
    let err = ProgrammeFile::parse(&unknown).unwrap_err();
    assert!(err.message.contains("quota"), "{}", err.message);
}

#[test]
fn a_bad_file_says_where_and_leaves_nothing() {
    let (mut db, _) = demo_db();
    let before = dump(&db);
    let err = ProgrammeFile::parse("{\n  \"event\": {\n    \"title\": \"Journée\",,\n  }\n}")
        .unwrap_err();
    assert!(err.message.contains("line 3 column"), "{}", err.message);

    // An item naming a block the file does not have.
    let mut file = deroule::demo::programme_file();
    file.items[3].block = Some("Ateliers du matin".into());
    let err = db.import_event_file(&file).unwrap_err();
    assert_eq!(err.field.as_deref(), Some("items[3].block"));
    assert!(err.message.contains("Ateliers du matin"), "{}", err.message);

    // A bad attendee, after everything else was written: all or nothing.
    let mut file = deroule::demo::programme_file();
    file.attendees
        .push(deroule::exchange::programme_file::FileAttendee {
            name: "  ".into(),
            email: String::new(),
            organisation: String::new(),
            category: String::new(),
            notes: String::new(),
            registered_at: None,
        });
    let err = db.import_event_file(&file).unwrap_err();
    assert_eq!(err.code, ErrorCode::Invalid);
    assert!(
        err.field
            .as_deref()
            .unwrap_or("")
            .starts_with("attendees[0]"),
        "{err:?}"
    );
    assert_eq!(dump(&db), before);
}

#[test]
fn the_schema_accepts_what_we_read_and_write_and_refuses_the_rest() {
    let (mut db, id) = demo_db();
    // What we write includes a block's fairness options.
    let block = db.registrations(id).unwrap().blocks[0].id.unwrap();
    db.set_block_fairness(
        block,
        &BlockFairness {
            organisation_cap: Some(2),
            priority_categories: vec!["N'a pas pu venir l'an dernier".into()],
            keep_seats: true,
        },
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("demo.deroule.json");
    std::fs::write(&exported, db.export_event_file(id).unwrap().contents).unwrap();
    let mut files = vec![
        exported,
        Path::new("src/demo/nec-vaulx-en-velin-2022.json").to_path_buf(),
    ];
    for entry in std::fs::read_dir("tests/fixtures/programmes").unwrap() {
        files.push(entry.unwrap().path());
    }
    // Each one is also read by the core.
    for f in &files {
        ProgrammeFile::parse(&std::fs::read_to_string(f).unwrap())
            .unwrap_or_else(|e| panic!("{}: {}", f.display(), e.message));
    }
    let script = r#"
import json, sys, copy
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
bad = 0
for path in sys.argv[2:]:
    for e in validator.iter_errors(json.load(open(path))):
        bad += 1
        print("%s: %s: %s" % (path, "/".join(map(str, e.absolute_path)), e.message))
doc = json.load(open(sys.argv[2]))
assert doc["blocks"][0]["organisationCap"] == 2 and doc["blocks"][0]["keepSeats"] is True
for breakage in ("no title", "unknown key", "bad time", "bad kind", "cap 0", "cap text", "keep text", "empty category"):
    broken = copy.deepcopy(doc)
    item = broken["items"][0]
    block = broken["blocks"][0]
    if breakage == "no title": del item["title"]
    if breakage == "unknown key": item["salle"] = "Auditorium"
    if breakage == "bad time": item["start"] = "9h30"
    if breakage == "bad kind": item["kind"] = "conference"
    if breakage == "cap 0": block["organisationCap"] = 0
    if breakage == "cap text": block["organisationCap"] = "2"
    if breakage == "keep text": block["keepSeats"] = "oui"
    if breakage == "empty category": block["priorityCategories"] = [" "]
    if validator.is_valid(broken):
        bad += 1
        print("accepted a file with", breakage)
sys.exit(1 if bad else 0)
"#;
    let out = Command::new(python(&["jsonschema", "rfc3339-validator"]))
        .arg("-c")
        .arg(script)
        .arg("docs/event-file.schema.json")
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_command_line_reads_and_writes_event_files() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("d.db");
    let out = dir.path().join("morning.deroule.json");
    let cli = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_deroule"))
            .args(args)
            .output()
            .unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let db = db_path.to_str().unwrap();
    let (ok, stdout, stderr) = cli(&[
        "import",
        "event",
        "--db",
        db,
        "tests/fixtures/programmes/matinee-90-minutes.json",
    ]);
    assert!(ok, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["eventId"], 1);
    assert_eq!(report["items"], 8);
    let (ok, _, stderr) = cli(&[
        "export",
        "event",
        "--db",
        db,
        "--event",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let file = ProgrammeFile::parse(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(file.items.len(), 8);
    assert_eq!(Db::open(&db_path).unwrap().list_events().unwrap().len(), 1);
    // A broken file: refused with its line and column, nothing made.
    std::fs::write(&out, "{\"event\": {\"title\": }}").unwrap();
    let (ok, _, stderr) = cli(&["import", "event", "--db", db, out.to_str().unwrap()]);
    assert!(!ok);
    assert!(stderr.contains("line 1 column"), "{stderr}");
    assert_eq!(Db::open(&db_path).unwrap().list_events().unwrap().len(), 1);
}
