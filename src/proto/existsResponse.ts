// Reply of exists (3).
//   ExistsResponse { Stat stat }
import type { RecordCodec } from '../jute/record.js';
import { statCodec, type Stat } from './stat.js';

export interface ExistsResponse {
  readonly stat: Stat;
}

export const existsResponseCodec: RecordCodec<ExistsResponse> = {
  encode(w, v) {
    statCodec.encode(w, v.stat);
  },
  decode(r) {
    return { stat: statCodec.decode(r) };
  },
};
