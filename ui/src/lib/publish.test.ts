import { afterEach, describe, expect, it } from 'vitest';
import type { PublishReport, ResourceAction } from './bindings';
import { setLang } from './i18n/index.svelte';
import { publishFailure, publishSummary } from './publish';

function report(actions: ResourceAction[], unchanged: number): PublishReport {
  return {
    url: 'http://127.0.0.1/cal/',
    sent: actions.map((action, i) => ({ uid: `u${i}`, title: `T${i}`, href: `/cal/u${i}.ics`, sequence: 0, action })),
    unchanged,
    failed: [],
  };
}

describe('publish', () => {
  afterEach(() => setLang('fr'));

  it('says what each item became, with the right plural', async () => {
    expect(publishSummary(report(Array(14).fill('created'), 0))).toBe('14 événements créés.');
    expect(publishSummary(report(['updated'], 13))).toBe('1 mis à jour, 13 inchangés.');
    expect(publishSummary(report(['cancelled', 'removed', 'removed'], 1))).toBe(
      '1 annulé, 2 retirés de ce calendrier, 1 inchangé.',
    );
    expect(publishSummary(report([], 0))).toBe('Rien à envoyer.');
    await setLang('en');
    expect(publishSummary(report(['created', 'updated', 'updated'], 2))).toBe('1 event created, 2 updated, 2 unchanged.');
  });

  it('says why an item was refused, an unknown reason as a refusal', () => {
    expect(publishFailure('changed_on_server', 'Atelier 1', 412)).toContain('« Atelier 1 » a été modifié sur le serveur');
    expect(publishFailure('something_new', 'Atelier 1', 500)).toBe('Le serveur a refusé « Atelier 1 » (code 500).');
  });
});
