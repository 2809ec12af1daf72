// Session expiry in tick buckets (ZooKeeper's ExpiryQueue): a session touched at `now` with timeout t expires at
// the first multiple of the tick after now + t, so one wake-up per tick expires a whole bucket. Pure: time arrives
// as arguments.

export class ExpiryQueue<K> {
  private readonly expiryOf = new Map<K, number>();
  private readonly buckets = new Map<number, Set<K>>();
  private readonly tickMs: number;

  constructor(tickMs: number) {
    this.tickMs = tickMs;
  }

  /** The bucket (absolute ms) an item touched at `nowMs` with `timeoutMs` falls into. */
  bucketOf(nowMs: number, timeoutMs: number): number {
    return (Math.floor((nowMs + timeoutMs) / this.tickMs) + 1) * this.tickMs;
  }

  /** Moves `key` to its new bucket; returns that bucket's time. */
  update(key: K, nowMs: number, timeoutMs: number): number {
    const next = this.bucketOf(nowMs, timeoutMs);
    const previous = this.expiryOf.get(key);
    if (previous === next) return next;
    if (previous !== undefined) this.buckets.get(previous)?.delete(key);
    let bucket = this.buckets.get(next);
    if (bucket === undefined) {
      bucket = new Set();
      this.buckets.set(next, bucket);
    }
    bucket.add(key);
    this.expiryOf.set(key, next);
    return next;
  }

  remove(key: K): void {
    const previous = this.expiryOf.get(key);
    if (previous === undefined) return;
    this.buckets.get(previous)?.delete(key);
    this.expiryOf.delete(key);
  }

  expiryTimeOf(key: K): number | undefined {
    return this.expiryOf.get(key);
  }

  /** Removes and returns every item whose bucket time is at or before `nowMs`. */
  poll(nowMs: number): K[] {
    const due: K[] = [];
    for (const [time, bucket] of this.buckets) {
      if (time > nowMs) continue;
      for (const key of bucket) {
        due.push(key);
        this.expiryOf.delete(key);
      }
      this.buckets.delete(time);
    }
    return due;
  }

  /** The earliest bucket still holding items, for arming the next wake-up. */
  nextExpiryMs(): number | undefined {
    let next: number | undefined;
    for (const [time, bucket] of this.buckets) {
      if (bucket.size > 0 && (next === undefined || time < next)) next = time;
    }
    return next;
  }
}
