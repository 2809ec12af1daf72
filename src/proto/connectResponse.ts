// ConnectResponse: the first frame a server sends (no ReplyHeader before it).
//   ConnectResponse { int protocolVersion; int timeOut; long sessionId; buffer passwd }
//   [boolean readOnly]   -- present (37 bytes) only when the client's ConnectRequest had its trailer, else 36 bytes
// timeOut 0 means the session is invalid or expired.
import type { RecordCodec } from '../jute/record.js';

export interface ConnectResponse {
  readonly protocolVersion: number;
  /** Negotiated session timeout in milliseconds; 0 = session expired or unknown. */
  readonly timeOut: number;
  readonly sessionId: bigint;
  readonly passwd: Uint8Array;
  /** True iff the server is read-only; absent in the 36-byte form sent to old clients. */
  readonly readOnly?: boolean;
}

export const connectResponseCodec: RecordCodec<ConnectResponse> = {
  encode(w, v) {
    w.writeInt(v.protocolVersion).writeInt(v.timeOut).writeLong(v.sessionId).writeBuffer(v.passwd);
    if (v.readOnly !== undefined) w.writeBoolean(v.readOnly);
  },
  // Two plain literals rather than a spread plus readOnly: V8 adds properties after a spread one by one through its
  // runtime, and this decode runs on every session set-up.
  decode(r) {
    const protocolVersion = r.readInt();
    const timeOut = r.readInt();
    const sessionId = r.readLong();
    const passwd = r.readBuffer() ?? new Uint8Array();
    return r.hasMore()
      ? { protocolVersion, timeOut, sessionId, passwd, readOnly: r.readBoolean() }
      : { protocolVersion, timeOut, sessionId, passwd };
  },
};
