//! Attendees from CSV. Data-driven: every file of tests/fixtures/csv (a
//! spreadsheet, Weezevent- and HelloAsso-like exports, Excel's Windows-1252,
//! files with missing columns, duplicates and broken rows) is previewed and
//! imported into the demo event, and what came of it is compared with its
//! snapshot; each file has a case saying what must happen. A refused file
//! leaves the database exactly as it was. Then undo, re-imports, mappings,
//! and the command line.

use crate::{bare_demo_db, dump};
use deroule::model::Attendee;
use deroule::signups::csv::{
    self as attendees_csv, CsvEncoding, CsvImportReport, CsvMapping, CsvPreview,
};
use deroule::{Db, Error, ErrorCode};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures_dir().join(name)).unwrap()
}

/// Attendees already registered for the event, for the cases that need them.
fn registered(event_id: i64) -> Vec<Attendee> {
    let person = |name: &str, email: &str, organisation: &str, category: &str| Attendee {
        id: None,
        event_id,
        name: name.into(),
        email: email.into(),
        organisation: organisation.into(),
        category: category.into(),
        notes: String::new(),
        registered_at: None,
    };
    vec![
        person(
            "Chloé Martin",
            "chloe.martin@mediatheque-bron.fr",
            "Médiathèque Jean-Prévost",
            "Bibliothécaire",
        ),
        person(
            "Karim Benali",
            "k.benali@centresocial-peyri.org",
            "Centre social Peyri",
            "Médiateur numérique",
        ),
        person(
            "Sophie Garnier",
            "sophie.garnier@grandlyon.com",
            "Métropole de Lyon",
            "Élue",
        ),
    ]
}

/// The demo event, with the registered attendees when `with_registered`.
fn event_db(with_registered: bool) -> (Db, i64) {
    let (mut db, id) = bare_demo_db();
    if with_registered {
        for a in registered(id) {
            db.save_attendee(&a).unwrap();
        }
    }
    (db, id)
}

enum Expect {
    Imported {
        created: i64,
        updated: i64,
        unchanged: i64,
    },
    /// Refused, for `reason` (that of the first row at fault), naming
    /// these lines.
    Refused {
        reason: &'static str,
        lines: &'static [i64],
    },
}

struct Case {
    file: &'static str,
    with_registered: bool,
    encoding: CsvEncoding,
    delimiter: &'static str,
    expect: Expect,
}

const CASES: &[Case] = &[
    // A registration date that is not one: the line and the column named.
    Case {
        file: "date-illisible.csv",
        with_registered: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ";",
        expect: Expect::Refused {
            reason: "bad_date",
            lines: &[4],
        },
    },
    Case {
        file: "doublons.csv",
        with_registered: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ",",
        // Line 4 is line 2's person again (the email in other case): merged,
        // not refused.
        expect: Expect::Refused {
            reason: "bad_email",
            lines: &[5, 6],
        },
    },
    Case {
        file: "excel-windows-1252.csv",
        with_registered: false,
        encoding: CsvEncoding::Windows1252,
        delimiter: ";",
        expect: Expect::Imported {
            created: 3,
            updated: 0,
            unchanged: 0,
        },
    },
    Case {
        file: "helloasso.csv",
        with_registered: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ";",
        expect: Expect::Imported {
            created: 3,
            updated: 0,
            unchanged: 0,
        },
    },
    // Registration dates in another order than the lines, one person twice
    // (the earlier registration kept), an American export's month first.
    Case {
        file: "inscriptions-datees.csv",
        with_registered: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ",",
        expect: Expect::Imported {
            created: 4,
            updated: 0,
            unchanged: 0,
        },
    },
    Case {
        file: "ligne-cassee.csv",
        with_registered: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ",",
        expect: Expect::Refused {
            reason: "field_count",
            lines: &[3, 5],
        },
    },
    Case {
        file: "mise-a-jour.csv",
        with_registered: true,
        encoding: CsvEncoding::Utf8,
        delimiter: ";",
        expect: Expect::Imported {
            created: 2,
            updated: 1,
            unchanged: 1,
        },
    },
    Case {
        file: "sans-courriel.csv",
        with_registered: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ";",
        expect: Expect::Imported {
            created: 2,
            updated: 0,
            unchanged: 0,
        },
    },
    Case {
        file: "sans-nom.csv",
        with_registered: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ";",
        expect: Expect::Refused {
            reason: "no_name_column",
            lines: &[1],
        },
    },
    Case {
        file: "tableur-virgules.csv",
        with_registered: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ",",
        expect: Expect::Imported {
            created: 5,
            updated: 0,
            unchanged: 0,
        },
    },
    Case {
        file: "weezevent-bom.csv",
        with_registered: false,
        encoding: CsvEncoding::Utf8Bom,
        delimiter: ";",
        expect: Expect::Imported {
            created: 4,
            updated: 0,
            unchanged: 0,
        },
    },
    // Two people registered twice (the email in other case for one, a new
    // organisation and a note for the other): one attendee each, the later
    // row's filled cells winning.
    Case {
        file: "weezevent-inscrits-deux-fois.csv",
        with_registered: false,
        encoding: CsvEncoding::Utf8Bom,
        delimiter: ";",
        expect: Expect::Imported {
            created: 3,
            updated: 0,
            unchanged: 0,
        },
    },
];

