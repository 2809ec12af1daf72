// The prepare step (PrepRequestProcessor) for writes: validate the request against the tree (and, inside a multi,
// against the ops before it), check ACLs, and build the transaction to log. A refused write still becomes a txn:
// an ErrorTxn, as ZooKeeper logs it. Pure.
import type { ACL, Id } from '../proto/acl.js';
import { Perms } from '../proto/acl.js';
import type { CheckVersionRequest } from '../proto/checkVersionRequest.js';
import { isCreateMode, isEphemeral, isSequential, isTTL, CreateMode } from '../proto/createMode.js';
import type { CreateRequest } from '../proto/createRequest.js';
import type { CreateTTLRequest } from '../proto/createTTLRequest.js';
import type { DeleteRequest } from '../proto/deleteRequest.js';
import { ErrorCode } from '../proto/errorCodes.js';
import type { MultiOp } from '../proto/multi.js';
import { OpCode } from '../proto/opCodes.js';
import { isValidPath } from '../proto/path.js';
import type { SetACLRequest } from '../proto/setACLRequest.js';
import type { SetDataRequest } from '../proto/setDataRequest.js';
import { aclAllows, fixupAcl } from './acls.js';
import { SYSTEM_PATHS, TreeError, parentOf, type DataTree } from './dataTree.js';
import { EphemeralKind, TTL_MAX_MS, ephemeralKindOf } from './ephemeralType.js';
import type { SubTxn, TxnRecord } from './txn.js';

export interface PrepContext {
  readonly sessionId: bigint;
  readonly authIds: readonly Id[];
  readonly extendedTypesEnabled: boolean;
}

/** What prepare knows of a node: the committed tree, overlaid by earlier ops of the same multi. */
interface PrepRecord {
  readonly version: number;
  readonly cversion: number;
  readonly aversion: number;
  readonly ephemeralOwner: bigint;
  readonly childCount: number;
  readonly acl: readonly ACL[];
}

class Overlay {
  private readonly changes = new Map<string, PrepRecord | null>();
  constructor(private readonly tree: DataTree) {}

  get(path: string): PrepRecord | undefined {
    if (this.changes.has(path)) return this.changes.get(path) ?? undefined;
    const node = this.tree.getNode(path);
    if (node === undefined) return undefined;
    const s = node.stat;
    return { version: s.version, cversion: s.cversion, aversion: s.aversion, ephemeralOwner: s.ephemeralOwner,
      childCount: node.children.size, acl: this.tree.aclOf(node) };
  }

  require(path: string): PrepRecord {
    const record = this.get(path);
    if (record === undefined) throw new TreeError(ErrorCode.NONODE);
    return record;
  }

  set(path: string, record: PrepRecord | null): void {
    this.changes.set(path, record);
  }
}

export type Prepared = { readonly type: number; readonly record: TxnRecord };

function fail(err: number): never {
  throw new TreeError(err);
}

function checkPath(path: string): void {
  if (!isValidPath(path)) fail(ErrorCode.BADARGUMENTS);
}

function requirePerm(record: PrepRecord, perm: number, ctx: PrepContext): void {
  if (!aclAllows(record.acl, perm, ctx.authIds)) fail(ErrorCode.NOAUTH);
}

function nextVersion(current: number, expected: number): number {
  if (expected !== -1 && expected !== current) fail(ErrorCode.BADVERSION);
  return (current + 1) | 0;
}

function prepCreate(o: Overlay, type: number, req: CreateRequest | CreateTTLRequest, ctx: PrepContext): Prepared {
  const mode = req.flags;
  if (!isCreateMode(mode)) fail(ErrorCode.BADARGUMENTS);
  const ttl = 'ttl' in req ? req.ttl : undefined;
  if ((type === OpCode.createContainer) !== (mode === CreateMode.CONTAINER)) fail(ErrorCode.BADARGUMENTS);
  if (isTTL(mode) !== (type === OpCode.createTTL)) fail(ErrorCode.BADARGUMENTS);
  if (isTTL(mode) && !ctx.extendedTypesEnabled) fail(ErrorCode.UNIMPLEMENTED);
  if (ttl !== undefined && (ttl <= 0n || ttl > TTL_MAX_MS)) fail(ErrorCode.BADARGUMENTS);
  checkPath(req.path);
  if (req.path === '/') fail(ErrorCode.NODEEXISTS);
  const acl = fixupAcl(req.acl, ctx.authIds) ?? fail(ErrorCode.INVALIDACL);
  const parentPath = parentOf(req.path);
  const parent = o.require(parentPath);
  requirePerm(parent, Perms.CREATE, ctx);
  const path = isSequential(mode) ? `${req.path}${javaPad10(parent.cversion)}` : req.path;
  checkPath(path);
  if (o.get(path) !== undefined) fail(ErrorCode.NODEEXISTS);
  if (ephemeralKindOf(parent.ephemeralOwner) === EphemeralKind.session) fail(ErrorCode.NOCHILDRENFOREPHEMERALS);
  const parentCVersion = parent.cversion + 1;
  o.set(parentPath, { ...parent, cversion: parentCVersion, childCount: parent.childCount + 1 });
  const ephemeral = isEphemeral(mode);
  const owner = ephemeral ? ctx.sessionId : 0n;
  o.set(path, { version: 0, cversion: 0, aversion: 0, ephemeralOwner: owner, childCount: 0, acl });
  const data = req.data;
  if (type === OpCode.createTTL) return { type, record: { kind: 'createTTL', path, data, acl, parentCVersion, ttl: ttl ?? 0n } };
  if (type === OpCode.createContainer) return { type, record: { kind: 'createContainer', path, data, acl, parentCVersion } };
  return { type, record: { kind: 'create', path, data, acl, ephemeral, parentCVersion } };
}

