// A part of the interface loaded when first needed (an `import()`), and
// asked for again after a failure rather than remembered as failed.

export class Lazy<T> {
  /** What was loaded; null until then, and after a failure. */
  value = $state.raw<T | null>(null);
  /** Whether the last try failed (and no try is under way). */
  failed = $state(false);
  #loading: Promise<T | null> | undefined;
  readonly #load: () => Promise<T>;
  readonly #onError: (e: unknown) => void;

  constructor(load: () => Promise<T>, onError: (e: unknown) => void) {
    this.#load = load;
    this.#onError = onError;
  }

  /** The value, loaded once: every call while a load is under way or
   * after it succeeded shares it; after a failure, the next call tries
   * again. Resolves to null when the load fails. */
  get(): Promise<T | null> {
    if (this.#loading) return this.#loading;
    this.failed = false;
    this.#loading = this.#load().then(
      (loaded) => (this.value = loaded),
      (e: unknown) => {
        this.#loading = undefined;
        this.failed = true;
        this.#onError(e);
        return null;
      },
    );
    return this.#loading;
  }
}
