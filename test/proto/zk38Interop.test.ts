// Live against a real ZooKeeper 3.8 standalone server on 127.0.0.1: the whole scenario with our codecs, and the
// old-client handshake. Skipped when ZooKeeper is absent, failed when RXZK_REQUIRE_ZK=1 (test/support/realZk.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeRecord, emptyRecord, encodeRecord } from '../../src/jute/index.js';
import {
  connectRequestCodec,
  connectResponseCodec,
  createRequestCodec,
  encodeRequest,
  getChildrenRequestCodec,
  OPEN_ACL_UNSAFE,
  OpCode,
  decodeReply,
  getChildrenResponseCodec,
} from '../../src/proto/index.js';
import { encodeFrame } from '../../streams/index.js';
import { concat } from '../support/bytes.js';
import { defaultJvmArgs, describeInterop, startStandalone, type RealZkServer } from '../support/realZk.js';
import { RawSession } from './rawSession.js';
import { runScenario } from './scenario.js';
import { checkScenario } from './scenarioChecks.js';
import { decodeTranscript } from './transcript.js';

describeInterop('client records against ZooKeeper 3.8', () => {
  let server: RealZkServer | undefined;

  beforeAll(async () => {
    server = await startStandalone(
      { tickTimeMs: 2000 },
      { jvmArgs: [...defaultJvmArgs, '-Dzookeeper.extendedTypesEnabled=true'] },
    );
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function open(): Promise<RawSession> {
    if (server === undefined) throw new Error('server not started');
    return RawSession.open({ host: server.host, port: server.clientPort });
  }

  it('answers every op of the scenario as the captured golden session did', async () => {
    const session = await open();
    try {
      await runScenario(session);
    } finally {
      session.close();
    }
    const decoded = decodeTranscript(session.recorded);
    checkScenario(decoded);
    for (const [index, frame] of decoded.entries()) {
      expect(frame.reencoded, frame.name).toEqual(session.recorded[index]?.payload);
    }
  });

  it('gives a 44-byte ConnectRequest (no readOnly trailer) a 36-byte ConnectResponse', async () => {
    const session = await open();
    try {
      const passwd = new Uint8Array(16);
      const request = { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 100_000, sessionId: 0n, passwd };
      const payload = encodeRecord(connectRequestCodec, request);
      expect(payload.length).toBe(44);
      session.send('connectRequest', payload);
      const reply = await session.receive('connectResponse');
      expect(reply.length).toBe(36);
      const response = decodeRecord(connectResponseCodec, reply);
      expect(response).not.toHaveProperty('readOnly');
      expect(response.timeOut).toBe(40_000); // clamped to 20 x tickTime
      expect(response.sessionId).not.toBe(0n);
    } finally {
      session.close();
    }
  });

  it('answers an unknown session with timeOut 0 and a zero password, then closes', async () => {
    const session = await open();
    try {
      const passwd = new Uint8Array(16);
      const request = { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 10_000, sessionId: 0x7fn, passwd, readOnly: false };
      session.send('connectRequest', encodeRecord(connectRequestCodec, request));
      const response = decodeRecord(connectResponseCodec, await session.receive('connectResponse'));
      expect(response).toEqual({ protocolVersion: 0, timeOut: 0, sessionId: 0n, passwd, readOnly: false });
      await session.closedByServer();
    } finally {
      session.close();
    }
  });

  // SessionInvalidationTest.testCreateAfterCloseShouldFail: handshake (44 bytes), closeSession and an ephemeral
  // create pipelined in one write; the create must not survive. Checks our encodings of those exact frames.
  it('drops a create pipelined behind closeSession (SessionInvalidationTest)', async () => {
    const handshake = { protocolVersion: 0, lastZxidSeen: 0n, timeOut: 30000, sessionId: 0n, passwd: new Uint8Array(16) };
    const connect = encodeRecord(connectRequestCodec, handshake);
    const close = encodeRequest({ xid: 1, type: OpCode.closeSession }, emptyRecord, {});
    const create = encodeRequest({ xid: 2, type: OpCode.create }, createRequestCodec, {
      path: '/foo0',
      data: new Uint8Array(),
      acl: OPEN_ACL_UNSAFE,
      flags: 1,
    });
    expect([connect.length, close.length, create.length]).toEqual([44, 8, 52]);
    const first = await open();
    try {
      first.sendFrames('pipelined', concat([connect, close, create].map(encodeFrame)));
      expect((await first.receive('connectResponse')).length).toBe(36);
      const closeReply = decodeReply(await first.receive('closeSessionReply'), emptyRecord);
      expect(closeReply.header).toMatchObject({ xid: 1, err: 0 });
      await first.closedByServer();
    } finally {
      first.close();
    }
    const second = await open();
    try {
      second.send('connectRequest', connect);
      await second.receive('connectResponse');
      const ls = { path: '/', watch: false };
      second.send('ls', encodeRequest({ xid: 1, type: OpCode.getChildren }, getChildrenRequestCodec, ls));
      const reply = decodeReply(await second.receive('lsReply'), getChildrenResponseCodec);
      expect(reply.ok && reply.response.children.includes('foo0')).toBe(false);
      expect(reply.ok && reply.response.children.includes('zookeeper')).toBe(true);
    } finally {
      second.close();
    }
  });
});
