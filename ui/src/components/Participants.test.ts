import { fireEvent, render } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Attendee, Programme } from '../lib/bindings';
import { editor } from '../lib/state.svelte';
import Participants from './Participants.svelte';
import { emptyProgramme } from './testing/programme';

const programme: Programme = emptyProgramme({ title: 'Grand format' });

const FIRST = ['Élodie', 'Camille', 'Hugo', 'Inès', 'Noé'];
const attendees: Attendee[] = Array.from({ length: 10_060 }, (_, i) => ({
  id: i + 1,
  eventId: 1,
  name: `${FIRST[i % FIRST.length]} Personne ${String(i).padStart(5, '0')}`,
  email: `p${i}@exemple.org`,
  organisation: i % 2 ? 'Médiathèque de Bron' : 'Fablab',
  category: i % 3 ? 'Bibliothécaire' : 'Élu·e',
  notes: '',
}));

function show() {
  editor.programme = programme;
  editor.registrations = { attendees, blocks: [], workshops: [], signups: [], fills: [], promotions: [] };
  editor.attendeeId = null;
  return render(Participants);
}

const rows = () => document.querySelectorAll('[data-testid=attendee-row]');

describe('the Participants list at conference scale', () => {
  afterEach(() => document.body.replaceChildren());

  it('puts only the rows in view in the page, and says how many there are', () => {
    show();
    const grid = document.querySelector('[role=grid]')!;
    expect(grid.getAttribute('aria-rowcount')).toBe('10061');
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().length).toBeLessThan(60);
    expect(rows()[0].getAttribute('aria-rowindex')).toBe('2');
    expect(document.querySelector('[data-testid=attendee-count]')!.textContent).toBe('10\u202f060 sur 10\u202f060');
  });

  it('searches without accents and shows the matches first', async () => {
    show();
    const search = document.querySelector<HTMLInputElement>('[data-testid=attendee-search]')!;
    await fireEvent.input(search, { target: { value: 'elodie 0000' } });
    flushSync();
    const names = [...document.querySelectorAll('[data-testid=attendee-row] strong')].map((e) => e.textContent);
    expect(names).toEqual(['Élodie Personne 00000', 'Élodie Personne 00005', 'Élodie Personne 10000']);
    expect(document.querySelector('[role=grid]')!.getAttribute('aria-rowcount')).toBe('4');
    await fireEvent.input(search, { target: { value: '' } });
    flushSync();
    expect(document.querySelector('[role=grid]')!.getAttribute('aria-rowcount')).toBe('10061');
  });

  it('moves between rows and cells with the keyboard, one stop for Tab', async () => {
    show();
    const tabbable = () => [...document.querySelectorAll('[role=grid] [tabindex="0"]')];
    expect(tabbable()).toHaveLength(1);
    const first = document.querySelector<HTMLElement>('[aria-rowindex="2"] [data-testid=attendee-open]')!;
    first.focus();
    await fireEvent.keyDown(first, { key: 'ArrowDown' });
    await new Promise((r) => setTimeout(r));
    expect(document.activeElement?.closest('[role=row]')?.getAttribute('aria-rowindex')).toBe('3');
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    await new Promise((r) => setTimeout(r));
    expect((document.activeElement as HTMLElement).dataset.col).toBe('1');
    // Ctrl+End: the last row, put in the page although far out of view.
    await fireEvent.keyDown(document.activeElement!, { key: 'End', ctrlKey: true });
    await new Promise((r) => setTimeout(r));
    expect(document.activeElement?.closest('[role=row]')?.getAttribute('aria-rowindex')).toBe('10061');
    expect(tabbable()).toHaveLength(1);
    expect(rows().length).toBeLessThan(60);
  });
});
