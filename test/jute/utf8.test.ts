import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8 } from '../../src/jute/index.js';
import { fromHex, toHex } from './hex.js';

describe('jute strings', () => {
  it('writes standard UTF-8', () => {
    expect(toHex(encodeUtf8('/é😀'))).toBe('2f' + 'c3a9' + 'f09f9880');
  });

  it('reads standard UTF-8', () => {
    expect(decodeUtf8(fromHex('2fc3a9f09f9880'))).toBe('/é😀');
  });

  it("reads Java's surrogate-pair encoding of a non-BMP character as that character", () => {
    // U+1F600 is D83D DE00 in UTF-16; Java writes each unit as three bytes.
    expect(decodeUtf8(fromHex('2f eda0bd edb880 61'))).toBe('/😀a');
  });

  it('turns a lone encoded surrogate into U+FFFD, as a UTF-8 decoder does', () => {
    expect(decodeUtf8(fromHex('eda0bd 61'))).toBe('\ufffd\ufffd\ufffda');
  });
});
