//! The erratum: one page of the changes since the last version that went
//! out, for the welcome desk and the doors. Each item changed, as it is
//! now, with what changed in words ("Déplacé de 14h à 14h30"); a cancelled
//! item struck through.

use super::html::Html;
use super::page::{Orientation, PageGeometry};
use super::parts::{self, Ctx};
use crate::versions::{Change, ChangeKind, ChangeReport};
use chrono::{DateTime, NaiveDate, Utc};

pub const PAGE: PageGeometry = PageGeometry::a4(Orientation::Portrait, [14.0, 16.0, 14.0, 16.0]);
const CSS: &str = include_str!("css/erratum.css");

pub fn render(ctx: &Ctx, report: Option<&ChangeReport>) -> String {
    let title = format!("{} — {}", ctx.w.erratum, ctx.p.event.title.trim());
    parts::page(ctx, "doc-erratum", CSS, &title, |h: &mut Html| {
        let Some(report) = report else {
            parts::nothing(h, ctx, ctx.w.erratum_no_version);
            return;
        };
        h.m("<section class=\"sheet\">\n");
        parts::mini_header(h, ctx);
        h.el("<p class=\"doc-label\">", ctx.w.erratum, "</p>\n").el(
            "<h1 class=\"erratum-title\">",
            ctx.w.erratum_title,
            "</h1>\n",
        );
        let marked = marked_day(&report.since.marked_at, &ctx.p.event.time_zone);
        h.el(
            "<p class=\"since\">",
            &ctx.lang
                .erratum_since(&report.since.label, marked.unwrap_or(ctx.p.event.date)),
            "</p>\n",
        );
        if report.changes.is_empty() {
            h.el(
                "<p class=\"nothing\">",
                &ctx.lang.erratum_no_change(&report.since.label),
                "</p>\n",
            );
        }
        for group in groups(&report.changes) {
            item(h, ctx, &group);
        }
        h.m("</section>\n");
    })
}

/// The changes of each item together, in the report's order.
fn groups(changes: &[Change]) -> Vec<Vec<&Change>> {
    let mut out: Vec<Vec<&Change>> = Vec::new();
    for c in changes {
        match out.iter_mut().find(|g| g[0].item.uid == c.item.uid) {
            Some(g) => g.push(c),
            None => out.push(vec![c]),
        }
    }
    out
}

fn item(h: &mut Html, ctx: &Ctx, group: &[&Change]) {
    let it = &group[0].item;
    let cancelled = group.iter().any(|c| c.kind == ChangeKind::Cancelled);
    h.m(if cancelled {
        "<article class=\"change cancelled\">\n"
    } else {
        "<article class=\"change\">\n"
    });
    h.m("<p class=\"when\">").el(
        "<span class=\"time\">",
        &ctx.lang.range(it.starts_at.time(), it.ends_at.time()),
        "</span>",
    );
    if let Some(room) = it.room.as_deref().filter(|r| !r.trim().is_empty()) {
        h.m(" · ")
            .el("<span class=\"room\">", room.trim(), "</span>");
    }
    h.m("</p>\n");
    h.el("<h2 class=\"item-title\">", it.title.trim(), "</h2>\n");
    h.m("<ul class=\"what\">\n");
    for c in group {
        h.el("<li>", &c.text, "</li>\n");
    }
    h.m("</ul>\n</article>\n");
}

/// The day a version was marked, in the event's time zone.
fn marked_day(stamp: &str, zone: &str) -> Option<NaiveDate> {
    let at: DateTime<Utc> = DateTime::parse_from_rfc3339(stamp)
        .ok()?
        .with_timezone(&Utc);
    let tz: chrono_tz::Tz = zone.parse().ok()?;
    Some(at.with_timezone(&tz).date_naive())
}
