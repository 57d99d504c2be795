//! Ranked choices from a registration form's export. Data-driven: every
//! file of tests/fixtures/choices (a Google Forms export with a typo'd
//! workshop title and a person who answered twice, a HelloAsso export with
//! the whole ranking in one cell, an Excel file in Windows-1252 with a bad
//! row of each kind) is previewed and imported into the demo's block, and
//! what came of it (each attendee's ranking and wishes, then the
//! allocation simulated on them) is compared with its snapshot; each file
//! has a case saying what must happen. A refused file leaves the database
//! exactly as it was; an import is one step of undo. Google Forms' ranking
//! grid (one column per workshop, « 1er choix » in its cells), as Forms and
//! Excel write it, with the ties and unreadable cells of a checkbox grid.
//! Then mappings the organiser chose, and the command line.

use crate::{demo_db, dump};
use deroule::signups::csv::choices::{
    ChoiceAlias, ChoiceRowAction, ChoicesImportReport, ChoicesMapping, ChoicesOptions,
    ChoicesPreview,
};
use deroule::signups::csv::CsvEncoding;
use deroule::{Db, Error, ErrorCode};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/choices")
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixtures_dir().join(name)).unwrap()
}

/// The demo's block ("Ateliers d'échanges (2 au choix)").
fn block_of(db: &Db, event: i64) -> i64 {
    db.registrations(event).unwrap().blocks[0].id.unwrap()
}

enum Expect {
    Imported {
        created: i64,
        updated: i64,
        skipped: i64,
        replaced: i64,
    },
    /// Refused for `reason` (the first row's), naming these (line, column).
    Refused {
        reason: &'static str,
        at: &'static [(i64, Option<i64>)],
    },
}

struct Case {
    file: &'static str,
    /// Accept every proposed workshop for a title that names none.
    accept_proposals: bool,
    encoding: CsvEncoding,
    delimiter: &'static str,
    expect: Expect,
}

const CASES: &[Case] = &[
    Case {
        file: "excel-erreurs.csv",
        accept_proposals: false,
        encoding: CsvEncoding::Windows1252,
        delimiter: ";",
        // "beaucoup" wishes, "Atelier cuisine" (nothing close), "Atelier 2"
        // twice, a malformed email.
        expect: Expect::Refused {
            reason: "bad_wishes",
            at: &[(3, Some(6)), (4, Some(4)), (5, Some(5)), (6, Some(3))],
        },
    },
    Case {
        file: "google-forms-typo.csv",
        accept_proposals: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ",",
        // "Atelier 4 : Echange avec des fablab" twice, not accepted.
        expect: Expect::Refused {
            reason: "unknown_workshop",
            at: &[(3, Some(6)), (5, Some(7))],
        },
    },
    Case {
        file: "google-forms-typo.csv",
        accept_proposals: true,
        encoding: CsvEncoding::Utf8,
        delimiter: ",",
        // Manon answered twice: line 6 replaces line 4; Léa chose nothing.
        expect: Expect::Imported {
            created: 2,
            updated: 2,
            skipped: 1,
            replaced: 1,
        },
    },
    Case {
        file: "excel-grid-en.csv",
        accept_proposals: false,
        encoding: CsvEncoding::Windows1252,
        delimiter: ";",
        // The grid's row "Atelier 4 : Echange avec des fab labs", ranked on
        // two lines, names no workshop until its proposal is accepted.
        expect: Expect::Refused {
            reason: "unknown_workshop",
            at: &[(2, Some(9)), (3, Some(9))],
        },
    },
    Case {
        file: "excel-grid-en.csv",
        accept_proposals: true,
        encoding: CsvEncoding::Windows1252,
        delimiter: ";",
        // "Not interested" ranks nothing; Ana Ribeiro is new.
        expect: Expect::Imported {
            created: 1,
            updated: 2,
            skipped: 0,
            replaced: 0,
        },
    },
    Case {
        file: "formulaire-atelier-prefere.csv",
        accept_proposals: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ",",
        // « Atelier préféré » is the 1st choice, « Deuxième atelier » the
        // 2nd.
        expect: Expect::Imported {
            created: 1,
            updated: 2,
            skipped: 0,
            replaced: 0,
        },
    },
    Case {
        file: "formulaire-autre-atelier.csv",
        accept_proposals: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ",",
        // Guessed, « Quel atelier ? » alone is read as the choices: the
        // second choice (« Un autre atelier, si possible ») is lost,
        // which the organiser corrects by choosing the columns (see
        // `explicit_mappings` and the end-to-end test).
        expect: Expect::Imported {
            created: 1,
            updated: 2,
            skipped: 0,
            replaced: 0,
        },
    },
    Case {
        file: "google-forms-grille-cases.csv",
        accept_proposals: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ",",
        // A checkbox grid: « 1er choix » ticked for two workshops, two ranks
        // ticked for one, and a cell that is no rank.
        expect: Expect::Refused {
            reason: "same_rank",
            at: &[(3, Some(7)), (4, Some(6)), (5, Some(6))],
        },
    },
    Case {
        file: "google-forms-grille.csv",
        accept_proposals: false,
        encoding: CsvEncoding::Utf8,
        delimiter: ",",
        // One column per workshop, the rank in each cell; Hugo Perrin's
        // ranks have a gap (1, 3): read in their order. Karima Ouali ranked
        // nothing.
        expect: Expect::Imported {
            created: 1,
            updated: 3,
            skipped: 1,
            replaced: 0,
        },
    },
    Case {
        file: "helloasso-classement.csv",
        accept_proposals: false,
        encoding: CsvEncoding::Utf8Bom,
        delimiter: ";",
        // Damien Nguyen has no email in the file: found by name.
        expect: Expect::Imported {
            created: 1,
            updated: 3,
            skipped: 0,
            replaced: 0,
        },
    },
];

