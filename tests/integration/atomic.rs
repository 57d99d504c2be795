//! Files written whole or not at all: the command line's `--out` (and the
//! app, through the same `files::write_atomic`) writes a temporary file
//! beside the target, syncs it and renames it over. A write that fails —
//! a disk full, simulated with a file size limit (`ulimit -f`) on the
//! `deroule` process, or a rename that cannot happen — leaves the old file
//! exactly as it was, and a calendar's SEQUENCE is recorded only once its
//! file is written.

use deroule::exchange::programme_file::{FileItem, FileRoom, ProgrammeFile};
use deroule::model::{Event, EventStatus, ItemKind, Practical, Venue};
use deroule::Db;
use std::path::Path;
use std::process::{Command, Output};

/// A published event whose calendar is about 2 MB: 100 items with long
/// descriptions. Returns its id.
fn big_published_event(path: &Path) -> i64 {
    let mut db = Db::open(path).unwrap();
    let time = |m: u32| chrono::NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap();
    let file = ProgrammeFile {
        event: Event {
            id: None,
            title: "Assises des médiathèques".into(),
            series: String::new(),
            date: "2025-10-26".parse().unwrap(),
            day_start: time(0),
            day_end: time(23 * 60 + 59),
            time_zone: "Europe/Paris".into(),
            language: "fr".into(),
            description: String::new(),
            audience: String::new(),
            practical: Practical::default(),
            organisers: Vec::new(),
            partners: Vec::new(),
            status: EventStatus::Published,
        },
        venue: Venue::default(),
        rooms: vec![FileRoom {
            name: "Auditorium".into(),
            capacity: None,
            accessibility: String::new(),
        }],
        speakers: Vec::new(),
        items: (0..100)
            .map(|i| FileItem {
                date: None,
                start: time(60 + i * 13),
                end: time(60 + i * 13 + 10),
                kind: ItemKind::Keynote,
                title: format!("Conférence n°{i}"),
                description: "Une médiathèque qui s'ouvre à son quartier. ".repeat(400),
                room: Some("Auditorium".into()),
                part_label: String::new(),
                capacity: None,
                remote: false,
                pinned: false,
                speakers: Vec::new(),
                block: None,
            })
            .collect(),
        blocks: Vec::new(),
        attendees: Vec::new(),
    };
    db.import_programme(&file).unwrap()
}

fn calendar_sent_rows(path: &Path) -> i64 {
    Db::open(path)
        .unwrap()
        .conn()
        .query_row("SELECT count(*) FROM calendar_sent", [], |r| r.get(0))
        .unwrap()
}

/// `deroule export ics` under bash with `ulimit -f KB`; `ignore_xfsz`: the
/// signal the kernel sends at the limit is ignored, so the write fails
/// with EFBIG instead of killing the process.
fn export_limited(db: &Path, event: i64, out: &Path, kb: u32, ignore_xfsz: bool) -> Output {
    let trap = if ignore_xfsz { "trap '' XFSZ; " } else { "" };
    Command::new("bash")
        .arg("-c")
        .arg(format!("{trap}ulimit -f {kb}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_deroule"))
        .args(["export", "ics", "--db"])
        .arg(db)
        .args(["--event", &event.to_string(), "--out"])
        .arg(out)
        .output()
        .unwrap()
}

fn folder_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A disk that fills up while the calendar is written: the old calendar is
/// left whole, no temporary file stays behind, and nothing is recorded as
/// sent; with room again, the same export writes it and records it.
#[test]
fn a_full_disk_leaves_the_old_file_and_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("deroule.db");
    let event = big_published_event(&db);
    let out_dir = dir.path().join("exports");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("programme.ics");
    let old = "BEGIN:VCALENDAR\r\nX-OLD:the calendar sent last week\r\nEND:VCALENDAR\r\n";
    std::fs::write(&out, old).unwrap();

    // 1 MB allowed, about 2 MB to write: the write fails with EFBIG.
    let run = export_limited(&db, event, &out, 1024, true);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot write {}", out.display()))
            && stderr.contains("File too large"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), old);
    assert_eq!(folder_entries(&out_dir), ["programme.ics"]);
    assert_eq!(calendar_sent_rows(&db), 0, "nothing recorded as sent");

    // Killed by the limit's signal in the middle of the write (what a
    // crash does): the old file is still whole, nothing recorded.
    let run = export_limited(&db, event, &out, 1024, false);
    assert!(!run.status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), old);
    assert_eq!(calendar_sent_rows(&db), 0, "nothing recorded as sent");

    // With room, the same export replaces it and records what it sent.
    let run = export_limited(&db, event, &out, 100 * 1024, true);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.len() > 1024 * 1024 && written.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(calendar_sent_rows(&db), 100);
}

