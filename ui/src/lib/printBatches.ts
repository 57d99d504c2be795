// Personal schedules printed in batches: one document holds at most
// MAX_SCHEDULE_LINES lines (an item of someone's day), as the core refuses
// more (`src/print/mod.rs`, the same number, checked by a core test). The
// batches follow the attendee list's order.

import type { Item, Signup } from './bindings';

export const MAX_SCHEDULE_LINES = 20_000;

/** Attendees `from`–`to` (1-based, inclusive) of the list, and their ids. */
export interface Batch {
  from: number;
  to: number;
  ids: number[];
}

/**
 * The longest day one attendee's schedule can hold: the items common to
 * everyone (in no block) and the most workshops anyone holds confirmed.
 */
export function longestDay(items: Item[], signups: Signup[]): number {
  const common = items.filter((i) => i.blockId == null).length;
  const workshop = new Set(items.filter((i) => i.blockId != null).map((i) => i.id));
  const held = new Map<number, number>();
  let most = 0;
  for (const s of signups) {
    if (s.status !== 'confirmed' || !workshop.has(s.itemId)) continue;
    const n = (held.get(s.attendeeId) ?? 0) + 1;
    held.set(s.attendeeId, n);
    most = Math.max(most, n);
  }
  return common + most;
}

/**
 * The attendees (`ids`, in list order) in batches whose schedules stay
 * under the limit; one batch when all fit.
 */
export function scheduleBatches(ids: number[], dayLength: number, limit = MAX_SCHEDULE_LINES): Batch[] {
  const size = Math.max(1, Math.floor(limit / Math.max(1, dayLength)));
  const batches: Batch[] = [];
  for (let start = 0; start < ids.length; start += size) {
    const slice = ids.slice(start, start + size);
    batches.push({ from: start + 1, to: start + slice.length, ids: slice });
  }
  return batches;
}
