// Request of auth (100), sent with xid -4; no body on success, err -115 then the server closes.
//   AuthPacket { int type; ustring scheme; buffer auth }
import type { RecordCodec } from '../jute/record.js';

export interface AuthPacket {
  /** Always 0. */
  readonly type: number;
  readonly scheme: string;
  /** Scheme-specific, e.g. "user:password" for digest. */
  readonly auth: Uint8Array | null;
}

export const authPacketCodec: RecordCodec<AuthPacket> = {
  encode(w, v) {
    w.writeInt(v.type);
    w.writeUstring(v.scheme);
    w.writeBuffer(v.auth);
  },
  decode(r) {
    return {
      type: r.readInt(),
      scheme: r.readString(),
      auth: r.readBuffer(),
    };
  },
};

/** The digest scheme sends "user:password" in clear; the server hashes it into the id `user:base64(sha1(...))`. */
export function digestAuthPacket(user: string, password: string): AuthPacket {
  return { type: 0, scheme: 'digest', auth: new TextEncoder().encode(`${user}:${password}`) };
}
