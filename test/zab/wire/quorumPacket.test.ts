// The quorum-port codec: hand-derived bytes for Zab1_0Test's packets, round trips, every byte split of a packet
// stream, and hostile lengths, counts and types rejected as soon as their bytes arrive.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultQuorumPacketLimits } from '../../../src/zab/wire/limits.js';
import { decodeIntData, decodeLearnerInfo, encodeIntData, encodeLearnerInfo } from '../../../src/zab/wire/learnerInfo.js';
import { QuorumPacketDecoder } from '../../../src/zab/wire/packetDecoder.js';
import { PacketType, packetTypeName } from '../../../src/zab/wire/packetType.js';
import { decodeQuorumPacket, encodeQuorumPacket, quorumPacket, type QuorumPacket } from '../../../src/zab/wire/quorumPacket.js';
import { QuorumPacketError } from '../../../src/zab/wire/quorumPacketError.js';
import { concat, hex, int32, splitAt, toHex } from '../../support/bytes.js';

// Zab1_0Test.testNormalRun: FOLLOWERINFO(zxid 0, LearnerInfo{1, 0x10000, 0}), then LEADERINFO(0x100000000, 0x10000).
const followerInfoHex = '0000000b 0000000000000000 00000014 0000000000000001 00010000 0000000000000000 ffffffff';
const leaderInfoHex = '00000011 0000000100000000 00000004 00010000 ffffffff';
const pingHex = '00000005 0000000100000000 ffffffff ffffffff';

function decodeAll(chunks: readonly Uint8Array[]): { packets: QuorumPacket[]; error: QuorumPacketError | undefined } {
  const decoder = new QuorumPacketDecoder();
  const packets: QuorumPacket[] = [];
  for (const chunk of chunks) {
    const result = decoder.push(chunk);
    packets.push(...result.packets);
    if (result.error !== undefined) return { packets, error: result.error };
  }
  return { packets, error: undefined };
}

describe('QuorumPacket codec', () => {
  it('encodes the handshake packets of Zab1_0Test byte for byte', () => {
    const info = encodeLearnerInfo({ sid: 1n, protocolVersion: 0x10000, configVersion: 0n });
    expect(toHex(encodeQuorumPacket(quorumPacket(PacketType.followerInfo, 0n, info)))).toBe(toHex(hex(followerInfoHex)));
    expect(toHex(encodeQuorumPacket(quorumPacket(PacketType.leaderInfo, 0x100000000n, encodeIntData(0x10000)))))
      .toBe(toHex(hex(leaderInfoHex)));
    expect(toHex(encodeQuorumPacket(quorumPacket(PacketType.ping, 0x100000000n)))).toBe(toHex(hex(pingHex)));
  });

  it('decodes them back, learner info included', () => {
    const packet = decodeQuorumPacket(hex(followerInfoHex));
    expect(packet).toMatchObject({ type: PacketType.followerInfo, zxid: 0n, authinfo: null });
    expect(decodeLearnerInfo(packet.data)).toEqual({ sid: 1n, protocolVersion: 0x10000, configVersion: 0n });
    expect(decodeIntData(decodeQuorumPacket(hex(leaderInfoHex)).data)).toBe(0x10000);
  });

  it('reads the short learner infos of older peers and refuses shorter ones', () => {
    expect(decodeLearnerInfo(hex('0000000000000007'))).toEqual({ sid: 7n, protocolVersion: 0, configVersion: undefined });
    expect(decodeLearnerInfo(hex('0000000000000007 00010000'))).toEqual(
      { sid: 7n, protocolVersion: 0x10000, configVersion: undefined });
    expect(() => decodeLearnerInfo(hex('00000007'))).toThrow(QuorumPacketError);
    expect(() => decodeLearnerInfo(null)).toThrow(QuorumPacketError);
    expect(() => decodeIntData(hex('0001'))).toThrow(QuorumPacketError);
  });

  it('names every type as ZooKeeper logs it', () => {
    expect(packetTypeName(PacketType.newLeader)).toBe('NEWLEADER');
    expect(packetTypeName(PacketType.informAndActivate)).toBe('INFORMANDACTIVATE');
    expect(packetTypeName(42)).toBe('UNKNOWN42');
  });

  const authId = fc.record({ scheme: fc.string({ maxLength: 20 }), id: fc.string({ maxLength: 40 }) });
  const anyPacket = fc.record({
    type: fc.integer({ min: 1, max: 19 }) as fc.Arbitrary<PacketType>,
    zxid: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    data: fc.option(fc.uint8Array({ maxLength: 300 }), { nil: null }),
    authinfo: fc.option(fc.array(authId, { maxLength: 4 }), { nil: null }),
  });

  it('round-trips any packet, and any stream of packets cut anywhere', () => {
    fc.assert(fc.property(fc.array(anyPacket, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }),
      (packets, cuts) => {
        const stream = concat(packets.map(encodeQuorumPacket));
        const offsets = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const { packets: decoded, error } = decodeAll(splitAt(stream, offsets));
        expect(error).toBeUndefined();
        expect(decoded).toEqual(packets);
      }));
  });

  it('decodes the same at every single split point and one byte at a time', () => {
    const stream = concat([hex(followerInfoHex), hex(leaderInfoHex),
      encodeQuorumPacket({ type: PacketType.request, zxid: 5n, data: hex('0102'), authinfo: [{ scheme: 'ip', id: '127.0.0.1' }] }),
      hex(pingHex)]);
    const whole = decodeAll([stream]);
    expect(whole.packets.map((p) => packetTypeName(p.type))).toEqual(['FOLLOWERINFO', 'LEADERINFO', 'REQUEST', 'PING']);
    for (let cut = 0; cut <= stream.length; cut += 1) expect(decodeAll(splitAt(stream, [cut]))).toEqual(whole);
    const bytewise = Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1));
    expect(decodeAll(bytewise)).toEqual(whole);
  });
});

