// Pure helpers for the import of ranked choices: the proposals accepted,
// the reasons of refused rows as catalog keys, a workshop's short label.

import type { ChoiceAlias, ChoiceWorkshop, CsvRowError, UnmatchedChoice } from './bindings';
import { csvReasonKey } from './csvImport';
import type { MessageKey } from './i18n/fr';

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
  const own = ['unknown_workshop', 'duplicate_choice', 'bad_wishes', 'no_choice_column', 'no_person_column', 'no_workshops'];
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
