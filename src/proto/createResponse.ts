// Reply of create (1): the created path (with its sequence suffix, if any).
//   CreateResponse { ustring path }
import type { RecordCodec } from '../jute/record.js';

export interface CreateResponse {
  readonly path: string;
}

export const createResponseCodec: RecordCodec<CreateResponse> = {
  encode(w, v) {
    w.writeUstring(v.path);
  },
  decode(r) {
    return { path: r.readString() };
  },
};
