import { describe, expect, it } from 'vitest';
import { share } from './share';

const item = (id: number, title: string, speakers: number[] = []) => ({
  id,
  title,
  startsAt: '2025-07-01T09:00',
  speakers: speakers.map((speakerId) => ({ speakerId, role: '' })),
});

describe('share', () => {
  it('gives back the previous value, whole, when nothing changed', () => {
    const prev = { event: { id: 1, title: 'Journée' }, items: [item(1, 'Accueil', [3]), item(2, 'Plénière')], warnings: [] };
    const next = JSON.parse(JSON.stringify(prev));
    expect(share(prev, next)).toBe(prev);
  });

  it('keeps the unchanged items and takes the changed one', () => {
    const prev = { event: { id: 1 }, items: [item(1, 'Accueil'), item(2, 'Plénière'), item(3, 'Clôture')] };
    const next = JSON.parse(JSON.stringify(prev));
    next.items[1].startsAt = '2025-07-01T09:05';
    const out = share(prev, next);
    expect(out).not.toBe(prev);
    expect(out).toEqual(next);
    expect(out.event).toBe(prev.event);
    expect(out.items[0]).toBe(prev.items[0]);
    expect(out.items[1]).not.toBe(prev.items[1]);
    expect(out.items[1].startsAt).toBe('2025-07-01T09:05');
    // The unchanged parts of the changed item are shared too.
    expect(out.items[1].speakers).toBe(prev.items[1].speakers);
    expect(out.items[2]).toBe(prev.items[2]);
  });

  it('matches items by id when they changed places, were added or removed', () => {
    const prev = { items: [item(1, 'A'), item(2, 'B'), item(3, 'C')] };
    const next = { items: [item(3, 'C'), item(4, 'D'), item(1, 'A')] };
    const out = share(prev, next);
    expect(out.items.map((i) => i.id)).toEqual([3, 4, 1]);
    expect(out.items[0]).toBe(prev.items[2]);
    expect(out.items[1]).toBe(next.items[1]);
    expect(out.items[2]).toBe(prev.items[0]);
    expect(out.items).not.toBe(prev.items);
  });

  it('sees a removed or an added field, a shorter list, null against an object', () => {
    const prev = { a: 1, b: [1, 2, 3], c: { x: 1 } as { x: number } | null };
    expect(share(prev, { a: 1, b: [1, 2], c: prev.c })).toEqual({ a: 1, b: [1, 2], c: { x: 1 } });
    expect(share(prev, { a: 1, b: [1, 2, 3], c: null }).c).toBeNull();
    expect(share(prev, { a: 1, b: [1, 2, 3] } as typeof prev)).toEqual({ a: 1, b: [1, 2, 3] });
    const added = share(prev, { ...prev, d: 4 } as typeof prev);
    expect(added).not.toBe(prev);
    expect(added.b).toBe(prev.b);
  });

  it('does not change either value', () => {
    const prev = { items: [item(1, 'A')] };
    const next = { items: [item(1, 'B')] };
    const frozenPrev = JSON.stringify(prev);
    const frozenNext = JSON.stringify(next);
    share(prev, next);
    expect(JSON.stringify(prev)).toBe(frozenPrev);
    expect(JSON.stringify(next)).toBe(frozenNext);
  });

  it('takes the new value when the previous one is missing', () => {
    const next = { items: [item(1, 'A')] };
    expect(share(null, next)).toBe(next);
  });
});
