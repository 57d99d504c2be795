// The print preview shows a long document a few sheets at a time. WebKit
// parses and styles a whole page before it paints, on the thread that also
// draws the app: everyone's badges (682 sheets) held the window for 250 ms,
// everyone's sign-in sheets (514) for 550 ms; twenty sheets load in about
// 70 ms. A long document that flows as one (the programme of a large event)
// is shown in parts the core cuts between its slots, one at a time. Printing
// and PDFs always take the whole document.

/** Sheets shown at a time. */
export const PREVIEW_SHEETS = 20;

/** Sheets `first`–`last` of `total` (from 1, inclusive), or part `first`
 * (= `last`) of the `total` a flowing document is cut in, whose first slot
 * starts at `from` ("10:06"). */
export interface SheetRange {
  first: number;
  last: number;
  total: number;
  from?: string;
}

/**
 * The ranges a document of `total` sheets is previewed in: none when it is
 * shown whole (it fits, or flows as one sheet: `total` 0).
 */
export function sheetRanges(total: number, size = PREVIEW_SHEETS): SheetRange[] {
  if (total <= size) return [];
  const ranges: SheetRange[] = [];
  for (let first = 1; first <= total; first += size) {
    ranges.push({ first, last: Math.min(total, first + size - 1), total });
  }
  return ranges;
}

/**
 * The ranges a document is previewed in, from what `open_print` said of it:
 * its `parts` one at a time when it flows and was cut, else its `sheets`.
 */
export function previewRanges(view: { sheets: number; parts: string[] }): SheetRange[] {
  const total = view.parts.length;
  if (total > 1) return view.parts.map((from, i) => ({ first: i + 1, last: i + 1, total, from }));
  return sheetRanges(view.sheets);
}

/** The preview's address for `range` of the document served at `url`. */
export function sheetsUrl(url: string, range: SheetRange | undefined): string {
  if (!range) return url;
  return range.from !== undefined ? `${url}?part=${range.first}` : `${url}?sheets=${range.first}-${range.last}`;
}
