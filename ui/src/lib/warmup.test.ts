import { afterEach, describe, expect, it } from 'vitest';
import { emptyProgramme } from '../components/testing/programme';
import { editor, rehearse } from './state.svelte';
import { practiceDay, warmUp } from './warmup';

// jsdom has no ResizeObserver (the timeline measures with one).
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

/** What `run` put in the page, each added element as it was when the
 * records were read (after `run`, so what is left in it). */
async function added(run: () => void): Promise<HTMLElement[]> {
  const out: HTMLElement[] = [];
  const watch = new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof HTMLElement) out.push(node);
  });
  watch.observe(document.body, { childList: true, subtree: true });
  run();
  await Promise.resolve();
  watch.disconnect();
  return out;
}

describe('the practice before an event is opened', () => {
  afterEach(() => {
    editor.programme = null;
    editor.registrations = null;
    document.body.replaceChildren();
  });

  it('draws the practice day with the Programme tab, hidden, and leaves nothing behind', async () => {
    const app = editor;
    const before = document.body.innerHTML;
    const nodes = await added(warmUp);
    const host = nodes.find((n) => n.classList.contains('rehearsal'));
    expect(host?.getAttribute('aria-hidden')).toBe('true');
    expect(host?.inert).toBe(true);
    // The tab itself, drawn inside the host: every item of the practice
    // day (it fits the view), its warning, the fills of its workshops.
    const tab = nodes.find((n) => n.classList.contains('programme'))!;
    expect(tab).toBeDefined();
    const { programme } = practiceDay();
    const titles = [...tab.querySelectorAll('[data-testid=item]')].map((el) => el.textContent ?? '');
    expect(titles).toHaveLength(programme.items.length);
    for (const item of programme.items) expect(titles.some((text) => text.includes(item.title))).toBe(true);
    expect(tab.querySelector('[data-testid=warning-count]')?.textContent).toBe('1');
    expect(tab.querySelectorAll('[data-testid=warning]')).toHaveLength(1);
    // A workshop open in the side panel, with its speaker and its seats.
    const panel = tab.querySelector<HTMLFormElement>('[data-testid=item-panel]')!;
    expect(panel.querySelector<HTMLInputElement>('[data-testid=item-title]')!.value).toBe('Atelier : médiation numérique');
    expect(panel.querySelectorAll('[data-testid=speaker-topic]')).toHaveLength(1);
    expect(tab.querySelector('[data-testid=item-signups]')).not.toBeNull();
    expect(editor.panel).toBeNull();
    // Gone again, and the app's editor is the app's, with nothing open.
    expect(document.body.innerHTML).toBe(before);
    expect(host?.isConnected).toBe(false);
    expect(editor).toBe(app);
    expect(editor.programme).toBeNull();
    expect(editor.registrations).toBeNull();
  });

  it('is not made once an event is open', async () => {
    editor.programme = emptyProgramme();
    expect(await added(warmUp)).toEqual([]);
  });

  it('lends the editor for the drawing only, even when the drawing fails', () => {
    const app = editor;
    const { programme, state } = practiceDay();
    let seen: unknown = null;
    expect(() =>
      rehearse(programme, state, () => {
        seen = editor.programme;
        expect(editor).not.toBe(app);
        throw new Error('drawing failed');
      }),
    ).toThrow('drawing failed');
    expect(seen).toBe(programme);
    expect(editor).toBe(app);
    expect(editor.programme).toBeNull();
  });
});
