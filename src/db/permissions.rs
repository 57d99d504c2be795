//! A database holds people's names and e-mails: its folder and its file are
//! readable by their owner only (0700 and 0600 on Unix), from the moment
//! they are created, and so are the copies made of it. SQLite gives its
//! `-wal` and `-shm` files the permissions of the database file.

use crate::error::Result;
use std::path::Path;

/// Creates the folders up to `path` (0700) and the empty database file
/// (0600) when they do not exist yet; an existing file or folder keeps its
/// permissions (the user chose them).
pub(crate) fn create_file(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.exists() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(dir)?;
        }
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        // An empty file is an empty SQLite database.
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Makes `path` readable by its owner only (a copy SQLite just wrote with
/// the default permissions).
pub(crate) fn owner_only(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Makes an existing folder readable by its owner only: the app's own data
/// folder, which nobody else has a reason to read.
pub fn restrict_folder(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