/// " | registered 2022-11-14T09:12:00", or nothing without a date.
fn registered_on(at: &Option<String>) -> String {
    at.as_deref()
        .map_or(String::new(), |at| format!(" | registered {at}"))
}

/// What the snapshots show: how the file was read, the mapping, each row,
/// then what the import did and the attendees after it (or its error).
fn render(
    preview: &CsvPreview,
    outcome: &Result<CsvImportReport, Error>,
    after: &[Attendee],
) -> String {
    let m = &preview.mapping;
    let fields = [
        ("name", m.name),
        ("firstName", m.first_name),
        ("lastName", m.last_name),
        ("email", m.email),
        ("organisation", m.organisation),
        ("category", m.category),
        ("notes", m.notes),
        ("registeredAt", m.registered_at),
    ];
    let mut out = format!(
        "{:?}, delimiter {:?}, {} rows\n",
        preview.encoding, preview.delimiter, preview.row_count
    );
    for (i, header) in preview.headers.iter().enumerate() {
        let mapped: Vec<&str> = fields
            .iter()
            .filter(|(_, c)| *c == Some(i))
            .map(|(f, _)| *f)
            .collect();
        out.push_str(&format!("  column {} {header:?}", i + 1));
        if !mapped.is_empty() {
            out.push_str(&format!(" → {}", mapped.join(", ")));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "\npreview: creates {}, updates {}, unchanged {}\n",
        preview.creates,
        preview.updates.len(),
        preview.unchanged
    ));
    for r in &preview.rows {
        out.push_str(&format!(
            "  line {} {:?}{}: {} | {} | {} | {} | {:?}{}\n",
            r.line,
            r.action,
            r.attendee_id.map_or(String::new(), |id| format!(" #{id}")),
            r.name,
            r.email,
            r.organisation,
            r.category,
            r.notes,
            registered_on(&r.registered_at)
        ));
    }
    for u in &preview.updates {
        out.push_str(&format!(
            "  update line {}: #{} {} <{}> changes {}\n",
            u.line,
            u.attendee_id,
            u.name,
            u.email,
            u.fields.join(", ")
        ));
    }
    for e in &preview.errors {
        out.push_str(&format!(
            "  error line {} [{} {}]: {}\n",
            e.line,
            e.field.as_deref().unwrap_or("-"),
            e.reason,
            e.message
        ));
    }
    for d in &preview.duplicates {
        out.push_str(&format!(
            "  maybe a duplicate, line {}: {} (attendee {:?}, line {:?})\n",
            d.line, d.name, d.attendee_id, d.other_line
        ));
    }
    for m in &preview.merged {
        out.push_str(&format!(
            "  merged line {} into line {} <{}>, changing {}\n",
            m.line,
            m.into_line,
            m.email,
            m.fields.join(", ")
        ));
    }
    match outcome {
        Ok(report) => {
            assert_eq!(report.merged, preview.merged, "the report names the merges");
            out.push_str(&format!(
                "\nimported: created {}, updated {}, unchanged {}, merged {}\n",
                report.created,
                report.updated.len(),
                report.unchanged,
                report.merged.len()
            ));
            for a in after {
                out.push_str(&format!(
                    "  #{} {} | {} | {} | {} | {:?}{}\n",
                    a.id.unwrap(),
                    a.name,
                    a.email,
                    a.organisation,
                    a.category,
                    a.notes,
                    registered_on(&a.registered_at)
                ));
            }
        }
        Err(e) => out.push_str(&format!(
            "\nrefused: {}\n",
            serde_json::to_string_pretty(e).unwrap()
        )),
    }
    out
}

