//! Printed documents: the programme, personal schedules, speaker sheets,
//! sign-in sheets, room signs and badges, each as one self-contained HTML
//! page with print CSS (A4, page breaks, repeated table headers).
//!
//! The app previews that page and prints it through its webview; the
//! command line writes it to a file. So the screen and the paper use the
//! same HTML, the same CSS and the same embedded fonts: a document holds no
//! script and loads nothing (its own Content-Security-Policy says so too).
//! Every piece of user text goes through [`html::escape`].
//!
//! A document is made from data read once ([`PrintData`]), so 500 personal
//! schedules cost one read of the programme.

mod badges;
mod erratum;
mod html;
mod page;
pub(crate) mod parts;
mod programme;
mod rooms;
mod schedules;
mod sheets;
mod signin;
mod speakers;
mod web;

pub use html::{escape, font_files, with_installed_fonts};
pub use page::{Margins, Orientation, PageGeometry, Paper};
pub use sheets::{Part, Sheets, PART_SHEETS, SHEETS_BYTES};

use crate::db::Db;
use crate::error::{Error, Result};
use crate::exchange::slug;
use crate::model::{Attendee, Id, Programme};
use crate::signups::personal::common_to_everyone;
use crate::versions::ChangeReport;
use crate::words::fold::sort_key;
use crate::words::Lang;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::Arc;
use ts_rs::TS;

/// The documents Déroulé prints. `PrintDocument` in TypeScript, where
/// `Document` is the DOM's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "PrintDocument")]
pub enum Document {
    /// The day's programme, A4, flowing onto as many pages as it needs.
    Programme,
    /// One page per attendee: the common items and their own workshops.
    Schedules,
    /// One sheet per speaker: when and where they speak, and with whom.
    Speakers,
    /// Sign-in sheets (feuilles d'émargement): one for the whole day and
    /// one per item with sign-ups.
    Signin,
    /// A4 landscape signs: a room's name and the day's items in it.
    Rooms,
    /// A4 sheets of ten name badges with cut guides.
    Badges,
    /// One page of the changes since the last version sent out, for the
    /// welcome desk and the doors.
    Erratum,
}

impl Document {
    pub const ALL: [Document; 7] = [
        Document::Programme,
        Document::Schedules,
        Document::Speakers,
        Document::Signin,
        Document::Rooms,
        Document::Badges,
        Document::Erratum,
    ];

    /// Whether a large-print version exists.
    pub fn has_large_print(self) -> bool {
        matches!(
            self,
            Document::Programme | Document::Schedules | Document::Speakers
        )
    }

    /// The paper and margins its CSS's `@page` rule sets.
    pub fn page(self) -> PageGeometry {
        match self {
            Document::Programme => programme::PAGE,
            Document::Schedules => schedules::PAGE,
            Document::Speakers => speakers::PAGE,
            Document::Signin => signin::PAGE,
            Document::Rooms => rooms::PAGE,
            Document::Badges => badges::PAGE,
            Document::Erratum => erratum::PAGE,
        }
    }

    /// Whether the attendee filter applies.
    pub fn selects_attendees(self) -> bool {
        matches!(self, Document::Schedules | Document::Badges)
    }
}

/// How to print a document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PrintOptions {
    /// The language of the document; `None`: the event's.
    #[ts(optional = nullable)]
    pub lang: Option<Lang>,
    /// Large print (programme, schedules and speaker sheets).
    pub large: bool,
    /// Schedules and badges: only these attendees (empty: every attendee).
    pub attendee_ids: Vec<Id>,
    /// Schedules and badges: only the attendees of this category
    /// (case-insensitive). With `attendee_ids`, both must match.
    #[ts(optional = nullable)]
    pub category: Option<String>,
    /// Sign-in: only this item's sheet; `None`: the whole day's sheet then
    /// one per item with sign-ups.
    #[ts(optional = nullable)]
    pub item_id: Option<Id>,
}

