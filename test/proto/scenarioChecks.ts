// What a real ZooKeeper 3.8 server must have answered to test/proto/scenario.ts, checked on a decoded transcript.
// Shared by the offline golden test (captured fixture) and the live interop test.
import { expect } from 'vitest';
import {
  ErrorCode,
  EventType,
  KeeperState,
  multiFailure,
  OPEN_ACL_UNSAFE,
  type MultiResponse,
  type Stat,
} from '../../src/proto/index.js';
import { byName, type DecodedFrame } from './transcript.js';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

function errOf(decoded: readonly DecodedFrame[], name: string): number {
  const header = byName(decoded, name).header;
  if (header === undefined || !('err' in header)) throw new Error(`${name} has no reply header`);
  return header.err;
}

function bodyOf<T>(decoded: readonly DecodedFrame[], name: string): T {
  return byName(decoded, name).body as T;
}

function checkCreates(decoded: readonly DecodedFrame[]): void {
  expect(bodyOf(decoded, 'createReply')).toEqual({ path: '/rx' });
  expect(bodyOf<{ path: string }>(decoded, 'create2Reply').path).toBe('/rx/e-0000000000');
  expect(bodyOf<{ stat: Stat }>(decoded, 'create2Reply').stat.ephemeralOwner).not.toBe(0n);
  // Observed on 3.8.0: clients see ephemeralOwner 0 for containers and TTL nodes, in create replies and in later
  // reads alike; the special owner values of spec section 6.1 stay inside the server.
  expect(bodyOf<{ stat: Stat }>(decoded, 'createContainerReply').stat.ephemeralOwner).toBe(0n);
  expect(bodyOf<{ stat: Stat }>(decoded, 'createTTLReply').stat.ephemeralOwner).toBe(0n);
  expect(bodyOf<{ path: string }>(decoded, 'createTTLReply').path).toBe('/rxt');
  expect(errOf(decoded, 'createExistsReply')).toBe(ErrorCode.NODEEXISTS);
}

function checkReads(decoded: readonly DecodedFrame[]): void {
  expect(bodyOf<{ stat: Stat }>(decoded, 'existsReply').stat.dataLength).toBe(2);
  expect(bodyOf<{ stat: Stat }>(decoded, 'existsContainerReply').stat.ephemeralOwner).toBe(0n);
  expect(bodyOf<{ stat: Stat }>(decoded, 'existsTTLReply').stat.ephemeralOwner).toBe(0n);
  expect(errOf(decoded, 'existsMissingReply')).toBe(ErrorCode.NONODE);
  expect(bodyOf<{ data: Uint8Array }>(decoded, 'getDataReply').data).toEqual(text('v1'));
  expect(bodyOf<{ children: string[] }>(decoded, 'getChildren2Reply').children).toEqual(['e-0000000000']);
  expect(bodyOf<{ stat: Stat }>(decoded, 'setDataReply').stat.version).toBe(1);
  expect(errOf(decoded, 'setDataBadVersionReply')).toBe(ErrorCode.BADVERSION);
  expect(bodyOf(decoded, 'getChildrenReply')).toEqual({ children: ['e-0000000000'] });
  expect(bodyOf(decoded, 'getAllChildrenNumberReply')).toEqual({ totalNumber: 1 });
  expect(bodyOf(decoded, 'getEphemeralsReply')).toEqual({ ephemerals: ['/rx/e-0000000000'] });
  expect(bodyOf(decoded, 'syncReply')).toEqual({ path: '/rx' });
  expect(bodyOf<{ acl: unknown }>(decoded, 'getACLReply').acl).toEqual(OPEN_ACL_UNSAFE);
  expect(bodyOf<{ stat: Stat }>(decoded, 'setACLReply').stat.aversion).toBe(1);
}

function checkWatches(decoded: readonly DecodedFrame[]): void {
  expect(bodyOf(decoded, 'addWatchReply')).toEqual({ err: 0 });
  expect(errOf(decoded, 'checkWatchesReply')).toBe(ErrorCode.NOWATCHER);
  expect(errOf(decoded, 'removeWatchesReply')).toBe(0);
  const event = (type: number) => ({ type, state: KeeperState.SyncConnected, path: '/rx' });
  expect(bodyOf(decoded, 'notification1')).toEqual(event(EventType.NodeDataChanged));
  // SetWatches with an old relativeZxid: the server fires at once what changed since.
  expect(bodyOf(decoded, 'notification2')).toEqual(event(EventType.NodeDataChanged));
  expect(bodyOf(decoded, 'notification3')).toEqual(event(EventType.NodeChildrenChanged));
  expect(byName(decoded, 'notification1').header).toMatchObject({ xid: -1, zxid: -1n, err: 0 });
}

function checkMultis(decoded: readonly DecodedFrame[]): void {
  const multi = bodyOf<MultiResponse>(decoded, 'multiReply');
  expect(multi.results.map((result) => result.type)).toEqual([1, 5, 13]);
  expect(multiFailure(multi.results)).toBeUndefined();
  const failing = bodyOf<MultiResponse>(decoded, 'multiFailingReply');
  expect(errOf(decoded, 'multiFailingReply')).toBe(0);
  expect(failing.results).toEqual([
    { type: -1, err: 0 },
    { type: -1, err: ErrorCode.NONODE },
    { type: -1, err: ErrorCode.RUNTIMEINCONSISTENCY },
  ]);
  expect(multiFailure(failing.results)).toEqual({ index: 1, err: ErrorCode.NONODE });
  const read = bodyOf<MultiResponse>(decoded, 'multiReadReply');
  expect(read.results.map((result) => result.type)).toEqual([4, 8, -1]);
  expect(read.results[2]).toEqual({ type: -1, err: ErrorCode.NONODE });
}

export function checkScenario(decoded: readonly DecodedFrame[]): void {
  for (const frame of decoded) expect(frame.name).not.toBe('pending');
  expect(bodyOf<{ timeOut: number; readOnly: boolean }>(decoded, 'connectResponse')).toMatchObject({
    timeOut: 10_000,
    readOnly: false,
  });
  expect(errOf(decoded, 'authReply')).toBe(0);
  checkCreates(decoded);
  checkReads(decoded);
  checkWatches(decoded);
  checkMultis(decoded);
  expect(errOf(decoded, 'deleteReply')).toBe(0);
  expect(byName(decoded, 'pingReply').header).toMatchObject({ xid: -2, err: 0 });
  expect(errOf(decoded, 'closeSessionReply')).toBe(0);
}
