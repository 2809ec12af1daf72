// Live against a real ZooKeeper 3.8 standalone server on 127.0.0.1: the whole scenario with our codecs, and the
// old-client handshake. Skipped when ZooKeeper is absent, failed when RXZK_REQUIRE_ZK=1 (test/support/realZk.ts).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { decodeRecord, encodeRecord } from '../../src/jute/index.js';
import { connectRequestCodec, connectResponseCodec } from '../../src/proto/index.js';
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
});
