// The running order's pure helpers: its items grouped by part, and an
// item's lane (what it follows, and what follows it), as the core counts
// it (src/programme/running.rs).

import type { Item } from './bindings';

/** Consecutive items of one part, under its label ("" for none). */
export type PartSection = { part: string; items: Item[] };

/** The items in order, cut wherever the part label changes. */
export function partSections(items: Item[]): PartSection[] {
  const sections: PartSection[] = [];
  for (const item of items) {
    const last = sections.at(-1);
    if (last && last.part === item.partLabel) last.items.push(item);
    else sections.push({ part: item.partLabel, items: [item] });
  }
  return sections;
}

/** The items of `item`'s day in its room and those of the whole venue
 * (every item of the day for an item of the whole venue), in the order of
 * `items`. */
export function laneOf(items: Item[], item: Item): Item[] {
  const day = item.startsAt.slice(0, 10);
  return items.filter(
    (i) =>
      i.startsAt.slice(0, 10) === day &&
      (i.id === item.id || item.roomId == null || i.roomId == null || i.roomId === item.roomId),
  );
}
