// Number text the way ZooKeeper's Java code prints it in four-letter-word replies.

/** Double.toString for the values 4lw replies carry: "0.0", "1.5", "1.0E7", "1.0E-4". */
export function javaDoubleText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
  const fixedMantissa = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${fixedMantissa}E${exponent.replace('+', '')}`;
}

/** AvgMinMaxCounter.getAvg: total / count rounded half-up to 4 decimals, 0 when empty. */
export function averageLatency(totalMs: number, count: number): number {
  if (count <= 0) return 0;
  return Math.round((totalMs / count) * 10_000) / 10_000;
}

/** Long.toHexString for zxids and session ids (two's complement for negatives). */
export function javaLongHex(value: bigint): string {
  return BigInt.asUintN(64, value).toString(16);
}
