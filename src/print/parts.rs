//! What several documents share: the page around them, the event's header,
//! the practical information, and the day as a list by start time.

use super::html::{font_faces, Html, FACES_STYLE};
use super::page::{Orientation, PageGeometry};
use crate::model::{
    Admission, Id, Item, ItemKind, Programme, Registration, Room, Speaker, SpeakerRole,
};
use crate::words::documents::Words;
use crate::words::Lang;
use chrono::NaiveDateTime;
use std::collections::{HashMap, HashSet};

/// A programme with its lookups, in the document's language.
pub struct Ctx<'a> {
    pub p: &'a Programme,
    pub lang: Lang,
    pub w: &'static Words,
    pub large: bool,
    /// The published calendar's subscription address, printed as a QR code.
    pub subscribe_url: Option<String>,
    /// Part labels as headings (`h3`), for a page read on screen, where a
    /// screen reader moves from heading to heading.
    pub part_headings: bool,
    /// Marks where the day may be cut for a preview in parts (see
    /// [`super::Sheets`]): before its first slot, then between slots every
    /// [`super::sheets::PART_BYTES`] or so, each with the time the slot
    /// after it starts. For the programme, which flows as one, and personal
    /// schedules, whose sheets hold a long day on a large event.
    pub cut_marks: bool,
    rooms: HashMap<Id, &'a Room>,
    speakers: HashMap<Id, &'a Speaker>,
}

impl<'a> Ctx<'a> {
    pub fn new(p: &'a Programme, lang: Lang, large: bool) -> Ctx<'a> {
        Ctx {
            p,
            lang,
            w: lang.words(),
            large,
            subscribe_url: None,
            part_headings: false,
            cut_marks: false,
            rooms: p.rooms.iter().filter_map(|r| Some((r.id?, r))).collect(),
            speakers: p.speakers.iter().filter_map(|s| Some((s.id?, s))).collect(),
        }
    }

    /// The item's room, `None` for the whole venue.
    pub fn room_name(&self, item: &Item) -> Option<&'a str> {
        item.room_id
            .and_then(|id| self.rooms.get(&id))
            .map(|r| r.name.as_str())
    }