/// A write that cannot be put in place (the name is taken by a folder) is
/// refused with the path, leaves that folder and its parent as they were,
/// and records nothing.
#[test]
fn a_rename_that_fails_leaves_everything_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("deroule.db");
    let event = big_published_event(&db);
    let out = dir.path().join("programme.ics");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("à garder.txt"), "notes").unwrap();
    let before = folder_entries(dir.path());
    let run = export_limited(&db, event, &out, 100 * 1024, true);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(
        stderr.contains(&format!("cannot write {}", out.display())),
        "{stderr}"
    );
    assert_eq!(folder_entries(dir.path()), before);
    assert_eq!(
        std::fs::read_to_string(out.join("à garder.txt")).unwrap(),
        "notes"
    );
    assert_eq!(calendar_sent_rows(&db), 0);
}

/// `write_atomic` keeps the permissions of the file it replaces.
#[test]
fn a_replaced_file_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("programme.html");
    std::fs::write(&path, "ancien").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    deroule::files::write_atomic(&path, "nouveau").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "nouveau");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_eq!(folder_entries(dir.path()), ["programme.html"]);
}

/// A folder the user may not write into (a shared drive mounted read-only,
/// a colleague's folder): the export is refused with the path, the old
/// file is left whole, no temporary file appears, nothing is recorded.
/// Root writes anywhere, so as root the command runs without the
/// capabilities that override file permissions (`setpriv`).
#[test]
fn a_read_only_folder_leaves_the_old_file_and_records_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("deroule.db");
    let event = big_published_event(&db);
    let out_dir = dir.path().join("partage");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("programme.ics");
    let old = "BEGIN:VCALENDAR\r\nX-OLD:the calendar sent last week\r\nEND:VCALENDAR\r\n";
    std::fs::write(&out, old).unwrap();
    std::fs::set_permissions(&out_dir, std::fs::Permissions::from_mode(0o555)).unwrap();

    let root = std::fs::metadata("/proc/self").map(|m| {
        use std::os::unix::fs::MetadataExt;
        m.uid() == 0
    });
    let mut command = if root.unwrap_or(false) {
        let mut c = Command::new("setpriv");
        c.args([
            "--bounding-set=-dac_override,-dac_read_search,-fowner",
            "--",
        ])
        .arg(env!("CARGO_BIN_EXE_deroule"));
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_deroule"))
    };
    let run = command
        .args(["export", "ics", "--db"])
        .arg(&db)
        .args(["--event", &event.to_string(), "--out"])
        .arg(&out)
        .output()
        .unwrap();
    std::fs::set_permissions(&out_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot write {}", out.display()))
            && stderr.contains("Permission denied"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), old);
    assert_eq!(folder_entries(&out_dir), ["programme.ics"]);
    assert_eq!(calendar_sent_rows(&db), 0, "nothing recorded as sent");
}

/// A file written bit by bit (`AtomicFile`, as the app packs everyone's
/// calendars): dropped before it is put in place, the old file stays and
/// no temporary file is left; committed, it replaces the old one.
#[test]
fn a_file_written_bit_by_bit_replaces_the_old_one_only_when_done() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calendriers.zip");
    std::fs::write(&path, "ancien").unwrap();
    let mut file = deroule::files::AtomicFile::create(&path).unwrap();
    file.write_all(b"nouveau, en partie").unwrap();
    assert_eq!(folder_entries(dir.path()).len(), 2, "the temporary file");
    drop(file);
    assert_eq!(folder_entries(dir.path()), ["calendriers.zip"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "ancien");

    let mut file = deroule::files::AtomicFile::create(&path).unwrap();
    file.write_all(b"nouveau").unwrap();
    file.commit().unwrap();
    assert_eq!(folder_entries(dir.path()), ["calendriers.zip"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "nouveau");
}
