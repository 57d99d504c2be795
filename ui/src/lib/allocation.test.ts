import { describe, expect, it } from 'vitest';
import { allocationFillLabel, allocationRatio, rankBars, rankLabel, shortLines } from './allocation';
import type { AllocationReport } from './bindings';

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
    expect(allocationRatio({ itemId: 1, allocated: 3, kept: 0, capacity: null })).toBe(0);
    expect(allocationRatio({ itemId: 1, allocated: 30, kept: 0, capacity: 20 })).toBe(1);
  });
});
