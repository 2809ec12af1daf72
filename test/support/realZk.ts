// Test harness for real Apache ZooKeeper 3.8 servers on 127.0.0.1: plans ensembles (ports, roles, which servers we
// start and which are external rxzk peers), writes zoo.cfg + myid into temp dirs, runs QuorumPeerMain as child
// processes, waits until they serve (four-letter word `srvr`), and stops them by PID. Also `describeInterop`, which
// skips a suite when ZooKeeper is absent, or fails it when RXZK_REQUIRE_ZK=1.
//
// Typical use (see test/interop/realZk.smoke.test.ts):
//   describeInterop('my suite', () => {
//     let zk: RealZkEnsemble | undefined;
//     beforeAll(async () => { zk = await startEnsemble({ size: 3 }); });
//     afterAll(async () => { await zk?.stop(); });
//     ...
//   });
// Mixed ensembles: planEnsemble({ size: 3, external: [3n] }) gives every server's ports and the shared `server.N`
// lines (serverLines); startEnsemble(plan) starts only the real ones and, since a voter is external, does not wait;
// start the rxzk peer from serverOf(plan, 3n), then await ensemble.waitServing().

import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync,
  writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Observable, exhaustMap, filter, firstValueFrom, from, map, race, tap, throwError, timeout, timer } from 'rxjs';
import { describe, it } from 'vitest';
import { assertLoopback, freePorts, isPortFree } from './ports.js';

// ---------------------------------------------------------------------------------------------------------------
// Availability and interop suites

export const zkJarPath = process.env['RXZK_ZK_JAR'] ?? '/usr/share/java/zookeeper.jar';
/** A slf4j binding, so the server's own log lines are readable (without one slf4j 1.7 logs nothing). */
export const slf4jBindingPath = '/usr/share/java/slf4j-simple.jar';
export const zkMissingMessage =
  'real ZooKeeper 3.8 not found (need java and /usr/share/java/zookeeper.jar): apt-get install -y zookeeper';

let javaPathCache: string | null | undefined;

/** The java executable: $JAVA if set, else the first `java` on PATH; undefined when there is none. */
export function javaPath(): string | undefined {
  if (javaPathCache === undefined) javaPathCache = findJava() ?? null;
  return javaPathCache ?? undefined;
}

