// Request of sync (9).
//   SyncRequest { ustring path }
import type { RecordCodec } from '../jute/record.js';

export interface SyncRequest {
  readonly path: string;
}

export const syncRequestCodec: RecordCodec<SyncRequest> = {
  encode(w, v) {
    w.writeUstring(v.path);
  },
  decode(r) {
    return { path: r.readString() };
  },
};
