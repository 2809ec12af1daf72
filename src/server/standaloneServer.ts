// `startStandaloneServer`: a ZooKeeper 3.8 standalone server (ZooKeeperServerMain) built from the pieces in this
// directory: restore the data dir, take the start-up snapshot, open the client port, expire sessions at tick
// boundaries, group-commit writes, and snapshot every ~snapCount txns in the background.
import { asyncScheduler, interval, Subscription, type SchedulerLike } from 'rxjs';
import type { SocketAddress } from '../../streams/index.js';
import { silentLogger, type Logger } from '../logging.js';
import { answerFourLetterWord, fourLetterWordOf } from '../peer/fourLetterWords.js';
import { startClientPort, type ClientPort } from '../peer/clientPort.js';
import { DataTree } from './dataTree.js';
import { FileTxnLog, writeSnapshotFile, type DataDirs, type SyncFile } from './fileTxnSnapLog.js';
import { RequestPipeline } from './requestPipeline.js';
import { restore } from './restore.js';
import { ServerCore } from './serverCore.js';
import { DEFAULT_FRAME_BYTES_MAX, DEFAULT_SNAP_COUNT, type StandaloneServerConfig } from './serverConfig.js';
import { fourLetterWordStateOf, type ServerStats, LatencyTracker } from './serverStats.js';
import { SessionConnection } from './sessionConnection.js';
import { initialSessionId } from './sessionIds.js';
import { SessionRouter } from './sessionRouter.js';
import { SessionTracker } from './sessionTracker.js';
import { encodeSnapshot } from './snapshotFormat.js';

export interface StandaloneServerOptions {
  readonly logger?: Logger;
  readonly scheduler?: SchedulerLike;
  /** [0, 1); picks the snapshot roll point as ZooKeeper randomises it. */
  readonly random?: () => number;
  /** The server stopped serving on its own (its transaction log failed). */
  readonly onFatal?: (error: unknown) => void;
  /** Makes each appended group durable (fdatasync by default); tests count or hold it. */
  readonly syncFile?: SyncFile;
}

export interface StandaloneServer {
  readonly address: SocketAddress;
  stats(): ServerStats;
  /** Stops accepting, lets queued requests finish syncing, closes the log. */
  stop(): Promise<void>;
}

interface Persistence {
  readonly log: FileTxnLog;
  readonly dirs: DataDirs;
}

async function openDatabase(config: StandaloneServerConfig, log: Logger, syncFile?: SyncFile): Promise<{ tree: DataTree; sessions: Map<bigint, number>; persistence?: Persistence }> {
  if (config.dataDir === undefined) return { tree: new DataTree(), sessions: new Map() };
  const dirs = { dataDir: config.dataDir, dataLogDir: config.dataLogDir ?? config.dataDir };
  const restored = await restore(dirs, log);
  log.info({ zxid: `0x${restored.tree.lastProcessedZxid.toString(16)}`, replayed: restored.txnsReplayed }, 'database restored');
  // ZooKeeper snapshots right after loading, so the next start does not replay the same logs again.
  await writeSnapshotFile(dirs, restored.tree.lastProcessedZxid, encodeSnapshot(restored.tree, restored.sessions));
  return { tree: restored.tree, sessions: restored.sessions, persistence: { log: new FileTxnLog(dirs, syncFile), dirs } };
}

