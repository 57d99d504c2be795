// Generated from the Rust types of the `deroule` crate by `src/bindings.rs`.
// Do not edit: run `UPDATE_BINDINGS=1 cargo test -p deroule bindings` instead.

export type Event = { 
/**
 * `None` for an event not saved yet.
 */
id?: number | null, title: string, 
/**
 * Series or subtitle, such as "Les Rencontres du Hub". Empty when none.
 */
series: string, date: string, dayStart: string, dayEnd: string, 
/**
 * IANA time zone name, "Europe/Paris" by default.
 */
timeZone: string, 
/**
 * Language of the event's own documents: "fr" or "en".
 */
language: string, description: string, 
/**
 * Who the day is for ("réservée aux personnels des médiathèques…").
 */
audience: string, practical: Practical, organisers: Array<string>, partners: Array<string>, status: EventStatus, };

export type Practical = { free: boolean, 
/**
 * Free text when paid: "15 €, 10 € tarif réduit".
 */
price: string, registrationRequired: boolean, registrationUrl: string, registrationDeadline: string | null, 
/**
 * Anything else: "Inscription obligatoire via Weezevent".
 */
notes: string, 
/**
 * The event's web page.
 */
website: string, };

export type EventStatus = "draft" | "published";

export type EventSummary = { id: number, title: string, series: string, date: string, status: EventStatus, itemCount: number, venueName: string, };

export type Venue = { name: string, street: string, postcode: string, city: string, country: string, 
/**
 * Transport and accessibility.
 */
accessNotes: string, latitude: number | null, longitude: number | null, };

export type Room = { id?: number | null, eventId: number, name: string, capacity: number | null, accessibility: string, 
/**
 * Left-to-right order on the timeline.
 */
position: number, };

export type ItemKind = "welcome" | "plenary" | "keynote" | "round_table" | "pitches" | "workshop" | "break" | "meal" | "visit" | "networking" | "closing" | "social" | "other";

export type Item = { id?: number | null, eventId: number, 
/**
 * The calendar UID, stable for the item's life. Empty in a new item:
 * the store makes one. Never changed by an update.
 */
uid: string, startsAt: string, endsAt: string, kind: ItemKind, title: string, description: string, 
/**
 * `None`: the whole venue (a break, the welcome); it spans every room.
 */
roomId: number | null, 
/**
 * "Partie 1 : On vous raconte l'histoire". Empty when none.
 */
partLabel: string, 
/**
 * Seats for attendees who sign up (workshops). `None`: the room's.
 */
capacity: number | null, 
/**
 * A speaker joins by video ("retransmission").
 */
remote: boolean, 
/**
 * Speakers in the order they are announced.
 */
speakers: Array<ItemSpeaker>, 
/**
 * The workshop this item is an occurrence of, when it belongs to a
 * choice block. Read-only here: set through the sign-up rules
 * (`Db::set_item_workshop`), never by saving the item.
 */
workshopId?: number | null, 
/**
 * The choice block of that workshop. Read-only like `workshop_id`.
 */
blockId?: number | null, };

export type ItemSpeaker = { speakerId: number, role: SpeakerRole, 
/**
 * The question or topic this speaker takes. Empty when none.
 */
topic: string, };

export type SpeakerRole = "moderator" | "speaker" | "panelist" | "keynote" | "host" | "respondent";

export type Speaker = { id?: number | null, name: string, 
/**
 * Title or role: "Chargée de mission lecture publique".
 */
title: string, organisation: string, bio: string, email: string, phone: string, };

export type Programme = { event: Event, venue: Venue, rooms: Array<Room>, 
/**
 * Sorted by start, then room position.
 */
items: Array<Item>, 
/**
 * The speakers that the items name.
 */
speakers: Array<Speaker>, warnings: Array<Warning>, };

export type Attendee = { id?: number | null, eventId: number, name: string, 
/**
 * Unique per event when not empty (case-insensitive).
 */
email: string, organisation: string, 
/**
 * Role or category: "Bibliothécaire", "Élu·e", "Animateur numérique".
 */
category: string, notes: string, };

