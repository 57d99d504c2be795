import { afterEach, describe, expect, it } from 'vitest';
import { announce, announced, liveRegion } from './announce';

describe('announce', () => {
  let detach: (() => void) | null = null;
  afterEach(() => {
    detach?.();
    detach = null;
    document.body.replaceChildren();
  });

  function region(): HTMLElement {
    const el = document.createElement('div');
    el.setAttribute('aria-live', 'polite');
    document.body.append(el);
    detach = liveRegion(el);
    return el;
  }

  it('writes what an action did into the live region', () => {
    const el = region();
    announce('Atelier 1 déplacé à 14h30, salle Fablab');
    expect(el.textContent).toBe('Atelier 1 déplacé à 14h30, salle Fablab');
    announce('  Atelier 1 supprimé — Ctrl+Z pour annuler ');
    expect(el.textContent).toBe('Atelier 1 supprimé — Ctrl+Z pour annuler');
    expect(announced()).toBe('Atelier 1 supprimé — Ctrl+Z pour annuler');
  });

  it('changes the text when the same message comes twice, so it is said twice', () => {
    const el = region();
    announce('Enregistré');
    const first = el.textContent;
    announce('Enregistré');
    expect(el.textContent).not.toBe(first);
    expect(el.textContent?.trim()).toBe('Enregistré');
    expect(announced()).toBe('Enregistré');
    announce('Enregistré');
    expect(el.textContent).toBe(first);
  });

  it('ignores empty messages', () => {
    const el = region();
    announce('Importé');
    announce('   ');
    expect(el.textContent).toBe('Importé');
  });

  it('keeps a message said before the region exists and writes it when it appears', () => {
    announce('Bienvenue');
    const el = region();
    expect(el.textContent).toBe('Bienvenue');
  });

  it('forgets a region once it is detached', () => {
    const el = region();
    detach?.();
    detach = null;
    announce('Plus tard');
    expect(el.textContent).toBe('');
    const next = region();
    expect(next.textContent).toBe('Plus tard');
  });
});
