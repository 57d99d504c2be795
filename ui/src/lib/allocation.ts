// Pure helpers for the allocation screen: the ranks as words and bars,
// the attendees left short with their names, the fills as ratios.

import type { AllocationFill, AllocationPhase, AllocationReport, AllocationStatus, Attendee, Gap, Tier } from './bindings';
import { formatNumber, t, type Lang, type MessageKey } from './i18n/index.svelte';

/** "1er choix", "2e choix" / "1st choice", "2nd choice", "3rd choice". */
export function rankLabel(rank: number, lang: Lang): string {
  if (lang === 'fr') return `${rank}${rank === 1 ? 'er' : 'e'} choix`;
  const tens = rank % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? 'th' : rank % 10 === 1 ? 'st' : rank % 10 === 2 ? 'nd' : rank % 10 === 3 ? 'rd' : 'th';
  return `${rank}${suffix} choice`;
}

export interface RankBar {
  /** 1 for the first choice. */
  rank: number;
  seats: number;
  /** Width from 0 to 1, relative to the largest rank. */
  ratio: number;
}

/** One bar per rank, trailing empty ranks left out (at least one). */
export function rankBars(byRank: number[]): RankBar[] {
  let last = byRank.length;
  while (last > 1 && byRank[last - 1] === 0) last--;
  const max = Math.max(1, ...byRank);
  return byRank.slice(0, Math.max(1, last)).map((seats, k) => ({ rank: k + 1, seats: seats ?? 0, ratio: (seats ?? 0) / max }));
}

export interface ShortLine {
  attendeeId: number;
  name: string;
  got: number;
  wished: number;
}

/** Who got fewer seats than asked, by name. */
export function shortLines(report: AllocationReport, attendees: Attendee[]): ShortLine[] {
  const names = new Map(attendees.map((a) => [a.id!, a.name]));
  return report.short
    .map((s) => ({ attendeeId: s.attendeeId, name: names.get(s.attendeeId) ?? '?', got: s.got, wished: s.wished }))
    .sort((a, b) => a.got - b.got || a.name.localeCompare(b.name, 'fr'));
}

/** Seats taken (allocated + kept) over the capacity, from 0 to 1 (0 without a limit). */
export function allocationRatio(fill: AllocationFill): number {
  if (fill.capacity == null) return 0;
  if (fill.capacity === 0) return 1;
  return Math.min(1, (fill.allocated + fill.kept) / fill.capacity);
}

/** "12/20", or "12" without a limit. */
export function allocationFillLabel(fill: AllocationFill): string {
  const taken = fill.allocated + fill.kept;
  return fill.capacity == null ? formatNumber(taken) : `${formatNumber(taken)}/${formatNumber(fill.capacity)}`;
}

/** A tier of the objective, in words. */
function tierWord(tier: Tier): string {
  const key: Record<Tier, MessageKey> = {
    priority: 'allocation.tier.priority',
    served: 'allocation.tier.served',
    seats: 'allocation.tier.seats',
    kept: 'allocation.tier.kept',
    satisfaction: 'allocation.tier.satisfaction',
  };
  return t(key[tier]);
}

const phaseKey: Record<AllocationPhase, MessageKey> = {
  reading: 'allocation.phase.reading',
  searching: 'allocation.phase.searching',
  refining: 'allocation.phase.refining',
  applying: 'allocation.phase.applying',
};

/** "Best found, not proven optimal: 142 attendees served, 145 at most possible." */
export function gapLine(gap: Gap): string {
  return t('allocation.gap', { tier: tierWord(gap.tier), found: gap.found, bound: gap.bound });
}

/** What the background allocation is doing, with the time spent and the gap when known. */
export function progressLine(status: AllocationStatus, lang: Lang): string {
  const seconds = (status.elapsedMs / 1000).toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const phase = t(phaseKey[status.phase ?? 'reading']);
  const line = t('allocation.progress', { phase, seconds });
  return status.gap ? `${line} ${gapLine(status.gap)}` : line;
}

/** The event's attendee categories, each once (the first spelling), sorted. */
export function categoriesOf(attendees: Attendee[]): string[] {
  const seen = new Map<string, string>();
  for (const a of attendees) {
    const c = a.category.trim();
    const key = c.toLocaleLowerCase('fr').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\p{L}\p{N}]/gu, '');
    if (key && !seen.has(key)) seen.set(key, c);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b, 'fr'));
}
