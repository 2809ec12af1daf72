// What a peer reports about itself over time (Peer.state$), and its flat form for one structured log line.
import type { ServerState } from '../election/types.js';

export type PeerRole = ServerState;

export interface PeerVote {
  readonly leader: bigint;
  readonly zxid: bigint;
  readonly electionEpoch: bigint;
  readonly peerEpoch: bigint;
}

export interface PeerStatus {
  readonly sid: bigint;
  readonly state: PeerRole;
  /** Our current vote: the proposal while LOOKING, the decided vote after. */
  readonly vote: PeerVote | undefined;
  /** The decided leader; undefined while LOOKING. */
  readonly leader: bigint | undefined;
  readonly electionEpoch: bigint;
  readonly peerEpoch: bigint;
  /** How long the last election took, on the peer's scheduler. */
  readonly lastElectionMs: number | undefined;
  /** Open election connections. */
  readonly connections: number;
  /** The role finished its handshake with the leader (or, as leader, with a quorum): the peer serves. */
  readonly synced: boolean;
  /** Why the peer last went back to LOOKING (leader lost, quorum lost, handshake timeout ...), until it syncs again. */
  readonly lostReason: string | undefined;
}

/** Flat fields for a log line: bigints as decimal strings, absent values as null. */
export function statusLogFields(
  status: Omit<PeerStatus, 'synced' | 'lostReason'> & Partial<Pick<PeerStatus, 'synced' | 'lostReason'>>,
): Record<string, string | number | null> {
  return {
    sid: status.sid.toString(),
    state: status.state,
    leader: status.leader?.toString() ?? null,
    voteLeader: status.vote?.leader.toString() ?? null,
    voteZxid: status.vote?.zxid.toString() ?? null,
    electionEpoch: status.electionEpoch.toString(),
    peerEpoch: status.peerEpoch.toString(),
    lastElectionMs: status.lastElectionMs ?? null,
    connections: status.connections,
    synced: status.synced === true ? 1 : 0,
    lostReason: status.lostReason ?? null,
  };
}

export function sameStatus(a: PeerStatus, b: PeerStatus): boolean {
  const fa = statusLogFields(a);
  const fb = statusLogFields(b);
  return Object.keys(fa).every((key) => fa[key] === fb[key]);
}
