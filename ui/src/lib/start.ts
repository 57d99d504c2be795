// What the first screen shows comes with the page: the app writes it into
// index.html as a JSON data block each time it serves the page
// (src-tauri/src/start_page.rs), so the events list is drawn while the page
// loads, before the window shows, without a round trip to the backend.

import type { Start } from './bindings';

/** The data block's id, as the app writes it. */
export const START_ID = 'deroule-start';

/** The start the page came with, taken out of the page; null when it came
 * without one (the Vite server's page, or the app could not read it) or
 * the block cannot be read: then the backend is asked (`start`). */
export function startOfPage(page: Document = document): Start | null {
  const block = page.getElementById(START_ID);
  if (!block) return null;
  block.remove();
  try {
    return JSON.parse(block.textContent ?? '') as Start;
  } catch {
    return null;
  }
}
