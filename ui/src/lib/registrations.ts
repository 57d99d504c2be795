// What the sign-up screens show from `Registrations` and an attendee's day:
// searching attendees as people type, counts per category, waitlist
// positions, seats left, the desk's choices in order. Which items are in an
// attendee's programme and what stands in the way of a sign-up are the
// core's rules (`AttendeeDay`): here they are only laid out. Pure
// functions, so they are tested without a window.

import { formatNumber } from './i18n/index.svelte';
import type { Attendee, AttendeeDay, AttendeeList, ChoiceBlock, Item, ItemFill, Obstacle, Programme, Signup, SignupState } from './bindings';

/** Everything the sign-up screens show for the open event: the attendees
 * (by name) and the sign-up side, read by two commands because most
 * changes touch one and not the other. */
export type Registrations = SignupState & { attendees: Attendee[] };

/** The attendees of the `attendees` command's answer (one list per field),
 * as objects, in its order. */
export function attendeesOf(list: AttendeeList): Attendee[] {
  const out = new Array<Attendee>(list.ids.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = {
      id: list.ids[i],
      eventId: list.eventId,
      name: list.names[i],
      email: list.emails[i],
      organisation: list.organisations[list.organisation[i]],
      category: list.categories[list.category[i]],
      notes: list.notes[i],
      registeredAt: list.registeredAt[i],
    };
  }
  return out;
}

/** The answer `attendeesOf` reads, from attendees of one event (tests). */
export function attendeeListOf(eventId: number, attendees: Attendee[]): AttendeeList {
  const shared = (values: string[]) => {
    const distinct = [...new Set(values)];
    return { names: distinct, index: values.map((v) => distinct.indexOf(v)) };
  };
  const organisations = shared(attendees.map((a) => a.organisation));
  const categories = shared(attendees.map((a) => a.category));
  return {
    eventId,
    ids: attendees.map((a) => a.id!),
    names: attendees.map((a) => a.name),
    emails: attendees.map((a) => a.email),
    organisations: organisations.names,
    organisation: organisations.index,
    categories: categories.names,
    category: categories.index,
    notes: attendees.map((a) => a.notes),
    registeredAt: attendees.map((a) => a.registeredAt ?? null),
  };
}

