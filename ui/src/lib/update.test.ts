import { describe, expect, it } from 'vitest';
import type { Item, Programme, ProgrammeUpdate } from './bindings';
import { updatedProgramme } from './update';
import { emptyProgramme } from '../components/testing/programme';

function item(id: number, startsAt: string, title = `Item ${id}`): Item {
  return {
    id,
    eventId: 1,
    uid: `${id}@deroule`,
    startsAt: `2025-07-01T${startsAt}`,
    endsAt: `2025-07-01T${startsAt.slice(0, 2)}:59`,
    kind: 'workshop',
    title,
    description: '',
    roomId: 2,
    partLabel: '',
    capacity: null,
    remote: false,
    pinned: false,
    speakers: [{ speakerId: 4, role: 'speaker', topic: '' }],
  };
}

const before: Programme = {
  ...emptyProgramme(),
  rooms: [{ id: 2, eventId: 1, name: 'Fablab', capacity: 20, accessibility: '', position: 0 }],
  items: [item(1, '09:00'), item(2, '10:00'), item(3, '11:00')],
};

/** What the core tells after a change that left `items` (in their order),
 * having changed those of `changed`. */
function told(items: Item[], changed: number[], rest: Partial<ProgrammeUpdate> = {}): ProgrammeUpdate {
  const { items: _, ...programme } = structuredClone(before);
  return {
    ...programme,
    order: items.map((i) => i.id!),
    items: structuredClone(items.filter((i) => changed.includes(i.id!))),
    ...rest,
  };
}

describe('a programme brought up to date with what a change told', () => {
  it('takes the items told and keeps the objects of the others, and of all that is equal', () => {
    const moved = item(1, '11:30');
    const after = updatedProgramme(before, told([before.items[1], before.items[2], moved], [1]))!;
    expect(after.items.map((i) => i.id)).toEqual([2, 3, 1]);
    expect(after.items[2].startsAt).toBe('2025-07-01T11:30');
    expect(after.items[0]).toBe(before.items[1]);
    expect(after.items[1]).toBe(before.items[2]);
    // The moved item keeps what of it did not change.
    expect(after.items[2]).not.toBe(before.items[0]);
    expect(after.items[2].speakers).toBe(before.items[0].speakers);
    expect(after.rooms).toBe(before.rooms);
    expect(after.event).toBe(before.event);
  });

  it('drops an item the order no longer names, and shows new warnings', () => {
    const warnings: ProgrammeUpdate['warnings'] = [{ kind: 'room_double_booked', roomId: 2, itemIds: [1, 3] }];
    const after = updatedProgramme(before, told([before.items[0], before.items[2]], [], { warnings }))!;
    expect(after.items.map((i) => i.id)).toEqual([1, 3]);
    expect(after.warnings).toEqual(warnings);
    expect(after.items[1]).toBe(before.items[2]);
  });

  it('is the same programme when nothing changed', () => {
    expect(updatedProgramme(before, told(before.items, [2]))).toBe(before);
    expect(updatedProgramme(before, told(before.items, []))).toBe(before);
  });

  it('is nothing when the copy does not hold an item the change did not tell, or is of another event', () => {
    expect(updatedProgramme(before, told([...before.items, item(9, '12:00')], []))).toBeNull();
    expect(updatedProgramme(before, told([...before.items, item(9, '12:00')], [9]))!.items).toHaveLength(4);
    expect(updatedProgramme(before, { ...told(before.items, []), event: { ...before.event, id: 5 } })).toBeNull();
  });
});
