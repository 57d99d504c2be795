import { beforeEach, describe, expect, it, vi } from 'vitest';
import { backend, setBackend, type ApiError, type Backend } from './api';
import { describeError } from './errors';
import type { HistoryState, Item, Programme, Reach, Signup } from './bindings';
import { attendeeListOf, type Registrations } from './registrations';
import { AHEAD_MS, editor, PENDING_ATTENDEES, PROGRAMME_ONLY, SIGNUPS } from './state.svelte';
import { emptyProgramme } from '../components/testing/programme';

/** A backend in memory that records calls and can be told to fail. A
 * command it does not mock rejects, naming itself. */
function mockBackend(programme: Programme) {
  const calls: string[] = [];
  /** How many times the attendees, the sign-up side and the directory were read. */
  const reads = { attendees: 0, signups: 0, speakers: 0 };
  /** How many times the programme, the events list and the history were read. */
  const whole = { programme: 0, events: 0, history: 0 };
  let history: HistoryState = { undo: null, redo: null };
  let failWith: ApiError | null = null;
  let deleted = false;
  /** What the next undo says it reached. */
  const undoReach: Reach = { attendees: false, signups: false, directory: false };
  const registrations: Registrations = {
    attendees: [{ id: 3, eventId: 1, name: 'Élodie Carré', email: '', organisation: 'Médiathèque de Bron', category: 'Bibliothécaire', notes: '' }],
    blocks: [],
    workshops: [],
    signups: [],
    fills: [],
    promotions: [],
  };
  const mocked: Partial<Backend> = {
    listEvents: async () =>
      ++whole.events && deleted
        ? []
        : [{ id: 1, title: programme.event.title, series: '', date: programme.event.date, status: 'draft', itemCount: programme.items.length, venueName: '' }],
    createEvent: async (e) => e,
    updateEvent: async (e) => e,
    duplicateEvent: async () => programme.event,
    deleteEvent: async () => {
      deleted = true;
    },
    getProgramme: async () => {
      whole.programme++;
      if (deleted) throw { code: 'not_found', message: 'no event 1' };
      return structuredClone(programme);
    },
    saveVenue: async (_, v) => v,
    saveRoom: async (r) => r,
    moveRoom: async () => [],
    deleteRoom: async () => {},
    saveItem: async (item: Item) => {
      calls.push(`saveItem ${item.startsAt}`);
      if (failWith) throw failWith;
      programme.items = programme.items.map((i) => (i.id === item.id ? item : i));
      history = { undo: 'item.update', redo: null };
      const { items, ...rest } = structuredClone(programme);
      const told = items.filter((i) => i.id === item.id);
      return { item, programme: { ...rest, order: items.map((i) => i.id!), items: told }, history };
    },
    retimeItem: async (id, startsAt, endsAt) => {
      programme.items = programme.items.map((i) => (i.id === id ? { ...i, startsAt, endsAt } : i));
      history = { undo: 'item.retime', redo: null };
      const { items, ...rest } = structuredClone(programme);
      return { moved: 0, programme: { ...rest, order: items.map((i) => i.id!), items: items.filter((i) => i.id === id) }, history };
    },
    deleteItem: async () => {},
    listSpeakers: async () => {
      reads.speakers++;
      return [];
    },
    saveSpeaker: async (s) => ({ ...s, id: 9 }),
    deleteSpeaker: async () => {},
    loadDemo: async () => 1,
    undo: async () => {
      calls.push('undo');
      history = { undo: null, redo: 'item.update' };
      return { label: 'item.update', reach: { ...undoReach }, history };
    },
    redo: async () => {
      calls.push('redo');
      history = { undo: 'item.update', redo: null };
      return { label: 'item.update', reach: { ...undoReach }, history };
    },
    history: async () => {
      whole.history++;
      return history;
    },
    databasePath: async () => '/tmp/test.db',
    // As the backend: read together from what the list's commands read.
    start: async () => {
      const [events, history, speakers] = await Promise.all([b.listEvents(), b.history(), b.listSpeakers()]);
      return { language: null, databasePath: await b.databasePath(), events, history, speakers };
    },
    exportFile: async () => null,
    importFile: async () => null,
    // As the real backend: nothing is picked here, so a path is refused.
    pickAttendeesCsv: async () => null,
    previewAttendeesCsv: async (_, path) => {
      throw { code: 'invalid', field: 'path', reason: 'not_picked', message: `${path} was not picked` };
    },
    importAttendeesCsv: async (_, path) => {
      throw { code: 'invalid', field: 'path', reason: 'not_picked', message: `${path} was not picked` };
    },
    openPrint: async (_, document) => ({ token: 1, url: 'deroule-print://localhost/1', document, pdfName: 'programme.pdf', sheets: 0, parts: [] }),
    printDocument: async () => {},
    savePdf: async () => ({ kind: 'cancelled' }),
    attendees: async () => {
      reads.attendees++;
      return attendeeListOf(1, structuredClone(registrations.attendees));
    },
    signupState: async () => {
      reads.signups++;
      const { attendees: _, ...state } = structuredClone(registrations);
      return state;
    },
    attendeeDay: async (_, attendeeId) => {
      calls.push(`attendeeDay ${attendeeId}`);
      const mine = registrations.signups.filter((s) => s.attendeeId === attendeeId && s.status === 'confirmed');
      return {
        attendeeId,
        programme: programme.items.map((i) => ({ itemId: i.id!, status: mine.some((s) => s.itemId === i.id) ? 'confirmed' : 'everyone' })),
        options: programme.items.map((i) => ({ itemId: i.id!, obstacle: null, blockedBy: null })),
        moves: [],
      };
    },
    saveAttendee: async (a) => a,
    deleteAttendee: async () => {},
    signUp: async (itemId, attendeeId, source) => {
      calls.push(`signUp ${itemId} ${attendeeId} ${source}`);
      if (failWith) throw failWith;
      const s: Signup = {
        id: 40,
        itemId,
        attendeeId,
        status: 'confirmed',
        source,
        requestedAt: '2025-07-01T08:00:00.000Z',
        updatedAt: '2025-07-01T08:00:00.000Z',
        seq: 1,
        attended: null,
      };
      registrations.signups.push(s);
      registrations.fills = [{ itemId, capacity: 1, confirmed: 1, waitlisted: 0 }];
      history = { undo: 'signup.create', redo: null };
      return s;
    },
    cancelSignup: async () => [],
    moveSignup: async () => {
      throw { code: 'invalid', message: 'x' };
    },
    setAttendance: async () => {
      throw { code: 'invalid', message: 'x' };
    },
    setPromotionTold: async () => {},
    saveBlock: async (block) => block,
    deleteBlock: async () => {},
    setItemWorkshop: async () => {},
    makeBlock: async (block) => block,
    setRanking: async () => {},
    rankings: async () => ({}),
    allocateBlock: async () => {
      throw { code: 'invalid', message: 'x' };
    },
  };
  const b = new Proxy(mocked, {
    get: (target, name) =>
      Reflect.get(target, name) ?? (() => Promise.reject(new Error(`${String(name)} is not mocked`))),
  }) as Backend;
  return { b, calls, reads, whole, undoReach, fail: (e: ApiError | null) => (failWith = e) };
}

