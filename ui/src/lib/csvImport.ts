// Pure helpers for the CSV import screen: the mapping as one select per
// attendee field, and the reasons of refused rows as catalog keys.

import type { CsvEncoding, CsvMapping, CsvRowError } from './bindings';
import type { MessageKey } from './i18n/fr';
import { t } from './i18n/index.svelte';

/** The attendee fields a column can fill, in the order the screen shows them. */
export const CSV_FIELDS = ['name', 'firstName', 'lastName', 'email', 'organisation', 'category', 'notes', 'registeredAt'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** The value of a select: the column's index, or "" for none. */
export function selectValue(mapping: CsvMapping, field: CsvField): string {
  const column = mapping[field];
  return column == null ? '' : String(column);
}

/** The mapping with `field` read from the select's value ("" for none). */
export function withColumn(mapping: CsvMapping, field: CsvField, value: string): CsvMapping {
  return { ...mapping, [field]: value === '' ? null : Number(value) };
}

export interface ColumnOption {
  value: string;
  label: string;
}

/** A select of a mapping: what it fills, its label, its column ("" for none). */
export interface ColumnField {
  key: string;
  label: string;
  value: string;
}

/** "—" then the file's headers by index ("Colonne 3" when a header is empty). */
export function columnOptions(headers: string[], none: string, unnamed: (n: number) => string): ColumnOption[] {
  return [{ value: '', label: none }, ...headers.map((h, i) => ({ value: String(i), label: h.trim() || unnamed(i + 1) }))];
}

/** The catalog key of a row's or a file's refusal reason, if known. */
export function csvReasonKey(reason: string): MessageKey | null {
  const known = [
    'required',
    'bad_email',
    'duplicate_in_file',
    'field_count',
    'unclosed_quote',
    'no_name_column',
    'not_picked',
    'bad_encoding',
    'empty',
    'too_large',
    'bad_column',
    'bad_date',
  ];
  return known.includes(reason) ? (`csv.reason.${reason}` as MessageKey) : null;
}

/** The row errors sorted by line. */
export function errorsByLine(errors: CsvRowError[]): CsvRowError[] {
  return [...errors].sort((a, b) => a.line - b.line);
}

/** "UTF-8", "UTF-8 (BOM)", "Windows-1252"… */
export function encodingName(encoding: CsvEncoding): string {
  return {
    utf8: 'UTF-8',
    utf8_bom: 'UTF-8 (BOM)',
    utf16_le: 'UTF-16 LE',
    utf16_be: 'UTF-16 BE',
    windows1252: 'Windows-1252',
  }[encoding];
}

/** The separator in words (« point-virgule », "tab"…), or itself. */
export function separatorName(d: string): string {
  if (d === ';') return t('csv.sep.semicolon');
  if (d === ',') return t('csv.sep.comma');
  if (d === '\t') return t('csv.sep.tab');
  return d;
}

/** A column by its header, or « colonne N » when it has none. */
export function columnName(headers: string[], column: number): string {
  return headers[column]?.trim() || t('csv.unnamed', { column: column + 1 });
}