    pub fn room(&self, id: Id) -> Option<&'a Room> {
        self.rooms.get(&id).copied()
    }

    pub fn speaker(&self, id: Id) -> Option<&'a Speaker> {
        self.speakers.get(&id).copied()
    }

    /// "Vendredi 9 décembre 2022, de 9h à 17h".
    pub fn day_line(&self) -> String {
        let e = &self.p.event;
        self.lang.day_line(e.date, e.day_start, e.day_end)
    }

    /// "7 avenue Maurice Thorez, 69120 Vaulx-en-Velin" (the country when it
    /// is not France).
    pub fn address(&self) -> String {
        let v = &self.p.venue;
        let city = format!("{} {}", v.postcode.trim(), v.city.trim())
            .trim()
            .to_owned();
        let country = v.country.trim();
        let country = if country.eq_ignore_ascii_case("france") {
            ""
        } else {
            country
        };
        [v.street.trim(), city.as_str(), country]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The whole HTML page: the head with the fonts and this document's CSS,
/// then `body`. `class` names the document for its CSS; large print adds
/// `large`, which scales every `rem`.
pub fn page(
    ctx: &Ctx,
    class: &'static str,
    css: &'static str,
    title: &str,
    body: impl FnOnce(&mut Html),
) -> String {
    let mut h = Html::with_capacity(256 * 1024);
    h.m("<!DOCTYPE html>\n<html lang=\"")
        .m(ctx.lang.code())
        .m("\" class=\"")
        .m(class)
        .m(if ctx.large { " large\">\n" } else { "\">\n" })
        .m("<head>\n<meta charset=\"utf-8\">\n")
        // Belt and braces: even a document opened on its own runs no
        // script and loads nothing.
        .m("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; font-src data:\">\n")
        .m("<meta name=\"generator\" content=\"Déroulé\">\n")
        .el("<title>", title, "</title>\n")
        .m(FACES_STYLE)
        .m(font_faces())
        .m("</style>\n<style>\n")
        .m(BASE_CSS)
        .m(css)
        .m("</style>\n</head>\n<body>\n");
    body(&mut h);
    h.m("</body>\n</html>\n");
    h.into_string()
}

const BASE_CSS: &str = include_str!("css/base.css");
/// The page of `BASE_CSS`'s `@page` rule (the programme keeps it).
pub const BASE_PAGE: PageGeometry =
    PageGeometry::a4(Orientation::Portrait, [16.0, 18.0, 18.0, 18.0]);

/// The event's full header: series, title, date and hours, venue.
pub fn event_header(h: &mut Html, ctx: &Ctx) {
    let e = &ctx.p.event;
    h.m("<header class=\"event\">\n");
    h.el_some("<p class=\"series\">", &e.series, "</p>\n");
    h.el("<h1 class=\"event-title\">", e.title.trim(), "</h1>\n");
    h.el("<p class=\"day\">", &ctx.day_line(), "</p>\n");
    let v = &ctx.p.venue;
    let address = ctx.address();
    if !v.name.trim().is_empty() || !address.is_empty() {
        h.m("<p class=\"where\">");
        h.el_some("<span class=\"venue-name\">", &v.name, "</span>");
        if !v.name.trim().is_empty() && !address.is_empty() {
            h.m("<br>");
        }
        h.t(&address).m("</p>\n");
    }
    h.m("</header>\n");
}

/// The event's description and audience, when it has them.
pub fn intro(h: &mut Html, ctx: &Ctx) {
    let e = &ctx.p.event;
    if e.description.trim().is_empty() && e.audience.trim().is_empty() {
        return;
    }
    h.m("<div class=\"intro\">\n");
    if !e.description.trim().is_empty() {
        h.m("<p>").lines(&e.description).m("</p>\n");
    }
    if !e.audience.trim().is_empty() {
        h.m("<p class=\"audience\">")
            .el(
                "<span class=\"label\">",
                &ctx.lang.colon(ctx.w.audience),
                "</span>",
            )
            .lines(&e.audience)
            .m("</p>\n");
    }
    h.m("</div>\n");
}

/// When the programme is published to a calendar: its subscription
/// address as a QR code and in words.
pub fn subscribe(h: &mut Html, ctx: &Ctx) {
    let Some(url) = ctx.subscribe_url.as_deref() else {
        return;
    };
    h.m("<aside class=\"subscribe\">\n");
    if h.qr(url, ctx.w.subscribe_qr).is_some() {
        h.m("\n");
    }
    h.m("<div>\n")
        .el("<p class=\"subscribe-title\">", ctx.w.subscribe, "</p>\n")
        .el(
            "<p class=\"subscribe-hint\">",
            ctx.w.subscribe_hint,
            "</p>\n",
        )
        .el("<p class=\"subscribe-url\">", url, "</p>\n")
        .m("</div>\n</aside>\n");
}

/// The event in two short lines, on top of a personal page.
pub fn mini_header(h: &mut Html, ctx: &Ctx) {
    let e = &ctx.p.event;
    h.m("<header class=\"mini\">\n");
    h.el("<p class=\"mini-title\">", e.title.trim(), "</p>\n");
    h.m("<p class=\"mini-sub\">").t(&ctx.day_line());
    // The venue's name is enough here; its address comes with the
    // practical information.
    let venue = match ctx.p.venue.name.trim() {
        "" => ctx.address(),
        name => name.to_owned(),
    };
    if !venue.is_empty() {
        h.m(" · ").t(&venue);
    }
    h.m("</p>\n</header>\n");
}

/// One line of a definition list, when there is something to say.
fn fact(h: &mut Html, label: &str, value: &str) {
    if value.trim().is_empty() {
        return;
    }
    h.el("<dt>", label, "</dt>")
        .m("<dd>")
        .lines(value)
        .m("</dd>\n");
}

/// How much of the practical information a document gives.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Facts {
    /// Where the venue is and how to get there: a speaker's sheet.
    Venue,
    /// Also admission, registration, notes and website: an attendee's page.
    Attendee,
    /// Also the organisers and partners: the programme.
    All,
}

