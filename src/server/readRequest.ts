// Reads and watch bookkeeping (the read half of FinalRequestProcessor): answered from the tree as it stands when the
// request reaches the head of the pipeline, registering watches for the asking connection. Pure.
import { Perms, type Id } from '../proto/acl.js';
import type { AddWatchRequest } from '../proto/addWatchRequest.js';
import type { CheckWatchesRequest } from '../proto/checkWatchesRequest.js';
import { ErrorCode } from '../proto/errorCodes.js';
import type { GetChildrenRequest } from '../proto/getChildrenRequest.js';
import type { GetDataRequest } from '../proto/getDataRequest.js';
import type { MultiOp, MultiResult } from '../proto/multi.js';
import { OpCode } from '../proto/opCodes.js';
import type { SetWatches } from '../proto/setWatches.js';
import type { SetWatches2 } from '../proto/setWatches2.js';
import { EventType, WatcherType } from '../proto/watcherEvent.js';
import { aclAllows } from './acls.js';
import { TreeError, type DataNode, type DataTree } from './dataTree.js';
import type { Notification, WatchManager, WatchTable } from './watchManager.js';

export interface ReadContext {
  readonly sessionId: bigint;
  readonly watcher: number;
  readonly authIds: readonly Id[];
}

export interface ReadResult {
  readonly err: number;
  readonly response?: unknown;
  /** Events to send before the reply (setWatches answers some watches at once). */
  readonly notifications?: readonly Notification[];
}

export interface ReadState {
  readonly tree: DataTree;
  readonly watches: WatchManager;
}

function fail(err: number): never {
  throw new TreeError(err);
}

function nodeFor(tree: DataTree, path: string): DataNode {
  if (path.includes('\u0000')) fail(ErrorCode.BADARGUMENTS);
  return tree.getNode(path) ?? fail(ErrorCode.NONODE);
}

function readable(s: ReadState, path: string, ctx: ReadContext): DataNode {
  const node = nodeFor(s.tree, path);
  if (!aclAllows(s.tree.aclOf(node), Perms.READ, ctx.authIds)) fail(ErrorCode.NOAUTH);
  return node;
}

function getData(s: ReadState, req: GetDataRequest, ctx: ReadContext): unknown {
  const node = readable(s, req.path, ctx);
  if (req.watch) s.watches.add('data', req.path, ctx.watcher);
  return { data: node.data, stat: s.tree.statOf(node) };
}

function getChildren(s: ReadState, req: GetChildrenRequest, ctx: ReadContext): { children: string[]; node: DataNode } {
  const node = readable(s, req.path, ctx);
  if (req.watch) s.watches.add('child', req.path, ctx.watcher);
  return { children: [...node.children], node };
}

function tablesOf(type: number): WatchTable[] {
  if (type === WatcherType.Children) return ['child'];
  if (type === WatcherType.Data) return ['data'];
  if (type === WatcherType.Any) return ['data', 'child'];
  return fail(ErrorCode.BADARGUMENTS);
}

function watchesOp(s: ReadState, req: CheckWatchesRequest, ctx: ReadContext, remove: boolean): unknown {
  const tables = tablesOf(req.type).filter((t) => s.watches.has(t, req.path, ctx.watcher));
  if (tables.length === 0) fail(ErrorCode.NOWATCHER);
  if (remove) for (const t of tables) s.watches.remove(t, req.path, ctx.watcher);
  return {};
}

/** SetWatches after a reconnect: anything that changed since relativeZxid fires now, the rest is registered. */
export function setWatches(s: ReadState, req: SetWatches2, watcher: number): Notification[] {
  const out: Notification[] = [];
  const rel = req.relativeZxid;
  for (const path of req.dataWatches) {
    const node = s.tree.getNode(path);
    if (node === undefined) out.push({ watcher, type: EventType.NodeDeleted, path });
    else if (node.stat.mzxid > rel) out.push({ watcher, type: EventType.NodeDataChanged, path });
    else s.watches.add('data', path, watcher);
  }
  for (const path of req.existWatches) {
    if (s.tree.getNode(path) !== undefined) out.push({ watcher, type: EventType.NodeCreated, path });
    else s.watches.add('data', path, watcher);
  }
  for (const path of req.childWatches) {
    const node = s.tree.getNode(path);
    if (node === undefined) out.push({ watcher, type: EventType.NodeDeleted, path });
    else if (node.stat.pzxid > rel) out.push({ watcher, type: EventType.NodeChildrenChanged, path });
    else s.watches.add('child', path, watcher);
  }
  for (const path of req.persistentWatches) s.watches.addPersistent(path, watcher, false);
  for (const path of req.persistentRecursiveWatches) s.watches.addPersistent(path, watcher, true);
  return out;
}

function withoutPersistent(req: SetWatches): SetWatches2 {
  return { ...req, persistentWatches: [], persistentRecursiveWatches: [] };
}

