// The running order's pure helpers: its items grouped by part, and an
// item's lane (what it follows, and what follows it), as the core counts
// it (src/programme/running.rs).

import type { Item, Part } from './bindings';

/** Consecutive items of one part, under it (null: in no part). */
export type PartSection = { part: Part | null; items: Item[] };

/** The items in order, cut wherever the part changes. */
export function partSections(items: Item[], parts: Part[]): PartSection[] {
  const byId = new Map(parts.map((p) => [p.id!, p]));
  const sections: PartSection[] = [];
  for (const item of items) {
    const last = sections.at(-1);
    const part = item.partId == null ? null : (byId.get(item.partId) ?? null);
    if (last && last.part?.id === part?.id) last.items.push(item);
    else sections.push({ part, items: [item] });
  }
  return sections;
}

/** The number a new part is offered: the one after the last numbered part
 * ("03" after "02", "Partie 3" after "Partie 2"), or nothing. */
export function nextPartNumber(parts: Part[]): string {
  const numbered = parts.filter((p) => /\d+\s*$/.test(p.number));
  const last = numbered.at(-1);
  if (!last) return '';
  const [, head, digits] = /^(.*?)(\d+)\s*$/.exec(last.number)!;
  return head + String(Number(digits) + 1).padStart(digits.length, '0');
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
