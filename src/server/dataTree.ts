// The in-memory znode tree (ZooKeeper's DataTree): nodes by path, ACLs interned, ephemerals by session, and the
// application of logged transactions in zxid order. Pure: no IO, no clock (times come inside the txns). Applying
// reports which watch triggers fired; the watch manager turns them into notifications.
import { OPEN_ACL_UNSAFE, READ_ACL_UNSAFE, type ACL } from '../proto/acl.js';
import { ErrorCode } from '../proto/errorCodes.js';
import { EventType } from '../proto/watcherEvent.js';
import type { Stat } from '../proto/stat.js';
import { AclCache, OPEN_UNSAFE_ACL_ID } from './aclCache.js';
import { EphemeralKind, ephemeralKindOf } from './ephemeralType.js';
import { applyTxnTo, type ApplyResult } from './applyTxn.js';
import type { Txn } from './txn.js';

export interface StatPersisted {
  czxid: bigint;
  mzxid: bigint;
  ctime: bigint;
  mtime: bigint;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: bigint;
  pzxid: bigint;
}

export interface DataNode {
  data: Uint8Array | null;
  aclIndex: bigint;
  readonly stat: StatPersisted;
  readonly children: Set<string>;
}

export interface WatchTrigger {
  readonly path: string;
  readonly type: EventType;
}

/** A failed tree operation: `err` is a ZooKeeper error code. Caught inside the server, never thrown past it. */
export class TreeError extends Error {
  override readonly name = 'TreeError';
  readonly err: number;
  constructor(err: number) {
    super(`tree operation failed with ${err}`);
    this.err = err;
  }
}

export const ROOT = '/';
export const SYSTEM_PATHS = ['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config'] as const;

export function emptyStat(): StatPersisted {
  return { czxid: 0n, mzxid: 0n, ctime: 0n, mtime: 0n, version: 0, cversion: 0, aversion: 0, ephemeralOwner: 0n, pzxid: 0n };
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? ROOT : path.slice(0, slash);
}

export function childNameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function childPath(parent: string, child: string): string {
  return parent === ROOT ? `/${child}` : `${parent}/${child}`;
}

export class DataTree {
  readonly nodes = new Map<string, DataNode>();
  readonly acls = new AclCache();
  readonly ephemerals = new Map<bigint, Set<string>>();
  readonly containers = new Set<string>();
  readonly ttls = new Set<string>();
  lastProcessedZxid = 0n;
  private dataBytes = 0;

  constructor() {
    // A fresh ZooKeeper 3.8 server reports the root's cversion as -1 (observed on a real one).
    this.nodes.set(ROOT, { data: new Uint8Array(), aclIndex: OPEN_UNSAFE_ACL_ID, stat: { ...emptyStat(), cversion: -1 },
      children: new Set() });
    this.attach('/zookeeper', new Uint8Array(), OPEN_UNSAFE_ACL_ID);
    this.attach('/zookeeper/quota', new Uint8Array(), OPEN_UNSAFE_ACL_ID);
    this.attach('/zookeeper/config', new Uint8Array(), this.acls.intern(READ_ACL_UNSAFE));
  }

  /** A tree with no nodes at all, for loading a snapshot (which carries the root and system nodes itself). */
  static empty(): DataTree {
    const tree = new DataTree();
    tree.nodes.clear();
    for (const [index] of tree.acls.entries()) tree.acls.release(index);
    tree.dataBytes = 0;
    return tree;
  }

  hasParentOf(path: string): boolean {
    return this.nodes.has(parentOf(path));
  }

  /** Adds a node without touching the parent's stat (system nodes, snapshot loading). */
  attach(path: string, data: Uint8Array | null, aclIndex: bigint, stat: StatPersisted = emptyStat()): void {
    const node: DataNode = { data, aclIndex, stat, children: this.nodes.get(path)?.children ?? new Set() };
    const previous = this.nodes.get(path);
    if (previous !== undefined) this.dataBytes -= this.sizeOf(path, previous.data);
    this.nodes.set(path, node);
    this.dataBytes += this.sizeOf(path, data);
    if (path !== ROOT) this.nodes.get(parentOf(path))?.children.add(childNameOf(path));
    this.indexEphemeral(path, stat.ephemeralOwner);
  }

  getNode(path: string): DataNode | undefined {
    return this.nodes.get(path);
  }

  aclOf(node: DataNode): readonly ACL[] {
    return this.acls.lookup(node.aclIndex) ?? OPEN_ACL_UNSAFE;
  }

  statOf(node: DataNode): Stat {
    const s = node.stat;
    return { ...s, dataLength: node.data?.length ?? 0, numChildren: node.children.size };
  }

  get nodeCount(): number {
    return this.nodes.size;
  }

  /** ZooKeeper's approximate data size: path lengths plus data lengths. */
  get approximateDataSize(): number {
    return this.dataBytes;
  }

