// `rxzk start <zoo.cfg>` on a standalone zoo.cfg as a child process, for tests that need a real process: signals,
// kill -9, restart on the same data dir. Every wait is bounded; `kill()` in afterEach leaves nothing running.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const processWaitMs = 30_000;
const pollMs = 25;

export interface StandaloneCfg {
  readonly dir: string;
  readonly clientPort: number;
  readonly tickTimeMs?: number;
  readonly extra?: readonly string[];
}

/** Writes `<dir>/zoo.cfg` (no server.N lines: standalone) and returns its path. */
export function writeStandaloneCfg(cfg: StandaloneCfg): string {
  const { dir, clientPort, tickTimeMs = 2000, extra = [] } = cfg;
  mkdirSync(join(dir, 'data'), { recursive: true });
  const path = join(dir, 'zoo.cfg');
  const lines = [`tickTime=${tickTimeMs}`, `dataDir=${join(dir, 'data')}`, `clientPort=${clientPort}`,
    'clientPortAddress=127.0.0.1', '4lw.commands.whitelist=*', ...extra];
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export async function waitUntil(check: () => boolean, what: string, output: () => string, waitMs = processWaitMs): Promise<void> {
  for (let waited = 0; waited < waitMs; waited += pollMs) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`timed out after ${waitMs} ms waiting for ${what}; output:\n${output()}`);
}

export class ServerProcess {
  output = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  /** `bin`: a built CLI (dist/rxzk.cjs) to run instead of the sources through tsx; `env`: the child's environment
   *  (this process's when absent). */
  constructor(cfgPath: string, bin?: string, env?: NodeJS.ProcessEnv) {
    const entry = bin === undefined ? ['--import', 'tsx', join(repoRoot, 'src/cli/main.ts')] : [bin];
    const args = [...entry, 'start', cfgPath, '--log-level', 'info'];
    this.child = spawn(process.execPath, args,
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], ...(env === undefined ? {} : { env }) });
    this.child.stdout?.on('data', (chunk: Buffer) => void (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => void (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** JSON log lines' messages, in order. */
  messages(): string[] {
    return this.output.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { msg: string }).msg);
  }

  async serving(): Promise<void> {
    await waitUntil(() => this.messages().includes('standalone server serving') || !this.running, 'serving', () => this.output);
    if (!this.running) throw new Error(`server exited before serving:\n${this.output}`);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGKILL if still running, then wait for the exit (bounded). */
  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await waitUntil(() => !this.running, 'exit after SIGKILL', () => this.output);
  }
}
