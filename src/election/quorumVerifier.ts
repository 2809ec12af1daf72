// Quorum verifiers (quorum-config.md §5): who votes, how much each vote weighs, and whether a set of acks is a
// quorum. QuorumMaj counts heads; QuorumHierarchical needs a majority of weight in a majority of non-empty groups.
import { ConfigError } from '../errors.js';
import { LearnerType } from './types.js';

export interface QuorumMember {
  readonly sid: bigint;
  readonly type: LearnerType;
  /** The server spec as printed in config text, without the role: `host:quorumPort:electionPort[;client]`. */
  readonly address: string;
}

export interface Hierarchy {
  /** gid -> member sids. */
  readonly groups: ReadonlyMap<bigint, readonly bigint[]>;
  /** sid -> weight; participants without an entry weigh 1. */
  readonly weights: ReadonlyMap<bigint, bigint>;
}

export interface QuorumVerifier {
  readonly kind: 'majority' | 'hierarchical';
  readonly version: bigint;
  readonly members: ReadonlyMap<bigint, QuorumMember>;
  /** Participants, ascending. */
  readonly voters: readonly bigint[];
  readonly hierarchy: Hierarchy | null;
}

export interface MajorityConfig {
  readonly members: readonly QuorumMember[];
  readonly version?: bigint;
}

export interface HierarchicalConfig extends MajorityConfig {
  readonly groups: ReadonlyMap<bigint, readonly bigint[]>;
  readonly weights?: ReadonlyMap<bigint, bigint>;
}

const bySid = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function memberMap(members: readonly QuorumMember[]): Map<bigint, QuorumMember> {
  return new Map([...members].sort((a, b) => bySid(a.sid, b.sid)).map((m) => [m.sid, m]));
}

function votersOf(members: ReadonlyMap<bigint, QuorumMember>): bigint[] {
  return [...members.values()].filter((m) => m.type === LearnerType.participant).map((m) => m.sid);
}

export function majorityVerifier(config: MajorityConfig): QuorumVerifier {
  const { members, version = 0n } = config;
  const map = memberMap(members);
  return { kind: 'majority', version, members: map, voters: votersOf(map), hierarchy: null };
}

export function hierarchicalVerifier(config: HierarchicalConfig): QuorumVerifier {
  const { members, version = 0n, groups, weights = new Map<bigint, bigint>() } = config;
  const map = memberMap(members);
  const groupOf = new Map<bigint, bigint>();
  for (const [gid, sids] of groups) {
    for (const sid of sids) {
      if (groupOf.has(sid)) throw new ConfigError('CONFIG_INVALID', `Server ${sid} is in multiple groups`);
      groupOf.set(sid, gid);
    }
  }
  const voters = votersOf(map);
  for (const sid of voters) {
    if (!groupOf.has(sid)) throw new ConfigError('CONFIG_INVALID', `Server ${sid} is not in a group`);
  }
  return { kind: 'hierarchical', version, members: map, voters, hierarchy: { groups, weights } };
}

export function isVoter(qv: QuorumVerifier, sid: bigint): boolean {
  return qv.members.get(sid)?.type === LearnerType.participant;
}

/** A vote's weight; 0 for anyone who is not a participant (ZooKeeper would throw, only voters get here). */
export function weightOf(qv: QuorumVerifier, sid: bigint): bigint {
  if (!isVoter(qv, sid)) return 0n;
  return qv.hierarchy?.weights.get(sid) ?? 1n;
}

export function containsQuorum(qv: QuorumVerifier, acks: ReadonlySet<bigint>): boolean {
  if (qv.hierarchy === null) {
    let count = 0;
    for (const sid of acks) if (isVoter(qv, sid)) count += 1;
    return count > Math.floor(qv.voters.length / 2);
  }
  return hierarchicalQuorum(qv, qv.hierarchy, acks);
}

function hierarchicalQuorum(qv: QuorumVerifier, hierarchy: Hierarchy, acks: ReadonlySet<bigint>): boolean {
  if (acks.size === 0) return false;
  let nonEmptyGroups = 0;
  let majorityGroups = 0;
  for (const sids of hierarchy.groups.values()) {
    let total = 0n;
    let acked = 0n;
    for (const sid of sids) {
      const weight = weightOf(qv, sid);
      total += weight;
      if (acks.has(sid)) acked += weight;
    }
    if (total > 0n) nonEmptyGroups += 1;
    if (acked > total / 2n) majorityGroups += 1;
  }
  return majorityGroups > Math.floor(nonEmptyGroups / 2);
}

/** QuorumVerifier.equals: same version, or the same members (addresses and roles) and the same hierarchy. */
export function sameVerifier(a: QuorumVerifier, b: QuorumVerifier): boolean {
  if (a.version === b.version) return true;
  if (a.kind !== b.kind || a.members.size !== b.members.size) return false;
  for (const [sid, m] of a.members) {
    const other = b.members.get(sid);
    if (other === undefined || other.type !== m.type || other.address !== m.address) return false;
  }
  if (a.hierarchy === null || b.hierarchy === null) return true;
  return sameHierarchy(a, b);
}

function sameHierarchy(a: QuorumVerifier, b: QuorumVerifier): boolean {
  for (const sid of a.voters) if (weightOf(a, sid) !== weightOf(b, sid)) return false;
  const groupsA = a.hierarchy?.groups ?? new Map<bigint, readonly bigint[]>();
  const groupsB = b.hierarchy?.groups ?? new Map<bigint, readonly bigint[]>();
  if (groupsA.size !== groupsB.size) return false;
  for (const [gid, sids] of groupsA) {
    const other = groupsB.get(gid);
    if (other === undefined || [...other].sort(bySid).join() !== [...sids].sort(bySid).join()) return false;
  }
  return true;
}

/** getCurrentAndNextConfigVoters: the voters of the committed config and of a newer proposed one. */
export function electionVoters(committed: QuorumVerifier, proposed?: QuorumVerifier): bigint[] {
  const all = new Set(committed.voters);
  if (proposed !== undefined && proposed.version > committed.version) for (const sid of proposed.voters) all.add(sid);
  return [...all].sort(bySid);
}
