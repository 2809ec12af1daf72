// Request of getACL (6).
//   GetACLRequest { ustring path }
import type { RecordCodec } from '../jute/record.js';

export interface GetACLRequest {
  readonly path: string;
}

export const getACLRequestCodec: RecordCodec<GetACLRequest> = {
  encode(w, v) {
    w.writeUstring(v.path);
  },
  decode(r) {
    return { path: r.readString() };
  },
};
