// Live figures of a standalone server and the four-letter-word snapshot built from them (srvr, stat, mntr, conf,
// envi read real latency, outstanding requests, znode and watch counts and data size).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RXZK_VERSION } from '../version.js';
import { ServingMode, confInfoFromPeerConfig, rxzkVersionText, type FourLetterWordState, type MonitorValue } from '../peer/fourLetterWords.js';
import { processEnvironment } from '../peer/fourLetterWords/environment.js';
import type { ClientPort } from '../peer/clientPort.js';
import type { RequestPipeline } from './requestPipeline.js';
import type { ServerCore } from './serverCore.js';
import { VERSION_DIR } from './fileTxnSnapLog.js';
import type { StandaloneServerConfig } from './serverConfig.js';
import type { SessionRouter } from './sessionRouter.js';
import type { SessionTracker } from './sessionTracker.js';

export class LatencyTracker {
  minMs = 0;
  maxMs = 0;
  totalMs = 0;
  count = 0;

  record(ms: number): void {
    const value = Math.max(0, Math.round(ms));
    if (this.count === 0 || value < this.minMs) this.minMs = value;
    if (value > this.maxMs) this.maxMs = value;
    this.totalMs += value;
    this.count += 1;
  }

  get averageMs(): number {
    return this.count === 0 ? 0 : this.totalMs / this.count;
  }
}

export interface ServerStats {
  readonly core: ServerCore;
  readonly tracker: SessionTracker;
  readonly pipeline: RequestPipeline;
  readonly router: SessionRouter;
  readonly latency: LatencyTracker;
  readonly listener: ClientPort;
  readonly config: StandaloneServerConfig;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
}

function totals(s: ServerStats): { received: bigint; sent: bigint } {
  let received = s.router.closedReceived;
  let sent = s.router.closedSent;
  for (const conn of s.router.connections.values()) {
    received += conn.packetsReceived;
    sent += conn.packetsSent;
  }
  return { received, sent };
}

/** ZooKeeper counts the root twice in its node map ("" and "/"), so its Node count is ours plus one. */
export const nodeCountOf = (s: ServerStats): number => s.core.tree.nodeCount + 1;

export function fourLetterWordStateOf(s: ServerStats): FourLetterWordState {
  const version = rxzkVersionText(RXZK_VERSION);
  const { received, sent } = totals(s);
  const connections = [...s.router.connections.values()].map((c) => ({ remoteHost: c.remote.host, remotePort: c.remote.port,
    interestOps: 1, queued: 0, received: c.packetsReceived, sent: c.packetsSent }));
  const ephemerals = [...s.core.tree.ephemerals.values()].reduce((n, set) => n + set.size, 0);
  const monitor: Record<string, MonitorValue> = {
    ephemerals_count: ephemerals,
    num_alive_connections: s.listener.connections(),
    avg_latency: { double: s.latency.averageMs },
    outstanding_requests: s.pipeline.outstanding,
    znode_count: nodeCountOf(s),
    global_sessions: s.tracker.size,
    packets_sent: sent,
    packets_received: received,
    watch_count: s.core.watches.count,
    min_latency: s.latency.minMs,
    approximate_data_size: s.core.tree.approximateDataSize,
    max_latency: s.latency.maxMs,
    local_sessions: 0,
  };
  const peerConfig = s.config.peerConfig;
  return {
    // Only `conf` needs the directory sizes, so the other words never walk the data dirs.
    get conf() {
      if (peerConfig === undefined) return undefined;
      const dataDirSize = dirBytes(join(peerConfig.dataDir, VERSION_DIR));
      const dataLogSize = dirBytes(join(peerConfig.dataLogDir, VERSION_DIR));
      return confInfoFromPeerConfig(peerConfig, { dataDirSize, dataLogSize });
    },
    version,
    serving: {
      mode: ServingMode.standalone,
      latencyMinMs: BigInt(s.latency.minMs),
      latencyAvgMs: s.latency.averageMs,
      latencyMaxMs: BigInt(s.latency.maxMs),
      packetsReceived: received,
      packetsSent: sent,
      aliveConnections: s.listener.connections(),
      outstandingRequests: BigInt(s.pipeline.outstanding),
      lastProcessedZxid: s.core.lastZxid,
      nodeCount: nodeCountOf(s),
      connections,
    },
    monitor,
    environment: processEnvironment(version),
  };
}

/** Bounds on walking a data dir for `conf`: deeper or larger trees are not a ZooKeeper data dir. */
const DIR_DEPTH_MAX = 4;
const DIR_ENTRIES_MAX = 100_000;

/** Total bytes of the files under `dir` (ZooKeeper's data dir sizes); 0 when it is missing or unreadable. */
export function dirBytes(dir: string, depth = 0): bigint {
  if (depth > DIR_DEPTH_MAX) return 0n;
  let total = 0n;
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true }).slice(0, DIR_ENTRIES_MAX)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) total += dirBytes(path, depth + 1);
      else if (entry.isFile()) total += BigInt(statSync(path).size);
    }
  } catch {
    return total;
  }
  return total;
}
