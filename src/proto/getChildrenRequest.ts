// Request of getChildren (8), also an op inside multiRead.
//   GetChildrenRequest { ustring path; boolean watch }
import type { RecordCodec } from '../jute/record.js';

export interface GetChildrenRequest {
  readonly path: string;
  readonly watch: boolean;
}

export const getChildrenRequestCodec: RecordCodec<GetChildrenRequest> = {
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
