import { afterEach, describe, expect, it, vi } from 'vitest';
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
  /** Modules of their own, the English catalog not loaded yet. */
  async function fresh() {
    vi.resetModules();
    const api = await import('./api');
    const i18nModule = await import('./i18n/index.svelte');
    const language = await import('./language');
    return { api, i18n: i18nModule.i18n, setLang: i18nModule.setLang, chooseLanguage: language.chooseLanguage };
  }

  it('is the one asked for last, even while an earlier one still loads its catalog', async () => {
    const m = await fresh();
    const english = m.setLang('en');
    const french = m.setLang('fr');
    expect(await french).toBe(true);
    expect(await english).toBe(false);
    expect(m.i18n.lang).toBe('fr');
    expect(document.documentElement.lang).toBe('fr');
  });

  it('remembers the choice made last when two choices cross', async () => {
    const m = await fresh();
    const { b, state } = remembering(null);
    m.api.setBackend(b);
    await Promise.all([m.chooseLanguage('en'), m.chooseLanguage('fr')]);
    expect(m.i18n.lang).toBe('fr');
    expect(state.writes).toEqual(['fr']);
    // Chosen one after the other, both are written, in order.
    await m.chooseLanguage('en');
    await m.chooseLanguage('fr');
    expect(state.writes).toEqual(['fr', 'en', 'fr']);
    expect(state.saved).toBe('fr');
  });

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

  it('comes with the page, and then the backend is not asked', async () => {
    const { b, state } = remembering(null);
    const asked: string[] = [];
    setBackend(new Proxy(b, { get: (target, name) => (asked.push(String(name)), Reflect.get(target, name)) }));
    await restoreLanguage('en');
    expect(i18n.lang).toBe('en');
    await restoreLanguage(null);
    expect(i18n.lang).toBe('en');
    expect(asked).toEqual([]);
    expect(state.writes).toEqual([]);
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