function multiRead(s: ReadState, ops: readonly MultiOp[], ctx: ReadContext): unknown {
  const results = ops.map((op): MultiResult => {
    try {
      if (op.type === OpCode.getData) return { type: OpCode.getData, response: getData(s, op.request, ctx) as never };
      if (op.type === OpCode.getChildren) return { type: OpCode.getChildren, response: { children: getChildren(s, op.request, ctx).children } };
      return fail(ErrorCode.BADARGUMENTS);
    } catch (error) {
      if (!(error instanceof TreeError)) throw error;
      return { type: OpCode.error, err: error.err };
    }
  });
  return { results };
}

function readOrThrow(s: ReadState, type: number, body: unknown, ctx: ReadContext): ReadResult {
  const req = body as Record<string, never> & { path: string; watch: boolean };
  switch (type) {
    case OpCode.exists: {
      if (req.path.includes('\u0000')) fail(ErrorCode.BADARGUMENTS);
      if (req.watch) s.watches.add('data', req.path, ctx.watcher);
      const node = s.tree.getNode(req.path) ?? fail(ErrorCode.NONODE);
      return { err: 0, response: { stat: s.tree.statOf(node) } };
    }
    case OpCode.getData:
      return { err: 0, response: getData(s, req, ctx) };
    case OpCode.getChildren:
      return { err: 0, response: { children: getChildren(s, req, ctx).children } };
    case OpCode.getChildren2: {
      const { children, node } = getChildren(s, req, ctx);
      return { err: 0, response: { children, stat: s.tree.statOf(node) } };
    }
    case OpCode.getACL: {
      const node = nodeFor(s.tree, req.path);
      const acl = s.tree.aclOf(node);
      if (!aclAllows(acl, Perms.READ | Perms.ADMIN, ctx.authIds)) fail(ErrorCode.NOAUTH);
      return { err: 0, response: { acl: [...acl], stat: s.tree.statOf(node) } };
    }
    case OpCode.getAllChildrenNumber:
      readable(s, req.path, ctx);
      return { err: 0, response: { totalNumber: s.tree.descendantCount(req.path) } };
    case OpCode.getEphemerals: {
      const prefix = (body as { prefixPath: string }).prefixPath;
      const all = s.tree.ephemeralsOf(ctx.sessionId).filter((p) => prefix === '/' || p.startsWith(prefix));
      return { err: 0, response: { ephemerals: all.sort() } };
    }
    case OpCode.sync:
      return { err: 0, response: { path: req.path } };
    case OpCode.checkWatches:
    case OpCode.removeWatches:
      return { err: 0, response: watchesOp(s, body as CheckWatchesRequest, ctx, type === OpCode.removeWatches) };
    case OpCode.setWatches:
      return { err: 0, response: {}, notifications: setWatches(s, withoutPersistent(body as SetWatches), ctx.watcher) };
    case OpCode.setWatches2:
      return { err: 0, response: {}, notifications: setWatches(s, body as SetWatches2, ctx.watcher) };
    case OpCode.addWatch: {
      const { path, mode } = body as AddWatchRequest;
      if (mode !== 0 && mode !== 1) fail(ErrorCode.BADARGUMENTS);
      s.watches.addPersistent(path, ctx.watcher, mode === 1);
      return { err: 0, response: { err: 0 } };
    }
    case OpCode.whoAmI:
      return { err: 0, response: { clientInfo: ctx.authIds.map((id) => ({ authScheme: id.scheme, user: id.id })) } };
    case OpCode.multiRead:
      return { err: 0, response: multiRead(s, (body as { ops: MultiOp[] }).ops, ctx) };
    case OpCode.ping:
      return { err: 0, response: {} };
    default:
      return fail(ErrorCode.UNIMPLEMENTED);
  }
}

export function processRead(s: ReadState, type: number, body: unknown, ctx: ReadContext): ReadResult {
  try {
    return readOrThrow(s, type, body, ctx);
  } catch (error) {
    if (!(error instanceof TreeError)) throw error;
    return { err: error.err };
  }
}

export const readOpCodes: ReadonlySet<number> = new Set([
  OpCode.exists, OpCode.getData, OpCode.getChildren, OpCode.getChildren2, OpCode.getACL, OpCode.getAllChildrenNumber,
  OpCode.getEphemerals, OpCode.sync, OpCode.checkWatches, OpCode.removeWatches, OpCode.setWatches, OpCode.setWatches2,
  OpCode.addWatch, OpCode.whoAmI, OpCode.multiRead, OpCode.ping,
]);

export const writeOpCodes: ReadonlySet<number> = new Set([
  OpCode.create, OpCode.create2, OpCode.createContainer, OpCode.createTTL, OpCode.delete, OpCode.setData,
  OpCode.setACL, OpCode.multi,
]);
