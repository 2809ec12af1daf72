// Iteration order of a java.util.Properties (a ConcurrentHashMap<Object,Object>(8) since Java 9) after loading keys
// in file order. ZooKeeper walks zoo.cfg in this order, so it decides which of two errors a server reports first and
// the order of same-bucket servers in the config text FLE peers exchange. Simulated: bins, appends, and resizes with
// ConcurrentHashMap.transfer's lastRun split. Bins never reach treeification size for realistic configs.

const INITIAL_TABLE = 16; // ConcurrentHashMap(8) rounds 8 + 8/2 + 1 up to 16
const HASH_BITS = 0x7fffffff;

/** String.hashCode. */
export function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i += 1) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** ConcurrentHashMap.spread. */
const spread = (h: number): number => (h ^ (h >>> 16)) & HASH_BITS;

interface BinNode {
  readonly key: string;
  readonly hash: number;
}

/** Distinct keys in file order (first occurrence) -> the order Properties.entrySet() iterates them. */
export function javaPropertiesOrder(keysInFileOrder: readonly string[]): string[] {
  let table: BinNode[][] = Array.from({ length: INITIAL_TABLE }, () => []);
  let sizeCtl = INITIAL_TABLE - (INITIAL_TABLE >>> 2);
  let count = 0;
  const seen = new Set<string>();
  for (const key of keysInFileOrder) {
    if (seen.has(key)) continue;
    seen.add(key);
    const hash = spread(javaStringHash(key));
    table[hash & (table.length - 1)]?.push({ key, hash });
    count += 1;
    if (count >= sizeCtl) {
      table = transfer(table);
      sizeCtl = sizeCtlOf(table);
    }
  }
  return table.flatMap((bin) => bin.map((node) => node.key));
}

const sizeCtlOf = (table: readonly unknown[]): number => table.length - (table.length >>> 2);

function transfer(table: readonly BinNode[][]): BinNode[][] {
  const n = table.length;
  const next: BinNode[][] = Array.from({ length: n * 2 }, () => []);
  table.forEach((bin, i) => {
    const [low, high] = splitBin(bin, n);
    next[i] = low;
    next[i + n] = high;
  });
  return next;
}

/** The run of trailing nodes that go to the same half keeps its order; nodes before it are prepended one by one. */
function splitBin(bin: readonly BinNode[], n: number): [BinNode[], BinNode[]] {
  if (bin.length === 0) return [[], []];
  let lastRun = 0;
  let runBit = (bin[0]?.hash ?? 0) & n;
  bin.forEach((node, i) => {
    const bit = node.hash & n;
    if (bit !== runBit) {
      runBit = bit;
      lastRun = i;
    }
  });
  const tail = bin.slice(lastRun);
  let low: BinNode[] = runBit === 0 ? tail : [];
  let high: BinNode[] = runBit === 0 ? [] : tail;
  for (const node of bin.slice(0, lastRun)) {
    if ((node.hash & n) === 0) low = [node, ...low];
    else high = [node, ...high];
  }
  return [low, high];
}
