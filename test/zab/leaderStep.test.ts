// The leader reducer alone, fed events by hand: Zab1_0Test's leader-side conversations (normal run, epoch choice,
// abandoned handshakes) and the refusals that close one learner without touching the others.
import { describe, expect, it } from 'vitest';
import { initialLeaderState, leaderStep } from '../../src/zab/leaderStep.js';
import type { LeaderContext, LeaderEffect, LeaderEvent, LeaderState } from '../../src/zab/leaderTypes.js';
import { encodeIntData, encodeLearnerInfo } from '../../src/zab/wire/learnerInfo.js';
import { PacketType, packetTypeName } from '../../src/zab/wire/packetType.js';
import { quorumPacket } from '../../src/zab/wire/quorumPacket.js';
import { majority } from '../election/helpers.js';

const ctx = (voters: number[] = [1, 2, 3], observers: number[] = []): LeaderContext => ({
  sid: 1n, verifier: majority(voters, observers), initLimit: 10, syncLimit: 5, syncSource: { lastZxid: 0n },
  configText: 'version=0', configVersion: 0n });

const info = (sid: bigint, acceptedEpoch = 0n, type: PacketType = PacketType.followerInfo, configVersion = 0n) =>
  quorumPacket(type, acceptedEpoch << 32n, encodeLearnerInfo({ sid, protocolVersion: 0x10000, configVersion }));
const packet = (connId: number, p: ReturnType<typeof quorumPacket>): LeaderEvent => ({ kind: 'packet', connId, packet: p });
const ackEpoch = (connId: number, currentEpoch: number, zxid = 0n) =>
  packet(connId, quorumPacket(PacketType.ackEpoch, zxid, encodeIntData(currentEpoch)));
const ack = (connId: number, zxid = 0x100000000n) => packet(connId, quorumPacket(PacketType.ack, zxid));
const persistedAll = (effects: readonly LeaderEffect[]): LeaderEvent[] => effects.flatMap((e) =>
  e.kind === 'persist' ? [{ kind: 'persisted', file: e.file, epoch: e.epoch } as const] : []);

interface Driven { state: LeaderState; effects: LeaderEffect[] }

/** Steps every event, answering each persist effect with a successful write (as a synchronous store does). */
function drive(c: LeaderContext, events: readonly LeaderEvent[], from?: LeaderState): Driven {
  let state = from ?? initialLeaderState({ acceptedEpoch: 0n, currentEpoch: 0n });
  const effects: LeaderEffect[] = [];
  const queue = [...events];
  while (queue.length > 0) {
    const result = leaderStep(c, state, queue.shift() as LeaderEvent);
    state = result.state;
    effects.push(...result.effects);
    queue.unshift(...persistedAll(result.effects));
  }
  return { state, effects };
}

const sentTo = (effects: readonly LeaderEffect[], connId: number): string[] => effects.flatMap((e) =>
  e.kind === 'send' && e.connId === connId ? [`${packetTypeName(e.packet.type)}:0x${BigInt.asUintN(64, e.packet.zxid).toString(16)}`] : []);
const emitted = (effects: readonly LeaderEffect[]): string[] =>
  effects.flatMap((e) => (e.kind === 'emit' ? [e.event.kind === 'lost' ? `lost:${e.event.reason}` : e.event.kind] : []));
const closed = (effects: readonly LeaderEffect[]): string[] =>
  effects.flatMap((e) => (e.kind === 'close' ? [`${e.connId}:${e.reason}`] : []));