export async function startStandaloneServer(config: StandaloneServerConfig, options: StandaloneServerOptions = {}): Promise<StandaloneServer> {
  const { logger = silentLogger, scheduler = asyncScheduler, random = Math.random } = options;
  const log = logger.child({ component: 'standaloneServer' });
  const { tickTimeMs, minSessionTimeoutMs = 2 * tickTimeMs, maxSessionTimeoutMs = 20 * tickTimeMs } = config;
  const { snapCount = DEFAULT_SNAP_COUNT, frameBytesMax = DEFAULT_FRAME_BYTES_MAX, maxClientCnxns = 60 } = config;
  const nowMs = (): number => scheduler.now();
  const db = await openDatabase(config, log, options.syncFile);
  const core = new ServerCore(db.tree, { extendedTypesEnabled: config.extendedTypesEnabled ?? false });
  const tracker = new SessionTracker({ tickTimeMs, firstSessionId: initialSessionId(BigInt(nowMs()), config.serverId ?? 1n) });
  for (const [id, timeoutMs] of db.sessions) tracker.track(id, timeoutMs, nowMs());
  const latency = new LatencyTracker();
  const subscription = new Subscription();
  let stopping = false;
  let snapshotting = false;
  let sinceSnapshot = 0;
  let rollAt = Math.floor(snapCount / 2 + random() * (snapCount / 2));

  const takeSnapshot = (persistence: Persistence): void => {
    if (snapshotting) return log.warn({ zxid: `0x${core.lastZxid.toString(16)}` }, 'Too busy to snap, skipping');
    snapshotting = true;
    const zxid = core.lastZxid;
    const bytes = encodeSnapshot(core.tree, tracker.withTimeouts());
    void persistence.log.roll()
      .then(() => writeSnapshotFile(persistence.dirs, zxid, bytes))
      .then((file) => log.info({ file }, 'snapshot written'))
      .catch((error: unknown) => log.error({ err: error }, 'snapshot failed'))
      .finally(() => (snapshotting = false));
  };
  const pipeline: RequestPipeline = new RequestPipeline({
    append: (txns) => db.persistence?.log.append(txns) ?? Promise.resolve(),
    deliver: (outputs) => router.deliver(outputs),
    nowMs,
    onLatency: (ms) => latency.record(ms),
    afterBatch: (count) => {
      sinceSnapshot += count;
      if (db.persistence === undefined || sinceSnapshot < rollAt) return;
      sinceSnapshot = 0;
      rollAt = Math.floor(snapCount / 2 + random() * (snapCount / 2));
      takeSnapshot(db.persistence);
    },
    onFatal: (error) => {
      log.error({ err: error }, 'transaction log failed; no longer serving');
      listener.close();
      options.onFatal?.(error);
    },
  });
  const router = new SessionRouter({ core, tracker, pipeline, minSessionTimeoutMs, maxSessionTimeoutMs, nowMs, logger: log });
  let connectionIds = 0;
  const stats = (): ServerStats => ({ core, tracker, pipeline, router, latency, listener, config, minSessionTimeoutMs, maxSessionTimeoutMs });
  const listener: ClientPort = startClientPort({
    address: { host: config.host, port: config.port },
    connectionsPerHostMax: maxClientCnxns,
    answerFourLetterWord: (firstFour) => {
      const word = fourLetterWordOf(firstFour);
      if (word === undefined) return undefined;
      const answer = answerFourLetterWord(word, fourLetterWordStateOf(stats()), config.fourLetterWordWhitelist ?? new Set(['srvr']));
      return answer.kind === 'reply' ? answer.text : ''; // a known word we do not implement: close without a reply
    },
    onSession: (socket, bytes$) => {
      if (stopping) return socket.destroy();
      connectionIds += 1;
      const conn = new SessionConnection(socket, bytes$, router, { id: connectionIds, frameBytesMax, logger: log, scheduler });
      router.add(conn);
      return undefined;
    },
    logger: log,
    scheduler,
  });
  subscription.add(interval(tickTimeMs, scheduler).subscribe(() => {
    for (const id of tracker.expire(nowMs())) router.expire(id);
  }));
  const address = await listener.listening;
  log.info({ address: `${address.host}:${address.port}` }, 'standalone server serving');
  return {
    address,
    stats,
    stop: async () => {
      stopping = true;
      subscription.unsubscribe();
      listener.close();
      await pipeline.idle();
      await db.persistence?.log.close();
    },
  };
}
