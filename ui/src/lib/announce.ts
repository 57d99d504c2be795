// What an action did, said to screen readers through the window's one polite
// live region (App.svelte holds it). Sighted users see the change itself;
// this says it aloud: "Atelier 1 déplacé à 14h30, salle Fablab",
// "supprimé — Ctrl+Z pour annuler".

let region: HTMLElement | null = null;
/** Said before the region existed; written into it when it appears. */
let pending: string | null = null;

/** The live region's text, for tests and for whoever needs the last message. */
export function announced(): string {
  return (region?.textContent ?? pending ?? '').replace(/\u00a0$/, '');
}

/**
 * Says `text` through the live region (politely: after what the screen reader
 * is saying). The same text twice in a row is still said twice: a trailing
 * no-break space makes it a change the screen reader notices.
 */
export function announce(text: string): void {
  const message = text.trim();
  if (!message) return;
  if (!region) {
    pending = message;
    return;
  }
  region.textContent = region.textContent === message ? `${message}\u00a0` : message;
}

/**
 * The attachment that makes an element the live region (`{@attach liveRegion}`
 * in App.svelte): one at a time, the last attached wins.
 */
export function liveRegion(element: HTMLElement): () => void {
  region = element;
  if (pending) {
    element.textContent = pending;
    pending = null;
  }
  return () => {
    if (region === element) region = null;
  };
}
