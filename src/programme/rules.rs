//! The warnings shown beside the timeline. They point at items; they never
//! stop a change from being saved.

use crate::model::{Event, Id, Item, Room, Warning};
use std::collections::{BTreeMap, HashMap};

/// Two half-open intervals `[start, end)` overlap. Back-to-back items
/// (10h–11h then 11h–12h) do not.
fn overlaps(a: &Item, b: &Item) -> bool {
    a.starts_at < b.ends_at && b.starts_at < a.ends_at
}

/// For items sorted by start, the pairs that overlap, found by a sweep.
fn overlapping_pairs<'a>(sorted: &[&'a Item]) -> Vec<(&'a Item, &'a Item)> {
    let mut pairs = Vec::new();
    for (i, a) in sorted.iter().enumerate() {
        for b in &sorted[i + 1..] {
            if b.starts_at >= a.ends_at {
                break;
            }
            if overlaps(a, b) {
                pairs.push((*a, *b));
            }
        }
    }
    pairs
}

fn id(item: &Item) -> Id {
    item.id.unwrap_or_default()
}

/// Every warning for a programme, in a stable order: by kind, then by the
/// first item's start.
pub fn warnings(event: &Event, rooms: &[Room], items: &[Item]) -> Vec<Warning> {
    let mut sorted: Vec<&Item> = items.iter().collect();
    sorted.sort_by_key(|i| (i.starts_at, i.ends_at, i.id));

    let mut out = Vec::new();

    // A speaker in two places at once.
    let mut by_speaker: BTreeMap<Id, Vec<&Item>> = BTreeMap::new();
    for item in &sorted {
        for link in &item.speakers {
            by_speaker.entry(link.speaker_id).or_default().push(item);
        }
    }
    for (speaker_id, list) in &by_speaker {
        for (a, b) in overlapping_pairs(list) {
            out.push(Warning::SpeakerDoubleBooked {
                speaker_id: *speaker_id,
                item_ids: vec![id(a), id(b)],
            });
        }
    }

    // Two items in one room at once.
    let mut by_room: BTreeMap<Id, Vec<&Item>> = BTreeMap::new();
    for item in &sorted {
        if let Some(room_id) = item.room_id {
            by_room.entry(room_id).or_default().push(item);
        }
    }
    for (room_id, list) in &by_room {
        for (a, b) in overlapping_pairs(list) {
            out.push(Warning::RoomDoubleBooked {
                room_id: *room_id,
                item_ids: vec![id(a), id(b)],
            });
        }
    }

    // Outside the day's hours.
    let day_start = event.date.and_time(event.day_start);
    let day_end = event.date.and_time(event.day_end);
    for item in &sorted {
        if item.starts_at < day_start || item.ends_at > day_end {
            out.push(Warning::OutsideDay {
                item_ids: vec![id(item)],
            });
        }
    }

    // More seats than the room holds.
    let room_capacity: HashMap<Id, i64> = rooms
        .iter()
        .filter_map(|r| Some((r.id?, r.capacity?)))
        .collect();
    for item in &sorted {
        if let (Some(capacity), Some(room_id)) = (item.capacity, item.room_id) {
            if let Some(&room_capacity) = room_capacity.get(&room_id) {
                if capacity > room_capacity {
                    out.push(Warning::CapacityOverRoom {
                        room_id,
                        item_ids: vec![id(item)],
                        capacity,
                        room_capacity,
                    });
                }
            }
        }
    }
    out
}
