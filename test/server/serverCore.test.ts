import { describe, expect, it } from 'vitest';
import { OPEN_ACL_UNSAFE } from '../../src/proto/acl.js';
import { ErrorCode } from '../../src/proto/errorCodes.js';
import { OpCode } from '../../src/proto/opCodes.js';
import { decodeReply, readReplyHeader } from '../../src/proto/packet.js';
import { opRecords } from '../../src/proto/opRecords.js';
import { watcherEventCodec, EventType } from '../../src/proto/watcherEvent.js';
import { multiResponseCodec } from '../../src/proto/multiResponse.js';
import { ServerCore, type Output, type ServerRequest } from '../../src/server/serverCore.js';

const S1 = 0x0100000000000001n;
const S2 = 0x0100000000000002n;
let xid = 0;
const req = (type: number, body: unknown, extra: Partial<ServerRequest> = {}): ServerRequest =>
  ({ sessionId: S1, xid: ++xid, type, body, watcher: 1, authIds: [{ scheme: 'ip', id: '127.0.0.1' }], ...extra });
const create = (path: string, flags = 0, data = 'x') => req(OpCode.create2, { path, data: Buffer.from(data), acl: OPEN_ACL_UNSAFE, flags });
const frames = (outs: readonly Output[], watcher?: number) =>
  outs.filter((o): o is Extract<Output, { kind: 'frame' }> => o.kind === 'frame' && (watcher === undefined || o.watcher === watcher));
const lastReply = (outs: readonly Output[]) => frames(outs).at(-1)!.payload;
const errOf = (outs: readonly Output[]) => readReplyHeader(lastReply(outs)).header.err;
const events = (outs: readonly Output[], watcher: number) => frames(outs, watcher)
  .filter((f) => readReplyHeader(f.payload).header.xid === -1)
  .map((f) => { const r = readReplyHeader(f.payload).reader; const e = watcherEventCodec.decode(r); return `${e.type}:${e.path}`; });

function stat(core: ServerCore, path: string) {
  const node = core.tree.getNode(path);
  return node === undefined ? undefined : core.tree.statOf(node);
}