export type ChoiceBlock = { id?: number | null, eventId: number, name: string, 
/**
 * At least this many workshops per attendee (0: no minimum). A wish,
 * reported by the allocation, not a lock on cancellations.
 */
minChoices: number, 
/**
 * At most this many confirmed workshops per attendee.
 */
maxChoices: number, };

export type Workshop = { id: number, blockId: number, 
/**
 * Its occurrences, by start time.
 */
itemIds: Array<number>, };

export type SignupStatus = "confirmed" | "waitlisted" | "cancelled";

export type SignupSource = "manual" | "desk" | "allocation";

export type Signup = { id: number, itemId: number, attendeeId: number, status: SignupStatus, source: SignupSource, 
/**
 * When the attendee asked (RFC 3339, UTC). Asking again after a
 * cancellation counts from the new request.
 */
requestedAt: string, 
/**
 * When the status last changed (RFC 3339, UTC).
 */
updatedAt: string, 
/**
 * Request order: the waitlist is served in this order.
 */
seq: number, 
/**
 * Recorded on the day: present (`true`) or absent (`false`).
 */
attended?: boolean | null, };

export type Promotion = { id: number, signupId: number, itemId: number, attendeeId: number, 
/**
 * RFC 3339, UTC.
 */
promotedAt: string, 
/**
 * The organiser has told the attendee.
 */
told: boolean, };

export type ItemFill = { itemId: number, 
/**
 * The item's capacity, else its room's; `None`: no limit.
 */
capacity?: number | null, confirmed: number, waitlisted: number, };

export type Registrations = { 
/**
 * By name.
 */
attendees: Array<Attendee>, blocks: Array<ChoiceBlock>, workshops: Array<Workshop>, 
/**
 * Confirmed and waitlisted sign-ups (cancelled ones left out), in
 * request order.
 */
signups: Array<Signup>, 
/**
 * One per item of a block or with sign-ups.
 */
fills: Array<ItemFill>, 
/**
 * Promotions not yet told, oldest first.
 */
promotions: Array<Promotion>, };

export type PersonalStatus = "everyone" | "confirmed";

export type PersonalLine = { itemId: number, status: PersonalStatus, };

export type Obstacle = { "kind": "already_signed_up", signupId: number, status: SignupStatus, } | { "kind": "full" } | { "kind": "overlap", itemId: number, } | { "kind": "same_workshop", itemId: number, } | { "kind": "block_limit", blockId: number, held: number, max: number, };

export type ItemOption = { itemId: number, 
/**
 * What a request would meet now, as the engine decides it: nothing (a
 * confirmed seat), `full` (the waitlist), or a refusal.
 */
obstacle?: Obstacle | null, 
/**
 * A rule (overlap, same workshop, block maximum) that keeps them from
 * holding it even with a free seat. On a full item the request still
 * joins the waitlist, but they are passed over while this holds.
 */
blockedBy?: Obstacle | null, };

export type SignupMoves = { signupId: number, 
/**
 * In programme order: the other items of its item's block, or, out of
 * a block, the other items that take sign-ups (of a block, or with
 * sign-ups). What a move would meet is in the items' options.
 */
itemIds: Array<number>, };

export type AttendeeDay = { attendeeId: number, 
/**
 * Their own programme, as printed on their personal schedule.
 */
programme: Array<PersonalLine>, 
/**
 * Every item of the event, in programme order, with what stands in the
 * way of signing them up for it.
 */
options: Array<ItemOption>, 
/**
 * Where each of their sign-ups (confirmed or waitlisted) may move.
 */
moves: Array<SignupMoves>, };

