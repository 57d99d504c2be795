// Structural sharing for what the backend sends again after a change: the
// parts that did not change keep the objects the screen already shows.
// Svelte compares by identity, so an item that is the same object is not
// drawn again: after moving one item of five hundred, one is.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * `next`, with every part deep-equal to the same part of `prev` replaced by
 * `prev`'s object (and `prev` itself when all of it is equal). Array
 * elements that are objects with an `id` are matched by id, others by
 * place. Both are plain JSON values (what came through IPC); neither is
 * changed.
 */
export function share<T>(prev: T | null | undefined, next: T): T {
  return shareValue((prev ?? null) as Json, next as Json) as T;
}

function shareValue(prev: Json, next: Json): Json {
  if (prev === next || prev === null || next === null || typeof prev !== 'object' || typeof next !== 'object') {
    return prev === next ? prev : next;
  }
  if (Array.isArray(prev) !== Array.isArray(next)) return next;
  return Array.isArray(next) ? shareArray(prev as Json[], next) : shareObject(prev as Record<string, Json>, next);
}

function idOf(value: Json): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value.id : undefined;
}

function shareArray(prev: Json[], next: Json[]): Json[] {
  let byId: Map<unknown, Json> | null = null;
  let same = prev.length === next.length;
  const out = next.map((value, i) => {
    const id = idOf(value);
    let before: Json | undefined = prev[i];
    if (id != null && idOf(before ?? null) !== id) {
      byId ??= new Map(prev.map((p) => [idOf(p), p]));
      before = byId.get(id);
    }
    const shared = before === undefined ? value : shareValue(before, value);
    if (shared !== prev[i]) same = false;
    return shared;
  });
  return same ? prev : out;
}

function shareObject(prev: Record<string, Json>, next: Record<string, Json>): Record<string, Json> {
  const keys = Object.keys(next);
  let same = keys.length === Object.keys(prev).length;
  const out: Record<string, Json> = {};
  for (const key of keys) {
    const shared = key in prev ? shareValue(prev[key], next[key]) : next[key];
    if (shared !== prev[key]) same = false;
    out[key] = shared;
  }
  return same ? prev : out;
}
