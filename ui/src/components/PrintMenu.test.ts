import { cleanup, fireEvent, render } from '@testing-library/svelte';
import { flushSync, tick } from 'svelte';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setBackend, type Backend } from '../lib/api';
import type { Attendee, PreviewPart, PrintDocument, PrintOptions } from '../lib/bindings';
import { MAX_SCHEDULE_LINES } from '../lib/printBatches';
import { editor } from '../lib/state.svelte';
import { setLang } from '../lib/i18n/index.svelte';
import PrintMenu from './PrintMenu.svelte';
import { modalDialogs } from './testing/dialog';
import { largeProgramme } from './testing/largeProgramme';

beforeAll(modalDialogs);

const attendees: Attendee[] = Array.from({ length: 200 }, (_, i) => ({
  id: i + 1,
  eventId: 1,
  name: `Personne ${String(i).padStart(5, '0')}`,
  email: '',
  organisation: '',
  category: '',
  notes: '',
}));

/** When each part the programme is previewed in starts. */
let parts: string[] = [];
/** The sheets and preview parts of personal schedules. */
let scheduleParts: { sheets: number; parts: PreviewPart[] } = { sheets: 0, parts: [] };
/** The documents asked of the backend, with their options. */
let asked: { document: PrintDocument; options: PrintOptions }[] = [];
/** The events the backend was asked to prepare to print. */
let prepared: number[] = [];
/** While set, the backend's answers wait for `release()`. */
let holding = false;
let held: (() => void)[] = [];
function release() {
  held.splice(0).forEach((answer) => answer());
}

function show() {
  asked = [];
  prepared = [];
  setBackend({
    preparePrint: async (event: number) => {
      prepared.push(event);
    },
    openPrint: async (_event: number, document: PrintDocument, options: PrintOptions) => {
      asked.push({ document, options });
      const preview =
        document === 'programme'
          ? { sheets: 0, parts: parts.map((from, i) => ({ first: i + 1, last: i + 1, from })) }
          : document === 'schedules'
            ? scheduleParts
            : { sheets: 0, parts: [] };
      const view = { token: asked.length, url: 'about:blank', document, pdfName: 'x.pdf', ...preview };
      if (holding) await new Promise<void>((answer) => held.push(answer));
      return view;
    },
  } as unknown as Backend);
  editor.programme = largeProgramme();
  editor.registrations = { attendees, blocks: [], workshops: [], signups: [], fills: [], promotions: [] };
  return render(PrintMenu);
}

const el = <T extends Element = HTMLElement>(id: string) => document.querySelector<T>(`[data-testid=${id}]`)!;

async function settle() {
  flushSync();
  await tick();
  flushSync();
}

