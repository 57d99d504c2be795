// What an import of a calendar or a schedule did, as one sentence: the
// items made, changed and left as they were, then what was left out and
// why. A conference's schedule or a calendar export spans days: the
// entries of other days are counted and their days named, not listed one
// by one (a four-day congress leaves a hundred out).

import type { ImportReport, SkipReason, Skipped } from './bindings';
import { formatDate } from './format';
import { i18n, t, type MessageKey } from './i18n/index.svelte';

/** Days named before the rest are counted. */
export const DAYS_SHOWN = 3;
/** Titles named for one reason before the rest are counted. */
export const TITLES_SHOWN = 5;

export function importReport(r: ImportReport): string {
  const parts = [
    t('import.created', { n: r.itemsCreated }),
    t('import.updated', { n: r.itemsUpdated }),
    t('import.unchanged', { n: r.itemsUnchanged }),
  ];
  if (r.itemsDeleted) parts.push(t('import.deleted', { n: r.itemsDeleted }));
  if (r.roomsCreated) parts.push(t('import.rooms', { n: r.roomsCreated }));
  if (r.speakersCreated) parts.push(t('import.speakers', { n: r.speakersCreated }));
  let text = parts.join(', ') + '.';
  if (r.skipped.length) text += ' ' + t('import.skipped', { list: leftOut(r.skipped) });
  if (r.fileTimeZone) text += ' ' + t('import.otherClock', { zone: r.fileTimeZone });
  return text;
}

/** The entries left out, by reason in the order the file first gives each. */
function leftOut(skipped: Skipped[]): string {
  const byReason = new Map<SkipReason, Skipped[]>();
  for (const s of skipped) {
    const group = byReason.get(s.reason) ?? [];
    group.push(s);
    byReason.set(s.reason, group);
  }
  const groups: string[] = [];
  for (const [reason, entries] of byReason) {
    const dates = entries.map((s) => s.date);
    if (reason === 'outside_event_date' && dates.every((d): d is string => d != null)) {
      groups.push(t('import.skip.otherDays', { n: entries.length, days: days(dates) }));
      continue;
    }
    const titles = entries.slice(0, TITLES_SHOWN).map((s) => t('import.skip.title', { title: s.title || t('import.skip.untitled') }));
    const more = entries.length - TITLES_SHOWN;
    if (more > 0) titles.push(t('import.skip.more', { n: more }));
    groups.push(`${titles.join(', ')} (${t(`import.skip.${reason}` as MessageKey)})`);
  }
  // French puts a space before the semicolon.
  return groups.join(i18n.lang === 'fr' ? ' ; ' : '; ');
}

/** The distinct days, in order, the first few named. */
function days(dates: string[]): string {
  const distinct = [...new Set(dates)].sort();
  const named = distinct.slice(0, DAYS_SHOWN).map((d) => formatDate(d, i18n.lang));
  const more = distinct.length - DAYS_SHOWN;
  if (more > 0) named.push(t('import.skip.moreDays', { n: more }));
  return named.join(', ');
}
