// Backend errors in the user's language. The backend names the field and
// the reason; the catalogs say it.

import type { ApiError } from './api';
import type { Item, ItemOption, Programme } from './bindings';
import { formatRange } from './format';
import { has, i18n, t, type MessageKey } from './i18n/index.svelte';
import { explain, type Registrations } from './registrations';

/** "items[3].endsAt" → "endsAt". */
function fieldKey(field: string): string {
  const last = field.split('.').pop() ?? field;
  return last.replace(/\[\d+\]$/, '');
}

export function fieldLabel(field: string): string {
  const key = `field.${fieldKey(field)}`;
  return has(key) ? t(key) : field;
}

export function describeError(e: ApiError): string {
  if (e.code === 'newer_database') return t('error.newer_database');
  if (e.code === 'not_found') return t('error.not_found');
  if (e.code === 'nothing_to_undo') return t('error.nothing_to_undo');
  if (e.code === 'changed_elsewhere') return t('error.changed_elsewhere');
  if (e.code === 'internal') return t('error.internal', { message: e.message });
  // A file that could not be written: the disk, not the user's data.
  if (e.code === 'io' && e.reason && has(`error.io.${e.reason}`)) return t(`error.io.${e.reason}` as MessageKey);
  if (e.code === 'invalid' && e.reason) {
    // A reason may read differently for one field ("block_limit" when
    // saving a block is about its maximum): "error.REASON.FIELD" first.
    const params = { field: e.field ? fieldLabel(e.field) : '', message: e.message };
    const specific = e.field ? `error.${e.reason}.${fieldKey(e.field)}` : '';
    if (specific && has(specific)) return t(specific, params);
    const key = `error.${e.reason}`;
    if (has(key)) return t(key, params);
  }
  return t('error.generic', { message: e.message });
}

/** A client-side check failure shaped like a backend error. */
export function invalid(field: string, reason: string): ApiError {
  return { code: 'invalid', field, reason, message: `${field}: ${reason}` };
}

/** A capacity as typed: empty for none, else a whole number not below 0. */
export function parseCapacity(text: string): number | null | ApiError {
  const t = text.trim();
  if (!t) return null;
  if (!/^-?\d+$/.test(t)) return invalid('capacity', 'bad_number');
  const n = Number(t);
  return n < 0 ? invalid('capacity', 'negative') : n;
}

/**
 * A refused sign-up said with the names involved ("Émile Bertin is already
 * signed up for « Atelier 2 » (14h–15h) at the same time"), from what the
 * core said stood in the way (`option`: the item's option in the attendee's
 * day, as it was when asked). Other errors as `describeError`.
 */
export function describeRefusal(
  e: ApiError,
  programme: Programme,
  registrations: Registrations,
  attendeeId: number,
  item: Item,
  option: ItemOption | undefined,
): string {
  const name = registrations.attendees.find((a) => a.id === attendeeId)?.name ?? '?';
  const why = explain(new Map(programme.items.map((i) => [i.id!, i])), option?.blockedBy);
  const when = (i: Item) => formatRange(i.startsAt, i.endsAt, i18n.lang);
  if (e.reason === 'overlap' && why.clash) {
    return t('refusal.overlap', { name, item: why.clash.title, time: when(why.clash) });
  }
  if (e.reason === 'same_workshop' && why.twice) {
    return t('refusal.same_workshop', { name, time: when(why.twice) });
  }
  const block = registrations.blocks.find((b) => b.id === item.blockId);
  if (e.reason === 'block_limit' && block) {
    return t('refusal.block_limit', { name, block: block.name, max: block.maxChoices });
  }
  return describeError(e);
}