describe('printing everyone’s schedules of the large event', () => {
  afterEach(() => document.body.replaceChildren());

  it('offers batches under one document’s limit and never asks for everyone at once', async () => {
    show();
    await fireEvent.click(document.querySelector('button[aria-haspopup=menu]')!);
    await fireEvent.click(el('print-doc-schedules'));
    await settle();
    const size = Math.floor(MAX_SCHEDULE_LINES / 514);
    expect(el<HTMLInputElement>('print-who-all').disabled).toBe(true);
    expect(el<HTMLInputElement>('print-who-batch').checked).toBe(true);
    const options = [...el<HTMLSelectElement>('print-batch-pick').options].map((o) => o.textContent);
    expect(options).toHaveLength(Math.ceil(200 / size));
    expect(options[0]).toBe(`Participants 1 à ${size}`);
    expect(asked.map((a) => a.document)).toEqual(['schedules']);
    expect(asked[0].options.attendeeIds).toEqual(attendees.slice(0, size).map((a) => a.id));

    // The programme for everyone, then schedules chosen in the preview:
    // the batch again, not everyone.
    const doc = el<HTMLSelectElement>('print-document');
    doc.value = 'programme';
    await fireEvent.change(doc);
    await settle();
    doc.value = 'schedules';
    await fireEvent.change(doc);
    await settle();
    expect(asked.map((a) => a.document)).toEqual(['schedules', 'programme', 'schedules']);
    expect(asked[1].options.attendeeIds).toEqual([]);
    expect(asked[2].options.attendeeIds).toHaveLength(size);
    expect(el<HTMLInputElement>('print-who-batch').checked).toBe(true);
    expect(el<HTMLSelectElement>('print-batch-pick').selectedIndex).toBe(0);

    // The next batch.
    const pick = el<HTMLSelectElement>('print-batch-pick');
    pick.value = '1';
    await fireEvent.change(pick);
    await settle();
    expect(asked.at(-1)!.options.attendeeIds).toEqual(attendees.slice(size, 2 * size).map((a) => a.id));
    expect(pick.selectedIndex).toBe(1);
    // In English, the batches are named again, the one chosen kept.
    await setLang('en');
    await settle();
    expect(pick.options[1].textContent).toBe(`Attendees ${size + 1} to ${2 * size}`);
    expect(pick.selectedIndex).toBe(1);
    await setLang('fr');
  });

  it('prints one attendee’s schedule, found by typing their name, never listing everyone', async () => {
    show();
    await fireEvent.click(document.querySelector('button[aria-haspopup=menu]')!);
    await fireEvent.click(el('print-doc-schedules'));
    await settle();
    // No list of the 200 attendees anywhere in the preview's choices.
    expect(document.querySelectorAll('option').length).toBeLessThan(50);
    const field = el<HTMLInputElement>('print-attendee-search');
    await fireEvent.input(field, { target: { value: '00137' } });
    const matches = [...document.querySelectorAll('[data-testid=print-attendee-match]')];
    expect(matches.map((m) => m.querySelector('strong')?.textContent)).toEqual(['Personne 00137']);
    await fireEvent.keyDown(field, { key: 'Enter' });
    await settle();
    expect(el<HTMLInputElement>('print-who-one').checked).toBe(true);
    expect(field.value).toBe('Personne 00137');
    expect(asked.at(-1)).toEqual({ document: 'schedules', options: expect.objectContaining({ attendeeIds: [138] }) });
  });
});

describe('opening the Print menu', () => {
  afterEach(() => document.body.replaceChildren());

  it('asks the core to read what the documents are made from, once each time it opens', async () => {
    // The menus of the tests before, taken out of the page, still follow
    // which menu is open.
    cleanup();
    show();
    const eventId = editor.programme!.event.id!;
    const trigger = document.querySelector<HTMLButtonElement>('button[aria-haspopup=menu]')!;
    expect(prepared).toEqual([]);
    await fireEvent.click(trigger);
    await settle();
    expect(prepared).toEqual([eventId]);
    await fireEvent.click(el('print-doc-badges'));
    await settle();
    expect(prepared).toEqual([eventId]);
    expect(asked.map((a) => a.document)).toEqual(['badges']);
    // By the keyboard, the next time.
    await fireEvent.keyDown(trigger, { key: 'ArrowDown' });
    await settle();
    expect(prepared).toEqual([eventId, eventId]);
    await fireEvent.keyDown(window, { key: 'Escape' });
    await settle();
    expect(document.querySelector('[data-testid=print-panel]')).toBeNull();
    expect(prepared).toEqual([eventId, eventId]);
  });
});

