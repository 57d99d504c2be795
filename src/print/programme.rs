//! The programme, A4: the event, the day in order, the practical
//! information, organisers and partners. It flows onto as many pages as it
//! needs; no item is cut in two.

use super::html::Html;
use super::page::PageGeometry;
use super::parts::{self, Ctx, Detail};
use crate::model::Item;
use std::collections::HashSet;

pub fn render(ctx: &Ctx) -> String {
    let e = &ctx.p.event;
    let title = format!("{} — {}", ctx.w.programme, e.title.trim());
    parts::page(ctx, "doc-programme", CSS, &title, |h: &mut Html| {
        h.m("<main class=\"sheet\">\n");
        parts::event_header(h, ctx);
        parts::subscribe(h, ctx);
        parts::intro(h, ctx);
        h.m("<section class=\"programme\">\n")
            .el("<h2>", ctx.w.programme, "</h2>\n");
        let items: Vec<&Item> = ctx.p.items.iter().collect();
        if items.is_empty() {
            h.el("<p class=\"nothing\">", ctx.w.empty_programme, "</p>\n");
        } else {
            parts::day_list(h, ctx, &items, Detail::Full, &HashSet::new());
        }
        h.m("</section>\n<section class=\"practical\">\n")
            .el("<h2>", ctx.w.practical, "</h2>\n");
        parts::practical_facts(h, ctx, parts::Facts::All);
        h.m("</section>\n</main>\n");
    })
}

const CSS: &str = include_str!("css/programme.css");
/// `CSS` has no `@page` rule of its own: the base's applies.
pub const PAGE: PageGeometry = super::parts::BASE_PAGE;