/// The practical information, as label and value.
pub fn practical_facts(h: &mut Html, ctx: &Ctx, facts: Facts) {
    let e = &ctx.p.event;
    let pr = &e.practical;
    let w = ctx.w;
    let v = &ctx.p.venue;
    h.m("<dl class=\"facts\">\n");
    // "Adresse" only when there is one (a street); else the venue's name
    // (and town) under "Lieu", never passed off as an address.
    let address = ctx.address();
    if v.street.trim().is_empty() {
        let place = [v.name.trim(), v.city.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        fact(h, w.venue, &place);
    } else {
        let name = v.name.trim();
        let place = if name.is_empty() {
            address
        } else {
            format!("{name}\n{address}")
        };
        fact(h, w.address, &place);
    }
    fact(h, w.access, &v.access_notes);
    if facts == Facts::Venue {
        h.m("</dl>\n");
        return;
    }
    // Only what the organiser stated: "not stated" prints nothing.
    let admission = match (pr.admission, pr.price.trim()) {
        (Admission::Unstated, _) => String::new(),
        (Admission::Free, "") => w.free.to_owned(),
        (Admission::Free, price) => format!("{} ({price})", w.free),
        (Admission::Paid, "") => w.paid.to_owned(),
        (Admission::Paid, price) => price.to_owned(),
    };
    fact(h, w.admission, &admission);
    let mut registration = String::new();
    if pr.registration == Registration::Open {
        registration.push_str(w.no_registration);
    }
    if pr.registration == Registration::Required {
        registration.push_str(w.required);
        if let Some(d) = pr.registration_deadline {
            registration.push_str(&format!(
                " {} {}",
                w.registration_deadline,
                ctx.lang.date(d)
            ));
        }
    }
    if !pr.registration_url.trim().is_empty() {
        if !registration.is_empty() {
            registration.push('\n');
        }
        registration.push_str(pr.registration_url.trim());
    }
    fact(h, w.registration, &registration);
    fact(h, w.notes, &pr.notes);
    fact(h, w.website, &pr.website);
    if facts == Facts::All {
        fact(h, w.organisers, &e.organisers.join("\n"));
        fact(h, w.partners, &e.partners.join("\n"));
    }
    h.m("</dl>\n");
}

/// Items that start together: one, or several in different rooms among
/// which an attendee picks one.
pub enum Slot<'a> {
    One(&'a Item),
    Choice(Vec<&'a Item>),
}

impl<'a> Slot<'a> {
    pub fn items(&self) -> &[&'a Item] {
        match self {
            Slot::One(item) => std::slice::from_ref(item),
            Slot::Choice(items) => items,
        }
    }
}

/// Groups items (sorted by start) by start time: parallel rooms become one
/// list under their time, never a grid.
pub fn slots<'a>(items: &[&'a Item]) -> Vec<Slot<'a>> {
    let mut out: Vec<Slot<'a>> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let start = items[i].starts_at;
        let mut j = i + 1;
        while j < items.len() && items[j].starts_at == start {
            j += 1;
        }
        out.push(if j - i == 1 {
            Slot::One(items[i])
        } else {
            Slot::Choice(items[i..j].to_vec())
        });
        i = j;
    }
    out
}

/// How much of each item a day list prints.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything: description, speakers with their titles and questions.
    Full,
    /// Title, room and speakers' names: a personal schedule.
    Compact,
}

/// Kinds printed without a label and in a lighter voice: the day's
/// breathing spaces.
fn is_minor(kind: ItemKind) -> bool {
    matches!(
        kind,
        ItemKind::Welcome
            | ItemKind::Break
            | ItemKind::Meal
            | ItemKind::Networking
            | ItemKind::Social
    )
}

