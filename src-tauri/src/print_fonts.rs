//! The printed documents' fonts, installed for the app's own processes
//! (Linux).
//!
//! Each printed document embeds its five faces as `data:` URLs, and WebKit
//! decodes them anew in each document it loads: 34–44 ms of every part of
//! a print preview (everyone's badges, 20 sheets at a time; the programme of
//! a large event, in 7 parts). A font the system knows is made once per
//! process and shared by every document. So at start-up the app writes the
//! faces, as TrueType, into its cache folder with a fontconfig file that
//! reads the system's configuration and adds that folder, and points
//! `FONTCONFIG_FILE` at it before any WebKit process starts: its web
//! processes (which inherit the environment) then find "Deroule Sans" and
//! "Deroule Serif", which each document's `@font-face` names first
//! (`local()`, see `deroule::print::html::font_faces`). On the large event,
//! medians of 6 (ms on screen): badges' first sheet 121 -> 100, their next
//! 20 sheets 82 -> 56, the programme's first part 138 -> 89, its next
//! 97 -> 66; the screens are pixel for pixel the same, and a PDF embeds
//! the same TrueType subsets.
//!
//! Once they are installed, the documents the app keeps for its web views
//! drop those copies ([`installed`], `printing::Printed::new`).
//!
//! Nothing depends on it: when the folder cannot be written, the documents
//! use their embedded copies, as in a browser. Only the app's processes (and
//! what they start) see the fonts: nothing is installed for the user's
//! session, and the files' own family names are not "Noto", so no other
//! program's Noto is shadowed.

use std::ffi::{OsStr, OsString};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether [`install`] installed the fonts.
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// Whether the app's web processes find the print fonts installed, so that
/// the documents they show need not carry their embedded copies
/// ([`deroule::print::with_installed_fonts`]).
pub fn installed() -> bool {
    INSTALLED.load(Ordering::Relaxed)
}

/// Installs the fonts and points `FONTCONFIG_FILE` at them, unless
/// `DEROULE_PRINT_FONTS=0`; a failure is only told on stderr.
pub fn install() {
    if std::env::var_os("DEROULE_PRINT_FONTS").is_some_and(|v| v == "0") {
        return;
    }
    let Some(home) = cache_home() else {
        return;
    };
    let current = std::env::var_os("FONTCONFIG_FILE").filter(|v| !v.is_empty());
    match write(&home.join("deroule"), current.as_deref()) {
        Ok(conf) => {
            std::env::set_var("FONTCONFIG_FILE", conf);
            INSTALLED.store(true, Ordering::Relaxed);
        }
        Err(e) => eprintln!(
            "deroule: the print fonts are not installed ({e}); documents use their embedded copies"
        ),
    }
}

/// `$XDG_CACHE_HOME`, or `~/.cache`.
fn cache_home() -> Option<PathBuf> {
    let absolute = |v: OsString| Some(PathBuf::from(v)).filter(|p| p.is_absolute());
    std::env::var_os("XDG_CACHE_HOME")
        .and_then(absolute)
        .or_else(|| Some(absolute(std::env::var_os("HOME")?)?.join(".cache")))
}

