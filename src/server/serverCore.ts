// The server's state machine for one standalone ZooKeeper database: a request in, at most one transaction to log
// and the frames to send once it is durable. Writes are prepared and applied in arrival order, so each sees every
// write before it; the shell holds the outputs until the log has fsynced them. Pure: time comes in as an argument.
import type { Id } from '../proto/acl.js';
import type { MultiRequest } from '../proto/multiRequest.js';
import type { MultiResult } from '../proto/multi.js';
import { OpCode } from '../proto/opCodes.js';
import { opRecordsOf } from '../proto/opRecords.js';
import { encodeReply } from '../proto/packet.js';
import { KeeperState, watcherEventCodec } from '../proto/watcherEvent.js';
import type { ApplyResult } from './applyTxn.js';
import { DataTree } from './dataTree.js';
import { prepCloseSession, prepMulti, prepWrite, type Prepared } from './prepRequest.js';
import { processRead } from './readRequest.js';
import type { Txn } from './txn.js';
import { WatchManager, type Notification } from './watchManager.js';

export interface ServerRequest {
  readonly sessionId: bigint;
  readonly xid: number;
  readonly type: number;
  readonly body: unknown;
  /** The connection asking: it owns watches and receives the reply. */
  readonly watcher: number;
  readonly authIds: readonly Id[];
}

export type Output =
  | { readonly kind: 'frame'; readonly watcher: number; readonly payload: Uint8Array }
  | { readonly kind: 'close'; readonly watcher: number };

export interface Processed {
  readonly txn?: Txn;
  readonly outputs: readonly Output[];
}

export interface ServerCoreConfig {
  readonly extendedTypesEnabled?: boolean;
}

const NOTIFICATION_HEADER = { xid: -1, zxid: -1n, err: 0 } as const;

export function notificationFrame(n: Notification): Output {
  const payload = encodeReply(NOTIFICATION_HEADER, watcherEventCodec, { type: n.type, state: KeeperState.SyncConnected, path: n.path });
  return { kind: 'frame', watcher: n.watcher, payload };
}

function multiResultOf(r: ApplyResult): MultiResult {
  switch (r.type) {
    case OpCode.create:
      return { type: OpCode.create, response: { path: r.path ?? '' } };
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return { type: r.type, response: { path: r.path ?? '', stat: r.stat! } };
    case OpCode.delete:
    case OpCode.check:
      return { type: r.type };
    case OpCode.setData:
      return { type: OpCode.setData, response: { stat: r.stat! } };
    default:
      return { type: OpCode.error, err: r.err };
  }
}

function writeResponse(requestType: number, r: ApplyResult): unknown {
  switch (requestType) {
    case OpCode.create:
      return { path: r.path };
    case OpCode.create2:
    case OpCode.createContainer:
    case OpCode.createTTL:
      return { path: r.path, stat: r.stat };
    case OpCode.setData:
    case OpCode.setACL:
      return { stat: r.stat };
    case OpCode.multi:
      return { results: (r.multi ?? []).map(multiResultOf) };
    default:
      return {};
  }
}

export class ServerCore {
  readonly tree: DataTree;
  readonly watches = new WatchManager();
  private readonly extendedTypesEnabled: boolean;

  constructor(tree: DataTree = new DataTree(), config: ServerCoreConfig = {}) {
    this.tree = tree;
    this.extendedTypesEnabled = config.extendedTypesEnabled ?? false;
  }

  get lastZxid(): bigint {
    return this.tree.lastProcessedZxid;
  }

  /** A client request: reads answer now; writes become a txn applied now and answered once logged. */
  process(req: ServerRequest, timeMs: bigint): Processed {
    if (req.type === OpCode.closeSession) return this.closeSession(req.sessionId, timeMs, req);
    const isWrite = req.type === OpCode.multi || prepWriteTypes.has(req.type);
    if (!isWrite) return { outputs: this.read(req) };
    const ctx = { sessionId: req.sessionId, authIds: req.authIds, extendedTypesEnabled: this.extendedTypesEnabled };
    const prepared = req.type === OpCode.multi
      ? prepMulti(this.tree, (req.body as MultiRequest).ops, ctx)
      : prepWrite(this.tree, req.type, req.body, ctx);
    return this.commit(prepared, req, timeMs);
  }

  /** The createSession txn of a new session (its reply is the shell's ConnectResponse). */
  createSession(sessionId: bigint, timeoutMs: number, timeMs: bigint): Txn {
    return this.applyOnly({ type: OpCode.createSession, record: { kind: 'createSession', timeOut: timeoutMs } }, sessionId, 0, timeMs).txn;
  }

  /** Ends a session: its ephemerals go in one txn; a client's closeSession is answered, then its connection closed. */
  closeSession(sessionId: bigint, timeMs: bigint, req?: ServerRequest): Processed {
    const { txn, result } = this.applyOnly(prepCloseSession(this.tree, sessionId), sessionId, req?.xid ?? 0, timeMs);
    const outputs = this.watches.trigger(result.triggers).map(notificationFrame);
    if (req === undefined) return { txn, outputs };
    const header = { xid: req.xid, zxid: txn.header.zxid, err: 0 };
    return { txn, outputs: [...outputs, { kind: 'frame', watcher: req.watcher, payload: encodeReply(header) },
      { kind: 'close', watcher: req.watcher }] };
  }

  private applyOnly(prepared: Prepared, sessionId: bigint, cxid: number, timeMs: bigint): { txn: Txn; result: ApplyResult } {
    const zxid = this.tree.lastProcessedZxid + 1n;
    const txn: Txn = { header: { clientId: sessionId, cxid, zxid, timeMs, type: prepared.type }, record: prepared.record };
    return { txn, result: this.tree.applyTxn(txn) };
  }

  private commit(prepared: Prepared, req: ServerRequest, timeMs: bigint): Processed {
    const { txn, result } = this.applyOnly(prepared, req.sessionId, req.xid, timeMs);
    const outputs: Output[] = this.watches.trigger(result.triggers).map(notificationFrame);
    const err = prepared.type === OpCode.error ? result.err : 0;
    const codec = opRecordsOf(req.type)?.response;
    const header = { xid: req.xid, zxid: txn.header.zxid, err };
    outputs.push({ kind: 'frame', watcher: req.watcher, payload: encodeReply(header, codec, writeResponse(req.type, result)) });
    return { txn, outputs };
  }

  private read(req: ServerRequest): Output[] {
    const result = processRead(this, req.type, req.body, req);
    const outputs: Output[] = (result.notifications ?? []).map(notificationFrame);
    const xid = req.type === OpCode.ping ? -2 : req.xid;
    const header = { xid, zxid: this.tree.lastProcessedZxid, err: result.err };
    const codec = opRecordsOf(req.type)?.response;
    outputs.push({ kind: 'frame', watcher: req.watcher, payload: encodeReply(header, codec, result.response) });
    return outputs;
  }
}

const prepWriteTypes: ReadonlySet<number> = new Set([OpCode.create, OpCode.create2, OpCode.createContainer,
  OpCode.createTTL, OpCode.delete, OpCode.setData, OpCode.setACL]);
