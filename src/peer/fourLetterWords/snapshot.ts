// The plain state a four-letter-word reply is rendered from. The shell that owns the client port fills it from the
// live peer; the formatters never look anywhere else.

export const ServingMode = {
  leader: 'leader',
  follower: 'follower',
  observer: 'observer',
  standalone: 'standalone',
  readOnly: 'read-only',
} as const;
export type ServingMode = (typeof ServingMode)[keyof typeof ServingMode];

/** One client connection as `stat` lists it. */
export interface ClientConnectionInfo {
  readonly remoteHost: string;
  readonly remotePort: number;
  /** Selector interest ops; ZooKeeper prints 0 or hex. */
  readonly interestOps: number;
  readonly queued: number;
  readonly received: bigint;
  readonly sent: bigint;
}

export interface ServingStats {
  readonly mode: ServingMode;
  readonly latencyMinMs: bigint;
  /** Already averaged (see averageLatency). */
  readonly latencyAvgMs: number;
  readonly latencyMaxMs: bigint;
  readonly packetsReceived: bigint;
  readonly packetsSent: bigint;
  readonly aliveConnections: number;
  readonly outstandingRequests: bigint;
  readonly lastProcessedZxid: bigint;
  readonly nodeCount: number;
  readonly connections: readonly ClientConnectionInfo[];
  /** Leader only: last/min/max proposal size in bytes, -1 before the first proposal. */
  readonly proposalSizes?: { readonly last: number; readonly min: number; readonly max: number };
}

/** What `conf` prints; quorum fields only for a quorum peer. */
export interface ConfInfo {
  readonly clientPort: number;
  readonly secureClientPort: number;
  readonly dataDir: string;
  readonly dataDirSize: bigint;
  readonly dataLogDir: string;
  readonly dataLogSize: bigint;
  readonly tickTimeMs: number;
  readonly maxClientCnxns: number;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly clientPortListenBacklog: number;
  readonly serverId: bigint;
  readonly quorum?: {
    readonly initLimit: number;
    readonly syncLimit: number;
    readonly electionAlg: number;
    readonly electionPorts: readonly number[];
    readonly quorumPorts: readonly number[];
    /** LearnerType ordinal: 0 participant, 1 observer. */
    readonly peerTypeOrdinal: number;
    /** The committed view's config text (formatQuorumView). */
    readonly membership: string;
  };
}

export type MonitorValue = number | bigint | string | { readonly double: number };

export interface FourLetterWordState {
  /** Version text after "Zookeeper version: " (see rxzkVersionText). */
  readonly version: string;
  /** undefined while no server is running (e.g. LOOKING): srvr/stat/mntr/conf say so, isro says "null". */
  readonly serving: ServingStats | undefined;
  readonly conf: ConfInfo | undefined;
  /** `mntr` values after version/server_state, keyed without the `zk_` prefix (e.g. peer_state, znode_count). */
  readonly monitor: Readonly<Record<string, MonitorValue>>;
  /** `envi` lines, in order. */
  readonly environment: readonly (readonly [string, string])[];
}
