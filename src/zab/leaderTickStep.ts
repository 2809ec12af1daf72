// Time on the leader: every half tick, learners silent past their read limit are dropped and a handshake wait that
// ran out gives up; once running, every second half tick is a tick whose quorum check can abdicate, and every half
// tick pings the learners (Leader.lead's loop, quorum-config.md §9.4).
import { makeZxid } from '../election/vote.js';
import type { LeaderDraft } from './leaderDraft.js';
import type { HandlerStage, LeaderPhase } from './leaderTypes.js';
import { LostReason } from './types.js';
import { PacketType } from './wire/packetType.js';
import { quorumPacket } from './wire/quorumPacket.js';

/** Stages in which the handler is reading from the learner (its socket timeout applies). */
const readingStages: ReadonlySet<HandlerStage> = new Set<HandlerStage>(
  ['awaitingInfo', 'awaitingAckEpoch', 'awaitingNewLeaderAck', 'awaitingUptodateAck', 'synced']);
const pingedStages: ReadonlySet<HandlerStage> = new Set<HandlerStage>(
  ['awaitingNewLeaderAck', 'awaitingUptodateAck', 'synced']);

const waitNames: Partial<Record<LeaderPhase, string>> = {
  discovering: 'Timeout while waiting for epoch from quorum',
  persistingAccepted: 'Timeout while writing acceptedEpoch',
  awaitingEpochAcks: 'Timeout while waiting for epoch to be acked by quorum',
  awaitingNewLeaderAcks: 'Timeout while waiting for NEWLEADER to be acked by quorum (or for our currentEpoch write)',
};

export function onHalfTick(draft: LeaderDraft): void {
  draft.state.halfTicks += 1;
  expireSilentLearners(draft);
  if (draft.phase !== 'running') {
    if (draft.state.halfTicks >= draft.state.stageDeadlineHalfTick) {
      draft.lose(LostReason.handshakeTimeout, `${waitNames[draft.phase] ?? draft.phase} (initLimit ${draft.ctx.initLimit})`);
    }
    return;
  }
  draft.state.runningHalfTicks += 1;
  if (draft.state.runningHalfTicks % 2 === 0 && !tickKeepsQuorum(draft)) return;
  const ping = quorumPacket(PacketType.ping, makeZxid(draft.state.epoch, 0n));
  for (const handler of draft.learners.values()) if (pingedStages.has(handler.stage)) draft.send(handler.connId, ping);
}

function expireSilentLearners(draft: LeaderDraft): void {
  const { initLimit, syncLimit } = draft.ctx;
  for (const handler of [...draft.learners.values()]) {
    if (!readingStages.has(handler.stage)) continue;
    const limit = handler.stage === 'awaitingUptodateAck' || handler.stage === 'synced' ? syncLimit : initLimit;
    const silentHalfTicks = draft.state.halfTicks - handler.lastHeardHalfTick;
    if (silentHalfTicks > 2 * limit) draft.drop(handler, `silent for ${silentHalfTicks / 2} ticks (limit ${limit})`);
  }
}

/** One whole tick: the leader stays only while it and the learners heard from lately make a quorum. */
function tickKeepsQuorum(draft: LeaderDraft): boolean {
  draft.state.tick += 1;
  const synced = new Set([draft.ctx.sid]);
  for (const handler of draft.learners.values()) {
    if (handler.participant && handler.sid !== undefined && draft.state.tick <= handler.tickOfNextAckDeadline) {
      synced.add(handler.sid);
    }
  }
  if (draft.hasQuorum(synced)) return true;
  const sids = [...synced].sort((a, b) => (a < b ? -1 : 1)).join(',');
  draft.lose(LostReason.quorumLost, `Not sufficient followers synced, only synced with sids: [ ${sids} ]`);
  return false;
}
