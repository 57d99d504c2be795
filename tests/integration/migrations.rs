use deroule::db::{known_version, migration_steps, migrations};
use deroule::{Db, ErrorCode};
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

fn schema(conn: &Connection) -> String {
    let mut stmt = conn
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok(format!(
                "{}|{}|{:?}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?
            ))
        })
        .unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
}

#[test]
fn migrations_are_valid() {
    migrations().validate().unwrap();
}

#[test]
fn known_version_matches_the_migrations() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrations().to_latest(&mut conn).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, known_version());
}

/// Upgrading step by step from every earlier version gives the schema a
/// fresh database gets.
#[test]
fn upgrade_equals_fresh() {
    let mut fresh = Connection::open_in_memory().unwrap();
    migrations().to_latest(&mut fresh).unwrap();
    for start in 0..known_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, start as usize).unwrap();
        migrations().to_latest(&mut conn).unwrap();
        assert_eq!(
            schema(&conn),
            schema(&fresh),
            "upgrade from version {start}"
        );
    }
}

/// A migration that fails half-way leaves nothing behind.
#[test]
fn a_failing_migration_changes_nothing() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrations().to_latest(&mut conn).unwrap();
    let before = schema(&conn);
    let mut steps = migration_steps();
    steps.push(M::up(
        "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);",
    ));
    let err = Migrations::new(steps).to_latest(&mut conn);
    assert!(err.is_err());
    assert_eq!(schema(&conn), before);
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, known_version());
}

/// A file written by a newer Déroulé is refused with a clear message, and
/// its bytes are not touched.
#[test]
fn newer_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.db");
    {
        let mut db = Db::open(&path).unwrap();
        db.load_demo().unwrap();
    }
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", known_version() + 1)
            .unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();
    let err = Db::open(&path)
        .err()
        .expect("a newer database must be refused");
    assert_eq!(err.code, ErrorCode::NewerDatabase);
    assert!(
        err.message.contains("newer version of Déroulé"),
        "{}",
        err.message
    );
    assert!(
        std::fs::read(&path).unwrap() == bytes,
        "the file was modified"
    );
}

/// Data written to a file is there when the file is opened again, with
/// foreign keys enforced on the new connection.
#[test]
fn file_database_persists_and_enforces_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub").join("deroule.db");
    let id = Db::open(&path).unwrap().load_demo().unwrap();
    let db = Db::open(&path).unwrap();
    assert_eq!(db.programme(id).unwrap().items.len(), 14);
    let fk: i64 = db
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let mode: String = db
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

