import { describe, expect, it } from 'vitest';
import type { Attendee, AttendeeDay, Item, Programme, Signup } from './bindings';
import { describeRefusal } from './errors';
import {
  attendeeListOf,
  attendeesOf,
  categoryCounts,
  deskChoices,
  fillLabel,
  fillRatio,
  isFull,
  matchesAttendee,
  moveTargets,
  normalise,
  parseNewAttendee,
  prepareAhead,
  programmeLines,
  searchAttendees,
  seatsLeft,
  signupsFor,
  waitlistPositions,
  type Registrations,
} from './registrations';

let nextId = 1;
function attendee(name: string, organisation = '', category = '', email = ''): Attendee {
  return { id: nextId++, eventId: 1, name, organisation, category, email, notes: '' };
}

const people = [
  attendee('Amandine Rocher', 'Médiathèque Georges Sand, Villeurbanne', 'Bibliothécaire', 'amandine.rocher@example.org'),
  attendee('Élodie Carré', 'Médiathèque de Bron', 'Bibliothécaire', 'elodie.carre@example.org'),
  attendee('Bastien Lefort', 'Fablab La Fabrique d’Objets Libres', 'Fabmanager'),
  attendee('Camille Besson', 'Centre social Peyri', 'Animatrice numérique'),
  attendee('Jean-Marc Camus', 'Ville de Bron', 'bibliothécaire'),
  attendee('Chloé Œuvrard', 'Tiers-lieu La Myne', ''),
];

function signup(id: number, itemId: number, attendeeId: number, status: Signup['status']): Signup {
  return {
    id,
    itemId,
    attendeeId,
    status,
    source: 'manual',
    requestedAt: '2022-12-09T08:00:00.000Z',
    updatedAt: '2022-12-09T08:00:00.000Z',
    seq: id,
    attended: null,
  };
}

function item(id: number, start: string, end: string, title: string, extra: Partial<Item> = {}): Item {
  return {
    id,
    eventId: 1,
    uid: '',
    startsAt: `2022-12-09T${start}`,
    endsAt: `2022-12-09T${end}`,
    kind: 'workshop',
    title,
    description: '',
    roomId: null,
    partLabel: '',
    capacity: null,
    remote: false,
    pinned: false,
    speakers: [],
    ...extra,
  };
}

describe('searching attendees', () => {
  it('ignores case, accents and extra spaces', () => {
    expect(normalise('  Élodie   CARRÉ ')).toBe('elodie carre');
    expect(normalise('Chloé Œuvrard')).toBe('chloe oeuvrard');
    expect(normalise('Fabrique d’Objets')).toBe("fabrique d'objets");
  });

  it('finds by name, organisation or e-mail, every word anywhere', () => {
    const names = (q: string) => searchAttendees(people, q).map((a) => a.name);
    expect(names('elodie')).toEqual(['Élodie Carré']);
    expect(names('mediatheque bron')).toEqual(['Élodie Carré']);
    expect(names('amandine.rocher@')).toEqual(['Amandine Rocher']);
    expect(names('oeuvrard')).toEqual(['Chloé Œuvrard']);
    expect(names("d'objets")).toEqual(['Bastien Lefort']);
    expect(names('zzz')).toEqual([]);
    expect(names('Élodie Carré, Médiathèque de Bron')).toEqual(['Élodie Carré']);
    expect(names('  ')).toHaveLength(people.length);
  });

  it('puts names that start with the query first', () => {
    // "cam" starts Camille's name, starts a word of Jean-Marc Camus's.
    expect(searchAttendees(people, 'cam').map((a) => a.name)).toEqual(['Camille Besson', 'Jean-Marc Camus']);
    // "bron" is only in organisations: the list order stays.
    expect(searchAttendees(people, 'bron').map((a) => a.name)).toEqual(['Élodie Carré', 'Jean-Marc Camus']);
    expect(matchesAttendee(people[0], 'ROCHER villeurbanne')).toBe(true);
  });

  it('finds the same whether the list was prepared ahead, in slices, or not', async () => {
    const copy = people.map((a) => ({ ...a, name: `  ${a.name}  `, organisation: ` ${a.organisation}` }));
    const queries = ['elodie', 'mediatheque bron', 'cam', 'oeuvrard', 'bibliothecaire', 'bron'];
    const expected = queries.map((q) => searchAttendees(people, q).map((a) => a.id));
    prepareAhead(copy, 2);
    await new Promise((r) => setTimeout(r, 20));
    expect(queries.map((q) => searchAttendees(copy, q).map((a) => a.id))).toEqual(expected);
    // Searching before the slices are done prepares the rest at once.
    const fresh = people.map((a) => ({ ...a }));
    const stop = prepareAhead(fresh, 1);
    expect(queries.map((q) => searchAttendees(fresh, q).map((a) => a.id))).toEqual(expected);
    stop();
  });
});

