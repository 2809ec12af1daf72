// The learner reducer alone: Zab1_0Test's follower-side conversation (testNormalFollowerRun with a DIFF), the epoch
// rules of LEADERINFO, and the packets that end the role.
import { describe, expect, it } from 'vitest';
import { initialLearnerState, learnerStep } from '../../src/zab/learnerStep.js';
import type { LearnerContext, LearnerEffect, LearnerEvent, LearnerState } from '../../src/zab/learnerTypes.js';
import { decodeIntData, decodeLearnerInfo, encodeIntData } from '../../src/zab/wire/learnerInfo.js';
import { PacketType, packetTypeName } from '../../src/zab/wire/packetType.js';
import { quorumPacket, type QuorumPacket } from '../../src/zab/wire/quorumPacket.js';

const ctx: LearnerContext = { sid: 2n, observer: false, lastZxid: 0n, configVersion: 0n, tickTimeMs: 100, initLimit: 10,
  syncLimit: 5 };
const got = (p: QuorumPacket): LearnerEvent => ({ kind: 'packet', packet: p });
const leaderInfo = (epoch: bigint) => got(quorumPacket(PacketType.leaderInfo, epoch << 32n, encodeIntData(0x10000)));

function drive(events: readonly LearnerEvent[], from?: LearnerState, c = ctx): { state: LearnerState; effects: LearnerEffect[] } {
  let state = from ?? initialLearnerState({ acceptedEpoch: 0n, currentEpoch: 0n });
  const effects: LearnerEffect[] = [];
  const queue = [...events];
  while (queue.length > 0) {
    const result = learnerStep(c, state, queue.shift() as LearnerEvent);
    state = result.state;
    effects.push(...result.effects);
    for (const e of result.effects) if (e.kind === 'persist') queue.unshift({ kind: 'persisted', file: e.file, epoch: e.epoch });
  }
  return { state, effects };
}

const sent = (effects: readonly LearnerEffect[]): QuorumPacket[] => effects.flatMap((e) => (e.kind === 'send' ? [e.packet] : []));
const lost = (effects: readonly LearnerEffect[]): string[] =>
  effects.flatMap((e) => (e.kind === 'emit' && e.event.kind === 'lost' ? [`${e.event.reason}: ${e.event.detail}`] : []));

describe('learnerStep', () => {
  it('testNormalFollowerRun with a DIFF: ACKEPOCH, ACK of NEWLEADER, ACK of UPTODATE, epochs written', () => {
    const run = drive([{ kind: 'connected' }, leaderInfo(1n), got(quorumPacket(PacketType.diff, 0n)),
      got(quorumPacket(PacketType.newLeader, 0x100000000n)), got(quorumPacket(PacketType.upToDate, -1n))]);
    const packets = sent(run.effects);
    expect(packets.map((p) => packetTypeName(p.type))).toEqual(['FOLLOWERINFO', 'ACKEPOCH', 'ACK', 'ACK']);
    expect(decodeLearnerInfo(packets[0]?.data ?? null)).toEqual({ sid: 2n, protocolVersion: 0x10000, configVersion: 0n });
    expect(packets[1]?.zxid).toBe(0n);
    expect(decodeIntData(packets[1]?.data ?? null)).toBe(0);
    expect(packets.slice(2).map((p) => p.zxid)).toEqual([0x100000000n, 0x100000000n]);
    expect(run.effects.filter((e) => e.kind === 'persist').map((e) => e.kind === 'persist' && e.file))
      .toEqual(['acceptedEpoch', 'currentEpoch']);
    expect(run.state).toMatchObject({ stage: 'following', acceptedEpoch: 1n, currentEpoch: 1n, syncMode: 'diff' });
  });

  it('arms the read timer for initLimit ticks during the handshake and syncLimit ticks after NEWLEADER', () => {
    const run = drive([{ kind: 'connected' }, leaderInfo(1n), got(quorumPacket(PacketType.diff, 0n)),
      got(quorumPacket(PacketType.newLeader, 0x100000000n))]);
    expect(run.effects.flatMap((e) => (e.kind === 'armReadTimer' ? [e.delayMs] : []))).toEqual([1000, 1000, 1000, 1000, 500]);
  });

  it('answers PING with the same zxid and an empty session list once following', () => {
    const following = drive([{ kind: 'connected' }, leaderInfo(1n), got(quorumPacket(PacketType.diff, 0n)),
      got(quorumPacket(PacketType.newLeader, 0x100000000n)), got(quorumPacket(PacketType.upToDate, -1n))]).state;
    const reply = sent(drive([got(quorumPacket(PacketType.ping, 0x100000000n))], following).effects);
    expect(reply).toEqual([{ type: PacketType.ping, zxid: 0x100000000n, data: new Uint8Array(0), authinfo: null }]);
  });

  it('acks an epoch it already accepted with -1 and refuses an older one', () => {
    const same = drive([{ kind: 'connected' }, leaderInfo(3n)], initialLearnerState({ acceptedEpoch: 3n, currentEpoch: 2n }));
    expect(decodeIntData(sent(same.effects)[1]?.data ?? null)).toBe(-1);
    expect(same.effects.some((e) => e.kind === 'persist')).toBe(false);
    const older = drive([{ kind: 'connected' }, leaderInfo(2n)], initialLearnerState({ acceptedEpoch: 3n, currentEpoch: 2n }));
    expect(lost(older.effects)).toEqual(['protocol error: Leaders epoch, 2 is less than accepted epoch, 3']);
  });

  it('takes SNAP and TRUNC as sync modes (their content waits for the data tree)', () => {
    const base = [{ kind: 'connected' } as const, leaderInfo(1n)];
    for (const [type, mode] of [[PacketType.snap, 'snap'], [PacketType.trunc, 'trunc']] as const) {
      const run = drive([...base, got(quorumPacket(type, 0x100000000n)), got(quorumPacket(PacketType.newLeader, 0x100000000n)),
        got(quorumPacket(PacketType.upToDate, -1n))]);
      expect(run.state).toMatchObject({ stage: 'following', syncMode: mode });
    }
  });

  it('ends the role on out-of-order packets and on a short LEADERINFO', () => {
    const base = [{ kind: 'connected' } as const, leaderInfo(1n)];
    expect(lost(drive([...base, got(quorumPacket(PacketType.upToDate, -1n))]).effects))
      .toEqual(['protocol error: unexpected UPTODATE in awaitingSyncMode']);
    expect(lost(drive([{ kind: 'connected' }, got(quorumPacket(PacketType.leaderInfo, 0x100000000n, new Uint8Array(2)))]).effects)[0])
      .toMatch(/^protocol error: bad LEADERINFO: ZAB_PACKET_DATA/);
  });

  it('silence is a handshake timeout before NEWLEADER and a lost leader after it', () => {
    expect(lost(drive([{ kind: 'connected' }, { kind: 'readTimeout' }]).effects))
      .toEqual(['handshake timeout: no packet from the leader for 1000 ms in awaitingLeaderInfo']);
    const synced = drive([{ kind: 'connected' }, leaderInfo(1n), got(quorumPacket(PacketType.diff, 0n)),
      got(quorumPacket(PacketType.newLeader, 0x100000000n))]).state;
    expect(lost(drive([{ kind: 'readTimeout' }], synced).effects)).toEqual(['leader lost: no packet from the leader for 500 ms']);
  });

  it('an observer registers with OBSERVERINFO', () => {
    const run = drive([{ kind: 'connected' }], undefined, { ...ctx, observer: true });
    expect(sent(run.effects).map((p) => packetTypeName(p.type))).toEqual(['OBSERVERINFO']);
  });
});
