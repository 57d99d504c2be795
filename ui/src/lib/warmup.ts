// The event's first screen, drawn once off the page while the events list
// waits for a click: opening an event then runs code the page has run
// before. JavaScriptCore compiles a function when it is first called, and
// WebKit resolves new style rules and matches fonts when they are first
// laid out; on the large event, opening it took 84–87 ms in the page the
// first time and 42 ms once a small event had been opened before, the same
// data on the same code, and opening the first item in the side panel
// took 100 ms, then 45–55. So a small day, made up here (rooms, parts, a
// whole-venue item, speakers, a block of workshops with their fills, a
// warning), is drawn by the Programme tab with a workshop open in its side
// panel, in a host that is laid out but never painted nor read by
// assistive technologies, measured, and removed at once, in one task:
// nothing of it is ever seen, heard, or focused.

import { flushSync, mount, unmount } from 'svelte';
import type { Item, ItemKind, ItemSpeaker, Programme as Day, SignupState } from './bindings';
import Programme from '../components/Programme.svelte';
import { editor, rehearse } from './state.svelte';

const DATE = '2025-07-01';

/** A day of nine items in three rooms, shaped like the samples. */
export function practiceDay(): { programme: Day; state: SignupState } {
  let next = 1;
  const item = (
    start: string,
    end: string,
    kind: ItemKind,
    title: string,
    roomId: number | null,
    partId: number,
    speakers: ItemSpeaker[] = [],
  ): Item => {
    const id = next++;
    return {
      id,
      eventId: 1,
      uid: `practice-${id}`,
      startsAt: `${DATE}T${start}`,
      endsAt: `${DATE}T${end}`,
      kind,
      title,
      description: '',
      roomId,
      partLabel: partId === 1 ? 'Matin' : 'Après-midi',
      partId,
      capacity: kind === 'workshop' ? 12 : null,
      remote: false,
      pinned: false,
      speakers,
      workshopId: kind === 'workshop' ? id : null,
      blockId: kind === 'workshop' ? 1 : null,
    };
  };
  const items = [
    item('09:00', '09:30', 'welcome', 'Accueil café', null, 1),
    item('09:30', '10:30', 'plenary', 'Plénière d’ouverture', 1, 1, [{ speakerId: 1, role: 'keynote', topic: '' }]),
    item('10:30', '11:30', 'round_table', 'Table ronde : tiers-lieux et bibliothèques', 1, 1, [
      { speakerId: 1, role: 'moderator', topic: '' },
      { speakerId: 2, role: 'panelist', topic: 'Les publics' },
    ]),
    item('10:45', '11:15', 'pitches', 'Pitchs des projets', 1, 1),
    item('11:30', '12:30', 'meal', 'Déjeuner', null, 1),
    item('14:00', '15:00', 'workshop', 'Atelier : médiation numérique', 2, 2, [{ speakerId: 2, role: 'host', topic: '' }]),
    item('14:00', '15:00', 'workshop', 'Atelier : jeux vidéo', 3, 2),
    item('15:00', '15:15', 'break', 'Pause', null, 2),
    item('15:15', '16:00', 'closing', 'Clôture', 1, 2),
  ];
  const programme: Day = {
    event: {
      id: 1,
      title: 'Journée d’étude',
      series: '',
      date: DATE,
      dayStart: '09:00',
      dayEnd: '16:30',
      timeZone: 'Europe/Paris',
      language: 'fr',
      description: '',
      audience: '',
      practical: { admission: 'free', price: '', registration: 'required', registrationUrl: '', registrationDeadline: null, notes: '', website: '' },
      organisers: [],
      partners: [],
      status: 'draft',
    },
    venue: { name: 'Médiathèque', street: '', postcode: '', city: '', country: '', accessNotes: '', latitude: null, longitude: null },
    rooms: ['Auditorium', 'Espace numérique', 'Salle d’animation'].map((name, i) => ({
      id: i + 1,
      eventId: 1,
      name,
      capacity: 40 - 10 * i,
      accessibility: '',
      position: i,
    })),
    items,
    parts: ['Matin', 'Après-midi'].map((title, i) => ({ id: i + 1, eventId: 1, number: '', title, position: i, label: title })),
    speakers: ['Camille Martin', 'Karim Benali'].map((name, i) => ({
      id: i + 1,
      name,
      title: 'Chargée de mission',
      organisation: 'Réseau des médiathèques',
      bio: '',
      email: '',
      phone: '',
    })),
    warnings: [{ kind: 'room_double_booked', roomId: 1, itemIds: [3, 4] }],
  };
  const workshops = items.filter((i) => i.kind === 'workshop');
  const state: SignupState = {
    blocks: [{ id: 1, eventId: 1, name: 'Ateliers', minChoices: 1, maxChoices: 1 }],
    workshops: workshops.map((w) => ({ id: w.id!, blockId: 1, itemIds: [w.id!] })),
    signups: [],
    fills: workshops.map((w, i) => ({ itemId: w.id!, capacity: 12, confirmed: 12 - 5 * i, waitlisted: 2 - 2 * i })),
    promotions: [],
  };
  return { programme, state };
}

/**
 * Draws the practice day with the Programme tab off the page, lays it out,
 * and takes it away again. Nothing once an event is being opened (the
 * practice would come too late) or when the database cannot be used.
 */
export function warmUp(): void {
  if (editor.eventId != null || editor.programme || editor.fatal) return;
  const host = document.createElement('div');
  host.className = 'rehearsal';
  host.setAttribute('aria-hidden', 'true');
  host.inert = true;
  document.body.append(host);
  const { programme, state } = practiceDay();
  try {
    rehearse(programme, state, () => {
      // With a workshop open in the side panel: its form, its speakers and
      // its sign-ups are the next thing drawn, at the first click on an item.
      editor.directory = programme.speakers;
      editor.panel = programme.items.find((i) => i.kind === 'workshop' && i.speakers.length > 0)!;
      const view = mount(Programme, { target: host });
      try {
        flushSync();
        void host.offsetHeight;
      } finally {
        void unmount(view);
      }
    });
  } finally {
    host.remove();
  }
}
