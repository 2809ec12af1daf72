import { describe, expect, it } from 'vitest';
import { initialSessionId } from '../../src/server/sessionIds.js';
import { passwordMatches, sessionPassword } from '../../src/server/sessionPassword.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('session ids and passwords as ZooKeeper derives them', () => {
  it('password(0x0100017f3a5b0000) is the JVM-verified value from the spec', () => {
    expect(hex(sessionPassword(0x0100017f3a5b0000n))).toBe('07825e3d88d818c7bd2d7f4d11901ce8');
  });

  it('a password only matches its own session', () => {
    const id = 0x0100017f3a5b0000n;
    expect(passwordMatches(id, sessionPassword(id))).toBe(true);
    expect(passwordMatches(id + 1n, sessionPassword(id))).toBe(false);
    expect(passwordMatches(id, new Uint8Array(16))).toBe(false);
  });

  it('the first session id puts the server id on top and the clock below (spec example)', () => {
    expect(initialSessionId(123456789012n, 5n)).toBe(0x051cbe991a140000n);
  });

  it('standalone ids start with server id 1 and have 16 zero low bits', () => {
    const id = initialSessionId(987654321n, 1n);
    expect(id >> 56n).toBe(1n);
    expect(id & 0xffffn).toBe(0n);
  });
});