function findJava(): string | undefined {
  const candidates = [process.env['JAVA'], ...(process.env['PATH'] ?? '').split(delimiter).map((d) => join(d, 'java'))];
  return candidates.find((path) => path !== undefined && path !== '' && isExecutable(path));
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function zkAvailable(): boolean {
  return existsSync(zkJarPath) && javaPath() !== undefined;
}

export const InteropMode = { run: 'run', skip: 'skip', fail: 'fail' } as const;
export type InteropMode = (typeof InteropMode)[keyof typeof InteropMode];

/** Pure decision behind describeInterop. */
export function interopMode(available: boolean, env: Readonly<Record<string, string | undefined>>): InteropMode {
  if (available) return InteropMode.run;
  return env['RXZK_REQUIRE_ZK'] === '1' ? InteropMode.fail : InteropMode.skip;
}

/** `describe` for suites that need real ZooKeeper: skipped with a visible reason when it is absent, failed when
 *  RXZK_REQUIRE_ZK=1 (CI) so a missing install can never pass silently. */
export function describeInterop(name: string, fn: () => void): void {
  const mode = interopMode(zkAvailable(), process.env);
  if (mode === InteropMode.run) {
    describe(name, fn);
  } else if (mode === InteropMode.fail) {
    describe(name, () => {
      it('needs real ZooKeeper 3.8 because RXZK_REQUIRE_ZK=1', () => {
        throw new Error(`${zkMissingMessage} (RXZK_REQUIRE_ZK=1 forbids skipping "${name}")`);
      });
    });
  } else {
    console.warn(`[interop] skipping "${name}": ${zkMissingMessage}`);
    // Skipped only because real ZooKeeper 3.8 is not installed here (and RXZK_REQUIRE_ZK is not set, as CI sets it).
    describe.skip(`${name} [skipped: ${zkMissingMessage}]`, fn);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Plans: which servers, which ports, which config

export const ServerRole = { participant: 'participant', observer: 'observer' } as const;
export type ServerRole = (typeof ServerRole)[keyof typeof ServerRole];

/** `real`: the harness starts a ZooKeeper 3.8 JVM; `external`: a peer the test starts itself (an rxzk peer). */
export const ServerKind = { real: 'real', external: 'external' } as const;
export type ServerKind = (typeof ServerKind)[keyof typeof ServerKind];

export interface ServerPlan {
  readonly sid: bigint;
  readonly host: string;
  /** Zab port: followers connect here to the leader (2888 by convention). */
  readonly quorumPort: number;
  /** FastLeaderElection port (3888 by convention). */
  readonly electionPort: number;
  readonly clientPort: number;
  readonly role: ServerRole;
  readonly kind: ServerKind;
}

export interface EnsemblePlan {
  readonly servers: readonly ServerPlan[];
  /** A standalone plan has one server and no `server.N` lines at all. */
  readonly standalone: boolean;
  /** zoo.cfg keys shared by every server, in file order (dataDir, clientPort and myid are per server). */
  readonly settings: Readonly<Record<string, string>>;
}

export interface ServerSpec {
  readonly sid: bigint;
  readonly role?: ServerRole;
  readonly kind?: ServerKind;
}

export interface EnsemblePlanConfig {
  /** Explicit servers; when absent, `size` participants then `observers` observers with sids 1, 2, 3, ... */
  readonly servers?: readonly ServerSpec[];
  readonly size?: number;
  readonly observers?: number;
  /** Sids (of the generated servers) that the test starts itself. */
  readonly external?: readonly bigint[];
  readonly host?: string;
  readonly tickTimeMs?: number;
  readonly initLimit?: number;
  readonly syncLimit?: number;
  readonly standaloneEnabled?: boolean;
  /** Extra zoo.cfg keys; they replace defaults with the same key. */
  readonly extra?: Readonly<Record<string, string>>;
}

/** Named bound: more servers than this on a 2-core machine is a mistake, not a test. */
export const ensembleSizeMax = 9;

function defaultSettings(config: EnsemblePlanConfig): Record<string, string> {
  const { tickTimeMs = 1000, initLimit = 10, syncLimit = 5, standaloneEnabled = true, extra = {} } = config;
  return {
    tickTime: String(tickTimeMs),
    initLimit: String(initLimit),
    syncLimit: String(syncLimit),
    standaloneEnabled: String(standaloneEnabled),
    'admin.enableServer': 'false',
    '4lw.commands.whitelist': '*',
    // Test data is throwaway: skipping fsync keeps a 2-core CI box responsive.
    forceSync: 'no',
    ...extra,
  };
}

function serverSpecs(config: EnsemblePlanConfig): ServerSpec[] {
  if (config.servers !== undefined) return [...config.servers];
  const { size = 3, observers = 0, external = [] } = config;
  return Array.from({ length: size + observers }, (_, i) => {
    const sid = BigInt(i + 1);
    return {
      sid,
      role: i < size ? ServerRole.participant : ServerRole.observer,
      kind: external.includes(sid) ? ServerKind.external : ServerKind.real,
    };
  });
}

/** Allocates three loopback ports per server; nothing is started yet. */
export async function planEnsemble(config: EnsemblePlanConfig = {}): Promise<EnsemblePlan> {
  const { host = '127.0.0.1' } = config;
  assertLoopback(host);
  const specs = serverSpecs(config);
  if (specs.length === 0 || specs.length > ensembleSizeMax) {
    throw new Error(`an ensemble needs 1..${ensembleSizeMax} servers, got ${specs.length}`);
  }
  if (new Set(specs.map((s) => s.sid)).size !== specs.length) throw new Error('duplicate sid in ensemble plan');
  const ports = await freePorts(specs.length * 3, { host });
  const servers = specs.map((spec, i): ServerPlan => ({
    sid: spec.sid,
    host,
    quorumPort: portAt(ports, 3 * i),
    electionPort: portAt(ports, 3 * i + 1),
    clientPort: portAt(ports, 3 * i + 2),
    role: spec.role ?? ServerRole.participant,
    kind: spec.kind ?? ServerKind.real,
  }));
  return { servers, standalone: false, settings: defaultSettings(config) };
}

/** One standalone server (no quorum lines, so no election ports are used). */
export async function planStandalone(config: Omit<EnsemblePlanConfig, 'servers' | 'size' | 'observers'> = {})
: Promise<EnsemblePlan> {
  const plan = await planEnsemble({ ...config, servers: [{ sid: 1n }] });
  return { ...plan, standalone: true };
}

function portAt(ports: readonly number[], index: number): number {
  const port = ports[index];
  if (port === undefined) throw new Error(`port ${index} missing from allocation`);
  return port;
}

/** `server.N=host:quorumPort:electionPort:role;host:clientPort`: the same line for real and rxzk peers. */
export function serverLine(server: ServerPlan): string {
  const { sid, host, quorumPort, electionPort, role, clientPort } = server;
  return `server.${sid}=${host}:${quorumPort}:${electionPort}:${role};${host}:${clientPort}`;
}

export function serverLines(plan: EnsemblePlan): string[] {
  return plan.standalone ? [] : plan.servers.map(serverLine);
}

/** Client connect string of every server in the plan (`host:port,host:port`). */
export function connectString(plan: EnsemblePlan): string {
  return plan.servers.map((s) => `${s.host}:${s.clientPort}`).join(',');
}

/** The zoo.cfg text for one server of the plan. */
export function zooCfgText(plan: EnsemblePlan, server: ServerPlan, dataDir: string): string {
  const own: Record<string, string> = {
    dataDir,
    clientPort: String(server.clientPort),
    clientPortAddress: server.host,
  };
  if (server.role === ServerRole.observer) own['peerType'] = ServerRole.observer;
  const keys = Object.entries({ ...plan.settings, ...own }).map(([key, value]) => `${key}=${value}`);
  return [`# rxzk test harness: sid ${server.sid}`, ...keys, ...serverLines(plan), ''].join('\n');
}

export function serverOf(plan: EnsemblePlan, sid: bigint): ServerPlan {
  const server = plan.servers.find((s) => s.sid === sid);
  if (server === undefined) throw new Error(`sid ${sid} is not in the plan`);
  return server;
}

// ---------------------------------------------------------------------------------------------------------------
// Four-letter words and waiting until a server serves

/** Named bound on a four-letter-word reply (`dump`/`cons` of a busy server stay far below this). */
export const fourLetterReplyBytesMax = 1024 * 1024;

export const ZkMode = {
  leader: 'leader', follower: 'follower', observer: 'observer', standalone: 'standalone', readOnly: 'read-only',
} as const;
export type ZkMode = (typeof ZkMode)[keyof typeof ZkMode];

const notServingText = 'This ZooKeeper instance is not currently serving requests';

/** Sends one four-letter word and returns the whole reply (the server closes the connection after it). */
export async function fourLetterWord(host: string, port: number, word: string, timeoutMs = 5000): Promise<string> {
  assertLoopback(host);
  if (!/^[a-z]{4}$/.test(word)) throw new Error(`not a four-letter word: ${JSON.stringify(word)}`);
  const reply$ = new Observable<string>((subscriber) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const socket = connect({ host, port }, () => socket.write(word));
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > fourLetterReplyBytesMax) {
        subscriber.error(new Error(`${word} reply from ${host}:${port} exceeds ${fourLetterReplyBytesMax} bytes`));
      } else {
        chunks.push(chunk);
      }
    });
    socket.on('error', (error) => subscriber.error(error));
    socket.on('close', () => {
      subscriber.next(Buffer.concat(chunks).toString('utf8'));
      subscriber.complete();
    });
    return () => socket.destroy();
  });
  const late = () => new Error(`no complete ${word} reply from ${host}:${port} within ${timeoutMs} ms`);
  return await firstValueFrom(reply$.pipe(timeout({ first: timeoutMs, with: () => throwError(late) })));
}