export type AllocationReport = { blockId: number, 
/**
 * The sign-ups were written (`false`: a dry run).
 */
applied: boolean, 
/**
 * Attendees who ranked workshops of the block.
 */
attendees: number, 
/**
 * `by_rank[k]`: seats given at the attendee's `(k+1)`-th choice.
 */
byRank: Array<number>, 
/**
 * Attendees with at least one seat.
 */
served: number, 
/**
 * Attendees who got nothing.
 */
unserved: number, seatsWished: number, seatsGiven: number, 
/**
 * Attendees with fewer seats than they asked for.
 */
short: Array<AllocationShortfall>, 
/**
 * Per item of the block, by time.
 */
fills: Array<AllocationFill>, 
/**
 * Seats not given because the attendee holds an overlapping item
 * outside the block.
 */
conflicts: number, };

export type AllocationShortfall = { attendeeId: number, wished: number, got: number, };

export type AllocationFill = { itemId: number, 
/**
 * Seats given by the allocation.
 */
allocated: number, 
/**
 * Seats held by attendees who did not rank (kept as they were).
 */
kept: number, 
/**
 * `None`: no limit.
 */
capacity?: number | null, };

export type Warning = { "kind": "speaker_double_booked", speakerId: number, itemIds: Array<number>, } | { "kind": "room_double_booked", roomId: number, itemIds: Array<number>, } | { "kind": "outside_day", itemIds: Array<number>, } | { "kind": "capacity_over_room", roomId: number, itemIds: Array<number>, capacity: number, roomCapacity: number, };

export type HistoryState = { 
/**
 * Label of the change that undo reverts ("item.save"), if any.
 */
undo: string | null, 
/**
 * Label of the change that redo replays, if any.
 */
redo: string | null, };

export type Selection = { "kind": "all" } | { "kind": "room", "value": number } | { "kind": "speaker", "value": number } | { "kind": "items", "value": Array<number> };

export type ExportFormat = "ics" | "schedule_xml" | "schedule_json";

export type ImportFormat = "ics" | "schedule_xml";

export type ImportReport = { itemsCreated: number, itemsUpdated: number, itemsUnchanged: number, itemsDeleted: number, roomsCreated: number, speakersCreated: number, 
/**
 * Entries of the file left out: their title and why (a reason key:
 * "all_day", "outside_event_date", "cancelled", "no_duration",
 * "duplicate_uid").
 */
skipped: Array<ImportSkipped>, };

export type ImportSkipped = { line: number, title: string, reason: string, };

export type PrintDocument = "programme" | "schedules" | "speakers" | "signin" | "rooms" | "badges";

export type Lang = "fr" | "en";

export type PrintOptions = { 
/**
 * The language of the document; `None`: the event's.
 */
lang?: Lang | null, 
/**
 * Large print (programme, schedules and speaker sheets).
 */
large: boolean, 
/**
 * Schedules and badges: only these attendees (empty: every attendee).
 */
attendeeIds: Array<number>, 
/**
 * Schedules and badges: only the attendees of this category
 * (case-insensitive). With `attendee_ids`, both must match.
 */
category?: string | null, 
/**
 * Sign-in: only this item's sheet; `None`: the whole day's sheet then
 * one per item with sign-ups.
 */
itemId?: number | null, };

export type PrintFile = { 
/**
 * A name to save it under: "la-metamorphose-reciproque-2022-12-09-programme.html"
 * (its stem suits the PDF too).
 */
fileName: string, html: string, };

export type ImportSummary = { 
/**
 * Rooms of the file that the event did not have.
 */
roomsCreated: number, 
/**
 * Items whose guid matched none of the event's items.
 */
itemsCreated: number, 
/**
 * Items matched by guid whose title, times, room, text or speakers
 * changed.
 */
itemsUpdated: number, 
/**
 * Items matched by guid that the file leaves as they were.
 */
itemsUnchanged: number, 
/**
 * People of the file that the speakers directory did not have.
 */
speakersCreated: number, };

export type IcsImportSummary = { 
/**
 * New items, one for each VEVENT of the event's day not seen before.
 */
itemsCreated: number, 
/**
 * Items (matched by UID) that the file changed.
 */
itemsUpdated: number, 
/**
 * Items (matched by UID) already as the file says.
 */
itemsUnchanged: number, 
/**
 * Items removed because the file marks their VEVENT cancelled.
 */
itemsDeleted: number, 
/**
 * Rooms made for a LOCATION that named no room of the event.
 */
roomsCreated: number, 
/**
 * The VEVENTs left out, in the order of the file.
 */
skipped: Array<IcsSkipped>, };

