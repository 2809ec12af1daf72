// Reply of getData (4) and reconfig (16).
//   GetDataResponse { buffer data; Stat stat }
import type { RecordCodec } from '../jute/record.js';
import { statCodec, type Stat } from './stat.js';

export interface GetDataResponse {
  readonly data: Uint8Array | null;
  readonly stat: Stat;
}

export const getDataResponseCodec: RecordCodec<GetDataResponse> = {
  encode(w, v) {
    w.writeBuffer(v.data);
    statCodec.encode(w, v.stat);
  },
  decode(r) {
    return {
      data: r.readBuffer(),
      stat: statCodec.decode(r),
    };
  },
};
