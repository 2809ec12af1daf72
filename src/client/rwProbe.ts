// Asking a server whether it serves read-write: the `isro` four-letter word (answer "rw", "ro" or "null"), which a
// client on a read-only server sends to the other hosts to find its way back to the quorum. A shell: TCP by default,
// injectable so virtual-time tests script the answers.

import { Observable, catchError, defaultIfEmpty, map, of, reduce, switchMap, take, timeout, type SchedulerLike } from 'rxjs';
import { dial } from '../../streams/index.js';
import type { ServerAddress } from '../proto/index.js';

/** Answers one `isro` probe: emits the server's reply text once, or errors. */
export type RwProber = (host: ServerAddress, timeoutMs: number) => Observable<string>;

/** Longer replies than this are not an `isro` answer; reading stops there. */
const ISRO_REPLY_BYTES_MAX = 64;
const ISRO = new TextEncoder().encode('isro');

export function tcpRwProber(scheduler?: SchedulerLike): RwProber {
  return (host, timeoutMs) =>
    dial({ host: host.host, port: host.port, connectTimeoutMs: Math.max(1, timeoutMs),
      ...(scheduler === undefined ? {} : { scheduler }) }).pipe(
      // No take(1) here: dial emits once anyway, and leaving it early would destroy the socket before the answer.
      switchMap((socket) => {
        socket.send(ISRO);
        // The server answers and closes; the input completing is the end of the answer.
        return socket.input$.pipe(
          reduce((text, chunk) => (text.length >= ISRO_REPLY_BYTES_MAX ? text
            : text + new TextDecoder().decode(chunk.subarray(0, ISRO_REPLY_BYTES_MAX - text.length))), ''));
      }),
    );
}

/** Whether `host` said "rw" within `timeoutMs`; any failure or silence counts as no. */
export function probeReadWrite(prober: RwProber, host: ServerAddress, timeoutMs: number, scheduler: SchedulerLike)
: Observable<boolean> {
  return defer$(() => prober(host, timeoutMs)).pipe(
    timeout({ first: timeoutMs, scheduler }),
    take(1),
    map((answer) => answer.trim() === 'rw'),
    defaultIfEmpty(false),
    catchError(() => of(false)),
  );
}

/** A prober that throws synchronously still yields an Observable error. */
function defer$(make: () => Observable<string>): Observable<string> {
  return new Observable<string>((subscriber) => {
    try {
      return make().subscribe(subscriber);
    } catch (error) {
      subscriber.error(error);
      return undefined;
    }
  });
}
