// `rxzk start` on a zoo.cfg without server.N lines runs the session-serving standalone server as a real process:
// srvr says standalone with the real node count, a session can create and read, and SIGTERM stops it cleanly,
// freeing the port and leaving the data it acknowledged on disk.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fourLetterWord } from '../support/realZk.js';
import { freePorts, isPortFree } from '../support/ports.js';
import { ServerProcess, waitUntil, writeStandaloneCfg } from './serverProcess.js';
import { WireClient } from './wireClient.js';

let dir = '';
let server: ServerProcess | undefined;
let client: WireClient | undefined;

afterEach(async () => {
  client?.close();
  await server?.kill();
  server = undefined;
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe('rxzk start <standalone zoo.cfg>', () => {
  it('serves sessions, reports Mode: standalone with a real node count, and stops on SIGTERM', { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'rxzk-start-standalone-'));
    const [port = 0] = await freePorts(1);
    server = new ServerProcess(writeStandaloneCfg({ dir, clientPort: port }));
    await server.serving();
    const before = await fourLetterWord('127.0.0.1', port, 'srvr');
    expect(before).toMatch(/^Mode: standalone$/m);
    expect(before).toMatch(/^Node count: 5$/m); // /, /zookeeper, /zookeeper/config, /zookeeper/quota, counted as 3.8 does
    client = await WireClient.connect({ port });
    expect(client.session.sessionId).not.toBe(0n);
    expect(await client.create('/hello', 'world')).toBe('/hello');
    expect(await client.getData('/hello')).toBe('world');
    expect(await fourLetterWord('127.0.0.1', port, 'srvr')).toMatch(/^Node count: 6$/m);
    client.close();
    server.signal('SIGTERM');
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    expect(server.messages().slice(-2)).toEqual(['stopping', 'stopped']);
    expect(await isPortFree(port)).toBe(true);
    expect(readdirSync(join(dir, 'data', 'version-2')).some((f) => f.startsWith('log.'))).toBe(true);
  });
});
