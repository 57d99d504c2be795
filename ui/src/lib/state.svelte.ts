// The editor's state, shared by all screens. Every change goes to the
// backend, then the screen reloads what it shows from the backend: the
// database stays the one source of truth. What is read again keeps the
// objects of what did not change (`share`), so a screen redraws only what
// the change touched. A save of an item tells what the programme became
// (`ProgrammeUpdate`), and the programme is not read again after it.

import { asApiError, backend, type ApiError } from './api';
import { flushSync, tick, untrack } from 'svelte';
import type {
  Attendee,
  AttendeeDay,
  EventSummary,
  HistoryState,
  Item,
  ItemSaved,
  Programme,
  ProgrammeUpdate,
  Reach,
  SignupState,
  Speaker,
  Start,
} from './bindings';
import { attendeesOf, type Registrations } from './registrations';
import { share } from './share';
import { updatedProgramme } from './update';
import { announce } from './announce';
import { describeError } from './errors';
import { formatRange, formatTime, wireDateTime } from './format';
import { historyLabel, i18n, t } from './i18n/index.svelte';

export type Tab = 'programme' | 'participants' | 'changes' | 'details' | 'venue' | 'speakers';

/**
 * What a change can touch besides the programme, the events list and the
 * history (always read again): the attendees list (ten thousand on a
 * large event), the sign-up side (blocks, sign-ups, fills, promotions)
 * and the speakers directory. A change that cannot touch them does not
 * read them again. An undo or a redo is told its reach by the core, which
 * knows the rows it reverted.
 */
export type { Reach };

/** Anything: what a change whose reach is not known reads again. */
export const EVERYTHING: Reach = { attendees: true, signups: true, directory: true };

/** The programme alone: times, order, pins, parts, titles of items with
 * no sign-ups. */
export const PROGRAMME_ONLY: Reach = { attendees: false, signups: false, directory: false };

/** A sign-up, a cancellation, a promotion told, a block or a ranking
 * changed: the sign-up side, not the attendees list. */
export const SIGNUPS: Reach = { attendees: false, signups: true, directory: false };

/** How long an event read ahead of its opening (`prefetchEvent`) serves:
 * the pointer rests on a row a few tenths of a second before the click. */
export const AHEAD_MS = 5000;

/** The attendees of an event just opened, until they are read: the
 * programme is shown first (its tab needs the sign-up side, not ten
 * thousand attendees), and the attendees are read once it is on screen.
 * Compared by identity: an empty event's list is another array. */
export const PENDING_ATTENDEES: readonly Attendee[] = Object.freeze([]);

/** The sign-up side of what is loaded, without the attendees. */
function signupStateOf(registrations: Registrations): SignupState {
  const { attendees: _, ...state } = registrations;
  return state;
}

/** What a change told of its own effect: the programme it left and the
 * history after it. What it tells is not read again. */
export type Told = { programme: ProgrammeUpdate; history: HistoryState };

