// The interface language remembered on this computer. The backend keeps
// it in a file written before it answers: the webview's local storage,
// which older versions used, reaches the disk on a timer and lost a choice
// made just before quitting.

import { backend } from './api';
import { setLang, type Lang } from './i18n/index.svelte';

/** The key older versions kept the language under, in local storage. */
const OLD_KEY = 'deroule.lang';

/** The choices being written, one after the other, so that the last one
 * made is the one remembered. */
let saving: Promise<unknown> = Promise.resolve();

/** Switches the interface to `lang` and remembers it, unless another
 * language was chosen meanwhile. */
export async function chooseLanguage(lang: Lang): Promise<void> {
  if (!(await setLang(lang))) return;
  const save = saving.then(() => backend().setUiLanguage(lang));
  saving = save.catch(() => undefined);
  await save;
}

/**
 * Speaks the language remembered, before the first screen shows: the one
 * the page came with (`remembered`, from lib/start.ts), else the backend
 * is asked. A choice older versions left in local storage is taken over
 * once.
 */
export async function restoreLanguage(remembered?: Lang | null): Promise<void> {
  let saved: Lang | null = remembered ?? null;
  if (remembered === undefined) {
    try {
      saved = await backend().uiLanguage();
    } catch {
      // No configuration folder: French, the default.
    }
  }
  let old: string | null = null;
  try {
    old = globalThis.localStorage?.getItem(OLD_KEY) ?? null;
    globalThis.localStorage?.removeItem(OLD_KEY);
  } catch {
    // No local storage: nothing to take over.
  }
  if (saved == null && (old === 'en' || old === 'fr')) {
    saved = old;
    await backend()
      .setUiLanguage(old)
      .catch(() => undefined);
  }
  if (saved) await setLang(saved);
}