describe('leaderStep', () => {
  it('testNormalRun: LEADERINFO, then DIFF and NEWLEADER, then UPTODATE, with both epoch files written', () => {
    const run = drive(ctx(), [{ kind: 'start' }, { kind: 'connected', connId: 7 }, packet(7, info(2n)), ackEpoch(7, 0),
      ack(7), ack(7, 0x100000000n)]);
    expect(sentTo(run.effects, 7)).toEqual(['LEADERINFO:0x100000000', 'DIFF:0x0', 'NEWLEADER:0x100000000', 'UPTODATE:0xffffffffffffffff']);
    expect(run.effects.filter((e) => e.kind === 'persist')).toEqual([
      { kind: 'persist', file: 'acceptedEpoch', epoch: 1n }, { kind: 'persist', file: 'currentEpoch', epoch: 1n }]);
    expect(emitted(run.effects)).toEqual(['established', 'synced']);
    expect(run.state).toMatchObject({ phase: 'running', acceptedEpoch: 1n, currentEpoch: 1n });
    expect(run.state.learners.get(7)?.stage).toBe('synced');
  });

  it('syncs learners while currentEpoch is written, but sends UPTODATE only after the write (Leader.lead overlap)', () => {
    let state = initialLeaderState({ acceptedEpoch: 0n, currentEpoch: 0n });
    const effects: LeaderEffect[] = [];
    const events: LeaderEvent[] = [{ kind: 'start' }, { kind: 'connected', connId: 1 }, packet(1, info(2n)),
      { kind: 'persisted', file: 'acceptedEpoch', epoch: 1n }, ackEpoch(1, 0), ack(1)];
    for (const event of events) {
      const result = leaderStep(ctx(), state, event);
      state = result.state;
      effects.push(...result.effects);
    }
    expect(sentTo(effects, 1)).toEqual(['LEADERINFO:0x100000000', 'DIFF:0x0', 'NEWLEADER:0x100000000']);
    expect(state).toMatchObject({ phase: 'awaitingNewLeaderAcks', currentEpoch: 0n });
    const written = leaderStep(ctx(), state, { kind: 'persisted', file: 'currentEpoch', epoch: 1n });
    expect(sentTo(written.effects, 1)).toEqual(['UPTODATE:0xffffffffffffffff']);
    expect(emitted(written.effects)).toEqual(['established', 'synced']);
  });

  it('NEWLEADER carries our config text', () => {
    const run = drive(ctx(), [{ kind: 'start' }, { kind: 'connected', connId: 1 }, packet(1, info(2n)), ackEpoch(1, 0)]);
    const newLeader = run.effects.find((e) => e.kind === 'send' && e.packet.type === PacketType.newLeader);
    expect(newLeader?.kind === 'send' && new TextDecoder().decode(newLeader.packet.data ?? new Uint8Array())).toBe('version=0');
  });

  it('testLastAcceptedEpoch / testLeaderBehind: the epoch is one past the highest accepted epoch seen', () => {
    const from = initialLeaderState({ acceptedEpoch: 5n, currentEpoch: 5n });
    expect(drive(ctx(), [{ kind: 'start' }, { kind: 'connected', connId: 1 }, packet(1, info(2n, 6n))], from).state.epoch).toBe(7n);
    expect(drive(ctx(), [{ kind: 'start' }, { kind: 'connected', connId: 1 }, packet(1, info(2n, 20n))], from).state.epoch).toBe(21n);
    expect(drive(ctx(), [{ kind: 'start' }, { kind: 'connected', connId: 1 }, packet(1, info(2n, 3n))], from).state.epoch).toBe(6n);
  });

  it('waits for a quorum of participants: observers and strangers do not count', () => {
    const c = ctx([1, 2, 3, 4, 5], [6]);
    const run = drive(c, [{ kind: 'start' }, { kind: 'connected', connId: 1 }, packet(1, info(6n, 0n, PacketType.observerInfo)),
      { kind: 'connected', connId: 2 }, packet(2, info(9n)), { kind: 'connected', connId: 3 }, packet(3, info(2n))]);
    expect(run.state.phase).toBe('discovering');
    const more = drive(c, [{ kind: 'connected', connId: 4 }, packet(4, info(3n))], run.state);
    expect(more.state.phase).toBe('awaitingEpochAcks');
    expect([1, 2, 3, 4].map((id) => sentTo(more.effects, id).length)).toEqual([1, 1, 1, 1]);
  });

  it('ACKEPOCH -1 (same epoch already accepted) is not counted but the learner still syncs', () => {
    const run = drive(ctx(), [{ kind: 'start' }, { kind: 'connected', connId: 1 }, packet(1, info(2n)), ackEpoch(1, -1)]);
    expect(run.state.phase).toBe('awaitingEpochAcks');
    const next = drive(ctx(), [{ kind: 'connected', connId: 2 }, packet(2, info(3n)), ackEpoch(2, 0)], run.state);
    expect(next.state.phase).toBe('awaitingNewLeaderAcks');
    expect(sentTo(next.effects, 1)).toEqual(['DIFF:0x0', 'NEWLEADER:0x100000000']);
  });

  it('drops a follower that is ahead of the leader, and one with a later config', () => {
    const ahead = drive(ctx(), [{ kind: 'start' }, { kind: 'connected', connId: 1 }, packet(1, info(2n)), ackEpoch(1, 3)]);
    expect(closed(ahead.effects)).toEqual(['1:follower is ahead of the leader (epoch 3, zxid 0x0)']);
    expect(ahead.state.phase).toBe('awaitingEpochAcks');
    const later = drive(ctx(), [{ kind: 'start' }, { kind: 'connected', connId: 1 },
      packet(1, info(2n, 0n, PacketType.followerInfo, 0x100000000n))]);
    expect(closed(later.effects)).toEqual(['1:learner has a later config (version 100000000)']);
  });

  it('closes only the learner that sends a packet out of order or a broken one', () => {
    const base = drive(ctx(), [{ kind: 'start' }, { kind: 'connected', connId: 1 }, { kind: 'connected', connId: 2 },
      packet(2, info(3n))]);
    const wrong = drive(ctx(), [packet(1, quorumPacket(PacketType.ack, 0n))], base.state);
    expect(closed(wrong.effects)).toEqual(['1:first packet was ACK']);
    const broken = drive(ctx(), [packet(1, quorumPacket(PacketType.followerInfo, 0n, new Uint8Array(3)))], base.state);
    expect(closed(broken.effects)[0]).toMatch(/^1:bad FOLLOWERINFO: ZAB_PACKET_DATA/);
    expect(wrong.state.learners.get(2)?.stage).toBe('awaitingAckEpoch');
    expect(emitted([...wrong.effects, ...broken.effects])).toEqual([]);
  });

  it('a learner reconnecting replaces its older connection', () => {
    const run = drive(ctx(), [{ kind: 'start' }, { kind: 'connected', connId: 1 }, packet(1, info(2n)),
      { kind: 'connected', connId: 2 }, packet(2, info(2n))]);
    expect(closed(run.effects)).toEqual(['1:replaced by a newer connection']);
    expect([...run.state.learners.keys()]).toEqual([2]);
    // An older connection that speaks last (one that waited on a standing quorum port) does not displace the newer.
    const late = drive(ctx(), [{ kind: 'start' }, { kind: 'connected', connId: 1 }, { kind: 'connected', connId: 2 },
      packet(2, info(2n)), packet(1, info(2n))]);
    expect(closed(late.effects)).toEqual(['1:replaced by a newer connection']);
    expect([...late.state.learners.keys()]).toEqual([2]);
    expect(late.state.learners.get(2)?.stage).not.toBe('awaitingInfo');
  });

  it('testAbandonBeforeACKEpoch: without epoch acks it gives up after initLimit ticks and keeps currentEpoch 0', () => {
    let run = drive(ctx(), [{ kind: 'start' }, { kind: 'connected', connId: 1 }, packet(1, info(2n))]);
    const ticks: LeaderEvent[] = Array.from({ length: 19 }, () => ({ kind: 'halfTick' }));
    run = drive(ctx(), ticks, run.state);
    expect(run.state.phase).toBe('awaitingEpochAcks');
    run = drive(ctx(), [{ kind: 'halfTick' }], run.state);
    expect(emitted(run.effects)).toEqual(['lost:handshake timeout']);
    expect(run.state).toMatchObject({ phase: 'lost', acceptedEpoch: 1n, currentEpoch: 0n });
  });

  it('a failed epoch write ends the role without touching memory (EpochWriteFailureTest)', () => {
    const first = leaderStep(ctx(), initialLeaderState({ acceptedEpoch: 0n, currentEpoch: 0n }), { kind: 'start' });
    const withLearner = [{ kind: 'connected', connId: 1 } as const, packet(1, info(2n))]
      .reduce((s, e) => leaderStep(ctx(), s, e).state, first.state);
    const failed = leaderStep(ctx(), withLearner, { kind: 'persistFailed', file: 'acceptedEpoch', epoch: 1n, detail: 'EIO' });
    expect(emitted(failed.effects)).toEqual(['lost:epoch write failed']);
    expect(failed.state).toMatchObject({ acceptedEpoch: 0n, currentEpoch: 0n });
  });

  it('a single voter (plus observers) establishes on its own', () => {
    const run = drive(ctx([1], [2]), [{ kind: 'start' }]);
    expect(emitted(run.effects)).toEqual(['established', 'synced']);
    expect(run.state.phase).toBe('running');
  });
});
