import { describe, expect, it } from 'vitest';
import type { ImportReport, Skipped } from './bindings';
import { importReport } from './importReport';
import { setLang } from './i18n/index.svelte';

const base: ImportReport = {
  itemsCreated: 0,
  itemsUpdated: 0,
  itemsUnchanged: 0,
  itemsDeleted: 0,
  roomsCreated: 0,
  speakersCreated: 0,
  skipped: [],
  fileTimeZone: null,
};

function skip(reason: Skipped['reason'], title: string, date: string | null): Skipped {
  return { line: 1, uid: '', title, date, reason };
}

describe('the report of an import', () => {
  it('counts what was made and changed', () => {
    expect(importReport({ ...base, itemsCreated: 34, roomsCreated: 4, speakersCreated: 1 })).toBe(
      '34 créés, 0 mis à jour, 0 inchangé, 4 salles ajoutées, 1 intervenant ajouté.',
    );
  });

  it('counts the entries of other days and names their days, not their titles', () => {
    const skipped = [
      ...Array.from({ length: 40 }, (_, i) => skip('outside_event_date', `Talk ${i}`, '2014-12-28')),
      ...Array.from({ length: 30 }, (_, i) => skip('outside_event_date', `Talk ${i}`, '2014-12-30')),
      skip('outside_event_date', 'Late', '2014-12-29'),
      skip('outside_event_date', 'Later', '2014-12-31'),
    ];
    const text = importReport({ ...base, itemsCreated: 34, skipped });
    expect(text).toBe(
      '34 créés, 0 mis à jour, 0 inchangé. Laissés de côté : 72 d’autres jours ' +
        '(dimanche 28 décembre 2014, lundi 29 décembre 2014, mardi 30 décembre 2014, et 1 autre jour).',
    );
    expect(text).not.toContain('Talk');
    expect(importReport({ ...base, skipped: [skip('outside_event_date', 'Seul', '2025-07-01')] })).toContain(
      'Laissés de côté : 1 d’un autre jour (mardi 1er juillet 2025).',
    );
  });

  it('names the titles of the other reasons, the first few, by reason', () => {
    const skipped = [
      skip('ends_after_midnight', 'Nachtprogramm', '2025-12-27'),
      skip('cancelled', 'Atelier annulé', null),
      ...Array.from({ length: 7 }, (_, i) => skip('all_day', `Jour ${i + 1}`, null)),
      skip('ends_after_midnight', '', '2025-12-27'),
    ];
    expect(importReport({ ...base, itemsCreated: 2, skipped })).toBe(
      '2 créés, 0 mis à jour, 0 inchangé. Laissés de côté : « Nachtprogramm », « sans titre » (finit après minuit) ; ' +
        '« Atelier annulé » (annulé) ; « Jour 1 », « Jour 2 », « Jour 3 », « Jour 4 », « Jour 5 », et 2 autres (journée entière).',
    );
  });

  it('names the recurring entries none of whose occurrences is on the day', () => {
    const skipped = [skip('not_this_day', 'Atelier tricot', '2025-01-07'), skip('not_this_day', 'Permanence', '2025-01-07')];
    expect(importReport({ ...base, itemsCreated: 6, skipped })).toBe(
      '6 créés, 0 mis à jour, 0 inchangé. Laissés de côté : « Atelier tricot », « Permanence » (récurrent, mais pas ce jour-là).',
    );
  });

  it('says when the file kept another clock', () => {
    expect(importReport({ ...base, itemsCreated: 21, fileTimeZone: 'US/Eastern' })).toBe(
      '21 créés, 0 mis à jour, 0 inchangé. Le fichier donne ses heures à l’heure de US/Eastern : ' +
        'elles ont été converties à celle de l’événement.',
    );
  });

  it('reads in English too', async () => {
    await setLang('en');
    try {
      const skipped = [
        skip('outside_event_date', 'Talk', '2014-12-28'),
        skip('outside_event_date', 'Talk 2', '2014-12-28'),
        skip('ends_after_midnight', 'Party', '2014-12-27'),
      ];
      expect(importReport({ ...base, itemsCreated: 1, skipped })).toBe(
        '1 created, 0 updated, 0 unchanged. Left out: 2 on other days (Sunday 28 December 2014); “Party” (ends after midnight).',
      );
    } finally {
      await setLang('fr');
    }
  });
});
