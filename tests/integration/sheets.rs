//! Spreadsheets read back by independent readers: Python's openpyxl for
//! `.xlsx`, Python's csv module for `.csv`. Both must hold the same cells,
//! and those cells must say what the database holds.

use super::{demo_db, python};
use deroule::exchange::sheets::{Sheet, SheetFormat};
use deroule::model::SignupStatus;
use deroule::Db;
use std::collections::HashSet;
use std::process::Command;

const READ: &str = r#"
import sys, json, csv, openpyxl
path, kind = sys.argv[1], sys.argv[2]
def text(v):
    if v is None: return ""
    if isinstance(v, float) and v.is_integer(): return str(int(v))
    return str(v)
if kind == "xlsx":
    wb = openpyxl.load_workbook(path)
    assert len(wb.worksheets) == 1
    ws = wb.worksheets[0]
    rows = [[text(c) for c in r] for r in ws.iter_rows(values_only=True)]
    out = {"title": ws.title, "frozen": ws.freeze_panes, "filter": ws.auto_filter.ref, "rows": rows}
else:
    raw = open(path, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f, delimiter=sys.argv[3])]
    out = {"rows": rows}
print(json.dumps(out))
"#;

/// The sheet written as `format`, read back: (xlsx's details, rows).
fn read(
    db: &Db,
    event: i64,
    sheet: Sheet,
    format: SheetFormat,
) -> (serde_json::Value, Vec<Vec<String>>) {
    let file = db.sheet(event, sheet, None).unwrap().file(format).unwrap();
    assert!(
        file.file_name.ends_with(format.extension()),
        "{}",
        file.file_name
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(&file.file_name);
    std::fs::write(&path, &file.bytes).unwrap();
    let out = Command::new(python(&["openpyxl"]))
        .args(["-c", READ])
        .arg(&path)
        .arg(format.extension())
        .arg(";")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = serde_json::from_value(v["rows"].clone()).unwrap();
    (v, rows)
}

/// Both formats, which must agree; returns the rows.
fn both(db: &Db, event: i64, sheet: Sheet) -> Vec<Vec<String>> {
    let (x, xlsx) = read(db, event, sheet, SheetFormat::Xlsx);
    let (_, csv) = read(db, event, sheet, SheetFormat::Csv);
    assert_eq!(xlsx, csv, "{sheet:?}: xlsx and csv differ");
    assert_eq!(x["frozen"], "A2", "{sheet:?}: the header row is frozen");
    assert!(
        x["filter"].as_str().is_some_and(|f| f.starts_with("A1:")),
        "{x}"
    );
    xlsx
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name:?} in {:?}", rows[0]))
}