/// Kinds whose label is printed above the title.
fn shows_kind(kind: ItemKind) -> bool {
    !is_minor(kind) && !matches!(kind, ItemKind::Closing | ItemKind::Other)
}

/// The day as a list by start time. `mine`: the items the reader signed up
/// for, marked as such.
pub fn day_list(h: &mut Html, ctx: &Ctx, items: &[&Item], detail: Detail, mine: &HashSet<Id>) {
    let list = DayList {
        ctx,
        detail,
        mine,
        repeats: repeats(items),
        in_part: std::cell::Cell::new(false),
        same_kind: std::cell::Cell::new(false),
    };
    let mut part = "";
    // The kind of the single item before, in this named part: a run of
    // items of one kind ("Plénière", told in four chapters) says its kind
    // once. Outside parts, each item says its own.
    let mut previous_kind: Option<ItemKind> = None;
    h.m("<div class=\"day-list\">\n");
    let mut since_mark = None;
    for slot in slots(items) {
        let first = slot.items()[0];
        if ctx.cut_marks && since_mark.is_none_or(|at| h.len() - at >= super::sheets::PART_BYTES) {
            super::sheets::cut_mark(h, first.starts_at.time());
            since_mark = Some(h.len());
        }
        let label = first.part_label.trim();
        let opens_part = !label.is_empty() && label != part;
        if label != part || label.is_empty() {
            previous_kind = None;
        }
        if opens_part {
            // A part's heading and its first item stay on one page: the
            // heading is never left alone at the foot of a page.
            h.m("<div class=\"part-start\">\n");
            if ctx.part_headings {
                h.m("<h3 class=\"part\">");
                part_heading(h, ctx, first);
                h.m("</h3>\n");
            } else {
                h.m("<p class=\"part\">");
                part_heading(h, ctx, first);
                h.m("</p>\n");
            }
        }
        part = label;
        list.in_part.set(ctx.part_headings && !label.is_empty());
        match &slot {
            Slot::One(item) => {
                list.same_kind.set(previous_kind == Some(item.kind));
                list.one(h, item);
                previous_kind = Some(item.kind);
            }
            Slot::Choice(items) => {
                list.choice(h, items);
                previous_kind = None;
            }
        }
        if opens_part {
            h.m("</div>\n");
        }
    }
    h.m("</div>\n");
}

/// A part's number, set apart, then its title ("01" "Ouverture").
fn part_heading(h: &mut Html, ctx: &Ctx, item: &Item) {
    match ctx
        .p
        .parts
        .iter()
        .find(|p| p.id.is_some() && p.id == item.part_id)
    {
        Some(part) if !part.number.is_empty() && !part.title.is_empty() => {
            h.el("<span class=\"part-number\">", &part.number, "</span> ");
            h.t(&part.title);
        }
        _ => {
            h.t(item.part_label.trim());
        }
    }
}

/// Items that run again, each with the start of its first run: occurrences
/// of one workshop, or items alike in kind, title, description and
/// speakers. The programme describes an item once.
fn repeats(items: &[&Item]) -> HashMap<Id, NaiveDateTime> {
    let mut first: HashMap<String, NaiveDateTime> = HashMap::new();
    let mut out = HashMap::new();
    for item in items {
        let Some(id) = item.id else { continue };
        let key = match item.workshop_id {
            Some(w) => format!("workshop {w}"),
            None => {
                let mut key = format!(
                    "{}\u{0}{}\u{0}{}",
                    item.kind.as_str(),
                    item.title.trim(),
                    item.description.trim()
                );
                for l in &item.speakers {
                    key.push_str(&format!(
                        "\u{0}{}|{}|{}",
                        l.speaker_id,
                        l.role.as_str(),
                        l.topic
                    ));
                }
                key
            }
        };
        match first.get(&key) {
            Some(start) if *start < item.starts_at => {
                out.insert(id, *start);
            }
            Some(_) => {}
            None => {
                first.insert(key, item.starts_at);
            }
        }
    }
    out
}

