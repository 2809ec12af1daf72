// One `server.N=` line: parsing with ZooKeeper 3.8's rules and error texts (QuorumServer), and printing it back the
// way QuorumServer.toString does, which is what FLE notifications and `conf` carry.
import { ConfigErrorCode, configError } from './configErrors.js';
import { type HostPort, delimitedHost, formatHostPort, normalizeHost } from './hostAddress.js';
import { JavaNumberFormatError, parseJavaInt } from './javaNumbers.js';
import { javaSplit } from './javaSplit.js';
import { configLimits } from './limits.js';

export const LearnerType = { participant: 'participant', observer: 'observer' } as const;
export type LearnerType = (typeof LearnerType)[keyof typeof LearnerType];

export interface QuorumServerSpec {
  readonly sid: bigint;
  /** Zab port addresses (followers connect to the leader here); several when multi-address. */
  readonly quorumAddresses: readonly HostPort[];
  /** FLE port addresses, index-aligned with quorumAddresses. */
  readonly electionAddresses: readonly HostPort[];
  readonly type: LearnerType;
  readonly clientAddress: HostPort | undefined;
  /** True when the client address came from `clientPort`/`clientPortAddress`, which toString leaves out. */
  readonly clientAddressFromStatic: boolean;
}

export interface ParseQuorumServerConfig {
  /** The JVM property zookeeper.multiAddress.enabled (not the zoo.cfg key, see parseZooCfg). */
  readonly multiAddressEnabled?: boolean;
}

const WRONG_FORMAT =
  ' does not have the form server_config or server_config;client_config where server_config is the pipe separated ' +
  'list of host:port:port or host:port:port:type and client_config is port or host:port';

export function parseQuorumServer(sid: bigint, value: string, config: ParseQuorumServerConfig = {}): QuorumServerSpec {
  const { multiAddressEnabled = false } = config;
  const serverClientParts = javaSplit(value, ';');
  const serverAddresses = javaSplit(serverClientParts[0] ?? '', '|');
  const clientAddress = serverClientParts.length === 2 ? parseClientPart(value, serverClientParts[1] ?? '') : undefined;
  if (!multiAddressEnabled && serverAddresses.length > 1) {
    throw configError(
      ConfigErrorCode.badServer,
      `Multiple address feature is disabled, but multiple addresses were specified for sid ${sid}`,
    );
  }
  if (serverAddresses.length > configLimits.addressesPerServerMax) {
    throw configError(ConfigErrorCode.tooLarge, `server.${sid} has more than ${configLimits.addressesPerServerMax} addresses`);
  }
  const quorumAddresses: HostPort[] = [];
  const electionAddresses: HostPort[] = [];
  let type: LearnerType | undefined;
  for (const serverAddress of serverAddresses) {
    const parts = getHostAndPort(serverAddress);
    if (serverClientParts.length > 2 || parts.length < 3 || parts.length > 4) {
      throw configError(ConfigErrorCode.badServer, value + WRONG_FORMAT);
    }
    const [hostText = '', quorumPortText = '', electionPortText = '', typeText] = parts;
    const quorum = socketAddress(hostText, quorumPortText, hostText);
    const election = socketAddress(hostText, electionPortText, hostText);
    if (quorum.port === election.port) {
      throw configError(
        ConfigErrorCode.badServer,
        `Client and election port must be different! Please update the configuration file on server.${sid}`,
      );
    }
    quorumAddresses.push(quorum);
    electionAddresses.push(election);
    if (typeText !== undefined) type = mergeType(type, parseLearnerType(typeText));
  }
  return {
    sid,
    quorumAddresses,
    electionAddresses,
    type: type ?? LearnerType.participant,
    clientAddress,
    clientAddressFromStatic: false,
  };
}

function parseClientPart(value: string, clientPart: string): HostPort {
  const parts = getHostAndPort(clientPart);
  if (parts.length > 2) throw configError(ConfigErrorCode.badServer, value + WRONG_FORMAT);
  const host = parts.length === 2 ? (parts[0] ?? '') : '0.0.0.0';
  // ZooKeeper prints its not-yet-set hostname field here, hence the literal "null".
  return socketAddress(host, parts[parts.length - 1] ?? '', 'null');
}

function socketAddress(host: string, portText: string, hostForMessage: string): HostPort {
  let port: number;
  try {
    port = parseJavaInt(portText);
  } catch (error) {
    if (!(error instanceof JavaNumberFormatError)) throw error;
    throw configError(ConfigErrorCode.badServer, `Address unresolved: ${hostForMessage}:${portText}`, error);
  }
  if (port < 0 || port > 0xffff) throw configError(ConfigErrorCode.badServer, `port out of range:${port}`);
  return { host: normalizeHost(host), port };
}

/** ConfigUtils.getHostAndPort: `[v6]:rest` or plain `a:b:c`. */
export function getHostAndPort(text: string): string[] {
  if (!text.startsWith('[')) return javaSplit(text, ':');
  const close = text.indexOf(']');
  if (close < 0) throw configError(ConfigErrorCode.badServer, `${text} starts with '[' but has no matching ']:'`);
  if (close + 2 === text.length) throw configError(ConfigErrorCode.badServer, `${text} doesn't have a port after colon`);
  if (close + 2 < text.length) return [text.slice(1, close), ...javaSplit(text.slice(close + 2), ':')];
  return [text.replace(/\[|\]/g, '')];
}

function parseLearnerType(text: string): LearnerType {
  const normalized = text.trim().toLowerCase();
  if (normalized === 'observer') return LearnerType.observer;
  if (normalized === 'participant') return LearnerType.participant;
  throw configError(ConfigErrorCode.badServer, `Unrecognised peertype: ${text}`);
}

function mergeType(current: LearnerType | undefined, next: LearnerType): LearnerType {
  if (current === undefined || current === next) return current ?? next;
  // ZooKeeper names its default (PARTICIPANT) on the left, whatever the first address said.
  throw configError(
    ConfigErrorCode.badServer,
    `Multiple addresses should have similar roles: PARTICIPANT vs ${next.toUpperCase()}`,
  );
}

/** QuorumServer.toString: addresses sorted by host, role, and the client address unless it came from clientPort. */
export function formatQuorumServer(server: QuorumServerSpec): string {
  const byHost = (a: HostPort, b: HostPort): number => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0);
  const quorum = [...server.quorumAddresses].sort(byHost);
  const election = [...server.electionAddresses].sort(byHost);
  const addresses = quorum
    .map((address, i) => `${delimitedHost(address.host)}:${address.port}:${election[i]?.port ?? ''}`)
    .join('|');
  const client =
    server.clientAddress !== undefined && !server.clientAddressFromStatic
      ? `;${formatHostPort(server.clientAddress)}`
      : '';
  return `${addresses}:${server.type}${client}`;
}