const programme: Programme = {
  ...emptyProgramme({ title: 'Journée régionale des bibliothécaires référents de territoire', dayStart: '09:30' }),
  items: [
    {
      id: 7,
      eventId: 1,
      uid: 'b1946ac92492d2347c6235b4d2611184@deroule',
      startsAt: '2025-07-01T10:00',
      endsAt: '2025-07-01T11:15',
      kind: 'plenary',
      title: 'Introduction',
      description: '',
      roomId: null,
      partLabel: '',
      capacity: null,
      remote: false,
      pinned: false,
      speakers: [],
    },
  ],
};

describe('editor state', () => {
  let mock: ReturnType<typeof mockBackend>;
  beforeEach(async () => {
    mock = mockBackend(structuredClone(programme));
    setBackend(mock.b);
    editor.notice = null;
    await editor.init();
    await editor.openEvent(1);
    await vi.waitFor(() => expect(editor.attendeesLoaded).toBe(true));
  });

  it('saves a moved item, then reloads the programme and the history', async () => {
    const moved = { ...editor.programme!.items[0], startsAt: '2025-07-01T10:05', endsAt: '2025-07-01T11:20' };
    await editor.moveItem(moved);
    expect(mock.calls).toEqual(['saveItem 2025-07-01T10:05']);
    expect(editor.programme!.items[0].startsAt).toBe('2025-07-01T10:05');
    expect(editor.history.undo).toBe('item.update');
    await editor.undo();
    expect(mock.calls.at(-1)).toBe('undo');
    expect(editor.history.redo).toBe('item.update');
  });

  it('keeps the objects of what a change did not touch, so screens redraw only what changed', async () => {
    const before = editor.programme!;
    const events = editor.events;
    const registrations = editor.registrations!;
    await editor.moveItem({ ...before.items[0], startsAt: '2025-07-01T10:05', endsAt: '2025-07-01T11:20' });
    const after = editor.programme!;
    expect(after).not.toBe(before);
    expect(after.items[0]).not.toBe(before.items[0]);
    expect(after.items[0].speakers).toBe(before.items[0].speakers);
    expect(after.event).toBe(before.event);
    expect(after.rooms).toBe(before.rooms);
    expect(after.warnings).toBe(before.warnings);
    // The list's item count did not change, nor did anything else in it.
    expect(editor.events).toBe(events);
    // Read again whole, the sign-up side keeps its lists.
    await editor.reload();
    expect(editor.programme).toBe(after);
    expect(editor.registrations!.fills).toBe(registrations.fills);
    expect(editor.registrations!.blocks).toBe(registrations.blocks);
  });

  it('reads neither the programme, nor the events list, nor the history after a save that told them', async () => {
    const before = { ...mock.reads, ...mock.whole };
    const item = editor.programme!.items[0];
    await editor.moveItem({ ...item, startsAt: '2025-07-01T10:05', endsAt: '2025-07-01T11:20' });
    await editor.saveItem({ ...editor.programme!.items[0], title: 'Ouverture' });
    expect({ ...mock.reads, ...mock.whole }).toEqual(before);
    expect(editor.programme!.items[0]).toMatchObject({ startsAt: '2025-07-01T10:05', title: 'Ouverture' });
    expect(editor.history.undo).toBe('item.update');
  });

  it('takes what a change it attempts tells, as the running order does with new times', async () => {
    const before = { ...mock.reads, ...mock.whole };
    const r = await editor.attempt(
      () => backend().retimeItem(7, '2025-07-01T10:10', '2025-07-01T11:00', true),
      PROGRAMME_ONLY,
      (retimed) => retimed,
    );
    expect(r.ok && r.value.moved).toBe(0);
    expect({ ...mock.reads, ...mock.whole }).toEqual(before);
    expect(editor.programme!.items[0]).toMatchObject({ startsAt: '2025-07-01T10:10', endsAt: '2025-07-01T11:00' });
    expect(editor.history.undo).toBe('item.retime');
  });

  it('reads the programme again when a save tells of an item its copy does not hold', async () => {
    const stranger = { ...editor.programme!.items[0], id: 77, title: 'Ajouté ailleurs' };
    const saveItem = mock.b.saveItem;
    mock.b.saveItem = async (item) => {
      const saved = await saveItem(item);
      return { ...saved, programme: { ...saved.programme, order: [...saved.programme.order, 77] } };
    };
    const orig = mock.b.getProgramme;
    mock.b.getProgramme = async (id) => {
      const p = await orig(id);
      return { ...p, items: [...p.items, stranger] };
    };
    const before = mock.whole.programme;
    await editor.moveItem({ ...editor.programme!.items[0], startsAt: '2025-07-01T10:05', endsAt: '2025-07-01T11:20' });
    expect(mock.whole.programme).toBe(before + 1);
    expect(editor.programme!.items.map((i) => i.title)).toContain('Ajouté ailleurs');
  });

  it('closes the open event when a change deleted it, with no notice', async () => {
    const error = await editor.change(() => backend().deleteEvent(1));
    expect(error).toBeNull();
    expect(editor.eventId).toBeNull();
    expect(editor.programme).toBeNull();
    expect(editor.events).toEqual([]);
    expect(editor.notice).toBeNull();
  });

  it('reads the sign-ups again after moving an item only when the item has a fill', async () => {
    const item = editor.programme!.items[0];
    const before = { ...mock.reads };
    await editor.moveItem({ ...item, startsAt: '2025-07-01T10:05', endsAt: '2025-07-01T11:20' });
    expect(mock.reads).toEqual(before);
    await editor.attempt(() => backend().signUp(7, 3, 'desk'), SIGNUPS);
    const signedUp = { ...mock.reads };
    expect(signedUp).toEqual({ ...before, signups: before.signups + 1 });
    await editor.moveItem({ ...editor.programme!.items[0], startsAt: '2025-07-01T10:10', endsAt: '2025-07-01T11:25' });
    expect(mock.reads).toEqual({ ...signedUp, signups: signedUp.signups + 1 });
    // The attendees list read before is kept beside the new sign-ups.
    expect(editor.registrations?.attendees.map((a) => a.name)).toEqual(['Élodie Carré']);
    expect(editor.registrations?.signups.map((s) => s.id)).toEqual([40]);
  });

  it('reads everything again after a change whose reach is not told', async () => {
    const before = { ...mock.reads };
    await editor.change(() => backend().saveAttendee({ ...editor.registrations!.attendees[0], organisation: 'Bron' }));
    expect(mock.reads).toEqual({ ...before, attendees: before.attendees + 1, signups: before.signups + 1, speakers: before.speakers + 1 });
  });

  it('reads again after an undo or a redo what the core says it reached', async () => {
    await editor.moveItem({ ...editor.programme!.items[0], startsAt: '2025-07-01T10:05', endsAt: '2025-07-01T11:20' });
    const before = { ...mock.reads };
    await editor.undo();
    expect(mock.calls.at(-1)).toBe('undo');
    expect(mock.reads).toEqual(before);
    await editor.redo();
    expect(mock.reads).toEqual(before);
    mock.undoReach.signups = true;
    await editor.undo();
    expect(mock.reads).toEqual({ ...before, signups: before.signups + 1 });
    mock.undoReach.attendees = true;
    await editor.redo();
    expect(mock.reads).toEqual({ ...before, attendees: before.attendees + 1, signups: before.signups + 2 });
    mock.undoReach.directory = true;
    await editor.undo();
    expect(mock.reads).toEqual({ attendees: before.attendees + 2, signups: before.signups + 3, speakers: before.speakers + 1 });
  });

  it('shows a refused move as a notice naming the field, and keeps the programme', async () => {
    mock.fail({ code: 'invalid', field: 'startsAt', reason: 'outside_event_date', message: 'x' });
    const moved = { ...editor.programme!.items[0], startsAt: '2025-07-02T10:00', endsAt: '2025-07-02T11:00' };
    await editor.moveItem(moved);
    expect(editor.notice).toBe('Début : l’horaire doit tomber le jour de l’événement.');
    expect(editor.programme!.items[0].startsAt).toBe('2025-07-01T10:00');
  });

  it('returns a save error to the form instead of a notice', async () => {
    mock.fail({ code: 'invalid', field: 'title', reason: 'required', message: 'x' });
    editor.panel = editor.programme!.items[0];
    const err = await editor.saveItem({ ...editor.programme!.items[0], title: '' });
    expect(err?.field).toBe('title');
    expect(editor.notice).toBeNull();
  });

  it('shows the programme and the sign-up side first, then reads the attendees', async () => {
    editor.closeEvent();
    const before = mock.reads.attendees;
    await editor.openEvent(1);
    expect(editor.programme?.event.id).toBe(1);
    expect(editor.registrations?.fills).toEqual([]);
    expect(editor.registrations?.attendees).toBe(PENDING_ATTENDEES);
    expect(editor.attendeesLoaded).toBe(false);
    expect(mock.reads.attendees).toBe(before);
    await vi.waitFor(() => expect(editor.attendeesLoaded).toBe(true));
    expect(editor.registrations?.attendees.map((a) => a.name)).toEqual(['Élodie Carré']);
    expect(mock.reads.attendees).toBe(before + 1);
  });

  it('reads the attendees of an event just opened when a change reloads before they came', async () => {
    editor.closeEvent();
    await editor.openEvent(1);
    await editor.moveItem({ ...editor.programme!.items[0], startsAt: '2025-07-01T10:05', endsAt: '2025-07-01T11:20' });
    // The reload read them though the move cannot touch them: none were held.
    expect(editor.attendeesLoaded).toBe(true);
    const read = editor.registrations!.attendees;
    expect(read.map((a) => a.name)).toEqual(['Élodie Carré']);
    // The read planned at opening finds them there and leaves them.
    await new Promise((r) => setTimeout(r, 50));
    expect(editor.registrations!.attendees).toBe(read);
  });

  it('does not give an event the attendees read for the one open before', async () => {
    editor.closeEvent();
    await editor.openEvent(1);
    editor.closeEvent();
    await new Promise((r) => setTimeout(r, 50));
    expect(editor.registrations).toBeNull();
  });

  it('returns what a change made, and reloads the registrations and the history', async () => {
    const r = await editor.attempt(() => backend().signUp(7, 3, 'desk'));
    expect(r.ok && r.value.status).toBe('confirmed');
    expect(editor.registrations?.fills).toEqual([{ itemId: 7, capacity: 1, confirmed: 1, waitlisted: 0 }]);
    expect(editor.history.undo).toBe('signup.create');
  });

  it('returns a refused change with its reason', async () => {
    mock.fail({ code: 'invalid', field: 'attendee', reason: 'overlap', message: 'x' });
    const r = await editor.attempt(() => backend().signUp(7, 3, 'manual'));
    expect(r.ok).toBe(false);
    expect(!r.ok && describeError(r.error)).toBe('Déjà inscrit·e à un autre élément au même moment.');
    expect(editor.registrations?.signups).toEqual([]);
  });

  it('keeps a shown attendee\'s day, reloaded with the registrations after a change', async () => {
    const watch = editor.watchDay(3);
    await watch.ready;
    expect(editor.days[3]?.programme.every((l) => l.status === 'everyone')).toBe(true);
    await editor.attempt(() => backend().signUp(7, 3, 'desk'));
    expect(editor.days[3]?.programme.find((l) => l.itemId === 7)?.status).toBe('confirmed');
    watch.stop();
    mock.calls.length = 0;
    await editor.reload();
    expect(mock.calls).toEqual([]);
    expect(editor.days[3]).toBeUndefined();
  });

  it('undo does nothing when there is nothing to undo', async () => {
    await editor.undo();
    expect(mock.calls).toEqual([]);
  });
});