/** The `Mode:` of a `srvr`/`stat` reply, or undefined when the server is not serving. */
export function parseMode(reply: string): ZkMode | undefined {
  if (reply.includes(notServingText)) return undefined;
  const mode = /^Mode: (\S+)\s*$/m.exec(reply)?.[1];
  const modes: readonly string[] = Object.values(ZkMode);
  return mode !== undefined && modes.includes(mode) ? (mode as ZkMode) : undefined;
}

export interface WaitServingConfig {
  readonly timeoutMs?: number;
  readonly pollIntervalMs?: number;
  /** Bound on one `srvr` probe. */
  readonly probeTimeoutMs?: number;
  /** Log file whose tail is added to the error. */
  readonly logPath?: string;
  /** Rejects to stop waiting early, e.g. when the server process exits. */
  readonly abort?: Promise<never>;
}

/** Polls `srvr` until the server answers with a Mode line; resolves to that reply. */
export function waitServing(host: string, port: number, config: WaitServingConfig = {}): Promise<string> {
  const { timeoutMs = 30_000, pollIntervalMs = 200, probeTimeoutMs = 2000, logPath, abort } = config;
  let lastSeen = 'nothing yet';
  const serving$ = timer(0, pollIntervalMs).pipe(
    exhaustMap(() => fourLetterWord(host, port, 'srvr', probeTimeoutMs).catch((e: unknown) => errorText(e))),
    tap((reply) => { lastSeen = reply.trim().split('\n')[0] ?? ''; }),
    filter((reply) => parseMode(reply) !== undefined),
  );
  const late = () =>
    new Error(`${host}:${port} not serving after ${timeoutMs} ms (last srvr: ${lastSeen})${logTailText(logPath)}`);
  const aborted$ = abort === undefined ? [] : [from(abort).pipe(map(() => ''))];
  return firstValueFrom(race(serving$, ...aborted$).pipe(timeout({ first: timeoutMs, with: () => throwError(late) })));
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Named bound on how much of a server log an error message carries. */
export const logTailLinesMax = 40;

export function logTail(logPath: string | undefined, lines = logTailLinesMax): string {
  if (logPath === undefined || !existsSync(logPath)) return '';
  return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

function logTailText(logPath: string | undefined): string {
  const tail = logTail(logPath);
  return tail === '' ? '' : `\n--- ${logPath} (last ${logTailLinesMax} lines) ---\n${tail}`;
}

/** True while a process with this PID runs (signal 0 only checks). A zombie counts as gone: it is dead, and an
 *  orphan's zombie may never be reaped when PID 1 of a container does not reap. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // /proc/<pid>/stat is "pid (comm) state ..."; comm may contain spaces, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Server processes

export interface RealZkStartConfig {
  /** Replaces defaultJvmArgs. */
  readonly jvmArgs?: readonly string[];
  /** Capture the server's stdout/stderr in <dir>/server.log (default true). */
  readonly logs?: boolean;
  /** slf4j-simple level when logs are captured: trace | debug | info | warn | error. */
  readonly logLevel?: string;
  /** Wait until started servers serve (default: for ensembles, when every participant is real; always standalone). */
  readonly waitServing?: boolean;
  readonly startTimeoutMs?: number;
  /** Bound on SIGTERM before SIGKILL, and again on SIGKILL. */
  readonly stopTimeoutMs?: number;
  /** Keep temp dirs after stop (default: RXZK_KEEP_ZK_DIRS=1), for reading logs after a failure. */
  readonly keepDirs?: boolean;
  /** Run the JVM on these CPUs only (a taskset list such as '0'), when taskset exists. On a 2-vCPU VM a JVM whose
   *  threads hand requests to each other across both vCPUs pays a cross-CPU wake-up per hand-off, and its throughput
   *  swings about 3x from run to run; on one CPU it is steady (and faster). */
  readonly cpus?: string;
}

/** Small-machine JVM: a small heap, serial GC and C1 only, which also starts faster. */
export const defaultJvmArgs: readonly string[] =
  ['-Xms16m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.net.preferIPv4Stack=true'];

const mainClass = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';

interface ExitInfo { readonly code: number | null; readonly signal: NodeJS.Signals | null }

interface Run {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<ExitInfo>;
  exit?: ExitInfo;
}

/** Every server a handle still owns, for the process-exit safety net. */
const liveServers = new Set<RealZkServer>();
let safetyNetInstalled = false;

function installSafetyNet(): void {
  if (safetyNetInstalled) return;
  safetyNetInstalled = true;
  // Synchronous on purpose: 'exit' handlers cannot wait, and a leaked JVM would outlive the test run.
  process.once('exit', () => {
    for (const server of liveServers) server.killNow();
  });
}

/** One real ZooKeeper server: its temp dir, config, and (while running) its JVM process. */
export class RealZkServer {
  readonly dir: string;
  readonly dataDir: string;
  readonly configPath: string;
  readonly logPath: string | undefined;
  private run: Run | undefined;
  private readonly pidsStarted: number[] = [];

  constructor(readonly plan: EnsemblePlan, readonly server: ServerPlan, private readonly config: RealZkStartConfig = {}) {
    if (server.kind !== ServerKind.real) throw new Error(`sid ${server.sid} is external; the harness does not start it`);
    this.dir = mkdtempSync(join(tmpdir(), `rxzk-zk-${server.sid}-`));
    this.dataDir = join(this.dir, 'data');
    this.configPath = join(this.dir, 'zoo.cfg');
    this.logPath = config.logs === false ? undefined : join(this.dir, 'server.log');
    mkdirSync(this.dataDir);
    writeFileSync(join(this.dataDir, 'myid'), `${server.sid}\n`);
    writeFileSync(this.configPath, zooCfgText(plan, server, this.dataDir));
    liveServers.add(this);
    installSafetyNet();
  }

  get sid(): bigint { return this.server.sid; }
  get host(): string { return this.server.host; }
  get clientPort(): number { return this.server.clientPort; }
  /** PID of the running JVM, if any. */
  get pid(): number | undefined { return this.isRunning() ? this.run?.pid : undefined; }
  /** Every PID this handle ever started (restarts add one), to prove they are all gone. */
  get pids(): readonly number[] { return this.pidsStarted; }
  isRunning(): boolean { return this.run !== undefined && this.run.exit === undefined; }

  /** Spawns the JVM; fails at once if one of the server's ports is already taken. Does not wait for serving. */
  async start(): Promise<void> {
    if (this.isRunning()) throw new Error(`sid ${this.sid} is already running (pid ${this.pid})`);
    await assertPortsFree(this.server);
    const child = spawnJava(this.launchArgs(), this.dir, this.logPath, this.config.cpus);
    if (child.pid === undefined) throw new Error(`could not start ${javaPath() ?? 'java'} for sid ${this.sid}`);
    const run: Run = { child, pid: child.pid, exited: new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
    }) };
    void run.exited.then((exit) => { run.exit = exit; });
    this.run = run;
    this.pidsStarted.push(run.pid);
  }

  private launchArgs(): string[] {
    const { jvmArgs = defaultJvmArgs, logLevel = 'info' } = this.config;
    const withBinding = this.logPath !== undefined && existsSync(slf4jBindingPath);
    const logProps = withBinding
      ? [`-Dorg.slf4j.simpleLogger.defaultLogLevel=${logLevel}`, '-Dorg.slf4j.simpleLogger.showDateTime=true',
        '-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS']
      : [];
    const classpath = withBinding ? [zkJarPath, slf4jBindingPath].join(delimiter) : zkJarPath;
    return [...jvmArgs, ...logProps, '-cp', classpath, mainClass, this.configPath];
  }

  /** Waits until `srvr` reports a Mode, then checks (via `conf`) that the answer came from this server. */
  async waitServing(config: Omit<WaitServingConfig, 'logPath' | 'abort'> = {}): Promise<string> {
    const run = this.run;
    if (run === undefined || run.exit !== undefined) throw new Error(`sid ${this.sid} is not running${this.tail()}`);
    const abort = run.exited.then((exit): never => {
      throw new Error(`sid ${this.sid} (pid ${run.pid}) exited with ${describeExit(exit)} before serving${this.tail()}`);
    });
    abort.catch(() => undefined);
    const { startTimeoutMs = 45_000 } = this.config;
    const reply = await waitServing(this.server.host, this.server.clientPort,
      { timeoutMs: startTimeoutMs, ...config, abort, ...this.logPathField() });
    await this.assertIdentity();
    return reply;
  }

  private logPathField(): { logPath?: string } {
    return this.logPath === undefined ? {} : { logPath: this.logPath };
  }

  /** A taken client port could be answered by another worker's server; `conf` names our dataDir. */
  private async assertIdentity(): Promise<void> {
    const whitelist = this.plan.settings['4lw.commands.whitelist'] ?? '';
    if (whitelist !== '*' && !whitelist.split(',').map((w) => w.trim()).includes('conf')) return;
    const conf = await this.fourLetterWord('conf');
    if (!conf.includes(`dataDir=${this.dataDir}`)) {
      throw new Error(`port ${this.server.clientPort} is answered by another server, not sid ${this.sid}:\n${conf}`);
    }
  }

  fourLetterWord(word: string, timeoutMs = 5000): Promise<string> {
    return fourLetterWord(this.server.host, this.server.clientPort, word, timeoutMs);
  }

  /** Current mode, or undefined when the server does not answer or is not serving. */
  async mode(): Promise<ZkMode | undefined> {
    return parseMode(await this.fourLetterWord('srvr').catch(() => ''));
  }

  logTail(lines = logTailLinesMax): string { return logTail(this.logPath, lines); }

  private tail(): string { return logTailText(this.logPath); }

  /** SIGKILL (a crash: no shutdown hooks); the data dir stays for restart(). */
  async kill9(): Promise<void> {
    const run = this.run;
    if (run === undefined || run.exit !== undefined) return;
    signal(run.pid, 'SIGKILL');
    if (!(await exitedWithin(run, this.stopTimeoutMs()))) throw new Error(`pid ${run.pid} survived SIGKILL`);
  }

  /** Stops the JVM if running (SIGTERM, then SIGKILL), starts it again on the same dir, by default waits to serve. */
  async restart(config: { readonly waitServing?: boolean } = {}): Promise<void> {
    await this.stopProcess();
    await this.start();
    if (config.waitServing ?? true) await this.waitServing();
  }

  /** SIGTERM, then SIGKILL after stopTimeoutMs; the data dir stays. */
  async stopProcess(): Promise<void> {
    const run = this.run;
    if (run === undefined || run.exit !== undefined) return;
    signal(run.pid, 'SIGTERM');
    if (await exitedWithin(run, this.stopTimeoutMs())) return;
    await this.kill9();
  }

  /** Stops the JVM and removes the temp dir; the handle is done after this. */
  async stop(): Promise<void> {
    await this.stopProcess();
    liveServers.delete(this);
    if (!this.keepDirs()) rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  /** Synchronous last resort for the process-exit safety net. */
  killNow(): void {
    if (this.run !== undefined && this.run.exit === undefined) signal(this.run.pid, 'SIGKILL');
    liveServers.delete(this);
    if (!this.keepDirs()) rmSync(this.dir, { recursive: true, force: true });
  }

  private stopTimeoutMs(): number { return this.config.stopTimeoutMs ?? 5000; }
  private keepDirs(): boolean { return this.config.keepDirs ?? process.env['RXZK_KEEP_ZK_DIRS'] === '1'; }
}

