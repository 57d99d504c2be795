//! Copies of the database ("Sauvegarder…", "Restaurer…", the WAL folded
//! back on closing) and personal data (an attendee erased for good, files
//! readable by their owner only).

use deroule::model::Attendee;
use deroule::{Db, ErrorCode};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn attendee(event_id: i64, name: &str, email: &str) -> Attendee {
    Attendee {
        email: email.into(),
        organisation: "Médiathèque de Bron".into(),
        ..crate::new_attendee(event_id, name)
    }
}

/// The file, and its write-ahead log, hold these bytes somewhere.
fn on_disk(path: &Path, needle: &str) -> bool {
    let wal = path.with_file_name(format!(
        "{}-wal",
        path.file_name().unwrap().to_string_lossy()
    ));
    [
        std::fs::read(path).unwrap(),
        std::fs::read(wal).unwrap_or_default(),
    ]
    .iter()
    .any(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
}

#[test]
fn a_backup_is_a_dated_private_copy_and_restoring_keeps_the_current_one_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journees").join("deroule.db");
    let mut db = Db::open(&path).unwrap();
    // New folder and file: the owner's only.
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    assert_eq!(mode(&path), 0o600);
    db.load_demo().unwrap();

    let name = db.backup_file_name();
    let today = db.now().format("%Y-%m-%d").to_string();
    assert_eq!(name, format!("deroule-sauvegarde-{today}.db"));
    let copy = dir.path().join(&name);
    db.backup_to(&copy).unwrap();
    assert_eq!(mode(&copy), 0o600);
    // A copy made again replaces the first, whole.
    db.backup_to(&copy).unwrap();
    assert_eq!(Db::open(&copy).unwrap().list_events().unwrap().len(), 1);
    // Never over the database itself.
    let err = db.backup_to(&path).unwrap_err();
    assert_eq!(err.reason.as_deref(), Some("own_database"));

    // A second event after the copy; then the copy comes back.
    let other = db.duplicate_event(1, " (copie)").unwrap();
    assert_eq!(db.list_events().unwrap().len(), 2);
    let aside = db.restore_from(&copy).unwrap();
    assert_eq!(
        aside.file_name().unwrap().to_string_lossy(),
        format!("deroule-avant-restauration-{today}.db")
    );
    assert_eq!(db.list_events().unwrap().len(), 1);
    assert_eq!(db.history(), Default::default(), "the history starts again");
    let kept = Db::open(&aside).unwrap();
    let titles: Vec<String> = kept
        .list_events()
        .unwrap()
        .into_iter()
        .map(|e| e.title)
        .collect();
    assert!(titles.contains(&other.title), "{titles:?}");
    assert_eq!(mode(&aside), 0o600);
    // Another connection on the file (the command line) sees the copy.
    assert_eq!(Db::open(&path).unwrap().list_events().unwrap().len(), 1);
    // Restoring again keeps the first one aside too, under another name.
    let again = db.restore_from(&copy).unwrap();
    assert_ne!(again, aside);
    assert!(aside.exists());
}

#[test]
fn only_a_deroule_database_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deroule.db");
    let mut db = Db::open(&path).unwrap();
    db.load_demo().unwrap();
    let before = crate::dump(&db);

    let text = dir.path().join("programme.csv");
    std::fs::write(&text, "nom;email\nAnne;anne@exemple.fr\n").unwrap();
    let other_sqlite = dir.path().join("autre.sqlite");
    rusqlite::Connection::open(&other_sqlite)
        .unwrap()
        .execute_batch("CREATE TABLE notes (t TEXT); PRAGMA user_version = 3;")
        .unwrap();
    let newer = dir.path().join("future.db");
    Db::open(&newer).unwrap();
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 999)
        .unwrap();
    for (file, code, reason) in [
        (&text, ErrorCode::Invalid, Some("not_a_backup")),
        (&other_sqlite, ErrorCode::Invalid, Some("not_a_backup")),
        (&newer, ErrorCode::NewerDatabase, None),
        (&path, ErrorCode::Invalid, Some("own_database")),
    ] {
        let err = db.restore_from(file).unwrap_err();
        assert_eq!(
            (err.code, err.reason.as_deref()),
            (code, reason),
            "{file:?}: {err}"
        );
    }
    assert_eq!(crate::dump(&db), before, "nothing restored");
    let aside = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().contains("avant-restauration")
        })
        .count();
    assert_eq!(aside, 0, "nothing kept aside");
}

