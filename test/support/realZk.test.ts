// The harness's own logic without Java: interop decisions, zoo.cfg text, ports, and the four-letter-word client
// against a fake server on loopback.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertLoopback, freePort, freePorts, isPortFree } from './ports.js';
import {
  RealZkServer, ServerKind, ServerRole, ZkMode, fourLetterWord, interopMode, parseMode, serverLine, waitServing,
  zooCfgText, type EnsemblePlan, type ServerPlan,
} from './realZk.js';

const srvrLeader = 'Zookeeper version: 3.8.0\nLatency min/avg/max: 0/0.0/0\nOutstanding: 0\nMode: leader\nNode count: 5\n';
const notServing = 'This ZooKeeper instance is not currently serving requests\n';

function serverPlan(sid: bigint, base: number, role: ServerRole = ServerRole.participant): ServerPlan {
  return { sid, host: '127.0.0.1', quorumPort: base, electionPort: base + 1, clientPort: base + 2, role,
    kind: ServerKind.real };
}

const twoPlusObserver: EnsemblePlan = {
  servers: [serverPlan(1n, 20010), serverPlan(2n, 20020), serverPlan(3n, 20030, ServerRole.observer)],
  standalone: false,
  settings: { tickTime: '1000', '4lw.commands.whitelist': '*' },
};

describe('interopMode', () => {
  it.each([
    [true, {}, 'run'],
    [true, { RXZK_REQUIRE_ZK: '1' }, 'run'],
    [false, {}, 'skip'],
    [false, { RXZK_REQUIRE_ZK: '0' }, 'skip'],
    [false, { RXZK_REQUIRE_ZK: '1' }, 'fail'],
  ] as const)('available=%s env=%j -> %s', (available, env, mode) => {
    expect(interopMode(available, env)).toBe(mode);
  });
});

describe('parseMode', () => {
  it('reads the Mode line of srvr', () => {
    expect(parseMode(srvrLeader)).toBe(ZkMode.leader);
    expect(parseMode('Mode: standalone\n')).toBe(ZkMode.standalone);
    expect(parseMode('Mode: read-only\r\n')).toBe(ZkMode.readOnly);
  });

  it('is undefined when not serving, empty or unknown', () => {
    expect(parseMode(notServing)).toBeUndefined();
    expect(parseMode('')).toBeUndefined();
    expect(parseMode('Mode: confused\n')).toBeUndefined();
  });
});

describe('zoo.cfg', () => {
  it('writes the dynamic-format server line with role and client address', () => {
    expect(serverLine(serverPlan(7n, 30000, ServerRole.observer)))
      .toBe('server.7=127.0.0.1:30000:30001:observer;127.0.0.1:30002');
  });

  it('writes shared settings, per-server keys, and every server line', () => {
    const [, , observer] = twoPlusObserver.servers;
    expect(zooCfgText(twoPlusObserver, observer ?? serverPlan(0n, 0), '/tmp/x/data')).toBe([
      '# rxzk test harness: sid 3',
      'tickTime=1000',
      '4lw.commands.whitelist=*',
      'dataDir=/tmp/x/data',
      'clientPort=20032',
      'clientPortAddress=127.0.0.1',
      'peerType=observer',
      'server.1=127.0.0.1:20010:20011:participant;127.0.0.1:20012',
      'server.2=127.0.0.1:20020:20021:participant;127.0.0.1:20022',
      'server.3=127.0.0.1:20030:20031:observer;127.0.0.1:20032',
      '',
    ].join('\n'));
  });

  it('has no server lines for a standalone plan', () => {
    const [first] = twoPlusObserver.servers;
    const plan: EnsemblePlan = { ...twoPlusObserver, servers: [first ?? serverPlan(0n, 0)], standalone: true };
    expect(zooCfgText(plan, first ?? serverPlan(0n, 0), '/d')).not.toMatch(/^server\./m);
  });

  it('a server handle writes zoo.cfg and myid into its own temp dir and removes it on stop', async () => {
    const [, second] = twoPlusObserver.servers;
    const handle = new RealZkServer(twoPlusObserver, second ?? serverPlan(0n, 0), { keepDirs: false });
    expect(readFileSync(join(handle.dataDir, 'myid'), 'utf8')).toBe('2\n');
    expect(readFileSync(handle.configPath, 'utf8')).toContain(`dataDir=${handle.dataDir}\nclientPort=20022\n`);
    expect(handle.isRunning()).toBe(false);
    await handle.stop();
    expect(existsSync(handle.dir)).toBe(false);
  });
});

