// Dates and times as people read them: "mardi 1er juillet 2025", "9h30",
// "14h45–16h15" in French; "Tuesday 1 July 2025", "9:30", "14:45–16:15" in
// English. Wire formats are "YYYY-MM-DD", "HH:MM" and "YYYY-MM-DDTHH:MM".

import type { Lang } from './i18n/index.svelte';

const DAYS = {
  fr: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
const MONTHS = {
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "mardi 1er juillet 2025" / "Tuesday 1 July 2025". */
export function formatDate(date: string, lang: Lang): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const day = lang === 'fr' && d === 1 ? '1er' : String(d);
  return `${DAYS[lang][weekday]} ${day} ${MONTHS[lang][m - 1]} ${y}`;
}

/**
 * A registration date ("YYYY-MM-DDTHH:MM:SS" or "YYYY-MM-DD"): "3 juin 2025
 * à 14h02" / "3 June 2025, 14:02"; the day alone when there is no time.
 */
export function formatRegistered(at: string, lang: Lang): string {
  const [y, m, d] = at.slice(0, 10).split('-').map(Number);
  const day = lang === 'fr' && d === 1 ? '1er' : String(d);
  const date = `${day} ${MONTHS[lang][m - 1]} ${y}`;
  if (at.length <= 10) return date;
  const time = formatTime(at.slice(11, 16), lang);
  return lang === 'fr' ? `${date} à ${time}` : `${date}, ${time}`;
}

/** Minutes since midnight of an "HH:MM" time or the time part of a date-time. */
export function minutesOf(value: string): number {
  const time = value.includes('T') ? value.slice(value.indexOf('T') + 1) : value;
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

/** "9h30", "9h" / "9:30". Accepts minutes or a wire time. */
export function formatTime(value: string | number, lang: Lang): string {
  const minutes = typeof value === 'number' ? value : minutesOf(value);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (lang === 'fr') return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}`;
  return `${h}:${String(m).padStart(2, '0')}`;
}

/** "14h45–16h15" with an en dash. */
export function formatRange(start: string | number, end: string | number, lang: Lang): string {
  return `${formatTime(start, lang)}–${formatTime(end, lang)}`;
}

/** "HH:MM" for minutes since midnight (24:00 allowed for the day's end). */
export function wireTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "YYYY-MM-DDTHH:MM" for a date and minutes since its midnight. */
export function wireDateTime(date: string, minutes: number): string {
  return `${date}T${wireTime(minutes)}`;
}

/**
 * Reads a time as people type it: "9h30", "9h", "09:30", "9:30", "930",
 * "14 h 45". Returns minutes since midnight, or null when unreadable.
 */
export function parseTime(text: string): number | null {
  const s = text.trim().toLowerCase().replace(/\s+/g, '');
  let m = /^(\d{1,2})(?:[h:.](\d{2})?)?$/.exec(s);
  if (!m) m = /^(\d{1,2})(\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2] ? Number(m[2]) : 0;
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return null;
  return h * 60 + min;
}

/**
 * Reads a duration as people type it: "10", "10 min", "10mn", "1h", "1h30",
 * "1 h 30", "1:30", "90'". Returns minutes (at least 1), or null when
 * unreadable.
 */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase().replace(/\s+/g, '');
  let m = /^(\d{1,4})(?:min|mn|m|'|′)?$/.exec(s);
  let minutes: number | null = null;
  if (m) minutes = Number(m[1]);
  else if ((m = /^(\d{1,2})(?:h|:)(\d{1,2})?(?:min|mn|m)?$/.exec(s))) {
    if (m[2] && Number(m[2]) > 59) return null;
    minutes = Number(m[1]) * 60 + (m[2] ? Number(m[2]) : 0);
  }
  return minutes != null && minutes > 0 && minutes <= 24 * 60 ? minutes : null;
}

/** "10 min", "1h", "1h30" (the same in both languages). */
export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}`;
}

/** Rounds minutes to the nearest multiple of `step`. */
export function snap(minutes: number, step = 5): number {
  return Math.round(minutes / step) * step;
}

/** "09/12/2022" for a wire date, as date fields show it. */
export function inputDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/**
 * Reads a date as people type it: "9/12/2022", "09.12.2022", "2022-12-09".
 * Returns the wire date, or null when it is not a real date.
 */
export function parseDate(text: string): string | null {
  const s = text.trim();
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (match) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    if (!match) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
