import { describe, expect, it } from 'vitest';
import type { Item } from './bindings';
import { laneOf, partSections } from './running';

function item(id: number, start: string, roomId: number | null, partLabel = ''): Item {
  return {
    id,
    eventId: 1,
    uid: '',
    startsAt: `2026-03-17T${start}`,
    endsAt: `2026-03-17T${start}`,
    kind: 'plenary',
    title: `#${id}`,
    description: '',
    roomId,
    partLabel,
    capacity: null,
    remote: false,
    pinned: false,
    speakers: [],
  };
}

describe('running order', () => {
  it('cuts the list where the part changes, and only there', () => {
    const items = [item(1, '09:00', 1, 'A'), item(2, '09:10', 1, 'A'), item(3, '09:20', 1, ''), item(4, '09:30', 1, 'A')];
    expect(partSections(items).map((s) => [s.part, s.items.map((i) => i.id)])).toEqual([
      ['A', [1, 2]],
      ['', [3]],
      ['A', [4]],
    ]);
  });
  it('puts the whole venue in every lane, and every room in its lane', () => {
    const items = [item(1, '09:00', null), item(2, '09:10', 1), item(3, '09:10', 2), item(4, '10:00', null)];
    expect(laneOf(items, items[1]).map((i) => i.id)).toEqual([1, 2, 4]);
    expect(laneOf(items, items[0]).map((i) => i.id)).toEqual([1, 2, 3, 4]);
    const otherDay = { ...item(5, '09:00', 1), startsAt: '2026-03-18T09:00' };
    expect(laneOf([...items, otherDay], items[1]).map((i) => i.id)).toEqual([1, 2, 4]);
  });
});
