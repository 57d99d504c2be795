//! Name badges, ten to an A4 sheet (2 × 5 badges of 90 × 55 mm) with
//! dashed cut guides: the event, the name, the organisation, and the
//! category or role. Speakers get theirs too when no attendee filter is set;
//! a speaker who is also an attendee gets one badge, as a speaker. An
//! attendee is taken for a speaker when the names are the same (folded) and
//! the organisations agree: the same, one within the other ("Fréquence
//! École", "Association Fréquence École"), or one of them blank. A namesake
//! from another organisation keeps a badge of their own.

use super::html::Html;
use super::page::{Orientation, PageGeometry};
use super::parts::{self, Ctx};
use crate::model::{Attendee, Id, SpeakerRole};
use crate::words::capitalise;
use crate::words::fold::sort_key;
use std::collections::HashMap;

const PER_SHEET: usize = 10;
/// Names longer than this are set smaller to fit on two lines.
const LONG_NAME: usize = 22;
/// About what a badge takes besides the event's title, to size the document
/// once: its markup and a name, an organisation and a role of common length.
const BADGE_BYTES: usize = 200;

struct Badge<'a> {
    name: &'a str,
    organisation: &'a str,
    role: &'a str,
    speaker: bool,
}

/// `attendees` come sorted by their keys, each with its name's sort key.
pub fn render(ctx: &Ctx, attendees: Vec<(String, &Attendee)>, with_speakers: bool) -> String {
    // Each with its name's sort key, folded once: for telling a speaker
    // who is also an attendee, and for the order.
    let mut badges: Vec<(String, Badge)> = Vec::new();
    // Each speaker's folded name, with their organisations' words under it.
    let mut speakers_seen: HashMap<String, Vec<String>> = HashMap::new();
    if with_speakers {
        // Whether each speaker only moderates, from one pass over the
        // items' speakers.
        let mut moderates: HashMap<Id, bool> = HashMap::new();
        for link in ctx.p.items.iter().flat_map(|i| &i.speakers) {
            *moderates.entry(link.speaker_id).or_insert(true) &=
                link.role == SpeakerRole::Moderator;
        }
        for s in &ctx.p.speakers {
            let moderates_only = s.id.and_then(|id| moderates.get(&id)) == Some(&true);
            let key = sort_key(&s.name);
            speakers_seen
                .entry(key.clone())
                .or_default()
                .push(organisation_words(&s.organisation));
            badges.push((
                key,
                Badge {
                    name: s.name.trim(),
                    organisation: s.organisation.trim(),
                    role: if moderates_only {
                        ctx.w.moderator_badge
                    } else {
                        ctx.w.speaker_badge
                    },
                    speaker: true,
                },
            ));
        }
    }
    for (key, a) in attendees {
        if let Some(organisations) = speakers_seen.get(&key) {
            let theirs = organisation_words(&a.organisation);
            if organisations.iter().any(|o| same_organisation(o, &theirs)) {
                continue;
            }
        }
        badges.push((
            key,
            Badge {
                name: a.name.trim(),
                organisation: a.organisation.trim(),
                role: a.category.trim(),
                speaker: false,
            },
        ));
    }
    // Stable: a speaker before an attendee of the same name, attendees in
    // the order given. They come sorted, so this mostly merges the speakers
    // in.
    badges.sort_by(|a, b| a.0.cmp(&b.0));
    let title = format!(
        "{} — {}",
        capitalise(ctx.w.document_badges),
        ctx.p.event.title.trim()
    );
    parts::page(ctx, "doc-badges", CSS, &title, |h: &mut Html| {
        if badges.is_empty() {
            parts::nothing(h, ctx, ctx.w.no_badge);
            return;
        }
        // The event's line is the same on every badge: escaped once.
        let mut event = Html::with_capacity(128);
        event.el(
            "<p class=\"badge-event\">",
            ctx.p.event.title.trim(),
            "</p>",
        );
        h.reserve(badges.len() * (BADGE_BYTES + ctx.p.event.title.len()));
        for sheet in badges.chunks(PER_SHEET) {
            h.m("<section class=\"sheet\">\n<div class=\"badges\">\n");
            for (_, b) in sheet {
                h.m(if b.speaker {
                    "<div class=\"badge speaker\">"
                } else {
                    "<div class=\"badge\">"
                })
                .piece(&event)
                .m(if b.name.chars().count() > LONG_NAME {
                    "<p class=\"badge-name long\">"
                } else {
                    "<p class=\"badge-name\">"
                })
                .t(b.name)
                .m("</p>")
                .el_some("<p class=\"badge-org\">", b.organisation, "</p>")
                .el_some("<p class=\"badge-role\">", b.role, "</p>")
                .m("</div>\n");
            }
            h.m("</div>\n</section>\n");
        }
    })
}

/// Whether two organisations' words ([`organisation_words`]) can be one
/// person's: the same words, the words of one within the other's, or one
/// left blank.
fn same_organisation(a: &str, b: &str) -> bool {
    a.trim().is_empty() || b.trim().is_empty() || a.contains(b) || b.contains(a)
}

/// " w1 w2 … ": the words of an organisation, folded, between spaces, so
/// that containment is of whole words ("art" is not in "departement").
fn organisation_words(organisation: &str) -> String {
    let mut out = String::from(" ");
    for w in sort_key(organisation)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.push_str(w);
        out.push(' ');
    }
    out
}

const CSS: &str = include_str!("css/badges.css");
/// The page of `CSS`'s `@page` rule.
pub const PAGE: PageGeometry = PageGeometry::a4(Orientation::Portrait, [0.0, 0.0, 0.0, 0.0]);

#[cfg(test)]
mod tests {
    use super::{organisation_words, same_organisation};

    fn same(a: &str, b: &str) -> bool {
        same_organisation(&organisation_words(a), &organisation_words(b))
    }

    #[test]
    fn organisations_agree_when_one_holds_the_other_or_is_blank() {
        assert!(same("Fréquence École", "Association Fréquence École"));
        assert!(same("association frequence ecole", "Fréquence École"));
        assert!(same("Métropole de Lyon", "METROPOLE DE LYON "));
        assert!(same("", "Métropole de Lyon"));
        assert!(same("Métropole de Lyon", ""));
        assert!(!same("Métropole de Lyon", "Médiathèque de Bron"));
        assert!(!same("BnF", "Médiathèque de Bron"));
        assert!(!same("Art", "Département du Rhône"));
        assert!(same(
            "L’Atelier « Léonard de Vinci »",
            "l'atelier Léonard de Vinci"
        ));
    }
}