describe('categories', () => {
  it('are counted once whatever their case or accents, the uncategorised last', () => {
    expect(categoryCounts(people)).toEqual([
      { category: 'Animatrice numérique', count: 1 },
      { category: 'Bibliothécaire', count: 3 },
      { category: 'Fabmanager', count: 1 },
      { category: '', count: 1 },
    ]);
  });
});

describe('waiting lists', () => {
  const signups = [
    signup(1, 10, 1, 'confirmed'),
    signup(2, 10, 2, 'waitlisted'),
    signup(3, 11, 3, 'waitlisted'),
    signup(4, 10, 4, 'waitlisted'),
    signup(5, 11, 5, 'confirmed'),
  ];

  it('number each item’s waitlist from 1, in request order', () => {
    expect([...waitlistPositions(signups)]).toEqual([
      [2, 1],
      [3, 1],
      [4, 2],
    ]);
  });

  it('split an item’s sign-ups into confirmed and waiting', () => {
    const lists = signupsFor(signups, 10);
    expect(lists.confirmed.map((s) => s.id)).toEqual([1]);
    expect(lists.waitlist.map((s) => s.id)).toEqual([2, 4]);
  });

  it('say how many seats are left', () => {
    const fill = { itemId: 10, capacity: 15, confirmed: 12, waitlisted: 0 };
    expect(seatsLeft(fill)).toBe(3);
    expect(fillLabel(fill)).toBe('12/15');
    expect(fillRatio(fill)).toBeCloseTo(0.8);
    expect(isFull(fill)).toBe(false);
    expect(isFull({ ...fill, confirmed: 15 })).toBe(true);
    expect(seatsLeft({ ...fill, capacity: null })).toBeNull();
    expect(fillLabel({ ...fill, capacity: null })).toBe('12');
    // An auditorium: its numbers grouped as French writes them.
    expect(fillLabel({ ...fill, confirmed: 1180, capacity: 1200 })).toBe('1\u202f180/1\u202f200');
    expect(seatsLeft(undefined)).toBeNull();
  });
});

