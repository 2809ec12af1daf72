// ReplyHeader: the first 16 bytes of every server reply frame after the handshake.
//   ReplyHeader { int xid; long zxid; int err }
// The response record follows only when err == 0.
import type { RecordCodec } from '../jute/record.js';

export interface ReplyHeader {
  readonly xid: number;
  readonly zxid: bigint;
  readonly err: number;
}

export const REPLY_HEADER_BYTES = 16;

export const replyHeaderCodec: RecordCodec<ReplyHeader> = {
  encode(w, v) {
    w.writeInt(v.xid).writeLong(v.zxid).writeInt(v.err);
  },
  decode(r) {
    return { xid: r.readInt(), zxid: r.readLong(), err: r.readInt() };
  },
};