const tasksetPath = '/usr/bin/taskset';

function spawnJava(args: readonly string[], cwd: string, logPath: string | undefined, cpus?: string): ChildProcess {
  const java = javaPath();
  if (java === undefined) throw new Error(zkMissingMessage);
  const logFd = logPath === undefined ? undefined : openSync(logPath, 'a');
  try {
    const out = logFd ?? 'ignore';
    // taskset execs the JVM in place: the child's pid stays the JVM's, which stop() and the safety net signal.
    const pinned = cpus !== undefined && existsSync(tasksetPath);
    return pinned
      ? spawn(tasksetPath, ['-c', cpus, java, ...args], { cwd, stdio: ['ignore', out, out] })
      : spawn(java, args, { cwd, stdio: ['ignore', out, out] });
  } finally {
    // The child holds its own copy of the descriptor.
    if (logFd !== undefined) closeSync(logFd);
  }
}

async function assertPortsFree(server: ServerPlan): Promise<void> {
  for (const port of [server.clientPort, server.electionPort, server.quorumPort]) {
    if (!(await isPortFree(port, server.host))) {
      throw new Error(`port ${port} on ${server.host} for sid ${server.sid} is already in use (another test worker?)`);
    }
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function exitedWithin(run: Run, timeoutMs: number): Promise<boolean> {
  return firstValueFrom(race(from(run.exited).pipe(map(() => true)), timer(timeoutMs).pipe(map(() => false))));
}

function describeExit(exit: ExitInfo): string {
  return exit.signal === null ? `code ${exit.code}` : `signal ${exit.signal}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Ensembles

/** The real servers of one plan; external sids are in the plan but have no handle. */
export class RealZkEnsemble {
  constructor(readonly plan: EnsemblePlan, readonly servers: ReadonlyMap<bigint, RealZkServer>) {}

  server(sid: bigint): RealZkServer {
    const server = this.servers.get(sid);
    if (server === undefined) throw new Error(`sid ${sid} is not a real server of this ensemble`);
    return server;
  }

  /** Every PID started for this ensemble, restarts included. */
  get pids(): number[] { return [...this.servers.values()].flatMap((s) => s.pids); }

  async start(): Promise<void> {
    for (const server of this.servers.values()) await server.start();
  }

  /** Waits until every running real server serves (they need a quorum, so start external peers first). */
  async waitServing(config: Omit<WaitServingConfig, 'logPath' | 'abort'> = {}): Promise<void> {
    const running = [...this.servers.values()].filter((s) => s.isRunning());
    await Promise.all(running.map((s) => s.waitServing(config)));
  }

  /** Mode per real server (undefined: not answering or not serving). */
  async modes(): Promise<Map<bigint, ZkMode | undefined>> {
    const servers = [...this.servers.values()];
    const modes = await Promise.all(servers.map((s) => s.mode()));
    return new Map(servers.map((s, i) => [s.sid, modes[i]]));
  }

  /** The sid whose `srvr` says leader, if exactly one does. */
  async leaderSid(): Promise<bigint | undefined> {
    const leaders = [...(await this.modes())].filter(([, mode]) => mode === ZkMode.leader);
    return leaders.length === 1 ? leaders[0]?.[0] : undefined;
  }

  /** Polls the running real servers until exactly one says leader (and it is not `notSid`, e.g. the one just killed:
   *  survivors can report the old mode for a moment). Resolves to the leader's sid. */
  waitForLeader(config: { readonly timeoutMs?: number; readonly pollIntervalMs?: number; readonly notSid?: bigint } = {})
  : Promise<bigint> {
    const { timeoutMs = 30_000, pollIntervalMs = 200, notSid } = config;
    let lastSeen = 'nothing yet';
    const leader$ = timer(0, pollIntervalMs).pipe(
      exhaustMap(() => this.modes()),
      tap((modes) => { lastSeen = [...modes].map(([sid, mode]) => `${sid}=${mode ?? '-'}`).join(' '); }),
      map((modes) => [...modes].filter(([, mode]) => mode === ZkMode.leader).map(([sid]) => sid)),
      filter((leaders): leaders is [bigint] => leaders.length === 1 && leaders[0] !== notSid),
      map(([sid]) => sid),
    );
    const late = () => new Error(`no single leader after ${timeoutMs} ms (modes: ${lastSeen})`);
    return firstValueFrom(leader$.pipe(timeout({ first: timeoutMs, with: () => throwError(late) })));
  }

  kill9(sid: bigint): Promise<void> { return this.server(sid).kill9(); }

  restart(sid: bigint, config: { readonly waitServing?: boolean } = {}): Promise<void> {
    return this.server(sid).restart(config);
  }

  /** Stops every server (in parallel) and removes their dirs; reports all failures together. */
  async stop(): Promise<void> {
    const results = await Promise.allSettled([...this.servers.values()].map((s) => s.stop()));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} server(s) failed to stop`);
  }
}

