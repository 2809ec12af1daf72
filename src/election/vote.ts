// Vote ordering and equality (fle.md §6, §7.1): peerEpoch, then zxid, then sid; zero-weight candidates never win;
// equality of decided votes depends on whether both sides know the sender's format version.
import { weightOf, type QuorumVerifier } from './quorumVerifier.js';
import { ServerState, type Proposal, type Vote } from './types.js';

/** totalOrderPredicate: does the candidate `next` beat `current` under the committed verifier? */
export function newBeatsCurrent(qv: QuorumVerifier, next: Proposal, current: Proposal): boolean {
  if (weightOf(qv, next.leader) === 0n) return false;
  if (next.peerEpoch !== current.peerEpoch) return next.peerEpoch > current.peerEpoch;
  if (next.zxid !== current.zxid) return next.zxid > current.zxid;
  return next.leader > current.leader;
}

/** Vote.equals. */
export function votesEqual(a: Vote, b: Vote): boolean {
  if (a.state === ServerState.LOOKING || b.state === ServerState.LOOKING) {
    return a.leader === b.leader && a.zxid === b.zxid && a.electionEpoch === b.electionEpoch && a.peerEpoch === b.peerEpoch;
  }
  if (a.version > 0 !== b.version > 0) return a.leader === b.leader;
  return a.leader === b.leader && a.peerEpoch === b.peerEpoch;
}

export function makeVote(fields: Partial<Vote> & Pick<Vote, 'leader' | 'zxid' | 'electionEpoch' | 'peerEpoch'>): Vote {
  const { version = 0, state = ServerState.LOOKING, leader, zxid, electionEpoch, peerEpoch } = fields;
  return { version, leader, zxid, electionEpoch, peerEpoch, state };
}

export function epochOfZxid(zxid: bigint): bigint {
  return zxid >> 32n;
}

export function makeZxid(epoch: bigint, counter: bigint): bigint {
  return BigInt.asIntN(64, (epoch << 32n) | (counter & 0xffffffffn));
}
