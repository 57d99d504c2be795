// The print preview shows a long document a few sheets at a time. WebKit
// parses and styles a whole page before it paints, on the thread that also
// draws the app: everyone's badges (682 sheets) held the window for 250 ms,
// everyone's sign-in sheets (514) for 550 ms; twenty sheets load in about
// 70 ms. Printing and PDFs always take the whole document.

/** Sheets shown at a time. */
export const PREVIEW_SHEETS = 20;

/** Sheets `first`–`last` of `total` (from 1, inclusive). */
export interface SheetRange {
  first: number;
  last: number;
  total: number;
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

/** The preview's address for `range` of the document served at `url`. */
export function sheetsUrl(url: string, range: SheetRange | undefined): string {
  return range ? `${url}?sheets=${range.first}-${range.last}` : url;
}
