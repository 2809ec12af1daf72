// Request of delete (2); its success reply has no body.
//   DeleteRequest { ustring path; int version }
import type { RecordCodec } from '../jute/record.js';

export interface DeleteRequest {
  readonly path: string;
  /** -1 = any version. */
  readonly version: number;
}

export const deleteRequestCodec: RecordCodec<DeleteRequest> = {
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
