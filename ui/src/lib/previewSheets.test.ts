import { describe, expect, it } from 'vitest';
import { previewRanges, sheetsUrl } from './previewSheets';

describe('previewRanges', () => {
  it('shows a document the core gives in one part or none whole', () => {
    expect(previewRanges({ sheets: 0, parts: [] })).toEqual([]);
    expect(previewRanges({ sheets: 0, parts: [{ first: 1, last: 1, from: '08:00' }] })).toEqual([]);
    expect(previewRanges({ sheets: 12, parts: [] })).toEqual([]);
  });

  it('takes the parts of a flowing document one at a time, numbered', () => {
    const parts = ['08:00', '10:06', '13:30'].map((from, i) => ({ first: i + 1, last: i + 1, from }));
    expect(previewRanges({ sheets: 0, parts })).toEqual([
      { part: 1, first: 1, last: 1, total: 3, from: '08:00', flows: true },
      { part: 2, first: 2, last: 2, total: 3, from: '10:06', flows: true },
      { part: 3, first: 3, last: 3, total: 3, from: '13:30', flows: true },
    ]);
  });

  it('takes the sheets of the others as the core grouped or cut them', () => {
    expect(
      previewRanges({
        sheets: 45,
        parts: [
          { first: 1, last: 20, from: null },
          { first: 21, last: 40, from: null },
          { first: 41, last: 41, from: null },
          { first: 41, last: 41, from: '12:30' },
          { first: 42, last: 45, from: null },
        ],
      }),
    ).toEqual([
      { part: 1, first: 1, last: 20, total: 45, flows: false },
      { part: 2, first: 21, last: 40, total: 45, flows: false },
      { part: 3, first: 41, last: 41, total: 45, flows: false },
      { part: 4, first: 41, last: 41, total: 45, from: '12:30', flows: false },
      { part: 5, first: 42, last: 45, total: 45, flows: false },
    ]);
  });
});

describe('sheetsUrl', () => {
  it('asks the app for a part by its number, or for the whole document', () => {
    const url = 'deroule-print://localhost/7';
    expect(sheetsUrl(url, { part: 2, first: 21, last: 40, total: 682, flows: false })).toBe(
      'deroule-print://localhost/7?part=2',
    );
    expect(sheetsUrl(url, undefined)).toBe(url);
  });
});
