// Request of exists (3); a missing node is err -101, yet the watch is still set.
//   ExistsRequest { ustring path; boolean watch }
import type { RecordCodec } from '../jute/record.js';

export interface ExistsRequest {
  readonly path: string;
  readonly watch: boolean;
}

export const existsRequestCodec: RecordCodec<ExistsRequest> = {
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
