// One client session that touches every record the client uses, run against a real ZooKeeper 3.8 server: by the
// fixture capture script (to record golden frames) and by the interop test (live). Requests are encoded by our codecs;
// every reply is whatever the real server sent.
import { encodeRecord } from '../../src/jute/index.js';
import {
  AddWatchMode,
  connectRequestCodec,
  CreateMode,
  digestAuthPacket,
  encodeRequest,
  OPEN_ACL_UNSAFE,
  OpCode,
  opRecordsOf,
  readReplyHeader,
  WatcherType,
  Xid,
  type MultiOp,
} from '../../src/proto/index.js';
import type { RawSession } from './rawSession.js';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const createOf = (path: string, data: string | null, flags: number) =>
  ({ path, data: data === null ? null : text(data), acl: OPEN_ACL_UNSAFE, flags });

export interface ScenarioStep {
  readonly name: string;
  readonly type: number;
  readonly request: unknown;
  /** Fixed xid (ping -2, auth -4); otherwise the next normal xid. */
  readonly xid?: number;
}

const createOps: readonly MultiOp[] = [
  { type: OpCode.create, request: createOf('/rx/m1', 'm', CreateMode.PERSISTENT) },
  { type: OpCode.setData, request: { path: '/rx', data: text('v3'), version: -1 } },
  { type: OpCode.check, request: { path: '/rx', version: 2 } },
];
const failingOps: readonly MultiOp[] = [
  { type: OpCode.create, request: createOf('/rx/m2', null, CreateMode.PERSISTENT) },
  { type: OpCode.delete, request: { path: '/missing', version: -1 } },
  { type: OpCode.setData, request: { path: '/rx', data: text('never'), version: -1 } },
];
const readOps: readonly MultiOp[] = [
  { type: OpCode.getData, request: { path: '/rx', watch: false } },
  { type: OpCode.getChildren, request: { path: '/rx', watch: false } },
  { type: OpCode.getData, request: { path: '/missing', watch: false } },
];

export const scenarioSteps: readonly ScenarioStep[] = [
  { name: 'auth', type: OpCode.auth, xid: Xid.auth, request: digestAuthPacket('rxzk', 'secret') },
  { name: 'create', type: OpCode.create, request: createOf('/rx', 'v1', 0) },
  { name: 'create2', type: OpCode.create2, request: createOf('/rx/e-', 'e', CreateMode.EPHEMERAL_SEQUENTIAL) },
  { name: 'createContainer', type: OpCode.createContainer, request: createOf('/rxc', null, CreateMode.CONTAINER) },
  {
    name: 'createTTL',
    type: OpCode.createTTL,
    request: { ...createOf('/rxt', 't', CreateMode.PERSISTENT_WITH_TTL), ttl: 60_000n },
  },
  { name: 'createExists', type: OpCode.create, request: createOf('/rx', null, 0) },
  { name: 'exists', type: OpCode.exists, request: { path: '/rx', watch: true } },
  { name: 'existsContainer', type: OpCode.exists, request: { path: '/rxc', watch: false } },
  { name: 'existsTTL', type: OpCode.exists, request: { path: '/rxt', watch: false } },
  { name: 'existsMissing', type: OpCode.exists, request: { path: '/missing', watch: false } },
  { name: 'getData', type: OpCode.getData, request: { path: '/rx', watch: true } },
  { name: 'getChildren2', type: OpCode.getChildren2, request: { path: '/rx', watch: true } },
  { name: 'setData', type: OpCode.setData, request: { path: '/rx', data: text('v2'), version: 0 } },
  { name: 'setDataBadVersion', type: OpCode.setData, request: { path: '/rx', data: text('x'), version: 42 } },
  { name: 'getChildren', type: OpCode.getChildren, request: { path: '/rx', watch: false } },
  { name: 'getAllChildrenNumber', type: OpCode.getAllChildrenNumber, request: { path: '/rx' } },
  { name: 'getEphemerals', type: OpCode.getEphemerals, request: { prefixPath: '/' } },
  { name: 'sync', type: OpCode.sync, request: { path: '/rx' } },
  { name: 'getACL', type: OpCode.getACL, request: { path: '/rx' } },
  { name: 'setACL', type: OpCode.setACL, request: { path: '/rxt', acl: OPEN_ACL_UNSAFE, version: 0 } },
  { name: 'addWatch', type: OpCode.addWatch, request: { path: '/rx', mode: AddWatchMode.PERSISTENT_RECURSIVE } },
  { name: 'checkWatches', type: OpCode.checkWatches, request: { path: '/rxc', type: WatcherType.Data } },
  { name: 'removeWatches', type: OpCode.removeWatches, request: { path: '/rx', type: WatcherType.Any } },
  {
    name: 'setWatches',
    type: OpCode.setWatches,
    request: { relativeZxid: 1n, dataWatches: ['/rx'], existWatches: ['/nope'], childWatches: ['/rx'] },
  },
  { name: 'multi', type: OpCode.multi, request: { ops: createOps } },
  { name: 'multiFailing', type: OpCode.multi, request: { ops: failingOps } },
  { name: 'multiRead', type: OpCode.multiRead, request: { ops: readOps } },
  { name: 'delete', type: OpCode.delete, request: { path: '/rxt', version: -1 } },
  { name: 'ping', type: OpCode.ping, xid: Xid.ping, request: {} },
  { name: 'closeSession', type: OpCode.closeSession, request: {} },
];

function encodeStep(step: ScenarioStep, xid: number): Uint8Array {
  const records = opRecordsOf(step.type);
  if (records === undefined) throw new Error(`no records for op ${step.type}`);
  return encodeRequest({ xid, type: step.type }, records.request, step.request);
}

/** Reads frames until the reply to `xid`; notifications (xid -1) that arrive first are recorded in order. */
async function awaitReply(
  session: RawSession,
  step: ScenarioStep,
  xid: number,
  counter: { notifications: number },
): Promise<void> {
  const framesMax = 32;
  for (let index = 0; index < framesMax; index += 1) {
    const next = await session.receive('pending');
    const { header } = readReplyHeader(next);
    const last = session.recorded[session.recorded.length - 1];
    const name = header.xid === Xid.notification ? `notification${++counter.notifications}` : `${step.name}Reply`;
    if (last !== undefined) session.recorded[session.recorded.length - 1] = { ...last, name };
    if (header.xid === xid) return;
  }
  throw new Error(`no reply to ${step.name} within ${framesMax} frames`);
}

export async function runScenario(session: RawSession): Promise<void> {
  const connect = {
    protocolVersion: 0,
    lastZxidSeen: 0n,
    timeOut: 10_000,
    sessionId: 0n,
    passwd: new Uint8Array(16),
    readOnly: false,
  };
  session.send('connectRequest', encodeRecord(connectRequestCodec, connect));
  await session.receive('connectResponse');
  const counter = { notifications: 0 };
  let nextXid = 1;
  for (const step of scenarioSteps) {
    const xid = step.xid ?? nextXid++;
    session.send(`${step.name}Request`, encodeStep(step, xid));
    await awaitReply(session, step, xid, counter);
  }
  await session.closedByServer();
}
