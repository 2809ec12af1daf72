// Adler-32 (java.util.zip.Adler32), the checksum ZooKeeper puts on every logged txn and at the end of snapshots.
// Incremental, so a snapshot's seal can cover everything written before it.
const MOD = 65521;
/** Largest run before the sums must be reduced to stay exact in doubles. */
const RUN_MAX = 3800;

export class Adler32 {
  private a = 1;
  private b = 0;

  update(bytes: Uint8Array): this {
    let { a, b } = this;
    for (let start = 0; start < bytes.length; start += RUN_MAX) {
      const end = Math.min(bytes.length, start + RUN_MAX);
      for (let i = start; i < end; i += 1) {
        a += bytes[i] ?? 0;
        b += a;
      }
      a %= MOD;
      b %= MOD;
    }
    this.a = a;
    this.b = b;
    return this;
  }

  get value(): number {
    return (this.b * 65536 + this.a) >>> 0;
  }
}

export function adler32(bytes: Uint8Array): number {
  return new Adler32().update(bytes).value;
}
