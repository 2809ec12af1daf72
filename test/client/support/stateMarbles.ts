// Client states as one-letter marbles, placed at absolute virtual times, for connection tests.
import { map, type Observable } from 'rxjs';
import type { Client } from '../../../src/client/index.js';

export const stateLetters: Record<string, string> = {
  CONNECTING: 'c', CONNECTED: 'C', SUSPENDED: 'S', EXPIRED: 'E', CLOSED: 'X', AUTH_FAILED: 'A', CONNECTEDREADONLY: 'R',
};

/** A marble string with each letter at its absolute frame: [[0,'c'],[2,'C']] -> 'c-C'. */
export function marbleAt(events: readonly (readonly [number, string])[]): string {
  let out = '';
  let frame = 0;
  for (const [at, letter] of events) {
    const gap = at - frame;
    if (gap > 0) out += gap <= 3 ? '-'.repeat(gap) : ` ${gap}ms `;
    out += letter;
    frame = at + 1;
  }
  return out;
}

export function stateMarbles(client: Client): Observable<string> {
  return client.state$.pipe(map((e) => stateLetters[e.state] ?? '?'));
}
