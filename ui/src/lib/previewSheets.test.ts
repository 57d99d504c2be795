import { describe, expect, it } from 'vitest';
import { PREVIEW_SHEETS, previewRanges, sheetRanges, sheetsUrl } from './previewSheets';

describe('sheetRanges', () => {
  it('shows a short document, or one that flows, whole', () => {
    expect(sheetRanges(0)).toEqual([]);
    expect(sheetRanges(1)).toEqual([]);
    expect(sheetRanges(PREVIEW_SHEETS)).toEqual([]);
  });

  it('cuts a long one into ranges that cover every sheet once', () => {
    const ranges = sheetRanges(682);
    expect(ranges).toHaveLength(35);
    expect(ranges[0]).toEqual({ first: 1, last: 20, total: 682 });
    expect(ranges[1]).toEqual({ first: 21, last: 40, total: 682 });
    expect(ranges.at(-1)).toEqual({ first: 681, last: 682, total: 682 });
    let next = 1;
    for (const r of ranges) {
      expect(r.first).toBe(next);
      expect(r.last - r.first + 1).toBeLessThanOrEqual(PREVIEW_SHEETS);
      next = r.last + 1;
    }
    expect(next).toBe(683);
    expect(sheetRanges(21, 20).map((r) => [r.first, r.last])).toEqual([
      [1, 20],
      [21, 21],
    ]);
  });
});

describe('previewRanges', () => {
  it('takes the parts of a flowing document one at a time, else the sheets', () => {
    expect(previewRanges({ sheets: 0, parts: [] })).toEqual([]);
    expect(previewRanges({ sheets: 0, parts: ['08:00'] })).toEqual([]);
    expect(previewRanges({ sheets: 0, parts: ['08:00', '10:06', '13:30'] })).toEqual([
      { first: 1, last: 1, total: 3, from: '08:00' },
      { first: 2, last: 2, total: 3, from: '10:06' },
      { first: 3, last: 3, total: 3, from: '13:30' },
    ]);
    expect(previewRanges({ sheets: 45, parts: [] })).toEqual(sheetRanges(45));
  });
});

describe('sheetsUrl', () => {
  it('asks the app for the sheets of a range, or for the whole document', () => {
    const url = 'deroule-print://localhost/7';
    expect(sheetsUrl(url, { first: 21, last: 40, total: 682 })).toBe('deroule-print://localhost/7?sheets=21-40');
    expect(sheetsUrl(url, undefined)).toBe(url);
    expect(sheetsUrl(url, { first: 2, last: 2, total: 7, from: '10:06' })).toBe('deroule-print://localhost/7?part=2');
  });
});
