import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JuteReader, JuteWriter } from '../../src/jute/index.js';
import { toHex } from './hex.js';

describe('JuteWriter', () => {
  it('writes each jute type big-endian', () => {
    const writer = new JuteWriter()
      .writeInt(-11)
      .writeLong(0x0100010d6ee0000n)
      .writeBoolean(true)
      .writeBuffer(null)
      .writeUstring('/a')
      .writeVector(['x'], (w, item) => w.writeUstring(item));
    const expected = ['fffffff5', '00100010d6ee0000', '01', 'ffffffff', '000000022f61', '00000001', '0000000178'];
    expect(toHex(writer.toBytes())).toBe(expected.join(''));
  });

  it('grows from a tiny buffer without losing bytes', () => {
    const writer = new JuteWriter({ initialBytes: 1 });
    for (let index = 0; index < 1000; index += 1) writer.writeInt(index);
    const reader = new JuteReader(writer.toBytes());
    const values = Array.from({ length: 1000 }, () => reader.readInt());
    expect(values).toEqual(Array.from({ length: 1000 }, (_, index) => index));
    expect(writer.byteLength).toBe(4000);
  });

  it('refuses values that do not fit instead of wrapping', () => {
    expect(() => new JuteWriter().writeInt(0x8000_0000)).toThrow(RangeError);
    expect(() => new JuteWriter().writeInt(1.5)).toThrow(RangeError);
    expect(() => new JuteWriter().writeLong(1n << 63n)).toThrow(RangeError);
  });

  it('round-trips every primitive through the reader', () => {
    const primitives = fc.record({
      int: fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff }),
      long: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }),
      flag: fc.boolean(),
      buffer: fc.option(fc.uint8Array({ maxLength: 64 }), { nil: null }),
      text: fc.option(fc.string({ unit: 'grapheme', maxLength: 32 }), { nil: null }),
      list: fc.option(fc.array(fc.string({ maxLength: 8 }), { maxLength: 8 }), { nil: null }),
    });
    fc.assert(
      fc.property(primitives, (value) => {
        const bytes = new JuteWriter({ initialBytes: 8 })
          .writeInt(value.int)
          .writeLong(value.long)
          .writeBoolean(value.flag)
          .writeBuffer(value.buffer)
          .writeUstring(value.text)
          .writeVector(value.list, (w, item) => w.writeUstring(item))
          .toBytes();
        const reader = new JuteReader(bytes);
        const decoded = {
          int: reader.readInt(),
          long: reader.readLong(),
          flag: reader.readBoolean(),
          buffer: reader.readBuffer(),
          text: reader.readUstring(),
          list: reader.readVector((r) => r.readString(), 8),
        };
        reader.expectEnd();
        expect(decoded).toEqual(value);
      }),
    );
  });
});

describe('JuteWriter strings', () => {
  it('writes the UTF-8 byte count, not the UTF-16 length, before the text', () => {
    const bytes = new JuteWriter({ initialBytes: 1 }).writeUstring('/é😀').writeInt(7).toBytes();
    expect(toHex(bytes)).toBe('00000007' + '2fc3a9f09f9880' + '00000007');
    const reader = new JuteReader(bytes);
    expect(reader.readUstring()).toBe('/é😀');
    expect(reader.readInt()).toBe(7);
    reader.expectEnd();
  });
});
