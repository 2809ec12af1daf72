// Durability of the standalone server's data dir: kill -9 of a server process in the middle of a write burst loses
// no acknowledged write after a restart on the same dir, and a corrupt newest snapshot falls back to an older one
// (replaying the logs since), while no valid snapshot at all refuses to start.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PersistenceError } from '../../src/server/txnLogFormat.js';
import { startStandaloneServer } from '../../src/server/standaloneServer.js';
import { freePorts } from '../support/ports.js';
import { ServerProcess, writeStandaloneCfg } from './serverProcess.js';
import { WireClient } from './wireClient.js';

const writersCount = 4;
const writesPerWriterMax = 5000;
const killAfterAcks = 300;
const dirs: string[] = [];
const processes: ServerProcess[] = [];
const clients: WireClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const p of processes.splice(0)) await p.kill();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rxzk-crash-'));
  dirs.push(dir);
  return dir;
}

/** Writes until the connection dies; returns the paths the server acknowledged. Several writes stay in flight. */
async function writeUntilDead(client: WireClient, prefix: string, acked: string[]): Promise<void> {
  const windowSize = 8;
  let sent = 0;
  try {
    for (; sent < windowSize; sent += 1) client.sendCreate(`${prefix}-${sent}`, `v${sent}`);
    while (sent < writesPerWriterMax) {
      const reply = await client.createReply();
      if (typeof reply !== 'string') throw new Error(`create failed with ${reply}`);
      acked.push(reply);
      client.sendCreate(`${prefix}-${sent}`, `v${sent}`);
      sent += 1;
    }
  } catch {
    // The server died under us: what was acknowledged is what counts.
  }
}

describe('crash safety', () => {
  it('kill -9 during a write burst: every acknowledged write is there after a restart', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const [port = 0] = await freePorts(1);
    const cfg = writeStandaloneCfg({ dir, clientPort: port });
    const first = new ServerProcess(cfg);
    processes.push(first);
    await first.serving();
    const writers = await Promise.all(Array.from({ length: writersCount }, () => WireClient.connect({ port })));
    clients.push(...writers);
    const acked: string[] = [];
    const bursts = writers.map((w, i) => writeUntilDead(w, `/w${i}`, acked));
    const killer = (async () => {
      while (acked.length < killAfterAcks && first.running) await new Promise((resolve) => setTimeout(resolve, 5));
      first.signal('SIGKILL');
    })();
    await Promise.all([killer, ...bursts]);
    expect((await first.exited).signal).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(killAfterAcks);
    expect(acked.length).toBeLessThan(writersCount * writesPerWriterMax); // the kill landed mid-burst
    const second = new ServerProcess(cfg);
    processes.push(second);
    await second.serving();
    const reader = await WireClient.connect({ port });
    clients.push(reader);
    const missing: string[] = [];
    for (const path of acked) {
      const data = await reader.getData(path);
      if (data !== `v${path.split('-')[1]}`) missing.push(`${path}: ${data}`);
    }
    expect(missing).toEqual([]);
  });

  it('a corrupt newest snapshot falls back to the older one and replays the logs after it', async () => {
    const dir = tempDir();
    const config = { host: '127.0.0.1', port: 0, tickTimeMs: 2000, dataDir: dir };
    const write = async (paths: string[]): Promise<void> => {
      const server = await startStandaloneServer(config);
      const client = await WireClient.connect({ port: server.address.port });
      for (const path of paths) expect(await client.create(path, path)).toBe(path);
      client.close();
      await server.stop();
    };
    await write(['/a', '/b']); // snapshot.0 at start, then log.1
    await write(['/c']); // a newer snapshot at start (after /a and /b), then another log
    const snapDir = join(dir, 'version-2');
    const snapshots = readdirSync(snapDir).filter((f) => f.startsWith('snapshot.')).sort();
    expect(snapshots.length).toBe(2);
    const newest = join(snapDir, snapshots.at(-1)!);
    const bytes = readFileSync(newest);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    writeFileSync(newest, bytes);
    const server = await startStandaloneServer(config);
    try {
      const client = await WireClient.connect({ port: server.address.port });
      clients.push(client);
      expect([await client.getData('/a'), await client.getData('/b'), await client.getData('/c')]).toEqual(['/a', '/b', '/c']);
    } finally {
      await server.stop();
    }
  });

  it('refuses to start when no snapshot is valid', async () => {
    const dir = tempDir();
    const server = await startStandaloneServer({ host: '127.0.0.1', port: 0, tickTimeMs: 2000, dataDir: dir });
    await server.stop();
    const snapDir = join(dir, 'version-2');
    for (const name of readdirSync(snapDir).filter((f) => f.startsWith('snapshot.'))) {
      writeFileSync(join(snapDir, name), Buffer.from('not a snapshot'));
    }
    await expect(startStandaloneServer({ host: '127.0.0.1', port: 0, tickTimeMs: 2000, dataDir: dir }))
      .rejects.toThrow(PersistenceError);
  });
});