describe('the preview of a long programme', () => {
  afterEach(() => {
    document.body.replaceChildren();
    parts = [];
  });

  it('shows it one part at a time, by the buttons or the list', async () => {
    parts = ['08:00', '09:12', '10:06', '11:30', '13:00', '14:18', '16:00', '18:45'];
    show();
    await fireEvent.click(document.querySelector('button[aria-haspopup=menu]')!);
    await fireEvent.click(el('print-doc-programme'));
    await settle();
    const frame = () => el<HTMLIFrameElement>('print-frame');
    expect(frame().getAttribute('src')).toBe('about:blank?part=1');
    expect(frame().title).toBe('Aperçu : Programme, partie 1 sur 8, à partir de 8h');
    expect(el('print-sheets-status').textContent).toBe('Partie 1 sur 8, à partir de 8h');
    expect(el('print-sheets-previous').getAttribute('aria-disabled')).toBe('true');
    expect(el('print-sheets-pick').getAttribute('aria-label')).toBe('Partie montrée');
    expect(el('print-sheets-next').textContent).toBe('Suivante ›');
    expect(document.getElementById('print-sheets-hint')!.textContent!.trim()).toBe(
      'Ce document est long : l’aperçu le montre en 8 parties ; l’impression et le PDF le contiennent en entier.',
    );
    expect(el<HTMLSelectElement>('print-sheets-pick').selectedIndex).toBe(0);
    await fireEvent.click(el('print-sheets-next'));
    await settle();
    expect(frame().getAttribute('src')).toBe('about:blank?part=2');
    expect(el('print-sheets-status').textContent).toBe('Partie 2 sur 8, à partir de 9h12');
    const pick = el<HTMLSelectElement>('print-sheets-pick');
    // The list shows the part the buttons went to.
    expect(pick.selectedIndex).toBe(1);
    expect(pick.selectedOptions[0].textContent).toBe('Partie 2 sur 8, à partir de 9h12');
    expect([...pick.options].map((o) => o.textContent)).toHaveLength(8);
    expect(pick.options[7].textContent).toBe('Partie 8 sur 8, à partir de 18h45');
    pick.value = '7';
    await fireEvent.change(pick);
    await settle();
    expect(frame().getAttribute('src')).toBe('about:blank?part=8');
    expect(el('print-sheets-next').getAttribute('aria-disabled')).toBe('true');
  });

  it('shows a short one whole', async () => {
    show();
    await fireEvent.click(document.querySelector('button[aria-haspopup=menu]')!);
    await fireEvent.click(el('print-doc-programme'));
    await settle();
    expect(el<HTMLIFrameElement>('print-frame').getAttribute('src')).toBe('about:blank');
    expect(document.querySelector('[data-testid=print-sheets]')).toBeNull();
  });
});

describe('the preview of schedules that hold a long day', () => {
  afterEach(() => {
    document.body.replaceChildren();
    scheduleParts = { sheets: 0, parts: [] };
  });

  it('shows each sheet in pieces cut between its slots, told by when each goes on', async () => {
    scheduleParts = {
      sheets: 2,
      parts: [
        { first: 1, last: 1, from: null },
        { first: 1, last: 1, from: '10:06' },
        { first: 2, last: 2, from: null },
        { first: 2, last: 2, from: '10:06' },
      ],
    };
    show();
    await fireEvent.click(document.querySelector('button[aria-haspopup=menu]')!);
    await fireEvent.click(el('print-doc-schedules'));
    await settle();
    const frame = () => el<HTMLIFrameElement>('print-frame');
    expect(frame().getAttribute('src')).toBe('about:blank?part=1');
    expect(frame().title).toBe('Aperçu : Programmes personnels, feuille 1 sur 2');
    expect(el('print-sheets-status').textContent).toBe('Feuille 1 sur 2');
    expect(el('print-sheets-pick').getAttribute('aria-label')).toBe('Feuilles montrées');
    expect(el('print-sheets-next').textContent).toBe('Suivantes ›');
    expect(document.getElementById('print-sheets-hint')!.textContent!.trim()).toBe(
      'L’aperçu montre quelques feuilles à la fois ; l’impression et le PDF les contiennent toutes (2).',
    );
    await fireEvent.click(el('print-sheets-next'));
    await settle();
    expect(frame().getAttribute('src')).toBe('about:blank?part=2');
    expect(frame().title).toBe('Aperçu : Programmes personnels, feuille 1 sur 2, suite à partir de 10h06');
    expect(el('print-sheets-status').textContent).toBe('Feuille 1 sur 2, suite à partir de 10h06');
    const pick = el<HTMLSelectElement>('print-sheets-pick');
    expect([...pick.options].map((o) => o.textContent)).toEqual([
      'Feuille 1 sur 2',
      'Feuille 1 sur 2, suite à partir de 10h06',
      'Feuille 2 sur 2',
      'Feuille 2 sur 2, suite à partir de 10h06',
    ]);
  });
});

