import { fireEvent, render } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { editor } from '../lib/state.svelte';
import RunningOrder from './RunningOrder.svelte';
import { largeProgramme } from './testing/largeProgramme';

function show() {
  editor.programme = largeProgramme();
  editor.registrations = null;
  editor.panel = null;
  return render(RunningOrder);
}

const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid=order-row]')];
const rowIndex = (el: Element | null) => Number(el?.closest('tr')?.getAttribute('aria-rowindex'));
const settle = () => new Promise((r) => setTimeout(r));

/** The table's lines as the running order shows them: a heading for each
 * run of items of one part, then the items. */
function lineCount(): number {
  const items = editor.programme!.items;
  const headings = items.filter((item, i) => item.partId != null && items[i - 1]?.partId !== item.partId).length;
  return items.length + headings;
}

describe('the running order at conference scale', () => {
  afterEach(() => document.body.replaceChildren());

  it('puts only the rows in view in the page, and says how many there are and where each stands', () => {
    show();
    const table = document.querySelector('[data-testid=running-order]')!;
    expect(editor.programme!.items).toHaveLength(514);
    expect(table.getAttribute('aria-rowcount')).toBe(String(lineCount() + 1));
    const shown = rows();
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(60);
    // The first rows in order, and the last item (where Shift+Tab enters
    // from below the table) at its true place.
    const indices = [...table.querySelectorAll('tbody tr[aria-rowindex]')].map((r) => rowIndex(r));
    expect(indices[0]).toBe(2);
    expect(indices.at(-1)).toBe(lineCount() + 1);
    expect(shown.at(-1)!.querySelector<HTMLInputElement>('[data-testid=order-title]')!.value).toBe('Session 500 : retour d’expérience');
    // What is left out is held by empty rows, hidden from screen readers.
    const gaps = [...table.querySelectorAll<HTMLElement>('tr.gap')];
    expect(gaps.length).toBeGreaterThan(0);
    for (const gap of gaps) expect(gap.getAttribute('aria-hidden')).toBe('true');
    const held = gaps.reduce((sum, g) => sum + parseFloat(g.querySelector('td')!.style.height), 0);
    expect(held).toBeGreaterThan(300 * 30);
    // Each section of a part stays its own group of rows.
    expect(table.querySelectorAll('tbody').length).toBeGreaterThan(4);
  });

  it('goes down the list with ↓ past the rows in the page, keeping the focused row in it', async () => {
    show();
    const start = document.querySelector<HTMLInputElement>('[aria-rowindex="2"] [data-testid=order-start]');
    // The first line is a part's heading: its first item is the next row.
    const first = start ?? rows()[0].querySelector<HTMLInputElement>('[data-testid=order-start]')!;
    first.focus();
    const from = rowIndex(first);
    for (let n = 0; n < 60; n++) {
      await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
      await settle();
    }
    const now = document.activeElement as HTMLElement;
    expect(now.dataset.testid).toBe('order-start');
    // 60 items further down, past the part headings in between.
    const title = now.closest('tr')!.querySelector<HTMLInputElement>('[data-testid=order-title]')!.value;
    const items = editor.programme!.items;
    const at = items.findIndex((i) => i.title === rows()[0].querySelector<HTMLInputElement>('[data-testid=order-title]')!.value);
    expect(title).toBe(items[at + 60].title);
    expect(rowIndex(now)).toBeGreaterThan(from + 60);
    expect(rows().length).toBeLessThan(60);
  }, 30_000);

  it('moves Tab and Shift+Tab to the next and previous rows when they are out of the page', async () => {
    show();
    const inPage = new Set([...document.querySelectorAll('tbody tr[aria-rowindex]')].map((r) => rowIndex(r)));
    // The last row of the window: the one after it is out of the page.
    const edge = [...inPage].sort((a, b) => a - b).find((i) => !inPage.has(i + 1))!;
    expect(edge).toBeLessThan(lineCount());
    const stops = document.querySelectorAll<HTMLElement>(`[aria-rowindex="${edge}"] button`);
    const last = stops[stops.length - 1];
    last.focus();
    const tab = await fireEvent.keyDown(last, { key: 'Tab' });
    expect(tab).toBe(false); // handled: the browser does not move focus itself
    await settle();
    flushSync();
    expect(rowIndex(document.activeElement)).toBe(edge + 1);
    expect((document.activeElement as HTMLElement).dataset.testid).toBe('order-start');

    // From the last item (kept in the page), Shift+Tab (as WebKitGTK
    // reports it: GTK's ISO_Left_Tab, key "Unidentified") goes back to the
    // row before it, brought into the page, on its last button.
    const end = lineCount() + 1;
    const lastStart = document.querySelector<HTMLElement>(`[aria-rowindex="${end}"] [data-testid=order-start]`)!;
    lastStart.focus();
    expect(document.querySelector(`[aria-rowindex="${end - 1}"]`)).toBeNull();
    await fireEvent.keyDown(lastStart, { key: 'Unidentified', code: 'Tab', shiftKey: true });
    await settle();
    expect(rowIndex(document.activeElement)).toBe(end - 1);
    expect((document.activeElement as HTMLElement).dataset.testid).toBe('order-down');
    expect(rows().length).toBeLessThan(60);
  });

  it('keeps the item open in the panel in the page, wherever it is', async () => {
    show();
    const far = editor.programme!.items[300];
    expect(document.querySelector(`tr[data-item-id="${far.id}"]`)).toBeNull();
    editor.panel = far;
    flushSync();
    expect(document.querySelector(`tr[data-item-id="${far.id}"]`)).not.toBeNull();
  });
});
