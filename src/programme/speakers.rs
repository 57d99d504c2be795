//! A list of speakers pasted into the directory: one per line, "name,
//! title, organisation", as copied from a spreadsheet (tab-separated) or
//! from a document (semicolons, a dash, or commas). Previewed first; added
//! all at once, in one change, leaving out who is already there.

use crate::db::Db;
use crate::error::{Error, Result};
use crate::model::{ItemSpeaker, Speaker, SpeakerRole};
use crate::programme::store::within;
use crate::words::fold::{fold, Reach};
use crate::words::labels;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;

/// One line of a pasted list, read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PastedSpeaker {
    /// Its line in the pasted text, from 1.
    pub line: usize,
    pub name: String,
    pub title: String,
    pub organisation: String,
    /// Already in the directory (same name, case and accents aside), or
    /// twice in the list: left out.
    pub known: bool,
}

/// Reads one line into (name, title, organisation). Tabs first (a
/// spreadsheet's cells), then semicolons, then " – " / " — " / " - ", then
/// commas. With commas, the first part is the name, the last the
/// organisation when there are three or more, and what lies between the
/// title ("Conservatrice, chargée de mission" keeps its comma).
fn split(line: &str) -> (String, String, String) {
    let parts: Vec<&str> = if line.contains('\t') {
        line.split('\t').collect()
    } else if line.contains(';') {
        line.split(';').collect()
    } else if let Some(sep) = [" – ", " — ", " - "].into_iter().find(|s| line.contains(s)) {
        line.split(sep).collect()
    } else {
        let parts: Vec<&str> = line.split(',').collect();
        if parts.len() > 3 {
            let title = parts[1..parts.len() - 1].join(",");
            return (
                parts[0].trim().to_owned(),
                title.trim().to_owned(),
                parts[parts.len() - 1].trim().to_owned(),
            );
        }
        parts
    };
    // Cells past the third (a spreadsheet's extra columns) are left out.
    let cell = |i: usize| {
        parts
            .get(i)
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    (cell(0), cell(1), cell(2))
}

/// A header line a spreadsheet copy starts with ("Nom", "Name").
fn is_header(name: &str) -> bool {
    matches!(
        fold(name, Reach::Latin).as_str(),
        "nom" | "name" | "nom complet" | "full name" | "intervenant" | "intervenante" | "speaker"
    )
}

/// Reads a pasted list against the directory's names.
pub fn read(text: &str, known_names: &[String]) -> Result<Vec<PastedSpeaker>> {
    crate::files::check_size(text.len())?;
    let mut seen: HashSet<String> = known_names.iter().map(|n| key(n)).collect();
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        // Leading tabs are empty cells, not blanks to trim.
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let (name, title, organisation) = split(line);
        if out.is_empty() && is_header(&name) {
            continue;
        }
        if name.is_empty() {
            return Err(Error::invalid(
                "text",
                "no_name",
                format!("line {}: no name before the first separator", i + 1),
            ));
        }
        let known = !seen.insert(key(&name));
        out.push(PastedSpeaker {
            line: i + 1,
            name,
            title,
            organisation,
            known,
        });
    }
    Ok(out)
}

fn key(name: &str) -> String {
    fold(
        &name.split_whitespace().collect::<Vec<_>>().join(" "),
        Reach::Nordic,
    )
}

impl Db {
    /// What adding a pasted list would do.
    pub fn preview_speakers(&self, text: &str) -> Result<Vec<PastedSpeaker>> {
        let names: Vec<String> = self.list_speakers()?.into_iter().map(|s| s.name).collect();
        read(text, &names)
    }

    /// Adds the speakers of a pasted list who are not in the directory yet,
    /// in one change; returns how many were added.
    pub fn add_speakers(&mut self, text: &str) -> Result<usize> {
        let list = self.preview_speakers(text)?;
        self.change("speaker.paste", |tx| {
            let mut added = 0;
            for s in list.iter().filter(|s| !s.known) {
                within::create_speaker(
                    tx,
                    &Speaker {
                        id: None,
                        name: s.name.clone(),
                        title: s.title.clone(),
                        organisation: s.organisation.clone(),
                        bio: String::new(),
                        email: String::new(),
                        phone: String::new(),
                    },
                )?;
                added += 1;
            }
            Ok(added)
        })
    }
}

/// One speaker of an item as typed in the running order: a name, and a
/// role in parentheses when not plain speaking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedLink {
    pub name: String,
    pub role: SpeakerRole,
}

