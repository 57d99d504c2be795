use deroule::model::Speaker;
use deroule::{Db, ErrorCode};

/// The UI reads errors as JSON: this is the contract.
#[test]
fn error_json_shape() {
    let mut db = Db::open_in_memory().unwrap();
    let err = db
        .save_speaker(&Speaker {
            id: None,
            name: "  ".into(),
            title: String::new(),
            organisation: String::new(),
            bio: String::new(),
            email: String::new(),
            phone: String::new(),
        })
        .unwrap_err();
    insta::assert_json_snapshot!("error_invalid", err);

    let err = db.delete_item(42).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    insta::assert_json_snapshot!("error_not_found", err);

    let err = db.undo().unwrap_err();
    insta::assert_json_snapshot!("error_nothing_to_undo", err);
}
