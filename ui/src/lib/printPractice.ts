// The printed documents of the demo day (the core's `practice_print`),
// each loaded once, out of sight, after the first event opens. WebKit
// parses a document's style and matches its fonts at each size and weight
// the first time it lays one out, and keeps both for the process: on the
// large event, the first preview of the programme loaded its first part in
// 70–87 ms and the next one in 20–25, the same 32 KB. Loaded in the
// background, one document at a time (the core makes one a call) with a
// pause between them, so that a key or a click in the meantime waits for
// one document at most; a frame that fails or hangs is given up and the
// next one loaded.

import { backend } from './api';

/** A pause between documents, for input to come through. */
const BETWEEN_MS = 60;
/** How long one document may take to load before it is given up. */
const GIVE_UP_MS = 5000;

let practised = false;

/** Loads the demo's documents once in this page; later calls do nothing. */
export async function practisePrinting(): Promise<void> {
  if (practised) return;
  practised = true;
  const host = document.createElement('div');
  host.className = 'rehearsal-print';
  host.setAttribute('aria-hidden', 'true');
  host.inert = true;
  document.body.append(host);
  try {
    for (let n = 0; ; n++) {
      const url = await backend().rehearsePrint(n);
      if (url === null) break;
      await load(host, url);
      await new Promise((done) => setTimeout(done, BETWEEN_MS));
    }
  } catch {
    // The practice is only for speed: previews work without it.
  } finally {
    host.remove();
  }
}

/** Loads `url` in a sandboxed frame in `host`, then takes the frame away. */
function load(host: HTMLElement, url: string): Promise<void> {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', '');
  frame.title = 'practice';
  return new Promise<void>((done) => {
    const timer = setTimeout(done, GIVE_UP_MS);
    const finish = () => {
      clearTimeout(timer);
      done();
    };
    frame.addEventListener('load', finish, { once: true });
    frame.addEventListener('error', finish, { once: true });
    frame.src = url;
    host.append(frame);
  }).finally(() => frame.remove());
}

/** For tests: the next call practises again. */
export function forgetPractice(): void {
  practised = false;
}
