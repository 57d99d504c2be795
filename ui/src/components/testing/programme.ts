// An event with nothing in it yet, for the tests: its fields as a new
// event has them, with the few a test cares about given.

import type { Event, Programme } from '../../lib/bindings';

export function emptyProgramme(event: Partial<Event> = {}): Programme {
  return {
    event: {
      id: 1,
      title: 'Journée d’étude',
      series: '',
      date: '2025-07-01',
      dayStart: '09:00',
      dayEnd: '17:00',
      timeZone: 'Europe/Paris',
      language: 'fr',
      description: '',
      audience: '',
      practical: { admission: 'unstated', price: '', registration: 'unstated', registrationUrl: '', registrationDeadline: null, notes: '', website: '' },
      organisers: [],
      partners: [],
      status: 'draft',
      ...event,
    },
    venue: { name: '', street: '', postcode: '', city: '', country: '', accessNotes: '', latitude: null, longitude: null },
    rooms: [],
    items: [],
    parts: [],
    speakers: [],
    warnings: [],
  };
}
