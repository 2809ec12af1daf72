import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lastValueFrom, from, toArray } from 'rxjs';
import { FrameDecoder, FrameLengthError, decodeFrames, encodeFrame } from '../../streams/index.js';
import { marbles } from '../support/marbles.js';
import { concat, int32, splitAt, toHex } from '../support/bytes.js';

const frameBytesMax = 1024;
const payloadA = new Uint8Array([1, 2, 3, 4, 5]);
const payloadB = new Uint8Array(Array.from({ length: 40 }, (_, i) => i * 3));
const stream = concat([encodeFrame(payloadA), encodeFrame(payloadB)]);

describe('encodeFrame', () => {
  it('prefixes the payload with its int32 big-endian length', () => {
    expect(toHex(encodeFrame(new Uint8Array([0xaa, 0xbb])))).toBe('00000002aabb');
    expect(toHex(encodeFrame(new Uint8Array(300)).subarray(0, 4))).toBe('0000012c');
  });
});

describe('decodeFrames', () => {
  it('decodes the same frames whatever byte offset the stream is split at', marbles((m) => {
    for (let offset = 0; offset <= stream.length; offset += 1) {
      const [first, second] = splitAt(stream, [offset]) as [Uint8Array, Uint8Array];
      const source = m.cold('-x---y---|', { x: first, y: second });
      const frames = source.pipe(decodeFrames({ frameBytesMax }));
      // Frame A (9 bytes on the wire) is out as soon as its last byte is; frame B needs the whole stream.
      const expected = offset === stream.length ? '-(ab)----|' : offset >= 9 ? '-a---b---|' : '-----(ab)|';
      m.expect(frames).toBeObservable(expected, { a: payloadA, b: payloadB });
    }
  }));

  it('errors on a zero, negative or oversize length as soon as the header arrives', marbles((m) => {
    for (const length of [0, -1, frameBytesMax + 1, 0x7fffffff]) {
      const header = m.cold('-h-p-|', { h: int32(length), p: new Uint8Array(10) });
      m.expect(header.pipe(decodeFrames({ frameBytesMax }))).toBeObservable(
        '-#',
        undefined,
        new FrameLengthError(length, frameBytesMax),
      );
    }
  }));

  it('accepts a frame of exactly frameBytesMax', marbles((m) => {
    const big = new Uint8Array(frameBytesMax).fill(7);
    const source = m.cold('-x|', { x: encodeFrame(big) });
    m.expect(source.pipe(decodeFrames({ frameBytesMax }))).toBeObservable('-a|', { a: big });
  }));
});

describe('FrameDecoder', () => {
  it('does not buffer any payload of a frame whose length is refused', () => {
    const decoder = new FrameDecoder({ frameBytesMax });
    expect(() => decoder.push(concat([int32(1 << 30), new Uint8Array(100)]))).toThrow(FrameLengthError);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('holds only the incomplete remainder between chunks', () => {
    const decoder = new FrameDecoder({ frameBytesMax });
    expect(decoder.push(stream.subarray(0, 12))).toEqual([payloadA]);
    expect(decoder.bufferedBytes).toBe(3);
    expect(decoder.push(stream.subarray(12))).toEqual([payloadB]);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('decodes a large frame fed one byte at a time', () => {
    const payload = new Uint8Array(64 * 1024).map((_, i) => i & 0xff);
    const bytes = encodeFrame(payload);
    const decoder = new FrameDecoder({ frameBytesMax: payload.length });
    const frames: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += 1) frames.push(...decoder.push(bytes.subarray(i, i + 1)));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toEqual(payload);
  });

  it('round-trips any frame sequence under any chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        async (payloads, cuts) => {
          const bytes = concat(payloads.map(encodeFrame));
          const offsets = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
          const chunks = splitAt(bytes, offsets);
          const decoded = await lastValueFrom(from(chunks).pipe(decodeFrames({ frameBytesMax: 300 }), toArray()));
          expect(decoded.map(toHex)).toEqual(payloads.map(toHex));
        },
      ),
      { numRuns: 300 },
    );
  });
});
