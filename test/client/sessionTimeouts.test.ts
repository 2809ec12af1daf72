// The Java client's timeout arithmetic, with the spec's worked example (30000 ms, 3 hosts).
import { describe, expect, it } from 'vitest';
import { connectTimeoutMs, pingIdleMs, readTimeoutMs } from '../../src/client/sessionTimeouts.js';

describe('session timeouts', () => {
  it('30000 ms over 3 hosts: connect 10000, read 20000, ping after 9000 idle', () => {
    expect(connectTimeoutMs(30_000, 3)).toBe(10_000);
    expect(readTimeoutMs(30_000)).toBe(20_000);
    expect(pingIdleMs(readTimeoutMs(30_000))).toBe(9000);
  });

  it('uses integer arithmetic like Java', () => {
    expect(connectTimeoutMs(10_000, 3)).toBe(3333);
    expect(readTimeoutMs(10_000)).toBe(6666);
    expect(pingIdleMs(6666)).toBe(2333);
  });

  it('never lets send idleness pass 10000 ms, and handles short timeouts', () => {
    expect(pingIdleMs(readTimeoutMs(60_000))).toBe(10_001);
    expect(pingIdleMs(readTimeoutMs(4000))).toBe(1001);
    expect(pingIdleMs(1000)).toBe(500);
  });
});
