//! Events and their programme: venue, rooms, items, speakers.

use super::Res;
use crate::AppState;
use deroule::model::{ymdhm, Event, EventSummary, Id, Item, Part, Programme, Room, Speaker, Venue};
use deroule::programme::speakers::PastedSpeaker;
use deroule::programme::update::{ItemSaved, Retimed};
use deroule::Error;
use tauri::State;

/// Every event, summed up for the list.
#[tauri::command(async)]
pub(crate) fn list_events(state: State<'_, AppState>) -> Res<Vec<EventSummary>> {
    state.with(|db| db.list_events())
}

#[tauri::command(async)]
pub(crate) fn create_event(state: State<'_, AppState>, event: Event) -> Res<Event> {
    state.with(|db| db.create_event(&event))
}

#[tauri::command(async)]
pub(crate) fn update_event(state: State<'_, AppState>, event: Event) -> Res<Event> {
    state.with(|db| db.update_event(&event))
}

/// A copy of an event, its title followed by the copy suffix.
#[tauri::command(async)]
pub(crate) fn duplicate_event(
    state: State<'_, AppState>,
    id: Id,
    copy_suffix: String,
) -> Res<Event> {
    state.with(|db| db.duplicate_event(id, &copy_suffix))
}

#[tauri::command(async)]
pub(crate) fn delete_event(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_event(id))
}

/// An event with its venue, rooms, items, speakers and warnings.
#[tauri::command(async)]
pub(crate) fn get_programme(state: State<'_, AppState>, event_id: Id) -> Res<Programme> {
    state.with(|db| db.editor_programme(event_id))
}

#[tauri::command(async)]
pub(crate) fn save_venue(state: State<'_, AppState>, event_id: Id, venue: Venue) -> Res<Venue> {
    state.with(|db| db.save_venue(event_id, &venue))
}

#[tauri::command(async)]
pub(crate) fn save_room(state: State<'_, AppState>, room: Room) -> Res<Room> {
    state.with(|db| db.save_room(&room))
}

/// Moves a room one place left (-1) or right (+1); returns the event's rooms.
#[tauri::command(async)]
pub(crate) fn move_room(state: State<'_, AppState>, id: Id, delta: i64) -> Res<Vec<Room>> {
    state.with(|db| db.move_room(id, delta))
}

#[tauri::command(async)]
pub(crate) fn delete_room(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_room(id))
}

/// Creates (no `id`) or updates an item; returns it with what the
/// programme became, for the editor to update its copy.
#[tauri::command(async)]
pub(crate) fn save_item(state: State<'_, AppState>, item: Item) -> Res<ItemSaved> {
    state.with(|db| db.save_item_in_editor(&item))
}

#[tauri::command(async)]
pub(crate) fn delete_item(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_item(id))
}

#[tauri::command(async)]
pub(crate) fn list_speakers(state: State<'_, AppState>) -> Res<Vec<Speaker>> {
    state.with(|db| db.list_speakers())
}

#[tauri::command(async)]
pub(crate) fn save_speaker(state: State<'_, AppState>, speaker: Speaker) -> Res<Speaker> {
    state.with(|db| db.save_speaker(&speaker))
}

#[tauri::command(async)]
pub(crate) fn delete_speaker(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_speaker(id))
}

/// New times for an item (`YYYY-MM-DDTHH:MM`); with `ripple`, the items
/// after it move by as much as its end did, up to the first pinned one.
/// Returns how many other items moved, with what the programme became.
#[tauri::command(async)]
pub(crate) fn retime_item(
    state: State<'_, AppState>,
    id: Id,
    starts_at: String,
    ends_at: String,
    ripple: bool,
) -> Res<Retimed> {
    let time = |field: &str, s: &str| {
        ymdhm::parse(s).ok_or_else(|| {
            Error::invalid(
                field,
                "invalid",
                format!("invalid date-time {s:?}, expected YYYY-MM-DDTHH:MM"),
            )
        })
    };
    let (starts_at, ends_at) = (time("startsAt", &starts_at)?, time("endsAt", &ends_at)?);
    state.with(|db| db.retime_item_in_editor(id, starts_at, ends_at, ripple))
}

/// Pins an item (its time stays when the items before it move) or frees it.
#[tauri::command(async)]
pub(crate) fn set_item_pinned(state: State<'_, AppState>, id: Id, pinned: bool) -> Res<()> {
    state.with(|db| db.set_item_pinned(id, pinned))
}

/// Renames or renumbers a part: every item of it follows.
#[tauri::command(async)]
pub(crate) fn save_part(state: State<'_, AppState>, part: Part) -> Res<Part> {
    state.with(|db| db.save_part(&part))
}

/// Starts a new part at an item: the item, and those after it that were in
/// its part, move into it.
#[tauri::command(async)]
pub(crate) fn start_part(
    state: State<'_, AppState>,
    item_id: Id,
    number: String,
    title: String,
) -> Res<Part> {
    state.with(|db| db.start_part(item_id, &number, &title))
}

/// Removes a part: its items stay, in no part.
#[tauri::command(async)]
pub(crate) fn delete_part(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_part(id))
}

/// A new item of `minutes` right after `after`, in its room and part,
/// made from `draft` (title, kind); the items after it make room.
#[tauri::command(async)]
pub(crate) fn insert_item_after(
    state: State<'_, AppState>,
    after: Id,
    draft: Item,
    minutes: i64,
) -> Res<Item> {
    state.with(|db| db.insert_item_after(after, &draft, minutes))
}

/// A copy of an item right after it; the items after it make room.
#[tauri::command(async)]
pub(crate) fn duplicate_item(state: State<'_, AppState>, id: Id) -> Res<Item> {
    state.with(|db| db.duplicate_item(id))
}

/// Moves an item `steps` places up (negative) or down the running order,
/// swapping times with its neighbours. Returns how many items moved.
#[tauri::command(async)]
pub(crate) fn reorder_item(state: State<'_, AppState>, id: Id, steps: i64) -> Res<usize> {
    state.with(|db| db.reorder_item(id, steps))
}

/// What adding a pasted list of speakers (one per line: name, title,
/// organisation) would do: each line read, and who is already there.
#[tauri::command(async)]
pub(crate) fn preview_speakers(
    state: State<'_, AppState>,
    text: String,
) -> Res<Vec<PastedSpeaker>> {
    state.with(|db| db.preview_speakers(&text))
}

/// Adds the speakers of a pasted list not yet in the directory; returns
/// how many.
#[tauri::command(async)]
pub(crate) fn add_speakers(state: State<'_, AppState>, text: String) -> Res<usize> {
    state.with(|db| db.add_speakers(&text))
}

/// Sets an item's speakers from the running order's text ("Marc Giraud
/// (modération), Sophie Reynaud"); new names join the directory. Returns
/// how many joined it.
#[tauri::command(async)]
pub(crate) fn set_item_speakers_text(
    state: State<'_, AppState>,
    id: Id,
    text: String,
) -> Res<usize> {
    state.with(|db| db.set_item_speakers_text(id, &text))
}
