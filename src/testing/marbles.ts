// rxjs-marbles configured for any test framework with a Jest-style `expect` (vitest included): rxjs-marbles has no
// vitest entry, so its root `configure` is given vitest's deep equality. Users copy this one line into their tests.
import { configure, type Context } from 'rxjs-marbles';

export type { Context as MarblesContext } from 'rxjs-marbles';

/** The subset of a Jest/vitest `expect` that the marbles helper needs. */
export interface ExpectLike {
  (actual: unknown): { toStrictEqual(expected: unknown): void; toBeTruthy(): void };
}

/** Returns `marbles(fn)` wired to the given `expect`, e.g. `configureMarbles(expect)` in vitest. */
export function configureMarbles(expect: ExpectLike): ReturnType<typeof configure> {
  return configure({
    assert: (value: unknown, message: string) => {
      if (!value) throw new Error(message);
    },
    assertDeepEqual: (actual: unknown, expected: unknown) => expect(actual).toStrictEqual(expected),
    frameworkMatcher: true,
  });
}

export type MarblesTest = (context: Context) => void;