/// The options that accept every proposal of `preview`.
fn accepting(preview: &ChoicesPreview) -> ChoicesOptions {
    ChoicesOptions {
        mapping: None,
        accepted: preview
            .unmatched
            .iter()
            .filter_map(|u| {
                Some(ChoiceAlias {
                    text: u.text.clone(),
                    workshop_id: u.proposal?,
                })
            })
            .collect(),
    }
}

/// What the snapshots show: the mapping, each row as matched, the errors
/// and titles naming no workshop; then the rankings and wishes written and
/// the allocation simulated on them (or the refusal).
fn render(
    db: &Db,
    block: i64,
    preview: &ChoicesPreview,
    outcome: &Result<ChoicesImportReport, Error>,
) -> String {
    let titles: HashMap<i64, &str> = preview
        .workshops
        .iter()
        .map(|w| (w.id, w.title.as_str()))
        .collect();
    let short = |id: i64| titles[&id].split(" : ").next().unwrap().to_owned();
    let m = &preview.mapping;
    let mut out = format!(
        "{:?}, delimiter {:?}, {} rows\nchoices in columns {:?}, wishes in {:?}, \
         name {:?}/{:?}+{:?}, email {:?}\n\n",
        preview.encoding,
        preview.delimiter,
        preview.row_count,
        m.choices.iter().map(|c| c + 1).collect::<Vec<_>>(),
        m.wishes.map(|c| c + 1),
        m.attendee.name.map(|c| c + 1),
        m.attendee.first_name.map(|c| c + 1),
        m.attendee.last_name.map(|c| c + 1),
        m.attendee.email.map(|c| c + 1),
    );
    if !m.grid.is_empty() {
        out.push_str(&format!(
            "ranking grid in columns {:?}\n\n",
            m.grid.iter().map(|c| c + 1).collect::<Vec<_>>()
        ));
    }
    out.push_str(&format!(
        "preview: creates {}, updates {}, unchanged {}, skipped {}, replaced {}\n",
        preview.creates, preview.updates, preview.unchanged, preview.skipped, preview.replaced
    ));
    for r in &preview.rows {
        let choices: Vec<String> = r
            .choices
            .iter()
            .map(|c| match (c.workshop_id, c.proposal) {
                (Some(w), _) if c.accepted => format!("{} (accepted {:?})", short(w), c.text),
                (Some(w), _) => short(w),
                (None, Some(p)) => format!("✗ {:?} → {}?", c.text, short(p)),
                (None, None) => format!("✗ {:?}", c.text),
            })
            .collect();
        out.push_str(&format!(
            "  line {} {:?}{}: {} <{}> | {}{}{}\n",
            r.line,
            r.action,
            r.attendee_id.map_or(String::new(), |id| format!(" #{id}")),
            r.name,
            r.email,
            choices.join(" > "),
            r.wishes.map_or(String::new(), |w| format!(" | wishes {w}")),
            r.replaced_by
                .map_or(String::new(), |l| format!(" | replaced by line {l}")),
        ));
    }
    for u in &preview.unmatched {
        out.push_str(&format!(
            "  unmatched {:?} on lines {:?}, proposed: {}\n",
            u.text,
            u.lines,
            u.proposal.map_or("nothing".into(), short)
        ));
    }
    for e in &preview.errors {
        out.push_str(&format!(
            "  error line {} column {:?} [{}]: {}\n",
            e.line, e.column, e.reason, e.message
        ));
    }
    match outcome {
        Ok(report) => {
            out.push_str(&format!("\nimported: {report:?}\n"));
            let event = db.conn().query_row(
                "SELECT event_id FROM choice_blocks WHERE id = ?1",
                [block],
                |r| r.get::<_, i64>(0),
            );
            let attendees = db.attendees(event.unwrap()).unwrap();
            let wishes = db.block_wishes(block).unwrap();
            for r in preview
                .rows
                .iter()
                .filter(|r| matches!(r.action, ChoiceRowAction::Create | ChoiceRowAction::Update))
            {
                let a = attendees
                    .iter()
                    .find(|a| a.name == r.name || r.attendee_id == a.id)
                    .unwrap();
                let ranking: Vec<String> = db.rankings(a.id.unwrap()).unwrap()[&block]
                    .iter()
                    .map(|&w| short(w))
                    .collect();
                out.push_str(&format!(
                    "  {} <{}>: {} | wishes {:?}\n",
                    a.name,
                    a.email,
                    ranking.join(" > "),
                    wishes.get(&a.id.unwrap())
                ));
            }
            let simulated = db.allocation_problem(block).unwrap();
            let solved =
                deroule::signups::allocation::solver::allocate(&simulated.problem).unwrap();
            let report = Db::allocation_report(&simulated, &solved);
            out.push_str(&format!(
                "simulated: {} attendees, served {}, seats {}/{}, by rank {:?}\n",
                report.attendees,
                report.served,
                report.seats_given,
                report.seats_wished,
                report.by_rank
            ));
        }
        Err(e) => out.push_str(&format!(
            "\nrefused: {}\n",
            serde_json::to_string_pretty(e).unwrap()
        )),
    }
    out
}

