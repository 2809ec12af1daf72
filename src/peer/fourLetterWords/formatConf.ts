// `conf` reply (ZooKeeperServer.dumpConf, plus QuorumZooKeeperServer's quorum part), and the ConfInfo a peer's
// parsed config gives.
import type { PeerConfig } from '../../config/peerConfig.js';
import { formatQuorumView } from '../../config/quorumView.js';
import { NOT_SERVING_TEXT } from './formatStat.js';
import type { ConfInfo, FourLetterWordState } from './snapshot.js';

export function formatConf(state: FourLetterWordState): string {
  const conf = state.conf;
  if (state.serving === undefined || conf === undefined) return `${NOT_SERVING_TEXT}\n`;
  const lines = [
    `clientPort=${conf.clientPort}`,
    `secureClientPort=${conf.secureClientPort}`,
    `dataDir=${conf.dataDir}`,
    `dataDirSize=${conf.dataDirSize}`,
    `dataLogDir=${conf.dataLogDir}`,
    `dataLogSize=${conf.dataLogSize}`,
    `tickTime=${conf.tickTimeMs}`,
    `maxClientCnxns=${conf.maxClientCnxns}`,
    `minSessionTimeout=${conf.minSessionTimeoutMs}`,
    `maxSessionTimeout=${conf.maxSessionTimeoutMs}`,
    `clientPortListenBacklog=${conf.clientPortListenBacklog}`,
    `serverId=${conf.serverId}`,
  ];
  const quorum = conf.quorum;
  if (quorum === undefined) return `${lines.join('\n')}\n`;
  lines.push(
    `initLimit=${quorum.initLimit}`,
    `syncLimit=${quorum.syncLimit}`,
    `electionAlg=${quorum.electionAlg}`,
    `electionPort=${quorum.electionPorts.join('|')}`,
    `quorumPort=${quorum.quorumPorts.join('|')}`,
    `peerType=${quorum.peerTypeOrdinal}`,
    'membership: ',
  );
  // The membership text has no trailing newline, so neither has the reply.
  return `${lines.join('\n')}\n${quorum.membership}`;
}

export interface ConfSizes {
  /** Bytes of the files in the snapshot dir and the log dir (ZooKeeper sums their lengths). */
  readonly dataDirSize: bigint;
  readonly dataLogSize: bigint;
}

/** What a real server with this config prints in `conf` (paths as given: pass absolute paths for ZooKeeper's). */
export function confInfoFromPeerConfig(config: PeerConfig, sizes: ConfSizes): ConfInfo {
  const base: ConfInfo = {
    clientPort: config.clientAddress?.port ?? 0,
    secureClientPort: config.secureClientAddress?.port ?? -1,
    dataDir: `${config.dataDir.replace(/\/+$/, '')}/version-2`,
    dataDirSize: sizes.dataDirSize,
    dataLogDir: `${config.dataLogDir.replace(/\/+$/, '')}/version-2`,
    dataLogSize: sizes.dataLogSize,
    tickTimeMs: config.tickTimeMs,
    maxClientCnxns: config.maxClientCnxns,
    minSessionTimeoutMs: config.minSessionTimeoutMs,
    maxSessionTimeoutMs: config.maxSessionTimeoutMs,
    clientPortListenBacklog: config.clientPortListenBacklog,
    // A standalone server has no id in ZooKeeper, whatever myid says.
    serverId: config.mode === 'standalone' ? 0n : (config.myid ?? 0n),
  };
  const own = config.myid === undefined ? undefined : config.servers.get(config.myid);
  if (config.mode === 'standalone' || own === undefined) return base;
  return {
    ...base,
    quorum: {
      initLimit: config.initLimit,
      syncLimit: config.syncLimit,
      electionAlg: config.electionAlg,
      electionPorts: own.electionAddresses.map((a) => a.port),
      quorumPorts: own.quorumAddresses.map((a) => a.port),
      peerTypeOrdinal: config.peerType === 'observer' ? 1 : 0,
      membership: formatQuorumView(config.view),
    },
  };
}
