// Request of checkWatches (17); no body on success, err -121 when no such watch.
//   CheckWatchesRequest { ustring path; int type }
import type { RecordCodec } from '../jute/record.js';

export interface CheckWatchesRequest {
  readonly path: string;
  /** A WatcherType value. */
  readonly type: number;
}

export const checkWatchesRequestCodec: RecordCodec<CheckWatchesRequest> = {
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
