// What a standalone `rxzk start` of the bundled CLI keeps out of its process: node builtins it only needs on demand
// (crypto for digest auth, v8 for envi). Each costs idle RSS (see test/bench/server.bench.ts), and a stray
// top-level import would silently bring it back.
// Runs dist/rxzk.cjs, so it needs `npm run build:cli` (CI builds before testing); without it, it says so and skips.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePorts } from '../support/ports.js';
import { waitUntil, writeStandaloneCfg } from '../server/serverProcess.js';

// RXZK_BIN runs another build instead, as the server bench does.
const bin = process.env['RXZK_BIN'] ?? fileURLToPath(new URL('../../dist/rxzk.cjs', import.meta.url));
const built = existsSync(bin);
const waitMs = 20_000;

// Loaded with -r into the child: on SIGUSR2 it writes the builtins loaded so far to FOOTPRINT_OUT (through a
// rename, so the file is whole once it exists).
const preload = `
const fs = require('node:fs');
process.on('SIGUSR2', () => {
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13));
  fs.writeFileSync(process.env.FOOTPRINT_OUT + '.tmp', JSON.stringify(builtins));
  fs.renameSync(process.env.FOOTPRINT_OUT + '.tmp', process.env.FOOTPRINT_OUT);
});
`;

let dir = '';
let child: ChildProcess | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxzk-start-footprint-'));
});

afterEach(async () => {
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** The node builtins a standalone `rxzk start` has loaded once it serves. */
async function builtinsOfStandaloneStart(): Promise<string[]> {
  const [clientPort = 0] = await freePorts(1);
  const cfgPath = writeStandaloneCfg({ dir, clientPort });
  const preloadPath = join(dir, 'footprint.cjs');
  const outPath = join(dir, 'footprint.json');
  await writeFile(preloadPath, preload);
  const started = spawn(process.execPath, ['-r', preloadPath, bin, 'start', cfgPath], {
    env: { ...process.env, FOOTPRINT_OUT: outPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = started;
  let out = '';
  started.stdout.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  started.stderr.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  await waitUntil(() => out.includes('"msg":"peer started"') || started.exitCode !== null, 'peer started', () => out, waitMs);
  expect(started.exitCode).toBeNull();
  started.kill('SIGUSR2');
  await waitUntil(() => existsSync(outPath), 'the footprint file', () => out, waitMs);
  return JSON.parse(await readFile(outPath, 'utf8')) as string[];
}

// Skipped only when the bundle is not built here; CI builds it before the suite, so there it always runs.
describe.skipIf(!built)('a standalone rxzk start from the bundle', () => {
  it('serves without loading node:crypto or node:v8', { timeout: 60_000 }, async () => {
    const builtins = await builtinsOfStandaloneStart();
    // The probe sees what a serving start loads.
    expect(builtins).toContain('net');
    expect(builtins).not.toContain('crypto');
    expect(builtins).not.toContain('v8');
  });
});

if (!built) {
  describe('a standalone rxzk start from the bundle', () => {
    it.skip(`needs ${bin}: run npm run build:cli first`, () => undefined);
  });
}
