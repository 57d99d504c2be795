//! Personal schedules, one page per attendee: who they are, the items
//! common to everyone and the workshops they are confirmed for (with their
//! rooms), then the venue and the practical information.
//!
//! Which items a page shows is the attendee's personal programme, decided
//! by the sign-up rules ([`crate::signups::personal`]): the screens show the
//! same lines.

use super::html::Html;
use super::page::{Orientation, PageGeometry};
use super::parts::{self, Ctx, Detail};
use crate::model::{Attendee, Id, Item};
use crate::signups::personal;
use std::collections::{HashMap, HashSet};

pub fn render(ctx: &Ctx, attendees: &[&Attendee], confirmed: &[(Id, Id)]) -> String {
    let mine = personal::items_by_attendee(confirmed);
    let none = HashSet::new();
    let title = format!("{} — {}", ctx.w.personal_schedule, ctx.p.event.title.trim());
    // What is the same on every page is written once: the header, the
    // footer, and each day list (decided by the workshops held alone: the
    // attendees who hold the same have the same list). 38 schedules of the
    // large event's 514 items took 23 ms written each in full.
    let header = piece(|h| parts::mini_header(h, ctx));
    let footer = piece(|h| {
        h.m("<footer class=\"practical\">\n");
        parts::practical_facts(h, ctx, parts::Facts::Attendee);
        parts::subscribe(h, ctx);
        h.m("</footer>\n</section>\n");
    });
    let mut lists: HashMap<Vec<Id>, Html> = HashMap::new();
    parts::page(ctx, "doc-schedules", CSS, &title, |h: &mut Html| {
        if attendees.is_empty() {
            parts::nothing(h, ctx, ctx.w.no_attendee);
            return;
        }
        for a in attendees {
            let own = a.id.and_then(|id| mine.get(&id)).unwrap_or(&none);
            h.m("<section class=\"sheet\">\n").piece(&header);
            h.m("<div class=\"person\">\n")
                .el("<p class=\"doc-label\">", ctx.w.personal_schedule, "</p>\n")
                .el("<h1 class=\"person-name\">", a.name.trim(), "</h1>\n");
            let about: Vec<&str> = [a.organisation.trim(), a.category.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            if !about.is_empty() {
                h.el("<p class=\"person-about\">", &about.join(" · "), "</p>\n");
            }
            h.m("</div>\n");
            let mut held: Vec<Id> = own.iter().copied().collect();
            held.sort_unstable();
            let list = lists.entry(held).or_insert_with(|| {
                piece(|h| {
                    let items: Vec<&Item> = personal::personal_items(&ctx.p.items, own)
                        .map(|(item, _)| item)
                        .collect();
                    if items.is_empty() {
                        h.el("<p class=\"nothing\">", ctx.w.empty_programme, "</p>\n");
                    } else {
                        parts::day_list(h, ctx, &items, Detail::Compact, own);
                    }
                })
            });
            h.piece(list).piece(&footer);
        }
    })
}

/// A piece of a page, written once.
fn piece(write: impl FnOnce(&mut Html)) -> Html {
    let mut h = Html::with_capacity(1024);
    write(&mut h);
    h
}

const CSS: &str = include_str!("css/schedules.css");
/// The page of `CSS`'s `@page` rule.
pub const PAGE: PageGeometry = PageGeometry::a4(Orientation::Portrait, [14.0, 16.0, 14.0, 16.0]);
