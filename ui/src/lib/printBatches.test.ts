import { describe, expect, it } from 'vitest';
import type { Item, Signup } from './bindings';
import { longestDay, MAX_SCHEDULE_LINES, scheduleBatches } from './printBatches';

const item = (id: number, blockId: number | null) => ({ id, blockId }) as Item;
const seat = (itemId: number, attendeeId: number, status = 'confirmed') =>
  ({ id: itemId * 100 + attendeeId, itemId, attendeeId, status }) as Signup;

describe('longestDay', () => {
  it('counts the common items and the most workshops one attendee holds confirmed', () => {
    const items = [item(1, null), item(2, null), item(3, 7), item(4, 7), item(5, 8)];
    const signups = [seat(3, 10), seat(5, 10), seat(4, 11), seat(4, 12, 'waitlisted'), seat(5, 12, 'waitlisted')];
    expect(longestDay(items, signups)).toBe(4);
    expect(longestDay(items, [])).toBe(2);
  });
});

describe('scheduleBatches', () => {
  it('keeps every batch under the limit, in list order, with none left out', () => {
    const ids = Array.from({ length: 10_060 }, (_, i) => i + 1);
    const batches = scheduleBatches(ids, 514);
    const size = Math.floor(MAX_SCHEDULE_LINES / 514);
    expect(batches[0]).toMatchObject({ from: 1, to: size });
    expect(batches[1]).toMatchObject({ from: size + 1, to: 2 * size });
    expect(batches.every((b) => b.ids.length * 514 <= MAX_SCHEDULE_LINES)).toBe(true);
    expect(batches.flatMap((b) => b.ids)).toEqual(ids);
    expect(batches).toHaveLength(Math.ceil(10_060 / size));
  });

  it('gives one batch when everyone fits, and one person per batch at worst', () => {
    expect(scheduleBatches([4, 5, 6], 14)).toEqual([{ from: 1, to: 3, ids: [4, 5, 6] }]);
    expect(scheduleBatches([4, 5], MAX_SCHEDULE_LINES + 1)).toHaveLength(2);
    expect(scheduleBatches([], 14)).toEqual([]);
  });
});