  ephemeralsOf(sessionId: bigint): readonly string[] {
    return [...(this.ephemerals.get(sessionId) ?? [])];
  }

  applyTxn(txn: Txn): ApplyResult {
    return applyTxnTo(this, txn);
  }

  createNode(path: string, data: Uint8Array | null, acl: readonly ACL[], owner: bigint, parentCVersion: number,
    zxid: bigint, timeMs: bigint, triggers: WatchTrigger[]): void {
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (parent === undefined) throw new TreeError(ErrorCode.NONODE);
    if (parent.children.has(childNameOf(path))) throw new TreeError(ErrorCode.NODEEXISTS);
    const cversion = parentCVersion === -1 ? parent.stat.cversion + 1 : parentCVersion;
    // Replaying a fuzzy snapshot may meet creates already reflected in the parent; never move it backwards.
    if (cversion > parent.stat.cversion) {
      parent.stat.cversion = cversion;
      parent.stat.pzxid = zxid;
    }
    const stat: StatPersisted = { ...emptyStat(), czxid: zxid, mzxid: zxid, pzxid: zxid, ctime: timeMs, mtime: timeMs,
      ephemeralOwner: owner };
    this.attach(path, data, this.acls.intern(acl), stat);
    triggers.push({ path, type: EventType.NodeCreated }, { path: parentPath, type: EventType.NodeChildrenChanged });
  }

  deleteNode(path: string, zxid: bigint, triggers: WatchTrigger[]): void {
    const parentPath = parentOf(path);
    const parent = this.nodes.get(parentPath);
    if (parent === undefined) throw new TreeError(ErrorCode.NONODE);
    // A real 3.8 server counts a child's removal in the parent's cversion too (observed), not only creations.
    if (parent.children.delete(childNameOf(path))) parent.stat.cversion += 1;
    if (zxid > parent.stat.pzxid) parent.stat.pzxid = zxid;
    const node = this.nodes.get(path);
    if (node === undefined) throw new TreeError(ErrorCode.NONODE);
    this.nodes.delete(path);
    this.acls.release(node.aclIndex);
    this.dataBytes -= this.sizeOf(path, node.data);
    this.unindexEphemeral(path, node.stat.ephemeralOwner);
    triggers.push({ path, type: EventType.NodeDeleted }, { path: parentPath, type: EventType.NodeChildrenChanged });
  }

  setData(path: string, data: Uint8Array | null, version: number, zxid: bigint, timeMs: bigint,
    triggers: WatchTrigger[]): Stat {
    const node = this.nodes.get(path);
    if (node === undefined) throw new TreeError(ErrorCode.NONODE);
    this.dataBytes += this.sizeOf(path, data) - this.sizeOf(path, node.data);
    node.data = data;
    node.stat.mtime = timeMs;
    node.stat.mzxid = zxid;
    node.stat.version = version;
    triggers.push({ path, type: EventType.NodeDataChanged });
    return this.statOf(node);
  }

  setACL(path: string, acl: readonly ACL[], version: number): Stat {
    const node = this.nodes.get(path);
    if (node === undefined) throw new TreeError(ErrorCode.NONODE);
    this.acls.release(node.aclIndex);
    node.stat.aversion = version;
    node.aclIndex = this.acls.intern(acl);
    return this.statOf(node);
  }

  /** Deletes a dead session's ephemerals (those named in its closeSession txn, then any left over). */
  killSession(sessionId: bigint, zxid: bigint, paths: readonly string[] | null, triggers: WatchTrigger[]): void {
    const local = this.ephemerals.get(sessionId);
    this.ephemerals.delete(sessionId);
    const all = new Set([...(paths ?? []), ...(local ?? [])]);
    for (const path of all) {
      try {
        this.deleteNode(path, zxid, triggers);
      } catch (error) {
        if (!(error instanceof TreeError)) throw error;
      }
    }
  }

  /** Count of nodes under `path` (excluding it), as getAllChildrenNumber answers. */
  descendantCount(path: string): number {
    if (path === ROOT) return this.nodes.size - 1;
    const prefix = `${path}/`;
    let count = 0;
    for (const key of this.nodes.keys()) if (key.startsWith(prefix)) count += 1;
    return count;
  }

  private sizeOf(path: string, data: Uint8Array | null): number {
    return path.length + (data?.length ?? 0);
  }

  private indexEphemeral(path: string, owner: bigint): void {
    const kind = ephemeralKindOf(owner);
    if (kind === EphemeralKind.container) this.containers.add(path);
    else if (kind === EphemeralKind.ttl) this.ttls.add(path);
    else if (kind === EphemeralKind.session) {
      let set = this.ephemerals.get(owner);
      if (set === undefined) {
        set = new Set();
        this.ephemerals.set(owner, set);
      }
      set.add(path);
    }
  }

  private unindexEphemeral(path: string, owner: bigint): void {
    this.containers.delete(path);
    this.ttls.delete(path);
    this.ephemerals.get(owner)?.delete(path);
  }
}
