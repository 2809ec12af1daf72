// ConnectRequest: the first frame a client sends.
//   ConnectRequest { int protocolVersion; long lastZxidSeen; int timeOut; long sessionId; buffer passwd }
//   [boolean readOnly]   -- a trailer outside the 3.8 jute record; absent from old clients (44 vs 45 bytes)
// Whether the trailer was present decides whether the server's ConnectResponse carries its own readOnly byte.
import type { RecordCodec } from '../jute/record.js';

export interface ConnectRequest {
  readonly protocolVersion: number;
  readonly lastZxidSeen: bigint;
  /** Requested session timeout in milliseconds (ZooKeeper's field name). */
  readonly timeOut: number;
  readonly sessionId: bigint;
  readonly passwd: Uint8Array;
  /** Absent when the client sent no trailer byte. */
  readonly readOnly?: boolean;
}

export const connectRequestCodec: RecordCodec<ConnectRequest> = {
  encode(w, v) {
    w.writeInt(v.protocolVersion).writeLong(v.lastZxidSeen).writeInt(v.timeOut).writeLong(v.sessionId);
    w.writeBuffer(v.passwd);
    if (v.readOnly !== undefined) w.writeBoolean(v.readOnly);
  },
  decode(r) {
    const head = {
      protocolVersion: r.readInt(),
      lastZxidSeen: r.readLong(),
      timeOut: r.readInt(),
      sessionId: r.readLong(),
      // A null password is what an old client would send for "none"; treat it as empty.
      passwd: r.readBuffer() ?? new Uint8Array(),
    };
    return r.hasMore() ? { ...head, readOnly: r.readBoolean() } : head;
  },
};
