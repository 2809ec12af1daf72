// StaticHostProvider's shuffle and rotation: spin only after a full cycle since the last good connection.
import { describe, expect, it } from 'vitest';
import { initialHostCursor, markConnected, nextHost, shuffleHosts } from '../../src/client/hostProvider.js';

const hosts = ['a', 'b', 'c'].map((host) => ({ host, port: 2181 }));

describe('host provider', () => {
  it('shuffles as Collections.shuffle does for the given random draws', () => {
    expect(shuffleHosts(hosts, () => 0).map((h) => h.host)).toEqual(['b', 'c', 'a']);
    expect(shuffleHosts(hosts, () => 0.99).map((h) => h.host)).toEqual(['a', 'b', 'c']);
  });

  it('rotates round-robin and spins when it comes back to the last connected host', () => {
    let cursor = initialHostCursor;
    const seen: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      const step = nextHost(cursor, 3);
      cursor = step.cursor;
      seen.push(`${cursor.currentIndex}${step.spin ? '*' : ''}`);
    }
    expect(seen).toEqual(['0', '1', '2', '0*', '1', '2', '0*']);
  });

  it('counts the cycle from the last successful connection', () => {
    let cursor = nextHost(nextHost(initialHostCursor, 3).cursor, 3).cursor;
    cursor = markConnected(cursor);
    const steps = [nextHost(cursor, 3)];
    for (let i = 0; i < 2; i += 1) steps.push(nextHost((steps.at(-1) as { cursor: typeof cursor }).cursor, 3));
    expect(steps.map((s) => [s.cursor.currentIndex, s.spin])).toEqual([[2, false], [0, false], [1, true]]);
  });
});