describe('the first screen', () => {
  it('shows the start the page came with at once, asking the backend nothing', () => {
    setBackend(
      new Proxy({} as Backend, {
        get: (_, name) => async () => {
          throw new Error(`unexpected ${String(name)}`);
        },
      }),
    );
    editor.closeEvent();
    editor.loaded = false;
    editor.notice = null;
    const event = { id: 7, title: 'Journée Numérique en Commun(s)', series: '', date: '2025-07-01', status: 'draft' as const, itemCount: 14, venueName: 'Médiathèque' };
    void editor.init({ language: 'fr', databasePath: '/tmp/start.db', events: [event], history: { undo: 'item.update', redo: null }, speakers: [] });
    // Before anything awaited: drawn with the page.
    expect(editor.loaded).toBe(true);
    expect(editor.events).toEqual([event]);
    expect(editor.dbPath).toBe('/tmp/start.db');
    expect(editor.history.undo).toBe('item.update');
    expect(editor.notice).toBeNull();
  });
});

describe('a database from a newer version', () => {
  it('is reported instead of the editor', async () => {
    const failing = mockBackend(structuredClone(programme));
    failing.b.listEvents = async () => {
      throw { code: 'newer_database', message: 'newer' };
    };
    setBackend(failing.b);
    editor.dbPath = '';
    await editor.init();
    expect(editor.fatal).toContain('version plus récente');
    // The file is named under the message.
    expect(editor.dbPath).toBe('/tmp/test.db');
  });
});

