//! The words the core and the UI both write: dates and times, the accent
//! fold, kind and role names. Each is held once, in `tests/fixtures/words/`
//! or generated from the core's tables, and checked on both sides (the UI's
//! side is `ui/src/lib/words.test.ts`).

use chrono::{NaiveDate, NaiveTime};
use deroule::words::{fold, Lang, Reach};
use serde_json::Value;
use std::path::Path;

fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/words")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn text<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} missing in {case}"))
}

fn time(s: &str) -> NaiveTime {
    NaiveTime::parse_from_str(s, deroule::model::hm::FORMAT).unwrap()
}

#[test]
fn dates_and_times_are_the_fixtures() {
    let f = fixture("dates.json");
    for (lang, code) in [(Lang::Fr, "fr"), (Lang::En, "en")] {
        for case in f["dates"].as_array().unwrap() {
            let date =
                NaiveDate::parse_from_str(text(case, "date"), deroule::model::ymd::FORMAT).unwrap();
            assert_eq!(lang.date(date), text(case, code), "{case}");
        }
        for case in f["times"].as_array().unwrap() {
            assert_eq!(
                lang.time(time(text(case, "time"))),
                text(case, code),
                "{case}"
            );
        }
        for case in f["ranges"].as_array().unwrap() {
            let range = lang.range(time(text(case, "start")), time(text(case, "end")));
            assert_eq!(range, text(case, code), "{case}");
        }
    }
}

#[test]
fn the_fold_is_the_fixture() {
    let f = fixture("fold.json");
    let reaches = [
        (Reach::French, "french"),
        (Reach::Latin, "latin"),
        (Reach::Nordic, "nordic"),
        (Reach::German, "german"),
    ];
    for case in f["cases"].as_array().unwrap() {
        let input = text(case, "input");
        for (reach, key) in reaches {
            assert_eq!(fold(input, reach), text(case, key), "{key} of {input:?}");
        }
        // The UI's search folds like the Latin reach, or the case says why not.
        assert!(
            text(case, "ui") == text(case, "latin") || case["why"].is_string(),
            "{input:?}: the UI's fold differs from the core's without a why"
        );
    }
}

/// The UI's catalogs take kind and role names from a file generated from
/// the core's tables. `UPDATE_BINDINGS=1 cargo test -p deroule words`
/// rewrites it.
#[test]
fn ui_labels_are_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(deroule::words::labels::TS_PATH);
    let expected = deroule::words::labels::typescript();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is stale: run `UPDATE_BINDINGS=1 cargo test -p deroule words` and commit it",
        path.display()
    );
}