struct DayList<'c, 'a> {
    ctx: &'c Ctx<'a>,
    detail: Detail,
    mine: &'c HashSet<Id>,
    repeats: HashMap<Id, NaiveDateTime>,
    /// Under a part's heading (`Ctx::part_headings`): titles one level down.
    in_part: std::cell::Cell<bool>,
    /// The item before, in the same part, is of the same kind: its kind
    /// label is not repeated.
    same_kind: std::cell::Cell<bool>,
}

impl DayList<'_, '_> {
    fn is_mine(&self, item: &Item) -> bool {
        item.id.is_some_and(|id| self.mine.contains(&id))
    }

    fn when(&self, h: &mut Html, item: &Item, show_end: bool) {
        let lang = self.ctx.lang;
        h.m("<div class=\"when\">").el(
            "<span class=\"start\">",
            &lang.time(item.starts_at.time()),
            "</span>",
        );
        if show_end {
            h.el(
                "<span class=\"end\">",
                &lang.time(item.ends_at.time()),
                "</span>",
            );
        }
        h.m("</div>\n");
    }

    fn one(&self, h: &mut Html, item: &Item) {
        h.m(if is_minor(item.kind) {
            "<div class=\"slot minor\">\n"
        } else {
            "<div class=\"slot\">\n"
        });
        self.when(h, item, true);
        h.m("<div class=\"what\">\n");
        let kind = shows_kind(item.kind).then(|| self.ctx.lang.kind(item.kind));
        if let (Some(kind), Detail::Full, false) = (kind, self.detail, self.same_kind.get()) {
            h.el("<p class=\"kind\">", kind, "</p>\n");
        }
        self.title(h, item);
        let kind = kind.filter(|_| self.detail == Detail::Compact);
        self.meta(h, item, kind, None);
        self.body(h, item);
        h.m("</div>\n</div>\n");
    }

    fn title(&self, h: &mut Html, item: &Item) {
        if self.in_part.get() {
            h.el("<h4 class=\"title\">", item.title.trim(), "</h4>\n");
        } else {
            h.el("<h3 class=\"title\">", item.title.trim(), "</h3>\n");
        }
    }

    fn choice(&self, h: &mut Html, items: &[&Item]) {
        let lang = self.ctx.lang;
        let end = items[0].ends_at;
        let same_end = items.iter().all(|i| i.ends_at == end);
        let kind = items[0].kind;
        let same_kind = items.iter().all(|i| i.kind == kind);
        // The same choice as earlier (a second round of workshops): said
        // once in the label rather than under every option.
        let first_run = items[0].id.and_then(|id| self.repeats.get(&id)).copied();
        let same_again = self.detail == Detail::Full
            && first_run.is_some()
            && items
                .iter()
                .all(|i| i.id.and_then(|id| self.repeats.get(&id)).copied() == first_run);
        let mut label = lang.choice(items.len(), same_kind.then_some(kind));
        if let (true, Some(first)) = (same_again, first_run) {
            label.push_str(" — ");
            label.push_str(&lang.same_as(first.time()));
        }
        h.m("<div class=\"slot choice\">\n");
        self.when(h, items[0], same_end);
        h.m("<div class=\"what\">\n")
            .el("<p class=\"kind choice-label\">", &label, "</p>\n");
        for item in items {
            h.m(if self.is_mine(item) {
                "<div class=\"option mine\">\n"
            } else {
                "<div class=\"option\">\n"
            });
            self.title(h, item);
            let range = (!same_end).then(|| lang.range(item.starts_at.time(), item.ends_at.time()));
            self.meta(h, item, None, range.as_deref());
            if !same_again {
                self.body(h, item);
            }
            h.m("</div>\n");
        }
        h.m("</div>\n</div>\n");
    }