describe('a day with a block of two workshops in two rounds', () => {
  const items = [
    item(1, '09:00', '09:30', 'Accueil café', { kind: 'welcome' }),
    item(2, '14:00', '15:00', 'Atelier 1 : Retex', { blockId: 100, workshopId: 201, roomId: 6 }),
    item(3, '14:00', '15:00', 'Atelier 2 : Numok', { blockId: 100, workshopId: 202, roomId: 5 }),
    item(4, '15:00', '16:00', 'Atelier 1 : Retex', { blockId: 100, workshopId: 201, roomId: 6 }),
    item(5, '16:00', '17:00', 'Visite du fablab', { capacity: 10 }),
    item(6, '12:00', '13:30', 'Déjeuner', { kind: 'meal' }),
  ];
  const programme = {
    event: {},
    venue: {},
    rooms: [
      { id: 5, eventId: 1, name: 'Auditorium', capacity: 100, accessibility: '', position: 0 },
      { id: 6, eventId: 1, name: 'Salle 2', capacity: 15, accessibility: '', position: 1 },
    ],
    items,
    speakers: [],
    warnings: [],
  } as unknown as Programme;
  const registrations: Registrations = {
    attendees: people,
    blocks: [{ id: 100, eventId: 1, name: 'Ateliers (2 au choix)', minChoices: 1, maxChoices: 2 }],
    workshops: [
      { id: 201, blockId: 100, itemIds: [2, 4] },
      { id: 202, blockId: 100, itemIds: [3] },
    ],
    signups: [signup(1, 2, 1, 'confirmed'), signup(2, 3, 2, 'confirmed'), signup(3, 3, 1, 'waitlisted'), signup(4, 5, 2, 'confirmed')],
    fills: [
      { itemId: 2, capacity: 15, confirmed: 1, waitlisted: 0 },
      { itemId: 3, capacity: 1, confirmed: 1, waitlisted: 1 },
      { itemId: 4, capacity: 15, confirmed: 0, waitlisted: 0 },
      { itemId: 5, capacity: 10, confirmed: 1, waitlisted: 0 },
    ],
    promotions: [],
  };

  // Attendee 1's day as the core gives it: they hold Atelier 1 at 14h and
  // wait for Atelier 2 at 14h (which clashes with it); Atelier 1 at 15h is
  // the same workshop again.
  const day: AttendeeDay = {
    attendeeId: 1,
    programme: [
      { itemId: 1, status: 'everyone' },
      { itemId: 6, status: 'everyone' },
      { itemId: 2, status: 'confirmed' },
      { itemId: 5, status: 'everyone' },
    ],
    options: [
      { itemId: 1, obstacle: null, blockedBy: null },
      { itemId: 6, obstacle: null, blockedBy: null },
      { itemId: 2, obstacle: { kind: 'already_signed_up', signupId: 1, status: 'confirmed' }, blockedBy: null },
      { itemId: 3, obstacle: { kind: 'already_signed_up', signupId: 3, status: 'waitlisted' }, blockedBy: { kind: 'overlap', itemId: 2 } },
      { itemId: 4, obstacle: { kind: 'same_workshop', itemId: 2 }, blockedBy: { kind: 'same_workshop', itemId: 2 } },
      { itemId: 5, obstacle: null, blockedBy: null },
    ],
    moves: [],
  };
  const option = (id: number) => day.options.find((o) => o.itemId === id);

  it('lays out the day the core gives, with its items', () => {
    const lines = programmeLines(items, day).map((l) => `${l.item.startsAt.slice(11)} ${l.item.title}${l.mine ? ' ✓' : ''}`);
    expect(lines).toEqual(['09:00 Accueil café', '12:00 Déjeuner', '14:00 Atelier 1 : Retex ✓', '16:00 Visite du fablab']);
    expect(programmeLines(items, undefined)).toEqual([]);
    expect(programmeLines(items.slice(0, 1), day).map((l) => l.item.id)).toEqual([1]);
  });

  it('offers the desk every item of the blocks, by time then room, with seats, holdings and the core\'s obstacles', () => {
    const choices = deskChoices(programme, registrations, day);
    expect(choices.map((c) => [c.item.id, c.left, c.held?.status ?? null, c.open])).toEqual([
      [3, 0, 'waitlisted', false],
      [2, 14, 'confirmed', false],
      [4, 15, null, false],
    ]);
    expect(choices[0].clash?.id).toBe(2);
    expect(choices[2].twice?.id).toBe(2);
    expect(choices[2].clash).toBeUndefined();
    expect(choices.some((c) => c.limit)).toBe(false);
    // A block maximum reached, as the core says it.
    const limited: AttendeeDay = {
      ...day,
      options: day.options.map((o) =>
        o.itemId === 4 ? { itemId: 4, obstacle: { kind: 'block_limit', blockId: 100, held: 1, max: 1 }, blockedBy: { kind: 'block_limit', blockId: 100, held: 1, max: 1 } } : o,
      ),
    };
    expect(deskChoices(programme, registrations, limited)[2].limit).toBe(true);
    // Nothing in the way: the seat is open.
    const free: AttendeeDay = { ...day, options: day.options.map((o) => (o.itemId === 4 ? { itemId: 4, obstacle: null, blockedBy: null } : o)) };
    expect(deskChoices(programme, registrations, free)[2].open).toBe(true);
    expect(deskChoices(programme, registrations, undefined).every((c) => c.held === undefined && !c.open)).toBe(true);
  });

  it('says a refused sign-up with the names involved', () => {
    const refused = (reason: string) => ({ code: 'invalid' as const, field: 'attendee', reason, message: 'x' });
    expect(describeRefusal(refused('overlap'), programme, registrations, 1, items[2], option(3))).toBe(
      'Amandine Rocher est déjà inscrit·e à « Atelier 1 : Retex » (14h–15h), au même moment.',
    );
    expect(describeRefusal(refused('same_workshop'), programme, registrations, 1, items[3], option(4))).toBe(
      'Amandine Rocher suit déjà cet atelier, 14h–15h.',
    );
    expect(describeRefusal(refused('block_limit'), programme, registrations, 1, items[3], option(4))).toBe(
      'Amandine Rocher a déjà 2 ateliers de « Ateliers (2 au choix) » : c’est le maximum.',
    );
    expect(describeRefusal(refused('already_signed_up'), programme, registrations, 1, items[3], option(4))).toBe(
      'Déjà inscrit·e ou en liste d’attente pour cet élément.',
    );
    // Without the core's word on it, the reason alone.
    expect(describeRefusal(refused('overlap'), programme, registrations, 1, items[2], undefined)).toBe(
      'Déjà inscrit·e à un autre élément au même moment.',
    );
  });

  it('lists where a sign-up may move, as the core says, with its items in programme order', () => {
    const moves: AttendeeDay = {
      ...day,
      moves: [
        { signupId: 1, itemIds: [4, 3] },
        { signupId: 3, itemIds: [] },
      ],
    };
    expect(moveTargets(items, moves, 1).map((i) => i.id)).toEqual([3, 4]);
    expect(moveTargets(items, moves, 3)).toEqual([]);
    expect(moveTargets(items, undefined, 1)).toEqual([]);
  });
});

