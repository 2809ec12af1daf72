// Request of removeWatches (18); no body on success.
//   RemoveWatchesRequest { ustring path; int type }
import type { RecordCodec } from '../jute/record.js';

export interface RemoveWatchesRequest {
  readonly path: string;
  /** A WatcherType value. */
  readonly type: number;
}

export const removeWatchesRequestCodec: RecordCodec<RemoveWatchesRequest> = {
  encode(w, v) {
    w.writeUstring(v.path);
    w.writeInt(v.type);
  },
  decode(r) {
    return {
      path: r.readString(),
      type: r.readInt(),
    };
  },
};
