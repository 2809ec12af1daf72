// Number parsing with the exact acceptance rules and error texts of java.lang.Integer/Long, which ZooKeeper uses
// for every numeric key; a value Java refuses must be refused here with the same text.

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

export class JavaNumberFormatError extends Error {
  override readonly name = 'JavaNumberFormatError';
}

function forInputString(text: string, radix: number): JavaNumberFormatError {
  const suffix = radix === 10 ? '' : ` under radix ${radix}`;
  return new JavaNumberFormatError(`For input string: "${text}"${suffix}`);
}

const digitPatterns: Readonly<Record<number, RegExp>> = {
  10: /^[+-]?[0-9]+$/,
  16: /^[+-]?[0-9a-fA-F]+$/,
};

function parseBounded(text: string, radix: 10 | 16, min: bigint, max: bigint): bigint {
  const pattern = digitPatterns[radix];
  if (pattern === undefined || !pattern.test(text)) throw forInputString(text, radix);
  const negative = text.startsWith('-');
  const digits = text.replace(/^[+-]/, '');
  const magnitude = radix === 16 ? BigInt(`0x${digits}`) : BigInt(digits);
  const value = negative ? -magnitude : magnitude;
  if (value < min || value > max) throw forInputString(text, radix);
  return value;
}

/** Integer.parseInt(text). */
export function parseJavaInt(text: string): number {
  return Number(parseBounded(text, 10, INT_MIN, INT_MAX));
}

/** Long.parseLong(text, radix). */
export function parseJavaLong(text: string, radix: 10 | 16 = 10): bigint {
  return parseBounded(text, radix, LONG_MIN, LONG_MAX);
}

/** Integer.getInteger(name, fallback): Integer.decode rules (0x, #, leading-0 octal); anything unparsable -> fallback. */
export function decodeJavaIntOr(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const match = /^([+-]?)(0[xX]|#|0(?=.))?([0-9a-fA-F]+)$/.exec(text);
  if (match === null) return fallback;
  const [, sign = '', prefix = '', digits = ''] = match;
  const radix = prefix === '' ? 10 : prefix === '0' ? 8 : 16;
  const valid = radix === 10 ? /^[0-9]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9a-fA-F]+$/;
  if (!valid.test(digits)) return fallback;
  const base = radix === 16 ? '0x' : radix === 8 ? '0o' : '';
  const value = BigInt(`${base}${digits}`) * (sign === '-' ? -1n : 1n);
  return value < INT_MIN || value > INT_MAX ? fallback : Number(value);
}

/** String.trim(): strips every char <= U+0020 from both ends (not just whitespace). */
export function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end -= 1;
  return text.slice(start, end);
}
