import { describe, expect, it } from 'vitest';
import { allocationFillLabel, allocationRatio, categoriesOf, gapLine, progressLine, rankBars, rankLabel, shortLines } from './allocation';
import type { AllocationReport, AllocationStatus } from './bindings';
import { setLang } from './i18n/index.svelte';

describe('rankLabel', () => {
  it('says the rank in French', () => {
    expect(rankLabel(1, 'fr')).toBe('1er choix');
    expect(rankLabel(2, 'fr')).toBe('2e choix');
    expect(rankLabel(11, 'fr')).toBe('11e choix');
  });
  it('says the rank in English', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22].map((k) => rankLabel(k, 'en'))).toEqual([
      '1st choice',
      '2nd choice',
      '3rd choice',
      '4th choice',
      '11th choice',
      '12th choice',
      '13th choice',
      '21st choice',
      '22nd choice',
    ]);
  });
});

describe('rankBars', () => {
  it('scales to the largest rank and drops trailing empty ranks', () => {
    expect(rankBars([10, 5, 0, 0])).toEqual([
      { rank: 1, seats: 10, ratio: 1 },
      { rank: 2, seats: 5, ratio: 0.5 },
    ]);
  });
  it('keeps one bar when nothing was given', () => {
    expect(rankBars([0, 0])).toEqual([{ rank: 1, seats: 0, ratio: 0 }]);
    expect(rankBars([])).toEqual([]);
  });
});

const report: AllocationReport = {
  blockId: 1,
  applied: false,
  attendees: 3,
  byRank: [3, 1],
  served: 2,
  unserved: 1,
  seatsWished: 6,
  seatsGiven: 4,
  short: [
    { attendeeId: 2, wished: 2, got: 1 },
    { attendeeId: 3, wished: 2, got: 0 },
    { attendeeId: 9, wished: 1, got: 0 },
  ],
  fills: [],
  conflicts: 0,
  optimal: true,
  gap: null,
  priorityAttendees: 0,
  priorityServed: 0,
  seatsBefore: 0,
  seatsKept: 0,
  seatsMoved: 0,
  seatsAdded: 0,
  seatsRemoved: 0,
};

describe('shortLines', () => {
  it('names who got fewer, those with nothing first', () => {
    const attendees = [
      { id: 2, eventId: 1, name: 'Zoé Martin', email: '', organisation: '', category: '', notes: '' },
      { id: 3, eventId: 1, name: 'Émile Bertin', email: '', organisation: '', category: '', notes: '' },
    ];
    expect(shortLines(report, attendees).map((s) => [s.name, s.got, s.wished])).toEqual([
      ['?', 0, 1],
      ['Émile Bertin', 0, 2],
      ['Zoé Martin', 1, 2],
    ]);
  });
});

describe('allocation fills', () => {
  it('counts allocated and kept seats against the capacity', () => {
    expect(allocationFillLabel({ itemId: 1, allocated: 8, kept: 2, capacity: 20 })).toBe('10/20');
    expect(allocationRatio({ itemId: 1, allocated: 8, kept: 2, capacity: 20 })).toBe(0.5);
    expect(allocationFillLabel({ itemId: 1, allocated: 3, kept: 0, capacity: null })).toBe('3');
    expect(allocationFillLabel({ itemId: 1, allocated: 1150, kept: 30, capacity: 1200 })).toBe('1\u202f180/1\u202f200');
    expect(allocationRatio({ itemId: 1, allocated: 3, kept: 0, capacity: null })).toBe(0);
    expect(allocationRatio({ itemId: 1, allocated: 30, kept: 0, capacity: 20 })).toBe(1);
  });
});

describe('allocation progress and gap', () => {
  const status: AllocationStatus = {
    run: 1,
    running: true,
    blockId: 4,
    apply: false,
    phase: 'refining',
    best: { priority: 0, served: 142, seats: 380, kept: 0, satisfaction: 1712 },
    gap: { tier: 'served', found: 142, bound: 145 },
    elapsedMs: 1530,
    report: null,
    error: null,
    cancelled: false,
  };
  it('says the phase, the time and the gap in French', async () => {
    await setLang('fr');
    expect(progressLine(status, 'fr')).toBe(
      'Preuve de l’optimum (HiGHS) (1,5 s)… Meilleure répartition trouvée dans le temps imparti, sans preuve qu’elle est optimale : participants servis : 142, au plus 145 possibles.',
    );
    expect(progressLine({ ...status, phase: 'searching', gap: null, elapsedMs: 200 }, 'fr')).toBe(
      'Recherche de la meilleure répartition (0,2 s)…',
    );
  });
  it('says them in English', async () => {
    await setLang('en');
    expect(gapLine({ tier: 'seats', found: 380, bound: 384 })).toBe(
      'Best allocation found in the time allowed, not proven optimal: seats given: 380, at most 384 possible.',
    );
    expect(progressLine({ ...status, phase: 'reading', gap: null, elapsedMs: 0 }, 'en')).toBe('Reading the block (0.0 s)…');
    await setLang('fr');
  });
});

describe('categoriesOf', () => {
  it('lists each category once, whatever its case, accents or spaces, sorted', () => {
    const people = ['Élu·e', 'Bibliothécaire', ' bibliothecaire ', '', "N'a pas pu venir l'an dernier", 'ELU E'].map(
      (category, id) => ({ id, eventId: 1, name: `P${id}`, email: '', organisation: '', category, notes: '', registeredAt: null }),
    );
    expect(categoriesOf(people)).toEqual(['Bibliothécaire', 'Élu·e', "N'a pas pu venir l'an dernier"]);
  });
});
