import { describe, expect, it } from 'vitest';
import type { UnmatchedChoice } from './bindings';
import { accept, acceptAll, choiceErrors, choicesReasonKey } from './choicesImport';
import { has } from './i18n/index.svelte';

const typo: UnmatchedChoice = { text: 'Atelier 4 : Echange avec des fablab', proposal: 4, lines: [3, 5] };
const nothingClose: UnmatchedChoice = { text: 'Atelier cuisine', proposal: null, lines: [4] };

describe('accepting proposals', () => {
  it('accepts a proposal once, and never a text without one', () => {
    const once = accept([], typo);
    expect(once).toEqual([{ text: typo.text, workshopId: 4 }]);
    expect(accept(once, typo)).toBe(once);
    expect(accept(once, nothingClose)).toBe(once);
    expect(acceptAll([], [typo, nothingClose])).toEqual(once);
  });
});

describe('refusals', () => {
  it('names every reason of either catalog', () => {
    for (const reason of ['unknown_workshop', 'duplicate_choice', 'bad_wishes', 'no_choice_column', 'no_person_column', 'no_workshops', 'bad_email', 'field_count']) {
      const key = choicesReasonKey(reason);
      expect(key, reason).not.toBeNull();
      expect(has(key!), reason).toBe(true);
    }
    expect(choicesReasonKey('something_else')).toBeNull();
  });
  it('sorts errors by line, then column', () => {
    const e = (line: number, column: number | null) => ({ line, column, field: null, reason: 'x', message: '' });
    expect(choiceErrors([e(5, 7), e(3, 6), e(5, 2), e(1, null)]).map((x) => [x.line, x.column])).toEqual([
      [1, null],
      [3, 6],
      [5, 2],
      [5, 7],
    ]);
  });
});