/// Every fixture previews and imports as its case and snapshot say; the dry
/// run reports the same and writes nothing; a refused file changes nothing.
#[test]
fn fixtures() {
    let mut files: Vec<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let cases: Vec<&str> = CASES.iter().map(|c| c.file).collect();
    assert_eq!(files, cases, "every fixture has a case, and only those");
    for c in CASES {
        let (mut db, id) = event_db(c.with_registered);
        let bytes = fixture(c.file);
        let before = dump(&db);
        let preview = db.preview_attendees_csv(id, &bytes, None).unwrap();
        assert_eq!(
            (preview.encoding, preview.delimiter.as_str()),
            (c.encoding, c.delimiter),
            "{}",
            c.file
        );
        let dry = db.import_attendees_csv_dry_run(id, &bytes, None);
        assert_eq!(dump(&db), before, "{}: a dry run writes nothing", c.file);
        let outcome = db.import_attendees_csv(id, &bytes, None);
        match (&c.expect, &outcome) {
            (
                Expect::Imported {
                    created,
                    updated,
                    unchanged,
                },
                Ok(report),
            ) => {
                let counts = (*created, *updated, *unchanged);
                assert_eq!(
                    (
                        report.created,
                        report.updated.len() as i64,
                        report.unchanged
                    ),
                    counts,
                    "{}",
                    c.file
                );
                assert_eq!(
                    (
                        preview.creates,
                        preview.updates.len() as i64,
                        preview.unchanged
                    ),
                    counts,
                    "{}: the preview says what the import does",
                    c.file
                );
                assert!(preview.errors.is_empty(), "{}", c.file);
                let dry = dry.unwrap();
                assert!(dry.dry_run && !report.dry_run, "{}", c.file);
                assert_eq!(
                    CsvImportReport {
                        dry_run: false,
                        ..dry
                    },
                    *report,
                    "{}: the dry run reports what the import does",
                    c.file
                );
                assert_eq!(
                    db.history().undo.as_deref(),
                    Some("attendees.import"),
                    "{}",
                    c.file
                );
            }
            (Expect::Refused { reason, lines }, Err(e)) => {
                assert_eq!(
                    (e.code, e.field.as_deref(), e.reason.as_deref()),
                    (ErrorCode::Invalid, Some("file"), Some(*reason)),
                    "{}",
                    c.file
                );
                let error_lines: Vec<i64> = preview.errors.iter().map(|e| e.line).collect();
                assert_eq!(error_lines, *lines, "{}", c.file);
                for line in *lines {
                    assert!(
                        e.message.contains(&format!("line {line}: "))
                            || e.message.contains(&format!("line {line}, column ")),
                        "{}: {} names line {line}",
                        c.file,
                        e.message
                    );
                }
                assert_eq!(dry.as_ref(), Err(e), "{}", c.file);
                assert_eq!(dump(&db), before, "{}: all or nothing", c.file);
            }
            (_, outcome) => panic!("{}: unexpected {outcome:?}", c.file),
        }
        let name = c.file.trim_end_matches(".csv");
        let attendees = db.attendees(id).unwrap();
        assert_eq!(
            by_field(&db, id),
            attendees,
            "{}: the window's list",
            c.file
        );
        insta::assert_snapshot!(
            format!("csv_{name}"),
            render(&preview, &outcome, &attendees)
        );
    }
}

/// The attendees as the window reads them (one list per field, each
/// organisation and category once), back as objects: they must be the
/// attendees, in the same order.
fn by_field(db: &Db, id: i64) -> Vec<Attendee> {
    let list = db.attendee_list(id).unwrap();
    for shared in [&list.organisations, &list.categories] {
        let distinct: std::collections::HashSet<&String> = shared.iter().collect();
        assert_eq!(
            distinct.len(),
            shared.len(),
            "written once each: {shared:?}"
        );
    }
    (0..list.len()).map(|i| list.get(i)).collect()
}

