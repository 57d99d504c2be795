import { describe, expect, it } from 'vitest';
import type { Item, Part } from './bindings';
import { laneOf, nextPartNumber, partSections } from './running';

function item(id: number, start: string, roomId: number | null, partId: number | null = null): Item {
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
    partLabel: partId == null ? '' : `Part ${partId}`,
    partId,
    capacity: null,
    remote: false,
    pinned: false,
    speakers: [],
  };
}

describe('running order', () => {
  it('cuts the list where the part changes, and only there', () => {
    const parts: Part[] = [{ id: 7, eventId: 1, number: '01', title: 'A', position: 0, label: '01 A' }];
    const items = [item(1, '09:00', 1, 7), item(2, '09:10', 1, 7), item(3, '09:20', 1), item(4, '09:30', 1, 7)];
    expect(partSections(items, parts).map((s) => [s.part?.title ?? null, s.items.map((i) => i.id)])).toEqual([
      ['A', [1, 2]],
      [null, [3]],
      ['A', [4]],
    ]);
  });
  it('offers the number after the last numbered part, in its form', () => {
    const part = (number: string): Part => ({ id: 1, eventId: 1, number, title: 'x', position: 0, label: '' });
    expect(nextPartNumber([part('01'), part('02')])).toBe('03');
    expect(nextPartNumber([part('Partie 9')])).toBe('Partie 10');
    expect(nextPartNumber([part('I'), part('')])).toBe('');
    expect(nextPartNumber([])).toBe('');
  });
  it('puts the whole venue in every lane, and every room in its lane', () => {
    const items = [item(1, '09:00', null), item(2, '09:10', 1), item(3, '09:10', 2), item(4, '10:00', null)];
    expect(laneOf(items, items[1]).map((i) => i.id)).toEqual([1, 2, 4]);
    expect(laneOf(items, items[0]).map((i) => i.id)).toEqual([1, 2, 3, 4]);
    const otherDay = { ...item(5, '09:00', 1), startsAt: '2026-03-18T09:00' };
    expect(laneOf([...items, otherDay], items[1]).map((i) => i.id)).toEqual([1, 2, 4]);
  });
});
