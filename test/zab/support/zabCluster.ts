// Runs real `rxzk start` peers as child processes on loopback (so a leader can really be kill -9'd), reads their
// "peer status" lines (the contract `rxzk cluster` reads too) and answers "who leads, who follows" with bounded
// waits. Used by the loopback test (through tsx) and the failover bench (through the bundled dist/rxzk.cjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStatusLine } from '../../../src/cli/cluster/statusLine.js';
import { planEnsemble, zooCfgText, type EnsemblePlan } from '../../support/realZk.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const sourceMain = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
const bundledMain = fileURLToPath(new URL('../../../dist/rxzk.cjs', import.meta.url));
/** Poll period of waits; every wait also has its own timeout. */
const pollIntervalMs = 10;

export interface NodeView {
  role: string;
  leader: string | undefined;
  synced: boolean;
  alive: boolean;
  lines: string[];
}

export interface ZabClusterConfig {
  readonly size?: number;
  readonly tickTimeMs?: number;
  readonly initLimit?: number;
  readonly syncLimit?: number;
  /** Run the bundled bin (what users run; needs npm run build) instead of the sources through tsx. */
  readonly bundled?: boolean;
}

export class ZabCluster {
  readonly views = new Map<string, NodeView>();
  private readonly children = new Map<string, ChildProcess>();

  constructor(readonly plan: EnsemblePlan, readonly dir: string, private readonly bundled = false) {}

  start(sid: string): void {
    const cfgPath = join(this.dir, `zoo${sid}.cfg`);
    const entry = this.bundled ? [bundledMain] : ['--import', 'tsx', sourceMain];
    // RXZK_ZAB_LOG=debug keeps the peers' debug logs in the views' lines, for reading a slow or failed run.
    const level = process.env['RXZK_ZAB_LOG'] ?? 'info';
    const child = spawn(process.execPath, [...entry, 'start', cfgPath, '--log-level', level, '--stop-on-stdin-close'],
      { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    const view: NodeView = { role: 'LOOKING', leader: undefined, synced: false, alive: true, lines: [] };
    this.views.set(sid, view);
    this.children.set(sid, child);
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') apply(view, line);
    });
    child.stderr?.on('data', (chunk: Buffer) => void view.lines.push(`stderr: ${chunk.toString('utf8').trim()}`));
    child.on('exit', () => {
      view.alive = false;
    });
  }

  kill9(sid: string): void {
    this.children.get(sid)?.kill('SIGKILL');
    const view = this.views.get(sid);
    if (view !== undefined) view.alive = false;
  }

  /** The sid that leads with a synced follower among the live nodes, other than `notSid`. */
  servingLeader(notSid?: string): string | undefined {
    const live = [...this.views.entries()].filter(([, v]) => v.alive);
    const leader = live.find(([sid, v]) => sid !== notSid && v.role === 'LEADING' && v.synced)?.[0];
    if (leader === undefined) return undefined;
    const follows = live.some(([sid, v]) => sid !== leader && v.role === 'FOLLOWING' && v.leader === leader && v.synced);
    return follows ? leader : undefined;
  }

  async waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${this.dump()}`);
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
  }

  dump(): string {
    return [...this.views.entries()].map(([sid, v]) => `sid ${sid}: ${v.lines.slice(-12).join('\n  ')}`).join('\n');
  }

  async stop(): Promise<void> {
    for (const [sid, child] of this.children) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      this.views.get(sid)!.alive = false;
    }
    await Promise.all([...this.children.values()].map((child) => child.exitCode !== null || child.signalCode !== null
      ? undefined : new Promise((resolve) => child.once('exit', resolve))));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function apply(view: NodeView, line: string): void {
  view.lines.push(line);
  if (view.lines.length > 200) view.lines.shift();
  const status = parseStatusLine(line);
  if (status === undefined) return;
  view.role = status.state;
  view.leader = status.leader?.toString();
  view.synced = status.state !== 'LOOKING' && status.synced === true;
}

export async function startZabCluster(config: ZabClusterConfig = {}): Promise<ZabCluster> {
  const { size = 3, tickTimeMs = 200, initLimit = 10, syncLimit = 5, bundled = false } = config;
  const external = Array.from({ length: size }, (_, i) => BigInt(i + 1));
  const plan = await planEnsemble({ size, external, tickTimeMs, initLimit, syncLimit });
  const dir = mkdtempSync(join(tmpdir(), 'rxzk-zab-'));
  for (const server of plan.servers) {
    const dataDir = join(dir, `data${server.sid}`);
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'myid'), `${server.sid}\n`);
    writeFileSync(join(dir, `zoo${server.sid}.cfg`), zooCfgText(plan, server, dataDir));
  }
  const cluster = new ZabCluster(plan, dir, bundled);
  for (const server of plan.servers) cluster.start(server.sid.toString());
  return cluster;
}