describe('hostile input on the quorum port', () => {
  const header = (type: number): Uint8Array => concat([int32(type), hex('0000000000000000')]);

  it('rejects an unknown type from its first four bytes, before anything else arrives', () => {
    const decoder = new QuorumPacketDecoder();
    const result = decoder.push(int32(99));
    expect(result.error?.code).toBe('ZAB_PACKET_TYPE');
    expect(result.error?.message).toBe('ZAB_PACKET_TYPE: unknown packet type 99 at offset 0');
    expect(decoder.push(hex(pingHex)).error).toBe(result.error);
  });

  it.each([
    ['negative data length', concat([header(5), int32(-2)]), 'ZAB_PACKET_LENGTH', 12],
    ['data length over the limit', concat([header(2), int32(defaultQuorumPacketLimits.dataBytesMax + 1)]), 'ZAB_PACKET_LENGTH', 12],
    ['1 GiB data length', concat([header(2), int32(0x40000000)]), 'ZAB_PACKET_LENGTH', 12],
    ['authinfo count over the limit', concat([header(5), int32(-1), int32(65)]), 'ZAB_PACKET_COUNT', 16],
    ['negative authinfo count', concat([header(5), int32(-1), int32(-5)]), 'ZAB_PACKET_COUNT', 16],
    ['oversized scheme', concat([header(5), int32(-1), int32(1), int32(100_000)]), 'ZAB_PACKET_LENGTH', 20],
  ])('rejects a %s as soon as the bad field arrives', (_name, bytes, code, offset) => {
    const { error } = decodeAll([bytes]);
    expect(error).toBeInstanceOf(QuorumPacketError);
    expect(error?.code).toBe(code);
    expect(error?.offset).toBe(offset);
  });

  it('rejects a null auth scheme, which no Id record may carry', () => {
    const { error } = decodeAll([concat([header(5), int32(-1), int32(1), int32(-1), int32(0)])]);
    expect(error?.code).toBe('ZAB_PACKET_DATA');
    expect(error?.message).toContain('JUTE_NULL');
  });

  it('delivers the packets that came before a fault in the same chunk', () => {
    const { packets, error } = decodeAll([concat([hex(pingHex), hex(pingHex), int32(0)])]);
    expect(packets).toHaveLength(2);
    expect(error?.code).toBe('ZAB_PACKET_TYPE');
  });

  it('keeps nothing buffered between whole packets', () => {
    const decoder = new QuorumPacketDecoder();
    decoder.push(concat([hex(pingHex), hex(pingHex).subarray(0, 7)]));
    expect(decoder.bufferedBytes).toBe(7);
    decoder.push(hex(pingHex).subarray(7));
    expect(decoder.bufferedBytes).toBe(0);
  });
});
