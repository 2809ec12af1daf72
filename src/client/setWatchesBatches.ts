// Splits the watches to restore after a reconnect into SetWatches/SetWatches2 records that each stay under the
// Java client's budget of path characters per packet, so thousands of watches never make one oversized frame.

import type { SetWatches2 } from '../proto/index.js';

/** Java's SET_WATCHES_MAX_LENGTH: 128 KiB of path characters per packet. */
export const SET_WATCHES_PATH_CHARS_MAX = 128 * 1024;

export interface WatchLists {
  readonly dataWatches: readonly string[];
  readonly existWatches: readonly string[];
  readonly childWatches: readonly string[];
  readonly persistentWatches: readonly string[];
  readonly persistentRecursiveWatches: readonly string[];
}

type ListName = keyof WatchLists;
const listNames: readonly ListName[] =
  ['dataWatches', 'existWatches', 'childWatches', 'persistentWatches', 'persistentRecursiveWatches'];

function emptyBatch(): Record<ListName, string[]> {
  return { dataWatches: [], existWatches: [], childWatches: [], persistentWatches: [], persistentRecursiveWatches: [] };
}

/** Batches in order; a single path longer than the budget still gets a batch of its own. */
export function setWatchesBatches(
  lists: WatchLists,
  relativeZxid: bigint,
  pathCharsMax = SET_WATCHES_PATH_CHARS_MAX,
): SetWatches2[] {
  const batches: SetWatches2[] = [];
  let batch = emptyBatch();
  let chars = 0;
  let count = 0;
  for (const name of listNames) {
    for (const path of lists[name]) {
      if (count > 0 && chars + path.length > pathCharsMax) {
        batches.push({ relativeZxid, ...batch });
        batch = emptyBatch();
        chars = 0;
        count = 0;
      }
      batch[name].push(path);
      chars += path.length;
      count += 1;
    }
  }
  if (count > 0) batches.push({ relativeZxid, ...batch });
  return batches;
}

/** SetWatches (101) suffices when a batch carries no persistent watches. */
export function needsSetWatches2(batch: SetWatches2): boolean {
  return batch.persistentWatches.length > 0 || batch.persistentRecursiveWatches.length > 0;
}
