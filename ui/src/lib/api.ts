// The one module that talks to the Rust backend. Every other module calls
// the typed functions of `backend()`; tests install a mock with
// `setBackend`. The functions and their types are generated from the Rust
// commands (`commands.ts`, `bindings.ts`): a command is declared once, in
// `src-tauri/src/commands/`.

import { invoke } from '@tauri-apps/api/core';
import type { Error as ApiError } from './bindings';
import { commands, type Backend } from './commands';

export type { ApiError, Backend };
export type { PdfOutcome, PrintView } from './bindings';

/** Turns whatever a command rejected with into an `ApiError`. */
export function asApiError(e: unknown): ApiError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    return e as ApiError;
  }
  return { code: 'io', message: String(e) };
}

/** Sends one command to the Rust backend; rejects with an `ApiError`. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw asApiError(e);
  }
}

export const tauriBackend: Backend = commands(call);

let current: Backend = tauriBackend;

/** The backend in use. */
export function backend(): Backend {
  return current;
}

/** Replaces the backend (tests). */
export function setBackend(b: Backend): void {
  current = b;
}
