// The check op (13), valid only inside a multi.
//   CheckVersionRequest { ustring path; int version }
import type { RecordCodec } from '../jute/record.js';

export interface CheckVersionRequest {
  readonly path: string;
  readonly version: number;
}

export const checkVersionRequestCodec: RecordCodec<CheckVersionRequest> = {
  encode(w, v) {
    w.writeUstring(v.path);
    w.writeInt(v.version);
  },
  decode(r) {
    return {
      path: r.readString(),
      version: r.readInt(),
    };
  },
};
