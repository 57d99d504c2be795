import { afterEach, describe, expect, it } from 'vitest';
import type { Item, Programme, Warning } from './bindings';
import { setLang } from './i18n/index.svelte';
import { warningMessage } from './warnings';

function item(id: number, title: string): Item {
  return { id, title } as Item;
}

const programme = {
  items: [item(7, 'Atelier 1 — Fablab'), item(9, 'Atelier 2 — Médiation')],
  rooms: [],
  speakers: [],
} as unknown as Programme;

describe('warnings', () => {
  afterEach(() => setLang('fr'));

  it('names the attendee and both items of an overlap, in French then English', async () => {
    const w: Warning = { kind: 'attendee_double_booked', attendeeId: 3, attendeeName: 'Anne Morel', itemIds: [7, 9] };
    await setLang('fr');
    expect(warningMessage(w, programme)).toBe(
      'Anne Morel a une place confirmée dans deux éléments en même temps : « Atelier 1 — Fablab » et « Atelier 2 — Médiation ». Déplacez l’une de ses inscriptions.',
    );
    await setLang('en');
    expect(warningMessage(w, programme)).toBe(
      'Anne Morel holds confirmed seats in two items at the same time: « Atelier 1 — Fablab » and « Atelier 2 — Médiation ». Move one of their sign-ups.',
    );
  });
});
