// Request of getEphemerals (103).
//   GetEphemeralsRequest { ustring prefixPath }
import type { RecordCodec } from '../jute/record.js';

export interface GetEphemeralsRequest {
  readonly prefixPath: string;
}

export const getEphemeralsRequestCodec: RecordCodec<GetEphemeralsRequest> = {
  encode(w, v) {
    w.writeUstring(v.prefixPath);
  },
  decode(r) {
    return { prefixPath: r.readString() };
  },
};
