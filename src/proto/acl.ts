// ACL entries and the predefined lists.
//   Id  { ustring scheme; ustring id }
//   ACL { int perms; Id id }
// A list of them travels as vector<ACL>.
import type { JuteReader } from '../jute/reader.js';
import type { RecordCodec } from '../jute/record.js';
import type { JuteWriter } from '../jute/writer.js';
import { ACL_COUNT_MAX } from './limits.js';

export const Perms = { READ: 1, WRITE: 2, CREATE: 4, DELETE: 8, ADMIN: 16, ALL: 31 } as const;
export type PermName = keyof typeof Perms;

export interface Id {
  readonly scheme: string;
  readonly id: string;
}

export interface ACL {
  readonly perms: number;
  readonly id: Id;
}

export const idCodec: RecordCodec<Id> = {
  encode(w, v) {
    w.writeUstring(v.scheme).writeUstring(v.id);
  },
  decode(r) {
    return { scheme: r.readString(), id: r.readString() };
  },
};

export const aclCodec: RecordCodec<ACL> = {
  encode(w, v) {
    w.writeInt(v.perms);
    idCodec.encode(w, v.id);
  },
  decode(r) {
    return { perms: r.readInt(), id: idCodec.decode(r) };
  },
};

export function writeAclList(w: JuteWriter, acl: readonly ACL[]): void {
  w.writeVector(acl, (writer, entry) => aclCodec.encode(writer, entry));
}

export function readAclList(r: JuteReader): ACL[] {
  return r.readList((reader) => aclCodec.decode(reader), ACL_COUNT_MAX);
}

export const ANYONE_ID_UNSAFE: Id = { scheme: 'world', id: 'anyone' };
export const AUTH_IDS: Id = { scheme: 'auth', id: '' };
export const OPEN_ACL_UNSAFE: readonly ACL[] = [{ perms: Perms.ALL, id: ANYONE_ID_UNSAFE }];
export const CREATOR_ALL_ACL: readonly ACL[] = [{ perms: Perms.ALL, id: AUTH_IDS }];
export const READ_ACL_UNSAFE: readonly ACL[] = [{ perms: Perms.READ, id: ANYONE_ID_UNSAFE }];
