// The bytes of a ZooKeeper snapshot file (FileSnap + SerializeUtils + DataTree.serialize): FileHeader, session
// timeouts, the ACL table, every node depth-first from the root (path "" in the file) ended by the path "/", then
// a seal (Adler-32 of all prior bytes + "/"), optionally followed by 3.6+'s ZxidDigest and a second seal. Pure.
import { JuteReader } from '../jute/reader.js';
import { JuteWriter } from '../jute/writer.js';
import { readAclList, writeAclList } from '../proto/acl.js';
import { Adler32 } from './adler32.js';
import { DataTree, ROOT, childPath, type StatPersisted } from './dataTree.js';
import { FILE_HEADER_BYTES, PersistenceError, PersistenceErrorCode, SNAP_MAGIC, checkFileHeader, encodeFileHeader } from './txnLogFormat.js';

/** Bounds for hostile files: counts above these are corruption, not data. */
const SESSIONS_MAX = 10_000_000;
const ACL_ENTRIES_MAX = 10_000_000;
const SNAP_LENGTH_BYTES_MAX = 64 * 1024 * 1024;

export interface SnapshotContent {
  readonly tree: DataTree;
  readonly sessions: Map<bigint, number>;
}

function writeStat(w: JuteWriter, s: StatPersisted): void {
  w.writeLong(s.czxid).writeLong(s.mzxid).writeLong(s.ctime).writeLong(s.mtime);
  w.writeInt(s.version).writeInt(s.cversion).writeInt(s.aversion).writeLong(s.ephemeralOwner).writeLong(s.pzxid);
}

function readStat(r: JuteReader): StatPersisted {
  return { czxid: r.readLong(), mzxid: r.readLong(), ctime: r.readLong(), mtime: r.readLong(), version: r.readInt(),
    cversion: r.readInt(), aversion: r.readInt(), ephemeralOwner: r.readLong(), pzxid: r.readLong() };
}

function writeNodes(w: JuteWriter, tree: DataTree): void {
  const stack: string[] = [ROOT];
  while (stack.length > 0) {
    const path = stack.pop()!;
    const node = tree.getNode(path);
    if (node === undefined) continue;
    w.writeUstring(path === ROOT ? '' : path).writeBuffer(node.data).writeLong(node.aclIndex);
    writeStat(w, node.stat);
    const children = [...node.children];
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(childPath(path, children[i]!));
  }
  w.writeUstring('/');
}

export function encodeSnapshot(tree: DataTree, sessions: ReadonlyMap<bigint, number>): Uint8Array {
  const w = new JuteWriter({ initialBytes: 64 * 1024 });
  w.writeInt(SNAP_MAGIC).writeInt(2).writeLong(-1n);
  w.writeInt(sessions.size);
  for (const [id, timeout] of sessions) w.writeLong(id).writeInt(timeout);
  const acls = tree.acls.entries();
  w.writeInt(acls.length);
  for (const [index, acl] of acls) {
    w.writeLong(index);
    writeAclList(w, acl);
  }
  writeNodes(w, tree);
  const body = w.toBytes();
  const seal = new JuteWriter().writeLong(BigInt(new Adler32().update(body).value)).writeUstring('/').toBytes();
  return Buffer.concat([body, seal]);
}

/** ZooKeeper's quick validity test (SnapStream.isValidSnapshot): the file must end with the string "/". */
export function looksComplete(bytes: Uint8Array): boolean {
  if (bytes.length < FILE_HEADER_BYTES + 5) return false;
  const tail = bytes.subarray(bytes.length - 5);
  return tail[0] === 0 && tail[1] === 0 && tail[2] === 0 && tail[3] === 1 && tail[4] === 0x2f;
}

function corrupt(file: string, why: string): never {
  throw new PersistenceError(PersistenceErrorCode.corrupt, `${file}: ${why}`);
}

function readSessions(r: JuteReader, file: string): Map<bigint, number> {
  const count = r.readInt();
  if (count < 0 || count > SESSIONS_MAX) corrupt(file, `session count ${count}`);
  const sessions = new Map<bigint, number>();
  for (let i = 0; i < count; i += 1) sessions.set(r.readLong(), r.readInt());
  return sessions;
}

function readTree(r: JuteReader, file: string): DataTree {
  const tree = DataTree.empty();
  const aclCount = r.readInt();
  if (aclCount < 0 || aclCount > ACL_ENTRIES_MAX) corrupt(file, `ACL table size ${aclCount}`);
  for (let i = 0; i < aclCount; i += 1) tree.acls.put(r.readLong(), readAclList(r));
  for (let path = r.readString(); path !== '/'; path = r.readString()) {
    const data = r.readBuffer();
    const aclIndex = r.readLong();
    const stat = readStat(r);
    const key = path === '' ? ROOT : path;
    if (key !== ROOT && !tree.hasParentOf(key)) corrupt(file, `no parent for ${path}`);
    tree.attach(key, data, aclIndex, stat);
    tree.acls.addUsage(aclIndex);
  }
  tree.acls.purgeUnused();
  return tree;
}

function checkSeal(bytes: Uint8Array, r: JuteReader, file: string): void {
  const expected = new Adler32().update(bytes.subarray(0, r.offset)).value;
  const found = r.readLong();
  r.readString();
  if (BigInt(expected) !== found) throw new PersistenceError(PersistenceErrorCode.crc, `${file}: CRC corruption in snapshot`);
}

/** Parses and verifies a snapshot; `zxid` (from the file name) becomes the tree's lastProcessedZxid. */
export function decodeSnapshot(bytes: Uint8Array, zxid: bigint, file: string): SnapshotContent {
  checkFileHeader(bytes, SNAP_MAGIC, file);
  if (!looksComplete(bytes)) corrupt(file, 'does not end with the snapshot seal');
  const r = new JuteReader(bytes.subarray(0, bytes.length), { lengthBytesMax: SNAP_LENGTH_BYTES_MAX });
  r.readInt();
  r.readInt();
  r.readLong();
  try {
    const sessions = readSessions(r, file);
    const tree = readTree(r, file);
    checkSeal(bytes, r, file);
    if (r.hasMore()) {
      r.readLong(); // ZxidDigest { long zxid; int digestVersion; long digest }: only compared by ZooKeeper, not needed here
      r.readInt();
      r.readLong();
      checkSeal(bytes, r, file);
    }
    tree.lastProcessedZxid = zxid;
    return { tree, sessions };
  } catch (error) {
    if (error instanceof PersistenceError) throw error;
    throw new PersistenceError(PersistenceErrorCode.corrupt, `${file}: unreadable snapshot (${(error as Error).message})`, { cause: error });
  }
}
