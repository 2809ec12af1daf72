// The leader's pure reducer (Leader.lead plus the epoch/ack waits its LearnerHandlers share): discover the new epoch
// from a quorum of FOLLOWERINFOs, get it acked, write the epoch files, sync each learner and, once running, ping
// every half tick and abdicate when a quorum has been silent for syncLimit ticks. Time arrives as halfTick events.
import { makeZxid } from '../election/vote.js';
import { LeaderDraft } from './leaderDraft.js';
import { onLeaderPacket } from './leaderHandshakeStep.js';
import { sendLeaderInfo } from './leaderSends.js';
import { checkConnectingQuorum, checkEpochAckQuorum, checkNewLeaderQuorum } from './leaderQuorumStep.js';
import { onHalfTick } from './leaderTickStep.js';
import { LostReason } from './types.js';
import type { LeaderContext, LeaderEvent, LeaderResult, LeaderState } from './leaderTypes.js';

export function initialLeaderState(epochs: { acceptedEpoch: bigint; currentEpoch: bigint }): LeaderState {
  return {
    phase: 'discovering', halfTicks: 0, runningHalfTicks: 0, tick: 0, stageDeadlineHalfTick: 0,
    acceptedEpoch: epochs.acceptedEpoch, currentEpoch: epochs.currentEpoch, epoch: epochs.acceptedEpoch + 1n,
    connecting: new Set(), epochAcks: new Set(), newLeaderAcks: new Set(), learners: new Map(),
  };
}

export function leaderStep(ctx: LeaderContext, state: LeaderState, event: LeaderEvent): LeaderResult {
  if (state.phase === 'lost') return { state, effects: [] };
  const draft = new LeaderDraft(ctx, state);
  switch (event.kind) {
    case 'start': start(draft); break;
    case 'listening': draft.emit({ kind: 'listening', host: event.host, port: event.port }); break;
    case 'listenFailed': draft.lose(LostReason.listenFailed, event.detail); break;
    case 'connected': connected(draft, event.connId); break;
    case 'packet': onLeaderPacket(draft, event.connId, event.packet); break;
    case 'disconnected': disconnected(draft, event.connId, event.detail); break;
    case 'halfTick': onHalfTick(draft); break;
    case 'persisted': persisted(draft, event.file, event.epoch); break;
    case 'persistFailed': draft.lose(LostReason.epochWriteFailed, `writing ${event.file} ${event.epoch}: ${event.detail}`);
  }
  return draft.result();
}

function start(draft: LeaderDraft): void {
  draft.state.connecting = new Set([draft.ctx.sid]);
  draft.restartStageDeadline();
  checkConnectingQuorum(draft);
}

function connected(draft: LeaderDraft, connId: number): void {
  const { halfTicks, tick } = draft.state;
  const { initLimit, syncLimit } = draft.ctx;
  draft.learners.set(connId, { connId, stage: 'awaitingInfo', sid: undefined, participant: false, lastZxid: -1n,
    lastHeardHalfTick: halfTicks, tickOfNextAckDeadline: tick + initLimit + syncLimit });
  draft.note('debug', `learner connection #${connId} opened`);
}

function disconnected(draft: LeaderDraft, connId: number, detail: string): void {
  const handler = draft.learners.get(connId);
  if (handler === undefined) return;
  draft.learners.delete(connId);
  draft.note('info', `learner ${handler.sid ?? `#${connId}`} disconnected: ${detail}`);
}

function persisted(draft: LeaderDraft, file: 'acceptedEpoch' | 'currentEpoch', epoch: bigint): void {
  const self = new Set([draft.ctx.sid]);
  if (file === 'acceptedEpoch' && draft.phase === 'persistingAccepted') {
    draft.state.acceptedEpoch = epoch;
    draft.state.epochAcks = self;
    draft.enter('awaitingEpochAcks');
    draft.restartStageDeadline();
    for (const handler of draft.handlersIn('awaitingEpoch')) sendLeaderInfo(draft, handler);
    checkEpochAckQuorum(draft);
  } else if (file === 'currentEpoch' && draft.phase === 'awaitingNewLeaderAcks' && draft.state.currentEpoch !== epoch) {
    draft.state.currentEpoch = epoch;
    draft.state.newLeaderAcks = new Set([...draft.state.newLeaderAcks, draft.ctx.sid]);
    draft.emit({ kind: 'established', epoch });
    draft.note('info', `epoch ${epoch} established, leader zxid 0x${makeZxid(epoch, 0n).toString(16)}`);
    checkNewLeaderQuorum(draft);
  }
}
