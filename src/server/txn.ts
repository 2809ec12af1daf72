// Transaction records as ZooKeeper 3.8 writes them in its transaction log and replays them (zookeeper.jute `txn`
// module): the TxnHeader, one record per write type, and MultiTxn's nested { int type; buffer data } entries.
//   TxnHeader { long clientId; int cxid; long zxid; long time; int type }
//   CreateTxn { ustring path; buffer data; vector<ACL> acl; boolean ephemeral; int parentCVersion }  (types 1, 15)
//   CreateTTLTxn { ustring path; buffer data; vector<ACL> acl; int parentCVersion; long ttl }        (21)
//   CreateContainerTxn { ustring path; buffer data; vector<ACL> acl; int parentCVersion }           (19)
//   DeleteTxn { ustring path } (2, 20)   SetDataTxn { ustring path; buffer data; int version } (5)
//   SetACLTxn { ustring path; vector<ACL> acl; int version } (7)   CheckVersionTxn { ustring path; int version } (13)
//   CreateSessionTxn { int timeOut } (-10)   CloseSessionTxn { vector<ustring> paths2Delete } (-11, body optional)
//   ErrorTxn { int err } (-1)   MultiTxn { vector<Txn { int type; buffer data }> } (14)
import { JuteError, JuteErrorCode } from '../jute/juteError.js';
import { JuteReader } from '../jute/reader.js';
import { JuteWriter } from '../jute/writer.js';
import { readAclList, writeAclList, type ACL } from '../proto/acl.js';
import { PATH_COUNT_MAX, MULTI_OP_COUNT_MAX } from '../proto/limits.js';
import { OpCode } from '../proto/opCodes.js';

export interface TxnHeader {
  readonly clientId: bigint;
  readonly cxid: number;
  readonly zxid: bigint;
  readonly timeMs: bigint;
  readonly type: number;
}

export type TxnRecord =
  | { readonly kind: 'createSession'; readonly timeOut: number }
  | { readonly kind: 'closeSession'; readonly paths2Delete: readonly string[] | null }
  | { readonly kind: 'create'; readonly path: string; readonly data: Uint8Array | null; readonly acl: readonly ACL[];
      readonly ephemeral: boolean; readonly parentCVersion: number }
  | { readonly kind: 'createTTL'; readonly path: string; readonly data: Uint8Array | null; readonly acl: readonly ACL[];
      readonly parentCVersion: number; readonly ttl: bigint }
  | { readonly kind: 'createContainer'; readonly path: string; readonly data: Uint8Array | null;
      readonly acl: readonly ACL[]; readonly parentCVersion: number }
  | { readonly kind: 'delete'; readonly path: string }
  | { readonly kind: 'setData'; readonly path: string; readonly data: Uint8Array | null; readonly version: number }
  | { readonly kind: 'setACL'; readonly path: string; readonly acl: readonly ACL[]; readonly version: number }
  | { readonly kind: 'check'; readonly path: string; readonly version: number }
  | { readonly kind: 'error'; readonly err: number }
  | { readonly kind: 'multi'; readonly txns: readonly SubTxn[] };

/** One entry of a MultiTxn: its own type and record (header fields are the outer txn's). */
export interface SubTxn {
  readonly type: number;
  readonly record: TxnRecord;
}

export interface Txn {
  readonly header: TxnHeader;
  readonly record: TxnRecord;
}

export function writeTxnHeader(w: JuteWriter, h: TxnHeader): void {
  w.writeLong(h.clientId).writeInt(h.cxid).writeLong(h.zxid).writeLong(h.timeMs).writeInt(h.type);
}

export function readTxnHeader(r: JuteReader): TxnHeader {
  return { clientId: r.readLong(), cxid: r.readInt(), zxid: r.readLong(), timeMs: r.readLong(), type: r.readInt() };
}

