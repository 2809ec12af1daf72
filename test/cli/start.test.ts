import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { BehaviorSubject } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PeerConfig } from '../../src/config/peerConfig.js';
import type { PeerModule, PeerStatusView } from '../../src/cli/cluster/peerContract.js';
import { parseStatusLine, statusFields } from '../../src/cli/cluster/statusLine.js';
import { parseStartArgs, startCommand } from '../../src/cli/start.js';
import * as realPeerModule from '../../src/peer/index.js';

const looking: PeerStatusView = {
  sid: 1n, state: 'LOOKING', vote: { leader: 1n, zxid: 0n, electionEpoch: 1n, peerEpoch: 0n }, leader: undefined,
  electionEpoch: 1n, peerEpoch: 0n, lastElectionMs: undefined, connections: 0,
};

/** A peer module with the contract's shape; records what start asked of it. */
function fakePeerModule(options: { stop?: () => Promise<void> } = {}) {
  const state$ = new BehaviorSubject<PeerStatusView>(looking);
  const calls = { configs: [] as PeerConfig[], stops: 0 };
  const module: PeerModule = {
    createPeer: async (config) => {
      calls.configs.push(config);
      return { state$, stop: async () => { calls.stops += 1; await options.stop?.(); } };
    },
    statusLogFields: statusFields,
  };
  return { module, state$, calls };
}

function collect(stream: PassThrough): string[] {
  const lines: string[] = [];
  let rest = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
  return lines;
}

