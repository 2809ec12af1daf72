import { describe, expect, it } from 'vitest';
import { JuteError, JuteReader } from '../../src/jute/index.js';
import { fromHex } from './hex.js';

function errorOf(read: () => unknown): JuteError {
  try {
    read();
  } catch (error) {
    if (error instanceof JuteError) return error;
    throw error;
  }
  throw new Error('expected a JuteError');
}

describe('JuteReader', () => {
  it('reads big-endian signed ints and longs', () => {
    const reader = new JuteReader(fromHex('fffffff5 8000000000000000 00000000000000ff'));
    expect(reader.readInt()).toBe(-11);
    expect(reader.readLong()).toBe(-0x8000000000000000n);
    expect(reader.readLong()).toBe(255n);
    expect(reader.remaining).toBe(0);
  });

  it('treats any non-zero byte as true, like Java', () => {
    const reader = new JuteReader(fromHex('00 01 7f'));
    expect([reader.readBoolean(), reader.readBoolean(), reader.readBoolean()]).toEqual([false, true, true]);
  });

  it('reads -1 lengths as null and 0 as empty', () => {
    const reader = new JuteReader(fromHex('ffffffff 00000000 ffffffff 00000000 ffffffff'));
    expect(reader.readBuffer()).toBeNull();
    expect(reader.readBuffer()).toEqual(new Uint8Array());
    expect(reader.readUstring()).toBeNull();
    expect(reader.readUstring()).toBe('');
    expect(reader.readVector((r) => r.readInt(), 10)).toBeNull();
  });

  it('copies buffers so they survive reuse of the frame', () => {
    const bytes = fromHex('00000002 0102');
    const buffer = new JuteReader(bytes).readBuffer();
    bytes[4] = 9;
    expect(buffer).toEqual(new Uint8Array([1, 2]));
  });

  it('reads a vector of strings', () => {
    const reader = new JuteReader(fromHex('00000002 00000001 61 00000002 6263'));
    expect(reader.readList((r) => r.readString(), 10)).toEqual(['a', 'bc']);
  });

  it('throws JUTE_TRUNCATED with the offset when bytes run out', () => {
    const error = errorOf(() => {
      const reader = new JuteReader(fromHex('00000001 0000'));
      reader.readInt();
      reader.readInt();
    });
    expect(error.code).toBe('JUTE_TRUNCATED');
    expect(error.offset).toBe(4);
    expect(error.message).toBe('JUTE_TRUNCATED: need 4 bytes, 2 left at offset 4');
    expect(error.name).toBe('JuteError');
  });

  it('throws JUTE_TRUNCATED when a length claims more bytes than remain', () => {
    expect(errorOf(() => new JuteReader(fromHex('00000005 6162')).readUstring()).code).toBe('JUTE_TRUNCATED');
  });

  it('throws JUTE_LENGTH for lengths below -1 or above the maximum', () => {
    expect(errorOf(() => new JuteReader(fromHex('fffffffe')).readBuffer()).code).toBe('JUTE_LENGTH');
    const reader = new JuteReader(fromHex('00000011'), { lengthBytesMax: 16 });
    expect(errorOf(() => reader.readUstring()).code).toBe('JUTE_LENGTH');
  });

  it('throws JUTE_COUNT for vector counts that are negative, above the maximum or above the bytes left', () => {
    const readInts = (hex: string, countMax: number) => () =>
      new JuteReader(fromHex(hex)).readVector((r) => r.readInt(), countMax);
    expect(errorOf(readInts('fffffffe', 10)).code).toBe('JUTE_COUNT');
    expect(errorOf(readInts('0000000b', 10)).code).toBe('JUTE_COUNT');
    expect(errorOf(readInts('7fffffff 00', 0x7fffffff)).code).toBe('JUTE_COUNT');
  });

  it('throws JUTE_NULL where a record requires a value', () => {
    expect(errorOf(() => new JuteReader(fromHex('ffffffff')).readString()).code).toBe('JUTE_NULL');
    expect(errorOf(() => new JuteReader(fromHex('ffffffff')).readList((r) => r.readInt(), 1)).code).toBe(
      'JUTE_NULL',
    );
  });

  it('throws JUTE_TRAILING on leftover bytes', () => {
    const reader = new JuteReader(fromHex('00000001 00'));
    reader.readInt();
    expect(errorOf(() => reader.expectEnd()).code).toBe('JUTE_TRAILING');
  });

  it('reads from a subarray at a non-zero byte offset', () => {
    const whole = fromHex('ffff 0000002a');
    expect(new JuteReader(whole.subarray(2)).readInt()).toBe(42);
  });
});
