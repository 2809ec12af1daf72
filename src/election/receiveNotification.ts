// What ZooKeeper's WorkerReceiver does with a decoded notification before the election loop sees it (fle.md §2.1
// step 5, §4): react to a newer config, answer non-voters, lagging LOOKING rounds and LOOKING peers once decided,
// and decide whether the loop gets the notification at all.
import { isValidVoter, proposalMessage } from './electionRules.js';
import { sameVerifier } from './quorumVerifier.js';
import { decidedReply, isLooking } from './stepDecided.js';
import { ServerState, type ElectionContext, type ElectionEffect, type ElectionState, type Notification } from './types.js';

export interface Reception {
  readonly effects: readonly ElectionEffect[];
  /** Hand the notification to the lookForLeader loop. */
  readonly forward: boolean;
  /** A newer, different config arrived while LOOKING: the election must restart. */
  readonly shutdownReason?: string;
  /** Keep it for our next lookForLeader: a LOOKING peer in a newer round than ours while we are decided. */
  readonly hold?: boolean;
}

export function receiveNotification(ctx: ElectionContext, state: ElectionState, n: Notification): Reception {
  const newerConfig = n.config?.verifier;
  if (newerConfig && newerConfig.version > ctx.verifier.version && isLooking(state) && !sameVerifier(newerConfig, ctx.verifier)) {
    return { effects: [], forward: false, shutdownReason: `config version ${newerConfig.version.toString(16)} from ${n.sid}` };
  }
  if (!isValidVoter(ctx, n.sid)) return { effects: [nonVoterReply(state, n.sid)], forward: false };
  if (!isLooking(state)) {
    if (n.state !== ServerState.LOOKING) return { effects: [], forward: false };
    // ZooKeeper answers and drops it. We answer and also keep it: a peer in a newer round usually means our leader
    // is gone and we will be LOOKING in a moment, and this vote is what we would otherwise wait a whole notification
    // timeout for (the sender does not repeat it to a same-round peer). Replaying it at our next start is the same
    // as the message arriving a little later, which the algorithm must allow anyway.
    return { effects: [decidedReply(state, n.sid)], forward: false, hold: n.electionEpoch > state.logicalClock };
  }
  const lagging = n.state === ServerState.LOOKING && n.electionEpoch < state.logicalClock;
  return { effects: lagging ? [{ kind: 'send', to: n.sid, notification: proposalMessage(state) }] : [], forward: true };
}

/** Observers and unknown sids learn our stored vote with our current round and state. */
function nonVoterReply(state: ElectionState, to: bigint): ElectionEffect {
  const { leader, zxid, peerEpoch } = state.currentVote;
  return { kind: 'send', to, notification: { state: state.peerState, leader, zxid, electionEpoch: state.logicalClock, peerEpoch } };
}
