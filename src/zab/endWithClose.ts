// A connection's packet stream, ended by one last event that says how it ended. endWith and catchError would send
// that event only after the source's teardown has run (listeners removed, socket destroyed), and on a peer that has
// just lost its leader the next election round waits behind that event: here it goes out first, and the teardown
// follows.
import { Observable, type OperatorFunction } from 'rxjs';

export interface CloseEvents<R> {
  /** The source completed: the far end closed the connection. */
  readonly ended: R;
  /** The source errored: a broken socket or a malformed stream. */
  readonly failed: (error: unknown) => R;
}

export function endWithClose<T, R>(events: CloseEvents<R>): OperatorFunction<T, T | R> {
  return (source) => new Observable<T | R>((subscriber) => source.subscribe({
    next: (value) => subscriber.next(value),
    error: (error: unknown) => {
      subscriber.next(events.failed(error));
      subscriber.complete();
    },
    complete: () => {
      subscriber.next(events.ended);
      subscriber.complete();
    },
  }));
}