describe('ServerCore: data tree through the pipeline', () => {
  it('starts with / and the /zookeeper subtree', () => {
    const core = new ServerCore();
    const out = core.process(req(OpCode.getChildren2, { path: '/zookeeper', watch: false }), 0n).outputs;
    const reply = decodeReply(lastReply(out), opRecords[OpCode.getChildren2].response);
    expect(reply.ok && [...reply.response.children].sort()).toEqual(['config', 'quota']);
    expect(stat(core, '/')?.numChildren).toBe(1);
  });

  it('create sets czxid/mzxid/pzxid/ctime, bumps parent cversion and pzxid; zxids count up', () => {
    const core = new ServerCore();
    const a = core.process(create('/a'), 1000n);
    expect(a.txn?.header.zxid).toBe(1n);
    core.process(create('/a/b'), 2000n);
    expect(stat(core, '/a')).toMatchObject({ czxid: 1n, mzxid: 1n, pzxid: 2n, cversion: 1, numChildren: 1, ctime: 1000n, dataLength: 1 });
    expect(stat(core, '/a/b')).toMatchObject({ czxid: 2n, ephemeralOwner: 0n, version: 0 });
    core.process(req(OpCode.delete, { path: '/a/b', version: -1 }), 3000n);
    expect(stat(core, '/a')).toMatchObject({ pzxid: 3n, cversion: 2, numChildren: 0 }); // a real 3.8 server counts deletes too
  });

  it('sequential names use the parent cversion, 10 digits', () => {
    const core = new ServerCore();
    core.process(create('/q'), 0n);
    core.process(create('/q/x'), 0n);
    const out = core.process(create('/q/n-', 2), 0n).outputs;
    const r = decodeReply(lastReply(out), opRecords[OpCode.create2].response);
    expect(r.ok && r.response.path).toBe('/q/n-0000000001');
  });

  it('ephemerals belong to their session, refuse children, and go with closeSession', () => {
    const core = new ServerCore();
    core.process(create('/e', 1), 0n);
    expect(stat(core, '/e')?.ephemeralOwner).toBe(S1);
    expect(errOf(core.process(create('/e/c'), 0n).outputs)).toBe(ErrorCode.NOCHILDRENFOREPHEMERALS);
    expect(core.tree.ephemeralsOf(S1)).toEqual(['/e']);
    const closed = core.closeSession(S1, 0n);
    expect(closed.txn?.record).toEqual({ kind: 'closeSession', paths2Delete: ['/e'] });
    expect(stat(core, '/e')).toBeUndefined();
  });

  it('error codes: NONODE, NODEEXISTS, BADVERSION, NOTEMPTY, BADARGUMENTS, and failed writes still take a zxid', () => {
    const core = new ServerCore();
    expect(errOf(core.process(create('/missing/x'), 0n).outputs)).toBe(ErrorCode.NONODE);
    core.process(create('/a'), 0n);
    const dup = core.process(create('/a'), 0n);
    expect(errOf(dup.outputs)).toBe(ErrorCode.NODEEXISTS);
    expect(dup.txn?.header.type).toBe(OpCode.error);
    expect(errOf(core.process(req(OpCode.setData, { path: '/a', data: null, version: 7 }), 0n).outputs)).toBe(ErrorCode.BADVERSION);
    core.process(create('/a/b'), 0n);
    expect(errOf(core.process(req(OpCode.delete, { path: '/a', version: -1 }), 0n).outputs)).toBe(ErrorCode.NOTEMPTY);
    expect(errOf(core.process(create('/bad//path'), 0n).outputs)).toBe(ErrorCode.BADARGUMENTS);
    expect(errOf(core.process(req(OpCode.delete, { path: '/zookeeper', version: -1 }), 0n).outputs)).toBe(ErrorCode.BADARGUMENTS);
    expect(core.lastZxid).toBe(8n);
  });

  it('setData bumps version and mzxid; setACL bumps aversion; digest ACL without auth denies writes', () => {
    const core = new ServerCore();
    core.process(create('/a'), 0n);
    core.process(req(OpCode.setData, { path: '/a', data: Buffer.from('yy'), version: 0 }), 5n);
    expect(stat(core, '/a')).toMatchObject({ version: 1, mzxid: 2n, mtime: 5n, dataLength: 2 });
    const acl = [{ perms: 1, id: { scheme: 'digest', id: 'u:hash' } }];
    core.process(req(OpCode.setACL, { path: '/a', acl, version: -1 }), 0n);
    expect(stat(core, '/a')?.aversion).toBe(1);
    expect(errOf(core.process(req(OpCode.setData, { path: '/a', data: null, version: -1 }), 0n).outputs)).toBe(ErrorCode.NOAUTH);
    const authed = { authIds: [{ scheme: 'digest', id: 'u:hash' }] };
    expect(errOf(core.process(req(OpCode.getData, { path: '/a', watch: false }, authed), 0n).outputs)).toBe(0);
    expect(errOf(core.process(req(OpCode.getData, { path: '/a', watch: false }), 0n).outputs)).toBe(ErrorCode.NOAUTH);
  });

  it('container and TTL modes need their op codes; TTL needs extended types', () => {
    const plain = new ServerCore();
    const ttl = (path: string) => req(OpCode.createTTL, { path, data: null, acl: OPEN_ACL_UNSAFE, flags: 5, ttl: 1000n });
    expect(errOf(plain.process(ttl('/t'), 0n).outputs)).toBe(ErrorCode.UNIMPLEMENTED);
    const ext = new ServerCore(undefined, { extendedTypesEnabled: true });
    expect(errOf(ext.process(ttl('/t'), 0n).outputs)).toBe(0);
    expect(stat(ext, '/t')?.ephemeralOwner).toBe(BigInt.asIntN(64, 0xff000000000003e8n));
    expect(errOf(ext.process(create('/c', 4), 0n).outputs)).toBe(ErrorCode.BADARGUMENTS);
    ext.process(req(OpCode.createContainer, { path: '/c', data: null, acl: OPEN_ACL_UNSAFE, flags: 4 }), 0n);
    expect(stat(ext, '/c')?.ephemeralOwner).toBe(-(1n << 63n));
  });
});

describe('ServerCore: multi', () => {
  const op = (type: number, request: unknown) => ({ type, request });

  it('applies all ops atomically, later ops seeing earlier ones', () => {
    const core = new ServerCore();
    const ops = [
      op(OpCode.create, { path: '/m', data: null, acl: OPEN_ACL_UNSAFE, flags: 0 }),
      op(OpCode.create, { path: '/m/c', data: null, acl: OPEN_ACL_UNSAFE, flags: 0 }),
      op(OpCode.setData, { path: '/m', data: Buffer.from('v'), version: 0 }),
      op(OpCode.check, { path: '/m', version: 1 }),
    ];
    const out = core.process(req(OpCode.multi, { ops }), 0n).outputs;
    const r = decodeReply(lastReply(out), multiResponseCodec);
    expect(r.ok && r.response.results.map((x) => x.type)).toEqual([1, 1, 5, 13]);
    expect(stat(core, '/m')).toMatchObject({ version: 1, numChildren: 1 });
  });

  it('rolls back: nothing applied, results 0 / code / -2, header err 0', () => {
    const core = new ServerCore();
    const ops = [
      op(OpCode.create, { path: '/m', data: null, acl: OPEN_ACL_UNSAFE, flags: 0 }),
      op(OpCode.delete, { path: '/nope', version: -1 }),
      op(OpCode.create, { path: '/m2', data: null, acl: OPEN_ACL_UNSAFE, flags: 0 }),
    ];
    const processed = core.process(req(OpCode.multi, { ops }), 0n);
    const r = decodeReply(lastReply(processed.outputs), multiResponseCodec);
    expect(r.header.err).toBe(0);
    expect(r.ok && r.response.results).toEqual([
      { type: -1, err: 0 }, { type: -1, err: ErrorCode.NONODE }, { type: -1, err: ErrorCode.RUNTIMEINCONSISTENCY }]);
    expect(stat(core, '/m')).toBeUndefined();
    expect(processed.txn?.header.type).toBe(OpCode.multi);
  });
});

