// Applying one logged transaction to the tree (DataTree.processTxn): the result a reply is built from, and the watch
// triggers it fired. Replay of a fuzzy snapshot's tail meets already-applied txns; their errors are reported, not
// thrown, exactly as for live requests.
import { ErrorCode } from '../proto/errorCodes.js';
import { OpCode } from '../proto/opCodes.js';
import type { Stat } from '../proto/stat.js';
import { CONTAINER_EPHEMERAL_OWNER, ttlEphemeralOwner } from './ephemeralType.js';
import { TreeError, parentOf, type DataTree, type WatchTrigger } from './dataTree.js';
import type { SubTxn, Txn, TxnHeader, TxnRecord } from './txn.js';

export interface ApplyResult {
  readonly type: number;
  readonly err: number;
  readonly path?: string;
  readonly stat?: Stat;
  readonly multi?: readonly ApplyResult[];
  readonly triggers: readonly WatchTrigger[];
}

export function applyTxnTo(tree: DataTree, txn: Txn): ApplyResult {
  const triggers: WatchTrigger[] = [];
  const result = applyRecord(tree, txn.header, txn.header.type, txn.record, triggers);
  if (txn.header.zxid > tree.lastProcessedZxid) tree.lastProcessedZxid = txn.header.zxid;
  return { ...result, triggers };
}

type Partial = Omit<ApplyResult, 'triggers'>;

function applyRecord(tree: DataTree, h: TxnHeader, type: number, record: TxnRecord, triggers: WatchTrigger[]): Partial {
  try {
    return applyOrThrow(tree, h, type, record, triggers);
  } catch (error) {
    if (!(error instanceof TreeError)) throw error;
    const path = 'path' in record ? record.path : undefined;
    if (record.kind === 'create' && error.err === ErrorCode.NODEEXISTS && path !== undefined) {
      // A create replayed over a node re-created by another session: still advance the parent's cversion/pzxid.
      const parent = tree.getNode(parentOf(path));
      if (parent !== undefined && record.parentCVersion > parent.stat.cversion) {
        parent.stat.cversion = record.parentCVersion;
        parent.stat.pzxid = h.zxid;
      }
    }
    return { type, err: error.err, ...(path !== undefined && { path }) };
  }
}

function applyOrThrow(tree: DataTree, h: TxnHeader, type: number, record: TxnRecord, triggers: WatchTrigger[]): Partial {
  switch (record.kind) {
    case 'create': {
      const owner = record.ephemeral ? h.clientId : 0n;
      tree.createNode(record.path, record.data, record.acl, owner, record.parentCVersion, h.zxid, h.timeMs, triggers);
      return created(tree, type, record.path);
    }
    case 'createTTL':
      tree.createNode(record.path, record.data, record.acl, ttlEphemeralOwner(record.ttl), record.parentCVersion,
        h.zxid, h.timeMs, triggers);
      return created(tree, type, record.path);
    case 'createContainer':
      tree.createNode(record.path, record.data, record.acl, CONTAINER_EPHEMERAL_OWNER, record.parentCVersion, h.zxid,
        h.timeMs, triggers);
      return created(tree, type, record.path);
    case 'delete':
      tree.deleteNode(record.path, h.zxid, triggers);
      return { type, err: 0, path: record.path };
    case 'setData':
      return { type, err: 0, path: record.path, stat: tree.setData(record.path, record.data, record.version, h.zxid,
        h.timeMs, triggers) };
    case 'setACL':
      return { type, err: 0, path: record.path, stat: tree.setACL(record.path, record.acl, record.version) };
    case 'closeSession':
      tree.killSession(h.clientId, h.zxid, record.paths2Delete, triggers);
      return { type, err: 0 };
    case 'error':
      return { type, err: record.err };
    case 'check':
      return { type, err: 0, path: record.path };
    case 'createSession':
      return { type, err: 0 };
    case 'multi':
      return applyMulti(tree, h, record.txns, triggers);
  }
}

function created(tree: DataTree, type: number, path: string): Partial {
  const node = tree.getNode(path);
  return node === undefined ? { type, err: 0, path } : { type, err: 0, path, stat: tree.statOf(node) };
}

function applyMulti(tree: DataTree, h: TxnHeader, txns: readonly SubTxn[], triggers: WatchTrigger[]): Partial {
  const failed = txns.some((sub) => sub.type === OpCode.error);
  const results: Partial[] = [];
  let afterFailure = false;
  let err = 0;
  for (const sub of txns) {
    if (sub.type === OpCode.error) afterFailure = true;
    const record: TxnRecord = failed && sub.type !== OpCode.error
      ? { kind: 'error', err: afterFailure ? ErrorCode.RUNTIMEINCONSISTENCY : 0 }
      : sub.record;
    const result = applyRecord(tree, h, failed ? OpCode.error : sub.type, record, triggers);
    results.push(result);
    if (result.err !== 0 && err === 0) err = result.err;
  }
  return { type: OpCode.multi, err, multi: results.map((r) => ({ ...r, triggers: [] })) };
}
