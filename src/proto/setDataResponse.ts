// Reply of setData (5).
//   SetDataResponse { Stat stat }
import type { RecordCodec } from '../jute/record.js';
import { statCodec, type Stat } from './stat.js';

export interface SetDataResponse {
  readonly stat: Stat;
}

export const setDataResponseCodec: RecordCodec<SetDataResponse> = {
  encode(w, v) {
    statCodec.encode(w, v.stat);
  },
  decode(r) {
    return { stat: statCodec.decode(r) };
  },
};
