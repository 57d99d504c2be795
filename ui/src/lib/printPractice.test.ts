import { afterEach, describe, expect, it, vi } from 'vitest';
import { setBackend, type Backend } from './api';
import { forgetPractice, practisePrinting } from './printPractice';

/** A backend whose `rehearsePrint` gives `urls` (or fails), counting calls. */
function backendGiving(urls: string[] | Error) {
  const calls = { n: 0 };
  setBackend({
    rehearsePrint: async (n: number) => {
      calls.n += 1;
      if (urls instanceof Error) throw urls;
      return urls[n] ?? null;
    },
  } as unknown as Backend);
  return calls;
}

/** Every frame put in the page, as it was put, with its host; each loads
 * at once unless `hangs` says it never does. */
function watchFrames(hangs: (url: string) => boolean = () => false) {
  const frames: { src: string; sandbox: string | null; host: HTMLElement }[] = [];
  const watch = new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) {
        if (!(node instanceof HTMLIFrameElement)) continue;
        frames.push({ src: node.getAttribute('src')!, sandbox: node.getAttribute('sandbox'), host: node.parentElement! });
        if (!hangs(node.getAttribute('src')!)) node.dispatchEvent(new Event('load'));
      }
  });
  watch.observe(document.body, { childList: true, subtree: true });
  return { frames, stop: () => watch.disconnect() };
}

describe('the printed documents loaded for practice', () => {
  afterEach(() => {
    forgetPractice();
    vi.useRealTimers();
    document.body.replaceChildren();
  });

  it('loads each document once, in order, out of sight, and leaves nothing behind', async () => {
    const urls = ['deroule-print://localhost/practice-0', 'deroule-print://localhost/practice-1?part=1'];
    const calls = backendGiving(urls);
    const { frames, stop } = watchFrames();
    await practisePrinting();
    stop();
    expect(frames.map((f) => f.src)).toEqual(urls);
    for (const frame of frames) {
      expect(frame.sandbox).toBe('');
      expect(frame.host.className).toBe('rehearsal-print');
      expect(frame.host.getAttribute('aria-hidden')).toBe('true');
      expect(frame.host.inert).toBe(true);
    }
    expect(document.body.children).toHaveLength(0);
    // Once a page: the next event opened does not practise again.
    expect(calls.n).toBe(urls.length + 1);
    await practisePrinting();
    expect(calls.n).toBe(urls.length + 1);
  });

  it('gives up a document that does not load and goes on with the next', async () => {
    vi.useFakeTimers();
    backendGiving(['deroule-print://localhost/practice-0', 'deroule-print://localhost/practice-1']);
    const { frames, stop } = watchFrames((url) => url.endsWith('-0'));
    const done = practisePrinting();
    await vi.advanceTimersByTimeAsync(4000);
    expect(frames).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(frames.map((f) => f.src.slice(-1))).toEqual(['0', '1']);
    await vi.runAllTimersAsync();
    await done;
    stop();
    expect(document.body.children).toHaveLength(0);
  });

  it('does nothing when the documents cannot be made', async () => {
    backendGiving(new Error('no'));
    await practisePrinting();
    expect(document.body.children).toHaveLength(0);
  });
});
