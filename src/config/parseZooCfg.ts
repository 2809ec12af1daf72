// zoo.cfg text -> PeerConfig, applying ZooKeeper 3.8's defaults and refusing exactly what QuorumPeerConfig refuses,
// with its reason. Pure: the myid file's text and the JVM properties come in as arguments.
import { ConfigErrorCode, configError, inFile } from './configErrors.js';
import { type DynamicConfigSource, dynamicConfigProperties } from './dynamicConfig.js';
import { fourLetterWordWhitelist } from './fourLetterWordWhitelist.js';
import type { HostPort } from './hostAddress.js';
import { JavaNumberFormatError, decodeJavaIntOr, parseJavaInt } from './javaNumbers.js';
import { configLimits } from './limits.js';
import { parseMyid } from './myid.js';
import { type PeerConfig, PeerMode } from './peerConfig.js';
import { parseProperties, javaPropertiesMap } from './parseProperties.js';
import { type QuorumView, observingMembers, parseQuorumView, votingMembers } from './quorumView.js';
import { LearnerType } from './quorumServers.js';
import { resolveClientAddress } from './clientAddress.js';
import { type StaticSettings, readStaticKeys } from './staticKeys.js';

export interface ParseZooCfgConfig {
  /** Name used in messages ("Error processing <source>: ..."). */
  readonly source?: string;
  /** Contents of dataDir/myid, or undefined when the file does not exist. */
  readonly myidText?: string | undefined;
  /** JVM -D properties the equivalent Java server would run with (e.g. zookeeper.multiAddress.enabled). */
  readonly jvmProperties?: ReadonlyMap<string, string>;
  /** The file named by `dynamicConfigFile`, as read by the caller. */
  readonly dynamicConfig?: DynamicConfigSource;
}

/** Where the view comes from: the static file, or the dynamic file it names (whose errors name that file). */
function viewProperties(
  properties: ReadonlyMap<string, string>,
  settings: StaticSettings,
  dynamicConfig: DynamicConfigSource | undefined,
): ReadonlyMap<string, string> {
  const path = settings.dynamicConfigFile;
  if (path === undefined) return properties;
  if (dynamicConfig === undefined || dynamicConfig.path !== path) {
    throw configError(ConfigErrorCode.missing, `dynamicConfigFile ${path} was not read (use loadZooCfg)`);
  }
  return dynamicConfigProperties(dynamicConfig);
}

export function parseZooCfg(text: string, config: ParseZooCfgConfig = {}): PeerConfig {
  const { source = 'zoo.cfg' } = config;
  try {
    if (text.length > configLimits.configBytesMax) {
      throw configError(ConfigErrorCode.tooLarge, `config is larger than ${configLimits.configBytesMax} bytes`);
    }
    return peerConfigFromProperties(javaPropertiesMap(parseProperties(text)), config);
  } catch (error) {
    throw alreadyInFile(error) ? error : inFile(source, error);
  }
}

const alreadyInFile = (error: unknown): boolean => error instanceof Error && error.message.startsWith('Error processing ');

