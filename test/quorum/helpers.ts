// Shared test helpers for the quorum manager: server maps on loopback, bounded waits on events, TCP handle counts.
import { filter, firstValueFrom, take, timeout, toArray, type Observable } from 'rxjs';
import type { QuorumServerEntry } from '../../src/quorum/manager.js';

export const host = '127.0.0.1';
/** Bound on any wait in a real-socket test. */
export const waitMsMax = 10_000;

export function serversOn(ports: readonly number[], firstSid = 1n): Map<bigint, QuorumServerEntry> {
  return new Map(ports.map((port, index) =>
    [firstSid + BigInt(index), { electionAddresses: [{ host, port }], type: 'participant' as const }]));
}

export function firstMatch<T, S extends T>(source$: Observable<T>, predicate: (value: T) => value is S): Promise<S>;
export function firstMatch<T>(source$: Observable<T>, predicate: (value: T) => boolean): Promise<T>;
export function firstMatch<T>(source$: Observable<T>, predicate: (value: T) => boolean): Promise<T> {
  return firstValueFrom(source$.pipe(filter(predicate), timeout(waitMsMax)));
}

export function collect<T>(source$: Observable<T>, count: number): Promise<T[]> {
  return firstValueFrom(source$.pipe(take(count), toArray(), timeout(waitMsMax)));
}

/** Open TCP sockets and servers in this process, by Node's own resource list. */
export function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
}

/** Polls (bounded) until the predicate holds; for conditions only observable from outside, like handle counts. */
export async function eventually(predicate: () => boolean, what: string): Promise<void> {
  const attemptsMax = 200;
  for (let attempt = 0; attempt < attemptsMax; attempt += 1) {
    if (predicate()) return;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`still not true after ${attemptsMax} polls: ${what}`);
}

export function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}