/// Every fixture previews and imports as its case and snapshot say; the dry
/// run reports the same and writes nothing; a refused file changes nothing;
/// an import is undone in one step.
#[test]
fn fixtures() {
    let mut files: Vec<String> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut cases: Vec<&str> = CASES.iter().map(|c| c.file).collect();
    cases.sort_unstable();
    cases.dedup();
    assert_eq!(files, cases, "every fixture has a case, and only those");
    for c in CASES {
        let (mut db, event) = demo_db();
        let block = block_of(&db, event);
        let bytes = fixture(c.file);
        let before = dump(&db);
        let guessed = db
            .preview_choices_csv(block, &bytes, &ChoicesOptions::default())
            .unwrap();
        let options = if c.accept_proposals {
            accepting(&guessed)
        } else {
            ChoicesOptions::default()
        };
        let preview = db.preview_choices_csv(block, &bytes, &options).unwrap();
        assert_eq!(
            (preview.encoding, preview.delimiter.as_str()),
            (c.encoding, c.delimiter),
            "{}",
            c.file
        );
        let dry = db.import_choices_csv_dry_run(block, &bytes, &options);
        assert_eq!(dump(&db), before, "{}: a dry run writes nothing", c.file);
        let outcome = db.import_choices_csv(block, &bytes, &options);
        match (&c.expect, &outcome) {
            (
                Expect::Imported {
                    created,
                    updated,
                    skipped,
                    replaced,
                },
                Ok(report),
            ) => {
                let counts = (*created, *updated, *skipped, *replaced);
                assert_eq!(
                    (
                        report.created,
                        report.updated,
                        report.skipped,
                        report.replaced
                    ),
                    counts,
                    "{}",
                    c.file
                );
                assert_eq!(
                    (
                        preview.creates,
                        preview.updates,
                        preview.skipped,
                        preview.replaced
                    ),
                    counts,
                    "{}: the preview says what the import does",
                    c.file
                );
                assert!(preview.errors.is_empty(), "{}", c.file);
                let dry = dry.unwrap();
                assert_eq!(
                    ChoicesImportReport {
                        dry_run: true,
                        ..report.clone()
                    },
                    dry,
                    "{}: the dry run reports what the import does",
                    c.file
                );
                assert_eq!(db.history().undo.as_deref(), Some("choices.import"));
            }
            (Expect::Refused { reason, at }, Err(e)) => {
                assert_eq!(
                    (e.code, e.field.as_deref(), e.reason.as_deref()),
                    (ErrorCode::Invalid, Some("file"), Some(*reason)),
                    "{}",
                    c.file
                );
                let found: Vec<(i64, Option<i64>)> =
                    preview.errors.iter().map(|e| (e.line, e.column)).collect();
                assert_eq!(found, *at, "{}", c.file);
                for (line, column) in *at {
                    let named = match column {
                        Some(col) => format!("line {line}, column {col}: "),
                        None => format!("line {line}: "),
                    };
                    assert!(e.message.contains(&named), "{}: {}", c.file, e.message);
                }
                assert_eq!(dry.as_ref(), Err(e), "{}", c.file);
                assert_eq!(dump(&db), before, "{}: all or nothing", c.file);
            }
            (_, outcome) => panic!("{}: unexpected {outcome:?}", c.file),
        }
        let name = format!(
            "choices_{}{}",
            c.file.trim_end_matches(".csv"),
            if c.accept_proposals { "_accepted" } else { "" }
        );
        insta::assert_snapshot!(name, render(&db, block, &preview, &outcome));
        if outcome.is_ok() {
            let after = dump(&db);
            assert_eq!(db.undo().unwrap().label, "choices.import");
            assert_eq!(dump(&db), before, "{}: one step of undo", c.file);
            db.redo().unwrap();
            assert_eq!(dump(&db), after, "{}", c.file);
        }
    }
}