/** Resolves once `check` passes; polls a bounded number of times (file reads happen on the thread pool). */
async function eventually(check: () => boolean, attemptsMax = 500): Promise<void> {
  for (let attempt = 0; attempt < attemptsMax; attempt += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met');
}

describe('rxzk start arguments', () => {
  it('takes the zoo.cfg path, a log level and the cluster flag', () => {
    expect(parseStartArgs(['a.cfg'])).toEqual({ cfgPath: 'a.cfg', logLevel: 'info', stopOnStdinClose: false });
    expect(parseStartArgs(['--log-level', 'debug', 'a.cfg', '--stop-on-stdin-close']))
      .toEqual({ cfgPath: 'a.cfg', logLevel: 'debug', stopOnStdinClose: true });
    expect(parseStartArgs(['--log-level=warn', 'a.cfg']).logLevel).toBe('warn');
    expect(() => parseStartArgs([])).toThrow('the path of a zoo.cfg is required');
    expect(() => parseStartArgs(['a.cfg', 'b.cfg'])).toThrow("unexpected argument 'b.cfg'");
    expect(() => parseStartArgs(['a.cfg', '--log-level', 'noisy'])).toThrow(/--log-level must be one of/);
  });

  it('prints usage and exits 64 on bad arguments', async () => {
    const out: string[] = [];
    expect(await startCommand([], (line) => out.push(line))).toBe(64);
    expect(out.join('\n')).toContain('usage: rxzk start <zoo.cfg>');
  });
});

describe('the peer module contract', () => {
  it('is met by src/peer, which rxzk start loads lazily', () => {
    // Type-checked: the assignment fails to compile if src/peer's exports drift from what rxzk start relies on.
    const module: PeerModule = realPeerModule;
    expect([typeof module.createPeer, typeof module.statusLogFields]).toEqual(['function', 'function']);
  });
});

describe('rxzk start with a fake peer', () => {
  let dir = '';
  let cfgPath = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rxzk-start-'));
    await mkdir(join(dir, 'data'));
    await writeFile(join(dir, 'data', 'myid'), '1\n');
    cfgPath = join(dir, 'zoo.cfg');
    const lines = ['tickTime=2000', 'initLimit=10', 'syncLimit=5', `dataDir=${join(dir, 'data')}`, 'clientPort=2181',
      'clientPortAddress=127.0.0.1', 'server.1=127.0.0.1:2888:3888', 'server.2=127.0.0.1:2889:3889'];
    await writeFile(cfgPath, `${lines.join('\n')}\n`);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('logs each status as a JSON "peer status" line and stops the peer on SIGTERM', async () => {
    const { module, state$, calls } = fakePeerModule();
    const stdout = new PassThrough();
    const lines = collect(stdout);
    const signals = new EventEmitter();
    const done = startCommand([cfgPath], () => undefined, { loadPeerModule: async () => module, stdout, signals });
    await eventually(() => lines.some((l) => parseStatusLine(l) !== undefined));
    state$.next({ ...looking, state: 'FOLLOWING', leader: 2n, lastElectionMs: 250, connections: 1 });
    await eventually(() => lines.filter((l) => parseStatusLine(l) !== undefined).length === 2);
    signals.emit('SIGTERM');
    expect(await done).toBe(0);
    expect(calls.configs[0]?.myid).toBe(1n);
    expect(calls.stops).toBe(1);
    const statuses = lines.flatMap((l) => parseStatusLine(l) ?? []);
    expect(statuses.map((s) => [s.state, s.leader, s.lastElectionMs, s.connections])).toEqual([
      ['LOOKING', undefined, undefined, 0],
      ['FOLLOWING', 2n, 250, 1],
    ]);
    expect(lines.map((l) => JSON.parse(l).msg))
      .toEqual(['peer started', 'peer status', 'peer status', 'stopping', 'stopped']);
  });

  it('stops when stdin closes if asked to (how a cluster child notices its parent died)', async () => {
    const { module, calls } = fakePeerModule();
    const stdin = new PassThrough();
    const done = startCommand([cfgPath, '--stop-on-stdin-close'], () => undefined,
      { loadPeerModule: async () => module, stdout: new PassThrough(), stdin, signals: new EventEmitter() });
    await eventually(() => calls.configs.length === 1);
    stdin.end();
    expect(await done).toBe(0);
    expect(calls.stops).toBe(1);
  });

  it('exits 1 when the peer does not stop within the bound', async () => {
    const { module } = fakePeerModule({ stop: () => new Promise(() => undefined) });
    const signals = new EventEmitter();
    const stdout = new PassThrough();
    const lines = collect(stdout);
    const io = { loadPeerModule: async () => module, stdout, signals, stopTimeoutMs: 20 };
    const done = startCommand([cfgPath], () => undefined, io);
    await eventually(() => lines.length > 0);
    signals.emit('SIGINT');
    expect(await done).toBe(1);
    expect(lines.map((l) => JSON.parse(l).msg)).toContain('stop did not finish in time');
  });

  it('exits 1 with an error line when the zoo.cfg is missing', async () => {
    const { module, calls } = fakePeerModule();
    const stdout = new PassThrough();
    const lines = collect(stdout);
    const io = { loadPeerModule: async () => module, stdout };
    expect(await startCommand([join(dir, 'nope.cfg')], () => undefined, io)).toBe(1);
    await eventually(() => lines.length > 0);
    const record = JSON.parse(lines[0] ?? '{}');
    expect(record.level).toBe(50);
    expect(record.msg).toMatch(/^peer did not start: Error processing .*nope\.cfg: .*nope\.cfg file is missing$/);
    expect(calls.configs).toEqual([]);
  });

  it('writes human lines instead of JSON on a TTY', async () => {
    const { module } = fakePeerModule();
    const stdout = Object.assign(new PassThrough(), { isTTY: true });
    const lines = collect(stdout);
    const signals = new EventEmitter();
    const done = startCommand([cfgPath], () => undefined, { loadPeerModule: async () => module, stdout, signals });
    await eventually(() => lines.some((l) => l.includes('peer status')));
    signals.emit('SIGTERM');
    expect(await done).toBe(0);
    expect(lines.find((l) => l.includes('peer status')))
      .toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  peer status sid=1 state=LOOKING leader=null/);
  });
});
