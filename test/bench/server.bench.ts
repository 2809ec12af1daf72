// Standalone server benchmark: rxzk's server beside real ZooKeeper 3.8 (started as zkServer.sh would: default JIT
// and GC, -Xmx1000m, forceSync=yes), both as separate processes, driven by the same client (rxzk's) in the same run.
// Reads (sequential and pipelined getData), sequential creates with fsync on for both, session establishment, and
// the server process's RSS when idle (after start-up, before any load) and after the load.
// The rxzk server is started with peerProcessEnv (this environment less NODE_EXTRA_CA_CERTS, which the machines this
// runs on set for npm): Node parses that CA bundle at every start-up, about 1.8 MB resident and 33 ms of CPU here, a
// cost of the environment that no rxzk code can avoid and that the JVM does not pay. An informational row gives the
// idle figure with the whole environment.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { peerProcessEnv } from '../../src/cli/cluster/peerEnv.js';
import { createClient, type Client } from '../../src/client/index.js';
import { startStandalone, zkAvailable, zkMissingMessage } from '../support/realZk.js';
import { freePorts } from '../support/ports.js';
import { ServerProcess, writeStandaloneCfg } from '../server/serverProcess.js';
import { median, printTable, type Figure } from './report.js';

const GETS = 10_000;
const CREATES = 2_000;
const SESSION_RUNS = 20;
const SETTLE_MS = 2000;
const PAYLOAD = new Uint8Array(100).fill(0x61);
const zkServerShJvmArgs = ['-Xmx1000m', '-Djava.net.preferIPv4Stack=true'];
const distBin = fileURLToPath(new URL('../../dist/rxzk.cjs', import.meta.url));

interface Result {
  readonly sequentialGetsPerS: number;
  readonly pipelinedGetsPerS: number;
  readonly createsPerS: number;
  readonly sessionMs: number;
  readonly idleRssMb: number;
  readonly loadedRssMb: number;
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN) / 1024;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function timedMs(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function sessionMs(connect: string): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < SESSION_RUNS; i += 1) {
    let client: Client | undefined;
    runs.push(await timedMs(async () => {
      client = createClient(connect, { sessionTimeoutMs: 30_000 });
      await client.connected();
    }));
    await client?.close();
  }
  return median(runs);
}

async function workload(port: number, pid: number): Promise<Result> {
  await sleep(SETTLE_MS);
  const idleRssMb = rssMb(pid);
  const connect = `127.0.0.1:${port}`;
  const c = createClient(connect, { sessionTimeoutMs: 30_000 });
  await c.connected();
  await c.create('/bench', PAYLOAD);
  for (let i = 0; i < 1000; i += 1) await c.getData('/bench'); // warm-up for both JITs
  const sequentialMs = await timedMs(async () => {
    for (let i = 0; i < GETS; i += 1) await c.getData('/bench');
  });
  const pipelinedMs = await timedMs(() => Promise.all(Array.from({ length: GETS }, () => c.getData('/bench'))));
  const createsMs = await timedMs(async () => {
    for (let i = 0; i < CREATES; i += 1) await c.create(`/bench/n${i}`, PAYLOAD);
  });
  await c.close();
  const session = await sessionMs(connect);
  return {
    sequentialGetsPerS: GETS / (sequentialMs / 1000),
    pipelinedGetsPerS: GETS / (pipelinedMs / 1000),
    createsPerS: CREATES / (createsMs / 1000),
    sessionMs: session,
    idleRssMb,
    loadedRssMb: rssMb(pid),
  };
}

async function realZkResult(): Promise<Result> {
  const zk = await startStandalone({ extra: { forceSync: 'yes' } }, { jvmArgs: zkServerShJvmArgs });
  try {
    const pid = zk.pid;
    if (pid === undefined) throw new Error('real ZooKeeper has no pid');
    return await workload(zk.clientPort, pid);
  } finally {
    await zk.stop();
  }
}

const rxzkBin = (): string | undefined => process.env['RXZK_BIN'] ?? (existsSync(distBin) ? distBin : undefined);

async function withRxzkServer<T>(env: NodeJS.ProcessEnv, run: (port: number, pid: number) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'rxzk-bench-server-'));
  const [clientPort = 0] = await freePorts(1);
  const server = new ServerProcess(writeStandaloneCfg({ dir, clientPort }), rxzkBin(), env);
  try {
    await server.serving();
    if (server.pid === undefined) throw new Error('rxzk server has no pid');
    return await run(clientPort, server.pid);
  } finally {
    server.signal('SIGTERM');
    await Promise.race([server.exited, sleep(10_000)]);
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rxzkResult = (): Promise<Result> => withRxzkServer(peerProcessEnv(process.env) as NodeJS.ProcessEnv, workload);

const rxzkIdleRssWholeEnvMb = (): Promise<number> => withRxzkServer(process.env, async (_port, pid) => {
  await sleep(SETTLE_MS);
  return rssMb(pid);
});

export async function benchServer(): Promise<void> {
  if (!zkAvailable()) {
    console.log(`\n## standalone server: skipped (${zkMissingMessage})`);
    return;
  }
  const real = await realZkResult();
  const ours = await rxzkResult();
  const wholeEnvIdleRssMb = await rxzkIdleRssWholeEnvMb();
  const figures: Figure[] = [
    { label: `sequential getData x${GETS}`, ours: ours.sequentialGetsPerS, reference: real.sequentialGetsPerS, unit: 'ops/s', better: 'higher', goal: 1.0 },
    { label: `pipelined getData x${GETS}`, ours: ours.pipelinedGetsPerS, reference: real.pipelinedGetsPerS, unit: 'ops/s', better: 'higher', goal: 1.0 },
    { label: `sequential create x${CREATES} (fsync on)`, ours: ours.createsPerS, reference: real.createsPerS, unit: 'ops/s', better: 'higher', goal: 1.0 },
    { label: `session establishment (median of ${SESSION_RUNS})`, ours: ours.sessionMs, reference: real.sessionMs, unit: 'ms', better: 'lower' },
    { label: 'server RSS idle', ours: ours.idleRssMb, reference: real.idleRssMb, unit: 'MB', better: 'lower', goal: 0.7 },
    { label: `  the same, started with this process's whole environment${process.env['NODE_EXTRA_CA_CERTS'] === undefined
      ? '' : ' (with NODE_EXTRA_CA_CERTS)'}`, ours: wholeEnvIdleRssMb, reference: real.idleRssMb, unit: 'MB', better: 'lower' },
    { label: 'server RSS after the load', ours: ours.loadedRssMb, reference: real.loadedRssMb, unit: 'MB', better: 'lower' },
  ];
  printTable('standalone server (same client: rxzk)', 'ZooKeeper 3.8 standalone', figures);
}

if (process.argv[1] !== undefined && /server\.bench\.ts$/.test(process.argv[1])) await benchServer();