/// A spreadsheet made by hand: one column per workshop headed by its
/// label, the rank in each cell. The guess reads « Atelier 1 » as a column
/// of workshop names; chosen as a ranking grid, it imports.
const HAND_MADE_GRID: &str = "Nom;Prénom;Courriel;Atelier 1;Atelier 2;Atelier 3;Atelier 4\n\
    Giraud;Laurent;laurent.giraud@example.org;2;;1;\n\
    Belkacem;Inès;ines.belkacem@example.org;;1;3;2\n";

struct Mapped {
    name: &'static str,
    /// The file's bytes.
    file: fn() -> Vec<u8>,
    /// The mapping the organiser chose, from the guessed one.
    choose: fn(ChoicesMapping) -> ChoicesMapping,
}

const MAPPED: &[Mapped] = &[
    Mapped {
        // Only « Atelier préféré »: the organiser leaves the second
        // choice (« Deuxième atelier », guessed as rank 2) out.
        name: "preferred_only",
        file: || fixture("formulaire-atelier-prefere.csv"),
        choose: |m| ChoicesMapping {
            choices: vec![3],
            ..m
        },
    },
    Mapped {
        // « Quel atelier ? » then « Un autre atelier, si possible » as
        // ranks 1 and 2.
        name: "one_then_another",
        file: || fixture("formulaire-autre-atelier.csv"),
        choose: |m| ChoicesMapping {
            choices: vec![3, 4],
            ..m
        },
    },
    Mapped {
        // The grid without its first workshop's column, and no wishes.
        name: "grid_less_a_column",
        file: || fixture("google-forms-grille.csv"),
        choose: |m| ChoicesMapping {
            grid: m.grid[1..].to_vec(),
            wishes: None,
            ..m
        },
    },
    Mapped {
        name: "hand_made_grid",
        file: || HAND_MADE_GRID.as_bytes().to_vec(),
        choose: |m| ChoicesMapping {
            choices: vec![],
            grid: vec![3, 4, 5, 6],
            ..m
        },
    },
];

