// Reply of setACL (7).
//   SetACLResponse { Stat stat }
import type { RecordCodec } from '../jute/record.js';
import { statCodec, type Stat } from './stat.js';

export interface SetACLResponse {
  readonly stat: Stat;
}

export const setACLResponseCodec: RecordCodec<SetACLResponse> = {
  encode(w, v) {
    statCodec.encode(w, v.stat);
  },
  decode(r) {
    return { stat: statCodec.decode(r) };
  },
};