/** Java's %010d: the sign comes before the zero padding. */
function javaPad10(value: number): string {
  const digits = String(Math.abs(value)).padStart(value < 0 ? 9 : 10, '0');
  return value < 0 ? `-${digits}` : digits;
}

function prepDelete(o: Overlay, req: DeleteRequest, ctx: PrepContext): Prepared {
  checkPath(req.path);
  if ((SYSTEM_PATHS as readonly string[]).includes(req.path)) fail(ErrorCode.BADARGUMENTS);
  const parentPath = parentOf(req.path);
  const parent = o.require(parentPath);
  const node = o.require(req.path);
  requirePerm(parent, Perms.DELETE, ctx);
  nextVersion(node.version, req.version);
  if (node.childCount > 0) fail(ErrorCode.NOTEMPTY);
  o.set(req.path, null);
  o.set(parentPath, { ...parent, cversion: parent.cversion + 1, childCount: parent.childCount - 1 });
  return { type: OpCode.delete, record: { kind: 'delete', path: req.path } };
}

function prepSetData(o: Overlay, req: SetDataRequest, ctx: PrepContext): Prepared {
  checkPath(req.path);
  const node = o.require(req.path);
  requirePerm(node, Perms.WRITE, ctx);
  const version = nextVersion(node.version, req.version);
  o.set(req.path, { ...node, version });
  return { type: OpCode.setData, record: { kind: 'setData', path: req.path, data: req.data, version } };
}

function prepSetACL(o: Overlay, req: SetACLRequest, ctx: PrepContext): Prepared {
  checkPath(req.path);
  const acl = fixupAcl(req.acl, ctx.authIds) ?? fail(ErrorCode.INVALIDACL);
  const node = o.require(req.path);
  requirePerm(node, Perms.ADMIN, ctx);
  const version = nextVersion(node.aversion, req.version);
  o.set(req.path, { ...node, aversion: version, acl });
  return { type: OpCode.setACL, record: { kind: 'setACL', path: req.path, acl, version } };
}

function prepCheck(o: Overlay, req: CheckVersionRequest, ctx: PrepContext): Prepared {
  checkPath(req.path);
  const node = o.require(req.path);
  requirePerm(node, Perms.READ, ctx);
  return { type: OpCode.check, record: { kind: 'check', path: req.path, version: nextVersion(node.version, req.version) } };
}

function prepOne(o: Overlay, type: number, request: unknown, ctx: PrepContext): Prepared {
  switch (type) {
    case OpCode.create:
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return prepCreate(o, type, request as CreateRequest | CreateTTLRequest, ctx);
    case OpCode.delete:
      return prepDelete(o, request as DeleteRequest, ctx);
    case OpCode.setData:
      return prepSetData(o, request as SetDataRequest, ctx);
    case OpCode.setACL:
      return prepSetACL(o, request as SetACLRequest, ctx);
    case OpCode.check:
      return prepCheck(o, request as CheckVersionRequest, ctx);
    default:
      return fail(ErrorCode.UNIMPLEMENTED);
  }
}

function errorOf(error: unknown): number {
  if (error instanceof TreeError) return error.err;
  throw error;
}

/** A single write: its txn, or the ErrorTxn ZooKeeper logs in its place. */
export function prepWrite(tree: DataTree, type: number, request: unknown, ctx: PrepContext): Prepared {
  try {
    return prepOne(new Overlay(tree), type, request, ctx);
  } catch (error) {
    return { type: OpCode.error, record: { kind: 'error', err: errorOf(error) } };
  }
}

/** A write multi: every op or none. On failure every entry is an ErrorTxn (0 before, the code at, -2 after). */
export function prepMulti(tree: DataTree, ops: readonly MultiOp[], ctx: PrepContext): Prepared {
  const overlay = new Overlay(tree);
  const txns: SubTxn[] = [];
  let failedAt = -1;
  let failedErr = 0;
  for (const [index, op] of ops.entries()) {
    try {
      if (op.type === OpCode.getChildren || op.type === OpCode.getData) fail(ErrorCode.BADARGUMENTS);
      txns.push(prepOne(overlay, op.type, op.request, ctx));
    } catch (error) {
      failedAt = index;
      failedErr = errorOf(error);
      break;
    }
  }
  if (failedAt < 0) return { type: OpCode.multi, record: { kind: 'multi', txns } };
  const errors = ops.map((_, index): SubTxn => {
    const err = index < failedAt ? 0 : index === failedAt ? failedErr : ErrorCode.RUNTIMEINCONSISTENCY;
    return { type: OpCode.error, record: { kind: 'error', err } };
  });
  return { type: OpCode.multi, record: { kind: 'multi', txns: errors } };
}

/** closeSession: the session's ephemerals are named in the txn, so replay deletes exactly those. */
export function prepCloseSession(tree: DataTree, sessionId: bigint): Prepared {
  return { type: OpCode.closeSession, record: { kind: 'closeSession', paths2Delete: [...tree.ephemeralsOf(sessionId)].sort() } };
}