/// An import is one step of undo: undone, the attendees are as before (the
/// updated one too); redone, as after.
#[test]
fn undo_and_redo_an_import() {
    let (mut db, id) = event_db(true);
    let before = dump(&db);
    db.import_attendees_csv(id, &fixture("mise-a-jour.csv"), None)
        .unwrap();
    let after = dump(&db);
    assert_ne!(before, after);
    assert_eq!(db.undo().unwrap().label, "attendees.import");
    assert_eq!(dump(&db), before);
    assert_eq!(db.history().undo.as_deref(), Some("attendee.create"));
    assert_eq!(db.redo().unwrap().label, "attendees.import");
    assert_eq!(dump(&db), after);
}

/// The same file again finds everyone with an email as they are: nothing
/// to write, no step of undo. People without an email cannot be told
/// apart: they come again, flagged as possible duplicates.
#[test]
fn importing_the_same_file_again() {
    let (mut db, id) = event_db(false);
    let bytes = fixture("tableur-virgules.csv");
    let first = db.import_attendees_csv(id, &bytes, None).unwrap();
    assert_eq!(first.created, 5);
    assert!(first.duplicates.is_empty());
    let after_first = dump(&db);
    // Only an email-less row changes the database: to see that nothing
    // else would, import the rows that have an email.
    let with_emails: String = String::from_utf8(bytes.clone())
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("Aïcha"))
        .map(|l| format!("{l}\n"))
        .collect();
    let again = db
        .import_attendees_csv(id, with_emails.as_bytes(), None)
        .unwrap();
    assert_eq!(
        (again.created, again.updated.len(), again.unchanged),
        (0, 0, 4)
    );
    assert_eq!(dump(&db), after_first);
    // No step was recorded: undo takes back the first import.
    assert_eq!(db.undo().unwrap().label, "attendees.import");
    assert!(db.attendees(id).unwrap().is_empty());
    db.redo().unwrap();

    let whole_again = db.import_attendees_csv(id, &bytes, None).unwrap();
    assert_eq!((whole_again.created, whole_again.unchanged), (1, 4));
    assert_eq!(whole_again.duplicates.len(), 1);
    let aicha = &whole_again.duplicates[0];
    assert_eq!((aicha.line, aicha.name.as_str()), (8, "Aïcha Diallo"));
    let existing = db
        .attendees(id)
        .unwrap()
        .into_iter()
        .find(|a| a.name == "Aïcha Diallo")
        .unwrap();
    assert_eq!(aicha.attendee_id, existing.id);
}

/// A mapping given replaces the guess; one naming a column the file does
/// not have is refused before anything else.
#[test]
fn a_mapping_given_replaces_the_guess() {
    let (mut db, id) = event_db(false);
    let bytes = fixture("helloasso.csv");
    let guessed = db.preview_attendees_csv(id, &bytes, None).unwrap();
    // HelloAsso: the participant's names, the payer's email, the form's
    // "Structure" and "Fonction" before "Raison sociale" and "Tarif", and
    // "Date de la commande" as the registration date.
    assert_eq!(
        guessed.mapping,
        CsvMapping {
            name: None,
            first_name: Some(4),
            last_name: Some(3),
            email: Some(7),
            organisation: Some(15),
            category: Some(16),
            notes: None,
            registered_at: Some(1),
        }
    );
    assert_eq!(
        guessed.rows[0].registered_at.as_deref(),
        Some("2022-12-02T10:14:00")
    );
    let by_tarif = CsvMapping {
        category: Some(12),
        ..guessed.mapping.clone()
    };
    let preview = db
        .preview_attendees_csv(id, &bytes, Some(&by_tarif))
        .unwrap();
    assert_eq!(preview.mapping, by_tarif);
    assert_eq!(preview.rows[0].category, "Salarié·e de structure");
    let report = db
        .import_attendees_csv(id, &bytes, Some(&by_tarif))
        .unwrap();
    assert_eq!(report.mapping, by_tarif);
    let categories: Vec<String> = db
        .attendees(id)
        .unwrap()
        .into_iter()
        .map(|a| a.category)
        .collect();
    assert_eq!(
        categories,
        // By name: Camille Petit, Inès Blanc, Nicolas Girard.
        [
            "Salarié·e de structure",
            "Salarié·e de structure",
            "Agent·e de collectivité"
        ]
    );

    let before = dump(&db);
    let out_of_range = CsvMapping {
        notes: Some(17),
        ..by_tarif
    };
    for err in [
        db.preview_attendees_csv(id, &bytes, Some(&out_of_range))
            .unwrap_err(),
        db.import_attendees_csv(id, &bytes, Some(&out_of_range))
            .unwrap_err(),
    ] {
        assert_eq!(
            (err.field.as_deref(), err.reason.as_deref()),
            (Some("mapping"), Some("bad_column"))
        );
        assert_eq!(
            err.message,
            "notes is mapped to column 18, but the file has 17 columns"
        );
    }
    assert_eq!(dump(&db), before);
}