function isPlan(value: EnsemblePlan | EnsemblePlanConfig): value is EnsemblePlan {
  return 'settings' in value && 'standalone' in value;
}

/** Starts the real servers of a plan (or of planEnsemble(config)). Waits for serving when every participant is
 *  real, unless told otherwise. On any failure, everything started is stopped before the error is rethrown. */
export async function startEnsemble(planOrConfig: EnsemblePlan | EnsemblePlanConfig = {},
  config: RealZkStartConfig = {}): Promise<RealZkEnsemble> {
  const plan = isPlan(planOrConfig) ? planOrConfig : await planEnsemble(planOrConfig);
  if (!zkAvailable()) throw new Error(zkMissingMessage);
  const real = plan.servers.filter((s) => s.kind === ServerKind.real);
  const ensemble = new RealZkEnsemble(plan, new Map(real.map((s) => [s.sid, new RealZkServer(plan, s, config)])));
  const allVotersReal = plan.servers.every((s) => s.role === ServerRole.observer || s.kind === ServerKind.real);
  try {
    await ensemble.start();
    if (config.waitServing ?? allVotersReal) await ensemble.waitServing();
    return ensemble;
  } catch (error) {
    await ensemble.stop().catch(() => undefined);
    throw error;
  }
}

/** Starts one standalone server and waits for it to serve (unless waitServing is false). */
export async function startStandalone(planConfig: Omit<EnsemblePlanConfig, 'servers' | 'size' | 'observers'> = {},
  config: RealZkStartConfig = {}): Promise<RealZkServer> {
  const ensemble = await startEnsemble(await planStandalone(planConfig), { waitServing: true, ...config });
  return ensemble.server(1n);
}