/// A mapping the organiser chose is the one previewed and imported: each
/// case's guess differs from it, and the import writes what its preview
/// (snapshot) says, not what the guess would.
#[test]
fn explicit_mappings() {
    for case in MAPPED {
        let (mut db, event) = demo_db();
        let block = block_of(&db, event);
        let bytes = (case.file)();
        let guessed = db
            .preview_choices_csv(block, &bytes, &ChoicesOptions::default())
            .unwrap();
        let mapping = (case.choose)(guessed.mapping.clone());
        assert_ne!(mapping, guessed.mapping, "{}", case.name);
        let options = ChoicesOptions {
            mapping: Some(mapping.clone()),
            accepted: vec![],
        };
        let preview = db.preview_choices_csv(block, &bytes, &options).unwrap();
        assert_eq!(preview.mapping, mapping, "{}", case.name);
        let before = dump(&db);
        let outcome = db.import_choices_csv(block, &bytes, &options);
        insta::assert_snapshot!(
            format!("choices_mapped_{}", case.name),
            render(&db, block, &preview, &outcome)
        );
        outcome.unwrap();
        db.undo().unwrap();
        assert_eq!(dump(&db), before, "{}", case.name);
    }
}

/// A mapping naming a column the file lacks, or both rank columns and a
/// grid, is refused before any row is read.
#[test]
fn impossible_mappings_are_refused() {
    let (db, event) = demo_db();
    let block = block_of(&db, event);
    let bytes = fixture("google-forms-grille.csv");
    let guessed = db
        .preview_choices_csv(block, &bytes, &ChoicesOptions::default())
        .unwrap()
        .mapping;
    let refused = |mapping: ChoicesMapping| {
        let options = ChoicesOptions {
            mapping: Some(mapping),
            accepted: vec![],
        };
        let e = db.preview_choices_csv(block, &bytes, &options).unwrap_err();
        (e.field.unwrap(), e.reason.unwrap())
    };
    let both = ChoicesMapping {
        choices: vec![5],
        ..guessed.clone()
    };
    assert_eq!(refused(both), ("mapping".into(), "two_layouts".into()));
    let outside = ChoicesMapping {
        grid: vec![5, 40],
        ..guessed.clone()
    };
    assert_eq!(refused(outside), ("mapping".into(), "bad_column".into()));
    let nothing = ChoicesMapping {
        grid: vec![],
        ..guessed
    };
    let options = ChoicesOptions {
        mapping: Some(nothing),
        accepted: vec![],
    };
    let preview = db.preview_choices_csv(block, &bytes, &options).unwrap();
    assert_eq!(preview.errors[0].reason, "no_choice_column");
}

