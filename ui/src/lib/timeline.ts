// Where each item goes on the timeline: time runs down, rooms run across.
// An item without a room belongs to the whole venue and spans every column.
// Items that overlap in one column stand side by side in lanes.

import type { Item, Room } from './bindings';
import { minutesOf } from './format';

export interface Placed {
  item: Item;
  /** First column (0-based) and how many columns it spans. */
  column: number;
  span: number;
  /** Lane within its columns, and how many lanes share them. */
  lane: number;
  lanes: number;
  start: number;
  end: number;
}

/** Minutes since the midnight of `date`; later days count past 1440. */
export function minutesFrom(date: string, dateTime: string): number {
  const day = dateTime.slice(0, 10);
  const days = Math.round((Date.parse(day) - Date.parse(date)) / 86_400_000);
  return days * 1440 + minutesOf(dateTime);
}

/**
 * Places `items` on a grid of `rooms` (in their order). Whole-venue items
 * form one track across all columns, each room another; within a track,
 * overlapping items get lanes (greedy, by start time), and every item of a
 * cluster of overlaps shares that cluster's lane count.
 *
 * With the `previous` placement, an item that is the same object in the
 * same place keeps its `Placed` (and the whole placement is `previous`
 * when nothing moved): the timeline redraws only what changed.
 */
export function layout(items: Item[], rooms: Room[], date: string, previous: Placed[] = []): Placed[] {
  const placed = place(items, rooms, date);
  if (previous.length === 0) return placed;
  const before = new Map(previous.map((p) => [p.item, p]));
  let same = placed.length === previous.length;
  const out = placed.map((p, i) => {
    const old = before.get(p.item);
    const kept =
      old &&
      old.column === p.column &&
      old.span === p.span &&
      old.lane === p.lane &&
      old.lanes === p.lanes &&
      old.start === p.start &&
      old.end === p.end
        ? old
        : p;
    if (kept !== previous[i]) same = false;
    return kept;
  });
  return same ? previous : out;
}

function place(items: Item[], rooms: Room[], date: string): Placed[] {
  const columnOf = new Map<number, number>();
  rooms.forEach((r, i) => {
    if (r.id != null) columnOf.set(r.id, i);
  });
  const columns = Math.max(rooms.length, 1);
  const tracks = new Map<number, Placed[]>();
  for (const item of items) {
    const col = item.roomId != null ? columnOf.get(item.roomId) : undefined;
    const placed: Placed = {
      item,
      column: col ?? 0,
      span: col === undefined ? columns : 1,
      lane: 0,
      lanes: 1,
      start: minutesFrom(date, item.startsAt),
      end: minutesFrom(date, item.endsAt),
    };
    const key = col === undefined ? -1 : col;
    if (!tracks.has(key)) tracks.set(key, []);
    tracks.get(key)!.push(placed);
  }
  const out: Placed[] = [];
  for (const track of tracks.values()) {
    track.sort((a, b) => a.start - b.start || a.end - b.end);
    let cluster: Placed[] = [];
    let laneEnds: number[] = [];
    let clusterEnd = -Infinity;
    const close = () => {
      for (const p of cluster) p.lanes = laneEnds.length;
      cluster = [];
      laneEnds = [];
    };
    for (const p of track) {
      if (p.start >= clusterEnd) close();
      let lane = laneEnds.findIndex((end) => end <= p.start);
      if (lane === -1) {
        lane = laneEnds.length;
        laneEnds.push(p.end);
      } else {
        laneEnds[lane] = p.end;
      }
      p.lane = lane;
      cluster.push(p);
      clusterEnd = Math.max(clusterEnd, p.end);
      out.push(p);
    }
    close();
  }
  return out;
}

/** The visible span: the day's hours widened to every item, to the half
 * hour (a morning of 9h–10h30 shows no empty half hour after it). */
export function visibleRange(dayStart: number, dayEnd: number, placed: Placed[]): [number, number] {
  let lo = dayStart;
  let hi = dayEnd;
  for (const p of placed) {
    lo = Math.min(lo, p.start);
    hi = Math.max(hi, p.end);
  }
  return [Math.floor(lo / 30) * 30, Math.min(Math.ceil(hi / 30) * 30, 24 * 60)];
}

/** A part of the day (its label) from its first item's start to its last
 * item's end, drawn as a band beside the timeline. */
export interface PartBand {
  label: string;
  start: number;
  end: number;
}

/**
 * The parts of the day, in time order: consecutive items (by start) with
 * the same non-empty part label make one band.
 */
export function partBands(placed: Placed[]): PartBand[] {
  const bands: PartBand[] = [];
  const sorted = [...placed].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const p of sorted) {
    const label = p.item.partLabel.trim();
    const last = bands.at(-1);
    if (last && last.label === label) {
      last.end = Math.max(last.end, p.end);
    } else {
      bands.push({ label, start: p.start, end: p.end });
    }
  }
  return bands.filter((b) => b.label !== '');
}

/** How long a band of the timeline is, in minutes: a band's key is its
 * first item's start divided by this. */
export const BAND_MINUTES = 60;

/**
 * The items in Tab's order (`ordered`: by start), cut into bands drawn
 * each as a layer of its own: a band starts at each new slot of `slot`
 * minutes, except where a whole-venue item (drawn under room items) would
 * then sit in a later band, so above, than an earlier item it overlaps.
 * WebKit repaints a whole layer when an item comes into it, goes or
 * changes place in it: with bands, a move repaints one band, not every
 * item in view. The bands, put end to end, are `ordered`.
 */
export function bands(ordered: Placed[], slot = BAND_MINUTES): Placed[][] {
  // The start of the first whole-venue item at or after each place.
  const nextWhole: number[] = new Array(ordered.length + 1);
  nextWhole[ordered.length] = Infinity;
  for (let i = ordered.length - 1; i >= 0; i--) {
    const p = ordered[i];
    nextWhole[i] = p.span > 1 ? Math.min(p.start, nextWhole[i + 1]) : nextWhole[i + 1];
  }
  const out: Placed[][] = [];
  let current: Placed[] = [];
  let end = -Infinity;
  let at = NaN;
  ordered.forEach((p, i) => {
    const here = Math.floor(p.start / slot);
    // Every item before ends before any whole-venue item from here on
    // starts: nothing of an earlier band overlaps one.
    if (current.length > 0 && here !== at && nextWhole[i] >= end) {
      out.push(current);
      current = [];
    }
    if (current.length === 0) at = here;
    current.push(p);
    end = Math.max(end, p.end);
  });
  if (current.length > 0) out.push(current);
  return out;
}
