// Reply of create2 (15), createContainer (19) and createTTL (21).
//   Create2Response { ustring path; Stat stat }
import type { RecordCodec } from '../jute/record.js';
import { statCodec, type Stat } from './stat.js';

export interface Create2Response {
  readonly path: string;
  readonly stat: Stat;
}

export const create2ResponseCodec: RecordCodec<Create2Response> = {
  encode(w, v) {
    w.writeUstring(v.path);
    statCodec.encode(w, v.stat);
  },
  decode(r) {
    return {
      path: r.readString(),
      stat: statCodec.decode(r),
    };
  },
};
