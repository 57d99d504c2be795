// The one module that talks to the Rust backend. Every other module calls
// these typed functions; tests install a mock with `setBackend`.

import { invoke } from '@tauri-apps/api/core';
import type {
  CsvImportReport,
  CsvMapping,
  CsvPick,
  CsvPreview,
  AllocationReport,
  Attendee,
  AttendeeDay,
  ChoiceBlock,
  Error as ApiError,
  Event,
  ExportFormat,
  ImportFormat,
  ImportReport,
  Selection,
  EventSummary,
  HistoryState,
  Item,
  PrintDocument,
  PrintOptions,
  Programme,
  Promotion,
  Registrations,
  Room,
  Signup,
  SignupSource,
  Speaker,
  Venue,
} from './bindings';

export type { ApiError };

/** A printed document opened for preview: the app serves its HTML at `url`
 * (scheme `deroule-print:`) until a few newer ones replace it. */
export interface PrintView {
  token: number;
  url: string;
  document: PrintDocument;
  /** The name its PDF is offered under. */
  pdfName: string;
}

/** What "save as PDF" did: wrote the file, was cancelled, or (macOS,
 * Windows) opened the system print dialog, which saves PDFs. */
export type PdfOutcome = { kind: 'saved'; path: string } | { kind: 'cancelled' } | { kind: 'printDialog' };

export interface Backend {
  listEvents(): Promise<EventSummary[]>;
  createEvent(event: Event): Promise<Event>;
  updateEvent(event: Event): Promise<Event>;
  duplicateEvent(id: number, copySuffix: string): Promise<Event>;
  deleteEvent(id: number): Promise<void>;
  getProgramme(eventId: number): Promise<Programme>;
  saveVenue(eventId: number, venue: Venue): Promise<Venue>;
  saveRoom(room: Room): Promise<Room>;
  /** Moves a room one place left (-1) or right (+1). */
  moveRoom(id: number, delta: number): Promise<Room[]>;
  deleteRoom(id: number): Promise<void>;
  saveItem(item: Item): Promise<Item>;
  deleteItem(id: number): Promise<void>;
  listSpeakers(): Promise<Speaker[]>;
  saveSpeaker(speaker: Speaker): Promise<Speaker>;
  deleteSpeaker(id: number): Promise<void>;
  /** Attendees, blocks, workshops, sign-ups, fills and promotions to tell. */
  registrations(eventId: number): Promise<Registrations>;
  /** One attendee's own programme and what stands in the way of each
   * sign-up, as the core's rules decide. */
  attendeeDay(eventId: number, attendeeId: number): Promise<AttendeeDay>;
  saveAttendee(attendee: Attendee): Promise<Attendee>;
  deleteAttendee(id: number): Promise<void>;
  /** Confirmed when a seat is free, waitlisted when full, else refused. */
  signUp(itemId: number, attendeeId: number, source: SignupSource): Promise<Signup>;
  /** Returns the waitlisted sign-ups promoted into the freed seat. */
  cancelSignup(id: number): Promise<Promotion[]>;
  moveSignup(signupId: number, itemId: number): Promise<Signup>;
  /** Present (true), absent (false) or not known (null). */
  setAttendance(signupId: number, attended: boolean | null): Promise<Signup>;
  setPromotionTold(id: number, told: boolean): Promise<void>;
  saveBlock(block: ChoiceBlock): Promise<ChoiceBlock>;
  deleteBlock(id: number): Promise<void>;
  /** Puts an item in a block (as its own workshop, or as another occurrence
   * of `sameAs`'s workshop); `blockId` null takes it out. */
  setItemWorkshop(itemId: number, blockId: number | null, sameAs: number | null): Promise<void>;
  /** A block of these items; items with the same title become one workshop. */
  makeBlock(block: ChoiceBlock, itemIds: number[]): Promise<ChoiceBlock>;
  setRanking(attendeeId: number, blockId: number, workshopIds: number[]): Promise<void>;
  /** Block id → workshop ids, first choice first. */
  rankings(attendeeId: number): Promise<Record<number, number[]>>;
  allocateBlock(blockId: number, dryRun: boolean): Promise<AllocationReport>;
  loadDemo(): Promise<number>;
  undo(): Promise<HistoryState>;
  redo(): Promise<HistoryState>;
  history(): Promise<HistoryState>;
  databasePath(): Promise<string>;
  /** Asks where to save (or uses --save-to), writes, returns the path;
   * null when the user cancelled. */
  exportFile(eventId: number, format: ExportFormat, selection: Selection): Promise<string | null>;
  /** Asks which file, imports it all or nothing; null when cancelled. */
  importFile(eventId: number, format: ImportFormat): Promise<ImportReport | null>;
  /** Asks which attendee list (CSV) to open (or uses --open-from) and
   * previews it with the mapping guessed from its headers; null when
   * cancelled. */
  pickAttendeesCsv(eventId: number): Promise<CsvPick | null>;
  /** Previews a picked list again with another mapping (null: the guess). */
  previewAttendeesCsv(eventId: number, path: string, mapping: CsvMapping | null): Promise<CsvPreview>;
  /** Imports a picked list, all or nothing; rejects naming the lines at
   * fault when any row is refused. */
  importAttendeesCsv(eventId: number, path: string, mapping: CsvMapping | null): Promise<CsvImportReport>;
  /** Renders a printed document and keeps it for the preview and printing. */
  openPrint(eventId: number, document: PrintDocument, options: PrintOptions): Promise<PrintView>;
  /** Opens the system print dialog for an opened document. */
  printDocument(token: number): Promise<void>;
  /** Asks where (or uses --save-to) and writes the opened document as a PDF. */
  savePdf(token: number): Promise<PdfOutcome>;
}

