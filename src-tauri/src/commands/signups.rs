//! Attendees, choice blocks and workshops, sign-ups, rankings and
//! allocation.

use super::Res;
use crate::AppState;
use deroule::model::{Attendee, ChoiceBlock, Id, Promotion, Signup, SignupSource, SignupState};
use deroule::signups::allocation::AllocationReport;
use deroule::signups::attendees::AttendeeList;
use deroule::signups::personal::AttendeeDay;
use std::collections::HashMap;
use tauri::State;

/// The event's attendees, by name, one list per field: read again only
/// when a change touched them (ten thousand on a large event).
#[tauri::command(async)]
pub(crate) fn attendees(state: State<'_, AppState>, event_id: Id) -> Res<AttendeeList> {
    state.with(|db| db.attendee_list(event_id))
}

/// Blocks, workshops, sign-ups, fills and promotions to tell: what a
/// sign-up or a block's change alters, without the attendees list.
#[tauri::command(async)]
pub(crate) fn signup_state(state: State<'_, AppState>, event_id: Id) -> Res<SignupState> {
    state.with(|db| db.signup_state(event_id))
}

/// One attendee's day: their own programme and what stands in the way of
/// each sign-up, read when they are opened and after every change.
#[tauri::command(async)]
pub(crate) fn attendee_day(
    state: State<'_, AppState>,
    event_id: Id,
    attendee_id: Id,
) -> Res<AttendeeDay> {
    state.with(|db| db.attendee_day(event_id, attendee_id))
}

#[tauri::command(async)]
pub(crate) fn save_attendee(state: State<'_, AppState>, attendee: Attendee) -> Res<Attendee> {
    state.with(|db| db.save_attendee(&attendee))
}

#[tauri::command(async)]
pub(crate) fn delete_attendee(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_attendee(id))
}

/// Deletes an attendee for good: their sign-ups, the record of messages
/// sent to them, and the undo history, which held their rows (it starts
/// again empty); not undoable.
#[tauri::command(async)]
pub(crate) fn erase_attendee(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.erase_attendee(id))
}

/// Confirmed when a seat is free, waitlisted when full, else refused.
#[tauri::command(async)]
pub(crate) fn sign_up(
    state: State<'_, AppState>,
    item_id: Id,
    attendee_id: Id,
    source: SignupSource,
) -> Res<Signup> {
    state.with(|db| db.sign_up(item_id, attendee_id, source))
}

/// Returns the waitlisted sign-ups promoted into the freed seat.
#[tauri::command(async)]
pub(crate) fn cancel_signup(state: State<'_, AppState>, id: Id) -> Res<Vec<Promotion>> {
    state.with(|db| db.cancel_signup(id))
}

#[tauri::command(async)]
pub(crate) fn move_signup(state: State<'_, AppState>, signup_id: Id, item_id: Id) -> Res<Signup> {
    state.with(|db| db.move_signup(signup_id, item_id))
}

/// Present (true), absent (false) or not known (null).
#[tauri::command(async)]
pub(crate) fn set_attendance(
    state: State<'_, AppState>,
    signup_id: Id,
    attended: Option<bool>,
) -> Res<Signup> {
    state.with(|db| db.set_attendance(signup_id, attended))
}

#[tauri::command(async)]
pub(crate) fn set_promotion_told(state: State<'_, AppState>, id: Id, told: bool) -> Res<()> {
    state.with(|db| db.set_promotion_told(id, told))
}

#[tauri::command(async)]
pub(crate) fn save_block(state: State<'_, AppState>, block: ChoiceBlock) -> Res<ChoiceBlock> {
    state.with(|db| db.save_block(&block))
}

#[tauri::command(async)]
pub(crate) fn delete_block(state: State<'_, AppState>, id: Id) -> Res<()> {
    state.with(|db| db.delete_block(id))
}

/// Puts an item in a block (as its own workshop, or as another occurrence
/// of `same_as`'s workshop); `block_id` null takes it out.
#[tauri::command(async)]
pub(crate) fn set_item_workshop(
    state: State<'_, AppState>,
    item_id: Id,
    block_id: Option<Id>,
    same_as: Option<Id>,
) -> Res<()> {
    state.with(|db| db.set_item_workshop(item_id, block_id, same_as))
}

/// A block of these items; items with the same title become one workshop.
#[tauri::command(async)]
pub(crate) fn make_block(
    state: State<'_, AppState>,
    block: ChoiceBlock,
    item_ids: Vec<Id>,
) -> Res<ChoiceBlock> {
    state.with(|db| db.make_block(&block, &item_ids))
}

#[tauri::command(async)]
pub(crate) fn set_ranking(
    state: State<'_, AppState>,
    attendee_id: Id,
    block_id: Id,
    workshop_ids: Vec<Id>,
) -> Res<()> {
    state.with(|db| db.set_ranking(attendee_id, block_id, &workshop_ids))
}

/// An attendee's rankings: block id → workshop ids, first choice first.
#[tauri::command(async)]
pub(crate) fn rankings(state: State<'_, AppState>, attendee_id: Id) -> Res<HashMap<Id, Vec<Id>>> {
    state.with(|db| db.rankings(attendee_id))
}

/// How many workshops an attendee wishes per block (block id → count),
/// for the blocks where they said; elsewhere the block's maximum.
#[tauri::command(async)]
pub(crate) fn attendee_wishes(
    state: State<'_, AppState>,
    attendee_id: Id,
) -> Res<HashMap<Id, i64>> {
    state.with(|db| db.wishes(attendee_id))
}

/// Sets how many workshops of a block an attendee wishes (null: the
/// block's maximum); from 1 to the block's maximum.
#[tauri::command(async)]
pub(crate) fn set_wishes(
    state: State<'_, AppState>,
    attendee_id: Id,
    block_id: Id,
    wishes: Option<i64>,
) -> Res<()> {
    state.with(|db| db.set_wishes(attendee_id, block_id, wishes))
}

#[tauri::command(async)]
pub(crate) fn allocate_block(
    state: State<'_, AppState>,
    block_id: Id,
    dry_run: bool,
) -> Res<AllocationReport> {
    state.with(|db| db.allocate_block(block_id, dry_run))
}