/// Files that cannot be read at all, and an event that does not exist.
#[test]
fn files_refused_whole() {
    let (mut db, id) = event_db(false);
    let before = dump(&db);
    let cases: &[(&[u8], &str)] = &[
        (b"", "empty"),
        (b"\n\n;;\n", "empty"),
        (
            b"\xEF\xBB\xBFNom;Courriel\nChlo\xe9 Martin;c@x.fr\n",
            "bad_encoding",
        ),
    ];
    for (bytes, reason) in cases {
        let err = db.import_attendees_csv(id, bytes, None).unwrap_err();
        assert_eq!(
            (err.field.as_deref(), err.reason.as_deref()),
            (Some("file"), Some(*reason)),
            "{err:?}"
        );
        assert_eq!(db.preview_attendees_csv(id, bytes, None).unwrap_err(), err);
    }
    let err = db
        .import_attendees_csv(
            id,
            b"\xEF\xBB\xBFNom;Courriel\nChlo\xe9 Martin;c@x.fr\n",
            None,
        )
        .unwrap_err();
    assert_eq!(
        err.message,
        "the file starts as UTF-8 but line 2 is not UTF-8"
    );
    // A header and no rows: nothing to do, and nothing to undo.
    let report = db
        .import_attendees_csv(id, "Nom;Prénom;Email\n".as_bytes(), None)
        .unwrap();
    assert_eq!((report.created, report.unchanged), (0, 0));
    assert_eq!(db.history().undo.as_deref(), Some("programme.import"));
    let err = db
        .import_attendees_csv(id + 1, &fixture("helloasso.csv"), None)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = db
        .preview_attendees_csv(id + 1, &fixture("helloasso.csv"), None)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(dump(&db), before);
}

/// `read_file` refuses what is not there with an io error naming the path.
#[test]
fn reading_a_missing_file() {
    let err = attendees_csv::read_file(Path::new("/nonexistent/inscrits.csv")).unwrap_err();
    assert_eq!(err.code, ErrorCode::Io);
    assert!(err
        .message
        .starts_with("cannot read /nonexistent/inscrits.csv: "));
}

/// A database file holding the demo event (and the registered attendees),
/// for the command line.
fn db_file(dir: &Path, with_registered: bool) -> (PathBuf, i64) {
    let path = dir.join("deroule.db");
    let mut db = Db::open(&path).unwrap();
    let id = db
        .import_programme(&deroule::demo::programme_file())
        .unwrap();
    if with_registered {
        for a in registered(id) {
            db.save_attendee(&a).unwrap();
        }
    }
    (path, id)
}

fn deroule(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_deroule"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn fixture_path(name: &str) -> String {
    fixtures_dir().join(name).to_string_lossy().into_owned()
}

