// The election reducer: step(ctx, state, event) -> { state, effects }. Pure: no rxjs, no clocks; the shell turns
// effects into sends and timers and feeds timer firings and received notifications back as events.
import { armNotificationTimer, broadcastProposal, initialProposal } from './electionRules.js';
import { receiveNotification } from './receiveNotification.js';
import { updatePeerEpoch } from './stepDecided.js';
import { finalizeElapsed, notificationTimeout, stepFinalizing, stepLoop } from './stepLooking.js';
import { Phase, ServerState, TimerName, type ElectionContext, type ElectionEffect, type ElectionEvent, type ElectionState,
  type Notification, type StepResult } from './types.js';

export interface InitialVoteConfig {
  readonly lastLoggedZxid: bigint;
  readonly currentEpoch: bigint;
}

/** A peer before its first election: stored vote (myid, lastLoggedZxid, currentEpoch) with round -1. */
export function initialElectionState(ctx: ElectionContext, config: InitialVoteConfig): ElectionState {
  const proposal = initialProposal(ctx, config.lastLoggedZxid, config.currentEpoch);
  return {
    phase: Phase.idle,
    logicalClock: 0n,
    proposal,
    initial: proposal,
    recvset: new Map(),
    outOfElection: new Map(),
    notTimeoutMs: ctx.minNotificationIntervalMs,
    currentVote: { version: 0, leader: ctx.sid, zxid: config.lastLoggedZxid, electionEpoch: -1n,
      peerEpoch: config.currentEpoch, state: ServerState.LOOKING },
    peerState: ServerState.LOOKING,
    pending: [],
  };
}

/** Bound on notifications held for an election that has not started yet. */
export const pendingNotificationsMax = 100;

const unchanged = (state: ElectionState, text: string): StepResult => ({ state, effects: [{ kind: 'note', text }] });

export function step(ctx: ElectionContext, state: ElectionState, event: ElectionEvent): StepResult {
  switch (event.kind) {
    case 'start':
      return startLooking(ctx, state, event.lastLoggedZxid, event.currentEpoch);
    case 'notification':
      return stepNotification(ctx, state, event.notification);
    case 'timerFired':
      return stepTimer(ctx, state, event.name, event.haveDelivered);
    case 'peerEpochUpdated':
      return updatePeerEpoch(state, event.peerEpoch);
    case 'stop':
      return stopElection(state);
  }
}

/** lookForLeader() entry: next round, vote for ourselves, tell every voter. */
function startLooking(ctx: ElectionContext, state: ElectionState, lastLoggedZxid: bigint, currentEpoch: bigint): StepResult {
  if (state.phase === Phase.looking || state.phase === Phase.finalizing) return unchanged(state, 'ignored: already looking');
  const initial = initialProposal(ctx, lastLoggedZxid, currentEpoch);
  const next: ElectionState = {
    ...state,
    phase: Phase.looking,
    logicalClock: state.logicalClock + 1n,
    proposal: initial,
    initial,
    recvset: new Map(),
    outOfElection: new Map(),
    notTimeoutMs: ctx.minNotificationIntervalMs,
    peerState: ServerState.LOOKING,
    pending: [],
  };
  let result: StepResult = { state: next, effects: [broadcastProposal(ctx, next), armNotificationTimer(next)] };
  for (const n of state.pending) {
    const looped = loopStep(ctx, result.state, n);
    result = { state: looped.state, effects: [...result.effects, ...looped.effects] };
  }
  return result;
}

function stepNotification(ctx: ElectionContext, state: ElectionState, n: Notification): StepResult {
  if (state.phase === Phase.stopped) return unchanged(state, 'ignored: election stopped');
  const reception = receiveNotification(ctx, state, n);
  if (reception.shutdownReason !== undefined) {
    const stopped = stopElection(state);
    return { state: stopped.state, effects: [...stopped.effects, { kind: 'shutdown', reason: reception.shutdownReason }] };
  }
  if (reception.hold === true) {
    // One held vote per sid (the newest), bounded; replayed by startLooking, cleared by it and by stop.
    const pending = [...state.pending.filter((p) => p.sid !== n.sid), n].slice(-pendingNotificationsMax);
    return { state: { ...state, pending }, effects: reception.effects };
  }
  if (!reception.forward) return { state, effects: reception.effects };
  const looped = loopStep(ctx, state, n);
  return { state: looped.state, effects: [...reception.effects, ...looped.effects] };
}

function loopStep(ctx: ElectionContext, state: ElectionState, n: Notification): StepResult {
  if (state.phase === Phase.looking) return stepLoop(ctx, state, n);
  if (state.phase === Phase.finalizing) return stepFinalizing(ctx, state, n);
  if (state.phase === Phase.idle) {
    const pending = [...state.pending, n].slice(-pendingNotificationsMax);
    return { state: { ...state, pending }, effects: [{ kind: 'note', text: 'queued until the election starts' }] };
  }
  return unchanged(state, `ignored: ${state.phase}, not in an election`);
}

function stepTimer(ctx: ElectionContext, state: ElectionState, name: TimerName, haveDelivered: boolean): StepResult {
  if (name === TimerName.notification && state.phase === Phase.looking) return notificationTimeout(ctx, state, haveDelivered);
  if (name === TimerName.finalize && state.phase === Phase.finalizing) return finalizeElapsed(ctx, state);
  return unchanged(state, `ignored: stale ${name} timer`);
}

function stopElection(state: ElectionState): StepResult {
  const effects: ElectionEffect[] = [
    { kind: 'cancelTimer', name: TimerName.notification },
    { kind: 'cancelTimer', name: TimerName.finalize },
  ];
  return { state: { ...state, phase: Phase.stopped, recvset: new Map(), outOfElection: new Map(), pending: [] }, effects };
}
