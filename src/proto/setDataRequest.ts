// Request of setData (5).
//   SetDataRequest { ustring path; buffer data; int version }
import type { RecordCodec } from '../jute/record.js';

export interface SetDataRequest {
  readonly path: string;
  readonly data: Uint8Array | null;
  /** -1 = any version. */
  readonly version: number;
}

export const setDataRequestCodec: RecordCodec<SetDataRequest> = {
  encode(w, v) {
    w.writeUstring(v.path);
    w.writeBuffer(v.data);
    w.writeInt(v.version);
  },
  decode(r) {
    return {
      path: r.readString(),
      data: r.readBuffer(),
      version: r.readInt(),
    };
  },
};
