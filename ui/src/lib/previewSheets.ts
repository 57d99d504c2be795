// The print preview shows a long document in parts. WebKit parses and
// styles a whole page before it paints, on the thread that also draws the
// app: everyone's badges (682 sheets) held the window for 250 ms, everyone's
// sign-in sheets (514) for 550 ms, twenty personal schedules of a long day
// 270–440 ms; twenty sheets of badges loaded in about 70 ms, ten in 60. The core says
// what each part holds (`open_print`, `src/print/sheets.rs`): a few whole
// sheets, a piece of one sheet that holds a long day, or a part of a
// document that flows as one (the programme of a large event), the last
// two cut between slots. Printing and PDFs always take the whole document.

import type { PreviewPart } from './bindings';

/** Part `part` of a preview (from 1): sheets `first`–`last` of `total`
 * (from 1, inclusive), `from` the time of its first slot when it starts at
 * a cut ("10:06"); of a document that `flows` as one, `first` = `last` is
 * the part's number and `total` how many parts there are. */
export interface SheetRange {
  part: number;
  first: number;
  last: number;
  total: number;
  from?: string;
  flows: boolean;
}

/**
 * The ranges a document is previewed in, from what `open_print` said of it
 * (`sheets` 0 when it flows as one): none when it is shown whole.
 */
export function previewRanges(view: { sheets: number; parts: PreviewPart[] }): SheetRange[] {
  const flows = view.sheets === 0;
  const count = view.parts.length;
  if (count < 2) return [];
  return view.parts.map((p, i) => ({
    part: i + 1,
    first: flows ? i + 1 : p.first,
    last: flows ? i + 1 : p.last,
    total: flows ? count : view.sheets,
    ...(p.from == null ? {} : { from: p.from }),
    flows,
  }));
}

/** The preview's address for `range` of the document served at `url`. */
export function sheetsUrl(url: string, range: SheetRange | undefined): string {
  return range ? `${url}?part=${range.part}` : url;
}
