// A scan whose effects feed back into its inputs: step(state, event) -> { state, effects }, where reacting to an
// effect may produce later events (a timer firing, a reply). Events are queued and stepped one at a time
// (trampolined), so an effect that produces an event synchronously never re-enters step.
import { Observable, Subscription, type OperatorFunction } from 'rxjs';

export interface FeedbackStep<S, E, F> {
  readonly event: E;
  readonly state: S;
  readonly effects: readonly F[];
}

/** A reaction whose key replaces any earlier live reaction with the same key (e.g. re-arming a named timer).
 *  `events$: undefined` only cancels the earlier one. */
export interface KeyedReaction<E> {
  readonly key: string;
  readonly events$: Observable<E> | undefined;
}

export type Reaction<E> = Observable<E> | KeyedReaction<E> | undefined | void;

export interface FeedbackConfig<S, E, F> {
  readonly initial: S;
  readonly step: (state: S, event: E) => { readonly state: S; readonly effects: readonly F[] };
  /** Performs an effect; values of the returned Observable come back as events. */
  readonly react?: (effect: F, state: S) => Reaction<E>;
  /** Bound on events waiting to be stepped; exceeding it errors the stream (a runaway feedback loop). */
  readonly queueMax?: number;
}

export class FeedbackOverflowError extends Error {
  override readonly name = 'FeedbackOverflowError';
  readonly queueMax: number;
  constructor(queueMax: number) {
    super(`feedback queue exceeded ${queueMax} pending events`);
    this.queueMax = queueMax;
  }
}

export function feedback<S, E, F>(config: FeedbackConfig<S, E, F>): OperatorFunction<E, FeedbackStep<S, E, F>> {
  const { initial, step, react, queueMax = 10_000 } = config;
  return (events$) =>
    new Observable<FeedbackStep<S, E, F>>((subscriber) => {
      let state = initial;
      let pending: E[] = [];
      let next = 0; // index of the next event to step; pending.length - next are still waiting
      let draining = false;
      const reactions = new Subscription();
      const keyed = new Map<string, Subscription>();

      const follow = (events: Observable<E>): Subscription =>
        events.subscribe({ next: dispatch, error: (error: unknown) => subscriber.error(error) });

      const perform = (effect: F): void => {
        const reaction = react?.(effect, state);
        if (reaction === undefined) return;
        if (reaction instanceof Observable) {
          reactions.add(follow(reaction));
          return;
        }
        keyed.get(reaction.key)?.unsubscribe();
        keyed.delete(reaction.key);
        if (reaction.events$ === undefined) return;
        const subscription = follow(reaction.events$);
        if (!subscription.closed) {
          keyed.set(reaction.key, subscription);
          subscription.add(() => {
            if (keyed.get(reaction.key) === subscription) keyed.delete(reaction.key);
          });
          reactions.add(subscription);
        }
      };

      function dispatch(event: E): void {
        if (subscriber.closed) return;
        if (pending.length - next >= queueMax) {
          subscriber.error(new FeedbackOverflowError(queueMax));
          return;
        }
        pending.push(event);
        if (draining) return;
        draining = true;
        try {
          for (; next < pending.length && !subscriber.closed; next += 1) {
            const current = pending[next] as E;
            const result = step(state, current);
            state = result.state;
            subscriber.next({ event: current, state, effects: result.effects });
            for (const effect of result.effects) perform(effect);
          }
        } catch (error) {
          subscriber.error(error);
        } finally {
          pending = [];
          next = 0;
          draining = false;
        }
      }

      reactions.add(
        events$.subscribe({
          next: dispatch,
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        }),
      );
      return reactions;
    });
}
