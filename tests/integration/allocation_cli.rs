//! `deroule allocate --problem FILE.json`: the files it accepts pass the
//! JSON Schema of docs/ (checked by Python's jsonschema) and the files the
//! schema refuses it refuses too, naming the line and column; the score it
//! prints is the solver's.

use crate::python;
use deroule::signups::allocation::solver::instances::Class;
use deroule::signups::allocation::solver::{allocate, Problem};
use std::path::{Path, PathBuf};
use std::process::Command;

fn schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/allocation-problem.schema.json")
}

/// `deroule allocate --problem FILE [--json]`: exit code, stdout, stderr.
fn allocate_file(file: &Path, json: bool) -> (i32, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_deroule"));
    cmd.args(["allocate", "--problem"]).arg(file);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Each file's verdict by Draft 2020-12 jsonschema: "ok" or the first error.
fn schema_verdicts(files: &[PathBuf]) -> Vec<String> {
    let script = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    try:
        doc = json.load(open(path))
    except ValueError as e:
        print("not json: %s" % e)
        continue
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    print("ok" if not errors else "%s: %s" % ("/".join(map(str, errors[0].absolute_path)), errors[0].message))
"#;
    let py = python(&["jsonschema"]);
    let mut args: Vec<PathBuf> = vec![schema()];
    args.extend(files.iter().cloned());
    crate::support::python::run_script(&py, script, &args)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn allocate_problem_prints_the_solvers_score_and_its_files_follow_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    for (n, class) in Class::ALL.into_iter().enumerate() {
        let p = class.instance(60, n as u64);
        let file = dir.path().join(format!("class-{n}.json"));
        std::fs::write(&file, serde_json::to_string_pretty(&p).unwrap()).unwrap();
        files.push(file);
        problems.push(p);
    }
    // Written by hand, as a bug report would be: wishes left out or null.
    let by_hand = r#"{
  "rounds": 2,
  "maxSeats": 2,
  "workshops": [
    {"occurrences": [{"round": 0, "capacity": 1}, {"round": 1, "capacity": 1}]},
    {"occurrences": [{"round": 1, "capacity": 2}]}
  ],
  "attendees": [
    {"ranking": [0, 1]},
    {"ranking": [0], "wishes": null},
    {"ranking": [1, 0], "wishes": 1}
  ]
}"#;
    let file = dir.path().join("by-hand.json");
    std::fs::write(&file, by_hand).unwrap();
    problems.push(serde_json::from_str(by_hand).unwrap());
    files.push(file);
    // With the fairness options: one person of organisation 0 per session,
    // attendee 3 of a priority category and holding a seat of workshop 0.
    let fair = r#"{
  "rounds": 1,
  "maxSeats": 1,
  "organisationCap": 1,
  "workshops": [
    {"occurrences": [{"round": 0, "capacity": 2}]},
    {"occurrences": [{"round": 0, "capacity": 3}]}
  ],
  "attendees": [
    {"ranking": [0, 1], "organisation": 0},
    {"ranking": [0, 1], "organisation": 0},
    {"ranking": [0, 1], "organisation": 0},
    {"ranking": [0], "priority": true, "held": [{"workshop": 0, "round": 0}]}
  ]
}"#;
    let fair_file = dir.path().join("fair.json");
    std::fs::write(&fair_file, fair).unwrap();
    problems.push(serde_json::from_str(fair).unwrap());
    files.push(fair_file.clone());

    for verdict in schema_verdicts(&files) {
        assert_eq!(verdict, "ok");
    }
    for (file, p) in files.iter().zip(&problems) {
        let expected = allocate(p).unwrap();
        let (code, out, err) = allocate_file(file, true);
        assert_eq!(code, 0, "{err}");
        let got: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(got["score"]["served"], expected.score.served);
        assert_eq!(got["score"]["seats"], expected.score.seats);
        assert_eq!(got["score"]["satisfaction"], expected.score.satisfaction);
        assert_eq!(got["optimal"], true);
        assert_eq!(got["seats"].as_array().unwrap().len(), p.attendees.len());
    }
    // The text: the score, then one line per attendee; the fairness tiers
    // only when the problem has them. Organisation 0 gets one seat per
    // workshop, so one of its three is left out; attendee 3 keeps theirs.
    let (code, out, _) = allocate_file(&fair_file, false);
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().next().unwrap(),
        "Prioritaires servis : 1 / 1  Servis : 3  Places : 3  Gardées : 1 / 1  Satisfaction : 5"
    );
    assert!(
        out.contains("Participant 3 : tour 0 atelier 0 (choix 1)"),
        "{out}"
    );
    let (code, out, _) = allocate_file(&files[files.len() - 2], false);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Servis : 3  Places : 4  Satisfaction : 7");
    assert_eq!(lines[1], "Optimal (prouvé).");
    assert_eq!(lines.len(), 2 + 3);
    assert!(lines[4].starts_with("Participant 2 : "), "{out}");
}

#[test]
fn allocate_problem_refuses_what_the_schema_refuses_naming_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // A typo in a field name.
        (
            "{\n  \"rounds\": 1,\n  \"maxseats\": 1,\n  \"workshops\": [],\n  \"attendees\": []\n}",
            "line 3, column",
        ),
        // A capacity below zero.
        (
            "{\"rounds\": 1, \"maxSeats\": 1,\n \"workshops\": [{\"occurrences\": [{\"round\": 0, \"capacity\": -3}]}],\n \"attendees\": []}",
            "line 2, column",
        ),
        // Not JSON at all.
        ("{\"rounds\": 1,\n\n  oops", "line 3, column"),
        // A required field missing.
        (
            "{\"rounds\": 2, \"maxSeats\": 1, \"workshops\": [{}], \"attendees\": []}",
            "line 1, column",
        ),
    ];
    let mut files = Vec::new();
    for (n, (text, _)) in cases.iter().enumerate() {
        let file = dir.path().join(format!("bad-{n}.json"));
        std::fs::write(&file, text).unwrap();
        files.push(file);
    }
    for (verdict, (text, _)) in schema_verdicts(&files).iter().zip(&cases) {
        assert_ne!(verdict, "ok", "the schema accepts {text}");
    }
    for (file, (_, place)) in files.iter().zip(&cases) {
        let (code, out, err) = allocate_file(file, false);
        assert_ne!(code, 0);
        assert!(out.is_empty());
        assert!(err.contains(place), "{err}");
        assert!(err.contains(&file.display().to_string()), "{err}");
    }
    // Valid JSON whose indices do not hold: the solver names them.
    let file = dir.path().join("unknown-workshop.json");
    std::fs::write(
        &file,
        r#"{"rounds": 1, "maxSeats": 1, "workshops": [{"occurrences": [{"round": 0, "capacity": 1}]}], "attendees": [{"ranking": [0, 4]}]}"#,
    )
    .unwrap();
    let (code, _, err) = allocate_file(&file, true);
    assert_ne!(code, 0);
    assert!(
        err.contains("attendee 0 ranks workshop 4, which does not exist"),
        "{err}"
    );
}
