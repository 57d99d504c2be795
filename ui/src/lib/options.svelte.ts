// The options of a long <select>, made at once. The print preview lists
// the parts of a document (300 of everyone's schedules on the large event,
// each "Feuille 3 sur 39, suite à partir de 10h06") and the batches of
// attendees (258); drawn by Svelte's {#each}, an option took about 25 µs to
// make, most of the 22 ms between the choice of a document and its preview
// being set up. Made here with `new Option`, as text (never markup), the 258
// batches take about 1 ms (marks in the real window).

import { untrack } from 'svelte';

/**
 * An attachment for a <select> whose options are `labels()`, valued by
 * their place ("0", "1"…), with `selected()` chosen: made again when the
 * labels change, chosen again when the place does. The select's owner
 * reads the choice from its `selectedIndex` in its `change` handler.
 */
export function listOptions(labels: () => string[], selected: () => number) {
  return (select: HTMLSelectElement) => {
    $effect(() => {
      const made = document.createDocumentFragment();
      labels().forEach((label, i) => made.append(new Option(label, String(i))));
      select.replaceChildren(made);
      select.selectedIndex = untrack(selected);
    });
    $effect(() => {
      select.selectedIndex = selected();
    });
  };
}
