//! Sign-in sheets (feuilles d'émargement): one for the whole day with every
//! attendee, then one per item with confirmed sign-ups; or one item's. Each
//! lists the registered attendees by name with a box to sign, then blank
//! rows for walk-ins. A long sheet is cut into pages of `ROWS_PER_PAGE`
//! rows, each with the whole header and the table's column names.

use super::html::Html;
use super::page::{Orientation, PageGeometry};
use super::parts::{self, Ctx};
use crate::model::{Attendee, Id, Item};
use crate::words::fold::sort_key;
use std::collections::{HashMap, HashSet};

/// Blank rows for walk-ins when an item has no capacity, and on the whole
/// day's sheet.
const WALK_INS: usize = 10;
/// With a capacity: its free seats, within these bounds.
const WALK_INS_MIN: usize = 3;
const WALK_INS_MAX: usize = 15;

pub fn render(
    ctx: &Ctx,
    attendees: &[Attendee],
    confirmed: &[(Id, Id)],
    only: Option<&Item>,
) -> String {
    let by_id: HashMap<Id, &Attendee> = attendees.iter().filter_map(|a| Some((a.id?, a))).collect();
    let mut per_item: HashMap<Id, Vec<&Attendee>> = HashMap::new();
    let mut seen: HashSet<(Id, Id)> = HashSet::new();
    for (item, attendee) in confirmed {
        if let Some(a) = by_id.get(attendee) {
            if seen.insert((*item, *attendee)) {
                per_item.entry(*item).or_default().push(a);
            }
        }
    }
    let title = format!("{} — {}", ctx.w.signin_sheet, ctx.p.event.title.trim());
    parts::page(ctx, "doc-signin", CSS, &title, |h: &mut Html| match only {
        Some(item) => {
            let people = item
                .id
                .and_then(|id| per_item.get(&id))
                .cloned()
                .unwrap_or_default();
            item_sheet(h, ctx, item, people);
        }
        None => {
            day_sheet(h, ctx, attendees.iter().collect());
            for item in &ctx.p.items {
                if let Some(people) = item.id.and_then(|id| per_item.get(&id)) {
                    item_sheet(h, ctx, item, people.clone());
                }
            }
        }
    })
}

fn day_sheet(h: &mut Html, ctx: &Ctx, people: Vec<&Attendee>) {
    let mut when = ctx.day_line();
    let venue = ctx.p.venue.name.trim();
    if !venue.is_empty() {
        when.push_str(" · ");
        when.push_str(venue);
    }
    sheet(h, ctx, ctx.w.whole_day, &when, people, WALK_INS);
}

fn item_sheet(h: &mut Html, ctx: &Ctx, item: &Item, people: Vec<&Attendee>) {
    let lang = ctx.lang;
    let mut when = format!(
        "{} · {}",
        lang.date_capitalised(item.starts_at.date()),
        lang.range(item.starts_at.time(), item.ends_at.time())
    );
    if let Some(room) = ctx.room_name(item) {
        when.push_str(" · ");
        when.push_str(room.trim());
    }
    let capacity = item
        .capacity
        .or_else(|| item.room_id.and_then(|r| ctx.room(r)?.capacity));
    let walk_ins = match capacity {
        Some(c) => (usize::try_from(c).unwrap_or(0).saturating_sub(people.len()))
            .clamp(WALK_INS_MIN, WALK_INS_MAX),
        None => WALK_INS,
    };
    sheet(h, ctx, item.title.trim(), &when, people, walk_ins);
}

/// Rows to a page. WebKitGTK, which prints in the app, neither repeats a
/// table's header on the pages it runs over nor keeps a row whole, so a
/// long sheet is cut into pages here, each under the whole header: 20 rows
/// of 9.5 mm under a header of up to 6 cm fill an A4 page and leave room
/// for a few names or organisations on two lines.
const ROWS_PER_PAGE: usize = 20;

/// About what a row takes (its markup, a name and an organisation of
/// common length) and what a page's header does, to size a sheet once.
const ROW_BYTES: usize = 160;
const PAGE_BYTES: usize = 1000;

/// A row of a sheet's table.
enum Row<'a> {
    Registered(usize, &'a Attendee),
    WalkInsHead,
    Blank,
}

