// Reply of getAllChildrenNumber (104): descendants, not only children.
//   GetAllChildrenNumberResponse { int totalNumber }
import type { RecordCodec } from '../jute/record.js';

export interface GetAllChildrenNumberResponse {
  readonly totalNumber: number;
}

export const getAllChildrenNumberResponseCodec: RecordCodec<GetAllChildrenNumberResponse> = {
  encode(w, v) {
    w.writeInt(v.totalNumber);
  },
  decode(r) {
    return { totalNumber: r.readInt() };
  },
};