describe('a new attendee typed at the desk', () => {
  it('is "name, organisation" split at the first comma', () => {
    expect(parseNewAttendee('  Dominique  Martin , Médiathèque de Bron, Lyon ')).toEqual({
      name: 'Dominique Martin',
      organisation: 'Médiathèque de Bron, Lyon',
    });
    expect(parseNewAttendee('Dominique Martin')).toEqual({ name: 'Dominique Martin', organisation: '' });
    expect(parseNewAttendee(', Médiathèque')).toEqual({ name: '', organisation: 'Médiathèque' });
  });
});

describe('the attendees as the core sends them', () => {
  it('reads one list per field back into attendees, shared organisations and categories included', () => {
    const people: Attendee[] = [
      { id: 7, eventId: 2, name: 'Élodie Carré', email: 'e@x.org', organisation: 'Médiathèque de Bron', category: 'Bibliothécaire', notes: '', registeredAt: '2022-10-01T09:00:00' },
      { id: 3, eventId: 2, name: 'Yanis Benali', email: '', organisation: '', category: 'Élu·e', notes: 'Vient en train', registeredAt: null },
      { id: 9, eventId: 2, name: 'Zoé Martin', email: 'z@x.org', organisation: 'Médiathèque de Bron', category: 'Bibliothécaire', notes: '', registeredAt: null },
    ];
    const list = attendeeListOf(2, people);
    expect(list.organisations).toEqual(['Médiathèque de Bron', '']);
    expect(list.organisation).toEqual([0, 1, 0]);
    expect(list.categories).toEqual(['Bibliothécaire', 'Élu·e']);
    expect(attendeesOf(list)).toEqual(people);
    expect(attendeesOf(attendeeListOf(2, []))).toEqual([]);
  });
});
