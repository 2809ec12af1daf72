// Request of setWatches2 (105): SetWatches plus persistent watches; no body on success.
//   SetWatches2 { long relativeZxid; vector<ustring> dataWatches; vector<ustring> existWatches;
//                 vector<ustring> childWatches; vector<ustring> persistentWatches;
//                 vector<ustring> persistentRecursiveWatches }
import type { RecordCodec } from '../jute/record.js';
import { readPathList, writePathList } from './pathList.js';
import { setWatchesCodec, type SetWatches } from './setWatches.js';

/** SetWatches with the persistent lists appended, in that wire order. */
export interface SetWatches2 extends SetWatches {
  readonly persistentWatches: readonly string[];
  readonly persistentRecursiveWatches: readonly string[];
}

export const setWatches2Codec: RecordCodec<SetWatches2> = {
  encode(w, v) {
    setWatchesCodec.encode(w, v);
    writePathList(w, v.persistentWatches);
    writePathList(w, v.persistentRecursiveWatches);
  },
  decode(r) {
    const base = setWatchesCodec.decode(r);
    return { ...base, persistentWatches: readPathList(r), persistentRecursiveWatches: readPathList(r) };
  },
};