    /// Kind (in compact lists), times when they differ from the slot's,
    /// room, remote speaker, and the reader's own sign-up, on one line.
    fn meta(&self, h: &mut Html, item: &Item, kind: Option<&str>, range: Option<&str>) {
        let ctx = self.ctx;
        let room = ctx.room_name(item).map(str::trim).unwrap_or("");
        let mut parts: Vec<(&'static str, &str)> = Vec::new();
        if let Some(kind) = kind {
            parts.push(("<span class=\"meta-kind\">", kind));
        }
        if let Some(range) = range {
            parts.push(("<span class=\"range\">", range));
        }
        if !room.is_empty() {
            parts.push(("<span class=\"room\">", room));
        }
        if item.remote {
            parts.push(("<span class=\"remote\">", ctx.w.remote));
        }
        let mine = self.is_mine(item);
        if parts.is_empty() && !mine {
            return;
        }
        h.m("<p class=\"meta\">");
        for (i, (open, text)) in parts.iter().enumerate() {
            if i > 0 {
                h.m(" · ");
            }
            h.el(open, text, "</span>");
        }
        if mine {
            if !parts.is_empty() {
                h.m(" ");
            }
            h.el("<span class=\"mine-tag\">", ctx.w.your_signup, "</span>");
        }
        h.m("</p>\n");
    }

    fn body(&self, h: &mut Html, item: &Item) {
        let ctx = self.ctx;
        match self.detail {
            Detail::Full => {
                if let Some(first) = item.id.and_then(|id| self.repeats.get(&id)) {
                    h.el(
                        "<p class=\"again\">",
                        &ctx.lang.repeat_of(first.time()),
                        "</p>\n",
                    );
                    return;
                }
                if !item.description.trim().is_empty() {
                    h.m("<p class=\"desc\">")
                        .lines(&item.description)
                        .m("</p>\n");
                }
                if !item.speakers.is_empty() {
                    h.m("<ul class=\"speakers\">\n");
                    for link in &item.speakers {
                        let Some(s) = ctx.speaker(link.speaker_id) else {
                            continue;
                        };
                        h.m("<li>");
                        speaker_identity(h, s);
                        if let Some(note) = ctx.lang.role_note(link.role) {
                            h.el("<span class=\"role\"> — ", note, "</span>");
                        }
                        if !link.topic.trim().is_empty() {
                            h.el(
                                "<span class=\"topic\">",
                                &ctx.lang.quote(&link.topic),
                                "</span>",
                            );
                        }
                        h.m("</li>\n");
                    }
                    h.m("</ul>\n");
                }
            }
            Detail::Compact => {
                let names = speaker_names(ctx, item, None);
                if !names.is_empty() {
                    h.m("<p class=\"with\">")
                        .t(&ctx.lang.colon(ctx.w.with))
                        .t(&names.join(", "))
                        .m("</p>\n");
                }
            }
        }
    }
}

/// "Name, title, organisation", the name in bold.
pub fn speaker_identity(h: &mut Html, s: &Speaker) {
    h.el("<span class=\"name\">", s.name.trim(), "</span>");
    let affiliation: Vec<&str> = [s.title.trim(), s.organisation.trim()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    if !affiliation.is_empty() {
        h.m("<span class=\"affil\">, ")
            .t(&affiliation.join(", "))
            .m("</span>");
    }
}

/// The names of an item's speakers, in order, leaving out `except`; a
/// moderator's name carries their role.
pub fn speaker_names(ctx: &Ctx, item: &Item, except: Option<Id>) -> Vec<String> {
    item.speakers
        .iter()
        .filter(|l| Some(l.speaker_id) != except)
        .filter_map(|l| {
            let s = ctx.speaker(l.speaker_id)?;
            Some(match l.role {
                SpeakerRole::Moderator => {
                    format!("{} ({})", s.name.trim(), ctx.lang.role_note(l.role)?)
                }
                _ => s.name.trim().to_owned(),
            })
        })
        .collect()
}

/// A page that says there is nothing to print, rather than a blank one.
pub fn nothing(h: &mut Html, ctx: &Ctx, sentence: &str) {
    h.m("<section class=\"sheet\">\n");
    mini_header(h, ctx);
    h.el("<p class=\"nothing\">", sentence, "</p>\n");
    h.m("</section>\n");
}
