//! Room signs, A4 landscape in large type: the room's name and the day's
//! items in it, one sign per room that holds any. The type is as large as
//! the sign's text allows on one page.

use super::html::Html;
use super::page::{Orientation, PageGeometry};
use super::parts::{self, Ctx};
use crate::model::{Item, Room};

/// Item text sizes, in points, from the largest; each has a class
/// `size-N` (N from 1) in `css/rooms.css`.
const SIZES: [f64; 5] = [26.0, 21.0, 17.0, 14.0, 12.0];
/// The room's name: large, or smaller when it is long.
const NAME_PT: f64 = 70.0;
const LONG_NAME_PT: f64 = 50.0;
const LONG_NAME: usize = 18;

const MM_PER_PT: f64 = 25.4 / 72.0;
/// The text width of a landscape A4 sign, in mm (297 − 2 × 16).
const WIDTH_MM: f64 = 265.0;
/// Its text height (210 − 2 × 14), less the event's line above the name.
const HEIGHT_MM: f64 = 182.0 - 12.0;
/// A generous average advance of a bold character, in em, plus what word
/// wrapping wastes: estimates err on the side of smaller type.
const CHAR_EM: f64 = 0.6;
const WRAP_WASTE: f64 = 1.12;

pub fn render(ctx: &Ctx) -> String {
    let title = format!(
        "{} — {}",
        ctx.p.event.title.trim(),
        ctx.lang.date(ctx.p.event.date)
    );
    let mut rooms: Vec<&Room> = ctx.p.rooms.iter().collect();
    rooms.sort_by_key(|r| (r.position, r.id));
    let signs: Vec<(&Room, Vec<&Item>)> = rooms
        .into_iter()
        .map(|r| {
            let items = ctx
                .p
                .items
                .iter()
                .filter(|i| i.room_id.is_some() && i.room_id == r.id)
                .collect::<Vec<_>>();
            (r, items)
        })
        .filter(|(_, items)| !items.is_empty())
        .collect();
    parts::page(ctx, "doc-rooms", CSS, &title, |h: &mut Html| {
        if signs.is_empty() {
            parts::nothing(h, ctx, ctx.w.no_room);
            return;
        }
        for (room, items) in signs {
            let lines: Vec<(String, String)> = items
                .iter()
                .map(|item| {
                    (
                        ctx.lang.range(item.starts_at.time(), item.ends_at.time()),
                        parts::speaker_names(ctx, item, None).join(", "),
                    )
                })
                .collect();
            let long_name = room.name.trim().chars().count() > LONG_NAME;
            let texts: Vec<(&str, &str)> = items
                .iter()
                .zip(&lines)
                .map(|(i, (_, who))| (i.title.trim(), who.as_str()))
                .collect();
            h.m(match fit(room.name.trim(), long_name, &texts) {
                0 => "<section class=\"sheet size-1",
                1 => "<section class=\"sheet size-2",
                2 => "<section class=\"sheet size-3",
                3 => "<section class=\"sheet size-4",
                _ => "<section class=\"sheet size-5",
            })
            .m(if long_name {
                " long-name\">\n"
            } else {
                "\">\n"
            });
            h.m("<header class=\"sign-head\">")
                .el("<p class=\"sign-event\">", ctx.p.event.title.trim(), "</p>")
                .el(
                    "<p class=\"sign-date\">",
                    &ctx.lang.date_capitalised(ctx.p.event.date),
                    "</p>",
                )
                .m("</header>\n")
                .el("<h1 class=\"room-name\">", room.name.trim(), "</h1>\n")
                .m("<ol class=\"sign-items\">\n");
            for (item, (range, who)) in items.iter().zip(&lines) {
                h.m("<li>")
                    .el("<span class=\"sign-time\">", range, "</span>")
                    .m("<span class=\"sign-what\">")
                    .el("<span class=\"sign-title\">", item.title.trim(), "</span>")
                    .el_some("<span class=\"sign-who\">", who, "</span>")
                    .m("</span></li>\n");
            }
            h.m("</ol>\n</section>\n");
        }
    })
}

/// Lines of `chars` characters set at `pt` points in `width` mm.
fn lines(chars: usize, pt: f64, width: f64) -> f64 {
    let per_line = (width / (CHAR_EM * pt * MM_PER_PT)).floor().max(1.0);
    (chars as f64 * WRAP_WASTE / per_line).ceil().max(1.0)
}

/// The index in `SIZES` of the largest item size at which the sign's name
/// and items (title, speakers) fit on the page, by estimate; the smallest
/// when none does.
fn fit(name: &str, long_name: bool, items: &[(&str, &str)]) -> usize {
    let name_pt = if long_name { LONG_NAME_PT } else { NAME_PT };
    let name_mm =
        lines(name.chars().count(), name_pt, WIDTH_MM) * 1.05 * name_pt * MM_PER_PT + 16.0;
    let room = HEIGHT_MM - name_mm;
    SIZES
        .iter()
        .position(|&pt| {
            // The time column takes 6.6em and its gap 1em.
            let text_width = WIDTH_MM - 7.6 * pt * MM_PER_PT;
            let height: f64 = items
                .iter()
                .map(|(title, who)| {
                    let mut h = lines(title.chars().count(), pt, text_width) * 1.2 * pt;
                    if !who.is_empty() {
                        h += lines(who.chars().count(), 0.7 * pt, text_width) * 1.2 * 0.7 * pt;
                    }
                    // Text, then padding and the line between items.
                    h * MM_PER_PT + 8.0
                })
                .sum();
            height <= room
        })
        .unwrap_or(SIZES.len() - 1)
}

const CSS: &str = include_str!("css/rooms.css");
/// The page of `CSS`'s `@page` rule.
pub const PAGE: PageGeometry = PageGeometry::a4(Orientation::Landscape, [14.0, 16.0, 14.0, 16.0]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_text_means_smaller_type() {
        let short = [("Accueil", "")];
        assert_eq!(fit("Fablab", false, &short), 0);
        let title = "Table ronde inspirante #2 : Quelles hybridations, nouveaux liens et nouveaux lieux favorisent l’inclusion numérique ?";
        let who = "Gabrielle Halpern, Marc Laget, Mathilde Servet, Isabelle Radke, José Ormazabal";
        let three = [(title, who), (title, who), (title, who)];
        let twelve = [(title, who); 12];
        let a = fit("Auditorium", false, &three);
        let b = fit("Auditorium", false, &twelve);
        assert!(a > 0 && a < b, "{a} {b}");
        assert_eq!(b, SIZES.len() - 1);
    }
}
