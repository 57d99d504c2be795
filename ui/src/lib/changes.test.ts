import { describe, expect, it } from 'vitest';
import type { Change } from './bindings';
import { defaultVersionLabel, groupChanges, markedAt } from './changes';

function change(uid: string, kind: Change['kind'], text: string): Change {
  return {
    item: { id: 1, uid, title: uid, startsAt: '2022-12-09T14:00', endsAt: '2022-12-09T15:00', room: null },
    kind,
    before: null,
    after: null,
    text,
    attendeeIds: [],
    waitingIds: [],
    speakerIds: [],
  };
}

describe('changes', () => {
  it('keeps the changes of one item together, in the order of their first change', () => {
    const groups = groupChanges([
      change('a', 'moved', 'Déplacé de 14h à 14h30'),
      change('b', 'cancelled', 'Annulé'),
      change('a', 'room_changed', 'Change de salle'),
    ]);
    expect(groups.map((g) => [g.uid, g.changes.map((c) => c.kind)])).toEqual([
      ['a', ['moved', 'room_changed']],
      ['b', ['cancelled']],
    ]);
  });

  it('says when a version was marked, and a label to start from, in local time', () => {
    const at = new Date(2026, 11, 1, 9, 5);
    expect(defaultVersionLabel('Programme', at, 'fr')).toBe('Programme — 1er décembre 2026, 9h05');
    expect(defaultVersionLabel('Programme', at, 'en')).toBe('Programme — 1 December 2026, 9:05');
    expect(markedAt(at.toISOString(), 'fr')).toBe('mardi 1er décembre 2026, 9h05');
    expect(markedAt('not a time', 'fr')).toBe('not a time');
  });
});
