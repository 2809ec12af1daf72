// Leaving the election: the final role, the stored vote, and what a peer that is not LOOKING answers (fle.md §4, §8.4).
import { roleFor } from './electionRules.js';
import { Phase, ServerState, TimerName, type ElectionContext, type ElectionEffect, type ElectionState, type StepResult,
  type Vote } from './types.js';

/** setPeerState + leaveInstance: the vote becomes the peer's currentVote and the loop stops. */
export function becomeDecided(ctx: ElectionContext, state: ElectionState, end: Vote, logicalClock = state.logicalClock,
  prior: readonly ElectionEffect[] = []): StepResult {
  const role = roleFor(ctx, end.leader);
  const next: ElectionState = {
    ...state,
    phase: Phase.decided,
    logicalClock,
    peerState: role,
    currentVote: end,
    recvset: new Map(),
    outOfElection: new Map(),
  };
  const effects: ElectionEffect[] = [
    ...prior,
    { kind: 'cancelTimer', name: TimerName.notification },
    { kind: 'cancelTimer', name: TimerName.finalize },
    { kind: 'decided', vote: end, role },
  ];
  return { state: next, effects };
}

/** A decided peer tells a LOOKING voter what it decided, with the round of that decision. */
export function decidedReply(state: ElectionState, to: bigint): ElectionEffect {
  const { leader, zxid, electionEpoch, peerEpoch } = state.currentVote;
  return { kind: 'send', to, notification: { state: state.peerState, leader, zxid, electionEpoch, peerEpoch } };
}

/** updateElectionVote: after Zab sync the stored vote carries the new epoch; id, zxid and round stay. */
export function updatePeerEpoch(state: ElectionState, peerEpoch: bigint): StepResult {
  return { state: { ...state, currentVote: { ...state.currentVote, peerEpoch } }, effects: [] };
}

export function isLooking(state: ElectionState): boolean {
  return state.peerState === ServerState.LOOKING;
}
