// The standalone server's shells together (client listener, session connections, router, pipeline, tick-driven
// expiry) with the clock in virtual time and real loopback sockets: expiry without pings closes the connection and
// deletes the session's ephemerals at the tick ZooKeeper would; a reconnect within the timeout keeps the session;
// concurrent writes share one fdatasync per batch (counted and held through an injected sync).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/proto/errorCodes.js';
import { startStandaloneServer, type StandaloneServer } from '../../src/server/standaloneServer.js';
import { ManualClock } from './manualClock.js';
import { waitUntil } from './serverProcess.js';
import { WireClient } from './wireClient.js';

const EPHEMERAL = 1;
const tickTimeMs = 2000;
let server: StandaloneServer | undefined;
const clients: WireClient[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.stop();
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function connect(port: number, config: { timeoutMs: number; sessionId?: bigint; passwd?: Uint8Array }): Promise<WireClient> {
  const client = await WireClient.connect({ port, ...config });
  clients.push(client);
  return client;
}

describe('session expiry in virtual time', () => {
  it('a session without pings expires at its tick bucket: connection closed, ephemerals deleted', async () => {
    const clock = new ManualClock();
    server = await startStandaloneServer({ host: '127.0.0.1', port: 0, tickTimeMs }, { scheduler: clock });
    const { port } = server.address;
    const quiet = await connect(port, { timeoutMs: 4000 });
    const watcher = await connect(port, { timeoutMs: 40_000 });
    expect(quiet.session.timeOut).toBe(4000);
    expect(await quiet.create('/eph', 'e', EPHEMERAL)).toBe('/eph');
    // Touched at t=0 with 4000 ms: bucket (floor(4000 / 2000) + 1) × 2000 = 6000 ms.
    clock.advanceBy(4000);
    expect(await watcher.getData('/eph')).toBe('e');
    expect(server.stats().tracker.isLive(quiet.session.sessionId)).toBe(true);
    clock.advanceBy(2000);
    await quiet.raw.closedByServer();
    expect(await watcher.getData('/eph')).toBe(ErrorCode.NONODE);
    expect(server.stats().tracker.isLive(quiet.session.sessionId)).toBe(false);
    expect(server.stats().tracker.size).toBe(1);
  });

  it('a reconnect within the timeout keeps the session and its ephemerals; a wrong password or a late one is refused', async () => {
    const clock = new ManualClock();
    server = await startStandaloneServer({ host: '127.0.0.1', port: 0, tickTimeMs }, { scheduler: clock });
    const { port } = server.address;
    const first = await connect(port, { timeoutMs: 4000 });
    const watcher = await connect(port, { timeoutMs: 40_000 });
    const { sessionId, passwd } = first.session;
    expect(await first.create('/eph', 'e', EPHEMERAL)).toBe('/eph');
    first.close();
    clock.advanceBy(4000);
    const wrong = await connect(port, { timeoutMs: 4000, sessionId, passwd: new Uint8Array(16) });
    expect(wrong.session).toMatchObject({ timeOut: 0, sessionId: 0n });
    await wrong.raw.closedByServer();
    const resumed = await connect(port, { timeoutMs: 4000, sessionId, passwd });
    expect(resumed.session).toMatchObject({ timeOut: 4000, sessionId });
    // The reconnect at t=4000 moved the session to bucket 10000: still there at 8000, gone at 10000.
    clock.advanceBy(4000);
    expect(await watcher.getData('/eph')).toBe('e');
    expect(await resumed.getData('/eph')).toBe('e');
    clock.advanceBy(6000);
    await resumed.raw.closedByServer();
    expect(await watcher.getData('/eph')).toBe(ErrorCode.NONODE);
    const late = await connect(port, { timeoutMs: 4000, sessionId, passwd });
    expect(late.session).toMatchObject({ timeOut: 0, sessionId: 0n });
  });
});

describe('group commit', () => {
  it('writes that arrive while a sync is under way share the next fdatasync', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxzk-group-commit-'));
    dirs.push(dir);
    let syncs = 0;
    let hold: Promise<void> | undefined;
    let release = (): void => undefined;
    server = await startStandaloneServer({ host: '127.0.0.1', port: 0, tickTimeMs, dataDir: dir }, {
      syncFile: async (file) => {
        syncs += 1;
        await hold;
        await file.datasync();
      },
    });
    const writers = await Promise.all(Array.from({ length: 5 }, () => connect(server!.address.port, { timeoutMs: 30_000 })));
    const before = server.stats().pipeline.counters;
    expect(syncs).toBe(before.syncs);
    hold = new Promise((resolve) => (release = resolve));
    writers[0]!.sendCreate('/first', 'x');
    await waitUntil(() => syncs === before.syncs + 1, 'the first write to reach its sync', () => `${syncs}`, 10_000);
    writers.forEach((w, i) => Array.from({ length: 10 }, (_, k) => w.sendCreate(`/w${i}-${k}`, 'x')));
    await waitUntil(() => server!.stats().pipeline.outstanding === 50, '50 writes queued behind the sync',
      () => `${server!.stats().pipeline.outstanding}`, 10_000);
    release();
    expect(await writers[0]!.createReply()).toBe('/first');
    for (const [i, w] of writers.entries()) {
      for (let k = 0; k < 10; k += 1) expect(await w.createReply()).toBe(`/w${i}-${k}`);
    }
    const after = server.stats().pipeline.counters;
    expect(syncs - before.syncs).toBe(2);
    expect(after.syncs - before.syncs).toBe(2);
    expect(after.txns - before.txns).toBe(51);
  });
});
