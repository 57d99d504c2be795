// The header's menus (Exporter, Imprimer): one open at a time, closed by a
// click elsewhere, and the standard keyboard of a menu button.

/** The menu open now, by name; null: none. */
export const menus = $state({ open: null as string | null });

export function toggleMenu(name: string): void {
  menus.open = menus.open === name ? null : name;
}

export function closeMenu(name: string): void {
  if (menus.open === name) menus.open = null;
}

/** An attachment for the element around a menu button and its panel: a
 * pointer going down outside it closes the menu. */
export function closeOutside(name: string) {
  return (root: HTMLElement) => {
    const down = (e: PointerEvent) => {
      if (menus.open === name && !root.contains(e.target as Node)) menus.open = null;
    };
    document.addEventListener('pointerdown', down, true);
    return () => document.removeEventListener('pointerdown', down, true);
  };
}

/** An attachment for a `role=menu` element: focus goes to its first item
 * when it opens; ↓ ↑ move between items (wrapping), Home and End to the
 * first and last; Escape closes it and gives focus back to `trigger`; Tab
 * closes it and goes on. */
export function menuKeys(name: string, trigger: () => HTMLElement | null | undefined) {
  return (menu: HTMLElement) => {
    const items = () => [...menu.querySelectorAll<HTMLElement>('[role^="menuitem"]')];
    items()[0]?.focus();
    const onkeydown = (e: KeyboardEvent) => {
      const list = items();
      const at = list.indexOf(document.activeElement as HTMLElement);
      const go = (i: number) => {
        e.preventDefault();
        list[(i + list.length) % list.length]?.focus();
      };
      if (e.key === 'ArrowDown') go(at + 1);
      else if (e.key === 'ArrowUp') go(at - 1);
      else if (e.key === 'Home') go(0);
      else if (e.key === 'End') go(list.length - 1);
      else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        closeMenu(name);
        trigger()?.focus();
      } else if (e.key === 'Tab') closeMenu(name);
    };
    menu.addEventListener('keydown', onkeydown);
    return () => menu.removeEventListener('keydown', onkeydown);
  };
}
