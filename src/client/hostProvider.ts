// Host order and rotation as ZooKeeper's StaticHostProvider: shuffle once with the injected random, walk the list
// round-robin, and pause `spinDelayMs` each time a full cycle since the last good connection has gone by.

import type { ServerAddress } from '../proto/index.js';

/** Fisher-Yates from the end, the order java.util.Collections.shuffle uses. */
export function shuffleHosts(hosts: readonly ServerAddress[], random: () => number): ServerAddress[] {
  const out = [...hosts];
  for (let i = out.length; i > 1; i -= 1) {
    const j = Math.min(i - 1, Math.floor(random() * i));
    const a = out[i - 1] as ServerAddress;
    out[i - 1] = out[j] as ServerAddress;
    out[j] = a;
  }
  return out;
}

export interface HostCursor {
  /** Index of the host last handed out; -1 before the first. */
  readonly currentIndex: number;
  /** Index of the host of the last successful connection (StaticHostProvider's lastIndex); -1 before any. */
  readonly lastIndex: number;
}

export const initialHostCursor: HostCursor = { currentIndex: -1, lastIndex: -1 };

/** The next host index and whether a full cycle has passed (then the caller waits spinDelayMs). */
export function nextHost(cursor: HostCursor, hostCount: number): { readonly cursor: HostCursor; readonly spin: boolean } {
  const currentIndex = (cursor.currentIndex + 1) % Math.max(1, hostCount);
  if (cursor.lastIndex === -1) return { cursor: { currentIndex, lastIndex: 0 }, spin: false };
  return { cursor: { currentIndex, lastIndex: cursor.lastIndex }, spin: currentIndex === cursor.lastIndex };
}

/** A connection to the current host succeeded: the next full cycle counts from here. */
export function markConnected(cursor: HostCursor): HostCursor {
  return { currentIndex: cursor.currentIndex, lastIndex: cursor.currentIndex };
}
