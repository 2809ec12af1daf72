// The zoo.cfg keys QuorumPeerConfig.parseProperties recognises, with their 3.8 defaults and value types. Every
// other key becomes the JVM property `zookeeper.<key>`, which is how cnxTimeout, 4lw.commands.whitelist,
// fastleader.* and friends take effect.
import { ConfigErrorCode, configError } from './configErrors.js';
import { JavaNumberFormatError, javaTrim, parseJavaInt, parseJavaLong } from './javaNumbers.js';

type KeyKind = 'int' | 'long' | 'bool' | 'string';

const keyKinds = {
  dataDir: 'string',
  dataLogDir: 'string',
  clientPort: 'int',
  localSessionsEnabled: 'bool',
  localSessionsUpgradingEnabled: 'bool',
  clientPortAddress: 'string',
  secureClientPort: 'int',
  secureClientPortAddress: 'string',
  observerMasterPort: 'int',
  clientPortListenBacklog: 'int',
  tickTime: 'int',
  maxClientCnxns: 'int',
  minSessionTimeout: 'int',
  maxSessionTimeout: 'int',
  initLimit: 'int',
  syncLimit: 'int',
  connectToLearnerMasterLimit: 'int',
  electionAlg: 'int',
  quorumListenOnAllIPs: 'bool',
  peerType: 'string',
  syncEnabled: 'bool',
  dynamicConfigFile: 'string',
  'autopurge.snapRetainCount': 'int',
  'autopurge.purgeInterval': 'int',
  standaloneEnabled: 'bool',
  reconfigEnabled: 'bool',
  sslQuorum: 'bool',
  portUnification: 'bool',
  sslQuorumReloadCertFiles: 'bool',
  'quorum.auth.enableSasl': 'bool',
  'quorum.auth.serverRequireSasl': 'bool',
  'quorum.auth.learnerRequireSasl': 'bool',
  'quorum.auth.learner.saslLoginContext': 'string',
  'quorum.auth.server.saslLoginContext': 'string',
  'quorum.auth.kerberos.servicePrincipal': 'string',
  'quorum.cnxn.threads.size': 'int',
  'jvm.pause.info-threshold.ms': 'long',
  'jvm.pause.warn-threshold.ms': 'long',
  'jvm.pause.sleep.time.ms': 'long',
  'jvm.pause.monitor': 'bool',
  'metricsProvider.className': 'string',
  'multiAddress.enabled': 'bool',
  'multiAddress.reachabilityCheckTimeoutMs': 'int',
  'multiAddress.reachabilityCheckEnabled': 'bool',
  oraclePath: 'string',
} as const satisfies Record<string, KeyKind>;

export type StaticKey = keyof typeof keyKinds;
type ValueOf<K extends KeyKind> = K extends 'int' ? number : K extends 'long' ? bigint : K extends 'bool' ? boolean : string;
export type StaticSettings = { -readonly [K in StaticKey]?: ValueOf<(typeof keyKinds)[K]> };

export interface StaticKeysResult {
  readonly settings: StaticSettings;
  /** `zookeeper.<key>` for every unrecognised key, as System.setProperty would have it. */
  readonly systemProperties: ReadonlyMap<string, string>;
}

const isStaticKey = (key: string): key is StaticKey => Object.hasOwn(keyKinds, key);

/** One pass over trimmed keys/values: typed settings, Java-text errors, and the rest as system properties. */
export function readStaticKeys(properties: ReadonlyMap<string, string>): StaticKeysResult {
  const settings: StaticSettings = {};
  const systemProperties = new Map<string, string>();
  for (const [rawKey, rawValue] of properties) {
    const key = javaTrim(rawKey);
    const value = javaTrim(rawValue);
    if (isStaticKey(key)) {
      (settings as Record<string, unknown>)[key] = convert(key, value);
      checkSpecial(key, value);
    } else if (/^(server\.|group|weight)/.test(key) && properties.has('dynamicConfigFile')) {
      throw configError(ConfigErrorCode.badValue, `parameter: ${key} must be in a separate dynamic config file`);
    } else {
      systemProperties.set(`zookeeper.${key}`, value);
    }
  }
  return { settings, systemProperties };
}

function convert(key: StaticKey, value: string): number | bigint | boolean | string {
  const kind: KeyKind = keyKinds[key];
  try {
    if (kind === 'int') return parseJavaInt(value);
    if (kind === 'long') return parseJavaLong(value);
  } catch (error) {
    if (!(error instanceof JavaNumberFormatError)) throw error;
    throw configError(ConfigErrorCode.badNumber, `${key}: ${error.message}`, error);
  }
  if (kind === 'bool') return parseJavaBoolean(key, value);
  return value;
}

/** QuorumPeerConfig.parseBoolean: only true/false in any case. */
export function parseJavaBoolean(key: string, value: string): boolean {
  if (value.toLowerCase() === 'true') return true;
  if (value.toLowerCase() === 'false') return false;
  throw configError(ConfigErrorCode.badBoolean, `Invalid option ${value} for ${key}. Choose 'true' or 'false.'`);
}

function checkSpecial(key: StaticKey, value: string): void {
  if (key === 'electionAlg' && value !== '3' && parseJavaInt(value) !== 3) {
    throw configError(ConfigErrorCode.unsupported, 'Invalid electionAlg value. Only 3 is supported.');
  }
  if (key === 'peerType' && !['observer', 'participant'].includes(value.toLowerCase())) {
    throw configError(ConfigErrorCode.badValue, `Unrecognised peertype: ${value}`);
  }
}
