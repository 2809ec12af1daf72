// The vote tracker (SyncedLearnerTracker as used by getVoteTracker): which voters back a vote, and a three-valued
// tally per verifier: won (a quorum acks), lost (no quorum even if every silent voter acked), pending otherwise.
import { containsQuorum, isVoter, type QuorumVerifier } from './quorumVerifier.js';
import { votesEqual } from './vote.js';
import type { Vote } from './types.js';

export const Tally = { won: 'won', pending: 'pending', lost: 'lost' } as const;
export type Tally = (typeof Tally)[keyof typeof Tally];

export interface VoteTracker {
  /** Sids whose recorded vote equals the target (voters or not; each verifier filters its own). */
  readonly acks: ReadonlySet<bigint>;
  readonly tallies: readonly Tally[];
}

/** The verifiers that must all see a quorum: the committed one, plus a proposed one with a higher version. */
export function activeVerifiers(committed: QuorumVerifier, proposed?: QuorumVerifier): QuorumVerifier[] {
  return proposed !== undefined && proposed.version > committed.version ? [committed, proposed] : [committed];
}

export function trackVotes(verifiers: readonly QuorumVerifier[], votes: ReadonlyMap<bigint, Vote>, target: Vote): VoteTracker {
  const acks = new Set<bigint>();
  for (const [sid, vote] of votes) if (votesEqual(target, vote)) acks.add(sid);
  return { acks, tallies: verifiers.map((qv) => tallyOf(qv, votes, acks)) };
}

function tallyOf(qv: QuorumVerifier, votes: ReadonlyMap<bigint, Vote>, acks: ReadonlySet<bigint>): Tally {
  if (containsQuorum(qv, acks)) return Tally.won;
  const possible = new Set(acks);
  for (const sid of qv.voters) if (!votes.has(sid) && isVoter(qv, sid)) possible.add(sid);
  return containsQuorum(qv, possible) ? Tally.pending : Tally.lost;
}

/** hasAllQuorums. */
export function hasAllQuorums(tracker: VoteTracker): boolean {
  return tracker.tallies.every((t) => t === Tally.won);
}
