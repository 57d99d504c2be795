//! The programme as a web page, for the organisation's website: one
//! self-contained HTML file (fonts embedded, no script, nothing loaded),
//! readable on a phone, printable on A4, in French or English. It says what
//! the printed programme says (the event, the day in order with rooms,
//! times, speakers and parts, the practical information, the calendar to
//! subscribe to), laid out for a screen: one column, parts as headings a
//! screen reader can jump between, a link to skip to the programme.

use super::html::Html;
use super::parts::{self, Ctx, Detail};
use crate::model::Item;
use std::collections::HashSet;

pub fn render(ctx: &Ctx) -> String {
    let e = &ctx.p.event;
    parts::page(
        ctx,
        "doc-programme doc-web",
        CSS,
        e.title.trim(),
        |h: &mut Html| {
            h.el(
                "<a class=\"skip\" href=\"#programme\">",
                ctx.w.skip_to_programme,
                "</a>\n",
            );
            h.m("<main class=\"sheet\">\n");
            parts::event_header(h, ctx);
            parts::intro(h, ctx);
            parts::subscribe(h, ctx);
            h.m("<section class=\"programme\" id=\"programme\" aria-labelledby=\"programme-title\">\n")
            .el("<h2 id=\"programme-title\">", ctx.w.programme, "</h2>\n");
            let items: Vec<&Item> = ctx.p.items.iter().collect();
            if items.is_empty() {
                h.el("<p class=\"nothing\">", ctx.w.empty_programme, "</p>\n");
            } else {
                parts::day_list(h, ctx, &items, Detail::Full, &HashSet::new());
            }
            h.m("</section>\n<section class=\"practical\" aria-labelledby=\"practical-title\">\n")
                .el("<h2 id=\"practical-title\">", ctx.w.practical, "</h2>\n");
            parts::practical_facts(h, ctx, parts::Facts::All);
            h.m("</section>\n</main>\n");
        },
    )
}

/// The printed programme's CSS, then what a screen needs instead of a sheet.
const CSS: &str = concat!(
    include_str!("css/programme.css"),
    include_str!("css/web.css")
);
