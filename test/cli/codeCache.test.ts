// The bin's V8 code cache (src/cli/boot.ts) on a copy of the built bin and bundle: a standalone `rxzk start` records
// it once it serves, the next start uses it, and a cache that no longer fits (the bundle rebuilt, the data damaged)
// is passed over and recorded again, the server starting either way. RXZK_CODE_CACHE=0 leaves it alone.
// Runs dist/rxzk.cjs, so it needs `npm run build:cli` (CI builds before testing); without it, it says so and skips.
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePorts } from '../support/ports.js';
import { waitUntil, writeStandaloneCfg } from '../server/serverProcess.js';

const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));
const built = existsSync(join(distDir, 'rxzk.cjs')) && existsSync(join(distDir, 'rxzk-main.cjs'));
const waitMs = 20_000;

let dir = '';
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxzk-code-cache-'));
  for (const file of ['rxzk.cjs', 'rxzk-main.cjs']) copyFileSync(join(distDir, file), join(dir, file));
});

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  /** What the bin said about its cache, one entry per report. */
  readonly reports: string[];
  readonly started: boolean;
}

/** Starts a standalone server from the copied bin, waits for the cache reports it should make, and stops it. */
async function startOnce(until: (reports: readonly string[]) => boolean, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const [clientPort = 0] = await freePorts(1);
  const cfgPath = writeStandaloneCfg({ dir: join(dir, `server-${children.length}`), clientPort });
  const child = spawn(process.execPath, [join(dir, 'rxzk.cjs'), 'start', cfgPath, '--stop-on-stdin-close'], {
    env: { ...process.env, RXZK_CODE_CACHE_DEBUG: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const reports = (): string[] => [...err.matchAll(/^rxzk code cache: (.*)$/gm)].map((m) => m[1] ?? '');
  await waitUntil(() => out.includes('"msg":"peer started"') && until(reports()), 'the start and its cache reports',
    () => `${out}\n${err}`, waitMs);
  child.stdin?.end();
  await waitUntil(() => child.exitCode !== null, 'a clean stop', () => `${out}\n${err}`, waitMs);
  expect(child.exitCode).toBe(0);
  return { reports: reports(), started: out.includes('"msg":"peer started"') };
}

const cachePath = (): string => join(dir, 'rxzk-main.cjs.v8cache');
const written = (reports: readonly string[]): boolean => reports.includes('written');

describe.skipIf(!built)('the bin\'s code cache', () => {
  it('is recorded by a start that serves, then used by the next one', { timeout: 60_000 }, async () => {
    expect(await startOnce(written)).toEqual({ reports: ['absent', 'written'], started: true });
    const header = readFileSync(cachePath()).subarray(0, 200).toString('latin1').split('\n')[0];
    const bundle = statSync(join(dir, 'rxzk-main.cjs'));
    expect(header).toBe(`rxzk-code-cache 1 ${process.version} ${bundle.size} ${bundle.mtimeMs}`);
    expect(await startOnce((r) => r.includes('used'))).toEqual({ reports: ['used'], started: true });
  });

  it('passes over a cache of another build of the bundle, and records a new one', { timeout: 60_000 }, async () => {
    await startOnce(written);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'rxzk-main.cjs'), later, later);
    expect(await startOnce(written)).toEqual({ reports: ['stale', 'written'], started: true });
    expect(await startOnce((r) => r.includes('used'))).toEqual({ reports: ['used'], started: true });
  });

  it('starts without a cache V8 refuses (damaged data under a fitting first line), and records a new one',
    { timeout: 60_000 }, async () => {
      await startOnce(written);
      const file = readFileSync(cachePath());
      const headerEnd = file.indexOf(10) + 1;
      writeFileSync(cachePath(), Buffer.concat([file.subarray(0, headerEnd), Buffer.alloc(file.length - headerEnd, 7)]));
      expect(await startOnce(written)).toEqual({ reports: ['rejected by V8', 'written'], started: true });
      expect(await startOnce((r) => r.includes('used'))).toEqual({ reports: ['used'], started: true });
    });

  it('RXZK_CODE_CACHE=0 neither reads nor records it', { timeout: 60_000 }, async () => {
    // Served after some 100 ms, a start with the cache would have recorded it 100 ms later; this one runs 1.5 s.
    const since = Date.now();
    const run = await startOnce(() => Date.now() - since > 1500, { RXZK_CODE_CACHE: '0' });
    expect(run).toEqual({ reports: [], started: true });
    expect(existsSync(cachePath())).toBe(false);
  });
});

if (!built) {
  describe('the bin\'s code cache', () => {
    it.skip(`needs ${join(distDir, 'rxzk.cjs')}: run npm run build:cli first`, () => undefined);
  });
}