fn sheet(
    h: &mut Html,
    ctx: &Ctx,
    heading: &str,
    when: &str,
    mut people: Vec<&Attendee>,
    walk_ins: usize,
) {
    people.sort_by_cached_key(|a| (sort_key(&a.name), a.id));
    let count = ctx.lang.registered(people.len());
    let rows: Vec<Row> = people
        .iter()
        .enumerate()
        .map(|(i, a)| Row::Registered(i + 1, a))
        .chain([Row::WalkInsHead])
        .chain((0..walk_ins).map(|_| Row::Blank))
        .collect();
    // Room for them all at once: a long sheet is not copied as it grows.
    let pages = rows.len().div_ceil(ROWS_PER_PAGE);
    h.reserve(rows.len() * ROW_BYTES + pages * PAGE_BYTES);
    let mut rest = rows.as_slice();
    while !rest.is_empty() {
        let mut take = rest.len().min(ROWS_PER_PAGE);
        // The walk-ins' heading goes over its rows, never alone at the foot.
        if take < rest.len() && matches!(rest[take - 1], Row::WalkInsHead) {
            take -= 1;
        }
        let (page, after) = rest.split_at(take);
        page_of_sheet(h, ctx, heading, when, &count, page);
        rest = after;
    }
}

/// One page of a sheet: the whole header, so that each page names its item
/// and may be filed on its own, then its rows.
fn page_of_sheet(h: &mut Html, ctx: &Ctx, heading: &str, when: &str, count: &str, rows: &[Row]) {
    let w = ctx.w;
    h.m("<section class=\"sheet\">\n<table class=\"signin\">\n")
        .m("<colgroup><col class=\"n\"><col class=\"who\"><col class=\"org\"><col class=\"sig\"></colgroup>\n<thead>\n")
        .m("<tr><th colspan=\"4\" class=\"signin-head\">\n")
        .el("<p class=\"doc-label\">", w.signin_sheet, "</p>\n")
        .el(
            "<p class=\"mini-title\">",
            ctx.p.event.title.trim(),
            "</p>\n",
        )
        .el("<h1 class=\"signin-title\">", heading, "</h1>\n")
        .el("<p class=\"signin-when\">", when, "</p>\n")
        .el("<p class=\"signin-count\">", count, "</p>\n")
        .m("</th></tr>\n<tr class=\"columns\">")
        .el("<th class=\"n\">", w.number, "</th>")
        .el("<th class=\"who\">", w.name, "</th>")
        .el("<th class=\"org\">", w.organisation, "</th>")
        .el("<th class=\"sig\">", w.signature, "</th>")
        .m("</tr></thead>\n");
    let mut walk_ins = false;
    if matches!(rows.first(), Some(Row::Registered(..))) {
        h.m("<tbody>\n");
    }
    for row in rows {
        match row {
            Row::Registered(n, a) => {
                h.el("<tr><td class=\"n\">", &n.to_string(), "</td>")
                    .el("<td class=\"who\">", a.name.trim(), "</td>")
                    .el("<td class=\"org\">", a.organisation.trim(), "</td>")
                    .m("<td class=\"sig\"></td></tr>\n");
            }
            Row::WalkInsHead | Row::Blank => {
                if !walk_ins {
                    walk_ins = true;
                    if matches!(rows.first(), Some(Row::Registered(..))) {
                        h.m("</tbody>\n");
                    }
                    h.m("<tbody class=\"walk-ins\">\n");
                }
                if matches!(row, Row::WalkInsHead) {
                    h.el(
                        "<tr class=\"walk-ins-head\"><th colspan=\"4\">",
                        w.walk_ins,
                        "</th></tr>\n",
                    );
                } else {
                    h.m("<tr class=\"blank\"><td class=\"n\"></td><td class=\"who\"></td><td class=\"org\"></td><td class=\"sig\"></td></tr>\n");
                }
            }
        }
    }
    h.m("</tbody>\n</table>\n</section>\n");
}

const CSS: &str = include_str!("css/signin.css");
/// The page of `CSS`'s `@page` rule.
pub const PAGE: PageGeometry = PageGeometry::a4(Orientation::Portrait, [14.0, 14.0, 16.0, 14.0]);
