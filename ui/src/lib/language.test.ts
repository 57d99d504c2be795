import { afterEach, describe, expect, it } from 'vitest';
import { setBackend, tauriBackend, type Backend } from './api';
import type { Lang } from './bindings';
import { i18n, setLang } from './i18n/index.svelte';
import { chooseLanguage, restoreLanguage } from './language';

/** A backend that remembers the language as the app's file would. */
function remembering(saved: Lang | null) {
  const state = { saved, writes: [] as Lang[] };
  const b = new Proxy({} as Backend, {
    get: (_, name) => {
      if (name === 'uiLanguage') return async () => state.saved;
      if (name === 'setUiLanguage')
        return async (lang: Lang) => {
          state.saved = lang;
          state.writes.push(lang);
        };
      return async () => {
        throw new Error(`unexpected ${String(name)}`);
      };
    },
  });
  return { b, state };
}

afterEach(async () => {
  await setLang('fr');
  setBackend(tauriBackend);
  localStorage.clear();
});

describe('the interface language', () => {
  it('is remembered by the backend when chosen', async () => {
    const { b, state } = remembering(null);
    setBackend(b);
    await chooseLanguage('en');
    expect(i18n.lang).toBe('en');
    expect(state.writes).toEqual(['en']);
  });

  it('comes back from the backend at start', async () => {
    setBackend(remembering('en').b);
    await restoreLanguage();
    expect(i18n.lang).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('stays French when nothing was chosen', async () => {
    setBackend(remembering(null).b);
    await restoreLanguage();
    expect(i18n.lang).toBe('fr');
  });

  it('takes over, once, what older versions left in local storage', async () => {
    const { b, state } = remembering(null);
    setBackend(b);
    localStorage.setItem('deroule.lang', 'en');
    await restoreLanguage();
    expect(i18n.lang).toBe('en');
    expect(state.writes).toEqual(['en']);
    expect(localStorage.getItem('deroule.lang')).toBeNull();
    // The backend's choice wins over a stale one.
    localStorage.setItem('deroule.lang', 'fr');
    await restoreLanguage();
    expect(i18n.lang).toBe('en');
  });
});
