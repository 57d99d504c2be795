// The interface language and the translation function. French by default;
// the choice is remembered on this computer by the backend (`language.ts`).

import { fr, type MessageKey } from './fr';

export type Lang = 'fr' | 'en';
export type { MessageKey };

/** The catalogs loaded. French is the page's own; English is loaded when
 * first spoken (`setLang`): JavaScriptCore parses a whole script before it
 * runs, and the English catalog is 45 KB that most starts never use. */
const catalogs: Partial<Record<Lang, Record<MessageKey, string>>> = { fr };

export const i18n = $state<{ lang: Lang }>({ lang: 'fr' });
// The page says the language it speaks from the start (also after a
// restart in English), so screen readers pronounce it right.
if (typeof document !== 'undefined') document.documentElement.lang = i18n.lang;

/** How many times a language was asked for: the last one asked is spoken. */
let asked = 0;

/** Speaks `lang` from now on, once its catalog is loaded (see
 * `language.ts` to remember it). True when it is spoken; false when
 * another language was asked for while its catalog loaded, and is spoken
 * instead. */
export async function setLang(lang: Lang): Promise<boolean> {
  const mine = ++asked;
  if (lang === 'en') catalogs.en ??= (await import('./en')).en;
  if (mine !== asked) return false;
  i18n.lang = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
  return true;
}

/** Made when first used: each costs JavaScriptCore a look into ICU's data
 * (the first number format 10 ms at start-up, the first plural rules 4 ms),
 * which the numbers of the events list do without (below). */
const numbers: Partial<Record<Lang, Intl.NumberFormat>> = {};

/** A quantity as the current language writes it: "10 060" (a narrow
 * no-break space between groups) and "1,5" in French; "10,060" and "1.5"
 * in English. A whole number from 0 to 999 has no group, no sign and no
 * decimal: both languages write its digits as they are. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n) && n >= 0 && n < 1000) return String(n);
  return (numbers[i18n.lang] ??= new Intl.NumberFormat(i18n.lang)).format(n);
}

/** Placeholders whose number is a position, not a quantity: a line, a
 * column, a sheet or a part, a place in a list. Typography writes them
 * without groups, like page numbers and years ("ligne 10060", "feuilles
 * 1001 à 1020"). Every other number is a quantity and is grouped. */
const POSITIONS = new Set(['line', 'other', 'into', 'column', 'first', 'last', 'from', 'to', 'rank', 'position']);

/** Fills `{name}` placeholders; numbers as `formatNumber` writes them,
 * positions (`POSITIONS`) as they are. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return typeof value === 'number' && !POSITIONS.has(name) ? formatNumber(value) : String(value);
  });
}

/** Made when first used, like `numbers`. */
const plurals: Partial<Record<Lang, Intl.PluralRules>> = {};

/** Whether the current language says `n` in the singular. For a whole
 * number, CLDR's rules are short: 0 and 1 in French (`i = 0,1`), 1 in
 * English (`i = 1 and v = 0`), the sign aside; any other number asks
 * `Intl.PluralRules`. */
function singular(n: number): boolean {
  if (Number.isInteger(n)) {
    const whole = Math.abs(n);
    return i18n.lang === 'fr' ? whole <= 1 : whole === 1;
  }
  return (plurals[i18n.lang] ??= new Intl.PluralRules(i18n.lang)).select(n) === 'one';
}

/** The message `key` in the current language. With a number `n`, the
 * message `key.one` when the language says `n` in the singular and the
 * catalog has that form ("1 ligne", "0 ligne" in French; "1 row" in
 * English), else `key`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const catalog = catalogs[i18n.lang] ?? fr;
  const n = params?.n;
  if (typeof n === 'number' && singular(n)) {
    const one = catalog[`${key}.one` as MessageKey];
    if (one !== undefined) return format(one, params);
  }
  return format(catalog[key] ?? key, params);
}

/** What an undo step did ("supprimer un élément"), from the backend's history label. */
export function historyLabel(label: string): string {
  const key = `history.${label}` as MessageKey;
  return t(key) === key ? label : t(key);
}

/** Whether `key` is a known message (for keys built from backend codes). */
export function has(key: string): key is MessageKey {
  return key in fr;
}

export { catalogs };
