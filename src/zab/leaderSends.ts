// The leader's two handshake messages that phase changes release for many learners at once: LEADERINFO once the
// epoch is fixed, and the sync packets plus NEWLEADER once the epoch is acked.
import { makeZxid } from '../election/vote.js';
import { describeHandler, type LeaderDraft } from './leaderDraft.js';
import { planSync } from './leaderSyncStep.js';
import type { LearnerHandler } from './leaderTypes.js';
import { ZAB_PROTOCOL_VERSION, encodeIntData } from './wire/learnerInfo.js';
import { PacketType } from './wire/packetType.js';
import { quorumPacket } from './wire/quorumPacket.js';

const encoder = new TextEncoder();

export function sendLeaderInfo(draft: LeaderDraft, handler: LearnerHandler): void {
  const zxid = makeZxid(draft.state.epoch, 0n);
  draft.send(handler.connId, quorumPacket(PacketType.leaderInfo, zxid, encodeIntData(ZAB_PROTOCOL_VERSION)));
  draft.advance(handler, 'awaitingAckEpoch');
}

/** Sync packets then NEWLEADER; the learner acks NEWLEADER once it has applied them. */
export function startSync(draft: LeaderDraft, handler: LearnerHandler): void {
  const plan = planSync(draft.ctx.syncSource, handler.lastZxid);
  if (plan.kind === 'refuse') return draft.drop(handler, plan.reason);
  for (const packet of plan.packets) draft.send(handler.connId, packet);
  const newLeader = makeZxid(draft.state.epoch, 0n);
  draft.send(handler.connId, quorumPacket(PacketType.newLeader, newLeader, encoder.encode(draft.ctx.configText)));
  draft.advance(handler, 'awaitingNewLeaderAck');
  draft.note('debug', `learner ${describeHandler(handler)}: ${plan.mode.toUpperCase()} then NEWLEADER`);
}