/// The same file again changes nothing and records no step.
#[test]
fn importing_the_same_choices_again() {
    let (mut db, event) = demo_db();
    let block = block_of(&db, event);
    let bytes = fixture("helloasso-classement.csv");
    let options = ChoicesOptions::default();
    db.import_choices_csv(block, &bytes, &options).unwrap();
    let after = dump(&db);
    let again = db.import_choices_csv(block, &bytes, &options).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 4));
    assert_eq!(dump(&db), after);
    assert_eq!(db.undo().unwrap().label, "choices.import");
    assert_eq!(db.history().undo.as_deref(), Some("demo.load"));
}

/// Wishes set by hand: from 1 to the block's maximum, one step of undo
/// each, read by the allocation; none is the block's maximum.
#[test]
fn wishes_are_checked_undone_and_allocated() {
    let (mut db, event) = demo_db();
    let block = block_of(&db, event);
    let someone = db.attendees(event).unwrap()[0].id.unwrap();
    let before = dump(&db);
    db.set_wishes(someone, block, Some(1)).unwrap();
    assert_eq!(db.wishes(someone).unwrap(), HashMap::from([(block, 1)]));
    assert_eq!(db.history().undo.as_deref(), Some("wishes.set"));
    let prepared = db.allocation_problem(block).unwrap();
    let wished: usize = (0..prepared.problem.attendees.len())
        .map(|a| prepared.problem.wishes(a))
        .sum();
    assert_eq!(
        wished,
        prepared.participants() * 2 - 1,
        "one attendee wishes 1 of 2"
    );
    let too_many = db.set_wishes(someone, block, Some(3)).unwrap_err();
    assert_eq!(
        (too_many.field.as_deref(), too_many.reason.as_deref()),
        (Some("wishes"), Some("out_of_range"))
    );
    assert!(db.set_wishes(someone, block, Some(0)).is_err());
    db.set_wishes(someone, block, None).unwrap();
    assert!(db.wishes(someone).unwrap().is_empty());
    db.undo().unwrap();
    db.undo().unwrap();
    assert_eq!(dump(&db), before);
}

/// A file without choices, or without names, is refused on line 1.
#[test]
fn a_file_without_choices_or_people_is_refused_on_its_header() {
    let (db, event) = demo_db();
    let block = block_of(&db, event);
    let no_choices = "Nom;Prénom;Courriel\nRoux;Jeanne;jeanne@example.org\n";
    let preview = db
        .preview_choices_csv(block, no_choices.as_bytes(), &ChoicesOptions::default())
        .unwrap();
    let reasons: Vec<(i64, &str)> = preview
        .errors
        .iter()
        .map(|e| (e.line, e.reason.as_str()))
        .collect();
    assert_eq!(reasons, [(1, "no_choice_column")]);
    let no_people = "Choix 1;Choix 2\nAtelier 1;Atelier 2\n";
    let preview = db
        .preview_choices_csv(block, no_people.as_bytes(), &ChoicesOptions::default())
        .unwrap();
    assert_eq!(preview.errors[0].reason, "no_person_column");
}

