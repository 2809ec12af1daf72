// The lookForLeader loop while LOOKING (fle.md §8): new/old/same round votes, FOLLOWING/LEADING votes with the
// out-of-election path, the finalize wait and the doubling notification timeout. Pure: timers are effects.
import { armNotificationTimer, broadcastProposal, checkLeader, isValidVoter, lookingVote, verifiersOf, withVote }
  from './electionRules.js';
import { becomeDecided } from './stepDecided.js';
import { newBeatsCurrent } from './vote.js';
import { hasAllQuorums, trackVotes } from './voteTracker.js';
import { Phase, ServerState, TimerName, type ElectionContext, type ElectionEffect, type ElectionState, type Notification,
  type Proposal, type StepResult, type Vote } from './types.js';

const note = (text: string): ElectionEffect => ({ kind: 'note', text });

const keepPolling = (state: ElectionState, effects: ElectionEffect[] = []): StepResult =>
  ({ state, effects: [...effects, armNotificationTimer(state)] });

function proposalOf(n: Notification): Proposal {
  return { leader: n.leader, zxid: n.zxid, peerEpoch: n.peerEpoch };
}

/** One notification taken from the queue by the main loop. */
export function stepLoop(ctx: ElectionContext, state: ElectionState, n: Notification): StepResult {
  if (!isValidVoter(ctx, n.sid) || !isValidVoter(ctx, n.leader)) {
    return keepPolling(state, [note(`ignored: sid ${n.sid} or leader ${n.leader} is not a voter`)]);
  }
  switch (n.state) {
    case ServerState.LOOKING:
      return handleLooking(ctx, state, n);
    case ServerState.OBSERVING:
      return keepPolling(state, [note('ignored: OBSERVING notification')]);
    default:
      return receivedDecidedVote(ctx, state, n);
  }
}

function handleLooking(ctx: ElectionContext, state: ElectionState, n: Notification): StepResult {
  if (state.initial.zxid === -1n || n.zxid === -1n) return keepPolling(state, [note('ignored: zxid -1')]);
  const effects: ElectionEffect[] = [];
  let next = state;
  if (n.electionEpoch > state.logicalClock) {
    const proposal = newBeatsCurrent(ctx.verifier, proposalOf(n), state.initial) ? proposalOf(n) : state.initial;
    next = { ...state, logicalClock: n.electionEpoch, recvset: new Map(), proposal };
    effects.push(broadcastProposal(ctx, next));
  } else if (n.electionEpoch < state.logicalClock) {
    return keepPolling(state, [note(`ignored: old round ${n.electionEpoch}`)]);
  } else if (newBeatsCurrent(ctx.verifier, proposalOf(n), state.proposal)) {
    next = { ...state, proposal: proposalOf(n) };
    effects.push(broadcastProposal(ctx, next));
  }
  const recvset = withVote(next.recvset, n.sid, lookingVote(proposalOf(n), n.electionEpoch));
  next = { ...next, recvset };
  const tracker = trackVotes(verifiersOf(ctx), recvset, lookingVote(next.proposal, next.logicalClock));
  if (!hasAllQuorums(tracker)) return keepPolling(next, effects);
  return beginFinalize(ctx, next, effects);
}

function beginFinalize(ctx: ElectionContext, state: ElectionState, effects: ElectionEffect[]): StepResult {
  return {
    state: { ...state, phase: Phase.finalizing },
    effects: [...effects, { kind: 'cancelTimer', name: TimerName.notification },
      { kind: 'armTimer', name: TimerName.finalize, delayMs: ctx.finalizeWaitMs }],
  };
}

/** FOLLOWING or LEADING: same-round votes first, then the out-of-election set of any round. */
function receivedDecidedVote(ctx: ElectionContext, state: ElectionState, n: Notification): StepResult {
  const sent: Vote = { version: n.version, leader: n.leader, zxid: n.zxid, electionEpoch: n.electionEpoch,
    peerEpoch: n.peerEpoch, state: n.state };
  const end = lookingVote(proposalOf(n), n.electionEpoch);
  let next = state;
  if (n.electionEpoch === state.logicalClock) {
    const recvset = withVote(state.recvset, n.sid, { ...sent, version: 0 });
    next = { ...state, recvset };
    if (hasAllQuorums(trackVotes(verifiersOf(ctx), recvset, sent)) && checkLeader(ctx, next, recvset, n.leader, n.electionEpoch)) {
      return becomeDecided(ctx, next, end);
    }
  }
  const outOfElection = withVote(next.outOfElection, n.sid, sent);
  next = { ...next, outOfElection };
  if (hasAllQuorums(trackVotes(verifiersOf(ctx), outOfElection, sent))
    && checkLeader(ctx, next, outOfElection, n.leader, n.electionEpoch)) {
    return becomeDecided(ctx, next, end, n.electionEpoch);
  }
  return keepPolling(next);
}

/** A notification during the finalize wait: a better vote resumes the loop with it, anything else is discarded. */
export function stepFinalizing(ctx: ElectionContext, state: ElectionState, n: Notification): StepResult {
  const finalize: ElectionEffect = { kind: 'armTimer', name: TimerName.finalize, delayMs: ctx.finalizeWaitMs };
  if (!newBeatsCurrent(ctx.verifier, proposalOf(n), state.proposal)) {
    return { state, effects: [note(`discarded during finalize wait: from ${n.sid}`), finalize] };
  }
  const resumed = stepLoop(ctx, { ...state, phase: Phase.looking }, n);
  return { state: resumed.state, effects: [{ kind: 'cancelTimer', name: TimerName.finalize }, ...resumed.effects] };
}

export function finalizeElapsed(ctx: ElectionContext, state: ElectionState): StepResult {
  return becomeDecided(ctx, state, lookingVote(state.proposal, state.logicalClock));
}

/** poll() returned nothing: resend if the transport delivered something, else reconnect; then double the wait. */
export function notificationTimeout(ctx: ElectionContext, state: ElectionState, haveDelivered: boolean): StepResult {
  const notTimeoutMs = Math.min(2 * state.notTimeoutMs, ctx.maxNotificationIntervalMs);
  const next = { ...state, notTimeoutMs };
  const action: ElectionEffect = haveDelivered ? broadcastProposal(ctx, state) : { kind: 'connectAll' };
  return keepPolling(next, [action]);
}
