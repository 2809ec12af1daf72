// Reply of sync (9).
//   SyncResponse { ustring path }
import type { RecordCodec } from '../jute/record.js';

export interface SyncResponse {
  readonly path: string;
}

export const syncResponseCodec: RecordCodec<SyncResponse> = {
  encode(w, v) {
    w.writeUstring(v.path);
  },
  decode(r) {
    return { path: r.readString() };
  },
};