export function peerConfigFromProperties(
  properties: ReadonlyMap<string, string>,
  config: ParseZooCfgConfig = {},
): PeerConfig {
  const { myidText, jvmProperties = new Map<string, string>() } = config;
  const { settings, systemProperties: fromFile } = readStaticKeys(properties);
  const systemProperties = new Map([...jvmProperties, ...fromFile]);
  const warnings: string[] = [];
  const basics = checkBasics(settings, warnings);
  const multiAddressProperty = systemProperties.get('zookeeper.multiAddress.enabled') ?? 'false';
  const view = parseQuorumView(viewProperties(properties, settings, config.dynamicConfig), {
    multiAddressEnabled: multiAddressProperty.toLowerCase() === 'true',
  });
  const standaloneEnabled = settings.standaloneEnabled ?? true;
  checkMembers(view, standaloneEnabled, warnings);
  const myid = myidText === undefined ? undefined : parseMyid(myidText);
  const client = resolveClientAddress(view, myid, basics.clientAddress, settings.clientPortAddress === undefined);
  const peerType = ownType(client.view, myid, settings, warnings);
  const mode = standaloneEnabled && votingMembers(view).length <= 1 ? PeerMode.standalone : PeerMode.distributed;
  checkValidity(mode, settings, myid, client.view);
  return {
    ...basics,
    ...electionTuning(systemProperties),
    mode,
    myid,
    clientAddress: client.clientAddress,
    initLimit: settings.initLimit ?? 0,
    syncLimit: settings.syncLimit ?? 0,
    connectToLearnerMasterLimit: settings.connectToLearnerMasterLimit ?? 0,
    electionAlg: 3,
    quorumListenOnAllIPs: settings.quorumListenOnAllIPs ?? false,
    peerType,
    syncEnabled: settings.syncEnabled ?? true,
    standaloneEnabled,
    reconfigEnabled: settings.reconfigEnabled ?? false,
    multiAddressEnabled: settings['multiAddress.enabled'] ?? false,
    multiAddressReachabilityCheckEnabled: settings['multiAddress.reachabilityCheckEnabled'] ?? true,
    multiAddressReachabilityCheckTimeoutMs: settings['multiAddress.reachabilityCheckTimeoutMs'] ?? 1000,
    purgeIntervalHours: settings['autopurge.purgeInterval'] ?? 0,
    localSessionsEnabled: settings.localSessionsEnabled ?? false,
    localSessionsUpgradingEnabled: settings.localSessionsUpgradingEnabled ?? false,
    observerMasterPort: (settings.observerMasterPort ?? 0) > 0 ? settings.observerMasterPort : undefined,
    view: client.view,
    servers: new Map([...client.view.servers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    fourLetterWordWhitelist: fourLetterWordWhitelist(systemProperties),
    properties,
    systemProperties,
    warnings,
  };
}

/** The fields checkBasics settles, typed as the PeerConfig they end up in. */
type Basics = Pick<PeerConfig, 'tickTimeMs' | 'dataDir' | 'dataLogDir' | 'clientAddress' | 'secureClientAddress'
  | 'clientPortListenBacklog' | 'maxClientCnxns' | 'minSessionTimeoutMs' | 'maxSessionTimeoutMs' | 'snapRetainCount'>;

/** The checks parseProperties makes after its key loop, in its order. */
function checkBasics(settings: StaticSettings, warnings: string[]): Basics {
  checkSasl(settings);
  let snapRetainCount = settings['autopurge.snapRetainCount'] ?? 3;
  if (snapRetainCount < 3) {
    warnings.push(`Invalid autopurge.snapRetainCount: ${snapRetainCount}. Defaulting to 3`);
    snapRetainCount = 3;
  }
  const { dataDir } = settings;
  if (dataDir === undefined) throw configError(ConfigErrorCode.missing, 'dataDir is not set');
  const clientAddress = staticAddress(settings.clientPort ?? 0, settings.clientPortAddress, 'clientPort');
  const secureClientAddress = staticAddress(
    settings.secureClientPort ?? 0,
    settings.secureClientPortAddress,
    'secureClientPort',
  );
  const tickTimeMs = settings.tickTime ?? 3000;
  if (tickTimeMs === 0) throw configError(ConfigErrorCode.missing, 'tickTime is not set');
  const minSessionTimeoutMs = orDefault(settings.minSessionTimeout, tickTimeMs * 2);
  const maxSessionTimeoutMs = orDefault(settings.maxSessionTimeout, tickTimeMs * 20);
  if (minSessionTimeoutMs > maxSessionTimeoutMs) {
    throw configError(ConfigErrorCode.badValue, 'minSessionTimeout must not be larger than maxSessionTimeout');
  }
  return {
    tickTimeMs,
    dataDir,
    dataLogDir: settings.dataLogDir ?? dataDir,
    clientAddress,
    secureClientAddress,
    clientPortListenBacklog: settings.clientPortListenBacklog ?? -1,
    maxClientCnxns: settings.maxClientCnxns ?? 60,
    minSessionTimeoutMs,
    maxSessionTimeoutMs,
    snapRetainCount,
  };
}

const orDefault = (value: number | undefined, fallback: number): number =>
  value === undefined || value === -1 ? fallback : value;

function checkSasl(settings: StaticSettings): void {
  const enabled = settings['quorum.auth.enableSasl'] ?? false;
  const serverRequired = settings['quorum.auth.serverRequireSasl'] ?? false;
  const learnerRequired = settings['quorum.auth.learnerRequireSasl'] ?? false;
  const refuse = (off: string, on: string): never => {
    throw configError(ConfigErrorCode.badValue, `${off} is disabled, so cannot enable ${on}`);
  };
  if (!enabled && serverRequired) refuse('quorum.auth.enableSasl', 'quorum.auth.serverRequireSasl');
  if (!enabled && learnerRequired) refuse('quorum.auth.enableSasl', 'quorum.auth.learnerRequireSasl');
  if (!learnerRequired && serverRequired) refuse('quorum.auth.learnerRequireSasl', 'quorum.auth.serverRequireSasl');
}

function staticAddress(port: number, host: string | undefined, portKey: string): HostPort | undefined {
  if (port === 0) {
    if (host !== undefined) throw configError(ConfigErrorCode.missing, `${portKey}Address is set but ${portKey} is not set`);
    return undefined;
  }
  if (port < 0 || port > 0xffff) throw configError(ConfigErrorCode.badValue, `port out of range:${port}`);
  return { host: host ?? '0.0.0.0', port };
}

/** parseDynamicConfig's participant/observer count rules. */
function checkMembers(view: QuorumView, standaloneEnabled: boolean, warnings: string[]): void {
  const participants = votingMembers(view).length;
  const observers = observingMembers(view).length;
  const refuse = (reason: string): never => {
    throw configError(ConfigErrorCode.badQuorum, reason);
  };
  if (participants === 0) {
    if (!standaloneEnabled) refuse('standaloneEnabled = false then number of participants should be >0');
    if (observers > 0) refuse('Observers w/o participants is an invalid configuration');
  } else if (participants === 1 && standaloneEnabled) {
    warnings.push('Invalid configuration, only one server specified (ignoring)');
    if (observers > 0) refuse('Observers w/o quorum is an invalid configuration');
  } else if (participants <= 2) {
    warnings.push('No server failure will be tolerated. You need at least 3 servers.');
  } else if (participants % 2 === 0) {
    warnings.push('Non-optimal configuration, consider an odd number of servers.');
  }
}

function ownType(view: QuorumView, myid: bigint | undefined, settings: StaticSettings, warnings: string[]): LearnerType {
  const configured = (settings.peerType ?? 'participant').toLowerCase() === 'observer' ? 'observer' : 'participant';
  const fromList = myid !== undefined && view.servers.get(myid)?.type === LearnerType.observer ? 'observer' : 'participant';
  if (fromList !== configured) {
    warnings.push(
      `Peer type from servers list (${fromList.toUpperCase()}) doesn't match peerType (${configured.toUpperCase()}). ` +
        'Defaulting to servers list.',
    );
  }
  return fromList;
}

function checkValidity(mode: PeerMode, settings: StaticSettings, myid: bigint | undefined, view: QuorumView): void {
  if (mode !== PeerMode.distributed) return;
  if ((settings.initLimit ?? 0) === 0) throw configError(ConfigErrorCode.missing, 'initLimit is not set');
  if ((settings.syncLimit ?? 0) === 0) throw configError(ConfigErrorCode.missing, 'syncLimit is not set');
  if (myid === undefined) throw configError(ConfigErrorCode.missing, 'myid file is missing');
  // QuorumPeer.start refuses this right after parsing; same effect for an operator.
  if (!view.servers.has(myid)) throw configError(ConfigErrorCode.badQuorum, `My id ${myid} not in the peer list`);
}

/** Values read from JVM properties by the election and connection manager classes. */
function electionTuning(systemProperties: ReadonlyMap<string, string>): Pick<
  PeerConfig,
  'cnxTimeoutMs' | 'electionPortBindRetry' | 'quorumCnxnTimeoutMs' | 'minNotificationIntervalMs' | 'maxNotificationIntervalMs'
> {
  const cnxTimeoutText = systemProperties.get('zookeeper.cnxTimeout');
  const cnxTimeoutMs = cnxTimeoutText === undefined ? 5000 : parseIntOrRefuse('cnxTimeout', cnxTimeoutText);
  const bindRetry = decodeJavaIntOr(systemProperties.get('zookeeper.electionPortBindRetry'), 3);
  return {
    cnxTimeoutMs,
    electionPortBindRetry: bindRetry >= 0 ? bindRetry : 3,
    quorumCnxnTimeoutMs: decodeJavaIntOr(systemProperties.get('zookeeper.quorumCnxnTimeoutMs'), -1),
    minNotificationIntervalMs: decodeJavaIntOr(systemProperties.get('zookeeper.fastleader.minNotificationInterval'), 200),
    maxNotificationIntervalMs: decodeJavaIntOr(systemProperties.get('zookeeper.fastleader.maxNotificationInterval'), 60_000),
  };
}

function parseIntOrRefuse(key: string, text: string): number {
  try {
    return parseJavaInt(text);
  } catch (error) {
    if (!(error instanceof JavaNumberFormatError)) throw error;
    // ZooKeeper's connection manager dies at start-up on this value; refuse it while parsing instead.
    throw configError(ConfigErrorCode.badNumber, `${key}: ${error.message}`, error);
  }
}
