// Warnings as sentences that name the items, rooms and speakers.

import type { Programme, Warning } from './bindings';
import { t } from './i18n/index.svelte';

export function warningMessage(w: Warning, p: Programme): string {
  const title = (id: number) => p.items.find((i) => i.id === id)?.title ?? '?';
  const room = (id: number) => p.rooms.find((r) => r.id === id)?.name ?? '?';
  const items = w.itemIds.map((id) => `« ${title(id)} »`).join(t('warning.and'));
  switch (w.kind) {
    case 'speaker_double_booked':
      return t('warning.speaker_double_booked', {
        speaker: p.speakers.find((s) => s.id === w.speakerId)?.name ?? '?',
        items,
      });
    case 'room_double_booked':
      return t('warning.room_double_booked', { room: room(w.roomId), items });
    case 'outside_day':
      return t('warning.outside_day', { items });
    case 'capacity_over_room':
      return t('warning.capacity_over_room', {
        items,
        capacity: w.capacity,
        room: room(w.roomId),
        roomCapacity: w.roomCapacity,
      });
    case 'attendee_double_booked':
      return t('warning.attendee_double_booked', { attendee: w.attendeeName, items });
  }
}
