//! Comparing two snapshots of a programme: a pure function, so every case
//! is tested without a database.
//!
//! Items are matched by their calendar UID, which never changes. An item
//! of the version missing now is cancelled; an item missing from the
//! version is added; for the others each field people see is compared:
//! the times, the room, the title, the speakers (added or removed, by id).

use super::{Change, ChangeKind, ChangedItem, Snapshot, SnapshotItem};
use crate::model::{ymdhm, Id};
use crate::words::Lang;
use chrono::NaiveDateTime;
use std::collections::{BTreeSet, HashMap};

/// The changes from `then` to `now`, said in `lang`, by the item's time
/// (as it is now), then by kind.
pub fn diff(then: &Snapshot, now: &Snapshot, lang: Lang) -> Vec<Change> {
    let old: HashMap<&str, &SnapshotItem> =
        then.items.iter().map(|i| (i.uid.as_str(), i)).collect();
    let new: HashMap<&str, &SnapshotItem> = now.items.iter().map(|i| (i.uid.as_str(), i)).collect();
    let mut changes = Vec::new();
    for item in &now.items {
        match old.get(item.uid.as_str()) {
            None => changes.push(change(
                None,
                item,
                ChangeKind::Added,
                None,
                Some(span(item.starts_at, item.ends_at)),
                lang.change_added(item.starts_at, item.ends_at),
            )),
            Some(before) => changes.extend(compare(before, item, lang)),
        }
    }
    for item in &then.items {
        if !new.contains_key(item.uid.as_str()) {
            changes.push(change(
                Some(item),
                item,
                ChangeKind::Cancelled,
                Some(span(item.starts_at, item.ends_at)),
                None,
                lang.change_cancelled(item.starts_at, item.ends_at),
            ));
        }
    }
    changes.sort_by(|a, b| {
        (a.item.starts_at, &a.item.room, a.item.id, a.kind).cmp(&(
            b.item.starts_at,
            &b.item.room,
            b.item.id,
            b.kind,
        ))
    });
    changes
}

/// What changed in one item kept from `before` to `after`.
fn compare(before: &SnapshotItem, after: &SnapshotItem, lang: Lang) -> Vec<Change> {
    let mut out = Vec::new();
    if (before.starts_at, before.ends_at) != (after.starts_at, after.ends_at) {
        out.push(change(
            Some(before),
            after,
            ChangeKind::Moved,
            Some(span(before.starts_at, before.ends_at)),
            Some(span(after.starts_at, after.ends_at)),
            lang.change_moved(
                (before.starts_at, before.ends_at),
                (after.starts_at, after.ends_at),
            ),
        ));
    }
    if before.room != after.room {
        let name = |r: &Option<String>| {
            r.clone()
                .unwrap_or_else(|| lang.change_no_room().to_owned())
        };
        out.push(change(
            Some(before),
            after,
            ChangeKind::RoomChanged,
            before.room.clone(),
            after.room.clone(),
            lang.change_room(&name(&before.room), &name(&after.room)),
        ));
    }
    if before.title.trim() != after.title.trim() {
        out.push(change(
            Some(before),
            after,
            ChangeKind::TitleChanged,
            Some(before.title.clone()),
            Some(after.title.clone()),
            lang.change_title(&before.title, &after.title),
        ));
    }
    let had: BTreeSet<Id> = before.speakers.iter().map(|s| s.id).collect();
    let has: BTreeSet<Id> = after.speakers.iter().map(|s| s.id).collect();
    for s in after.speakers.iter().filter(|s| !had.contains(&s.id)) {
        let mut c = change(
            Some(before),
            after,
            ChangeKind::SpeakerAdded,
            None,
            Some(s.name.clone()),
            lang.change_speaker_added(&s.name),
        );
        add_speaker(&mut c, s.id);
        out.push(c);
    }
    for s in before.speakers.iter().filter(|s| !has.contains(&s.id)) {
        let mut c = change(
            Some(before),
            after,
            ChangeKind::SpeakerRemoved,
            Some(s.name.clone()),
            None,
            lang.change_speaker_removed(&s.name),
        );
        add_speaker(&mut c, s.id);
        out.push(c);
    }
    out
}

fn add_speaker(c: &mut Change, id: Id) {
    if !c.speaker_ids.contains(&id) {
        c.speaker_ids.push(id);
    }
}

/// A change of `item` (as it is now, or as it was when cancelled), with the
/// people of the item then (`before`) and now.
fn change(
    before: Option<&SnapshotItem>,
    item: &SnapshotItem,
    kind: ChangeKind,
    from: Option<String>,
    to: Option<String>,
    text: String,
) -> Change {
    let mut attendee_ids: Vec<Id> = Vec::new();
    let mut waiting_ids: Vec<Id> = Vec::new();
    let mut speaker_ids: Vec<Id> = Vec::new();
    // Now first, so that whoever holds a seat now is not counted as waiting.
    for source in [Some(item), before].into_iter().flatten() {
        for id in &source.confirmed {
            if !attendee_ids.contains(id) {
                attendee_ids.push(*id);
            }
        }
        for id in &source.waitlisted {
            if !attendee_ids.contains(id) {
                attendee_ids.push(*id);
                waiting_ids.push(*id);
            }
        }
        for s in &source.speakers {
            if !speaker_ids.contains(&s.id) {
                speaker_ids.push(s.id);
            }
        }
    }
    Change {
        item: ChangedItem {
            id: item.id,
            uid: item.uid.clone(),
            title: item.title.clone(),
            starts_at: item.starts_at,
            ends_at: item.ends_at,
            room: item.room.clone(),
        },
        kind,
        before: from,
        after: to,
        text,
        attendee_ids,
        waiting_ids,
        speaker_ids,
    }
}

/// `YYYY-MM-DDTHH:MM/YYYY-MM-DDTHH:MM`, an ISO 8601 interval.
fn span(start: NaiveDateTime, end: NaiveDateTime) -> String {
    format!(
        "{}/{}",
        start.format(ymdhm::FORMAT),
        end.format(ymdhm::FORMAT)
    )
}
