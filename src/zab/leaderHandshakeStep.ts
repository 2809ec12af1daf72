// One learner's packets as the leader's handler sees them (LearnerHandler.run): FOLLOWERINFO/OBSERVERINFO, ACKEPOCH,
// the ACK of NEWLEADER, the ACK of UPTODATE, then pings. A packet out of order or that does not decode closes that
// one learner; the leader and the other learners carry on.
import { isVoter } from '../election/quorumVerifier.js';
import { epochOfZxid } from '../election/vote.js';
import { describeHandler, type LeaderDraft } from './leaderDraft.js';
import { checkConnectingQuorum, checkEpochAckQuorum, checkNewLeaderQuorum } from './leaderQuorumStep.js';
import { sendLeaderInfo, startSync } from './leaderSends.js';
import type { LearnerHandler } from './leaderTypes.js';
import { decodeIntData, decodeLearnerInfo } from './wire/learnerInfo.js';
import { PacketType, packetTypeName } from './wire/packetType.js';
import { quorumPacket, type QuorumPacket } from './wire/quorumPacket.js';
import { QuorumPacketError } from './wire/quorumPacketError.js';

export function onLeaderPacket(draft: LeaderDraft, connId: number, packet: QuorumPacket): void {
  const known = draft.learners.get(connId);
  if (known === undefined) return;
  const { halfTicks, tick } = draft.state;
  const running = known.stage === 'awaitingUptodateAck' || known.stage === 'synced';
  const handler = draft.update(known, running
    ? { lastHeardHalfTick: halfTicks, tickOfNextAckDeadline: tick + draft.ctx.syncLimit }
    : { lastHeardHalfTick: halfTicks });
  try {
    dispatch(draft, handler, packet);
  } catch (error) {
    if (!(error instanceof QuorumPacketError)) throw error;
    draft.drop(handler, `bad ${packetTypeName(packet.type)}: ${error.message}`);
  }
}

function dispatch(draft: LeaderDraft, handler: LearnerHandler, packet: QuorumPacket): void {
  const expect = (type: PacketType): boolean => {
    if (packet.type === type) return true;
    draft.drop(handler, `expected ${packetTypeName(type)} in ${handler.stage}, got ${packetTypeName(packet.type)}`);
    return false;
  };
  switch (handler.stage) {
    case 'awaitingInfo': return onLearnerInfo(draft, handler, packet);
    case 'awaitingAckEpoch': return void (expect(PacketType.ackEpoch) && onAckEpoch(draft, handler, packet));
    case 'awaitingNewLeaderAck': return void (expect(PacketType.ack) && onNewLeaderAck(draft, handler));
    case 'awaitingUptodateAck':
    case 'synced': return onRunningPacket(draft, handler, packet);
    default: return draft.drop(handler, `${packetTypeName(packet.type)} while it should wait for the leader`);
  }
}

function onLearnerInfo(draft: LeaderDraft, handler: LearnerHandler, packet: QuorumPacket): void {
  if (packet.type !== PacketType.followerInfo && packet.type !== PacketType.observerInfo) {
    return draft.drop(handler, `first packet was ${packetTypeName(packet.type)}`);
  }
  const info = decodeLearnerInfo(packet.data);
  if (info.configVersion !== undefined && info.configVersion > draft.ctx.configVersion) {
    return draft.drop(handler, `learner has a later config (version ${info.configVersion.toString(16)})`);
  }
  // One connection per sid: the newer one (connections are numbered as they arrive) stays, whichever spoke first.
  for (const other of draft.learners.values()) {
    if (other.sid !== info.sid || other.connId === handler.connId) continue;
    if (other.connId > handler.connId) return draft.drop(handler, 'replaced by a newer connection');
    draft.drop(other, 'replaced by a newer connection');
  }
  const participant = packet.type === PacketType.followerInfo && isVoter(draft.ctx.verifier, info.sid);
  const learnerAcceptedEpoch = epochOfZxid(packet.zxid);
  const named = draft.update(handler, { sid: info.sid, participant, stage: 'awaitingEpoch' });
  draft.note('info', `learner ${describeHandler(named)} says acceptedEpoch ${learnerAcceptedEpoch}`);
  if (draft.phase === 'discovering') {
    if (learnerAcceptedEpoch >= draft.state.epoch) draft.state.epoch = learnerAcceptedEpoch + 1n;
    if (participant) draft.state.connecting = new Set([...draft.state.connecting, info.sid]);
    checkConnectingQuorum(draft);
  } else if (draft.phase !== 'persistingAccepted') {
    sendLeaderInfo(draft, named);
  }
}

/** A learner's (currentEpoch, lastZxid) against ours: StateSummary.isMoreRecentThan. */
const isMoreRecent = (epoch: bigint, zxid: bigint, ourEpoch: bigint, ourZxid: bigint): boolean =>
  epoch > ourEpoch || (epoch === ourEpoch && zxid > ourZxid);

function onAckEpoch(draft: LeaderDraft, handler: LearnerHandler, packet: QuorumPacket): void {
  const learnerEpoch = BigInt(decodeIntData(packet.data));
  const acked = draft.update(handler, { lastZxid: packet.zxid, stage: 'awaitingSync' });
  if (draft.phase === 'awaitingEpochAcks' && learnerEpoch !== -1n) {
    const { currentEpoch } = draft.state;
    if (isMoreRecent(learnerEpoch, packet.zxid, currentEpoch, draft.ctx.syncSource.lastZxid)) {
      return draft.drop(acked, `follower is ahead of the leader (epoch ${learnerEpoch}, zxid 0x${
        packet.zxid.toString(16)})`);
    }
    if (packet.zxid !== -1n && acked.participant && acked.sid !== undefined) {
      draft.state.epochAcks = new Set([...draft.state.epochAcks, acked.sid]);
    }
    checkEpochAckQuorum(draft);
  } else if (draft.phase === 'awaitingNewLeaderAcks' || draft.phase === 'running') {
    startSync(draft, acked);
  }
}

function onNewLeaderAck(draft: LeaderDraft, handler: LearnerHandler): void {
  if (draft.phase === 'running') {
    draft.send(handler.connId, quorumPacket(PacketType.upToDate, -1n));
    draft.advance(handler, 'awaitingUptodateAck');
    return;
  }
  draft.advance(handler, 'awaitingQuorum');
  if (handler.participant && handler.sid !== undefined) {
    draft.state.newLeaderAcks = new Set([...draft.state.newLeaderAcks, handler.sid]);
  }
  checkNewLeaderQuorum(draft);
}

function onRunningPacket(draft: LeaderDraft, handler: LearnerHandler, packet: QuorumPacket): void {
  switch (packet.type) {
    case PacketType.ack:
      if (handler.stage === 'awaitingUptodateAck') draft.advance(handler, 'synced');
      return;
    case PacketType.ping:
      return;
    case PacketType.request:
    case PacketType.revalidate:
      return draft.note('debug', `ignored ${packetTypeName(packet.type)} from ${describeHandler(handler)}: no data tree`);
    default:
      return draft.drop(handler, `unexpected ${packetTypeName(packet.type)} from a synced learner`);
  }
}
