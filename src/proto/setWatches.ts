// Request of setWatches (101): re-registers watches after a reconnect; no body on success.
//   SetWatches { long relativeZxid; vector<ustring> dataWatches; vector<ustring> existWatches;
//                vector<ustring> childWatches }
import type { RecordCodec } from '../jute/record.js';
import { readPathList, writePathList } from './pathList.js';

export interface SetWatches {
  /** The last zxid the client saw. */
  readonly relativeZxid: bigint;
  readonly dataWatches: readonly string[];
  readonly existWatches: readonly string[];
  readonly childWatches: readonly string[];
}

export const setWatchesCodec: RecordCodec<SetWatches> = {
  encode(w, v) {
    w.writeLong(v.relativeZxid);
    writePathList(w, v.dataWatches);
    writePathList(w, v.existWatches);
    writePathList(w, v.childWatches);
  },
  decode(r) {
    return {
      relativeZxid: r.readLong(),
      dataWatches: readPathList(r),
      existWatches: readPathList(r),
      childWatches: readPathList(r),
    };
  },
};