/// Writes the faces into `dir/fonts-FINGERPRINT` and, into
/// `dir/fontconfig/fonts.conf`, a configuration that includes `system` (the
/// `FONTCONFIG_FILE` in force; fontconfig's own `fonts.conf` when `None`) and
/// adds that folder; returns the configuration's path.
///
/// The folder is named after the faces it holds ([`fingerprint`]) and comes
/// into place whole (written beside, then renamed), so a folder of that name
/// is used as it is: decoding the faces takes 5 ms, checking the name
/// nothing. The folders of other builds' faces are removed. A configuration
/// already as it should be is left alone.
pub fn write(dir: &Path, system: Option<&OsStr>) -> io::Result<PathBuf> {
    let conf = dir.join("fontconfig").join("fonts.conf");
    if system == Some(conf.as_os_str()) {
        // Started by a process of the app: its configuration already.
        return Ok(conf);
    }
    let name = format!("fonts-{:016x}", fingerprint());
    let fonts = dir.join(&name);
    if !fonts.is_dir() {
        let partial = dir.join(format!("{name}.{}.partial", std::process::id()));
        std::fs::create_dir_all(&partial)?;
        for (stem, woff2) in deroule::print::font_files() {
            std::fs::write(partial.join(format!("{stem}.ttf")), truetype(woff2)?)?;
        }
        if let Err(e) = std::fs::rename(&partial, &fonts) {
            // Another start of the app put the same folder in place first.
            std::fs::remove_dir_all(&partial)?;
            if !fonts.is_dir() {
                return Err(e);
            }
        }
    }
    // Other builds' faces go; one that cannot be removed only stays.
    for entry in std::fs::read_dir(dir)?.flatten() {
        let other = entry.file_name();
        let other = other.to_string_lossy();
        if other.starts_with("fonts-") && !other.ends_with(".partial") && other != name {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let text = |p: &OsStr| {
        p.to_str()
            .map(|p| deroule::print::escape(p).into_owned())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "a path that is not UTF-8"))
    };
    let include = match system {
        Some(file) => text(file)?,
        None => "fonts.conf".to_owned(),
    };
    let xml = format!(
        "<?xml version=\"1.0\"?>\n\
         <!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n\
         <!-- Written by Déroulé at each start: the system's fonts, and those of its printed documents. -->\n\
         <fontconfig>\n  \
         <include ignore_missing=\"yes\">{include}</include>\n  \
         <dir>{}</dir>\n\
         </fontconfig>\n",
        text(fonts.as_os_str())?
    );
    std::fs::create_dir_all(dir.join("fontconfig"))?;
    put(&conf, xml.as_bytes())?;
    Ok(conf)
}

/// A fingerprint of the embedded faces (FNV-1a over their names and bytes):
/// another build with other faces installs them in another folder.
fn fingerprint() -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, bytes) in deroule::print::font_files() {
        for byte in name.bytes().chain([0]).chain(bytes.iter().copied()) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The TrueType font a WOFF2 file holds. Installed as WOFF2, a face shows
/// the same on screen (FreeType reads WOFF2), but a PDF that WebKit prints
/// gets each glyph drawn as a Type 3 procedure instead of the font embedded
/// as TrueType: its printing library takes the file's bytes as they are.
fn truetype(woff2: &[u8]) -> io::Result<Vec<u8>> {
    let mut brotli = |compressed: &[u8], size: usize| {
        let mut out = Vec::with_capacity(size);
        std::io::Read::read_to_end(
            &mut brotli_decompressor::Decompressor::new(compressed, 4096),
            &mut out,
        )?;
        Ok(out)
    };
    wuff::decompress_woff2_with_custom_brotli(woff2, &mut brotli).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("an embedded font cannot be decoded: {e:?}"),
        )
    })
}

