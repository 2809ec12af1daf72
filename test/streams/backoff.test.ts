import { describe, expect, it } from 'vitest';
import { defer, type Observable } from 'rxjs';
import { backoffDelayMs, backoffTable, retryBackoff } from '../../streams/index.js';
import { marbles } from '../support/marbles.js';

describe('backoff tables', () => {
  it('doubles from the initial delay up to the cap', () => {
    expect(backoffTable(8, { initialMs: 200, maxMs: 60_000 })).toEqual([200, 400, 800, 1600, 3200, 6400, 12800, 25600]);
    expect(backoffTable(12, { initialMs: 200, maxMs: 60_000 }).slice(-3)).toEqual([60_000, 60_000, 60_000]);
  });

  it('supports other factors', () => {
    expect(backoffTable(4, { initialMs: 10, maxMs: 1000, factor: 3 })).toEqual([10, 30, 90, 270]);
  });

  it('spreads jitter with the injected random and never exceeds the cap', () => {
    const config = { initialMs: 1000, maxMs: 1500, jitter: 0.5 };
    expect(backoffDelayMs(1, { ...config, random: () => 0 })).toBe(500);
    expect(backoffDelayMs(1, { ...config, random: () => 0.5 })).toBe(1000);
    expect(backoffDelayMs(1, { ...config, random: () => 0.999999 })).toBe(1500);
    expect(backoffDelayMs(5, { ...config, random: () => 0.999999 })).toBe(1500);
  });

  it('survives absurd attempt numbers', () => {
    expect(backoffDelayMs(10_000, { initialMs: 1, maxMs: 5 })).toBe(5);
  });
});

describe('retryBackoff', () => {
  it('resubscribes after doubling delays: a reconnect cascade in virtual time', marbles((m) => {
    const connection = m.cold('-#');
    const retried = connection.pipe(retryBackoff({ initialMs: 2, maxMs: 8, retriesMax: 4, scheduler: m.scheduler }));
    // Each attempt fails 1 frame after subscribing; waits are 2, 4, 8, 8 frames (the cap).
    m.expect(retried).toBeObservable('---------------------------#');
    m.expect(connection).toHaveSubscriptions([
      '^!',
      '---^!',
      '--------^!',
      '-----------------^!',
      '--------------------------^!',
    ]);
  }));

  it('starts the table again after a successful emission when resetOnSuccess is set', marbles((m) => {
    // Attempt 1 fails, attempt 2 emits then fails, attempts 3 and 4 fail: the wait after attempt 2 is 3 again,
    // and the retry budget (2) counts from the success too.
    const attempts = [m.cold('-#'), m.cold('-a#'), m.cold('-#'), m.cold('-#')];
    let attempt = 0;
    const connection = defer(() => attempts[Math.min(attempt++, attempts.length - 1)] as Observable<string>);
    const retried = connection.pipe(
      retryBackoff({ initialMs: 3, maxMs: 100, retriesMax: 2, resetOnSuccess: true, scheduler: m.scheduler }),
    );
    m.expect(retried).toBeObservable('-----a-----------#');
    const [first, second, third, fourth] = attempts as unknown as [Observable<string>, Observable<string>, Observable<string>, Observable<string>];
    m.expect(first).toHaveSubscriptions('^!');
    m.expect(second).toHaveSubscriptions('----^-!');
    m.expect(third).toHaveSubscriptions('---------^!'); // waited 3 again, not 6: the table restarted
    m.expect(fourth).toHaveSubscriptions('----------------^!');
  }));

  it('passes errors through at once when shouldRetry says no', marbles((m) => {
    const connection = m.cold('-#', undefined, new Error('fatal'));
    const retried = connection.pipe(
      retryBackoff({ initialMs: 5, maxMs: 5, scheduler: m.scheduler, shouldRetry: () => false }),
    );
    m.expect(retried).toBeObservable('-#', undefined, new Error('fatal'));
  }));
});
