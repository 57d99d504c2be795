// The interface language and the translation function. French by default;
// the choice is remembered on this computer by the backend (`language.ts`).

import { en } from './en';
import { fr, type MessageKey } from './fr';

export type Lang = 'fr' | 'en';
export type { MessageKey };

const catalogs: Record<Lang, Record<MessageKey, string>> = { fr, en };

export const i18n = $state<{ lang: Lang }>({ lang: 'fr' });
// The page says the language it speaks from the start (also after a
// restart in English), so screen readers pronounce it right.
if (typeof document !== 'undefined') document.documentElement.lang = i18n.lang;

/** Speaks `lang` from now on (see `language.ts` to remember it). */
export function setLang(lang: Lang): void {
  i18n.lang = lang;
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** Fills `{name}` placeholders. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The message `key` in the current language. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(catalogs[i18n.lang][key] ?? key, params);
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
