import { untrack } from 'svelte';

// Rendering only what is in view: where each line of a list starts, which
// lines are in view, and the gaps that stand for the lines left out of the
// page (so the list keeps its whole height and the scroll bar tells the
// truth); pure functions, and `measureNowAndOnResize` for the views.

/** Where each line starts, for lines of these heights: `out[i]` is the
 * top of line i, `out[heights.length]` the whole height. */
export function offsetsOf(heights: readonly number[]): Float64Array {
  const out = new Float64Array(heights.length + 1);
  for (let i = 0; i < heights.length; i++) out[i + 1] = out[i] + heights[i];
  return out;
}

/** The line at `y` (the last one starting at or before it), between 0 and
 * the last line; 0 for an empty list. */
export function lineAt(offsets: Float64Array, y: number): number {
  const count = offsets.length - 1;
  if (count <= 0) return 0;
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The lines to put in the page, in order: those from `first` to `last`
 * (excluded), and each of `keep` (the one with the keyboard focus, the one
 * open in the panel, the first and the last: where Tab enters from outside)
 * wherever it is; indices out of the list are left out. */
export function linesToRender(count: number, first: number, last: number, keep: readonly number[]): number[] {
  const from = Math.max(0, first);
  const to = Math.min(count, last);
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  const extra = keep.filter((i) => Number.isInteger(i) && i >= 0 && i < count && (i < from || i >= to));
  if (extra.length === 0) return out;
  return [...new Set([...out, ...extra])].sort((a, b) => a - b);
}

/** A line in the page, or a gap standing for the lines from `from` to `to`
 * (excluded) left out. */
export type Slot = { line: number } | { gap: [number, number] };

/** The slots of the lines from `from` to `to` (excluded), given the sorted
 * lines to render: each rendered line, and a gap for each run of lines
 * left out. */
export function slotsOf(from: number, to: number, rendered: readonly number[]): Slot[] {
  const out: Slot[] = [];
  let next = from;
  // The first rendered line at or after `from` (binary search).
  let lo = 0;
  let hi = rendered.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rendered[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < rendered.length && rendered[k] < to; k++) {
    const line = rendered[k];
    if (line > next) out.push({ gap: [next, line] });
    out.push({ line });
    next = line + 1;
  }
  if (next < to) out.push({ gap: [next, to] });
  return out;
}

/** Calls `measure` now (untracked: what it reads is not a dependency of the
 * calling effect) and whenever `element` changes size; returns what stops
 * it, for the effect to return. */
export function measureNowAndOnResize(element: HTMLElement, measure: () => void): () => void {
  untrack(measure);
  if (typeof ResizeObserver === 'undefined') return () => {};
  const observer = new ResizeObserver(measure);
  observer.observe(element);
  return () => observer.disconnect();
}
