// The config text a version-2 notification carries (fle.md §3): render ours, parse a peer's. Parsing is strict like
// ZooKeeper's parseDynamicConfig: unknown keys, bad sids or a bad version are a ConfigError (the caller drops the
// config, not the notification).
import { ConfigError } from '../errors.js';
import { hierarchicalVerifier, majorityVerifier, weightOf, type QuorumMember, type QuorumVerifier } from './quorumVerifier.js';
import { LearnerType } from './types.js';

/** Bounds on what we accept from the network. */
export const configLinesMax = 10_000;

export function renderConfigText(qv: QuorumVerifier): string {
  const lines = [...qv.members.values()].map((m) => `server.${m.sid}=${withRole(m)}`);
  if (qv.hierarchy !== null) {
    for (const [gid, sids] of qv.hierarchy.groups) lines.push(`group.${gid}=${sids.join(':')}`);
    for (const sid of qv.voters) lines.push(`weight.${sid}=${weightOf(qv, sid)}`);
  }
  lines.push(`version=${qv.version.toString(16)}`);
  return lines.join('\n');
}

function withRole(m: QuorumMember): string {
  const semicolon = m.address.indexOf(';');
  if (semicolon < 0) return `${m.address}:${m.type}`;
  return `${m.address.slice(0, semicolon)}:${m.type}${m.address.slice(semicolon)}`;
}

const longPattern = /^-?\d{1,19}$/;

function parseLong(text: string, what: string): bigint {
  const value = longPattern.test(text) ? BigInt(text) : undefined;
  if (value === undefined || value >= 2n ** 63n || value < -(2n ** 63n)) {
    throw new ConfigError('CONFIG_INVALID', `${what} is not a long: ${JSON.stringify(text)}`);
  }
  return value;
}

interface ParsedConfig {
  members: QuorumMember[];
  groups: Map<bigint, bigint[]>;
  weights: Map<bigint, bigint>;
  version: bigint;
  hierarchical: boolean;
}

export function parseConfigText(text: string): QuorumVerifier {
  const lines = text.split(/\r?\n/);
  if (lines.length > configLinesMax) throw new ConfigError('CONFIG_INVALID', `more than ${configLinesMax} lines`);
  const parsed: ParsedConfig = { members: [], groups: new Map(), weights: new Map(), version: 0n, hierarchical: false };
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const eq = line.indexOf('=');
    if (eq < 0) throw new ConfigError('CONFIG_INVALID', `Unrecognised parameter: ${line}`);
    parseEntry(parsed, line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  if (parsed.members.length === 0) throw new ConfigError('CONFIG_INVALID', 'no servers in config');
  const { members, version, groups, weights } = parsed;
  return parsed.hierarchical ? hierarchicalVerifier({ members, version, groups, weights }) : majorityVerifier({ members, version });
}

function parseEntry(parsed: ParsedConfig, key: string, value: string): void {
  if (key === 'version') {
    if (!/^[0-9a-fA-F]{1,16}$/.test(value)) throw new ConfigError('CONFIG_INVALID', `bad version: ${value}`);
    parsed.version = BigInt(`0x${value}`);
  } else if (key.startsWith('server.')) {
    parsed.members.push(parseServer(parseLong(key.slice(7), 'server id'), value));
  } else if (key.startsWith('group.')) {
    parsed.hierarchical = true;
    parsed.groups.set(parseLong(key.slice(6), 'group id'), value.split(':').map((s) => parseLong(s, 'group member')));
  } else if (key.startsWith('weight.')) {
    parsed.hierarchical = true;
    parsed.weights.set(parseLong(key.slice(7), 'weight sid'), parseLong(value, 'weight'));
  } else {
    throw new ConfigError('CONFIG_INVALID', `Unrecognised parameter: ${key}`);
  }
}

function parseServer(sid: bigint, value: string): QuorumMember {
  const semicolon = value.indexOf(';');
  const addresses = semicolon < 0 ? value : value.slice(0, semicolon);
  const client = semicolon < 0 ? '' : value.slice(semicolon);
  const first = addresses.split('|')[0] ?? '';
  const fields = first.startsWith('[') ? first.slice(first.indexOf(']') + 1).split(':').slice(1) : first.split(':').slice(1);
  if (fields.length < 2 || fields.length > 3) throw new ConfigError('CONFIG_INVALID', `bad server address: ${value}`);
  const role = fields.length === 3 ? (fields[2] ?? '').toLowerCase() : LearnerType.participant;
  if (role !== LearnerType.participant && role !== LearnerType.observer) {
    throw new ConfigError('CONFIG_INVALID', `bad server role: ${value}`);
  }
  const address = addresses.split('|').map((a) => a.replace(/:(participant|observer)$/i, '')).join('|') + client;
  return { sid, type: role, address };
}