#[test]
fn attendees_and_sign_ups_say_what_the_database_holds() {
    let (db, event) = demo_db();
    let reg = db.registrations(event).unwrap();
    let programme = db.programme(event).unwrap();

    let rows = both(&db, event, Sheet::Attendees);
    assert_eq!(rows.len(), reg.attendees.len() + 1);
    let (name, email, confirmed) = (
        column(&rows, "Nom"),
        column(&rows, "E-mail"),
        column(&rows, "Ateliers confirmés"),
    );
    for (row, a) in rows[1..].iter().zip(&reg.attendees) {
        assert_eq!((&row[name], &row[email]), (&a.name, &a.email));
        let held = reg
            .signups
            .iter()
            .filter(|s| Some(s.attendee_id) == a.id && s.status == SignupStatus::Confirmed)
            .count();
        let listed = row[confirmed].lines().filter(|l| !l.is_empty()).count();
        assert_eq!(listed, held, "{}", a.name);
    }

    let rows = both(&db, event, Sheet::Signups);
    assert_eq!(rows.len(), reg.signups.len() + 1);
    let (title, status, who, rank) = (
        column(&rows, "Atelier"),
        column(&rows, "Statut"),
        column(&rows, "Nom"),
        column(&rows, "Rang d'attente"),
    );
    for item in &programme.items {
        let of = |st| {
            reg.signups
                .iter()
                .filter(|s| s.item_id == item.id.unwrap() && s.status == st)
                .map(|s| {
                    reg.attendees
                        .iter()
                        .find(|a| a.id == Some(s.attendee_id))
                        .unwrap()
                        .name
                        .clone()
                })
                .collect::<Vec<_>>()
        };
        // Rows of this item by its time and title, in the sheet's order.
        let start = item.starts_at.format("%Y-%m-%d %H:%M").to_string();
        let mine: Vec<&Vec<String>> = rows[1..]
            .iter()
            .filter(|r| r[0] == start && r[title] == item.title)
            .collect();
        let names = |st: &str| {
            mine.iter()
                .filter(|r| r[status] == st)
                .map(|r| r[who].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names("confirmé"),
            of(SignupStatus::Confirmed),
            "{}",
            item.title
        );
        assert_eq!(
            names("en attente"),
            of(SignupStatus::Waitlisted),
            "{}",
            item.title
        );
        let ranks: Vec<String> = mine
            .iter()
            .filter(|r| r[status] == "en attente")
            .map(|r| r[rank].clone())
            .collect();
        let expected: Vec<String> = (1..=ranks.len()).map(|k| k.to_string()).collect();
        assert_eq!(ranks, expected);
    }
}

#[test]
fn the_allocation_sheet_gives_each_ranking_and_the_seats_held() {
    let (db, event) = demo_db();
    let reg = db.registrations(event).unwrap();
    let rows = both(&db, event, Sheet::Allocation);
    let ranked: usize = reg
        .attendees
        .iter()
        .map(|a| db.rankings(a.id.unwrap()).unwrap().len())
        .sum();
    assert!(ranked > 0);
    assert_eq!(rows.len(), ranked + 1);
    let (name, given, got, choices) = (
        column(&rows, "Nom"),
        column(&rows, "Obtenus"),
        column(&rows, "Ateliers obtenus"),
        column(&rows, "Choix classés"),
    );
    let block_items: HashSet<i64> = db
        .programme(event)
        .unwrap()
        .items
        .iter()
        .filter(|i| i.block_id.is_some())
        .map(|i| i.id.unwrap())
        .collect();
    for row in &rows[1..] {
        let a = reg.attendees.iter().find(|a| a.name == row[name]).unwrap();
        let held = reg
            .signups
            .iter()
            .filter(|s| {
                Some(s.attendee_id) == a.id
                    && s.status == SignupStatus::Confirmed
                    && block_items.contains(&s.item_id)
            })
            .count();
        assert_eq!(row[given], held.to_string(), "{}", a.name);
        assert_eq!(row[got].lines().count(), held, "{}", a.name);
        assert!(row[choices].starts_with("1. "), "{}", row[choices]);
        // Seats given by the allocation are among the ranked choices.
        for line in row[got].lines() {
            assert!(line.contains("(choix "), "{line}");
        }
    }
}

#[test]
fn the_changes_sheet_lists_each_change_with_its_counts() {
    let (mut db, event) = demo_db();
    // No version yet: the sheet is refused with the reason.
    let err = db.sheet(event, Sheet::Changes, None).unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("no_version"));
    db.mark_version(event, "Programme imprimé").unwrap();
    let mut item = db
        .programme(event)
        .unwrap()
        .items
        .into_iter()
        .find(|i| i.title.starts_with("Atelier 1"))
        .unwrap();
    item.starts_at += chrono::Duration::minutes(30);
    item.ends_at += chrono::Duration::minutes(30);
    db.save_item(&item).unwrap();
    let report = db.changes(event, None, None).unwrap();
    let rows = both(&db, event, Sheet::Changes);
    assert_eq!(rows.len(), 2);
    let row = &rows[1];
    assert_eq!(row[column(&rows, "Modification")], "horaire");
    assert_eq!(
        row[column(&rows, "Avant")],
        "2022-12-09T14:00/2022-12-09T15:00"
    );
    assert_eq!(row[column(&rows, "En clair")], "Déplacé de 14h à 14h30");
    assert_eq!(
        row[column(&rows, "Participants concernés")],
        report.changes[0].attendee_ids.len().to_string()
    );
}
