// Iteration order of a java.util.HashMap<Long, …>. ZooKeeper prints server/group/weight lines by iterating such
// maps, and FLE peers compare that text, so we reproduce the order rather than sorting.
// Keys sharing a bucket keep insertion order (HashMap splits preserve it), so callers pass keys in the order
// ZooKeeper inserted them (see javaPropertiesOrder).

const MASK_32 = 0xffffffffn;
const MASK_64 = (1n << 64n) - 1n;
const LOAD_FACTOR = 0.75;
const INITIAL_CAPACITY = 16;

/** Long.hashCode then HashMap.hash: (int)(v ^ v>>>32), then h ^ h>>>16. */
export function javaLongHash(value: bigint): number {
  const bits = BigInt.asUintN(64, value) & MASK_64;
  const h = Number((bits ^ (bits >> 32n)) & MASK_32) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Table size of a HashMap after `count` puts with default settings. */
export function javaHashMapCapacity(count: number): number {
  let capacity = INITIAL_CAPACITY;
  while (count > capacity * LOAD_FACTOR) capacity *= 2;
  return capacity;
}

/** Keys in insertion order -> HashMap iteration order (a stable sort by bucket). */
export function javaLongHashOrder(keys: readonly bigint[]): bigint[] {
  const capacity = javaHashMapCapacity(keys.length);
  const bucket = (key: bigint): number => javaLongHash(key) & (capacity - 1);
  return [...keys].sort((a, b) => bucket(a) - bucket(b));
}
