// The typed result of reading a zoo.cfg: everything the quorum manager, election and client port need, with
// ZooKeeper 3.8's defaults applied. Plain data: no behaviour, no IO.
import type { HostPort } from './hostAddress.js';
import type { QuorumServerSpec, LearnerType } from './quorumServers.js';
import type { QuorumView } from './quorumView.js';

export const PeerMode = { standalone: 'standalone', distributed: 'distributed' } as const;
export type PeerMode = (typeof PeerMode)[keyof typeof PeerMode];

export interface PeerConfig {
  /** standalone = ZooKeeper would start a plain ZooKeeperServer (no election); distributed = a QuorumPeer. */
  readonly mode: PeerMode;
  /** From dataDir/myid; undefined when the file is absent (allowed only in standalone mode). */
  readonly myid: bigint | undefined;
  readonly tickTimeMs: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  /** 0 means "use initLimit". */
  readonly connectToLearnerMasterLimit: number;
  readonly dataDir: string;
  readonly dataLogDir: string;
  /** Where this server's client listener binds; undefined = no client port (neither clientPort nor `;client`). */
  readonly clientAddress: HostPort | undefined;
  readonly secureClientAddress: HostPort | undefined;
  readonly clientPortListenBacklog: number;
  readonly maxClientCnxns: number;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly electionAlg: 3;
  readonly quorumListenOnAllIPs: boolean;
  /** Own role; the server list wins over the peerType key, as in ZooKeeper. */
  readonly peerType: LearnerType;
  readonly syncEnabled: boolean;
  readonly standaloneEnabled: boolean;
  readonly reconfigEnabled: boolean;
  readonly multiAddressEnabled: boolean;
  readonly multiAddressReachabilityCheckEnabled: boolean;
  readonly multiAddressReachabilityCheckTimeoutMs: number;
  readonly snapRetainCount: number;
  readonly purgeIntervalHours: number;
  readonly localSessionsEnabled: boolean;
  readonly localSessionsUpgradingEnabled: boolean;
  readonly observerMasterPort: number | undefined;
  /** The committed view: servers, quorum kind (with group/weight data for a hierarchical verifier), version. */
  readonly view: QuorumView;
  /** view.servers by ascending sid (view.servers keeps ZooKeeper's insertion order, which its config text needs). */
  readonly servers: ReadonlyMap<bigint, QuorumServerSpec>;
  /** Election connect timeout (zookeeper.cnxTimeout). */
  readonly cnxTimeoutMs: number;
  /** 0 = retry forever (zookeeper.electionPortBindRetry). */
  readonly electionPortBindRetry: number;
  /** -1 = tickTime × syncLimit (zookeeper.quorumCnxnTimeoutMs). */
  readonly quorumCnxnTimeoutMs: number;
  readonly minNotificationIntervalMs: number;
  readonly maxNotificationIntervalMs: number;
  /** Enabled four-letter words after ZooKeeper's rules (srvr always; isro with readonlymode.enabled). */
  readonly fourLetterWordWhitelist: ReadonlySet<string>;
  /** Every key=value as read (last wins), untrimmed, in the order java.util.Properties iterates them. */
  readonly properties: ReadonlyMap<string, string>;
  /** JVM system properties in effect: the ones passed in plus `zookeeper.<key>` for unrecognised keys. */
  readonly systemProperties: ReadonlyMap<string, string>;
  /** What ZooKeeper would log at WARN/ERROR while accepting this config. */
  readonly warnings: readonly string[];
}
