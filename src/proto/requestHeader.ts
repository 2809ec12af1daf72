// RequestHeader: the first 8 bytes of every client request frame.
//   RequestHeader { int xid; int type }
import type { RecordCodec } from '../jute/record.js';

export interface RequestHeader {
  readonly xid: number;
  /** An OpCode; kept as a number because the server must answer unknown types rather than fail to decode. */
  readonly type: number;
}

export const requestHeaderCodec: RecordCodec<RequestHeader> = {
  encode(w, v) {
    w.writeInt(v.xid).writeInt(v.type);
  },
  decode(r) {
    return { xid: r.readInt(), type: r.readInt() };
  },
};
