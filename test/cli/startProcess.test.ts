// `rxzk start` as a real process on a one-peer ensemble: JSON status lines on a piped stdout, a clean exit on
// SIGINT and SIGTERM, and its ports free afterwards. Every wait is bounded; the child is killed in afterEach.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planCluster } from '../../src/cli/cluster/plan.js';
import { writePlan } from '../../src/cli/cluster/writePlan.js';
import { parseStatusLine } from '../../src/cli/cluster/statusLine.js';
import { freePorts, isPortFree } from '../support/ports.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const waitMs = 20_000;
const pollMs = 25;

let dir = '';
let child: ChildProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxzk-start-process-'));
});

afterEach(async () => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function waitUntil(check: () => boolean, what: string, output: () => string): Promise<void> {
  for (let waited = 0; waited < waitMs; waited += pollMs) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`timed out waiting for ${what}; output:\n${output()}`);
}

describe.each(['SIGINT', 'SIGTERM'] as const)('rxzk start, stopped by %s', (signal) => {
  it('logs JSON status lines until it leads, then stops cleanly and frees its ports', { timeout: 60_000 }, async () => {
    const [clientPort = 0, quorumPort = 0, electionPort = 0] = await freePorts(3);
    const shape = { size: 1, clientPortBase: clientPort, quorumPortBase: quorumPort, electionPortBase: electionPort };
    const [plan] = planCluster(shape, dir);
    if (plan === undefined) throw new Error('no plan');
    await writePlan([plan]);
    const args = ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts'), 'start', plan.cfgPath];
    const started = spawn(process.execPath, args, { cwd: repoRoot });
    child = started;
    let out = '';
    started.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    started.stderr.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => started.once('exit', (code) => resolve(code)));
    const statuses = () => out.split('\n').flatMap((line) => parseStatusLine(line) ?? []);
    await waitUntil(() => statuses().some((s) => s.state === 'LEADING'), 'LEADING', () => out);
    expect(statuses()[0]).toMatchObject({ sid: 1n, state: 'LOOKING' });
    expect(statuses().at(-1)).toMatchObject({ sid: 1n, state: 'LEADING', leader: 1n });
    expect(await isPortFree(clientPort)).toBe(false);
    started.kill(signal);
    await waitUntil(() => started.exitCode !== null, 'exit', () => out);
    expect(await exited).toBe(0);
    const records = out.split('\n').filter((line) => line.startsWith('{'));
    const messages = records.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages.slice(-2)).toEqual(['stopping', 'stopped']);
    const free = await Promise.all([clientPort, quorumPort, electionPort].map((port) => isPortFree(port)));
    expect(free).toEqual([true, true, true]);
  });
});
