import { fireEvent, render } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { editor } from '../lib/state.svelte';
import { layout } from '../lib/timeline';
import Timeline from './Timeline.svelte';
import { largeProgramme } from './testing/largeProgramme';

// jsdom lays nothing out and has no ResizeObserver (bind:clientHeight
// uses one): sizes stay 0, and the timeline keeps its first guesses.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

/** The timeline of the large programme, zoomed in (as far as it goes): a
 * screen then shows about an hour and a half of the day. */
async function show() {
  editor.programme = largeProgramme();
  editor.registrations = null;
  editor.panel = null;
  render(Timeline);
  for (let n = 0; n < 12; n++) await fireEvent.click(document.querySelector('[data-testid=zoom-in]')!);
  flushSync();
  expect(Number(document.querySelector<HTMLElement>('[data-testid=timeline]')!.dataset.pxPerMinute)).toBe(12);
}

const items = () => [...document.querySelectorAll<HTMLElement>('[data-testid=item]')];
const idOf = (el: Element | null) => Number((el as HTMLElement | null)?.dataset.itemId);
/** What a screen reader reads as an item's description (`aria-describedby`). */
const description = (el: Element | null) =>
  document.getElementById(el?.getAttribute('aria-describedby') ?? '')?.textContent ?? '';
const settle = () => new Promise((r) => setTimeout(r));

/** The items in Tab's order: by start, then column, then lane. */
function tabOrder(): number[] {
  const p = editor.programme!;
  return layout(p.items, p.rooms, p.event.date)
    .sort((a, b) => a.start - b.start || a.column - b.column || a.lane - b.lane)
    .map((x) => x.item.id!);
}

describe('the timeline at conference scale', () => {
  afterEach(() => document.body.replaceChildren());

  it('puts only the items in view in the page, each saying its place among all', async () => {
    await show();
    const shown = items();
    expect(editor.programme!.items).toHaveLength(514);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(80);
    // In Tab's order, the first and the last among them (Tab enters there
    // from the toolbar, Shift+Tab from the panel).
    const order = tabOrder();
    const ids = shown.map(idOf);
    expect(ids).toEqual(order.filter((id) => ids.includes(id)));
    expect(ids[0]).toBe(order[0]);
    expect(ids.at(-1)).toBe(order.at(-1));
    expect(description(shown[0])).toContain('élément 1 sur 514');
    expect(description(shown.at(-1)!)).toContain('élément 514 sur 514');
    // Nothing of the evening is in the page, but the last item.
    const evening = editor.programme!.items.filter((i) => i.startsAt >= '2022-12-09T20:00').map((i) => i.id!);
    expect(ids.filter((id) => evening.includes(id))).toEqual([order.at(-1)]);
  });

  it('goes up a room with Ctrl+↑ past the items in the page', async () => {
    await show();
    // From the last item (in the page, although far out of view) up its
    // room, Salle 110, whose evening holds nothing of the whole venue.
    const order = tabOrder();
    const room = order.filter((id) => editor.programme!.items.find((i) => i.id === id)!.roomId === 110);
    expect(room.at(-1)).toBe(order.at(-1));
    document.querySelector<HTMLElement>(`[data-item-id="${order.at(-1)}"]`)!.focus();
    for (let n = 0; n < 15; n++) {
      await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp', ctrlKey: true });
      await settle();
    }
    expect(idOf(document.activeElement)).toBe(room.at(-16));
    expect(description(document.activeElement)).toContain(
      `élément ${order.indexOf(room.at(-16)!) + 1} sur 514`,
    );
    expect(items().length).toBeLessThan(80);
  }, 30_000);

  it('moves Tab and Shift+Tab to the next and previous items when they are out of the page', async () => {
    await show();
    const order = tabOrder();
    const inPage = new Set(items().map(idOf));
    // The last item of the window: the one after it is out of the page.
    const edge = order.findIndex((id, i) => inPage.has(id) && !inPage.has(order[i + 1]));
    expect(edge).toBeLessThan(order.length - 1);
    const el = document.querySelector<HTMLElement>(`[data-item-id="${order[edge]}"]`)!;
    el.focus();
    expect(await fireEvent.keyDown(el, { key: 'Tab' })).toBe(false);
    await settle();
    expect(idOf(document.activeElement)).toBe(order[edge + 1]);

    // From the last item (kept in the page), Shift+Tab (as WebKitGTK
    // reports it: GTK's ISO_Left_Tab, key "Unidentified") goes back to the one
    // before it, brought into the page.
    const last = document.querySelector<HTMLElement>(`[data-item-id="${order.at(-1)}"]`)!;
    expect(document.querySelector(`[data-item-id="${order.at(-2)}"]`)).toBeNull();
    last.focus();
    await fireEvent.keyDown(last, { key: 'Unidentified', code: 'Tab', shiftKey: true });
    await settle();
    expect(idOf(document.activeElement)).toBe(order.at(-2));
    expect(items().length).toBeLessThan(80);
  });

  it('keeps the item open in the panel in the page, wherever it is', async () => {
    await show();
    const far = editor.programme!.items[300];
    expect(document.querySelector(`[data-item-id="${far.id}"]`)).toBeNull();
    editor.panel = far;
    flushSync();
    expect(document.querySelector(`[data-item-id="${far.id}"]`)).not.toBeNull();
  });
});
