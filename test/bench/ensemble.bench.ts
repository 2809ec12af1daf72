// A fresh 3-peer rxzk ensemble versus a fresh 3-node real ZooKeeper 3.8 ensemble: time from process launch until
// every peer reports a role (polled the same way for both: srvr on each client port), median of 5; then each
// process's resident memory once idle. rxzk peers are launched as `rxzk cluster` launches them, with peerProcessEnv;
// a second, informational row launches them with this process's whole environment, to show what a variable such as
// NODE_EXTRA_CA_CERTS (set on the machines this bench runs on) costs every Node process at start-up.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { peerProcessEnv } from '../../src/cli/cluster/peerEnv.js';
import { RealZkServer, fourLetterWord, planEnsemble, zkAvailable, zooCfgText, type EnsemblePlan } from '../support/realZk.js';
import { median, printTable, type Figure } from './report.js';

const rounds = 5;
const pollIntervalMs = 10;
const roleTimeoutMs = 60_000;
const mainJs = fileURLToPath(new URL('../../dist/rxzk.cjs', import.meta.url));
/** What zkServer.sh gives a server by default (ZK_SERVER_HEAP=1000). */
const zkServerShJvmArgs = ['-Xmx1000m'];

async function roleOf(port: number): Promise<string | undefined> {
  try {
    return /^Mode: (\w+)/m.exec(await fourLetterWord('127.0.0.1', port, 'srvr', 1000))?.[1];
  } catch {
    return undefined;
  }
}

/** Polls every client port until all report a Mode; the elapsed time since `startedAt`. */
async function untilAllHaveRoles(plan: EnsemblePlan, startedAt: number): Promise<number> {
  const pending = new Set(plan.servers.map((s) => s.clientPort));
  while (pending.size > 0) {
    if (performance.now() - startedAt > roleTimeoutMs) throw new Error('ensemble did not reach roles in time');
    for (const port of [...pending]) if ((await roleOf(port)) !== undefined) pending.delete(port);
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
  return performance.now() - startedAt;
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

async function rxzkRound(env: NodeJS.ProcessEnv): Promise<{ ms: number; rss: number[] }> {
  const plan = await planEnsemble({ size: 3, tickTimeMs: 2000 });
  const dir = mkdtempSync(join(tmpdir(), 'rxzk-bench-ensemble-'));
  const children: ChildProcess[] = [];
  try {
    const configs = plan.servers.map((server) => {
      const dataDir = join(dir, `peer${server.sid}`);
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(join(dataDir, 'myid'), `${server.sid}\n`);
      const cfg = join(dir, `zoo${server.sid}.cfg`);
      writeFileSync(cfg, zooCfgText(plan, server, dataDir));
      return cfg;
    });
    const startedAt = performance.now();
    for (const cfg of configs) {
      children.push(spawn(process.execPath, [mainJs, 'start', cfg, '--log-level', 'warn'], { stdio: 'ignore', env }));
    }
    const ms = await untilAllHaveRoles(plan, startedAt);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { ms, rss: children.map((c) => rssMb(c.pid)) };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function zkRound(): Promise<{ ms: number; rss: number[] }> {
  const plan = await planEnsemble({ size: 3, tickTimeMs: 2000 });
  const servers = plan.servers.map((server) => new RealZkServer(plan, server, { jvmArgs: zkServerShJvmArgs, logs: false }));
  try {
    const startedAt = performance.now();
    for (const server of servers) await server.start();
    const ms = await untilAllHaveRoles(plan, startedAt);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { ms, rss: servers.map((s) => rssMb(s.pid)) };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

export async function benchEnsemble(): Promise<void> {
  if (!existsSync(mainJs)) throw new Error('dist/ is missing: npm run bench builds it first (npm run build)');
  if (!zkAvailable()) {
    console.log('\n## Ensemble start-up: skipped, real ZooKeeper 3.8 is not installed (apt-get install -y zookeeper)');
    return;
  }
  const ours: { ms: number; rss: number[] }[] = [];
  const oursInherited: { ms: number; rss: number[] }[] = [];
  const theirs: { ms: number; rss: number[] }[] = [];
  const inherited = process.env;
  const asClusterDoes = peerProcessEnv(process.env) as NodeJS.ProcessEnv;
  for (let i = 0; i < rounds; i += 1) {
    ours.push(await rxzkRound(asClusterDoes));
    theirs.push(await zkRound());
    oursInherited.push(await rxzkRound(inherited));
  }
  const figures: Figure[] = [
    { label: 'launch -> all 3 report a role', ours: median(ours.map((r) => r.ms)), reference: median(theirs.map((r) => r.ms)),
      unit: 'ms', better: 'lower', goal: 0.35 },
    { label: `  the same, peers given this process's whole environment${inherited['NODE_EXTRA_CA_CERTS'] === undefined
      ? '' : ' (with NODE_EXTRA_CA_CERTS)'}`, ours: median(oursInherited.map((r) => r.ms)),
      reference: median(theirs.map((r) => r.ms)), unit: 'ms', better: 'lower' },
    { label: 'idle RSS per peer', ours: median(ours.flatMap((r) => r.rss)), reference: median(theirs.flatMap((r) => r.rss)),
      unit: 'MiB', better: 'lower', goal: 0.7 },
  ];
  printTable(`Ensemble start-up, 3 peers on loopback (median of ${rounds}; real servers with zkServer.sh's -Xmx1000m)`,
    'ZooKeeper 3.8.0', figures);
}