describe('ServerCore: watches', () => {
  it('data watch fires NodeDataChanged once; child watch fires on create and delete of a child', () => {
    const core = new ServerCore();
    core.process(create('/w'), 0n);
    core.process(req(OpCode.getData, { path: '/w', watch: true }, { watcher: 2, sessionId: S2 }), 0n);
    core.process(req(OpCode.getChildren, { path: '/w', watch: true }, { watcher: 2, sessionId: S2 }), 0n);
    const set = core.process(req(OpCode.setData, { path: '/w', data: null, version: -1 }), 0n).outputs;
    expect(events(set, 2)).toEqual([`${EventType.NodeDataChanged}:/w`]);
    expect(events(core.process(req(OpCode.setData, { path: '/w', data: null, version: -1 }), 0n).outputs, 2)).toEqual([]);
    expect(events(core.process(create('/w/c'), 0n).outputs, 2)).toEqual([`${EventType.NodeChildrenChanged}:/w`]);
  });

  it('exists on a missing node leaves a watch that fires NodeCreated', () => {
    const core = new ServerCore();
    const ex = core.process(req(OpCode.exists, { path: '/later', watch: true }, { watcher: 2 }), 0n).outputs;
    expect(errOf(ex)).toBe(ErrorCode.NONODE);
    expect(events(core.process(create('/later'), 0n).outputs, 2)).toEqual([`${EventType.NodeCreated}:/later`]);
  });

  it('delete notifies a watcher once even with data and child watches', () => {
    const core = new ServerCore();
    core.process(create('/d'), 0n);
    core.process(req(OpCode.getData, { path: '/d', watch: true }, { watcher: 2 }), 0n);
    core.process(req(OpCode.getChildren, { path: '/d', watch: true }, { watcher: 2 }), 0n);
    const del = core.process(req(OpCode.delete, { path: '/d', version: -1 }), 0n).outputs;
    expect(events(del, 2)).toEqual([`${EventType.NodeDeleted}:/d`]);
  });

  it('persistent recursive watches fire for descendants, repeatedly, but not NodeChildrenChanged', () => {
    const core = new ServerCore();
    core.process(req(OpCode.addWatch, { path: '/r', mode: 1 }, { watcher: 3 }), 0n);
    expect(events(core.process(create('/r'), 0n).outputs, 3)).toEqual([`${EventType.NodeCreated}:/r`]);
    expect(events(core.process(create('/r/a'), 0n).outputs, 3)).toEqual([`${EventType.NodeCreated}:/r/a`]);
    expect(events(core.process(create('/r/a/b'), 0n).outputs, 3)).toEqual([`${EventType.NodeCreated}:/r/a/b`]);
  });

  it('setWatches fires what changed since relativeZxid and registers the rest', () => {
    const core = new ServerCore();
    core.process(create('/s'), 0n);
    core.process(create('/t'), 0n);
    const body = { relativeZxid: 1n, dataWatches: ['/s', '/t', '/gone'], existWatches: ['/s', '/nothere'], childWatches: [] };
    const out = core.process(req(OpCode.setWatches, body, { xid: -8, watcher: 4 }), 0n).outputs;
    expect(events(out, 4)).toEqual([`${EventType.NodeDataChanged}:/t`, `${EventType.NodeDeleted}:/gone`, `${EventType.NodeCreated}:/s`]);
    expect(readReplyHeader(lastReply(out)).header.xid).toBe(-8);
    expect(events(core.process(create('/nothere'), 0n).outputs, 4)).toEqual([`${EventType.NodeCreated}:/nothere`]);
  });

  it('removeWatches answers NOWATCHER when there is none', () => {
    const core = new ServerCore();
    core.process(create('/x'), 0n);
    expect(errOf(core.process(req(OpCode.removeWatches, { path: '/x', type: 3 }, { watcher: 5 }), 0n).outputs)).toBe(ErrorCode.NOWATCHER);
    core.process(req(OpCode.getData, { path: '/x', watch: true }, { watcher: 5 }), 0n);
    expect(errOf(core.process(req(OpCode.removeWatches, { path: '/x', type: 2 }, { watcher: 5 }), 0n).outputs)).toBe(0);
    expect(core.watches.count).toBe(0);
  });
});