/// `deroule import attendees --dry-run` prints the report and writes
/// nothing; without it, the same report, written.
#[test]
fn command_line_dry_run_then_import() {
    let dir = tempfile::tempdir().unwrap();
    let (path, id) = db_file(dir.path(), true);
    let db_arg = path.to_string_lossy().into_owned();
    let event = id.to_string();
    let file = fixture_path("mise-a-jour.csv");
    let before = dump(&Db::open(&path).unwrap());
    let args = [
        "import",
        "attendees",
        "--db",
        &db_arg,
        "--event",
        &event,
        &file,
    ];
    let (status, stdout, stderr) = deroule(&[&args[..], &["--dry-run"][..]].concat());
    assert_eq!((status, stderr.as_str()), (0, ""));
    let dry: CsvImportReport = serde_json::from_str(&stdout).unwrap();
    assert!(dry.dry_run);
    assert_eq!((dry.created, dry.updated.len(), dry.unchanged), (2, 1, 1));
    assert_eq!(dump(&Db::open(&path).unwrap()), before);

    let (status, stdout, stderr) = deroule(&args);
    assert_eq!((status, stderr.as_str()), (0, ""));
    let report: CsvImportReport = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        report,
        CsvImportReport {
            dry_run: false,
            ..dry
        }
    );
    let names: Vec<String> = Db::open(&path)
        .unwrap()
        .attendees(id)
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(
        names,
        [
            "Chloé Martin",
            "Karim Benali",
            "Sarah Vidal",
            "Sophie Garnier",
            "Sophie Garnier"
        ]
    );
}

/// `--map` names columns by header or number on top of the guess; a
/// refused file or a bad map goes to standard error with status 1.
#[test]
fn command_line_map_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (path, id) = db_file(dir.path(), false);
    let db_arg = path.to_string_lossy().into_owned();
    let event = id.to_string();
    let before = dump(&Db::open(&path).unwrap());

    // No column of names: refused, naming line 1, and nothing written.
    let sans_nom = fixture_path("sans-nom.csv");
    let base = ["import", "attendees", "--db", &db_arg, "--event", &event];
    let (status, stdout, stderr) = deroule(&[&base[..], &[sans_nom.as_str()][..]].concat());
    assert_eq!((status, stdout.as_str()), (1, ""));
    assert!(
        stderr
            .starts_with("deroule: nothing imported, 1 row refused: line 1: no column holds names"),
        "{stderr}"
    );
    let (status, _, stderr) = deroule(
        &[
            &base[..],
            &[sans_nom.as_str(), "--map", "name=Téléphone"][..],
        ]
        .concat(),
    );
    assert_eq!(status, 1);
    assert!(
        stderr.starts_with("deroule: no column is headed \"Téléphone\""),
        "{stderr}"
    );
    assert_eq!(dump(&Db::open(&path).unwrap()), before);

    // The organisation's column taken for names (by its header, any case
    // and accents), the email by its number, the category unmapped.
    let (status, stdout, stderr) = deroule(
        &[
            &base[..],
            &[
                sans_nom.as_str(),
                "--map",
                "name=STRUCTURE,email=1,category=",
            ][..],
        ]
        .concat(),
    );
    assert_eq!((status, stderr.as_str()), (0, ""));
    let report: CsvImportReport = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        report.mapping,
        CsvMapping {
            name: Some(1),
            email: Some(0),
            ..CsvMapping::default()
        }
    );
    let attendees = Db::open(&path).unwrap().attendees(id).unwrap();
    let got: Vec<(&str, &str, &str)> = attendees
        .iter()
        .map(|a| (a.name.as_str(), a.email.as_str(), a.category.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "Médiathèque de Rillieux",
                "claire.dubois@mediatheque-rillieux.fr",
                ""
            ),
            ("PIMMS de Lyon", "hugo.lemaire@pimms-lyon.fr", "")
        ]
    );
}