/// `deroule import choices`: refused naming line and column, then with the
/// proposals accepted, written; the allocation runs on what it wrote.
#[test]
fn the_command_line_imports_choices() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("journee.db");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_deroule"))
            .args(args)
            .arg("--db")
            .arg(&db_path)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert!(run(&["demo"]).0);
    let file = fixtures_dir().join("google-forms-typo.csv");
    let file = file.to_str().unwrap();
    let block = "Ateliers d'échanges (2 au choix)";
    let base = ["import", "choices", "--event", "1", "--block", block, file];
    let (ok, _, stderr) = run(&base);
    assert!(!ok);
    assert!(
        stderr.contains("line 3, column 6: \"Atelier 4 : Echange avec des fablab\" is no workshop of the block (the closest is \"Atelier 4 : Échange avec des fablabs\")"),
        "{stderr}"
    );
    let (ok, stdout, stderr) = run(&[&base[..], &["--accept-proposals", "--dry-run"]].concat());
    assert!(ok, "{stderr}");
    let dry: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (dry["dryRun"].as_bool(), dry["created"].as_i64()),
        (Some(true), Some(2))
    );
    let accept = "--accept=Atelier 4 : Echange avec des fablab=atelier 4";
    let (ok, stdout, stderr) = run(&[&base[..], &[accept]].concat());
    assert!(ok, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["updated"], 2);
    assert_eq!(report["wishes"], 3);
    let db = Db::open(&db_path).unwrap();
    let yanis = db
        .attendees(1)
        .unwrap()
        .into_iter()
        .find(|a| a.email == "yanis.cherif@cs-grandvire.fr")
        .unwrap();
    let block_id = block_of(&db, 1);
    assert_eq!(db.rankings(yanis.id.unwrap()).unwrap()[&block_id].len(), 3);
    let (ok, _, stderr) = run(&["allocate", "--event", "1", "--block", block, "--dry-run"]);
    assert!(ok, "{stderr}");
}

/// `deroule import choices --choices/--grid/--wishes/--map`: the columns
/// given replace the guess, by header or number; an unknown header is
/// refused, naming the headers.
#[test]
fn the_command_line_takes_the_columns_given() {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("journee.db");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_deroule"))
            .args(args)
            .arg("--db")
            .arg(&db_path)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.success(), stdout, stderr)
    };
    assert!(run(&["demo"]).0);
    let block = "Ateliers d'échanges (2 au choix)";
    let file = |name: &str| fixtures_dir().join(name).to_string_lossy().into_owned();
    let form = file("formulaire-atelier-prefere.csv");
    let base = ["import", "choices", "--event", "1", "--block", block];

    let (ok, _, stderr) = run(&[
        &base[..],
        &[&form, "--choices", "Atelier prefere,Troisième"],
    ]
    .concat());
    assert!(!ok);
    assert!(
        stderr.contains("no column is headed \"Troisième\""),
        "{stderr}"
    );

    let grid = file("google-forms-grille.csv");
    let args = ["--grid", "7,8,9", "--wishes", "", "--dry-run"];
    let (ok, stdout, stderr) = run(&[&base[..], &[&grid], &args[..]].concat());
    assert!(ok, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (
            &report["created"],
            &report["updated"],
            &report["unchanged"],
            &report["wishes"]
        ),
        (&1.into(), &2.into(), &1.into(), &0.into()),
        "as previewed in choices_mapped_grid_less_a_column: {report}"
    );

    let args = ["--choices", "atelier prefere,5", "--map", "notes="];
    let (ok, stdout, stderr) = run(&[&base[..], &[&form], &args[..]].concat());
    assert!(ok, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (&report["created"], &report["updated"]),
        (&1.into(), &2.into())
    );
    let db = Db::open(&db_path).unwrap();
    let jules = db
        .attendees(1)
        .unwrap()
        .into_iter()
        .find(|a| a.email == "jules.marty@ville-rillieux.fr")
        .unwrap();
    let (memory, event) = demo_db();
    let guessed = memory
        .preview_choices_csv(
            block_of(&memory, event),
            &fixture("formulaire-atelier-prefere.csv"),
            &ChoicesOptions::default(),
        )
        .unwrap();
    assert_eq!(
        guessed.mapping.attendee.notes,
        Some(5),
        "« Remarques » guessed"
    );
    assert_eq!(jules.notes, "", "--map notes= maps nothing to the notes");
    let laurent = db
        .attendees(1)
        .unwrap()
        .into_iter()
        .find(|a| a.email == "laurent.giraud@example.org")
        .unwrap();
    let ranked = &db.rankings(laurent.id.unwrap()).unwrap()[&block_of(&db, 1)];
    assert_eq!(
        ranked.len(),
        2,
        "« Atelier préféré » then « Deuxième atelier »"
    );
}
