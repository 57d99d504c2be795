//! The day as plain French text, for `deroule show`.

use crate::model::{Id, Item, Programme, Speaker, Warning};
use crate::words::Lang;
use std::collections::HashMap;
use std::fmt::Write;

/// Names of the programme's rooms, items and speakers by id.
struct Names<'a> {
    rooms: HashMap<Id, &'a str>,
    items: HashMap<Id, &'a str>,
    speakers: HashMap<Id, &'a Speaker>,
}

impl<'a> Names<'a> {
    fn of(p: &'a Programme) -> Names<'a> {
        Names {
            rooms: p
                .rooms
                .iter()
                .filter_map(|r| Some((r.id?, r.name.as_str())))
                .collect(),
            items: p
                .items
                .iter()
                .filter_map(|i| Some((i.id?, i.title.as_str())))
                .collect(),
            speakers: p.speakers.iter().filter_map(|s| Some((s.id?, s))).collect(),
        }
    }

    fn room(&self, id: &Id) -> &'a str {
        self.rooms.get(id).copied().unwrap_or("?")
    }

    /// « A » et « B ».
    fn titles(&self, ids: &[Id]) -> String {
        ids.iter()
            .map(|id| format!("« {} »", self.items.get(id).copied().unwrap_or("?")))
            .collect::<Vec<_>>()
            .join(" et ")
    }
}

/// The programme as French text: header, then one block per item, then the
/// warnings.
pub fn programme_text(p: &Programme) -> String {
    let names = Names::of(p);
    let mut out = String::new();
    write_header(&mut out, p);
    out.push('\n');
    for item in &p.items {
        write_item(&mut out, item, &names);
    }
    if !p.warnings.is_empty() {
        out.push_str("\nAvertissements\n");
        for w in &p.warnings {
            let _ = writeln!(out, "  ! {}", warning_line(w, &names));
        }
    }
    out
}

