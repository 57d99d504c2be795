import { describe, expect, it } from 'vitest';
import type { UnmatchedChoice } from './bindings';
import type { ChoicesMapping, CsvMapping } from './bindings';
import {
  accept,
  acceptAll,
  bracketColumns,
  choiceErrors,
  choicesReasonKey,
  freeColumn,
  layoutOf,
  rankLabel,
  withAttendeeColumn,
  withGridColumn,
  withLayout,
  withNewRank,
  withoutRank,
  withRank,
  withRankingColumn,
  withWishes,
} from './choicesImport';
import { has, setLang } from './i18n/index.svelte';

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
    for (const reason of [
      'unknown_workshop',
      'duplicate_choice',
      'bad_wishes',
      'no_choice_column',
      'no_person_column',
      'no_workshops',
      'same_rank',
      'bad_rank',
      'two_layouts',
      'bad_email',
      'field_count',
      'bad_column',
    ]) {
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

// The headers of a Google Forms export with a ranking grid.
const HEADERS = [
  'Horodateur',
  'Adresse e-mail',
  'Nom',
  'Prénom',
  'Atelier préféré',
  'Deuxième atelier',
  'Classez les ateliers [Atelier 1 : Retex]',
  'Classez les ateliers [Atelier 2 : Numok]',
  'Combien d’ateliers ?',
];
const person: CsvMapping = { name: null, firstName: 3, lastName: 2, email: 1, organisation: null, category: null, notes: null, registeredAt: 0 };
const guessed: ChoicesMapping = { attendee: person, choices: [4], grid: [], wishes: 8 };

describe('choosing the columns of choices', () => {
  it('reads the layout of a mapping', () => {
    expect(layoutOf(guessed)).toBe('ranking');
    expect(layoutOf({ ...guessed, choices: [4, 5] })).toBe('ranks');
    expect(layoutOf({ ...guessed, choices: [], grid: [6, 7] })).toBe('grid');
  });

  it('adds a rank from the first free column, and a second rank is read after the first', () => {
    const two = withRank(guessed, 1, 5);
    expect(two.choices).toEqual([4, 5]);
    expect(freeColumn(guessed, HEADERS)).toBe(5);
    expect(withNewRank(guessed, HEADERS).choices).toEqual([4, 5]);
    const full: ChoicesMapping = { ...guessed, choices: [4, 5, 6, 7] };
    expect(freeColumn(full, HEADERS)).toBeNull();
    expect(withNewRank(full, HEADERS)).toBe(full);
  });

  it('exchanges two ranks given the same column, and takes a column from the other roles', () => {
    const two: ChoicesMapping = { ...guessed, choices: [4, 5] };
    expect(withRank(two, 0, 5).choices).toEqual([5, 4]);
    const fromWishes = withRank(two, 1, 8);
    expect([fromWishes.choices, fromWishes.wishes]).toEqual([[4, 8], null]);
    const fromName = withRank(two, 0, 2);
    expect([fromName.choices, fromName.attendee.lastName]).toEqual([[2, 5], null]);
    expect(withoutRank({ ...guessed, choices: [4, 5, 6] }, 1).choices).toEqual([4, 6]);
  });

  it('switches between layouts, a grid taking the columns headed "Question [Row]"', () => {
    expect(bracketColumns(HEADERS)).toEqual([6, 7]);
    expect(bracketColumns(['Ateliers []', 'Disponibilités [Matin] ', 'Choix 1'])).toEqual([1]);
    const grid = withLayout(guessed, 'grid', HEADERS);
    expect([grid.choices, grid.grid]).toEqual([[], [6, 7]]);
    const ranks = withLayout(grid, 'ranks', HEADERS);
    expect([ranks.choices, ranks.grid]).toEqual([[6, 7], []]);
    expect(withLayout(ranks, 'ranking', HEADERS).choices).toEqual([6]);
    expect(withLayout(guessed, 'ranking', HEADERS)).toBe(guessed);
    const held = withLayout({ ...guessed, attendee: { ...person, notes: 7 } }, 'grid', HEADERS);
    expect(held.grid).toEqual([6]);
  });

  it('ticks and unticks grid columns, in column order, never beside rank columns', () => {
    const grid: ChoicesMapping = { ...guessed, choices: [], grid: [7] };
    expect(withGridColumn(grid, 6, true).grid).toEqual([6, 7]);
    expect(withGridColumn(grid, 7, false).grid).toEqual([]);
    const fromRanks = withGridColumn(guessed, 6, true);
    expect([fromRanks.choices, fromRanks.grid]).toEqual([[], [6]]);
    expect(withGridColumn(grid, 8, true).wishes).toBeNull();
  });

  it('sets the ranking column, the wishes and the attendee fields, or none', () => {
    expect(withRankingColumn(guessed, '5').choices).toEqual([5]);
    expect(withRankingColumn(guessed, '').choices).toEqual([]);
    expect(withWishes(guessed, '').wishes).toBeNull();
    const wishes = withWishes(guessed, '4');
    expect([wishes.wishes, wishes.choices]).toEqual([4, []]);
    const named = withAttendeeColumn(guessed, 'notes', '4');
    expect([named.attendee.notes, named.choices, named.attendee.lastName]).toEqual([4, [], 2]);
    expect(withAttendeeColumn(guessed, 'email', '').attendee.email).toBeNull();
  });

  it('names the ranks in either language', async () => {
    expect([rankLabel(1), rankLabel(2)]).toEqual(['1er choix', '2e choix']);
    await setLang('en');
    expect([rankLabel(1), rankLabel(3)]).toEqual(['Choice 1', 'Choice 3']);
    await setLang('fr');
  });
});
