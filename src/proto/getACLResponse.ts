// Reply of getACL (6).
//   GetACLResponse { vector<ACL> acl; Stat stat }
import { readAclList, writeAclList, type ACL } from './acl.js';
import type { RecordCodec } from '../jute/record.js';
import { statCodec, type Stat } from './stat.js';

export interface GetACLResponse {
  readonly acl: readonly ACL[];
  readonly stat: Stat;
}

export const getACLResponseCodec: RecordCodec<GetACLResponse> = {
  encode(w, v) {
    writeAclList(w, v.acl);
    statCodec.encode(w, v.stat);
  },
  decode(r) {
    return {
      acl: readAclList(r),
      stat: statCodec.decode(r),
    };
  },
};