/** Lower case, without accents or repeated spaces: "Élodie  CARRÉ" → "elodie carre". */
export function normalise(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** An attendee with the folded strings a search compares, computed once
 * per list of attendees (not once per keystroke and row). */
interface Prepared {
  a: Attendee;
  /** Name, organisation and e-mail, folded. */
  text: string;
  name: string;
  nameWords: string[];
  category: string;
}

/** A separator no fold removes or merges with spaces. */
const SEP = '\u0000';

function prepare(a: Attendee): Prepared {
  // One fold for the four fields (folding is the cost, not its length).
  const [name, organisation, email, category] = normalise([a.name, a.organisation, a.email, a.category].join(SEP))
    .split(SEP)
    .map((part) => part.trim());
  return {
    a,
    text: [name, organisation, email].filter(Boolean).join(' '),
    name,
    nameWords: name.split(/[ \-']/),
    category,
  };
}

/** Each list of attendees the screens were given (the backend sends a new
 * array on each reload), prepared once: possibly in part (`prepareAhead`). */
const prepared = new WeakMap<Attendee[], Prepared[]>();
const preparedOne = new WeakMap<Attendee, Prepared>();

/** Prepares up to `count` more attendees of the list; whether all are. */
function prepareSome(attendees: Attendee[], count: number): boolean {
  let list = prepared.get(attendees);
  if (!list) {
    list = [];
    prepared.set(attendees, list);
  }
  const end = Math.min(attendees.length, list.length + count);
  for (let i = list.length; i < end; i++) {
    const a = attendees[i];
    let p = preparedOne.get(a);
    if (!p) {
      p = prepare(a);
      preparedOne.set(a, p);
    }
    list.push(p);
  }
  return list.length === attendees.length;
}

function preparedList(attendees: Attendee[]): Prepared[] {
  prepareSome(attendees, Infinity);
  return prepared.get(attendees)!;
}

/** Prepares the list for searching in slices between frames, so that the
 * first key typed finds it ready; returns a function that stops. */
export function prepareAhead(attendees: Attendee[], slice = 500): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const step = () => {
    if (!prepareSome(attendees, slice)) timer = setTimeout(step, 0);
  };
  timer = setTimeout(step, 0);
  return () => clearTimeout(timer);
}

/** The words of a query; a comma separates words too ("Name, organisation"). */
function words(query: string): string[] {
  return normalise(query)
    .split(/[ ,;]+/)
    .filter(Boolean);
}

/** Whether every word of `query` appears in the attendee's name,
 * organisation or e-mail, ignoring case and accents. */
export function matchesAttendee(a: Attendee, query: string): boolean {
  const wanted = words(query);
  return wanted.length === 0 || wanted.every((w) => (preparedOne.get(a) ?? prepare(a)).text.includes(w));
}

/** How well a name answers a query: 0 the name starts with it, 1 every
 * word starts a word of the name, 2 found elsewhere. */
function rank(p: Prepared, whole: string, wanted: string[]): number {
  if (p.name.startsWith(whole)) return 0;
  if (wanted.every((w) => p.nameWords.some((n) => n.startsWith(w)))) return 1;
  return 2;
}

/** The attendees matching `query`, best matches first, then by name
 * (the order they come in). An empty query keeps everyone, in order. */
export function searchAttendees(attendees: Attendee[], query: string): Attendee[] {
  const wanted = words(query);
  if (wanted.length === 0) return attendees;
  const whole = normalise(query);
  const ranked: { a: Attendee; i: number; r: number }[] = [];
  const list = preparedList(attendees);
  for (let i = 0; i < list.length; i++) {
    const p = list[i];
    if (wanted.every((w) => p.text.includes(w))) ranked.push({ a: p.a, i, r: rank(p, whole, wanted) });
  }
  return ranked.sort((x, y) => x.r - y.r || x.i - y.i).map((x) => x.a);
}

/** The attendees of `list` in `category` (as `categoryCounts` names it),
 * in their order; null keeps them all. */
export function filterCategory(list: Attendee[], category: string | null): Attendee[] {
  if (category === null) return list;
  const key = normalise(category);
  return list.filter((a) => (preparedOne.get(a)?.category ?? normalise(a.category)) === key);
}

export interface CategoryCount {
  /** "" for attendees without a category. */
  category: string;
  count: number;
}

/** How many attendees in each category, alphabetically (French order),
 * those without a category last. Categories differing only by case or
 * accents are one, named as first met. */
export function categoryCounts(attendees: Attendee[]): CategoryCount[] {
  const byKey = new Map<string, CategoryCount>();
  // Thousands of attendees share a few categories: fold each once.
  const folded = new Map<string, string>();
  for (const a of attendees) {
    const name = a.category.trim();
    let key = folded.get(name);
    if (key === undefined) {
      key = normalise(name);
      folded.set(name, key);
    }
    const entry = byKey.get(key);
    if (entry) entry.count++;
    else byKey.set(key, { category: name, count: 1 });
  }
  return [...byKey.values()].sort((x, y) => {
    if (!x.category !== !y.category) return x.category ? -1 : 1;
    return x.category.localeCompare(y.category, 'fr');
  });
}

/** Whether the attendee is in `category` (as `categoryCounts` names it). */
export function inCategory(a: Attendee, category: string): boolean {
  return normalise(a.category) === normalise(category);
}

/** Each waitlisted sign-up's place in its item's waitlist, from 1. The
 * sign-ups come in request order, which is the order the waitlist is served. */
export function waitlistPositions(signups: Signup[]): Map<number, number> {
  const next = new Map<number, number>();
  const out = new Map<number, number>();
  for (const s of signups) {
    if (s.status !== 'waitlisted') continue;
    const n = (next.get(s.itemId) ?? 0) + 1;
    next.set(s.itemId, n);
    out.set(s.id, n);
  }
  return out;
}

/** An item's sign-ups: confirmed and waitlisted, each in request order. */
export function signupsFor(signups: Signup[], itemId: number): { confirmed: Signup[]; waitlist: Signup[] } {
  const mine = signups.filter((s) => s.itemId === itemId);
  return {
    confirmed: mine.filter((s) => s.status === 'confirmed'),
    waitlist: mine.filter((s) => s.status === 'waitlisted'),
  };
}

/** Seats still free (never below 0), or null when the item has no limit. */
export function seatsLeft(fill: ItemFill | undefined): number | null {
  if (!fill || fill.capacity == null) return null;
  return Math.max(0, fill.capacity - fill.confirmed);
}

/** Whether a new request would join the waitlist. */
export function isFull(fill: ItemFill | undefined): boolean {
  return seatsLeft(fill) === 0;
}

/** "12/15", or "12" when the item has no limit. */
export function fillLabel(fill: ItemFill): string {
  return fill.capacity == null
    ? formatNumber(fill.confirmed)
    : `${formatNumber(fill.confirmed)}/${formatNumber(fill.capacity)}`;
}

/** How full, from 0 to 1 (0 without a limit). */
export function fillRatio(fill: ItemFill): number {
  if (fill.capacity == null) return 0;
  if (fill.capacity === 0) return 1;
  return Math.min(1, fill.confirmed / fill.capacity);
}

/** One line of an attendee's own programme. */
export interface ProgrammeLine {
  item: Item;
  /** They hold a confirmed seat in it (else it is everyone's). */
  mine: boolean;
}

/** An attendee's day, as the core decides it, with its items. */
export function programmeLines(items: Item[], day: AttendeeDay | undefined): ProgrammeLine[] {
  const byId = new Map(items.map((i) => [i.id!, i]));
  return (day?.programme ?? []).flatMap((l) => {
    const item = byId.get(l.itemId);
    return item ? [{ item, mine: l.status === 'confirmed' }] : [];
  });
}

/** A seat the desk offers: an occurrence of a workshop of a block. */
export interface DeskChoice {
  item: Item;
  block: ChoiceBlock;
  fill?: ItemFill;
  /** Seats left; null: no limit. */
  left: number | null;
  /** The attendee's current sign-up for it (confirmed or waitlisted). */
  held?: Signup;
  /** A request would be confirmed now (the core says nothing is in the way). */
  open: boolean;
  /** Why the attendee could not take a seat even if one were free, as the
   * core says: another item they hold at the same time, this workshop held
   * in another round, or the block's maximum reached. */
  clash?: Item;
  twice?: Item;
  limit?: boolean;
}

/** The core's obstacles for one item, by kind, with the items they name. */
export function explain(
  items: Map<number, Item>,
  obstacle: Obstacle | null | undefined,
): Pick<DeskChoice, 'clash' | 'twice' | 'limit'> {
  if (obstacle?.kind === 'overlap') return { clash: items.get(obstacle.itemId) };
  if (obstacle?.kind === 'same_workshop') return { twice: items.get(obstacle.itemId) };
  if (obstacle?.kind === 'block_limit') return { limit: true };
  return {};
}

/** Every item of every block, block by block, by time then room, with what
 * the attendee already holds and what the core says stands in their way
 * (`day`: the attendee's day; none, no attendee). */
export function deskChoices(programme: Programme, registrations: Registrations, day: AttendeeDay | undefined): DeskChoice[] {
  const fills = new Map(registrations.fills.map((f) => [f.itemId, f]));
  const roomOrder = new Map(programme.rooms.map((r, i) => [r.id!, i]));
  const byId = new Map(programme.items.map((i) => [i.id!, i]));
  const options = new Map((day?.options ?? []).map((o) => [o.itemId, o]));
  const mine = new Map(
    registrations.signups.filter((s) => day != null && s.attendeeId === day.attendeeId).map((s) => [s.itemId, s]),
  );
  const out: DeskChoice[] = [];
  for (const block of registrations.blocks) {
    const items = programme.items
      .filter((i) => i.blockId === block.id)
      .sort(
        (a, b) =>
          a.startsAt.localeCompare(b.startsAt) ||
          (roomOrder.get(a.roomId ?? -1) ?? -1) - (roomOrder.get(b.roomId ?? -1) ?? -1) ||
          a.title.localeCompare(b.title, 'fr'),
      );
    for (const item of items) {
      const fill = fills.get(item.id!);
      const held = mine.get(item.id!);
      const option = options.get(item.id!);
      const open = option != null && option.obstacle == null;
      const why = held?.status !== 'confirmed' ? explain(byId, option?.blockedBy) : {};
      out.push({ item, block, fill, left: seatsLeft(fill), held, open, ...why });
    }
  }
  return out;
}

/**
 * Reads "Name, Organisation" as typed at the desk: the first comma splits
 * the two; no comma, no organisation.
 */
export function parseNewAttendee(line: string): { name: string; organisation: string } {
  const comma = line.indexOf(',');
  if (comma === -1) return { name: line.trim().replace(/\s+/g, ' '), organisation: '' };
  return {
    name: line.slice(0, comma).trim().replace(/\s+/g, ' '),
    organisation: line.slice(comma + 1).trim().replace(/\s+/g, ' '),
  };
}

/** Where a sign-up may move, as the core says (the other items of its
 * block, or, out of a block, the other items that take sign-ups), with its items. */
export function moveTargets(items: Item[], day: AttendeeDay | undefined, signupId: number): Item[] {
  const ids = new Set(day?.moves.find((m) => m.signupId === signupId)?.itemIds ?? []);
  return items.filter((i) => ids.has(i.id!));
}
