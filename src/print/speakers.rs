//! Speaker sheets, one per speaker: for each item they take part in, when
//! and where, their role and question, who moderates, and the other
//! speakers with their questions; then how to reach the venue.

use super::html::Html;
use super::page::{Orientation, PageGeometry};
use super::parts::{self, Ctx};
use crate::model::{Item, Speaker, SpeakerRole};
use crate::words::capitalise;
use crate::words::fold::sort_key;

pub fn render(ctx: &Ctx) -> String {
    let title = format!("{} — {}", ctx.w.speaker_sheet, ctx.p.event.title.trim());
    let mut speakers: Vec<&Speaker> = ctx.p.speakers.iter().collect();
    speakers.sort_by_cached_key(|s| (sort_key(&s.name), s.id));
    parts::page(ctx, "doc-speakers", CSS, &title, |h: &mut Html| {
        if speakers.is_empty() {
            parts::nothing(h, ctx, ctx.w.no_speaker);
            return;
        }
        for s in speakers {
            sheet(h, ctx, s);
        }
    })
}

fn sheet(h: &mut Html, ctx: &Ctx, s: &Speaker) {
    h.m("<section class=\"sheet\">\n");
    parts::mini_header(h, ctx);
    h.m("<div class=\"person\">\n")
        .el("<p class=\"doc-label\">", ctx.w.speaker_sheet, "</p>\n")
        .el("<h1 class=\"person-name\">", s.name.trim(), "</h1>\n");
    let about: Vec<&str> = [s.title.trim(), s.organisation.trim()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if !about.is_empty() {
        h.el("<p class=\"person-about\">", &about.join(" · "), "</p>\n");
    }
    h.m("</div>\n");
    for item in ctx
        .p
        .items
        .iter()
        .filter(|i| i.speakers.iter().any(|l| Some(l.speaker_id) == s.id))
    {
        engagement(h, ctx, s, item);
    }
    h.m("<footer class=\"practical\">\n");
    parts::practical_facts(h, ctx, parts::Facts::Venue);
    h.m("</footer>\n</section>\n");
}

fn engagement(h: &mut Html, ctx: &Ctx, s: &Speaker, item: &Item) {
    let lang = ctx.lang;
    let w = ctx.w;
    h.m("<article class=\"engagement\">\n");
    // The date is the event's, on top of the sheet.
    h.m("<p class=\"eng-when\">").el(
        "<span class=\"eng-time\">",
        &lang.range(item.starts_at.time(), item.ends_at.time()),
        "</span>",
    );
    if let Some(room) = ctx.room_name(item) {
        h.m(" · ")
            .el("<span class=\"eng-room\">", room.trim(), "</span>");
    }
    h.m("</p>\n");
    h.el("<p class=\"kind\">", lang.kind(item.kind), "</p>\n");
    h.el("<h2 class=\"eng-title\">", item.title.trim(), "</h2>\n");
    if !item.description.trim().is_empty() {
        h.m("<p class=\"desc\">")
            .lines(&item.description)
            .m("</p>\n");
    }
    if item.remote {
        h.el(
            "<p class=\"meta\"><span class=\"remote\">",
            &capitalise(w.remote),
            "</span></p>\n",
        );
    }
    h.m("<dl class=\"facts\">\n");
    for link in item.speakers.iter().filter(|l| Some(l.speaker_id) == s.id) {
        h.el("<dt>", w.your_role, "</dt>")
            .el("<dd>", lang.role_noun(link.role), "</dd>\n");
        if !link.topic.trim().is_empty() {
            h.el("<dt>", w.your_question, "</dt>").el(
                "<dd class=\"topic\">",
                &lang.quote(&link.topic),
                "</dd>\n",
            );
        }
    }
    let others = |moderators: bool| {
        item.speakers.iter().filter(move |l| {
            Some(l.speaker_id) != s.id && (l.role == SpeakerRole::Moderator) == moderators
        })
    };
    if others(true).next().is_some() {
        h.el("<dt>", w.moderation, "</dt>").m("<dd>");
        for (i, link) in others(true).enumerate() {
            if let Some(m) = ctx.speaker(link.speaker_id) {
                if i > 0 {
                    h.m("<br>");
                }
                parts::speaker_identity(h, m);
            }
        }
        h.m("</dd>\n");
    }
    if others(false).next().is_some() {
        h.el("<dt>", w.other_speakers, "</dt>")
            .m("<dd><ul class=\"speakers\">\n");
        for link in others(false) {
            let Some(o) = ctx.speaker(link.speaker_id) else {
                continue;
            };
            h.m("<li>");
            parts::speaker_identity(h, o);
            if let Some(note) = lang.role_note(link.role) {
                h.el("<span class=\"role\"> — ", note, "</span>");
            }
            if !link.topic.trim().is_empty() {
                h.el(
                    "<span class=\"topic\">",
                    &lang.quote(&link.topic),
                    "</span>",
                );
            }
            h.m("</li>\n");
        }
        h.m("</ul></dd>\n");
    }
    h.m("</dl>\n</article>\n");
}

const CSS: &str = include_str!("css/speakers.css");
/// The page of `CSS`'s `@page` rule.
pub const PAGE: PageGeometry = PageGeometry::a4(Orientation::Portrait, [14.0, 16.0, 14.0, 16.0]);
