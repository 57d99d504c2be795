// A programme at conference scale for the components' tests, shaped like
// the large event the window is measured on (`deroule demo --large`): a
// day of 14 items in 4 rooms and 4 parts, and 500 sessions of 15 minutes
// in 10 more rooms, every 18 minutes from 8h to 23h. 514 items in the
// order the core gives them (start, then the room's position).

import type { Item, Part, Programme, Room } from '../../lib/bindings';
import { emptyProgramme } from './programme';

const DATE = '2022-12-09';

function at(minutes: number): string {
  const h = String(Math.floor(minutes / 60)).padStart(2, '0');
  const m = String(minutes % 60).padStart(2, '0');
  return `${DATE}T${h}:${m}`;
}

export function largeProgramme(): Programme {
  const rooms: Room[] = ['Auditorium', 'Espace numérique', "Salle d'animation", "Salle de l'heure du conte"].map((name, i) => ({
    id: i + 1,
    eventId: 1,
    name,
    capacity: 20 + 10 * i,
    accessibility: '',
    position: i,
  }));
  for (let r = 0; r < 10; r++) {
    rooms.push({ id: 101 + r, eventId: 1, name: `Salle ${101 + r}`, capacity: 30, accessibility: '', position: 4 + r });
  }
  const parts: Part[] = ['Accueil', 'Plénière', 'Ateliers', 'Clôture'].map((title, i) => ({
    id: i + 1,
    eventId: 1,
    number: `0${i + 1}`,
    title,
    position: i,
    label: `0${i + 1} ${title}`,
  }));
  const item = (id: number, start: number, end: number, title: string, roomId: number | null, partId: number | null): Item => ({
    id,
    eventId: 1,
    uid: `uid-${id}`,
    startsAt: at(start),
    endsAt: at(end),
    kind: roomId == null ? 'plenary' : 'pitches',
    title,
    description: '',
    roomId,
    partLabel: parts.find((p) => p.id === partId)?.label ?? '',
    partId,
    capacity: null,
    remote: false,
    pinned: false,
    speakers: [],
  });
  const items: Item[] = [];
  // The day itself: whole-venue items and a block of parallel workshops.
  items.push(item(1, 8 * 60, 8 * 60 + 30, 'Accueil café', null, 1));
  items.push(item(2, 8 * 60 + 30, 9 * 60 + 30, 'Plénière d’ouverture', null, 2));
  let id = 3;
  for (let w = 0; w < 4; w++) items.push(item(id++, 10 * 60, 11 * 60, `Atelier ${w + 1}`, w + 1, 3));
  for (let w = 0; w < 4; w++) items.push(item(id++, 11 * 60 + 30, 12 * 60 + 30, `Atelier ${w + 5}`, w + 1, 3));
  items.push(item(id++, 12 * 60 + 30, 14 * 60, 'Déjeuner', null, 3));
  items.push(item(id++, 16 * 60, 16 * 60 + 30, 'Synthèse', 1, 4));
  items.push(item(id++, 16 * 60 + 30, 17 * 60, 'Clôture', null, 4));
  items.push(item(id++, 17 * 60, 17 * 60 + 30, 'Pot de l’amitié', null, 4));
  // 500 sessions.
  for (let n = 0; n < 500; n++) {
    const start = 8 * 60 + Math.floor(n / 10) * 18;
    items.push(item(1000 + n, start, start + 15, `Session ${n + 1} : retour d’expérience`, 101 + (n % 10), null));
  }
  const roomAt = new Map(rooms.map((r) => [r.id, r.position]));
  items.sort(
    (a, b) =>
      a.startsAt.localeCompare(b.startsAt) ||
      (a.roomId == null ? -1 : roomAt.get(a.roomId)!) - (b.roomId == null ? -1 : roomAt.get(b.roomId)!) ||
      a.id! - b.id!,
  );
  return {
    ...emptyProgramme({ title: 'La métamorphose réciproque (grand format)', date: DATE, dayStart: '08:00', dayEnd: '18:00' }),
    rooms,
    items,
    parts,
  };
}
