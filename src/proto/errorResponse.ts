// A bare error code: the reply body of addWatch (106) and an error result inside a multi reply.
//   ErrorResponse { int err }
import type { RecordCodec } from '../jute/record.js';

export interface ErrorResponse {
  readonly err: number;
}

export const errorResponseCodec: RecordCodec<ErrorResponse> = {
  encode(w, v) {
    w.writeInt(v.err);
  },
  decode(r) {
    return { err: r.readInt() };
  },
};
