// Reads the real ZooKeeper 3.8 replies in test/fixtures/4lw and rebuilds, from each reply and the server's zoo.cfg,
// the FourLetterWordState a server in that state has; shared by the unit and interop comparisons.
import { parseZooCfg } from '../../src/config/parseZooCfg.js';
import type { PeerConfig } from '../../src/config/peerConfig.js';
import {
  type ClientConnectionInfo, type FourLetterWordState, type MonitorValue, type ServingStats, confInfoFromPeerConfig,
} from '../../src/peer/fourLetterWords.js';
import { mntrGaugeOrder } from '../../src/peer/fourLetterWords/formatMntr.js';

const field = (reply: string, label: string): string => {
  const match = new RegExp(`^${label}: (.*)$`, 'm').exec(reply);
  if (match?.[1] === undefined) throw new Error(`no "${label}" line in ${JSON.stringify(reply.slice(0, 200))}`);
  return match[1];
};

export function versionOf(reply: string): string {
  return /^(?:Zookeeper version: |zk_version\t|zookeeper\.version=)(.*)$/m.exec(reply)?.[1] ?? '';
}

function connectionsOf(reply: string): ClientConnectionInfo[] {
  const pattern = /^ \/([0-9.]+):(\d+)\[([0-9a-f]+)\]\(queued=(\d+),recved=(\d+),sent=(\d+)\)$/gm;
  return [...reply.matchAll(pattern)].map((m) => ({
    remoteHost: m[1] ?? '',
    remotePort: Number(m[2]),
    interestOps: Number.parseInt(m[3] ?? '0', 16),
    queued: Number(m[4]),
    received: BigInt(m[5] ?? 0),
    sent: BigInt(m[6] ?? 0),
  }));
}

/** The stats a srvr/stat reply shows. */
export function servingStatsOf(reply: string): ServingStats {
  const [min = '0', avg = '0', max = '0'] = field(reply, 'Latency min/avg/max').split('/');
  const mode = field(reply, 'Mode') as ServingStats['mode'];
  const stats: ServingStats = {
    mode,
    latencyMinMs: BigInt(min),
    latencyAvgMs: Number(avg),
    latencyMaxMs: BigInt(max),
    packetsReceived: BigInt(field(reply, 'Received')),
    packetsSent: BigInt(field(reply, 'Sent')),
    aliveConnections: Number(field(reply, 'Connections')),
    outstandingRequests: BigInt(field(reply, 'Outstanding')),
    lastProcessedZxid: BigInt(field(reply, 'Zxid')),
    nodeCount: Number(field(reply, 'Node count')),
    connections: connectionsOf(reply),
  };
  if (mode !== 'leader') return stats;
  const [last = -1, pmin = -1, pmax = -1] = field(reply, 'Proposal sizes last/min/max').split('/').map(Number);
  return { ...stats, proposalSizes: { last, min: pmin, max: pmax } };
}

/** mntr gauges as a monitor record (values kept with their Java type: a '.' means a double). */
export function monitorOf(reply: string): Record<string, MonitorValue> {
  const known: ReadonlySet<string> = new Set(mntrGaugeOrder);
  const monitor: Record<string, MonitorValue> = {};
  for (const line of reply.split('\n')) {
    const [key = '', value = ''] = line.replace(/^zk_/, '').split('\t');
    if (!known.has(key)) continue;
    monitor[key] = /^-?\d+$/.test(value) ? BigInt(value) : /^-?\d+\.\d+$/.test(value) ? { double: Number(value) } : value;
  }
  return monitor;
}

/** The mntr lines rxzk prints: version, server_state and the gauges, in the real server's order. */
export function gaugeLinesOf(reply: string): string {
  const keep = new Set(['version', 'server_state', ...mntrGaugeOrder]);
  return reply
    .split('\n')
    .filter((line) => keep.has(line.replace(/^zk_/, '').split('\t')[0] ?? ''))
    .map((line) => `${line}\n`)
    .join('');
}

export function environmentOf(reply: string): [string, string][] {
  return reply
    .split('\n')
    .slice(1)
    .filter((line) => line.includes('='))
    .map((line): [string, string] => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
}

export interface CaptureMeta {
  readonly sid: string;
  readonly zooCfg: string;
}

export function peerConfigOf(meta: CaptureMeta): PeerConfig {
  return parseZooCfg(meta.zooCfg, { myidText: `${meta.sid}\n` });
}

function idleStats(mode: ServingStats['mode']): ServingStats {
  return {
    mode, latencyMinMs: 0n, latencyAvgMs: 0, latencyMaxMs: 0n, packetsReceived: 0n, packetsSent: 0n,
    aliveConnections: 0, outstandingRequests: 0n, lastProcessedZxid: 0n, nodeCount: 0, connections: [],
  };
}

/** State for answering `word` the way the captured server was when it answered it. */
export function stateFor(word: string, reply: string, config: PeerConfig): FourLetterWordState {
  const notServing = reply.startsWith('This ZooKeeper instance is not currently serving requests');
  const empty: FourLetterWordState = { version: versionOf(reply), serving: undefined, conf: undefined, monitor: {}, environment: [] };
  if (reply.endsWith('is not executed because it is not in the whitelist.\n')) return empty;
  if (word === 'envi') return { ...empty, environment: environmentOf(reply) };
  const placeholder = idleStats(config.mode === 'standalone' ? 'standalone' : 'follower');
  if (notServing || word === 'ruok' || word === 'isro') {
    return { ...empty, serving: word === 'isro' && reply !== 'null' ? placeholder : undefined };
  }
  if (word === 'srvr' || word === 'stat') return { ...empty, serving: servingStatsOf(reply) };
  if (word === 'mntr') {
    const mode = /^zk_server_state\t(.*)$/m.exec(reply)?.[1] as ServingStats['mode'];
    return { ...empty, serving: { ...placeholder, mode }, monitor: monitorOf(reply) };
  }
  const sizes = {
    dataDirSize: BigInt(/^dataDirSize=(\d+)$/m.exec(reply)?.[1] ?? -1),
    dataLogSize: BigInt(/^dataLogSize=(\d+)$/m.exec(reply)?.[1] ?? -1),
  };
  return { ...empty, serving: placeholder, conf: confInfoFromPeerConfig(config, sizes) };
}
