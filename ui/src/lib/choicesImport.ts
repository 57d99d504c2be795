// Pure helpers for the import of ranked choices: the proposals accepted,
// the reasons of refused rows as catalog keys, a workshop's short label,
// and the columns the organiser chooses.

import type { ChoiceAlias, ChoicesMapping, ChoiceWorkshop, CsvRowError, UnmatchedChoice } from './bindings';
import { CSV_FIELDS, csvReasonKey, withColumn, type CsvField } from './csvImport';
import type { MessageKey } from './i18n/fr';
import { t } from './i18n/index.svelte';

/** `accepted` with the proposal for `unmatched` (once per text). */
export function accept(accepted: ChoiceAlias[], unmatched: UnmatchedChoice): ChoiceAlias[] {
  if (unmatched.proposal == null || accepted.some((a) => a.text === unmatched.text)) return accepted;
  return [...accepted, { text: unmatched.text, workshopId: unmatched.proposal }];
}

/** Every proposal accepted at once. */
export function acceptAll(accepted: ChoiceAlias[], unmatched: UnmatchedChoice[]): ChoiceAlias[] {
  return unmatched.reduce(accept, accepted);
}

/** The catalog key of a refusal reason of a file of choices, if known. */
export function choicesReasonKey(reason: string): MessageKey | null {
  const own = [
    'unknown_workshop',
    'duplicate_choice',
    'bad_wishes',
    'no_choice_column',
    'no_person_column',
    'no_workshops',
    'same_rank',
    'bad_rank',
    'two_layouts',
  ];
  return own.includes(reason) ? (`choices.reason.${reason}` as MessageKey) : csvReasonKey(reason);
}

/** The row errors sorted by line, then column. */
export function choiceErrors(errors: CsvRowError[]): CsvRowError[] {
  return [...errors].sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

/** The workshops by id. */
export function workshopTitles(workshops: ChoiceWorkshop[]): Map<number, string> {
  return new Map(workshops.map((w) => [w.id, w.title]));
}

// The organiser's mapping of a file of choices. Each column does one
// thing: giving a column to a choice (a rank, the grid) or to the wishes
// takes it from wherever else it was; two ranks exchange their columns.

/** How the file holds each attendee's choices. */
export type ChoicesLayout = 'ranks' | 'ranking' | 'grid';

/** The layout a mapping reads as: the grid's columns, one column holding a
 * whole ranking, or one column per rank. */
export function layoutOf(mapping: ChoicesMapping): ChoicesLayout {
  if (mapping.grid.length > 0) return 'grid';
  return mapping.choices.length === 1 ? 'ranking' : 'ranks';
}

/** `mapping` with `column` taken from every choice, the wishes, and, unless
 * `attendee` is false, the attendee's fields. */
export function release(mapping: ChoicesMapping, column: number, attendee = true): ChoicesMapping {
  const fields = { ...mapping.attendee };
  if (attendee) {
    for (const f of CSV_FIELDS) if (fields[f] === column) fields[f] = null;
  }
  return {
    attendee: fields,
    choices: mapping.choices.filter((c) => c !== column),
    grid: mapping.grid.filter((c) => c !== column),
    wishes: mapping.wishes === column ? null : mapping.wishes,
  };
}

/** The columns whose header is a grid's "Question [Row]". */
export function bracketColumns(headers: string[]): number[] {
  return headers.flatMap((h, i) => (/\[[^\]]*\S[^\]]*\]\s*$/.test(h) ? [i] : []));
}

/** `mapping` read as `layout`: rank columns keep their order (one kept for a
 * ranking column); a grid takes the columns headed "Question [Row]" that no
 * attendee field holds. */
export function withLayout(mapping: ChoicesMapping, layout: ChoicesLayout, headers: string[]): ChoicesMapping {
  if (layout === layoutOf(mapping)) return mapping;
  if (layout === 'grid') {
    const held = new Set(CSV_FIELDS.map((f) => mapping.attendee[f]).filter((c) => c != null));
    const grid = bracketColumns(headers).filter((c) => !held.has(c) && c !== mapping.wishes);
    return { ...mapping, choices: [], grid };
  }
  const from = mapping.choices.length > 0 ? mapping.choices : mapping.grid;
  return { ...mapping, grid: [], choices: layout === 'ranking' ? from.slice(0, 1) : from };
}

/** `mapping` with rank `index` (from 0, or past the end: a new rank) read
 * from `column`: a column another rank had is exchanged with it; any other
 * role gives it up. */
export function withRank(mapping: ChoicesMapping, index: number, column: number): ChoicesMapping {
  const choices = [...mapping.choices];
  const other = choices.indexOf(column);
  if (other >= 0 && index < choices.length) {
    [choices[other], choices[index]] = [choices[index], column];
    return { ...mapping, choices, grid: [] };
  }
  if (other >= 0) return mapping;
  const freed = release(mapping, column);
  if (index < choices.length) choices[index] = column;
  else choices.push(column);
  return { ...freed, choices, grid: [] };
}

/** `mapping` with the whole ranking read from `column` ("" for none). */
export function withRankingColumn(mapping: ChoicesMapping, value: string): ChoicesMapping {
  if (value === '') return { ...mapping, choices: [] };
  const column = Number(value);
  return { ...release(mapping, column), choices: [column], grid: [] };
}

/** `mapping` without rank `index`; the ranks after it move up. */
export function withoutRank(mapping: ChoicesMapping, index: number): ChoicesMapping {
  return { ...mapping, choices: mapping.choices.filter((_, i) => i !== index) };
}

/** The first column no role holds (for a new rank), or null. */
export function freeColumn(mapping: ChoicesMapping, headers: string[]): number | null {
  const held = new Set<number | null | undefined>([...mapping.choices, ...mapping.grid, mapping.wishes, ...CSV_FIELDS.map((f) => mapping.attendee[f])]);
  const free = headers.findIndex((_, i) => !held.has(i));
  return free >= 0 ? free : null;
}

/** `mapping` with one more rank, read from the first free column. */
export function withNewRank(mapping: ChoicesMapping, headers: string[]): ChoicesMapping {
  const column = freeColumn(mapping, headers);
  return column == null ? mapping : withRank(mapping, mapping.choices.length, column);
}

/** `mapping` with `column` in the grid or out of it (the grid in column order). */
export function withGridColumn(mapping: ChoicesMapping, column: number, inGrid: boolean): ChoicesMapping {
  if (!inGrid) return { ...mapping, grid: mapping.grid.filter((c) => c !== column) };
  const freed = release(mapping, column);
  return { ...freed, choices: [], grid: [...freed.grid, column].sort((a, b) => a - b) };
}

/** `mapping` with the wishes read from the select's value ("" for none). */
export function withWishes(mapping: ChoicesMapping, value: string): ChoicesMapping {
  if (value === '') return { ...mapping, wishes: null };
  const column = Number(value);
  return { ...release(mapping, column), wishes: column };
}

/** `mapping` with an attendee field read from the select's value; a column
 * given to a field is no choice nor the wishes. */
export function withAttendeeColumn(mapping: ChoicesMapping, field: CsvField, value: string): ChoicesMapping {
  const attendee = withColumn(mapping.attendee, field, value);
  const freed = value === '' ? mapping : release(mapping, Number(value), false);
  return { ...freed, attendee };
}

/** « 1er choix », « 2e choix »… */
export function rankLabel(rank: number): string {
  return rank === 1 ? t('choices.rank1') : t('choices.rankN', { rank });
}
