//! What a change did to an event's programme, told to the editor: the items
//! it changed rather than all of them (see `ui/src/lib/update.ts`, which
//! brings the editor's copy up to date with it).

use crate::model::{Event, HistoryState, Id, Item, Part, Programme, Room, Speaker, Venue, Warning};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// What a change did to an event's programme, as the editor needs it: the
/// items it created or changed, in full; the place of every item; and the
/// rest of the programme as it now is (small beside the items: a large
/// event's items are nine tenths of it). The editor builds the programme
/// from its own copy and this, instead of reading all of it again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeUpdate {
    pub event: Event,
    pub venue: Venue,
    pub rooms: Vec<Room>,
    /// Every item's id, in the programme's order (see [`Programme::items`]).
    pub order: Vec<Id>,
    /// The items that are new or differ from before the change.
    pub items: Vec<Item>,
    pub parts: Vec<Part>,
    pub speakers: Vec<Speaker>,
    pub warnings: Vec<Warning>,
}

impl ProgrammeUpdate {
    /// `after`, told as what changed since `before` (the event's items
    /// before the change): an item that left is in neither `order` nor
    /// `items`.
    pub fn since(before: &[Item], after: Programme) -> ProgrammeUpdate {
        let before: HashMap<Option<Id>, &Item> = before.iter().map(|i| (i.id, i)).collect();
        let order = after.items.iter().filter_map(|i| i.id).collect();
        let items = after
            .items
            .into_iter()
            .filter(|i| before.get(&i.id).is_none_or(|b| *b != i))
            .collect();
        ProgrammeUpdate {
            event: after.event,
            venue: after.venue,
            rooms: after.rooms,
            order,
            items,
            parts: after.parts,
            speakers: after.speakers,
            warnings: after.warnings,
        }
    }
}

/// An item given new times from the running order: how many other items
/// moved with it (the ripple), what its event's programme became, and what
/// undo and redo would now do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Retimed {
    pub moved: usize,
    pub programme: ProgrammeUpdate,
    pub history: HistoryState,
}

/// An item saved from the editor: the item as stored, what its event's
/// programme became, and what undo and redo would now do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ItemSaved {
    pub item: Item,
    pub programme: ProgrammeUpdate,
    pub history: HistoryState,
}
