// What a standalone server needs to run, with ZooKeeper 3.8's defaults, and how it is read from a parsed zoo.cfg.
import type { PeerConfig } from '../config/peerConfig.js';
import { JUTE_MAX_BUFFER_BYTES } from '../jute/limits.js';

export interface StandaloneServerConfig {
  readonly host: string;
  /** 0 = any free port (tests). */
  readonly port: number;
  readonly tickTimeMs: number;
  /** Defaults: 2 × and 20 × tickTime. */
  readonly minSessionTimeoutMs?: number;
  readonly maxSessionTimeoutMs?: number;
  /** Per-IP connection limit; 0 = unlimited. */
  readonly maxClientCnxns?: number;
  /** undefined = keep everything in memory (tests and benchmarks of the pipeline alone). */
  readonly dataDir?: string;
  readonly dataLogDir?: string;
  /** Txns between snapshots (ZooKeeper rolls after snapCount/2 plus a random part of snapCount/2). */
  readonly snapCount?: number;
  readonly frameBytesMax?: number;
  readonly extendedTypesEnabled?: boolean;
  readonly fourLetterWordWhitelist?: ReadonlySet<string>;
  readonly serverId?: bigint;
  readonly peerConfig?: PeerConfig;
}

function positiveInt(text: string | undefined): number | undefined {
  const value = text === undefined ? undefined : Number.parseInt(text.trim(), 10);
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

function intProperty(config: PeerConfig, key: string): number | undefined {
  return positiveInt(config.systemProperties.get(key) ?? config.properties.get(key));
}

export function standaloneConfigOf(config: PeerConfig): StandaloneServerConfig {
  const address = config.clientAddress;
  const snapCount = intProperty(config, 'zookeeper.snapCount') ?? intProperty(config, 'snapCount');
  // Only the JVM property sizes frames in 3.8: a zoo.cfg line becomes zookeeper.jute.maxbuffer, which jute never reads.
  const juteMaxBuffer = positiveInt(config.systemProperties.get('jute.maxbuffer'));
  return {
    host: address?.host ?? '127.0.0.1',
    port: address?.port ?? 2181,
    tickTimeMs: config.tickTimeMs,
    minSessionTimeoutMs: config.minSessionTimeoutMs,
    maxSessionTimeoutMs: config.maxSessionTimeoutMs,
    maxClientCnxns: config.maxClientCnxns,
    dataDir: config.dataDir,
    dataLogDir: config.dataLogDir,
    ...(snapCount !== undefined && { snapCount }),
    ...(juteMaxBuffer !== undefined && { frameBytesMax: juteMaxBuffer }),
    extendedTypesEnabled: config.systemProperties.get('zookeeper.extendedTypesEnabled') === 'true',
    fourLetterWordWhitelist: config.fourLetterWordWhitelist,
    serverId: config.myid ?? 1n,
    peerConfig: config,
  };
}

export const DEFAULT_SNAP_COUNT = 100_000;
export const DEFAULT_FRAME_BYTES_MAX = JUTE_MAX_BUFFER_BYTES;
