// MultiHeader: precedes each op in a multi request and each result in a multi reply; `done` ends the list.
//   MultiHeader { int type; boolean done; int err }
// The end marker is { type: -1, done: true, err: -1 } in both directions.
import type { RecordCodec } from '../jute/record.js';

export interface MultiHeader {
  readonly type: number;
  readonly done: boolean;
  readonly err: number;
}

export const MULTI_END: MultiHeader = { type: -1, done: true, err: -1 };

export const multiHeaderCodec: RecordCodec<MultiHeader> = {
  encode(w, v) {
    w.writeInt(v.type).writeBoolean(v.done).writeInt(v.err);
  },
  decode(r) {
    return { type: r.readInt(), done: r.readBoolean(), err: r.readInt() };
  },
};
