// Request of setACL (7).
//   SetACLRequest { ustring path; vector<ACL> acl; int version }
import { readAclList, writeAclList, type ACL } from './acl.js';
import type { RecordCodec } from '../jute/record.js';

export interface SetACLRequest {
  readonly path: string;
  readonly acl: readonly ACL[];
  /** The expected aversion, -1 = any. */
  readonly version: number;
}

export const setACLRequestCodec: RecordCodec<SetACLRequest> = {
  encode(w, v) {
    w.writeUstring(v.path);
    writeAclList(w, v.acl);
    w.writeInt(v.version);
  },
  decode(r) {
    return {
      path: r.readString(),
      acl: readAclList(r),
      version: r.readInt(),
    };
  },
};