/// Every foreign key's column leads an index (or the primary key): a
/// deletion that cascades, or a check that no row still refers to what is
/// deleted, then finds the rows that refer to it without reading the whole
/// table (a deleted attendee once read 5 million calendar rows).
#[test]
fn every_foreign_key_is_indexed() {
    let db = Db::open_in_memory().unwrap();
    let conn = db.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut checked = 0;
    let mut unindexed = Vec::new();
    for table in &tables {
        let leading: Vec<String> = conn
            .prepare("SELECT ii.name FROM pragma_index_list(?1) il, pragma_index_info(il.name) ii WHERE ii.seqno = 0")
            .unwrap()
            .query_map([table], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        // A column that is the table's INTEGER PRIMARY KEY is its rowid,
        // which the table itself is ordered by.
        let rowid: Option<String> = conn
            .query_row(
                "SELECT name FROM pragma_table_info(?1) WHERE pk = 1 AND upper(type) = 'INTEGER' \
                 AND (SELECT count(*) FROM pragma_table_info(?1) WHERE pk > 0) = 1",
                [table],
                |r| r.get(0),
            )
            .ok();
        let leading: Vec<String> = leading.into_iter().chain(rowid).collect();
        let keys: Vec<(String, String)> = conn
            .prepare("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1) WHERE seq = 0")
            .unwrap()
            .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (column, parent) in keys {
            checked += 1;
            if !leading.contains(&column) {
                unindexed.push(format!("{table}.{column} -> {parent}"));
            }
        }
    }
    assert!(checked > 20, "only {checked} foreign keys found");
    assert!(unindexed.is_empty(), "no index leads with: {unindexed:?}");
}

/// Items stored before version 2 get a UID each when the database upgrades.
#[test]
fn upgrade_to_v2_gives_every_item_a_uid() {
    let mut conn = Connection::open_in_memory().unwrap();
    migrations().to_version(&mut conn, 1).unwrap();
    conn.execute_batch(
        "INSERT INTO events (id, title, date, day_start, day_end) VALUES (1, 'Journée', '2025-07-01', '09:30', '17:00');
         INSERT INTO items (event_id, starts_at, ends_at, kind, title) VALUES
           (1, '2025-07-01T09:30', '2025-07-01T10:00', 'welcome', 'Accueil'),
           (1, '2025-07-01T10:00', '2025-07-01T11:15', 'plenary', 'Introduction');",
    )
    .unwrap();
    migrations().to_latest(&mut conn).unwrap();
    let uids: Vec<String> = conn
        .prepare("SELECT uid FROM items ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(uids.len(), 2);
    assert_ne!(uids[0], uids[1]);
    for uid in &uids {
        assert_eq!(uid.len(), 32 + "@deroule".len(), "{uid}");
        assert!(uid.ends_with("@deroule"));
    }
}

/// Version 18 keys `personal_calendar_holders` by its attendee: who holds
/// which list of common items is kept, and deleting an attendee still
/// deletes their row.
#[test]
fn upgrade_to_v18_keeps_who_holds_which_list() {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    migrations().to_version(&mut conn, 17).unwrap();
    conn.execute_batch(
        "INSERT INTO events (id, title, date, day_start, day_end) VALUES (1, 'Journée', '2025-07-01', '09:30', '17:00');
         INSERT INTO attendees (id, event_id, name, created_at) VALUES (7, 1, 'Claire', '2025-06-01T10:00:00Z'), (9, 1, 'Malik', '2025-06-01T10:00:00Z');
         INSERT INTO personal_calendar_commons (id, event_id, uids) VALUES (3, 1, '[\"a@deroule\"]'), (4, 1, '[]');
         INSERT INTO personal_calendar_holders (attendee_id, commons_id) VALUES (7, 3), (9, 4);",
    )
    .unwrap();
    migrations().to_latest(&mut conn).unwrap();
    let held = |conn: &Connection| -> Vec<(i64, i64)> {
        conn.prepare("SELECT attendee_id, commons_id FROM personal_calendar_holders ORDER BY 1")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(held(&conn), [(7, 3), (9, 4)]);
    let key: String = conn
        .query_row(
            "SELECT name FROM pragma_table_info('personal_calendar_holders') WHERE pk = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(key, "attendee_id");
    conn.execute("DELETE FROM attendees WHERE id = 7", [])
        .unwrap();
    assert_eq!(held(&conn), [(9, 4)]);
}

/// A database of an older schema is copied as it was (`VACUUM INTO`, a
/// dated file beside it) before it is migrated; a new database and an up to
/// date one make no copy.
#[test]
fn an_older_database_is_backed_up_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deroule.db");
    let older = known_version() - 1;
    {
        let mut conn = Connection::open(&path).unwrap();
        migrations().to_version(&mut conn, older as usize).unwrap();
        conn.execute(
            "INSERT INTO events (title, date, day_start, day_end) \
             VALUES ('Rencontres des médiathèques', '2025-06-12', '09:00', '17:00')",
            [],
        )
        .unwrap();
    }
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".db"))
            .collect();
        names.sort();
        names
    };
    assert_eq!(listing(), ["deroule.db"]);
    let db = Db::open(&path).unwrap();
    assert_eq!(db.list_events().unwrap().len(), 1);
    let backup = format!(
        "deroule-avant-v{older}-{}.db",
        chrono::Utc::now().format("%Y-%m-%d")
    );
    assert_eq!(listing(), [backup.clone(), "deroule.db".to_owned()]);
    let copy = Connection::open(dir.path().join(&backup)).unwrap();
    let version: i64 = copy
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, older);
    let title: String = copy
        .query_row("SELECT title FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(title, "Rencontres des médiathèques");
    drop(db);
    // Up to date now: opening again makes no other copy.
    Db::open(&path).unwrap();
    assert_eq!(listing().len(), 2);
}

/// A deleted attendee's name and e-mail are overwritten in the file
/// (`secure_delete`), not left in its free pages.
#[test]
fn a_deleted_attendee_leaves_no_trace_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deroule.db");
    let name = "Zéphyrine Quatremaison";
    let email = "zephyrine.quatremaison@exemple.fr";
    {
        let mut db = Db::open(&path).unwrap();
        let id = db.load_demo().unwrap();
        let a = db
            .save_attendee(&deroule::model::Attendee {
                id: None,
                event_id: id,
                name: name.into(),
                email: email.into(),
                organisation: String::new(),
                category: String::new(),
                notes: String::new(),
                registered_at: None,
            })
            .unwrap();
        let contains = |needle: &str| {
            let bytes = std::fs::read(&path).unwrap();
            let wal = std::fs::read(path.with_extension("db-wal")).unwrap_or_default();
            [bytes, wal]
                .iter()
                .any(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
        };
        assert!(contains(email), "the attendee was written");
        db.delete_attendee(a.id.unwrap()).unwrap();
    }
    // Closed: the log is checkpointed into the file.
    let bytes = std::fs::read(&path).unwrap();
    for needle in [name, email] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} is still in the file"
        );
    }
}