export type IcsSkipped = { 
/**
 * The line of its `BEGIN:VEVENT` in the file.
 */
line: number, 
/**
 * Its UID; empty when it has none.
 */
uid: string, 
/**
 * Its SUMMARY; empty when it has none.
 */
title: string, reason: IcsSkipReason, };

export type IcsSkipReason = "all_day" | "outside_event_date" | "cancelled" | "no_duration" | "duplicate_uid";

export type CsvEncoding = "utf8" | "utf8_bom" | "utf16_le" | "utf16_be" | "windows1252";

export type CsvMapping = { name: number | null, firstName: number | null, lastName: number | null, email: number | null, organisation: number | null, category: number | null, notes: number | null, };

export type CsvRowAction = "create" | "update" | "unchanged" | "error";

export type CsvRow = { 
/**
 * Its line in the file (the header is line 1).
 */
line: number, cells: Array<string>, name: string, email: string, organisation: string, category: string, notes: string, action: CsvRowAction, 
/**
 * The attendee it updates (or leaves unchanged).
 */
attendeeId: number | null, };

export type CsvRowError = { line: number, 
/**
 * The attendee field at fault ("name", "email"); none for a row that
 * cannot be read.
 */
field: string | null, 
/**
 * A key the UI translates: "required", "bad_email",
 * "duplicate_in_file", "field_count", "unclosed_quote",
 * "no_name_column".
 */
reason: string, 
/**
 * In English, for the command line.
 */
message: string, };

export type CsvUpdate = { line: number, attendeeId: number, 
/**
 * Their name after the update.
 */
name: string, email: string, 
/**
 * The fields that change: "name", "organisation", "category", "notes".
 */
fields: Array<string>, };

export type CsvDuplicate = { line: number, name: string, 
/**
 * The attendee of the event with this name.
 */
attendeeId: number | null, 
/**
 * The earlier row of the file with this name.
 */
otherLine: number | null, };

export type CsvPreview = { encoding: CsvEncoding, 
/**
 * ",", ";" or a tab.
 */
delimiter: string, headers: Array<string>, 
/**
 * The mapping given, else the one guessed from the headers.
 */
mapping: CsvMapping, 
/**
 * The first 20 rows ([`PREVIEW_ROWS`]).
 */
rows: Array<CsvRow>, 
/**
 * Rows in the file, empty lines aside.
 */
rowCount: number, creates: number, updates: Array<CsvUpdate>, unchanged: number, 
/**
 * Every refused row; the import goes ahead only when there are none.
 */
errors: Array<CsvRowError>, duplicates: Array<CsvDuplicate>, };

export type CsvImportReport = { 
/**
 * True when nothing was written.
 */
dryRun: boolean, encoding: CsvEncoding, delimiter: string, mapping: CsvMapping, created: number, updated: Array<CsvUpdate>, unchanged: number, duplicates: Array<CsvDuplicate>, };

export type CsvPick = { path: string, preview: CsvPreview, };

export type Error = { code: ErrorCode, 
/**
 * The field at fault, named as in the JSON of the model ("endsAt").
 */
field?: string | null, 
/**
 * Why, as a key the UI translates ("required", "end_before_start").
 */
reason?: string | null, 
/**
 * A sentence in English naming the problem.
 */
message: string, };

export type ErrorCode = "invalid" | "not_found" | "newer_database" | "database" | "io" | "nothing_to_undo";

export const ITEM_KINDS: ItemKind[] = ["welcome", "plenary", "keynote", "round_table", "pitches", "workshop", "break", "meal", "visit", "networking", "closing", "social", "other"];

export const SPEAKER_ROLES: SpeakerRole[] = ["moderator", "speaker", "panelist", "keynote", "host", "respondent"];