/// Writes `bytes` to `path` unless it holds them already, atomically
/// (`deroule::files::write_atomic`): a reader never sees half a file.
fn put(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    deroule::files::write_atomic(path, bytes).map_err(|e| io::Error::other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// What fontconfig's `fc-match` finds for `pattern` under `conf`
    /// (`None`: the system's own configuration).
    fn fc_match(conf: Option<&Path>, cache: &Path, pattern: &str) -> String {
        let mut command = Command::new("fc-match");
        command
            .args(["-f", "%{family[0]}|%{style[0]}|%{file}", pattern])
            .env("XDG_CACHE_HOME", cache)
            .env_remove("FONTCONFIG_PATH");
        match conf {
            Some(conf) => command.env("FONTCONFIG_FILE", conf),
            None => command.env_remove("FONTCONFIG_FILE"),
        };
        let out = command.output().expect("fc-match (fontconfig) runs");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn fontconfig_finds_each_face_by_family_besides_the_systems_fonts() {
        let dir = tempfile::tempdir().unwrap();
        let ours = dir.path().join("a & b <c>");
        let cache = dir.path().join("cache");
        let conf = write(&ours, None).unwrap();
        let fonts = ours.join(format!("fonts-{:016x}", fingerprint()));
        for (pattern, family, style, file) in [
            (
                "Deroule Sans",
                "Deroule Sans",
                "Regular",
                "DerouleSans-Regular.ttf",
            ),
            (
                "Deroule Sans:bold",
                "Deroule Sans",
                "Bold",
                "DerouleSans-Bold.ttf",
            ),
            (
                "Deroule Sans:italic",
                "Deroule Sans",
                "Italic",
                "DerouleSans-Italic.ttf",
            ),
            (
                "Deroule Serif",
                "Deroule Serif",
                "Regular",
                "DerouleSerif-Regular.ttf",
            ),
            (
                "Deroule Serif:bold",
                "Deroule Serif",
                "Bold",
                "DerouleSerif-Bold.ttf",
            ),
        ] {
            let found = fc_match(Some(&conf), &cache, pattern);
            let expected = format!("{family}|{style}|{}", fonts.join(file).display());
            assert_eq!(found, expected, "{pattern}");
            // Without it, the system has no such family.
            let without = fc_match(None, &cache, pattern);
            assert!(!without.starts_with("Deroule"), "{without}");
        }
        // The system's configuration is read as before: its fonts and
        // aliases resolve as they do without ours.
        for pattern in ["sans-serif", "serif", "monospace", "DejaVu Sans:bold"] {
            assert_eq!(
                fc_match(Some(&conf), &cache, pattern),
                fc_match(None, &cache, pattern),
                "{pattern}"
            );
        }
    }

    #[test]
    fn a_second_start_uses_the_faces_in_place_and_other_builds_faces_go() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("fonts-0123456789abcdef");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("DerouleSans-Regular.ttf"), b"old").unwrap();
        let conf = write(dir.path(), None).unwrap();
        let fonts = dir.path().join(format!("fonts-{:016x}", fingerprint()));
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        let ours = fonts.file_name().unwrap().to_str().unwrap();
        assert_eq!(names, ["fontconfig", ours]);
        let mut faces: Vec<_> = std::fs::read_dir(&fonts)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        faces.sort();
        assert_eq!(
            faces,
            [
                "DerouleSans-Bold.ttf",
                "DerouleSans-Italic.ttf",
                "DerouleSans-Regular.ttf",
                "DerouleSerif-Bold.ttf",
                "DerouleSerif-Regular.ttf"
            ]
        );
        let regular = fonts.join("DerouleSans-Regular.ttf");
        let woff2 = deroule::print::font_files()
            .find(|(stem, _)| *stem == "DerouleSans-Regular")
            .unwrap()
            .1;
        assert_eq!(std::fs::read(&regular).unwrap(), truetype(woff2).unwrap());
        // Again: nothing is written, neither the faces nor the
        // configuration (fontconfig keeps its cache of the folder).
        let modified = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
        let before = (modified(&fonts), modified(&regular), modified(&conf));
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(write(dir.path(), None).unwrap(), conf);
        assert_eq!(
            (modified(&fonts), modified(&regular), modified(&conf)),
            before
        );
        // Another start's folder being written is left to it.
        let partial = dir.path().join(format!("{ours}.99.partial"));
        std::fs::create_dir(&partial).unwrap();
        write(dir.path(), None).unwrap();
        assert!(partial.is_dir());
    }

    #[test]
    fn each_face_is_installed_as_truetype() {
        for (name, woff2) in deroule::print::font_files() {
            let ttf = truetype(woff2).unwrap();
            // An sfnt of TrueType outlines, with its glyphs.
            assert_eq!(&ttf[..4], &[0, 1, 0, 0], "{name}");
            let tables = u16::from_be_bytes([ttf[4], ttf[5]]) as usize;
            let tags: Vec<&[u8]> = (0..tables).map(|i| &ttf[12 + 16 * i..][..4]).collect();
            for tag in [b"glyf", b"loca", b"cmap", b"name", b"head"] {
                assert!(
                    tags.contains(&&tag[..]),
                    "{name}: no {}",
                    String::from_utf8_lossy(tag)
                );
            }
            assert!(ttf.len() > 2 * woff2.len(), "{name}");
        }
        assert!(truetype(b"wOF2 but not a font").is_err());
    }

    #[test]
    fn the_users_own_configuration_is_the_one_included() {
        let dir = tempfile::tempdir().unwrap();
        let theirs = dir.path().join("theirs.conf");
        let conf = write(&dir.path().join("ours"), Some(theirs.as_os_str())).unwrap();
        let xml = std::fs::read_to_string(&conf).unwrap();
        assert!(
            xml.contains(&format!(
                "<include ignore_missing=\"yes\">{}</include>",
                theirs.display()
            )),
            "{xml}"
        );
        // Started from a process of the app, whose configuration it is:
        // not included in itself.
        assert_eq!(
            write(&dir.path().join("ours"), Some(conf.as_os_str())).unwrap(),
            conf
        );
        assert_eq!(std::fs::read_to_string(&conf).unwrap(), xml);
    }
}
