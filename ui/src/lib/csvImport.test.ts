import { describe, expect, it } from 'vitest';
import type { CsvMapping } from './bindings';
import { CSV_FIELDS, columnOptions, csvReasonKey, encodingName, errorsByLine, selectValue, withColumn } from './csvImport';
import { has } from './i18n/index.svelte';

const guessed: CsvMapping = {
  name: null,
  firstName: 1,
  lastName: 0,
  email: 2,
  organisation: 3,
  category: null,
  notes: null,
  registeredAt: 4,
};

describe('mapping and selects', () => {
  it('reads each field as a select value, "" for none', () => {
    expect(CSV_FIELDS.map((f) => selectValue(guessed, f))).toEqual(['', '1', '0', '2', '3', '', '', '4']);
  });
  it('writes a select value back, column 0 included', () => {
    expect(withColumn(guessed, 'name', '0')).toEqual({ ...guessed, name: 0 });
    expect(withColumn(guessed, 'email', '')).toEqual({ ...guessed, email: null });
    // The original is left as it was.
    expect(guessed.name).toBeNull();
  });
  it('offers "—" then the headers by index', () => {
    expect(columnOptions(['Nom', ' ', 'E-mail'], '—', (n) => `Colonne ${n}`)).toEqual([
      { value: '', label: '—' },
      { value: '0', label: 'Nom' },
      { value: '1', label: 'Colonne 2' },
      { value: '2', label: 'E-mail' },
    ]);
  });
  it('round-trips every option through the mapping', () => {
    for (const o of columnOptions(['a', 'b'], '—', String)) {
      expect(selectValue(withColumn(guessed, 'notes', o.value), 'notes')).toBe(o.value);
    }
  });
});

describe('reasons', () => {
  it('has a message for every reason the core gives', () => {
    for (const reason of [
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
    ]) {
      const key = csvReasonKey(reason);
      expect(key).not.toBeNull();
      expect(has(key!)).toBe(true);
    }
    expect(csvReasonKey('something_else')).toBeNull();
  });
  it('sorts errors by line', () => {
    const e = (line: number) => ({ line, field: null, reason: 'required', message: '' });
    expect(errorsByLine([e(5), e(2), e(3)]).map((x) => x.line)).toEqual([2, 3, 5]);
  });
  it('names encodings', () => {
    expect(encodingName('utf8_bom')).toBe('UTF-8 (BOM)');
    expect(encodingName('windows1252')).toBe('Windows-1252');
  });
});
