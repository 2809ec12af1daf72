// Enforces the dependency rules of ../shared/ARCHITECTURE.md on every source file: what each layer may import,
// and that library code never reads a raw clock or arms a raw timer (which would escape virtual time).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function listTs(dir: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(join(root, dir));
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(join(root, path)).isDirectory()) out.push(...listTs(path));
    else if (/\.ts$/.test(entry) && !entry.endsWith('.d.ts')) out.push(path.split(sep).join('/'));
  }
  return out;
}

/** Module specifiers of static imports, re-exports and dynamic imports. */
export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) specifiers.push(match[1] as string);
  return specifiers;
}

/** The repository-relative file an import resolves to, or the bare package name. */
function resolveImport(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return posix.normalize(posix.join(posix.dirname(file), specifier)).replace(/\.js$/, '.ts');
}

const codec = /^src\/(jute|proto)\/|^src\/[^/]+\/wire\//;
// Pure cores: reducers, verifiers, connection rules, session tracker, config parsing (ARCHITECTURE.md rule 3).
const pureCore = [
  /^src\/election\/(vote|quorumVerifier|voteTracker|step[A-Za-z]*|describeStep)\.ts$/,
  /^src\/quorum\/rules\.ts$/,
  /^src\/config\/parse[A-Za-z]*\.ts$/,
  /^src\/(zab|server|client)\/[A-Za-z]*(Step|step|Reducer|reducer|Tracker|tracker)\.ts$/,
  /^src\/server\/(serverCore|prepRequest|readRequest|dataTree|applyTxn|expiryQueue|watchManager|acls|aclCache)\.ts$/,
  /^src\/zab\/leaderDraft\.ts$/,
  /^src\/client\/(setWatchesBatches|watchRegistry|hostProvider|pendingRequests|sessionTimeouts|chroot)\.ts$/,
];
const rawClock = /\b(Date\.now|performance\.now|setTimeout|setInterval)\s*\(/;
const rawRandom = /\bMath\.random\s*\(/;

/** Every rule the file breaks, as readable lines. */
export function violations(file: string, source: string): string[] {
  const found: string[] = [];
  const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  for (const specifier of importsOf(code)) {
    const target = resolveImport(file, specifier);
    const say = (why: string): void => void found.push(`${file} imports ${specifier}: ${why}`);
    if (target.startsWith('test/') && !file.startsWith('test/')) say('nothing outside test/ may import test/');
    if (file.startsWith('streams/')) {
      const ok = target === 'rxjs' || target.startsWith('node:') || target.startsWith('streams/');
      if (!ok) say('streams/ imports only rxjs, node: modules and itself');
    }
    if (codec.test(file)) {
      // Refinement of rule 2: a codec may also use pure domain modules (types, vote math, verifiers), which rule 3
      // already keeps free of rxjs, node: and clocks.
      const pureDomain = pureCore.some((p) => p.test(target)) || /^src\/[a-z]+\/(types|quorumVerifier)\.ts$/.test(target);
      const ok = codec.test(target) || pureDomain || target === 'src/errors.ts' || target === 'node:buffer';
      if (!ok) say('codecs import only other codecs, pure domain modules and src/errors.ts');
    }
    if (pureCore.some((p) => p.test(file))) {
      const bad = target === 'rxjs' || target.startsWith('rxjs/') || target === 'pino' || target.startsWith('node:') || target.startsWith('streams/') || target === 'src/logging.ts';
      if (bad) say('pure cores import no rxjs, streams, pino or node:');
    }
    if (file.startsWith('examples/')) {
      const ok = ['src/index.ts', 'streams/index.ts', 'src/testing/index.ts'].includes(target) || !target.includes('/') || target.startsWith('node:') || target.startsWith('rxjs') || target.startsWith('examples/');
      if (!ok) say('examples import only the public barrels');
    }
    if ((target === 'pino' || target.startsWith('pino/')) && file !== 'src/logging.ts' && !file.startsWith('test/')) {
      const typeOnly = new RegExp(`import\\s+type\\s+[^;]*from\\s+['"]${specifier}['"]`).test(code);
      if (!typeOnly) say('only src/logging.ts imports pino as a value');
    }
  }
  const library = file.startsWith('src/') || file.startsWith('streams/');
  if (library && !file.startsWith('src/cli/') && rawClock.test(code)) {
    found.push(`${file} uses a raw clock or timer: use an RxJS scheduler (timer, timeout, scheduler.now())`);
  }
  if (pureCore.some((p) => p.test(file)) && rawRandom.test(code)) found.push(`${file} calls Math.random: take a random argument`);
  return found;
}

describe('architecture rules', () => {
  const files = [...listTs('src'), ...listTs('streams'), ...listTs('examples'), ...listTs('test')];

  it('scans the source tree', () => {
    expect(files).toContain('streams/frames.ts');
    expect(files.length).toBeGreaterThan(10);
  });

  it('every file keeps to its layer', () => {
    const broken = files.flatMap((file) => violations(file, readFileSync(join(root, file), 'utf8')));
    expect(broken).toEqual([]);
  });

  it('the checker catches each kind of violation', () => {
    expect(violations('streams/x.ts', "import { a } from '../src/index.js';")).toHaveLength(1);
    expect(violations('streams/x.ts', "import pino from 'pino';")).toHaveLength(2);
    expect(violations('src/proto/stat.ts', "import { Observable } from 'rxjs';")).toHaveLength(1);
    expect(violations('src/election/wire/notification.ts', "import { x } from '../../logging.js';")).toHaveLength(1);
    expect(violations('src/election/wire/notification.ts', "import { x } from '../runElection.js';")).toHaveLength(1);
    expect(violations('src/election/wire/notification.ts', "import { x } from '../vote.js';")).toEqual([]);
    expect(violations('src/election/step.ts', "import { timer } from 'rxjs';")).toHaveLength(1);
    expect(violations('src/election/vote.ts', 'const r = Math.random();')).toHaveLength(1);
    expect(violations('src/quorum/manager.ts', 'const t = Date.now();')).toHaveLength(1);
    expect(violations('streams/socket.ts', 'setTimeout(() => 1, 5);')).toHaveLength(1);
    expect(violations('src/cli/main.ts', 'setTimeout(() => 1, 5);')).toEqual([]);
    expect(violations('examples/a.ts', "import { x } from '../src/quorum/manager.js';")).toHaveLength(1);
    expect(violations('examples/a.ts', "import { x } from '../src/index.js';")).toEqual([]);
    expect(violations('src/peer/peer.ts', "import { x } from '../../test/support/realZk.js';")).toHaveLength(1);
    expect(violations('src/peer/peer.ts', "import type { Logger } from 'pino';")).toEqual([]);
    expect(violations('src/peer/peer.ts', "// setTimeout( in a comment is fine\nconst a = 1;")).toEqual([]);
  });
});
