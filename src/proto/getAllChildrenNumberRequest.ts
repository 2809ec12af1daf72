// Request of getAllChildrenNumber (104).
//   GetAllChildrenNumberRequest { ustring path }
import type { RecordCodec } from '../jute/record.js';

export interface GetAllChildrenNumberRequest {
  readonly path: string;
}

export const getAllChildrenNumberRequestCodec: RecordCodec<GetAllChildrenNumberRequest> = {
  encode(w, v) {
    w.writeUstring(v.path);
  },
  decode(r) {
    return { path: r.readString() };
  },
};
