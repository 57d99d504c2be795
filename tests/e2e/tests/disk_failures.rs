//! Saving onto a disk that is full, then onto one that is read-only, from
//! the app's menus: a calendar export and a printed programme saved as PDF.
//! Each time the previous file stays exactly as it was (same bytes, same
//! inode: it was not replaced), no temporary file is left behind, and the
//! person reads what happened in words.
//!
//! The folder the app saves into (`--save-to`) is a small tmpfs: a real
//! file system that runs out of space (ENOSPC), then remounted read-only
//! (EROFS). Mounting needs root (CAP_SYS_ADMIN), as CI and the dev
//! container run.

use crate::harness::{screenshot_path, App, TempDb};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

const ICS: &str = "la-metamorphose-reciproque-2022-12-09.ics";

/// A tmpfs mounted on a temporary folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Tmpfs {
        let dir = tempfile::tempdir().unwrap();
        let tmpfs = Tmpfs { dir };
        tmpfs.run(&["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"]);
        tmpfs
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount_read_only(&self) {
        self.run(&["-o", "remount,ro"]);
    }

    fn run(&self, args: &[&str]) {
        let out = Command::new("mount")
            .args(args)
            .arg(self.path())
            .output()
            .expect("cannot run mount");
        assert!(
            out.status.success(),
            "mount {args:?} failed (this test mounts a tmpfs: run it as root): {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Fills the disk with a file, leaving `free` bytes or less.
    fn fill(&self, free: u64) {
        let avail = available(self.path());
        let size = avail.saturating_sub(free);
        let filler = self.path().join("remplissage");
        let written = std::fs::write(&filler, vec![0u8; size as usize]);
        assert!(written.is_ok(), "cannot fill the disk: {written:?}");
        assert!(available(self.path()) <= free + 4096);
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.path()).status();
    }
}

/// Bytes free on the file system of `dir`, as `df` says.
fn available(dir: &Path) -> u64 {
    let out = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(dir)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.trim().parse().ok())
        .expect("df gives the space available")
}

/// A file's bytes and inode, to tell it was neither changed nor replaced.
fn identity(path: &Path) -> (Vec<u8>, u64) {
    (
        std::fs::read(path).unwrap(),
        std::fs::metadata(path).unwrap().ino(),
    )
}

/// The files of the folder, the filler aside.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "remplissage")
        .collect();
    names.sort();
    names
}

/// Clicks `button` and returns what `said` says once it says something new
/// (each step of the test expects another sentence than the step before).
async fn outcome(app: &App, button: &str, said: &str) -> String {
    let read =
        format!("const e = document.querySelector('{said}'); return e ? e.textContent.trim() : ''");
    let before = app.js_text(&read).await;
    app.click(button).await;
    let mut now = String::new();
    app.wait_until("the outcome", async || {
        now = app.js_text(&read).await;
        Ok(!now.is_empty() && now != before && !now.starts_with("Enregistrement"))
    })
    .await;
    now
}

/// Exports the whole programme as a calendar; what the app said.
async fn export_ics(app: &App) -> String {
    app.click("[data-testid=export-menu]").await;
    app.wait_for("[data-testid=export-panel]").await;
    let said = outcome(
        app,
        "[data-testid=export-go]",
        "[data-testid=export-result]",
    )
    .await;
    app.click("[data-testid=export-menu]").await;
    app.wait_gone("[data-testid=export-panel]").await;
    said
}

/// Saves the programme as PDF from the print preview; what the app said
/// (the preview shot as `shot` when given).
async fn save_pdf(app: &App, shot: Option<&str>) -> String {
    app.click("[data-testid=print-menu]").await;
    app.click("[data-testid=print-doc-programme]").await;
    app.wait_for("[data-testid=print-preview]").await;
    let said = outcome(app, "[data-testid=print-pdf]", "[data-testid=print-result]").await;
    if let Some(name) = shot {
        app.screenshot(screenshot_path(name)).await;
    }
    app.press(fantoccini::key::Key::Escape).await;
    app.wait_gone("[data-testid=print-preview]").await;
    said
}

#[tokio::test]
async fn a_full_or_read_only_disk_keeps_the_previous_files_and_says_so() {
    let disk = Tmpfs::mount("8m");
    let db = TempDb::new();
    let out = disk.path().to_string_lossy().into_owned();
    let app = App::start_with(db.path(), &["--save-to", &out]).await;
    app.load_demo().await;

    // Last week's files, saved as usual.
    assert!(export_ics(&app).await.starts_with("Enregistré : "));
    let said = save_pdf(&app, None).await;
    assert!(said.starts_with("PDF enregistré : "), "{said}");
    let pdf: PathBuf = disk.path().join(
        files(disk.path())
            .into_iter()
            .find(|n| n.ends_with(".pdf"))
            .expect("the PDF saved"),
    );
    let ics = disk.path().join(ICS);
    let (old_ics, old_pdf) = (identity(&ics), identity(&pdf));
    let before = files(disk.path());

    // The disk full but for a few kilobytes: more than a new file takes to
    // start, less than the calendar (≈ 20 kB) or the PDF needs.
    disk.fill(8 * 1024);
    let full = "Le disque est plein : rien n’a été enregistré et le fichier précédent, \
                s’il y en avait un, est intact. Libérez de la place ou choisissez un autre emplacement.";
    assert_eq!(export_ics(&app).await, full);
    assert_eq!(save_pdf(&app, Some("disk_full_pdf")).await, full);
    assert_eq!(identity(&ics), old_ics, "the calendar was touched");
    assert_eq!(identity(&pdf), old_pdf, "the PDF was touched");
    assert_eq!(files(disk.path()), before, "a temporary file was left");

    // Space again, but the disk read-only (a share mounted so).
    std::fs::remove_file(disk.path().join("remplissage")).unwrap();
    disk.remount_read_only();
    let read_only = "Ce disque ou ce dossier est en lecture seule : rien n’a été enregistré \
                     et le fichier précédent est intact. Choisissez un autre emplacement.";
    assert_eq!(export_ics(&app).await, read_only);
    assert_eq!(save_pdf(&app, None).await, read_only);
    assert_eq!(identity(&ics), old_ics);
    assert_eq!(identity(&pdf), old_pdf);
    assert_eq!(files(disk.path()), before);
    app.quit().await;
}
