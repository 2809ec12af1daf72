// Small pure helpers shared by the reducer files: who votes, the initial vote, outbound messages, checkLeader.
import { electionVoters, isVoter } from './quorumVerifier.js';
import { activeVerifiers } from './voteTracker.js';
import { LONG_MIN, ServerState, TimerName, type ElectionContext, type ElectionEffect, type ElectionState,
  type OutboundNotification, type Proposal, type Vote } from './types.js';
import type { QuorumVerifier } from './quorumVerifier.js';

export function verifiersOf(ctx: ElectionContext): QuorumVerifier[] {
  return activeVerifiers(ctx.verifier, ctx.proposedVerifier);
}

export function votersOf(ctx: ElectionContext): bigint[] {
  return electionVoters(ctx.verifier, ctx.proposedVerifier);
}

/** validVoter: a voter of the committed or the proposed config. */
export function isValidVoter(ctx: ElectionContext, sid: bigint): boolean {
  return isVoter(ctx.verifier, sid) || (ctx.proposedVerifier !== undefined && isVoter(ctx.proposedVerifier, sid));
}

export function isParticipant(ctx: ElectionContext): boolean {
  return isVoter(ctx.verifier, ctx.sid);
}

/** initId/initZxid/initEpoch: non-voters propose Long.MIN_VALUE for everything. */
export function initialProposal(ctx: ElectionContext, lastLoggedZxid: bigint, currentEpoch: bigint): Proposal {
  if (!isParticipant(ctx)) return { leader: LONG_MIN, zxid: LONG_MIN, peerEpoch: LONG_MIN };
  return { leader: ctx.sid, zxid: lastLoggedZxid, peerEpoch: currentEpoch };
}

export function lookingVote(proposal: Proposal, electionEpoch: bigint): Vote {
  return { version: 0, ...proposal, electionEpoch, state: ServerState.LOOKING };
}

export function proposalMessage(state: ElectionState): OutboundNotification {
  const { leader, zxid, peerEpoch } = state.proposal;
  return { state: ServerState.LOOKING, leader, zxid, electionEpoch: state.logicalClock, peerEpoch };
}

/** sendNotifications(). */
export function broadcastProposal(ctx: ElectionContext, state: ElectionState): ElectionEffect {
  return { kind: 'broadcast', to: votersOf(ctx), notification: proposalMessage(state) };
}

export function armNotificationTimer(state: ElectionState): ElectionEffect {
  return { kind: 'armTimer', name: TimerName.notification, delayMs: state.notTimeoutMs };
}

/** checkLeader: follow someone else only after hearing it say LEADING; lead only on votes of our own round. */
export function checkLeader(ctx: ElectionContext, state: ElectionState, votes: ReadonlyMap<bigint, Vote>,
  leader: bigint, electionEpoch: bigint): boolean {
  if (leader !== ctx.sid) return votes.get(leader)?.state === ServerState.LEADING;
  return state.logicalClock === electionEpoch;
}

export function roleFor(ctx: ElectionContext, leader: bigint): ServerState {
  if (leader === ctx.sid) return ServerState.LEADING;
  return isParticipant(ctx) ? ServerState.FOLLOWING : ServerState.OBSERVING;
}

export function withVote(votes: ReadonlyMap<bigint, Vote>, sid: bigint, vote: Vote): Map<bigint, Vote> {
  const next = new Map(votes);
  next.set(sid, vote);
  return next;
}
