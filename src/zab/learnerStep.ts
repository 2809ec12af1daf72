// The learner's pure reducer (follower and observer alike): register with FOLLOWERINFO/OBSERVERINFO, accept the
// leader's epoch (writing acceptedEpoch first), take the sync, write currentEpoch on NEWLEADER, serve after UPTODATE
// and answer pings. Silence past the read limit, a closed socket or a broken packet ends the role.
import { epochOfZxid, makeZxid } from '../election/vote.js';
import type { LearnerContext, LearnerEffect, LearnerEvent, LearnerResult, LearnerStage, LearnerState }
  from './learnerTypes.js';
import { LostReason } from './types.js';
import { ZAB_PROTOCOL_VERSION, decodeIntData, encodeIntData, encodeLearnerInfo } from './wire/learnerInfo.js';
import { PacketType, packetTypeName } from './wire/packetType.js';
import { quorumPacket, type QuorumPacket } from './wire/quorumPacket.js';
import { QuorumPacketError } from './wire/quorumPacketError.js';

type Out = LearnerEffect[];

export function initialLearnerState(epochs: { acceptedEpoch: bigint; currentEpoch: bigint }): LearnerState {
  return { stage: 'connecting', acceptedEpoch: epochs.acceptedEpoch, currentEpoch: epochs.currentEpoch, newEpoch: -1n,
    newLeaderZxid: -1n, syncMode: undefined, skippedTxns: 0 };
}

export function learnerStep(ctx: LearnerContext, state: LearnerState, event: LearnerEvent): LearnerResult {
  if (state.stage === 'lost') return { state, effects: [] };
  const out: Out = [];
  const next = (() => {
    switch (event.kind) {
      case 'connected': return connected(ctx, state, out);
      case 'connectFailed': return lose(state, out, LostReason.leaderLost, `cannot connect to the leader: ${event.detail}`);
      case 'disconnected': return lose(state, out, LostReason.leaderLost, `leader connection closed: ${event.detail}`);
      case 'readTimeout': return readTimedOut(ctx, state, out);
      case 'packet': return guarded(ctx, state, event.packet, out);
      case 'persisted': return persisted(ctx, state, event.file, event.epoch, out);
      case 'persistFailed':
        return lose(state, out, LostReason.epochWriteFailed, `writing ${event.file} ${event.epoch}: ${event.detail}`);
    }
  })();
  return { state: next, effects: out };
}

function lose(state: LearnerState, out: Out, reason: LostReason, detail: string): LearnerState {
  out.push({ kind: 'close', reason: detail }, { kind: 'note', level: 'warn', text: `learner gives up (${reason}): ${detail}` },
    { kind: 'emit', event: { kind: 'lost', reason, detail } });
  return { ...state, stage: 'lost' };
}

const afterNewLeader = (stage: LearnerStage): boolean => stage === 'awaitingUptodate' || stage === 'following';

function readLimitMs(ctx: LearnerContext, stage: LearnerStage): number {
  return ctx.tickTimeMs * (afterNewLeader(stage) ? ctx.syncLimit : ctx.initLimit);
}

function connected(ctx: LearnerContext, state: LearnerState, out: Out): LearnerState {
  const type = ctx.observer ? PacketType.observerInfo : PacketType.followerInfo;
  const info = encodeLearnerInfo({ sid: ctx.sid, protocolVersion: ZAB_PROTOCOL_VERSION, configVersion: ctx.configVersion });
  out.push({ kind: 'send', packet: quorumPacket(type, makeZxid(state.acceptedEpoch, 0n), info) },
    { kind: 'armReadTimer', delayMs: readLimitMs(ctx, 'awaitingLeaderInfo') });
  return { ...state, stage: 'awaitingLeaderInfo' };
}

function readTimedOut(ctx: LearnerContext, state: LearnerState, out: Out): LearnerState {
  const limitMs = readLimitMs(ctx, state.stage);
  if (afterNewLeader(state.stage)) return lose(state, out, LostReason.leaderLost, `no packet from the leader for ${limitMs} ms`);
  return lose(state, out, LostReason.handshakeTimeout, `no packet from the leader for ${limitMs} ms in ${state.stage}`);
}

function guarded(ctx: LearnerContext, state: LearnerState, packet: QuorumPacket, out: Out): LearnerState {
  out.push({ kind: 'armReadTimer', delayMs: readLimitMs(ctx, state.stage) });
  try {
    return onPacket(ctx, state, packet, out);
  } catch (error) {
    if (!(error instanceof QuorumPacketError)) throw error;
    return lose(state, out, LostReason.protocolError, `bad ${packetTypeName(packet.type)}: ${error.message}`);
  }
}

function onPacket(ctx: LearnerContext, state: LearnerState, packet: QuorumPacket, out: Out): LearnerState {
  const unexpected = (): LearnerState =>
    lose(state, out, LostReason.protocolError, `unexpected ${packetTypeName(packet.type)} in ${state.stage}`);
  if (packet.type === PacketType.ping && state.stage !== 'following') return state;
  switch (state.stage) {
    case 'awaitingLeaderInfo':
      return packet.type === PacketType.leaderInfo ? onLeaderInfo(ctx, state, packet, out) : unexpected();
    case 'awaitingSyncMode': return onSyncMode(state, packet, out) ?? unexpected();
    case 'syncing': return onSyncing(ctx, state, packet, out) ?? unexpected();
    case 'awaitingUptodate': return onAwaitingUptodate(state, packet, out) ?? unexpected();
    case 'following': return onFollowing(state, packet, out) ?? unexpected();
    default: return unexpected();
  }
}

