import { describe, expect, it } from 'vitest';
import { Lazy } from './lazy.svelte';

describe('a part loaded when first needed', () => {
  it('is loaded once, however often it is asked for', async () => {
    let loads = 0;
    const lazy = new Lazy(async () => ++loads, () => undefined);
    expect(lazy.value).toBeNull();
    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    expect([a, b, await lazy.get()]).toEqual([1, 1, 1]);
    expect(loads).toBe(1);
    expect(lazy.value).toBe(1);
    expect(lazy.failed).toBe(false);
  });

  it('says a failure, and is asked for again on the next call', async () => {
    const errors: unknown[] = [];
    let tries = 0;
    const lazy = new Lazy(
      async () => {
        tries += 1;
        if (tries === 1) throw new Error('the script could not be read');
        return 'screen';
      },
      (e) => errors.push(e),
    );
    expect(await lazy.get()).toBeNull();
    expect(lazy.failed).toBe(true);
    expect(lazy.value).toBeNull();
    expect(errors.map((e) => (e as Error).message)).toEqual(['the script could not be read']);

    const again = lazy.get();
    // Under way again: no longer said to have failed.
    expect(lazy.failed).toBe(false);
    expect(await again).toBe('screen');
    expect(lazy.value).toBe('screen');
    expect(tries).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