/// A printed document: one HTML page, ready to preview and print.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintFile {
    /// A name to save it under: "la-metamorphose-reciproque-2022-12-09-programme.html"
    /// (its stem suits the PDF too).
    pub file_name: String,
    pub html: String,
    /// The paper and margins of the page's `@page` rule, for printing it.
    pub page: PageGeometry,
}

/// What documents are made from, read from the database once.
#[derive(Debug, Clone)]
pub struct PrintData {
    pub programme: Arc<Programme>,
    /// The event's attendees (all, or those chosen by id), in no order:
    /// each document sorts the ones it prints by name.
    pub attendees: Arc<Vec<Attendee>>,
    /// Confirmed sign-ups as (item, attendee), in request order.
    pub confirmed: Arc<Vec<(Id, Id)>>,
    /// Where the programme is published for calendars to subscribe to
    /// (`Db::subscription_url`): the programme and the personal schedules
    /// print it as a QR code.
    pub subscribe_url: Option<String>,
    /// The erratum: the changes since the last version sent out, in the
    /// document's language; `None` when no version was marked yet.
    pub changes: Option<ChangeReport>,
}

impl Db {
    /// Prints `document` for an event.
    pub fn print(
        &self,
        event_id: Id,
        document: Document,
        options: &PrintOptions,
    ) -> Result<PrintFile> {
        check_options(document, options)?;
        render(
            document,
            &self.print_data(event_id, document, options)?,
            options,
        )
    }

    /// Reads what the event's documents are made from and keeps it until
    /// the database changes (`Db::kept`): the app asks as its Print menu
    /// opens, so the document chosen is made from data in hand (the large
    /// event's badges: 6 ms instead of 14).
    pub fn prepare_print(&self, event_id: Id) -> Result<()> {
        // The sign-in sheets read the programme, everyone and the
        // sign-ups: all that the other documents read but the erratum.
        self.print_data(event_id, Document::Signin, &PrintOptions::default())
            .map(drop)
    }