/// Reads "Marc Giraud (modération), Sophie Reynaud (table ronde)": names
/// separated by commas or semicolons, each with an optional role (in
/// either language) in parentheses; a plain name is a speaker.
pub fn read_links(text: &str) -> Result<Vec<TypedLink>> {
    let mut out: Vec<TypedLink> = Vec::new();
    for part in text.split([',', ';']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (name, role) = match part.strip_suffix(')').and_then(|p| p.rsplit_once('(')) {
            Some((name, role)) => {
                let role = labels::parse_role(role).ok_or_else(|| {
                    Error::invalid(
                        "speakers",
                        "unknown_role",
                        format!("« {} »: no role is called « {} »", name.trim(), role.trim()),
                    )
                })?;
                (name.trim(), role)
            }
            None => (part, SpeakerRole::Speaker),
        };
        if name.is_empty() {
            return Err(Error::invalid(
                "speakers",
                "required",
                format!("« {part} »: a role without a name"),
            ));
        }
        if !out.iter().any(|l| key(&l.name) == key(name)) {
            out.push(TypedLink {
                name: name.to_owned(),
                role,
            });
        }
    }
    Ok(out)
}

/// The directory id of each typed name (case and accents aside), creating
/// those it does not hold yet (name only). Returns the links, in order.
pub(crate) fn link_typed(
    conn: &rusqlite::Connection,
    typed: &[TypedLink],
    existing: &[ItemSpeaker],
) -> Result<(Vec<ItemSpeaker>, usize)> {
    let directory = within::directory(conn)?;
    let mut created = 0;
    let mut links = Vec::new();
    for t in typed {
        let id = match directory.iter().find(|(_, n)| key(n) == key(&t.name)) {
            Some((id, _)) => *id,
            None => {
                created += 1;
                within::create_speaker(
                    conn,
                    &Speaker {
                        id: None,
                        name: t.name.clone(),
                        title: String::new(),
                        organisation: String::new(),
                        bio: String::new(),
                        email: String::new(),
                        phone: String::new(),
                    },
                )?
            }
        };
        // A speaker kept keeps their question.
        let topic = existing
            .iter()
            .find(|l| l.speaker_id == id)
            .map(|l| l.topic.clone())
            .unwrap_or_default();
        links.push(ItemSpeaker {
            speaker_id: id,
            role: t.role,
            topic,
        });
    }
    Ok((links, created))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> (String, String, String) {
        split(line)
    }

    #[test]
    fn separators_as_people_paste_them() {
        let want = |a: &str, b: &str, c: &str| (a.to_owned(), b.to_owned(), c.to_owned());
        assert_eq!(
            one("Claire Vautrin\tDirectrice\tDépartement de l'Isère\t06 00"),
            want("Claire Vautrin", "Directrice", "Département de l'Isère")
        );
        assert_eq!(
            one("Paul Ferrand ; Conservateur honoraire ; ABF"),
            want("Paul Ferrand", "Conservateur honoraire", "ABF")
        );
        assert_eq!(
            one("Nadia Chérif – Cheffe de service, lecture publique – CC du Trièves"),
            want(
                "Nadia Chérif",
                "Cheffe de service, lecture publique",
                "CC du Trièves"
            )
        );
        assert_eq!(
            one("Mathilde Servet, Conservatrice, chargée de mission, Bibliothèques de Paris"),
            want(
                "Mathilde Servet",
                "Conservatrice, chargée de mission",
                "Bibliothèques de Paris"
            )
        );
        assert_eq!(
            one("Marc Giraud, Journaliste"),
            want("Marc Giraud", "Journaliste", "")
        );
        assert_eq!(one("Odile Marchand"), want("Odile Marchand", "", ""));
    }

    #[test]
    fn headers_blank_lines_and_who_is_known() {
        let list = read(
            "Nom\tFonction\tStructure\n\nClaire Vautrin\tDirectrice\tCD38\nclaire  VAUTRIN\t\t\nÉlodie Carré\t\t\n",
            &["Elodie Carre".to_owned()],
        )
        .unwrap();
        let summary: Vec<(usize, &str, bool)> = list
            .iter()
            .map(|s| (s.line, s.name.as_str(), s.known))
            .collect();
        assert_eq!(
            summary,
            [
                (3, "Claire Vautrin", false),
                (4, "claire  VAUTRIN", true),
                (5, "Élodie Carré", true)
            ]
        );
        let err = read("Claire Vautrin\n\t\tCD38\n", &[]).unwrap_err();
        assert!(err.message.starts_with("line 2:"), "{}", err.message);
    }

    #[test]
    fn links_typed_with_their_roles() {
        let links = read_links(
            "Marc Giraud (modération), Sophie Reynaud (Table ronde); Claire Vautrin, marc giraud, Nadia Chérif (keynote)",
        )
        .unwrap();
        let got: Vec<(&str, SpeakerRole)> =
            links.iter().map(|l| (l.name.as_str(), l.role)).collect();
        assert_eq!(
            got,
            [
                ("Marc Giraud", SpeakerRole::Moderator),
                ("Sophie Reynaud", SpeakerRole::Panelist),
                ("Claire Vautrin", SpeakerRole::Speaker),
                ("Nadia Chérif", SpeakerRole::Keynote),
            ]
        );
        assert_eq!(read_links("  ").unwrap(), []);
        let err = read_links("Paul Ferrand (chef)").unwrap_err();
        assert!(err.message.contains("« chef »"), "{}", err.message);
        assert_eq!(
            read_links("A (animation d’atelier)").unwrap()[0].role,
            SpeakerRole::Host
        );
    }
}
