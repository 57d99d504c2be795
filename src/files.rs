//! Files on disk, read and written the same way by the app and the command
//! line: every file read for an import is capped in size, and every file
//! written replaces the old one whole or not at all.

use crate::error::{Error, ErrorCode, Result};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The largest file an import reads: 20 MB. A programme of a few thousand
/// items, or an attendee list of a hundred thousand rows, is far below it;
/// anything larger is refused before it is read, so a huge or endless file
/// cannot exhaust memory.
pub const MAX_IMPORT_BYTES: u64 = 20 * 1024 * 1024;

/// The error for a file over [`MAX_IMPORT_BYTES`] (`file`, `too_large`).
pub fn too_large(size: u64) -> Error {
    Error::invalid(
        "file",
        "too_large",
        format!(
            "the file is {:.1} MB; files over {} MB are not imported",
            size as f64 / (1024.0 * 1024.0),
            MAX_IMPORT_BYTES / (1024 * 1024)
        ),
    )
}

/// Refuses a text or content longer than [`MAX_IMPORT_BYTES`].
pub fn check_size(len: usize) -> Result<()> {
    match u64::try_from(len) {
        Ok(n) if n <= MAX_IMPORT_BYTES => Ok(()),
        _ => Err(too_large(len as u64)),
    }
}

/// An I/O failure on `path`, as "cannot VERB PATH: REASON". The write
/// failures a person can act on carry a reason the UI says in words: `disk_full`
/// (no space left, or a file size limit), `read_only` (a read-only disk or
/// share), `permission_denied` (a folder one may not write into).
pub fn cannot(verb: &str, path: &Path, e: std::io::Error) -> Error {
    let writing = verb == "write";
    let reason = match e.raw_os_error().filter(|_| writing) {
        // ENOSPC, EFBIG, EDQUOT
        Some(28 | 27 | 122) => Some("disk_full"),
        // EROFS
        Some(30) => Some("read_only"),
        // EACCES, EPERM
        Some(13 | 1) => Some("permission_denied"),
        _ => None,
    };
    Error {
        reason: reason.map(str::to_owned),
        ..Error::new(
            ErrorCode::Io,
            format!("cannot {verb} {}: {e}", path.display()),
        )
    }
}

/// The bytes of a file to import, refused (`file`, `too_large`) when over
/// [`MAX_IMPORT_BYTES`], without reading more than that (a file that grows
/// while read is refused too).
pub fn read_for_import(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| cannot("read", path, e))?;
    let size = file.metadata().map_err(|e| cannot("read", path, e))?.len();
    if size > MAX_IMPORT_BYTES {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot("read", path, e))?;
    check_size(bytes.len())?;
    Ok(bytes)
}

/// The text of a file to import (UTF-8, with or without a byte order mark),
/// capped as [`read_for_import`].
pub fn read_text_for_import(path: &Path) -> Result<String> {
    let bytes = read_for_import(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        Error::invalid(
            "file",
            "not_utf8",
            format!("line {line}: the file is not UTF-8 text"),
        )
    })
}

/// Writes `contents` to `path` atomically: into a temporary file in the same
/// folder, flushed to the disk (fsync), then renamed over `path`, and the
/// folder synced so the rename lasts ([`replace_with`]). On any failure (disk full, a size
/// limit, a read-only folder) the temporary file is removed and the file
/// that was at `path` is left exactly as it was. The new file keeps the
/// permissions of the one it replaces.
pub fn write_atomic(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(contents.as_ref())
        .map_err(|e| cannot("write", path, e))?;
    file.commit()
}

/// A file written bit by bit that takes the place of `path` whole, or not
/// at all: [`write_atomic`] for contents too large to hold in memory at
/// once. Written into a temporary file beside `path`, put in its place by
/// [`AtomicFile::commit`]; dropped without it, the temporary file is
/// removed and `path` is left as it was.
pub struct AtomicFile {
    file: Option<std::fs::File>,
    tmp: PathBuf,
    path: PathBuf,
}

