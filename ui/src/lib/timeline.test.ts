import { describe, expect, it } from 'vitest';
import type { Item, Room } from './bindings';
import { bands, layout, visibleRange } from './timeline';

const rooms: Room[] = [
  { id: 1, eventId: 1, name: 'Auditorium', capacity: 120, accessibility: '', position: 0 },
  { id: 2, eventId: 1, name: 'Fablab', capacity: 15, accessibility: '', position: 1 },
];

function item(id: number, start: string, end: string, roomId: number | null): Item {
  return {
    id,
    eventId: 1,
    uid: `${id}@deroule`,
    startsAt: `2022-12-09T${start}`,
    endsAt: `2022-12-09T${end}`,
    kind: 'workshop',
    title: `Item ${id}`,
    description: '',
    roomId,
    partLabel: '',
    capacity: null,
    remote: false,
    pinned: false,
    speakers: [],
  };
}

describe('timeline layout', () => {
  it('puts room items in their column and whole-venue items across all', () => {
    const placed = layout([item(1, '09:00', '09:30', null), item(2, '09:30', '10:00', 2)], rooms, '2022-12-09');
    const byId = new Map(placed.map((p) => [p.item.id, p]));
    expect(byId.get(1)).toMatchObject({ column: 0, span: 2, lane: 0, lanes: 1, start: 540, end: 570 });
    expect(byId.get(2)).toMatchObject({ column: 1, span: 1, lane: 0, lanes: 1, start: 570, end: 600 });
  });

  it('keeps the placement of what did not move, and the whole placement when nothing did', () => {
    const items = [item(1, '10:00', '11:00', 1), item(2, '10:30', '11:30', 1), item(3, '10:00', '11:00', 2)];
    const first = layout(items, rooms, '2022-12-09');
    expect(layout(items, rooms, '2022-12-09', first)).toBe(first);
    // Item 3 moved: a new placement for it alone.
    const moved = [items[0], items[1], item(3, '10:05', '11:05', 2)];
    const second = layout(moved, rooms, '2022-12-09', first);
    const at = (placed: typeof first, id: number) => placed.find((p) => p.item.id === id)!;
    expect(second).not.toBe(first);
    expect(at(second, 1)).toBe(at(first, 1));
    expect(at(second, 2)).toBe(at(first, 2));
    expect(at(second, 3)).not.toBe(at(first, 3));
    expect(at(second, 3).start).toBe(605);
    // Item 2 left room 1: item 1 (the same object) is alone there now, so
    // it gets a placement of one lane.
    const alone = layout([items[0], item(2, '10:30', '11:30', 2), items[2]], rooms, '2022-12-09', first);
    expect(at(first, 1).lanes).toBe(2);
    expect(at(alone, 1)).not.toBe(at(first, 1));
    expect(at(alone, 1).lanes).toBe(1);
  });

  it('stands overlapping items of one room side by side, back-to-back ones not', () => {
    const placed = layout(
      [item(1, '10:00', '11:00', 1), item(2, '10:30', '11:30', 1), item(3, '11:30', '12:00', 1)],
      rooms,
      '2022-12-09',
    );
    const byId = new Map(placed.map((p) => [p.item.id, p]));
    expect(byId.get(1)).toMatchObject({ lane: 0, lanes: 2 });
    expect(byId.get(2)).toMatchObject({ lane: 1, lanes: 2 });
    expect(byId.get(3)).toMatchObject({ lane: 0, lanes: 1 });
  });

  it('reuses a freed lane within a cluster', () => {
    const placed = layout(
      [item(1, '10:00', '12:00', 1), item(2, '10:00', '10:30', 1), item(3, '10:30', '11:00', 1)],
      rooms,
      '2022-12-09',
    );
    const lanes = placed.map((p) => [p.item.id, p.lane, p.lanes]);
    expect(lanes).toEqual([
      [2, 0, 2],
      [1, 1, 2],
      [3, 0, 2],
    ]);
  });

  it('without rooms, everything is one column', () => {
    const placed = layout([item(1, '09:00', '10:00', null)], [], '2022-12-09');
    expect(placed[0]).toMatchObject({ column: 0, span: 1 });
  });

  it('shows half hours covering the day and every item', () => {
    const placed = layout([item(1, '08:40', '09:10', null), item(2, '17:00', '17:45', 1)], rooms, '2022-12-09');
    expect(visibleRange(570, 1020, placed)).toEqual([510, 1080]);
    expect(visibleRange(570, 1020, [])).toEqual([570, 1020]);
    // A 90-minute morning: nothing hatched after 10h30.
    expect(visibleRange(540, 630, [])).toEqual([540, 630]);
  });

  describe('bands', () => {
    const order = (placed: ReturnType<typeof layout>) =>
      [...placed].sort((a, b) => a.start - b.start || a.column - b.column || a.lane - b.lane);
    const ids = (groups: ReturnType<typeof bands>) => groups.map((g) => g.map((p) => p.item.id));

    it('cuts the items into a band an hour, in Tab\'s order', () => {
      const ordered = order(
        layout(
          [item(1, '09:00', '09:45', 1), item(2, '09:30', '10:30', 2), item(3, '10:00', '10:45', 1), item(4, '11:15', '12:00', 2)],
          rooms,
          '2022-12-09',
        ),
      );
      const groups = bands(ordered);
      expect(ids(groups)).toEqual([[1, 2], [3], [4]]);
      expect(groups.flat()).toEqual(ordered);
    });

    it('keeps a whole-venue item in the band of an earlier item it overlaps, so it stays drawn under it', () => {
      // The lunch (whole venue, 12h) starts while a workshop of 11h30 runs.
      const ordered = order(
        layout(
          [item(1, '11:00', '11:30', 1), item(2, '11:30', '12:15', 2), item(3, '12:00', '13:00', null), item(4, '13:00', '14:00', 1)],
          rooms,
          '2022-12-09',
        ),
      );
      expect(ids(bands(ordered))).toEqual([[1, 2, 3], [4]]);
      // Without the overlap, the lunch has a band of its own.
      const apart = order(
        layout([item(1, '11:00', '11:30', 1), item(2, '11:30', '12:00', 2), item(3, '12:00', '13:00', null)], rooms, '2022-12-09'),
      );
      expect(ids(bands(apart))).toEqual([[1, 2], [3]]);
    });

    it('has no band when there is no item', () => {
      expect(bands([])).toEqual([]);
    });
  });
});
