// Request of getChildren2 (12).
//   GetChildren2Request { ustring path; boolean watch }
import type { RecordCodec } from '../jute/record.js';

export interface GetChildren2Request {
  readonly path: string;
  readonly watch: boolean;
}

export const getChildren2RequestCodec: RecordCodec<GetChildren2Request> = {
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