/** Turns whatever a command rejected with into an `ApiError`. */
export function asApiError(e: unknown): ApiError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    return e as ApiError;
  }
  return { code: 'io', message: String(e) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw asApiError(e);
  }
}

export const tauriBackend: Backend = {
  listEvents: () => call('list_events'),
  createEvent: (event) => call('create_event', { event }),
  updateEvent: (event) => call('update_event', { event }),
  duplicateEvent: (id, copySuffix) => call('duplicate_event', { id, copySuffix }),
  deleteEvent: (id) => call('delete_event', { id }),
  getProgramme: (eventId) => call('get_programme', { eventId }),
  saveVenue: (eventId, venue) => call('save_venue', { eventId, venue }),
  saveRoom: (room) => call('save_room', { room }),
  moveRoom: (id, delta) => call('move_room', { id, delta }),
  deleteRoom: (id) => call('delete_room', { id }),
  saveItem: (item) => call('save_item', { item }),
  deleteItem: (id) => call('delete_item', { id }),
  listSpeakers: () => call('list_speakers'),
  saveSpeaker: (speaker) => call('save_speaker', { speaker }),
  deleteSpeaker: (id) => call('delete_speaker', { id }),
  registrations: (eventId) => call('registrations', { eventId }),
  attendeeDay: (eventId, attendeeId) => call('attendee_day', { eventId, attendeeId }),
  saveAttendee: (attendee) => call('save_attendee', { attendee }),
  deleteAttendee: (id) => call('delete_attendee', { id }),
  signUp: (itemId, attendeeId, source) => call('sign_up', { itemId, attendeeId, source }),
  cancelSignup: (id) => call('cancel_signup', { id }),
  moveSignup: (signupId, itemId) => call('move_signup', { signupId, itemId }),
  setAttendance: (signupId, attended) => call('set_attendance', { signupId, attended }),
  setPromotionTold: (id, told) => call('set_promotion_told', { id, told }),
  saveBlock: (block) => call('save_block', { block }),
  deleteBlock: (id) => call('delete_block', { id }),
  setItemWorkshop: (itemId, blockId, sameAs) => call('set_item_workshop', { itemId, blockId, sameAs }),
  makeBlock: (block, itemIds) => call('make_block', { block, itemIds }),
  setRanking: (attendeeId, blockId, workshopIds) => call('set_ranking', { attendeeId, blockId, workshopIds }),
  rankings: (attendeeId) => call('rankings', { attendeeId }),
  allocateBlock: (blockId, dryRun) => call('allocate_block', { blockId, dryRun }),
  loadDemo: () => call('load_demo'),
  undo: () => call('undo'),
  redo: () => call('redo'),
  history: () => call('history'),
  databasePath: () => call('database_path'),
  exportFile: (eventId, format, selection) => call('export_file', { eventId, format, selection }),
  importFile: (eventId, format) => call('import_file', { eventId, format }),
  pickAttendeesCsv: (eventId) => call('pick_attendees_csv', { eventId }),
  previewAttendeesCsv: (eventId, path, mapping) =>
    call('preview_attendees_csv', { eventId, path, mapping }),
  importAttendeesCsv: (eventId, path, mapping) =>
    call('import_attendees_csv', { eventId, path, mapping }),
  openPrint: (eventId, document, options) => call('open_print', { eventId, document, options }),
  printDocument: (token) => call('print_document', { token }),
  savePdf: (token) => call('save_pdf', { token }),
};

let current: Backend = tauriBackend;

/** The backend in use. */
export function backend(): Backend {
  return current;
}

/** Replaces the backend (tests). */
export function setBackend(b: Backend): void {
  current = b;
}
