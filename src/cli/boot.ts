#!/usr/bin/env node
// The `rxzk` bin (bundled alone into dist/rxzk.cjs): runs the CLI bundle, dist/rxzk-main.cjs, from a V8 code cache
// kept beside it. Compiling the bundle and the functions a peer calls while it starts cost about 15 of the 52 ms
// from spawn to "peer started" here, and every peer of an ensemble pays them at once. Node 20 has no compile cache of
// its own (module.enableCompileCache came in 22), so this is the few lines that do what it does.
//
// The cache is V8's cached data for the bundle. A `start` process records it once its peer first serves (the CLI
// calls the hook below), so it covers the start-up, the election and a role; it is written through a rename, and
// used only by a process whose bundle has the size and modification time, and whose Node the version, written in
// the cache's first line. V8 checks its own version and flags as well and refuses data that does not fit; then the
// bundle compiles as usual and the next `start` records a new cache. A cache that cannot be read or written is no
// error: the CLI runs without it. RXZK_CODE_CACHE=0 turns it off; RXZK_CODE_CACHE_DEBUG=1 reports on stderr what
// happened to it.
//
// The bundle runs as its own CommonJS module, with this file's name as its __filename, so that the CLI starts its
// children (rxzk cluster) through this bin too; V8 compiles it under its real name, which stack traces show.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { recordCodeCacheHook } from './codeCache.js';

const here = dirname(__filename);
const bundlePath = join(here, 'rxzk-main.cjs');
const cachePath = `${bundlePath}.v8cache`;
const enabled = process.env['RXZK_CODE_CACHE'] !== '0';
const debug = process.env['RXZK_CODE_CACHE_DEBUG'] === '1';

const report = (what: string): void => {
  if (debug) process.stderr.write(`rxzk code cache: ${what}\n`);
};

/** The first line of a cache file: what it was recorded against. */
function cacheKey(): string {
  const { size, mtimeMs } = statSync(bundlePath);
  return `rxzk-code-cache 1 ${process.version} ${size} ${mtimeMs}\n`;
}

function readCache(key: string): Buffer | undefined {
  let file: Buffer;
  try {
    file = readFileSync(cachePath);
  } catch {
    report('absent');
    return undefined;
  }
  const header = Buffer.from(key, 'latin1');
  if (file.length <= header.length || !file.subarray(0, header.length).equals(header)) {
    report('stale');
    return undefined;
  }
  return file.subarray(header.length);
}

/** Installs the hook; the first call records the cache a moment later, off the path that made the call. */
function offerRecording(script: Script, key: string): void {
  let asked = false;
  const record = (): void => {
    try {
      const tmp = `${cachePath}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]));
      renameSync(tmp, cachePath);
      report('written');
    } catch (error) {
      report(`not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  (globalThis as Record<symbol, unknown>)[recordCodeCacheHook] = (): void => {
    if (asked) return;
    asked = true;
    setTimeout(record, 100).unref();
  };
}

function run(): void {
  // A hashbang is only allowed at the very start of a script: inside the module wrapper it becomes a comment.
  const source = readFileSync(bundlePath, 'utf8').replace(/^#!/, '//');
  const key = enabled ? cacheKey() : '';
  const cachedData = enabled ? readCache(key) : undefined;
  const script = new Script(Module.wrap(source),
    { filename: bundlePath, ...(cachedData === undefined ? {} : { cachedData }) });
  if (cachedData !== undefined) report(script.cachedDataRejected === true ? 'rejected by V8' : 'used');
  const usable = cachedData !== undefined && script.cachedDataRejected !== true;
  if (enabled && !usable) offerRecording(script, key);
  const bundle = new Module(bundlePath);
  bundle.filename = bundlePath;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(bundle.exports, bundle.exports, createRequire(bundlePath), bundle, __filename, here);
}

run();
