// Request of getData (4).
//   GetDataRequest { ustring path; boolean watch }
import type { RecordCodec } from '../jute/record.js';

export interface GetDataRequest {
  readonly path: string;
  readonly watch: boolean;
}

export const getDataRequestCodec: RecordCodec<GetDataRequest> = {
  encode(w, v) {
    w.writeUstring(v.path);
    w.writeBoolean(v.watch);
  },
  decode(r) {
    return {
      path: r.readString(),
      watch: r.readBoolean(),
    };
  },
};
