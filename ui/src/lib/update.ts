// The editor's copy of a programme brought up to date with what a change
// told (`ProgrammeUpdate`: the items it changed, every item's place, the
// rest of the programme), instead of reading all of it again: on a large
// event the programme is 280 KB to send, parse and compare after each move.

import type { Item, Programme, ProgrammeUpdate } from './bindings';
import { share } from './share';

/**
 * `prev` with `update` applied: the items it did not name are `prev`'s own
 * objects, and whatever is deep-equal to before keeps its object too (see
 * `share`), so a screen redraws only what changed. Null when `update` is of
 * another event, or names in its order an item that `prev` does not hold
 * and it does not tell (the copy is behind: read the programme again).
 */
export function updatedProgramme(prev: Programme, update: ProgrammeUpdate): Programme | null {
  if (prev.event.id !== update.event.id) return null;
  const told = new Map(update.items.map((i) => [i.id, i]));
  let known: Map<number | null | undefined, Item> | null = null;
  let same = prev.items.length === update.order.length;
  const items: Item[] = [];
  for (const [k, id] of update.order.entries()) {
    let was: Item | undefined = prev.items[k];
    if (was?.id !== id) {
      known ??= new Map(prev.items.map((i) => [i.id, i]));
      was = known.get(id);
    }
    const now = told.get(id);
    const item = now ? share(was, now) : was;
    if (!item) return null;
    if (item !== prev.items[k]) same = false;
    items.push(item);
  }
  const next: Programme = {
    event: share(prev.event, update.event),
    venue: share(prev.venue, update.venue),
    rooms: share(prev.rooms, update.rooms),
    items: same ? prev.items : items,
    parts: share(prev.parts, update.parts),
    speakers: share(prev.speakers, update.speakers),
    warnings: share(prev.warnings, update.warnings),
  };
  const unchanged = (Object.keys(next) as (keyof Programme)[]).every((key) => next[key] === prev[key]);
  return unchanged ? prev : next;
}