#[test]
fn a_checkpoint_folds_the_log_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deroule.db");
    let mut db = Db::open(&path).unwrap();
    db.load_demo().unwrap();
    let wal = dir.path().join("deroule.db-wal");
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    db.checkpoint().unwrap();
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0);
    // The file alone, copied as a person would, is the whole database.
    let copy = dir.path().join("copie-a-la-main.db");
    std::fs::copy(&path, &copy).unwrap();
    assert_eq!(Db::open(&copy).unwrap().list_events().unwrap().len(), 1);
}

/// Deleting an attendee can be undone, so the undo history keeps their
/// row; erasing them for good leaves nothing: not in the history, not in
/// the record of messages sent, not in the file nor its log.
#[test]
fn an_attendee_erased_for_good_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deroule.db");
    let name = "Zéphyrine Quatremaison";
    let email = "zephyrine.quatremaison@exemple.fr";
    let mut db = Db::open(&path).unwrap();
    let event = db.load_demo().unwrap();
    let demo_attendees = db.attendees(event).unwrap().len();
    let kept = db
        .save_attendee(&attendee(event, "Bastien Roux", "bastien.roux@exemple.fr"))
        .unwrap();
    let gone = db.save_attendee(&attendee(event, name, email)).unwrap();
    let gone_id = gone.id.unwrap();
    db.conn()
        .execute(
            "INSERT INTO sent_messages (event_id, batch, recipient, email, message_id, sent_at) \
             VALUES (?1, 'changes:1:abc', ?2, ?3, '<m@deroule>', '2025-06-01T10:00:00Z')",
            rusqlite::params![event, format!("attendee:{gone_id}"), email],
        )
        .unwrap();
    assert!(on_disk(&path, email));

    // A plain delete: undoable, so the log keeps them.
    db.delete_attendee(gone_id).unwrap();
    db.undo().unwrap();
    assert_eq!(db.attendees(event).unwrap().len(), demo_attendees + 2);

    db.erase_attendee(gone_id).unwrap();
    let names: Vec<String> = db
        .attendees(event)
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names.len(), demo_attendees + 1);
    assert!(names.contains(&kept.name) && !names.iter().any(|n| n == name));
    assert_eq!(db.history(), Default::default());
    assert_eq!(db.undo().unwrap_err().code, ErrorCode::NothingToUndo);
    let undo_rows: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM temp.undo_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(undo_rows, 0);
    let sent: i64 = db
        .conn()
        .query_row("SELECT count(*) FROM sent_messages", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sent, 0);
    // While the app is still open: neither the file nor its log.
    for needle in [name, email] {
        assert!(!on_disk(&path, needle), "{needle} is still on disk");
    }
    // The next change is undoable as usual.
    db.delete_attendee(kept.id.unwrap()).unwrap();
    db.undo().unwrap();
    assert_eq!(db.attendees(event).unwrap().len(), demo_attendees + 1);
}

/// An event put aside by a deletion (undo may still bring it back) stays
/// out of a copy: neither listed nor left in its bytes; the database keeps
/// it until the deletion can no longer be undone.
#[test]
fn a_copy_leaves_out_an_event_deleted_but_still_undoable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deroule.db");
    let mut db = Db::open(&path).unwrap();
    let id = db.load_demo().unwrap();
    let kept = db.duplicate_event(id, " (copie)").unwrap().id.unwrap();
    db.save_attendee(&attendee(id, "Zoé Quintard", "zoe.quintard@exemple.org"))
        .unwrap();
    db.delete_event(id).unwrap();

    let copy = dir.path().join("copie.db");
    db.backup_to(&copy).unwrap();
    let listed: Vec<_> = Db::open(&copy)
        .unwrap()
        .list_events()
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(listed, vec![kept]);
    assert!(!on_disk(&copy, "zoe.quintard@exemple.org"));
    assert_eq!(mode(&copy), 0o600);

    db.undo().unwrap();
    assert_eq!(db.list_events().unwrap().len(), 2);
    assert!(db
        .attendees(id)
        .unwrap()
        .iter()
        .any(|a| a.name == "Zoé Quintard"));
}
