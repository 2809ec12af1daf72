// UTF-8 for jute strings. Java writes strings one UTF-16 unit at a time, so a character outside the BMP arrives as
// two 3-byte surrogate encodings (CESU-8); a plain UTF-8 decoder would turn each into U+FFFD. We accept both forms
// and always write standard UTF-8, which Java decodes correctly.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** UTF-8 straight into `target`, which needs 3 bytes per UTF-16 unit of room; returns the bytes written. */
export function encodeUtf8Into(text: string, target: Uint8Array): number {
  return encoder.encodeInto(text, target).written;
}

export function decodeUtf8(bytes: Uint8Array): string {
  // 0xED starts every 3-byte surrogate encoding; without it the fast native decoder is exact.
  if (!bytes.includes(0xed)) return decoder.decode(bytes);
  return decodeWithSurrogates(bytes);
}

function isSurrogateAt(bytes: Uint8Array, index: number, low: boolean): boolean {
  const second = bytes[index + 1] ?? 0;
  const third = bytes[index + 2] ?? 0;
  const range = low ? second >= 0xb0 && second <= 0xbf : second >= 0xa0 && second <= 0xaf;
  return bytes[index] === 0xed && range && (third & 0xc0) === 0x80;
}

function surrogateUnit(bytes: Uint8Array, index: number): number {
  return 0xd000 | (((bytes[index + 1] ?? 0) & 0x3f) << 6) | ((bytes[index + 2] ?? 0) & 0x3f);
}

/** Decodes runs of ordinary UTF-8 natively and joins CESU-8 surrogate pairs into one code point. */
function decodeWithSurrogates(bytes: Uint8Array): string {
  let text = '';
  let runStart = 0;
  let index = 0;
  while (index < bytes.length) {
    if (isSurrogateAt(bytes, index, false) && isSurrogateAt(bytes, index + 3, true)) {
      text += decoder.decode(bytes.subarray(runStart, index));
      text += String.fromCharCode(surrogateUnit(bytes, index), surrogateUnit(bytes, index + 3));
      index += 6;
      runStart = index;
    } else {
      index += 1;
    }
  }
  return text + decoder.decode(bytes.subarray(runStart));
}