export function writeTxnRecord(w: JuteWriter, record: TxnRecord): void {
  switch (record.kind) {
    case 'createSession':
      return void w.writeInt(record.timeOut);
    case 'closeSession':
      return void w.writeVector(record.paths2Delete, (wr, p) => wr.writeUstring(p));
    case 'create':
      w.writeUstring(record.path).writeBuffer(record.data);
      writeAclList(w, record.acl);
      return void w.writeBoolean(record.ephemeral).writeInt(record.parentCVersion);
    case 'createTTL':
      w.writeUstring(record.path).writeBuffer(record.data);
      writeAclList(w, record.acl);
      return void w.writeInt(record.parentCVersion).writeLong(record.ttl);
    case 'createContainer':
      w.writeUstring(record.path).writeBuffer(record.data);
      writeAclList(w, record.acl);
      return void w.writeInt(record.parentCVersion);
    case 'delete':
      return void w.writeUstring(record.path);
    case 'setData':
      return void w.writeUstring(record.path).writeBuffer(record.data).writeInt(record.version);
    case 'setACL':
      w.writeUstring(record.path);
      writeAclList(w, record.acl);
      return void w.writeInt(record.version);
    case 'check':
      return void w.writeUstring(record.path).writeInt(record.version);
    case 'error':
      return void w.writeInt(record.err);
    case 'multi':
      return void w.writeVector(record.txns, (wr, sub) => {
        const inner = new JuteWriter();
        writeTxnRecord(inner, sub.record);
        wr.writeInt(sub.type).writeBuffer(inner.toBytes());
      });
  }
}

function readCreate(r: JuteReader): TxnRecord {
  const path = r.readString();
  const data = r.readBuffer();
  const acl = readAclList(r);
  const ephemeral = r.readBoolean();
  // CreateTxnV0 (pre-3.3 logs) ends here; ZooKeeper falls back to it on EOF, so do we.
  const parentCVersion = r.hasMore() ? r.readInt() : -1;
  return { kind: 'create', path, data, acl, ephemeral, parentCVersion };
}

/** Reads the record of a txn of `type`; unknown types are a JuteError (ZooKeeper: "Unsupported Txn"). */
export function readTxnRecord(r: JuteReader, type: number): TxnRecord {
  switch (type) {
    case OpCode.createSession:
      return { kind: 'createSession', timeOut: r.readInt() };
    case OpCode.closeSession:
      return { kind: 'closeSession', paths2Delete: r.hasMore() ? r.readVector((x) => x.readString(), PATH_COUNT_MAX) : null };
    case OpCode.create:
    case OpCode.create2:
      return readCreate(r);
    case OpCode.createTTL: {
      const path = r.readString();
      const data = r.readBuffer();
      const acl = readAclList(r);
      return { kind: 'createTTL', path, data, acl, parentCVersion: r.readInt(), ttl: r.readLong() };
    }
    case OpCode.createContainer: {
      const path = r.readString();
      const data = r.readBuffer();
      const acl = readAclList(r);
      return { kind: 'createContainer', path, data, acl, parentCVersion: r.readInt() };
    }
    case OpCode.delete:
    case OpCode.deleteContainer:
      return { kind: 'delete', path: r.readString() };
    case OpCode.setData:
    case OpCode.reconfig:
      return { kind: 'setData', path: r.readString(), data: r.readBuffer(), version: r.readInt() };
    case OpCode.setACL:
      return { kind: 'setACL', path: r.readString(), acl: readAclList(r), version: r.readInt() };
    case OpCode.check:
      return { kind: 'check', path: r.readString(), version: r.readInt() };
    case OpCode.error:
      return { kind: 'error', err: r.readInt() };
    case OpCode.multi:
      return { kind: 'multi', txns: r.readList(readSubTxn, MULTI_OP_COUNT_MAX) };
    default:
      throw new JuteError(JuteErrorCode.value, `unsupported txn type ${type}`, r.offset);
  }
}

function readSubTxn(r: JuteReader): SubTxn {
  const type = r.readInt();
  const data = r.readBuffer() ?? new Uint8Array();
  const inner = new JuteReader(data);
  return { type, record: readTxnRecord(inner, type) };
}

/** The bytes ZooKeeper checksums and logs: header then record (no digest: readers treat it as optional). */
export function encodeTxn(txn: Txn): Uint8Array {
  const w = new JuteWriter();
  writeTxnHeader(w, txn.header);
  writeTxnRecord(w, txn.record);
  return w.toBytes();
}

/** Decodes a logged txn; bytes left after the record (3.6+'s TxnDigest) are ignored, as ZooKeeper tolerates. */
export function decodeTxn(bytes: Uint8Array): Txn {
  const r = new JuteReader(bytes);
  const header = readTxnHeader(r);
  return { header, record: readTxnRecord(r, header.type) };
}
