// Pure helpers of the Diffusion screen: the changes of one item together,
// and the words of a version's time and default label.

import type { Change, ChangedItem } from './bindings';
import { formatDate, formatTime } from './format';
import type { Lang } from './i18n/index.svelte';

export interface ChangeGroup {
  uid: string;
  item: ChangedItem;
  changes: Change[];
}

/** The changes of each item together, in the order of their first change
 * (the core sorts them by the item's time). */
export function groupChanges(changes: Change[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const c of changes) {
    const g = groups.get(c.item.uid);
    if (g) g.changes.push(c);
    else groups.set(c.item.uid, { uid: c.item.uid, item: c.item, changes: [c] });
  }
  return [...groups.values()];
}

function localParts(d: Date): { date: string; time: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: `${pad(d.getHours())}:${pad(d.getMinutes())}`,
  };
}

/** When a version was marked (an RFC 3339 instant), in this computer's
 * time: "mercredi 2 décembre 2026, 7h27". */
export function markedAt(instant: string, lang: Lang): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  const { date, time } = localParts(d);
  return `${formatDate(date, lang)}, ${formatTime(time, lang)}`;
}

/** A label to start from: "Programme imprimé — 2 décembre 2026, 7h27". */
export function defaultVersionLabel(what: string, now: Date, lang: Lang): string {
  const { date, time } = localParts(now);
  const day = formatDate(date, lang).replace(/^\S+\s/, '');
  return `${what} — ${day}, ${formatTime(time, lang)}`;
}