function onLeaderInfo(ctx: LearnerContext, state: LearnerState, packet: QuorumPacket, out: Out): LearnerState {
  const version = decodeIntData(packet.data);
  if (version < ZAB_PROTOCOL_VERSION) {
    return lose(state, out, LostReason.protocolError, `leader speaks protocol 0x${version.toString(16)}`);
  }
  const newEpoch = epochOfZxid(packet.zxid);
  if (newEpoch < state.acceptedEpoch) {
    return lose(state, out, LostReason.protocolError,
      `Leaders epoch, ${newEpoch} is less than accepted epoch, ${state.acceptedEpoch}`);
  }
  if (newEpoch > state.acceptedEpoch) {
    out.push({ kind: 'persist', file: 'acceptedEpoch', epoch: newEpoch });
    return { ...state, stage: 'persistingAccepted', newEpoch };
  }
  // Same epoch as already accepted: ack with -1 so the leader does not count us twice.
  return ackEpoch(ctx, { ...state, newEpoch }, -1n, out);
}

/** ACKEPOCH carries our current epoch as a Java int: cast like Java's (int), never throw on a large epoch. */
function ackEpoch(ctx: LearnerContext, state: LearnerState, epoch: bigint, out: Out): LearnerState {
  const epochField = Number(BigInt.asIntN(32, epoch));
  out.push({ kind: 'send', packet: quorumPacket(PacketType.ackEpoch, ctx.lastZxid, encodeIntData(epochField)) },
    { kind: 'emit', event: { kind: 'established', epoch: state.newEpoch } });
  return { ...state, stage: 'awaitingSyncMode' };
}

function persisted(ctx: LearnerContext, state: LearnerState, file: string, epoch: bigint, out: Out): LearnerState {
  if (file === 'acceptedEpoch' && state.stage === 'persistingAccepted') {
    return ackEpoch(ctx, { ...state, acceptedEpoch: epoch }, state.currentEpoch, out);
  }
  if (file === 'currentEpoch' && state.stage === 'persistingCurrent') return ackNewLeader(ctx, { ...state, currentEpoch: epoch }, out);
  return state;
}

/** DIFF, TRUNC or SNAP. With no data tree yet there is nothing to replay, cut or load: rxzk only notes the mode
 *  (the decoder has already read past a SNAP's tree); the data-tree work applies them here. */
function onSyncMode(state: LearnerState, packet: QuorumPacket, out: Out): LearnerState | undefined {
  const mode = packet.type === PacketType.diff ? 'diff' : packet.type === PacketType.trunc ? 'trunc'
    : packet.type === PacketType.snap ? 'snap' : undefined;
  if (mode === undefined) return undefined;
  out.push({ kind: 'note', level: 'info', text: `leader syncs us with ${mode.toUpperCase()} to zxid 0x${
    BigInt.asUintN(64, packet.zxid).toString(16)}` });
  return { ...state, stage: 'syncing', syncMode: mode };
}

function onSyncing(ctx: LearnerContext, state: LearnerState, packet: QuorumPacket, out: Out): LearnerState | undefined {
  if (isTxnPacket(packet)) return { ...state, skippedTxns: state.skippedTxns + 1 };
  if (packet.type !== PacketType.newLeader) return undefined;
  const synced = { ...state, newLeaderZxid: packet.zxid };
  if (state.newEpoch > state.currentEpoch) {
    out.push({ kind: 'persist', file: 'currentEpoch', epoch: state.newEpoch });
    return { ...synced, stage: 'persistingCurrent' };
  }
  return ackNewLeader(ctx, synced, out);
}

function ackNewLeader(ctx: LearnerContext, state: LearnerState, out: Out): LearnerState {
  out.push({ kind: 'send', packet: quorumPacket(PacketType.ack, state.newLeaderZxid) },
    { kind: 'armReadTimer', delayMs: readLimitMs(ctx, 'awaitingUptodate') });
  return { ...state, stage: 'awaitingUptodate' };
}

function onAwaitingUptodate(state: LearnerState, packet: QuorumPacket, out: Out): LearnerState | undefined {
  if (isTxnPacket(packet)) return { ...state, skippedTxns: state.skippedTxns + 1 };
  if (packet.type !== PacketType.upToDate) return undefined;
  out.push({ kind: 'send', packet: quorumPacket(PacketType.ack, makeZxid(state.newEpoch, 0n)) },
    { kind: 'emit', event: { kind: 'synced', epoch: state.newEpoch, ...(state.syncMode === undefined ? {} : {
      syncMode: state.syncMode }) } });
  return { ...state, stage: 'following' };
}

function onFollowing(state: LearnerState, packet: QuorumPacket, out: Out): LearnerState | undefined {
  if (packet.type === PacketType.ping) {
    // No client sessions yet, so the touched-session list is empty.
    out.push({ kind: 'send', packet: { ...quorumPacket(PacketType.ping, packet.zxid, new Uint8Array(0)),
      authinfo: packet.authinfo } });
    return state;
  }
  if (isTxnPacket(packet) || packet.type === PacketType.sync || packet.type === PacketType.revalidate) {
    return { ...state, skippedTxns: state.skippedTxns + 1 };
  }
  return undefined;
}

const txnTypes: ReadonlySet<number> = new Set([PacketType.proposal, PacketType.commit, PacketType.inform,
  PacketType.commitAndActivate, PacketType.informAndActivate]);

function isTxnPacket(packet: QuorumPacket): boolean {
  return txnTypes.has(packet.type);
}
