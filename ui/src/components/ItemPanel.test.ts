import { render } from '@testing-library/svelte';
import { flushSync, tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { editor } from '../lib/state.svelte';
import type { Speaker } from '../lib/bindings';
import Programme from './Programme.svelte';
import { largeProgramme } from './testing/largeProgramme';

globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

const field = (testid: string) => document.querySelector<HTMLInputElement>(`[data-testid=${testid}]`)!;
/** The options of the list to pick a speaker from the directory. */
const speakerOptions = () => [...document.querySelector<HTMLSelectElement>('[data-testid=speaker-pick]')!.options];

/** The Programme tab of the large programme, a directory of 600 speakers,
 * and the item `index` open in the side panel. */
function show(index: number) {
  editor.programme = largeProgramme();
  editor.registrations = null;
  editor.directory = Array.from(
    { length: 600 },
    (_, k): Speaker => ({ id: 1000 + k, name: `Intervenant ${k}`, title: '', organisation: '', bio: '', email: '', phone: '' }),
  );
  editor.panel = editor.programme.items[index];
  render(Programme);
  flushSync();
}

describe('the item panel', () => {
  afterEach(() => {
    editor.panel = null;
    document.body.replaceChildren();
  });

  it('shows a moved item in the same form, without drawing the speakers list again', () => {
    show(3);
    const form = field('item-panel');
    const options = speakerOptions();
    expect(options.length).toBeGreaterThan(600);
    field('item-title').focus();
    const item = editor.panel!;
    // Moved by 5 minutes on the timeline: the panel is given the item as saved.
    editor.panel = { ...item, startsAt: '2022-12-09T10:05', endsAt: '2022-12-09T11:05' };
    flushSync();
    expect(field('item-panel')).toBe(form);
    expect(field('item-start').value).toBe('10h05');
    expect(field('item-end').value).toBe('11h05');
    expect(speakerOptions().every((o, k) => o === options[k])).toBe(true);
    expect(document.activeElement).toBe(field('item-title'));
  });

  it('starts again from the item shown when it changes, and anew for another item', async () => {
    show(3);
    const form = field('item-panel');
    const item = editor.panel!;
    field('item-title').value = 'Titre en cours de saisie';
    field('item-title').dispatchEvent(new Event('input'));
    await tick();
    editor.panel = { ...item, title: 'Renommé ailleurs' };
    flushSync();
    expect(field('item-title').value).toBe('Renommé ailleurs');
    editor.panel = editor.programme!.items[4];
    flushSync();
    expect(field('item-panel')).not.toBe(form);
    expect(field('item-title').value).toBe(editor.programme!.items[4].title);
  });
});
