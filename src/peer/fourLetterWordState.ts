// Builds the plain snapshot four-letter-word replies are rendered from, out of a peer's live status.
import type { PeerConfig } from '../config/peerConfig.js';
import { RXZK_VERSION } from '../version.js';
import {
  ServingMode,
  confInfoFromPeerConfig,
  rxzkVersionText,
  type FourLetterWordState,
  type MonitorValue,
} from './fourLetterWords.js';
import { processEnvironment } from './fourLetterWords/environment.js';
import type { PeerStatus } from './status.js';

export interface ClientPortCounters {
  readonly connections: number;
  readonly packetsReceived: bigint;
  readonly packetsSent: bigint;
}

const modeOfState = {
  LEADING: ServingMode.leader,
  FOLLOWING: ServingMode.follower,
  OBSERVING: ServingMode.observer,
} as const;

export function fourLetterWordState(config: PeerConfig, status: PeerStatus, counters: ClientPortCounters): FourLetterWordState {
  const version = rxzkVersionText(RXZK_VERSION);
  // Like ZooKeeper, a peer serves only once its role has synced with the leader (or, leading, with a quorum).
  const serving = status.state !== 'LOOKING' && status.synced;
  const mode = config.mode === 'standalone' ? ServingMode.standalone : serving ? modeOfState[status.state] : undefined;
  const conf = confInfoFromPeerConfig(config, { dataDirSize: 0n, dataLogSize: 0n });
  const environment = processEnvironment(version);
  if (mode === undefined) return { version, serving: undefined, conf: undefined, monitor: {}, environment };
  const lastProcessedZxid = status.peerEpoch << 32n;
  const monitor: Record<string, MonitorValue> = {
    peer_state: `${status.state.toLowerCase()} - broadcast`,
    num_alive_connections: counters.connections,
    outstanding_requests: 0,
    znode_count: 5,
    packets_sent: counters.packetsSent,
    packets_received: counters.packetsReceived,
    watch_count: 0,
    quorum_size: config.view.servers.size,
  };
  return {
    version,
    serving: {
      mode,
      latencyMinMs: 0n,
      latencyAvgMs: 0,
      latencyMaxMs: 0n,
      packetsReceived: counters.packetsReceived,
      packetsSent: counters.packetsSent,
      aliveConnections: counters.connections,
      outstandingRequests: 0n,
      lastProcessedZxid,
      nodeCount: 5,
      connections: [],
      ...(mode === ServingMode.leader ? { proposalSizes: { last: -1, min: -1, max: -1 } } : {}),
    },
    conf,
    monitor,
    environment,
  };
}
