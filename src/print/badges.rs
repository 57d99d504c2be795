//! Name badges, ten to an A4 sheet (2 × 5 badges of 90 × 55 mm) with
//! dashed cut guides: the event, the name, the organisation, and the
//! category or role. Speakers get theirs too when no attendee filter is set;
//! a speaker who is also an attendee gets one badge, as a speaker.

use super::html::Html;
use super::page::{Orientation, PageGeometry};
use super::parts::{self, Ctx};
use crate::model::{Attendee, SpeakerRole};
use crate::words::capitalise;
use crate::words::fold::sort_key;
use std::collections::HashSet;

const PER_SHEET: usize = 10;
/// Names longer than this are set smaller to fit on two lines.
const LONG_NAME: usize = 22;

struct Badge<'a> {
    name: &'a str,
    organisation: &'a str,
    role: &'a str,
    speaker: bool,
}

pub fn render(ctx: &Ctx, attendees: &[&Attendee], with_speakers: bool) -> String {
    // Each with its name's sort key, folded once: for telling a speaker
    // who is also an attendee, and for the order.
    let mut badges: Vec<(String, Badge)> = Vec::new();
    let mut speakers_seen: HashSet<String> = HashSet::new();
    if with_speakers {
        for s in &ctx.p.speakers {
            let roles = ctx
                .p
                .items
                .iter()
                .flat_map(|i| &i.speakers)
                .filter(|l| l.speaker_id == s.id.unwrap_or(-1));
            let moderates_only = roles.clone().count() > 0
                && roles.into_iter().all(|l| l.role == SpeakerRole::Moderator);
            let key = sort_key(&s.name);
            speakers_seen.insert(key.clone());
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
    for a in attendees {
        let key = sort_key(&a.name);
        if speakers_seen.contains(&key) {
            continue;
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
    // Stable, as the order of two badges of one name was before.
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
        for sheet in badges.chunks(PER_SHEET) {
            h.m("<section class=\"sheet\">\n<div class=\"badges\">\n");
            for (_, b) in sheet {
                h.m(if b.speaker {
                    "<div class=\"badge speaker\">"
                } else {
                    "<div class=\"badge\">"
                })
                .el(
                    "<p class=\"badge-event\">",
                    ctx.p.event.title.trim(),
                    "</p>",
                )
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

const CSS: &str = include_str!("css/badges.css");
/// The page of `CSS`'s `@page` rule.
pub const PAGE: PageGeometry = PageGeometry::a4(Orientation::Portrait, [0.0, 0.0, 0.0, 0.0]);
