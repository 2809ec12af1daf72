import { describe, expect, it } from 'vitest';
import { Subject, of, timer, map } from 'rxjs';
import { FeedbackOverflowError, feedback } from '../../streams/index.js';
import { marbles } from '../support/marbles.js';

type Event = { readonly kind: 'add'; readonly n: number } | { readonly kind: 'tick' };
type Effect = { readonly kind: 'echo'; readonly n: number } | { readonly kind: 'arm'; readonly delay: number };

describe('feedback', () => {
  it('feeds effects back as events without re-entering step', () => {
    const depth: number[] = [];
    let inside = 0;
    const events$ = new Subject<Event>();
    const steps: number[] = [];
    events$
      .pipe(
        feedback<number, Event, Effect>({
          initial: 0,
          step: (state, event) => {
            inside += 1;
            depth.push(inside);
            const next = event.kind === 'add' ? state + event.n : state;
            inside -= 1;
            // Halve until zero: each echo comes back synchronously as a new event.
            const effects = event.kind === 'add' && event.n > 1 ? [{ kind: 'echo', n: Math.floor(event.n / 2) } as const] : [];
            return { state: next, effects };
          },
          react: (effect) => (effect.kind === 'echo' ? of<Event>({ kind: 'add', n: effect.n }) : undefined),
        }),
      )
      .subscribe((step) => steps.push(step.state));
    events$.next({ kind: 'add', n: 8 });
    expect(steps).toEqual([8, 12, 14, 15]);
    expect(Math.max(...depth)).toBe(1);
  });

  it('re-arming a keyed reaction cancels the earlier one (a named timer)', marbles((m) => {
    const events$ = m.hot<Event>('a----a---------', { a: { kind: 'add', n: 1 } });
    const steps$ = events$.pipe(
      feedback<number, Event, Effect>({
        initial: 0,
        step: (state, event) =>
          event.kind === 'add'
            ? { state: state + 1, effects: [{ kind: 'arm', delay: 6 }] }
            : { state: state * 100, effects: [] },
        react: (effect) =>
          effect.kind === 'arm'
            ? { key: 'timer', events$: timer(effect.delay, m.scheduler).pipe(map((): Event => ({ kind: 'tick' }))) }
            : undefined,
      }),
      map((step) => step.state),
    );
    // The first timer (due at 6) is replaced at 5 by one due at 11; only that one fires.
    m.expect(steps$).toBeObservable('a----b-----c---', { a: 1, b: 2, c: 200 });
  }));

  it('errors when fed-back events run away past queueMax', () => {
    const events$ = new Subject<Event>();
    let error: unknown;
    events$
      .pipe(
        feedback<number, Event, Effect>({
          initial: 0,
          queueMax: 50,
          step: (state) => ({ state: state + 1, effects: [{ kind: 'echo', n: 1 }, { kind: 'echo', n: 1 }] }),
          react: () => of<Event>({ kind: 'add', n: 1 }),
        }),
      )
      .subscribe({ error: (e: unknown) => (error = e) });
    events$.next({ kind: 'add', n: 1 });
    expect(error).toBeInstanceOf(FeedbackOverflowError);
  });

  it('counts only waiting events against queueMax, so a long but narrow cascade is fine', () => {
    const events$ = new Subject<Event>();
    let last = -1;
    let error: unknown;
    events$
      .pipe(
        feedback<number, Event, Effect>({
          initial: 0,
          queueMax: 10,
          // Each step feeds back exactly one event until 20,000: never more than one waits at a time.
          step: (state) => ({ state: state + 1, effects: state + 1 < 20_000 ? [{ kind: 'echo', n: 1 }] : [] }),
          react: () => of<Event>({ kind: 'add', n: 1 }),
        }),
      )
      .subscribe({ next: (s) => (last = s.state), error: (e: unknown) => (error = e) });
    events$.next({ kind: 'add', n: 1 });
    expect(error).toBeUndefined();
    expect(last).toBe(20_000);
  });

  it('errors thrown by step end the stream with that error', () => {
    const events$ = new Subject<Event>();
    let error: unknown;
    events$
      .pipe(feedback<number, Event, Effect>({ initial: 0, step: () => { throw new Error('bad step'); } }))
      .subscribe({ error: (e: unknown) => (error = e) });
    events$.next({ kind: 'tick' });
    expect(String(error)).toContain('bad step');
  });
});
