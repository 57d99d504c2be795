/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { describeError } from './errors';
import { en } from './i18n/en';
import { fr } from './i18n/fr';
import { formatNumber, i18n, setLang, t } from './i18n/index.svelte';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  it('have the same keys and the same placeholders in French and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const key of Object.keys(fr) as (keyof typeof fr)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(fr[key]));
      expect(en[key].trim(), key).not.toBe('');
    }
  });

  it('speak French by default and switch to English', async () => {
    expect(i18n.lang).toBe('fr');
    expect(t('events.items', { n: 14 })).toBe('14 éléments');
    await setLang('en');
    expect(t('events.items', { n: 14 })).toBe('14 items');
    await setLang('fr');
  });

  it('say one thing in the singular, and none too in French', async () => {
    expect(t('choices.skipped', { n: 1 })).toBe('1 ligne sans choix, ignorée');
    expect(t('choices.skipped', { n: 0 })).toBe('0 ligne sans choix, ignorée');
    expect(t('choices.skipped', { n: 2 })).toBe('2 lignes sans choix, ignorées');
    expect(t('events.items', { n: 1 })).toBe('1 élément');
    await setLang('en');
    expect(t('choices.skipped', { n: 1 })).toBe('1 row without choices, left out');
    expect(t('choices.skipped', { n: 0 })).toBe('0 rows without choices, left out');
    await setLang('fr');
  });

  it('group the digits of quantities the way each language does, not of positions', async () => {
    // French: a narrow no-break space between groups, a decimal comma.
    expect(formatNumber(10060)).toBe('10\u202f060');
    expect(formatNumber(1.5)).toBe('1,5');
    expect(t('print.whoAll', { n: 10060 })).toBe('Tous les participants (10\u202f060)');
    expect(t('print.sheetsRange', { first: 1001, last: 1020, total: 1033 })).toBe('Feuilles 1001 à 1020 sur 1\u202f033');
    expect(t('csv.errorLine', { line: 10060, reason: 'x' })).toBe('ligne 10060 : x');
    expect(t('signup.waitlisted', { position: 1200 })).toBe('Liste d’attente n°1200');
    expect(t('csv.unnamed', { column: 1000 })).toBe('Colonne 1000');
    expect(t('choices.skipped', { n: 1033 })).toBe('1\u202f033 lignes sans choix, ignorées');
    // Text passed as text stays as it is.
    expect(t('print.whoAll', { n: '10060' })).toBe('Tous les participants (10060)');
    await setLang('en');
    expect(formatNumber(10060)).toBe('10,060');
    expect(t('print.sheetsRange', { first: 1001, last: 1020, total: 1033 })).toBe('Sheets 1001 to 1020 of 1,033');
    await setLang('fr');
  });

  it('write whole numbers and choose their plural exactly as Intl does, without asking it', async () => {
    const numbers = [...Array(2001).keys()].map((i) => i - 1000).concat([10060, 123456, -10060, 0.5, 1.5, 2.25, -1.5]);
    for (const lang of ['fr', 'en'] as const) {
      await setLang(lang);
      const format = new Intl.NumberFormat(lang);
      const rules = new Intl.PluralRules(lang);
      for (const n of numbers) {
        expect(formatNumber(n), `${lang} ${n}`).toBe(format.format(n));
        const one = rules.select(n) === 'one';
        // `choices.skipped` has a singular in both catalogs.
        expect(t('choices.skipped', { n }).startsWith(`${format.format(n)} ${lang === 'fr' ? (one ? 'ligne ' : 'lignes') : one ? 'row ' : 'rows'}`), `${lang} ${n}`).toBe(true);
      }
    }
    await setLang('fr');
  });

  it('are given every placeholder they name, wherever the UI calls them', () => {
    // Every `t('key', { … })` in the UI's code whose parameters are spelled
    // out (no spread): each `{name}` of the message must be among them, or
    // the user reads "{name}". The placeholder a message uses for a
    // position is not the `n` its plural would take.
    const sources = import.meta.glob(['../**/*.svelte', '../**/*.ts', '!../**/*.test.ts'], {
      query: '?raw',
      import: 'default',
      eager: true,
    }) as Record<string, string>;
    const calls = /\bt\('([\w.]+)', \{([^{}]*)\}\)/g;
    let checked = 0;
    for (const [file, source] of Object.entries(sources)) {
      for (const [, key, object] of source.matchAll(calls)) {
        if (object.includes('...') || !(key in fr)) continue;
        const given = object.split(',').map((p) => p.trim().split(':')[0].trim()).filter(Boolean);
        // The message, and its singular when the catalog has one.
        const forms = [key, `${key}.one`].filter((k): k is keyof typeof fr => k in fr);
        for (const name of forms.flatMap((k) => placeholders(fr[k]))) {
          expect(given, `${file}: t('${key}') lacks {${name}}`).toContain(name);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('say why a file could not be written, in words', () => {
    const full = { code: 'io' as const, reason: 'disk_full', message: 'cannot write /x.ics: No space left on device' };
    expect(describeError(full)).toContain('Le disque est plein');
    expect(describeError({ ...full, reason: 'read_only' })).toContain('en lecture seule');
    expect(describeError({ ...full, reason: 'permission_denied' })).toContain('le droit d’écrire');
    // Another input/output failure: its message as it is.
    expect(describeError({ code: 'io', message: 'cannot read /x.ics: Is a directory' })).toBe(
      'Erreur : cannot read /x.ics: Is a directory',
    );
  });

  it('turn backend errors into sentences that name the field', async () => {
    const err = { code: 'invalid' as const, field: 'endsAt', reason: 'end_before_start', message: 'the item ends before it starts' };
    expect(describeError(err)).toBe('Fin : la fin doit venir après le début.');
    expect(describeError({ ...err, field: 'items[3].roomId', reason: 'unknown_room' })).toBe(
      'Salle : cette salle n’existe pas dans ce lieu.',
    );
    await setLang('en');
    expect(describeError(err)).toBe('End: the end must come after the start.');
    await setLang('fr');
    expect(describeError({ code: 'database', message: 'disk I/O error' })).toBe('Erreur : disk I/O error');
    expect(describeError({ code: 'newer_database', message: 'x' })).toContain('version plus récente');
    expect(describeError({ code: 'changed_elsewhere', reason: 'changed_elsewhere', message: 'x' })).toContain(
      'modifiée ailleurs',
    );
    expect(describeError({ code: 'internal', message: 'internal error (nothing was changed): boom' })).toBe(
      'Erreur interne de Déroulé : rien n’a été modifié, vous pouvez continuer. Si elle revient, signalez-la avec ce détail : internal error (nothing was changed): boom',
    );
    expect(describeError({ code: 'invalid', field: 'file', reason: 'not_schedule', message: 'line 3: <rss>' })).toBe(
      'Ce fichier XML n’est pas un programme au format schedule.xml (frab, c3voc, pretalx) ; rien n’a été importé : line 3: <rss>',
    );
  });

  it('say a sign-up rule, and a reason that reads differently for one field', () => {
    const limit = { code: 'invalid' as const, field: 'attendee', reason: 'block_limit', message: 'x' };
    expect(describeError(limit)).toBe('Le nombre maximum d’ateliers de ce bloc est déjà atteint.');
    expect(describeError({ ...limit, field: 'maxChoices' })).toBe('Au plus : un participant a déjà plus d’ateliers de ce bloc.');
    expect(describeError({ ...limit, field: 'capacity', reason: 'below_confirmed' })).toBe(
      'Capacité : il y a déjà plus d’inscrits confirmés.',
    );
    expect(describeError({ ...limit, field: 'email', reason: 'duplicate_email' })).toBe(
      'Courriel : cette adresse est déjà celle d’un autre participant.',
    );
  });
});

describe('capacities as typed', () => {
  it('accept empty and whole numbers, name the problem otherwise', async () => {
    const { parseCapacity } = await import('./errors');
    expect(parseCapacity('')).toBeNull();
    expect(parseCapacity(' 15 ')).toBe(15);
    expect(parseCapacity('-3')).toMatchObject({ field: 'capacity', reason: 'negative' });
    expect(parseCapacity('quinze')).toMatchObject({ field: 'capacity', reason: 'bad_number' });
  });
});