describe('choosing a document in the menu', () => {
  afterEach(() => {
    document.body.replaceChildren();
    holding = false;
    release();
  });

  const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));
  const preview = () => document.querySelector('[data-testid=print-preview]');
  const panel = () => document.querySelector('[data-testid=print-panel]');
  const trigger = () => document.querySelector<HTMLButtonElement>('button[aria-haspopup=menu]')!;
  /** The pointer rests on a document of the menu, long enough. */
  async function restOn(doc: PrintDocument) {
    await fireEvent.pointerEnter(el(`print-doc-${doc}`));
    await wait(80);
  }
  /** A click on a document of the menu, and its answer taken in. */
  async function choose(doc: PrintDocument) {
    await fireEvent.click(el(`print-doc-${doc}`));
    await settle();
    await settle();
  }

  it('keeps the menu until the preview opens with its sheets, drawn once', async () => {
    cleanup();
    show();
    holding = true;
    await fireEvent.click(trigger());
    await fireEvent.click(el('print-doc-badges'));
    await settle();
    expect(asked.map((a) => a.document)).toEqual(['badges']);
    expect(preview()).toBeNull();
    expect(panel()).not.toBeNull();
    release();
    await settle();
    await settle();
    // The first time the preview is drawn, its sheets are in it.
    expect(preview()).not.toBeNull();
    expect(el('print-frame')).not.toBeNull();
    expect(panel()).toBeNull();
  });

  it('opens the preview without its sheets when they are slow to come, and says so', async () => {
    cleanup();
    show();
    holding = true;
    await fireEvent.click(trigger());
    await fireEvent.click(el('print-doc-badges'));
    await wait(100);
    await settle();
    expect(preview()).not.toBeNull();
    expect(panel()).toBeNull();
    expect(preview()!.textContent).toContain('Préparation');
    release();
    await settle();
    await settle();
    expect(el('print-frame')).not.toBeNull();
  });

  it('asks for the document the pointer rests on ahead, and opens that answer', async () => {
    cleanup();
    show();
    await fireEvent.click(trigger());
    // Passing over a document asks nothing; resting on one does.
    await fireEvent.pointerEnter(el('print-doc-rooms'));
    await restOn('badges');
    expect(asked.map((a) => a.document)).toEqual(['badges']);
    await choose('badges');
    expect(preview()).not.toBeNull();
    expect(asked.map((a) => a.document)).toEqual(['badges']);
  });

  it('asks again for a document asked ahead before the event changed', async () => {
    cleanup();
    show();
    await fireEvent.click(trigger());
    await restOn('badges');
    expect(asked.map((a) => a.document)).toEqual(['badges']);
    // An undo while the menu is open: the window holds another programme.
    editor.programme = { ...editor.programme! };
    await choose('badges');
    expect(asked.map((a) => a.document)).toEqual(['badges', 'badges']);
  });

  it('asks ahead for schedules the way the preview opens them: the first batch', async () => {
    cleanup();
    show();
    await fireEvent.click(trigger());
    await restOn('schedules');
    const size = Math.floor(MAX_SCHEDULE_LINES / 514);
    expect(asked).toHaveLength(1);
    expect(asked[0].options.attendeeIds).toEqual(attendees.slice(0, size).map((a) => a.id));
    await choose('schedules');
    expect(asked).toHaveLength(1);
    expect(el<HTMLInputElement>('print-who-batch').checked).toBe(true);
  });

  it('asks again for a document asked ahead in a menu since closed', async () => {
    cleanup();
    show();
    await fireEvent.click(trigger());
    await restOn('badges');
    await fireEvent.keyDown(window, { key: 'Escape' });
    await settle();
    // The programme, focused as the menu opens by the keyboard, is asked
    // ahead too; then badges again, not from the closed menu's answer.
    await fireEvent.keyDown(trigger(), { key: 'ArrowDown' });
    await settle();
    await choose('badges');
    expect(asked.map((a) => a.document)).toEqual(['badges', 'badges']);
  });

  it('opens nothing when Escape comes before the preview', async () => {
    cleanup();
    show();
    holding = true;
    await fireEvent.click(trigger());
    await fireEvent.click(el('print-doc-badges'));
    await fireEvent.keyDown(window, { key: 'Escape' });
    release();
    await wait(100);
    await settle();
    expect(preview()).toBeNull();
    expect(panel()).toBeNull();
  });
});
