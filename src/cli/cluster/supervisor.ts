// Runs one child process per peer and reports what they do as ClusterEvents: spawn, status lines parsed from
// stdout, stderr lines, exit. It owns every PID it started: stopAll() ends them with SIGTERM then SIGKILL after a
// bounded wait, and killAllNow() is safe to call from a process 'exit' handler.
import { type ChildProcess, spawn } from 'node:child_process';
import { type Observable, type SchedulerLike, Subject, asyncScheduler, from, lastValueFrom, map, race, timer }
  from 'rxjs';
import { LineSplitter } from './lineSplitter.js';
import type { PeerPlan } from './plan.js';
import { parseErrorLine, parseStatusLine, statusLineCharsMax } from './statusLine.js';
import type { ClusterEvent } from './viewState.js';
import type { KillSignal } from './commands.js';

export interface ChildCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** The child's environment; the supervisor's own when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface SupervisorConfig {
  readonly plans: readonly PeerPlan[];
  readonly childCommand: (plan: PeerPlan) => ChildCommand;
  /** Grace after SIGTERM before SIGKILL when stopping everything. */
  readonly stopTimeoutMs?: number;
  /** Wait for the kernel to reap SIGKILLed children. */
  readonly killTimeoutMs?: number;
  readonly scheduler?: SchedulerLike;
}

interface Running {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

export class Supervisor {
  private readonly events = new Subject<ClusterEvent>();
  private readonly running = new Map<number, Running>();
  readonly events$: Observable<ClusterEvent> = this.events.asObservable();

  constructor(private readonly config: SupervisorConfig) {}

  pids(): number[] {
    return [...this.running.values()].flatMap(({ child }) => (child.pid === undefined ? [] : [child.pid]));
  }

  start(sid: number): void {
    const plan = this.config.plans.find((p) => p.sid === sid);
    if (plan === undefined) return this.say(`no peer ${sid}`);
    const current = this.running.get(sid);
    if (current !== undefined) return this.say(`peer ${sid} is already running (pid ${current.child.pid ?? '?'})`);
    const { command, args, env } = this.config.childCommand(plan);
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...(env === undefined ? {} : { env }) });
    // The child's stdin stays open for its whole life: `rxzk start --stop-on-stdin-close` stops when we die.
    child.stdin?.on('error', () => undefined);
    const exited = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        if (this.running.get(sid)?.child === child) this.running.delete(sid);
        this.events.next({ kind: 'exited', sid, exit: { code, signal } });
        resolve();
      });
      child.once('error', (error) => {
        if (child.pid !== undefined) return;
        if (this.running.get(sid)?.child === child) this.running.delete(sid);
        this.events.next({ kind: 'spawnFailed', sid, reason: error.message });
        resolve();
      });
    });
    this.running.set(sid, { child, exited });
    this.follow(sid, child);
    if (child.pid !== undefined) this.events.next({ kind: 'spawned', sid, pid: child.pid });
  }

  kill(sid: number, signal: KillSignal): void {
    const current = this.running.get(sid);
    if (current === undefined) return this.say(`peer ${sid} is not running`);
    this.say(`sending ${signal} to peer ${sid} (pid ${current.child.pid ?? '?'})`);
    current.child.kill(signal);
  }

  /** SIGTERM to all, then SIGKILL to whatever is still running after stopTimeoutMs. */
  async stopAll(): Promise<void> {
    const { stopTimeoutMs = 5000, killTimeoutMs = 2000, scheduler = asyncScheduler } = this.config;
    const all = [...this.running.values()];
    for (const { child } of all) child.kill('SIGTERM');
    const inTime = await this.allExitedWithin(all, stopTimeoutMs, scheduler);
    if (inTime) return;
    const left = [...this.running.values()];
    for (const { child } of left) child.kill('SIGKILL');
    await this.allExitedWithin(left, killTimeoutMs, scheduler);
  }

  /** Synchronous last resort (process 'exit' handlers cannot wait). */
  killAllNow(): void {
    for (const { child } of this.running.values()) child.kill('SIGKILL');
  }

  private allExitedWithin(all: readonly Running[], timeoutMs: number, scheduler: SchedulerLike): Promise<boolean> {
    const exited$ = from(Promise.all(all.map((r) => r.exited))).pipe(map(() => true));
    return lastValueFrom(race(exited$, timer(timeoutMs, scheduler).pipe(map(() => false))));
  }

  private follow(sid: number, child: ChildProcess): void {
    const isCurrent = (): boolean => this.running.get(sid)?.child === child;
    const out = new LineSplitter({ lineCharsMax: statusLineCharsMax });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      for (const line of out.push(chunk)) {
        if (!isCurrent()) return;
        const status = parseStatusLine(line);
        if (status !== undefined) this.events.next({ kind: 'status', sid, status });
        const error = status === undefined ? parseErrorLine(line) : undefined;
        if (error !== undefined) this.events.next({ kind: 'stderr', sid, line: error });
      }
    });
    const err = new LineSplitter({ lineCharsMax: statusLineCharsMax });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      for (const line of err.push(chunk).map((l) => l.trim())) {
        if (line !== '') this.events.next({ kind: 'stderr', sid, line });
      }
    });
  }

  private say(text: string): void {
    this.events.next({ kind: 'message', text });
  }
}
