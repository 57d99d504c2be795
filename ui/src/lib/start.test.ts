import { describe, expect, it } from 'vitest';
import { START_ID, startOfPage } from './start';

function page(html: string): Document {
  return new DOMParser().parseFromString(html, 'text/html');
}

describe('the start the page comes with', () => {
  it('is read once, a title with markup as plain text', () => {
    const title = '</script><script>alert(1)</script>';
    const json = JSON.stringify({ language: 'en', databasePath: '/tmp/a.db', events: [{ id: 1, title }] }).replaceAll('<', '\\u003c');
    const doc = page(`<html><head><script id="${START_ID}" type="application/json">${json}</script></head><body></body></html>`);
    const start = startOfPage(doc);
    expect(start?.language).toBe('en');
    expect(start?.events[0].title).toBe(title);
    // Taken out of the page: nothing reads it twice.
    expect(doc.getElementById(START_ID)).toBeNull();
    expect(startOfPage(doc)).toBeNull();
  });

  it('is none when the page came without it, or with a block that cannot be read', () => {
    expect(startOfPage(page('<html><head></head></html>'))).toBeNull();
    expect(startOfPage(page(`<script id="${START_ID}" type="application/json">{"events": [</script>`))).toBeNull();
  });
});
