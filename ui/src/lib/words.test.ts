// The words the UI and the core both write, held once in
// tests/fixtures/words/ and checked on both sides (the core's side is
// tests/integration/words.rs).

import { describe, expect, it } from 'vitest';
import dates from '../../../tests/fixtures/words/dates.json';
import fold from '../../../tests/fixtures/words/fold.json';
import { formatDate, formatRange, formatTime } from './format';
import { normalise } from './registrations';

const LANGS = ['fr', 'en'] as const;

describe('dates and times, as the core writes them', () => {
  for (const lang of LANGS) {
    it(`dates in ${lang}`, () => {
      for (const c of dates.dates) expect(formatDate(c.date, lang)).toBe(c[lang]);
    });
    it(`times in ${lang}`, () => {
      for (const c of dates.times) expect(formatTime(c.time, lang)).toBe(c[lang]);
    });
    it(`ranges in ${lang}`, () => {
      for (const c of dates.ranges) expect(formatRange(c.start, c.end, lang)).toBe(c[lang]);
    });
  }
});

describe('the search fold, beside the core’s', () => {
  it('folds every case as the fixture says', () => {
    for (const c of fold.cases) expect(normalise(c.input), c.input).toBe(c.ui);
  });
});