/// Title, series, the day and its hours, the venue and its address.
fn write_header(out: &mut String, p: &Programme) {
    let e = &p.event;
    let _ = writeln!(out, "{}", e.title);
    if !e.series.is_empty() {
        let _ = writeln!(out, "{}", e.series);
    }
    let _ = writeln!(
        out,
        "{}, de {} à {}",
        Lang::Fr.date_capitalised(e.date),
        Lang::Fr.time(e.day_start),
        Lang::Fr.time(e.day_end)
    );
    let v = &p.venue;
    let address: Vec<&str> = [v.name.as_str(), v.street.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    let city = format!("{} {}", v.postcode, v.city).trim().to_owned();
    if !address.is_empty() || !city.is_empty() {
        let mut parts = address;
        if !city.is_empty() {
            parts.push(&city);
        }
        let _ = writeln!(out, "{}", parts.join(", "));
    }
}

/// One item: its times, title, kind and room, its part, its speakers.
fn write_item(out: &mut String, item: &Item, names: &Names<'_>) {
    let _ = write!(
        out,
        "{}  {} [{}]",
        Lang::Fr.range(item.starts_at.time(), item.ends_at.time()),
        item.title,
        Lang::Fr.kind(item.kind)
    );
    if let Some(room) = item.room_id.and_then(|r| names.rooms.get(&r)) {
        let _ = write!(out, ", {room}");
    }
    if item.remote {
        out.push_str(" (retransmission)");
    }
    out.push('\n');
    if !item.part_label.is_empty() {
        let _ = writeln!(out, "    {}", item.part_label);
    }
    for link in &item.speakers {
        let Some(s) = names.speakers.get(&link.speaker_id) else {
            continue;
        };
        let mut who = s.name.clone();
        for part in [&s.title, &s.organisation] {
            if !part.is_empty() {
                who.push_str(", ");
                who.push_str(part);
            }
        }
        let _ = write!(out, "    - {who} ({})", Lang::Fr.role(link.role));
        if !link.topic.is_empty() {
            let _ = write!(out, " : {}", link.topic);
        }
        out.push('\n');
    }
}

/// A warning in French, naming the people, rooms and items involved.
fn warning_line(w: &Warning, names: &Names<'_>) -> String {
    match w {
        Warning::SpeakerDoubleBooked {
            speaker_id,
            item_ids,
        } => format!(
            "{} est attendu·e à deux endroits à la fois : {}",
            names
                .speakers
                .get(speaker_id)
                .map(|s| s.name.as_str())
                .unwrap_or("?"),
            names.titles(item_ids)
        ),
        Warning::RoomDoubleBooked { room_id, item_ids } => format!(
            "{} accueille deux éléments en même temps : {}",
            names.room(room_id),
            names.titles(item_ids)
        ),
        Warning::OutsideDay { item_ids } => {
            format!("{} sort des horaires de la journée", names.titles(item_ids))
        }
        Warning::CapacityOverRoom {
            room_id,
            item_ids,
            capacity,
            room_capacity,
        } => format!(
            "{} prévoit {capacity} places, mais {} n'en a que {room_capacity}",
            names.titles(item_ids),
            names.room(room_id),
        ),
        Warning::AttendeeDoubleBooked {
            attendee_name,
            item_ids,
            ..
        } => format!(
            "{attendee_name} a une place confirmée dans deux éléments en même temps : {}",
            names.titles(item_ids)
        ),
    }
}

/// "1er", "2e", "3e": a French ordinal.
fn ordinal_fr(n: usize) -> String {
    if n == 1 {
        "1er".into()
    } else {
        format!("{n}e")
    }
}

/// The allocation's satisfaction summary, in French, for the command line.
pub fn allocation_text(
    report: &crate::signups::allocation::AllocationReport,
    p: &Programme,
    r: &crate::model::Registrations,
) -> String {
    let mut out = String::new();
    let block = r
        .blocks
        .iter()
        .find(|b| b.id == Some(report.block_id))
        .map(|b| b.name.as_str())
        .unwrap_or("?");
    let name = |id: Id| {
        r.attendees
            .iter()
            .find(|a| a.id == Some(id))
            .map(|a| a.name.as_str())
            .unwrap_or("?")
    };
    let _ = writeln!(
        out,
        "Attribution « {block} »{}",
        if report.applied {
            ""
        } else {
            " (simulation : rien n'est enregistré)"
        }
    );
    let _ = writeln!(
        out,
        "{} participants ont classé des ateliers ; {} places demandées, {} attribuées.",
        report.attendees, report.seats_wished, report.seats_given
    );
    for (k, n) in report.by_rank.iter().enumerate() {
        let _ = writeln!(out, "  {} choix : {n}", ordinal_fr(k + 1));
    }
    let _ = writeln!(out, "Sans aucun atelier : {}", report.unserved);
    if !report.short.is_empty() {
        let _ = writeln!(out, "Moins que demandé : {}", report.short.len());
        for s in &report.short {
            let _ = writeln!(
                out,
                "  {} ({} sur {})",
                name(s.attendee_id),
                s.got,
                s.wished
            );
        }
    }
    if report.conflicts > 0 {
        let _ = writeln!(
            out,
            "Places non données (déjà pris ailleurs à la même heure) : {}",
            report.conflicts
        );
    }
    let _ = writeln!(out, "Remplissage :");
    for f in &report.fills {
        let Some(item) = p.items.iter().find(|i| i.id == Some(f.item_id)) else {
            continue;
        };
        let capacity = f
            .capacity
            .map(|c| c.to_string())
            .unwrap_or_else(|| "∞".into());
        let _ = writeln!(
            out,
            "  {} {} : {}/{capacity}",
            Lang::Fr.range(item.starts_at.time(), item.ends_at.time()),
            item.title,
            f.allocated + f.kept
        );
    }
    out
}
