// Request of createTTL (21): a CreateRequest with a time-to-live.
//   CreateTTLRequest { ustring path; buffer data; vector<ACL> acl; int flags; long ttl }
import { readAclList, writeAclList, type ACL } from './acl.js';
import type { RecordCodec } from '../jute/record.js';

export interface CreateTTLRequest {
  readonly path: string;
  readonly data: Uint8Array | null;
  readonly acl: readonly ACL[];
  /** A CreateMode value (5 or 6). */
  readonly flags: number;
  /** Milliseconds. */
  readonly ttl: bigint;
}

export const createTTLRequestCodec: RecordCodec<CreateTTLRequest> = {
  encode(w, v) {
    w.writeUstring(v.path);
    w.writeBuffer(v.data);
    writeAclList(w, v.acl);
    w.writeInt(v.flags);
    w.writeLong(v.ttl);
  },
  decode(r) {
    return {
      path: r.readString(),
      data: r.readBuffer(),
      acl: readAclList(r),
      flags: r.readInt(),
      ttl: r.readLong(),
    };
  },
};