describe('reading an event ahead of its opening', () => {
  /** The mock backend, counting the reads of the programme; the next one
   * fails when told. */
  function counting() {
    const mock = mockBackend(structuredClone(programme));
    const count = { reads: 0, failNext: false };
    const b = new Proxy(mock.b, {
      get: (target, name) =>
        name === 'getProgramme'
          ? async (id: number) => {
              count.reads++;
              if (count.failNext) {
                count.failNext = false;
                throw { code: 'io', message: 'the disk is busy' };
              }
              return target.getProgramme(id);
            }
          : Reflect.get(target, name),
    });
    setBackend(b);
    return count;
  }

  beforeEach(async () => {
    editor.closeEvent();
    editor.notice = null;
  });

  it('opens from what was read while the pointer rested on the event, once', async () => {
    const count = counting();
    await editor.init();
    editor.prefetchEvent(1);
    editor.prefetchEvent(1);
    expect(count.reads).toBe(1);
    await editor.openEvent(1);
    expect(count.reads).toBe(1);
    expect(editor.programme?.items.map((i) => i.title)).toEqual(['Introduction']);
    editor.closeEvent();
    await editor.openEvent(1);
    expect(count.reads).toBe(2);
  });

  it('reads again after a change, after a while, or when the read ahead failed', async () => {
    const count = counting();
    await editor.init();
    editor.prefetchEvent(1);
    await editor.change(async () => {});
    await editor.openEvent(1);
    expect(count.reads).toBe(2);

    editor.closeEvent();
    const now = vi.spyOn(performance, 'now');
    now.mockReturnValue(1_000);
    editor.prefetchEvent(1);
    now.mockReturnValue(1_000 + AHEAD_MS + 1);
    await editor.openEvent(1);
    now.mockRestore();
    expect(count.reads).toBe(4);

    editor.closeEvent();
    count.failNext = true;
    editor.prefetchEvent(1);
    await editor.openEvent(1);
    expect(count.reads).toBe(6);
    expect(editor.programme?.items.map((i) => i.title)).toEqual(['Introduction']);
    expect(editor.notice).toBeNull();
  });
});