describe('ports', () => {
  it('hands out distinct, bindable loopback ports, never the same one twice', async () => {
    const batch = await freePorts(6);
    const more = [await freePort(), await freePort()];
    const all = [...batch, ...more];
    expect(new Set(all).size).toBe(all.length);
    expect((await Promise.all(all.map((p) => isPortFree(p)))).every(Boolean)).toBe(true);
    // Outside the range the kernel gives outgoing connections, so no client socket can take one before its server.
    const ephemeralFirst = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    expect(all.every((p) => p >= 10_000 && p < ephemeralFirst)).toBe(true);
  });

  it('refuses non-loopback hosts', async () => {
    expect(() => assertLoopback('0.0.0.0')).toThrow(/loopback/);
    expect(() => assertLoopback('10.0.0.1')).toThrow(/loopback/);
    await expect(freePorts(1, { host: '192.168.1.1' })).rejects.toThrow(/loopback/);
    expect(() => assertLoopback('127.0.0.2')).not.toThrow();
  });

  it('reports a bound port as taken', async () => {
    const server = await fakeServer(() => '');
    expect(await isPortFree(port(server))).toBe(false);
  });
});

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A loopback server answering each received word with reply(word, n) and closing, like ZooKeeper does. */
async function fakeServer(reply: (word: string, n: number) => string | undefined): Promise<Server> {
  let n = 0;
  const server = createServer((socket) => {
    socket.once('data', (data) => {
      n += 1;
      const text = reply(data.toString('utf8'), n);
      if (text !== undefined) socket.end(text);
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function port(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening');
  return address.port;
}

describe('fourLetterWord', () => {
  it('sends the word and returns the whole reply', async () => {
    const words: string[] = [];
    const server = await fakeServer((word) => { words.push(word); return srvrLeader; });
    expect(await fourLetterWord('127.0.0.1', port(server), 'srvr')).toBe(srvrLeader);
    expect(words).toEqual(['srvr']);
  });

  it('rejects words that are not four lowercase letters, and non-loopback hosts', async () => {
    await expect(fourLetterWord('127.0.0.1', 1, 'srvr\n')).rejects.toThrow(/not a four-letter word/);
    await expect(fourLetterWord('10.1.1.1', 1, 'srvr')).rejects.toThrow(/loopback/);
  });

  it('rejects when the server never closes the connection', async () => {
    const server = await fakeServer(() => undefined);
    await expect(fourLetterWord('127.0.0.1', port(server), 'srvr', 100)).rejects.toThrow(/no complete srvr reply/);
  });
});

describe('waitServing', () => {
  it('keeps polling while the server is not serving, then returns the srvr reply', async () => {
    const server = await fakeServer((_, n) => (n < 3 ? notServing : srvrLeader));
    expect(await waitServing('127.0.0.1', port(server), { pollIntervalMs: 10, timeoutMs: 10_000 })).toBe(srvrLeader);
  });

  it('fails after its timeout with the last reply and the log tail', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rxzk-wait-'));
    try {
      const logPath = join(dir, 'server.log');
      writeFileSync(logPath, 'line one\nBindException: Address already in use\n');
      const server = await fakeServer(() => notServing);
      await expect(waitServing('127.0.0.1', port(server), { pollIntervalMs: 10, timeoutMs: 200, logPath }))
        .rejects.toThrow(/not serving after 200 ms \(last srvr: This ZooKeeper[\s\S]*Address already in use/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops at once when aborted (the server process exited)', async () => {
    const closedPort = await freePort();
    const abort = Promise.reject(new Error('pid 42 exited with code 1'));
    await expect(waitServing('127.0.0.1', closedPort, { pollIntervalMs: 10, timeoutMs: 10_000, abort }))
      .rejects.toThrow('pid 42 exited with code 1');
  });
});