/** What a change gave back, or why it was refused. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiError };

class Editor {
  events = $state<EventSummary[]>([]);
  eventId = $state<number | null>(null);
  tab = $state<Tab>('programme');
  /** Raw (not deeply reactive): replaced whole on each reload, never
   * changed in place, so a large event is not wrapped in proxies. */
  programme = $state.raw<Programme | null>(null);
  /** The open event's attendees, blocks, sign-ups, fills, promotions
   * (raw, like the programme: ten thousand attendees are read, not watched). */
  registrations = $state.raw<Registrations | null>(null);
  /** The days (own programme, what stands in the way of each sign-up) of
   * the attendees a screen shows, by attendee id: the core decides them,
   * and they are reloaded with the registrations. */
  days = $state.raw<Record<number, AttendeeDay>>({});
  /** Attendee id → how many screens show their day. */
  #watched = new Map<number, number>();
  /** How many times what is shown was read again (after each change). */
  #reloads = 0;
  /** An event read ahead of its opening (`prefetchEvent`). */
  #ahead: { id: number; at: number; reloads: number; read: Promise<[Programme, SignupState]> } | null = null;
  /** The attendee open on the Participants tab. */
  attendeeId = $state<number | null>(null);
  /** The welcome desk fills the window. */
  desk = $state(false);
  directory = $state<Speaker[]>([]);
  history = $state<HistoryState>({ undo: null, redo: null });
  /** The item open in the side panel: saved (has an id) or a draft. */
  panel = $state<Item | null>(null);
  /** How the Programme tab shows the day: rooms side by side on a time
   * scale, or the running order (one line per item, in order). */
  view = $state<'timeline' | 'running'>('timeline');
  /** A message for the whole window (not tied to a form field). */
  notice = $state<string | null>(null);
  /** The database cannot be used at all (newer version). */
  fatal = $state<string | null>(null);
  dbPath = $state('');
  loaded = $state(false);

  async init(start: Start | null = null): Promise<void> {
    try {
      // The start the page came with (lib/start.ts) is shown at once,
      // before this returns: the list is drawn while the page loads.
      // Without one, it is asked for in one round trip.
      const { databasePath, events, history, speakers } = start ?? (await backend().start());
      this.dbPath = databasePath;
      this.events = events;
      this.history = history;
      this.directory = speakers;
    } catch (e) {
      const err = asApiError(e);
      if (err.code === 'newer_database' || err.code === 'database') {
        this.fatal = describeError(err);
        // Which file, said under the message: the backend knows it even
        // when the file cannot be used.
        this.dbPath = await backend()
          .databasePath()
          .catch(() => '');
      } else this.notice = describeError(err);
    }
    this.loaded = true;
  }

  /** Reloads what is on screen from the backend: everything, or what a
   * change can have touched (`reach`). Everything is asked for at once
   * (the open event's parts too, though it may be gone), and shown at once.
   * What the change `told` (the programme, the history) is not read: an
   * item's change leaves the events list as it was. */
  async reload(reach: Reach = EVERYTHING, told?: Told): Promise<void> {
    this.#reloads++;
    const eventId = this.eventId;
    const known = this.registrations;
    const opened =
      eventId == null
        ? null
        : Promise.all([
            told ? null : backend().getProgramme(eventId),
            reach.attendees || !known || known.attendees === PENDING_ATTENDEES
              ? backend().attendees(eventId).then(attendeesOf)
              : null,
            reach.signups || !known ? backend().signupState(eventId) : null,
            this.#readDays(eventId, [...this.#watched.keys()]),
          ]);
    // Not awaited when the event turns out to be gone: its failure is
    // expected then, and must not be reported as unhandled.
    opened?.catch(() => {});
    const [events, history, directory] = await Promise.all([
      told ? null : backend().listEvents(),
      told ? told.history : backend().history(),
      reach.directory ? backend().listSpeakers() : null,
    ]);
    const gone = eventId != null && events != null && !events.some((e) => e.id === eventId);
    const read = opened && !gone ? await opened : null;
    if (events) this.events = share(this.events, events);
    this.history = share(this.history, history);
    if (directory) this.directory = share(this.directory, directory);
    // Another event was opened (or this one closed) meanwhile.
    if (eventId == null || this.eventId !== eventId) return;
    if (!read) {
      this.closeEvent();
      return;
    }
    const [programme, attendees, state, days] = read;
    const updated = programme
      ? share(this.programme, programme)
      : told && this.programme && updatedProgramme(this.programme, told.programme);
    // The copy was behind what the change told of: read it all.
    if (!updated) return this.reload(reach);
    this.programme = updated;
    if (attendees || state) {
      const signups = state && known ? share(signupStateOf(known), state) : state;
      this.registrations = { ...(signups ?? known!), attendees: attendees ?? known!.attendees };
    }
    this.days = share(this.days, days);
    if (attendees && this.attendeeId != null && !attendees.some((a) => a.id === this.attendeeId)) this.attendeeId = null;
    // The open panel shows the item as it now is (after an undo, a
    // ripple, another window's change), or closes when it is gone.
    const open = this.panel;
    if (open?.id != null) {
      const now = this.programme.items.find((i) => i.id === open.id) ?? null;
      if (!now || JSON.stringify(now) !== JSON.stringify(open)) this.panel = now;
    }
  }

  /**
   * Runs a change, then reloads what it can have touched (everything unless
   * told, before or, as a function, once the change is done), less what
   * the change `told` of its effect once done. Returns the error (for the
   * form that made the change to show beside its field), or null when it
   * succeeded.
   */
  async change(
    action: () => Promise<unknown>,
    reach: Reach | (() => Reach) = EVERYTHING,
    told: () => Told | null = () => null,
  ): Promise<ApiError | null> {
    try {
      await action();
      this.notice = null;
      await this.reload(typeof reach === 'function' ? reach() : reach, told() ?? undefined);
      return null;
    } catch (e) {
      const err = asApiError(e);
      // What is shown is stale: another window or the command line
      // changed the database (or deleted what was acted on).
      if (err.code === 'not_found' || err.code === 'changed_elsewhere') {
        this.notice = describeError(err);
        await this.reload();
      }
      return err;
    }
  }

  /**
   * Runs a change whose result the caller needs (the sign-up made, the
   * block created), then reloads, less what that result `told`. Errors are
   * returned, not shown.
   */
  async attempt<T>(
    action: () => Promise<T>,
    reach: Reach = EVERYTHING,
    told: (value: T) => Told | null = () => null,
  ): Promise<Outcome<T>> {
    let value: T | undefined;
    const error = await this.change(
      async () => {
        value = await action();
      },
      reach,
      () => (value === undefined ? null : told(value)),
    );
    return error ? { ok: false, error } : { ok: true, value: value as T };
  }

  /** The days of these attendees; one that is gone is left out. */
  async #readDays(eventId: number, attendeeIds: number[]): Promise<Record<number, AttendeeDay>> {
    const days = await Promise.all(attendeeIds.map((a) => backend().attendeeDay(eventId, a).catch(() => null)));
    return Object.fromEntries(days.filter((d) => d != null).map((d) => [d.attendeeId, d]));
  }

  /**
   * Keeps an attendee's day loaded (in `days`) while a screen shows them:
   * `ready` settles once it is; `stop` when the screen no longer shows them.
   */
  watchDay(attendeeId: number): { ready: Promise<void>; stop: () => void } {
    return untrack(() => {
      this.#watched.set(attendeeId, (this.#watched.get(attendeeId) ?? 0) + 1);
      const eventId = this.eventId;
      const ready =
        eventId == null
          ? Promise.resolve()
          : this.#readDays(eventId, [attendeeId]).then((days) => {
              if (this.eventId === eventId && this.#watched.has(attendeeId)) this.days = { ...this.days, ...days };
            });
      let stopped = false;
      const stop = () => {
        if (stopped) return;
        stopped = true;
        const n = (this.#watched.get(attendeeId) ?? 1) - 1;
        if (n > 0) this.#watched.set(attendeeId, n);
        else this.#watched.delete(attendeeId);
      };
      return { ready, stop };
    });
  }

  /**
   * Starts reading an event that the pointer rests on, or the focus
   * reached, in the events list: opening it a moment later need not wait
   * for its programme and sign-ups (a tenth of the time it takes to open
   * the large event). What was read serves for `AHEAD_MS`, and only while
   * nothing changed since (any change reloads).
   */
  prefetchEvent(id: number): void {
    if (this.#readAhead(id)) return;
    const read = this.#readEvent(id);
    // Not awaited when the event is not opened after all.
    read.catch(() => {});
    this.#ahead = { id, at: performance.now(), reloads: this.#reloads, read };
  }

  /** What opening an event shows first: its programme and sign-up side. */
  #readEvent(id: number): Promise<[Programme, SignupState]> {
    return Promise.all([backend().getProgramme(id), backend().signupState(id)]);
  }

  /** The read of `prefetchEvent` for this event, while it holds. */
  #readAhead(id: number): Promise<[Programme, SignupState]> | null {
    const ahead = this.#ahead;
    const holds = ahead?.id === id && ahead.reloads === this.#reloads && performance.now() - ahead.at < AHEAD_MS;
    return holds ? ahead.read : null;
  }

  async openEvent(id: number): Promise<void> {
    const ahead = this.#readAhead(id);
    this.#ahead = null;
    this.eventId = id;
    this.tab = 'programme';
    this.panel = null;
    this.attendeeId = null;
    this.desk = false;
    this.days = {};
    // A read ahead that failed is made again, and says why if it fails again.
    const [programme, state] = await (ahead ? ahead.catch(() => this.#readEvent(id)) : this.#readEvent(id));
    if (this.eventId !== id) return;
    this.programme = programme;
    this.registrations = { ...state, attendees: PENDING_ATTENDEES as Attendee[] };
    // After the frame that shows the programme: read earlier, their answer
    // (a tenth of a second of work on a large event) delayed that frame.
    requestAnimationFrame(() => setTimeout(() => void this.#readPendingAttendees(id)));
  }

  /** Whether the open event's attendees are read (see PENDING_ATTENDEES). */
  get attendeesLoaded(): boolean {
    return this.registrations != null && this.registrations.attendees !== PENDING_ATTENDEES;
  }

  async #readPendingAttendees(id: number): Promise<void> {
    try {
      const attendees = attendeesOf(await backend().attendees(id));
      // A reload may have read them meanwhile, or another event opened.
      if (this.eventId === id && this.registrations?.attendees === PENDING_ATTENDEES) {
        this.registrations = { ...this.registrations, attendees };
      }
    } catch (e) {
      if (this.eventId === id) this.notice = describeError(asApiError(e));
    }
  }

  closeEvent(): void {
    this.eventId = null;
    this.programme = null;
    this.registrations = null;
    this.days = {};
    this.panel = null;
    this.attendeeId = null;
    this.desk = false;
  }

  async loadDemo(): Promise<void> {
    let id: number | null = null;
    const err = await this.change(async () => {
      id = await backend().loadDemo();
    });
    if (err) this.notice = describeError(err);
    else if (id != null) await this.openEvent(id);
  }

  async undo(): Promise<void> {
    const what = this.history.undo;
    if (!what) return;
    let reach = EVERYTHING;
    const err = await this.change(
      async () => (reach = (await backend().undo()).reach),
      () => reach,
    );
    if (err) this.notice = describeError(err);
    else announce(t('announce.undone', { what: historyLabel(what) }));
  }

  async redo(): Promise<void> {
    const what = this.history.redo;
    if (!what) return;
    let reach = EVERYTHING;
    const err = await this.change(
      async () => (reach = (await backend().redo()).reach),
      () => reach,
    );
    if (err) this.notice = describeError(err);
    else announce(t('announce.redone', { what: historyLabel(what) }));
  }

  /**
   * What saving, moving, duplicating or deleting these items can touch:
   * the sign-ups only when one of them is in a choice block or has a fill
   * (sign-ups, or seats counted); a new item (no id) has neither. Their
   * times and rooms reach attendees' days, which are read again anyway.
   */
  itemReach(ids: (number | null | undefined)[], directory = false): Reach {
    const programme = this.programme;
    const registrations = this.registrations;
    if (!programme || !registrations) return EVERYTHING;
    const filled = new Set(registrations.fills.map((f) => f.itemId));
    const touched = ids.some((id) => {
      if (id == null) return false;
      const item = programme.items.find((i) => i.id === id);
      return !item || item.blockId != null || filled.has(id);
    });
    return { attendees: false, signups: touched, directory };
  }

  /** "salle Fablab", "tout le lieu": where an item is, for announcements. */
  #roomOf(item: Item): string {
    const room = this.programme?.rooms.find((r) => r.id === item.roomId);
    return room ? t('announce.room', { name: room.name }) : t('announce.wholeVenue');
  }

  /** Saves an item (new or not) and shows what the save told: the
   * programme is not read again after an item that was there before (a new
   * one changes the events list's count too, which is read). */
  async #save(item: Item): Promise<{ saved: Item | null; err: ApiError | null }> {
    let saved: ItemSaved | null = null;
    const err = await this.change(
      async () => {
        saved = await backend().saveItem($state.snapshot(item) as Item);
      },
      this.itemReach([item.id]),
      () => (item.id != null ? saved : null),
    );
    return { saved: err ? null : ((saved as ItemSaved | null)?.item ?? null), err };
  }

  /** Saves an item (new or not); opens the saved item in the panel. */
  async saveItem(item: Item): Promise<ApiError | null> {
    const { saved, err } = await this.#save(item);
    if (!err && saved && this.panel) this.panel = saved;
    if (!err) announce(t('announce.saved', { title: item.title }));
    return err;
  }

  /** Moves or resizes an item from the timeline; errors go to the notice. */
  async moveItem(item: Item): Promise<void> {
    const before = this.programme?.items.find((i) => i.id === item.id);
    const { err } = await this.#save(item);
    if (err) {
      this.notice = describeError(err);
      return;
    }
    if (this.panel?.id === item.id) this.panel = this.programme?.items.find((i) => i.id === item.id) ?? null;
    const room = this.#roomOf(item);
    const lang = i18n.lang;
    const moved = !before || before.startsAt !== item.startsAt || before.roomId !== item.roomId;
    announce(
      moved
        ? t('announce.moved', { title: item.title, time: formatTime(item.startsAt, lang), room })
        : t('announce.resized', { title: item.title, range: formatRange(item.startsAt, item.endsAt, lang), room }),
    );
  }

  /** Opens an item (saved, or a draft) in the side panel and takes focus
   * into it. */
  async openItem(item: Item): Promise<void> {
    this.panel = item;
    await tick();
    document.querySelector<HTMLElement>('[data-testid=item-title]')?.focus();
  }

  /** A new item of the open event, not saved yet, from `start` to `end`
   * (minutes on its first day) in `roomId` (null: the whole venue). */
  draft(start: number, end: number, roomId: number | null): Item {
    const event = this.programme!.event;
    return {
      eventId: event.id!,
      uid: '',
      startsAt: wireDateTime(event.date, start),
      endsAt: wireDateTime(event.date, Math.min(end, 24 * 60)),
      kind: 'other',
      title: '',
      description: '',
      roomId,
      partLabel: '',
      capacity: null,
      remote: false,
      pinned: false,
      speakers: [],
    };
  }

  async deleteItem(id: number): Promise<void> {
    const title = this.programme?.items.find((i) => i.id === id)?.title ?? '';
    const err = await this.change(() => backend().deleteItem(id), this.itemReach([id]));
    if (err) this.notice = describeError(err);
    else announce(t('announce.deleted', { title }));
    if (this.panel?.id === id) this.panel = null;
  }
}

/** The app's editor; `rehearse` alone lends the name to another for a moment. */
export let editor = new Editor();

/**
 * Runs `render` with `editor` standing for an editor of its own that holds
 * `programme` and `state` as an opened event would: for drawing an event's
 * screen off the page, for practice (`warmup.ts`). Synchronous, and
 * `editor` is the app's again when it returns. Whatever Svelte had still
 * to do for the app is done before, with the app's editor, so that only
 * what `render` mounts ever reads the other.
 */
export function rehearse(programme: Programme, state: SignupState, render: () => void): void {
  flushSync();
  const real = editor;
  const stand = new Editor();
  stand.eventId = programme.event.id ?? null;
  stand.programme = programme;
  stand.registrations = { ...state, attendees: [] };
  stand.loaded = true;
  editor = stand;
  try {
    render();
  } finally {
    editor = real;
  }
}
