// SetWatches batching: no packet carries more than the path-character budget, nothing is lost or reordered.
import { describe, expect, it } from 'vitest';
import { needsSetWatches2, setWatchesBatches, SET_WATCHES_PATH_CHARS_MAX } from '../../src/client/setWatchesBatches.js';

const empty = { dataWatches: [], existWatches: [], childWatches: [], persistentWatches: [], persistentRecursiveWatches: [] };

describe('setWatchesBatches', () => {
  it('10,000 watches on ~125-character paths need several packets, each within 128 KiB of path characters', () => {
    const paths = Array.from({ length: 10_000 }, (_, i) => `/${'x'.repeat(118)}/${String(i).padStart(5, '0')}`);
    const batches = setWatchesBatches({ ...empty, dataWatches: paths, childWatches: paths.slice(0, 10) }, 42n);
    expect(batches.length).toBeGreaterThan(8);
    for (const b of batches) {
      const chars = [...b.dataWatches, ...b.childWatches].reduce((n, p) => n + p.length, 0);
      expect(chars).toBeLessThanOrEqual(SET_WATCHES_PATH_CHARS_MAX);
      expect(b.relativeZxid).toBe(42n);
    }
    expect(batches.flatMap((b) => b.dataWatches)).toEqual(paths);
    expect(batches.flatMap((b) => b.childWatches)).toEqual(paths.slice(0, 10));
  });

  it('uses SetWatches2 only when a batch holds persistent watches', () => {
    const [plain] = setWatchesBatches({ ...empty, dataWatches: ['/a'] }, 1n);
    const [persistent] = setWatchesBatches({ ...empty, persistentRecursiveWatches: ['/a'] }, 1n);
    expect(plain && needsSetWatches2(plain)).toBe(false);
    expect(persistent && needsSetWatches2(persistent)).toBe(true);
    expect(setWatchesBatches(empty, 1n)).toEqual([]);
  });
});
