// Backend errors in the user's language. The backend names the field and
// the reason; the catalogs say it.

import type { ApiError } from './api';
import { has, t } from './i18n/index.svelte';

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
  if (e.code === 'invalid' && e.reason) {
    const key = `error.${e.reason}`;
    if (has(key)) return t(key, { field: e.field ? fieldLabel(e.field) : '', message: e.message });
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
