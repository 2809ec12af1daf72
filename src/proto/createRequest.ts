// Request of create (1), create2 (15) and createContainer (19; flags 4).
//   CreateRequest { ustring path; buffer data; vector<ACL> acl; int flags }
import { readAclList, writeAclList, type ACL } from './acl.js';
import type { RecordCodec } from '../jute/record.js';

export interface CreateRequest {
  readonly path: string;
  readonly data: Uint8Array | null;
  readonly acl: readonly ACL[];
  /** A CreateMode value. */
  readonly flags: number;
}

export const createRequestCodec: RecordCodec<CreateRequest> = {
  encode(w, v) {
    w.writeUstring(v.path);
    w.writeBuffer(v.data);
    writeAclList(w, v.acl);
    w.writeInt(v.flags);
  },
  decode(r) {
    return {
      path: r.readString(),
      data: r.readBuffer(),
      acl: readAclList(r),
      flags: r.readInt(),
    };
  },
};