/// The registration date is the request order: sign-ups typed in another
/// order wait by registration date (ties in the file's line order); the
/// seat goes to whoever registered first. Requests made at the desk, again
/// after a cancellation, or for someone added by hand (no date) go to the
/// back.
#[test]
fn the_registration_date_is_the_request_order() {
    use deroule::model::{SignupSource, SignupStatus};
    let (mut db, id) = event_db(false);
    db.import_attendees_csv(id, &fixture("inscriptions-datees.csv"), None)
        .unwrap();
    let people: std::collections::HashMap<String, (i64, Option<String>)> = db
        .attendees(id)
        .unwrap()
        .into_iter()
        .map(|a| (a.name.clone(), (a.id.unwrap(), a.registered_at)))
        .collect();
    // Nadia registered twice: her first registration (2 June) is kept, and
    // the later row's organisation.
    assert_eq!(
        people["Nadia Haddad"].1.as_deref(),
        Some("2025-06-02T20:00:00")
    );
    assert_eq!(
        people["Léa Fontaine"].1.as_deref(),
        Some("2025-06-03T14:02:00")
    );
    let person = |name: &str| people[name].0;
    let mut item = db
        .programme(id)
        .unwrap()
        .items
        .into_iter()
        .find(|i| i.title.starts_with("Atelier"))
        .unwrap();
    item.capacity = Some(1);
    let item = db.save_item(&item).unwrap().id.unwrap();
    // Typed in an order of their own: Julien (20 June) takes the free seat,
    // the others wait by registration date, Thomas before Léa (same minute,
    // his line first).
    for name in [
        "Julien Roche",
        "Léa Fontaine",
        "Thomas Moreau",
        "Nadia Haddad",
    ] {
        db.sign_up(item, person(name), SignupSource::Manual)
            .unwrap();
    }
    // Someone added by hand, without a date, waits after every dated one.
    let walk_in = crate::add_attendee(&mut db, id, "Inès Carpentier");
    db.sign_up(item, walk_in, SignupSource::Manual).unwrap();
    let waiting = |db: &Db| -> Vec<i64> {
        db.registrations(id)
            .unwrap()
            .signups
            .iter()
            .filter(|s| s.item_id == item && s.status == SignupStatus::Waitlisted)
            .map(|s| s.attendee_id)
            .collect()
    };
    let order = |names: &[&str]| -> Vec<i64> {
        names
            .iter()
            .map(|n| if *n == "Inès" { walk_in } else { person(n) })
            .collect()
    };
    assert_eq!(
        waiting(&db),
        order(&["Nadia Haddad", "Thomas Moreau", "Léa Fontaine", "Inès"])
    );
    // The seat, freed, goes to who registered first.
    let julien = db
        .registrations(id)
        .unwrap()
        .signups
        .into_iter()
        .find(|s| s.attendee_id == person("Julien Roche"))
        .unwrap();
    let promoted = db.cancel_signup(julien.id).unwrap();
    assert_eq!(promoted[0].attendee_id, person("Nadia Haddad"));
    // Thomas cancels and asks again: a new request, at the back; Julien,
    // at the desk on the day, after him.
    let thomas = db
        .registrations(id)
        .unwrap()
        .signups
        .into_iter()
        .find(|s| s.attendee_id == person("Thomas Moreau"))
        .unwrap();
    db.cancel_signup(thomas.id).unwrap();
    db.sign_up(item, person("Thomas Moreau"), SignupSource::Manual)
        .unwrap();
    db.sign_up(item, person("Julien Roche"), SignupSource::Desk)
        .unwrap();
    assert_eq!(
        waiting(&db),
        order(&["Léa Fontaine", "Inès", "Thomas Moreau", "Julien Roche"])
    );
    // Undone and redone, the order holds.
    db.undo().unwrap();
    db.redo().unwrap();
    assert_eq!(
        waiting(&db),
        order(&["Léa Fontaine", "Inès", "Thomas Moreau", "Julien Roche"])
    );
}

/// A registration date that is not one names its line and its column, in
/// the preview and in the refusal; unmapping the column lets the list in.
#[test]
fn an_unreadable_registration_date_names_its_line_and_column() {
    let (mut db, id) = event_db(false);
    let bytes = fixture("date-illisible.csv");
    let preview = db.preview_attendees_csv(id, &bytes, None).unwrap();
    assert_eq!(preview.mapping.registered_at, Some(3));
    let error = &preview.errors[0];
    assert_eq!(
        (
            error.line,
            error.column,
            error.field.as_deref(),
            error.reason.as_str()
        ),
        (4, Some(4), Some("registeredAt"), "bad_date")
    );
    assert!(
        error.message.contains("\"Inscrit le\"") && error.message.contains("le 3 juin"),
        "{}",
        error.message
    );
    let refused = db.import_attendees_csv(id, &bytes, None).unwrap_err();
    assert!(
        refused.message.contains("line 4, column 4: \"Inscrit le\""),
        "{}",
        refused.message
    );
    let without = CsvMapping {
        registered_at: None,
        ..preview.mapping.clone()
    };
    let report = db.import_attendees_csv(id, &bytes, Some(&without)).unwrap();
    assert_eq!(report.created, 4);
    assert!(db
        .attendees(id)
        .unwrap()
        .iter()
        .all(|a| a.registered_at.is_none()));
}