    /// What `document` is made from, read once: the attendees and sign-ups
    /// only for the documents that print them. The programme, everyone and
    /// the sign-ups are kept until the database changes (`Db::kept`).
    pub fn print_data(
        &self,
        event_id: Id,
        document: Document,
        options: &PrintOptions,
    ) -> Result<PrintData> {
        let conn = self.conn();
        let programme = self.kept(event_id, "programme", |db| db.programme(event_id))?;
        // Chosen attendees are read alone (a batch of schedules, a badge
        // or two), everyone with only the fields printed (4–5 ms for the
        // large event's 10,060, 8 ms read in full); badges need no sign-ups.
        let attendees = match document {
            Document::Schedules | Document::Badges if !options.attendee_ids.is_empty() => Arc::new(
                crate::signups::attendees::within::with_ids(conn, event_id, &options.attendee_ids)?,
            ),
            Document::Schedules | Document::Signin | Document::Badges => {
                self.kept(event_id, "attendees printed", |db| {
                    crate::signups::attendees::within::list_printed(db.conn(), event_id)
                })?
            }
            _ => Arc::default(),
        };
        let confirmed = match document {
            Document::Schedules | Document::Signin => self.kept(event_id, "confirmed", |db| {
                crate::signups::personal::confirmed_signups(db.conn(), event_id)
            })?,
            _ => Arc::default(),
        };
        let changes = if document == Document::Erratum {
            let lang = options
                .lang
                .unwrap_or_else(|| Lang::of_event(&programme.event.language));
            match self.changes(event_id, None, Some(lang)) {
                Ok(report) => Some(report),
                Err(e) if e.reason.as_deref() == Some("no_version") => None,
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        Ok(PrintData {
            programme,
            attendees,
            confirmed,
            subscribe_url: self.subscription_url(event_id)?,
            changes,
        })
    }
}

impl Db {
    /// The programme as one self-contained web page for the organisation's
    /// website (no script, nothing loaded, printable), in `lang` (the
    /// event's when `None`).
    pub fn web_page(&self, event_id: Id, lang: Option<Lang>) -> Result<PrintFile> {
        let p = self.programme(event_id)?;
        let lang = lang.unwrap_or_else(|| Lang::of_event(&p.event.language));
        let mut ctx = parts::Ctx::new(&p, lang, false);
        ctx.subscribe_url = self.subscription_url(event_id)?;
        ctx.part_headings = true;
        let html = web::render(&ctx);
        let name = [
            slug(&p.event.title),
            p.event.date.format(crate::model::ymd::FORMAT).to_string(),
            lang.words().document_web.to_owned(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
        Ok(PrintFile {
            file_name: format!("{name}.html"),
            html,
            page: programme::PAGE,
        })
    }
}

fn check_options(document: Document, options: &PrintOptions) -> Result<()> {
    if options.large && !document.has_large_print() {
        return Err(Error::invalid(
            "large",
            "not_applicable",
            "large print is for the programme, personal schedules and speaker sheets",
        ));
    }
    if !document.selects_attendees()
        && (!options.attendee_ids.is_empty() || options.category.is_some())
    {
        return Err(Error::invalid(
            "attendeeIds",
            "not_applicable",
            "only personal schedules and badges are printed for chosen attendees",
        ));
    }
    if document != Document::Signin && options.item_id.is_some() {
        return Err(Error::invalid(
            "itemId",
            "not_applicable",
            "only sign-in sheets are printed for one item",
        ));
    }
    Ok(())
}

/// Makes `document` from data already read. Fails only on options that
/// name attendees or an item the event does not have.
pub fn render(document: Document, data: &PrintData, options: &PrintOptions) -> Result<PrintFile> {
    check_options(document, options)?;
    let p = &data.programme;
    let lang = options
        .lang
        .unwrap_or_else(|| Lang::of_event(&p.event.language));
    let mut ctx = parts::Ctx::new(p, lang, options.large);
    ctx.subscribe_url = data.subscribe_url.clone();
    let w = lang.words();
    let mut name_parts = vec![
        slug(&p.event.title),
        p.event.date.format(crate::model::ymd::FORMAT).to_string(),
    ];
    let html = match document {
        Document::Programme => {
            name_parts.push(w.document_programme.to_owned());
            // A long day may be previewed in parts, cut between its slots.
            ctx.cut_marks = true;
            programme::render(&ctx)
        }
        Document::Schedules => {
            name_parts.push(w.document_schedules.to_owned());
            // A long day may be previewed in pieces, cut between its slots.
            ctx.cut_marks = true;
            let chosen = select_attendees(data, options)?;
            check_schedules_size(p, &chosen, &data.confirmed)?;
            if let [one] = chosen.as_slice() {
                name_parts.push(slug(&one.name));
            }
            schedules::render(&ctx, &chosen, &data.confirmed)
        }
        Document::Speakers => {
            name_parts.push(w.document_speakers.to_owned());
            speakers::render(&ctx)
        }
        Document::Signin => {
            name_parts.push(w.document_signin.to_owned());
            let item = match options.item_id {
                Some(id) => Some(
                    p.items
                        .iter()
                        .find(|i| i.id == Some(id))
                        .ok_or_else(|| Error::not_found("item", id))?,
                ),
                None => None,
            };
            if let Some(item) = item {
                name_parts.push(short_slug(&item.title));
            }
            signin::render(&ctx, &data.attendees, &data.confirmed, item)
        }
        Document::Rooms => {
            name_parts.push(w.document_rooms.to_owned());
            rooms::render(&ctx)
        }
        Document::Badges => {
            name_parts.push(w.document_badges.to_owned());
            let chosen = select_attendees_keyed(data, options)?;
            let with_speakers = options.attendee_ids.is_empty() && options.category.is_none();
            badges::render(&ctx, chosen, with_speakers)
        }
        Document::Erratum => {
            name_parts.push(w.document_erratum.to_owned());
            erratum::render(&ctx, data.changes.as_ref())
        }
    };
    if options.large {
        name_parts.push(w.large_print.to_owned());
    }
    name_parts.retain(|s| !s.is_empty());
    Ok(PrintFile {
        file_name: format!("{}.html", name_parts.join("-")),
        html,
        page: document.page(),
    })
}

/// The attendees the options choose, by name. An id that is not one of the
/// event's attendees is an error; a category nobody has chooses nobody.
fn select_attendees<'a>(data: &'a PrintData, options: &PrintOptions) -> Result<Vec<&'a Attendee>> {
    Ok(select_attendees_keyed(data, options)?
        .into_iter()
        .map(|(_, a)| a)
        .collect())
}

/// [`select_attendees`], each with its name's sort key, for a document that
/// sorts them among others (badges, with the speakers').
fn select_attendees_keyed<'a>(
    data: &'a PrintData,
    options: &PrintOptions,
) -> Result<Vec<(String, &'a Attendee)>> {
    let wanted: HashSet<Id> = options.attendee_ids.iter().copied().collect();
    if !wanted.is_empty() {
        let known: HashSet<Id> = data.attendees.iter().filter_map(|a| a.id).collect();
        if let Some(id) = options.attendee_ids.iter().find(|id| !known.contains(id)) {
            return Err(Error::not_found("attendee", *id));
        }
    }
    let category = options.category.as_deref().map(str::trim);
    let mut chosen: Vec<(String, &Attendee)> = data
        .attendees
        .iter()
        .filter(|a| wanted.is_empty() || a.id.is_some_and(|id| wanted.contains(&id)))
        .filter(|a| category.is_none_or(|c| a.category.trim().to_lowercase() == c.to_lowercase()))
        .map(|a| (sort_key(&a.name), a))
        .collect();
    chosen.sort_unstable_by(|(k, a), (l, b)| k.cmp(l).then(a.id.cmp(&b.id)));
    Ok(chosen)
}

/// The most lines (an item of someone's day) one document of personal
/// schedules holds: about 4.5 MB of HTML, 1,400 attendees of a 14-item day
/// or 39 of the large event's days (506 common items, 2 workshops). 10,060 of those made 1.2 GB,
/// which the preview could not show; 50,000 lines (11 MB) took the preview
/// 4 to 9 s to show. The window offers batches under it
/// (`ui/src/lib/printBatches.ts` holds the same number).
pub const MAX_SCHEDULE_LINES: usize = 20_000;

/// Refuses personal schedules of `chosen` over [`MAX_SCHEDULE_LINES`]:
/// each holds the items common to everyone and the others they hold.
fn check_schedules_size(p: &Programme, chosen: &[&Attendee], confirmed: &[(Id, Id)]) -> Result<()> {
    let common = p.items.iter().filter(|i| common_to_everyone(i)).count();
    let workshops: HashSet<Id> = p
        .items
        .iter()
        .filter(|i| !common_to_everyone(i))
        .filter_map(|i| i.id)
        .collect();
    let people: HashSet<Id> = chosen.iter().filter_map(|a| a.id).collect();
    let own = confirmed
        .iter()
        .filter(|(item, attendee)| people.contains(attendee) && workshops.contains(item))
        .count();
    let lines = common * chosen.len() + own;
    if lines > MAX_SCHEDULE_LINES {
        return Err(Error::invalid(
            "attendees",
            "too_many_pages",
            format!(
                "{} personal schedules hold {lines} lines in all, over {MAX_SCHEDULE_LINES} at once: \
                 choose fewer attendees",
                chosen.len()
            ),
        ));
    }
    Ok(())
}

/// A slug of at most 40 characters, cut at a dash.
fn short_slug(text: &str) -> String {
    let s = slug(text);
    if s.len() <= 40 {
        return s;
    }
    let cut = s[..40].rfind('-').unwrap_or(40);
    s[..cut].to_owned()
}
