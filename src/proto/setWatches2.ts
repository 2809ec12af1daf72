// Request of setWatches2 (105): SetWatches plus persistent watches; no body on success.
//   SetWatches2 { long relativeZxid; vector<ustring> dataWatches; vector<ustring> existWatches;
//                 vector<ustring> childWatches; vector<ustring> persistentWatches;
//                 vector<ustring> persistentRecursiveWatches }
import type { RecordCodec } from '../jute/record.js';
import { readPathList, writePathList } from './pathList.js';

export interface SetWatches2 {
  /** The last zxid the client saw. */
  readonly relativeZxid: bigint;
  readonly dataWatches: readonly string[];
  readonly existWatches: readonly string[];
  readonly childWatches: readonly string[];
  readonly persistentWatches: readonly string[];
  readonly persistentRecursiveWatches: readonly string[];
}

export const setWatches2Codec: RecordCodec<SetWatches2> = {
  encode(w, v) {
    w.writeLong(v.relativeZxid);
    writePathList(w, v.dataWatches);
    writePathList(w, v.existWatches);
    writePathList(w, v.childWatches);
    writePathList(w, v.persistentWatches);
    writePathList(w, v.persistentRecursiveWatches);
  },
  decode(r) {
    return {
      relativeZxid: r.readLong(),
      dataWatches: readPathList(r),
      existWatches: readPathList(r),
      childWatches: readPathList(r),
      persistentWatches: readPathList(r),
      persistentRecursiveWatches: readPathList(r),
    };
  },
};
