import { fireEvent, render } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Attendee } from '../lib/bindings';
import AttendeePicker from './AttendeePicker.svelte';

const person = (id: number, name: string, organisation = ''): Attendee => ({
  id,
  eventId: 1,
  name,
  email: '',
  organisation,
  category: '',
  notes: '',
});

/** Ten thousand attendees, two of whom are named Besson. */
const attendees = [
  ...Array.from({ length: 10_000 }, (_, i) => person(i + 1, `Participant ${i + 1}`)),
  person(20_001, 'Camille Besson', 'Médiathèque de Lyon'),
  person(20_002, 'Élodie Besson'),
];

const field = () => document.querySelector<HTMLInputElement>('[data-testid=one-search]')!;
const matches = () => [...document.querySelectorAll('[data-testid=one-match]')].map((li) => li.querySelector('strong')?.textContent);

describe('choosing one attendee among thousands', () => {
  afterEach(() => document.body.replaceChildren());

  it('draws no list until a name is typed, then only the matches', async () => {
    render(AttendeePicker, { attendees, label: 'Un participant', testid: 'one', chosen: null, onpick: () => {} });
    expect(document.querySelectorAll('li, option')).toHaveLength(0);
    await fireEvent.input(field(), { target: { value: 'besson' } });
    expect(matches()).toEqual(['Camille Besson', 'Élodie Besson']);
    expect(field().getAttribute('aria-expanded')).toBe('true');
  });

  it('shows the one chosen in the field, and again after Escape', async () => {
    const onpick = vi.fn();
    const view = render(AttendeePicker, { attendees, label: 'Un participant', testid: 'one', chosen: null, onpick });
    await fireEvent.input(field(), { target: { value: 'elodie' } });
    await fireEvent.keyDown(field(), { key: 'Enter' });
    expect(onpick).toHaveBeenCalledWith(attendees.at(-1));
    await view.rerender({ chosen: 20_002 });
    expect(field().value).toBe('Élodie Besson');
    expect(matches()).toEqual([]);
    // Coming back to the field selects the name, so typing replaces it.
    await fireEvent.focus(field());
    expect([field().selectionStart, field().selectionEnd]).toEqual([0, 'Élodie Besson'.length]);
    // Typing searches again; Escape gives back the one chosen.
    await fireEvent.input(field(), { target: { value: 'cam' } });
    expect(matches()).toEqual(['Camille Besson']);
    await fireEvent.keyDown(field(), { key: 'Escape' });
    expect(field().value).toBe('Élodie Besson');
    // So does leaving the field without picking.
    await fireEvent.input(field(), { target: { value: 'cam' } });
    await fireEvent.blur(field());
    expect(field().value).toBe('Élodie Besson');
    expect(matches()).toEqual([]);
    expect(onpick).toHaveBeenCalledTimes(1);
  });

  it('empties the field for the next one when it adds', async () => {
    const onpick = vi.fn();
    render(AttendeePicker, { attendees, label: 'Inscrire', testid: 'one', onpick });
    await fireEvent.input(field(), { target: { value: 'camille' } });
    await fireEvent.keyDown(field(), { key: 'Enter' });
    expect(onpick).toHaveBeenCalledWith(attendees.at(-2));
    expect(field().value).toBe('');
  });
});