impl AtomicFile {
    /// The temporary file beside `path`, created new (as `fs::write`
    /// creates, 0666 less the umask, or with the permissions of the file
    /// it will replace).
    pub fn create(path: &Path) -> Result<AtomicFile> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let Some(name) = path.file_name() else {
            return Err(cannot(
                "write",
                path,
                std::io::ErrorKind::InvalidInput.into(),
            ));
        };
        let tmp = folder.join(format!(
            ".{}.{}-{}.part",
            name.to_string_lossy(),
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| cannot("write", path, e))?;
        let file = AtomicFile {
            file: Some(file),
            tmp,
            path: path.to_owned(),
        };
        if let Ok(old) = std::fs::metadata(path) {
            let own = file.file.as_ref().expect("open until committed");
            own.set_permissions(old.permissions())
                .map_err(|e| cannot("write", path, e))?;
        }
        Ok(file)
    }

    /// Puts the written file in the place of `path` ([`replace_with`]).
    pub fn commit(mut self) -> Result<()> {
        drop(self.file.take());
        replace_with(&self.tmp, &self.path)
    }

    /// As [`AtomicFile::commit`], leaving the folder's sync to the caller
    /// ([`Batch`]).
    fn commit_unsynced(mut self) -> Result<()> {
        drop(self.file.take());
        put_in_place(&self.tmp, &self.path)
    }

    fn file(&mut self) -> &mut std::fs::File {
        self.file.as_mut().expect("open until committed")
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file().write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file().flush()
    }
}

impl Seek for AtomicFile {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.file().seek(pos)
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Puts the finished file `tmp` (written beside `path`, by us or by another
/// program such as the PDF printer) in the place of `path`: flushed to the
/// disk, renamed over it, and the folder synced so the rename lasts. On
/// failure `tmp` is removed and `path` is left as it was.
pub fn replace_with(tmp: &Path, path: &Path) -> Result<()> {
    put_in_place(tmp, path)?;
    sync_folder(folder_of(path));
    Ok(())
}

/// `tmp` flushed to the disk and renamed over `path`; on failure removed.
fn put_in_place(tmp: &Path, path: &Path) -> Result<()> {
    let done = std::fs::OpenOptions::new()
        .write(true)
        .open(tmp)
        .and_then(|f| f.sync_all())
        .and_then(|()| std::fs::rename(tmp, path));
    if let Err(e) = done {
        let _ = std::fs::remove_file(tmp);
        return Err(cannot("write", path, e));
    }
    Ok(())
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Syncs a folder, so the renames made in it last.
fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        // Not every system can sync a folder (Windows cannot open one).
        let _ = dir.sync_all();
    }
}

/// Many files written as [`write_atomic`] writes one (each whole or not at
/// all, flushed to the disk), their folders synced once at
/// [`Batch::finish`] instead of after each file: half the syncs for a
/// folder of messages (54 `.eml` files: 51 -> 22 ms with the messages
/// made on another thread).
#[derive(Default)]
pub struct Batch {
    folders: Vec<PathBuf>,
}

impl Batch {
    /// Writes `contents` to `path`, replacing a file there whole.
    pub fn write(&mut self, path: &Path, contents: &[u8]) -> Result<()> {
        let mut file = AtomicFile::create(path)?;
        file.write_all(contents)
            .map_err(|e| cannot("write", path, e))?;
        file.commit_unsynced()?;
        let folder = folder_of(path);
        if !self.folders.iter().any(|f| f == folder) {
            self.folders.push(folder.to_owned());
        }
        Ok(())
    }

    /// Syncs the folders written into, so every file written lasts.
    pub fn finish(self) {
        for folder in &self.folders {
            sync_folder(folder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_failures_say_why_reads_do_not_pretend_to() {
        let at = Path::new("/partage/programme.ics");
        let reason = |verb: &str, errno: i32| {
            cannot(verb, at, std::io::Error::from_raw_os_error(errno)).reason
        };
        assert_eq!(reason("write", 28).as_deref(), Some("disk_full"));
        assert_eq!(reason("write", 27).as_deref(), Some("disk_full"));
        assert_eq!(reason("write", 30).as_deref(), Some("read_only"));
        assert_eq!(reason("write", 13).as_deref(), Some("permission_denied"));
        assert_eq!(reason("write", 5), None);
        assert_eq!(reason("read", 13), None);
        let e = cannot("write", at, std::io::Error::from_raw_os_error(28));
        assert_eq!(e.code, ErrorCode::Io);
        assert!(e
            .message
            .starts_with("cannot write /partage/programme.ics: "));
    }
}
