// The quorum view of a config (server.N, group.N, weight.N, version): parsed with ZooKeeper 3.8's QuorumMaj /
// QuorumHierarchical rules, and printed back as the config text FLE notifications and `conf` carry.
import { ConfigErrorCode, configError } from './configErrors.js';
import { javaLongHashOrder } from './javaHashOrder.js';
import { JavaNumberFormatError, javaTrim, parseJavaLong } from './javaNumbers.js';
import { configLimits } from './limits.js';
import { type QuorumServerSpec, LearnerType, formatQuorumServer, parseQuorumServer } from './quorumServers.js';

export interface HierarchicalQuorumData {
  /** gid -> member sids, in the order ZooKeeper prints them. */
  readonly groups: ReadonlyMap<bigint, readonly bigint[]>;
  /** sid -> weight; participants without a weight line get 1. */
  readonly weights: ReadonlyMap<bigint, bigint>;
  /** ZooKeeper's numGroups: group.* keys minus groups whose total weight is 0. */
  readonly groupCount: number;
}

export type QuorumSpec =
  | { readonly kind: 'majority' }
  | ({ readonly kind: 'hierarchical' } & HierarchicalQuorumData);

export interface QuorumView {
  readonly servers: ReadonlyMap<bigint, QuorumServerSpec>;
  readonly quorum: QuorumSpec;
  /** Config version (printed as lowercase hex); 0 for a plain zoo.cfg. */
  readonly version: bigint;
}

export interface ParseQuorumViewConfig {
  readonly multiAddressEnabled?: boolean;
}

const bySid = (a: QuorumServerSpec, b: QuorumServerSpec): number => (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0);

/** Participants, by sid. */
export function votingMembers(view: QuorumView): QuorumServerSpec[] {
  return [...view.servers.values()].filter((s) => s.type === LearnerType.participant).sort(bySid);
}

/** Observers, by sid. */
export function observingMembers(view: QuorumView): QuorumServerSpec[] {
  return [...view.servers.values()].filter((s) => s.type === LearnerType.observer).sort(bySid);
}

/** The config text FLE notifications carry for this peer's committed view (fle.md §3). */
export function dynamicConfigText(config: { readonly view: QuorumView }): string {
  return formatQuorumView(config.view);
}

/** Keys and values as Properties.load produced them (untrimmed), in Java's iteration order (javaPropertiesMap). */
export function parseQuorumView(properties: ReadonlyMap<string, string>, config: ParseQuorumViewConfig = {}): QuorumView {
  const isHierarchical = [...properties.keys()].some((k) => /^(group|weight)/.test(javaTrim(k)));
  const servers = new Map<bigint, QuorumServerSpec>();
  const groupSids = new Map<bigint, bigint[]>();
  const serverGroup = new Map<bigint, bigint>();
  const weights = new Map<bigint, bigint>();
  let groupKeyCount = 0;
  let version = 0n;
  for (const [key, value] of properties) {
    if (key.startsWith('server.')) {
      if (servers.size >= configLimits.serversMax) {
        throw configError(ConfigErrorCode.tooLarge, `more than ${configLimits.serversMax} servers`);
      }
      const sid = longOf(key, key.slice(key.indexOf('.') + 1));
      servers.set(sid, parseQuorumServer(sid, value, config));
    } else if (isHierarchical && key.startsWith('group')) {
      groupKeyCount += 1;
      if (groupKeyCount > configLimits.groupsMax) {
        throw configError(ConfigErrorCode.tooLarge, `more than ${configLimits.groupsMax} groups`);
      }
      addGroup(key, value, groupSids, serverGroup);
    } else if (isHierarchical && key.startsWith('weight')) {
      weights.set(longOf(key, key.slice(key.indexOf('.') + 1)), longOf(key, value));
    } else if (key === 'version') {
      version = longOf(key, value, 16);
    }
  }
  if (!isHierarchical) return { servers, quorum: { kind: 'majority' }, version };
  return { servers, quorum: hierarchicalData(servers, groupSids, serverGroup, weights, groupKeyCount), version };
}

