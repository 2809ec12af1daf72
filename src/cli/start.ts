// `rxzk start <zoo.cfg>`: one peer in the foreground, like `zkServer.sh start-foreground`. Logs with pino (JSON
// when stdout is not a TTY, a compact human line when it is), logs every status change as a "peer status" line
// (the contract `rxzk cluster` reads, see cluster/statusLine.ts), and stops cleanly on SIGINT/SIGTERM.
import { Writable } from 'node:stream';
import { Observable, Subscription, firstValueFrom, fromEvent, map, merge, race, timer } from 'rxjs';
import { loadZooCfg } from '../config/dataDir.js';
import { type Logger, createLogger } from '../logging.js';
import { UsageError, logLevel } from './cluster/args.js';
import { humanLogLine } from './cluster/humanLog.js';
import { LineSplitter } from './cluster/lineSplitter.js';
import type { PeerHandle, PeerModule } from './cluster/peerContract.js';
import { peerStatusMsg } from './cluster/statusLine.js';
import { recordCodeCache } from './codeCache.js';

export const startUsage = `usage: rxzk start <zoo.cfg> [--log-level trace|debug|info|warn|error|fatal|silent]
                  [--stop-on-stdin-close]
  runs one peer in the foreground until SIGINT or SIGTERM (or, with --stop-on-stdin-close, until stdin closes)`;

export interface StartArgs {
  readonly cfgPath: string;
  readonly logLevel: string;
  /** Stop when stdin closes: `rxzk cluster` sets it so a peer never outlives its parent, even a SIGKILLed one. */
  readonly stopOnStdinClose: boolean;
}

export interface StartIo {
  readonly loadPeerModule?: () => Promise<PeerModule>;
  readonly stdout?: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stdin?: NodeJS.ReadableStream;
  /** Where SIGINT/SIGTERM arrive; process by default. */
  readonly signals?: NodeJS.EventEmitter;
  readonly stopTimeoutMs?: number;
}

// Loaded on demand, so `rxzk status` and `rxzk cluster` never pay for the peer; a literal specifier lets the
// CLI bundle (npm run build) include it.
const importPeerModule = async (): Promise<PeerModule> => (await import('../peer/index.js')) as PeerModule;
// A zoo.cfg without server.N lines runs the session-serving standalone server, as ZooKeeperServerMain does.
const importStandaloneModule = async (): Promise<PeerModule> => (await import('../server/standalonePeer.js')) as PeerModule;

export function parseStartArgs(args: readonly string[]): StartArgs {
  let cfgPath: string | undefined;
  let level = 'info';
  let stopOnStdinClose = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--stop-on-stdin-close') stopOnStdinClose = true;
    else if (arg === '--log-level') {
      const value = args[i + 1];
      if (value === undefined) throw new UsageError('--log-level needs a value');
      level = logLevel(value);
      i += 1;
    } else if (arg.startsWith('--log-level=')) level = logLevel(arg.slice('--log-level='.length));
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (cfgPath === undefined) cfgPath = arg;
    else throw new UsageError(`unexpected argument '${arg}'`);
  }
  if (cfgPath === undefined) throw new UsageError('the path of a zoo.cfg is required');
  return { cfgPath, logLevel: level, stopOnStdinClose };
}

export async function startCommand(
  args: readonly string[],
  out: (line: string) => void,
  io: StartIo = {},
): Promise<number> {
  let parsed: StartArgs;
  try {
    parsed = parseStartArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    out(`rxzk start: ${error.message}`);
    out(startUsage);
    return 64;
  }
  const { stdout = process.stdout } = io;
  const destination = stdout.isTTY === true ? humanLines(stdout) : stdout;
  const logger = createLogger({ level: parsed.logLevel, destination });
  const peer = await openPeer(parsed.cfgPath, logger, io.loadPeerModule ?? importPeerModule);
  if (peer === undefined) return 1;
  return runUntilStopped(peer, parsed, logger, io);
}

interface OpenPeer {
  readonly handle: PeerHandle;
  readonly module: PeerModule;
}

type LoadPeerModule = () => Promise<PeerModule>;

async function openPeer(cfgPath: string, logger: Logger, load: LoadPeerModule): Promise<OpenPeer | undefined> {
  try {
    const config = await loadZooCfg(cfgPath);
    const module = await (config.mode === 'standalone' ? importStandaloneModule() : load());
    const handle = await module.createPeer(config, { logger });
    logger.info({ cfgPath, sid: config.myid?.toString() ?? null }, 'peer started');
    return { handle, module };
  } catch (error) {
    const err = error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
    logger.error({ cfgPath, err }, `peer did not start: ${err.message}`);
    return undefined;
  }
}

async function runUntilStopped(peer: OpenPeer, args: StartArgs, logger: Logger, io: StartIo): Promise<number> {
  const { signals = process, stdin = process.stdin, stopTimeoutMs = 10_000 } = io;
  const subscription = new Subscription();
  const failed = new Promise<string>((resolve) => {
    subscription.add(peer.handle.state$.subscribe({
      next: (status) => {
        logger.info(peer.module.statusLogFields(status), peerStatusMsg);
        // Serving: start-up, election and role have all run once, so the bin's code cache covers them.
        if (status.synced === true) recordCodeCache();
      },
      error: (error: unknown) => resolve(`state$ failed: ${error instanceof Error ? error.message : String(error)}`),
      complete: () => resolve('state$ completed'),
    }));
  });
  const stopRequests: Array<Observable<string>> = [
    fromEvent(signals, 'SIGINT').pipe(map(() => 'SIGINT')),
    fromEvent(signals, 'SIGTERM').pipe(map(() => 'SIGTERM')),
  ];
  if (args.stopOnStdinClose) stopRequests.push(endOf(stdin));
  const reason = await Promise.race([firstValueFrom(merge(...stopRequests)), failed]);
  logger.info({ reason }, 'stopping');
  const stopped = await firstValueFrom(race(
    peer.handle.stop().then(() => true, (error: unknown) => {
      logger.error({ err: String(error) }, 'stop failed');
      return false;
    }),
    timer(stopTimeoutMs).pipe(map(() => false)),
  ));
  subscription.unsubscribe();
  logger.info({ reason, clean: stopped }, stopped ? 'stopped' : 'stop did not finish in time');
  return stopped ? 0 : 1;
}

/** Emits once when stdin reaches EOF or closes; reading it is what lets us notice. */
function endOf(stdin: NodeJS.ReadableStream): Observable<string> {
  const ended = merge(fromEvent(stdin, 'end'), fromEvent(stdin, 'close'), fromEvent(stdin, 'error'))
    .pipe(map(() => 'stdin closed'));
  return new Observable<string>((subscriber) => {
    const inner = ended.subscribe(subscriber);
    stdin.on('data', () => undefined);
    stdin.resume();
    return () => {
      inner.unsubscribe();
      stdin.pause();
    };
  });
}

/** A pino destination that turns each JSON line into humanLogLine's text. */
function humanLines(target: NodeJS.WritableStream): Writable {
  const lines = new LineSplitter({ lineCharsMax: 64 * 1024 });
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      for (const line of lines.push(chunk.toString())) target.write(`${humanLogLine(line)}\n`);
      callback();
    },
  });
}