function longOf(key: string, text: string, radix: 10 | 16 = 10): bigint {
  try {
    return parseJavaLong(text, radix);
  } catch (error) {
    if (!(error instanceof JavaNumberFormatError)) throw error;
    throw configError(ConfigErrorCode.badNumber, `${key}: ${error.message}`, error);
  }
}

function addGroup(key: string, value: string, groupSids: Map<bigint, bigint[]>, serverGroup: Map<bigint, bigint>): void {
  const gid = longOf(key, key.slice(key.indexOf('.') + 1));
  for (const part of value.split(':')) {
    const sid = longOf(key, part);
    // "is in multiple groups" without a space: ZooKeeper's own text.
    if (serverGroup.has(sid)) throw configError(ConfigErrorCode.badQuorum, `Server ${sid}is in multiple groups`);
    serverGroup.set(sid, gid);
    const members = groupSids.get(gid) ?? [];
    members.push(sid);
    groupSids.set(gid, members);
  }
}

function hierarchicalData(
  servers: ReadonlyMap<bigint, QuorumServerSpec>,
  groupSids: ReadonlyMap<bigint, readonly bigint[]>,
  serverGroup: ReadonlyMap<bigint, bigint>,
  weightLines: ReadonlyMap<bigint, bigint>,
  groupKeyCount: number,
): QuorumSpec {
  const weights = new Map(weightLines);
  for (const sid of javaLongHashOrder([...servers.keys()])) {
    const server = servers.get(sid);
    if (server === undefined || server.type !== LearnerType.participant) continue;
    if (!serverGroup.has(server.sid)) {
      throw configError(ConfigErrorCode.badQuorum, `Server ${server.sid}is not in a group`);
    }
    if (!weights.has(server.sid)) weights.set(server.sid, 1n);
  }
  const groupWeight = new Map<bigint, bigint>();
  for (const [sid, gid] of serverGroup) {
    const weight = weights.get(sid);
    if (weight === undefined) {
      // ZooKeeper 3.8 dies with a NullPointerException here; say what is actually wrong.
      throw configError(ConfigErrorCode.badQuorum, `Server ${sid} is in a group but has no weight (weight.${sid} missing)`);
    }
    groupWeight.set(gid, (groupWeight.get(gid) ?? 0n) + weight);
  }
  const zeroGroups = [...groupWeight.values()].filter((w) => w === 0n).length;
  const groups = new Map<bigint, bigint[]>();
  // Members print in the order of ZooKeeper's sid->gid map, which is sized by all grouped sids together.
  const sidOrder = javaLongHashOrder([...serverGroup.keys()]);
  const gidsInserted = [...new Set(sidOrder.map((sid) => serverGroup.get(sid) ?? 0n))];
  for (const gid of javaLongHashOrder(gidsInserted)) {
    groups.set(gid, sidOrder.filter((sid) => serverGroup.get(sid) === gid));
  }
  return { kind: 'hierarchical', groups, weights, groupCount: groupKeyCount - zeroGroups };
}

/** QuorumMaj/QuorumHierarchical.toString: the config text of FLE notifications (no trailing newline). */
export function formatQuorumView(view: QuorumView): string {
  const lines: string[] = [];
  for (const sid of javaLongHashOrder([...view.servers.keys()])) {
    const server = view.servers.get(sid);
    if (server !== undefined) lines.push(`server.${sid}=${formatQuorumServer(server)}`);
  }
  if (view.quorum.kind === 'hierarchical') {
    for (const [gid, sids] of view.quorum.groups) lines.push(`group.${gid}=${sids.join(':')}`);
    for (const sid of javaLongHashOrder([...view.quorum.weights.keys()])) {
      lines.push(`weight.${sid}=${view.quorum.weights.get(sid) ?? 0n}`);
    }
  }
  lines.push(`version=${BigInt.asUintN(64, view.version).toString(16)}`);
  return lines.join('\n');
}
