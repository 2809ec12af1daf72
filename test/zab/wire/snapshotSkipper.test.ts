// The data tree after SNAP on a learner's stream: read past element by element at every split point, SNAP released
// only once the signature is in, and hostile counts, lengths and signatures refused.
import { describe, expect, it } from 'vitest';
import { JuteWriter } from '../../../src/jute/index.js';
import { QuorumPacketDecoder } from '../../../src/zab/wire/packetDecoder.js';
import { PacketType, packetTypeName } from '../../../src/zab/wire/packetType.js';
import { encodeQuorumPacket, quorumPacket } from '../../../src/zab/wire/quorumPacket.js';
import { SnapshotSkipper, defaultSnapshotLimits } from '../../../src/zab/wire/snapshotSkipper.js';
import { concat, splitAt } from '../../support/bytes.js';

/** A fresh 3.8 tree: root, /zookeeper, /zookeeper/quota, /zookeeper/config; one session; one ACL entry. */
function freshSnapshot(signature = 'BenWasHere'): Uint8Array {
  const w = new JuteWriter();
  w.writeInt(1).writeLong(0x1000001n).writeInt(30_000);
  w.writeInt(1).writeLong(1n).writeInt(1).writeInt(31).writeUstring('world').writeUstring('anyone');
  const nodes: readonly (readonly [string, string])[] = [['', ''], ['/zookeeper', ''], ['/zookeeper/quota', ''], ['/zookeeper/config', 'version=0']];
  for (const [path, data] of nodes) {
    w.writeUstring(path).writeBuffer(new TextEncoder().encode(data)).writeLong(1n);
    for (let i = 0; i < 4; i += 1) w.writeLong(0n);
    w.writeInt(0).writeInt(0).writeInt(-1).writeLong(0n).writeLong(0n);
  }
  return w.writeUstring('/').writeUstring(signature).toBytes();
}

const snap = encodeQuorumPacket(quorumPacket(PacketType.snap, 0x100000000n));
const newLeader = encodeQuorumPacket(quorumPacket(PacketType.newLeader, 0x100000000n));

function learnerDecode(chunks: readonly Uint8Array[]) {
  const decoder = new QuorumPacketDecoder(undefined, { snapshotAfterSnap: true });
  const names: string[] = [];
  for (const chunk of chunks) {
    const { packets, error } = decoder.push(chunk);
    names.push(...packets.map((p) => packetTypeName(p.type)));
    if (error !== undefined) return { names, error };
  }
  return { names, error: undefined };
}

describe('snapshot after SNAP', () => {
  it('counts a fresh tree and stops exactly after the signature', () => {
    const skipper = new SnapshotSkipper();
    const bytes = freshSnapshot();
    expect(skipper.feed(concat([bytes, newLeader]))).toBe(bytes.length);
    expect(skipper.done).toBe(true);
    expect(skipper.summary).toEqual({ sessions: 1, aclEntries: 1, nodes: 4, bytes: bytes.length });
  });

  it('releases SNAP then NEWLEADER whatever the split, one byte at a time included', () => {
    const stream = concat([snap, freshSnapshot(), newLeader]);
    for (let cut = 0; cut <= stream.length; cut += 1) {
      expect(learnerDecode(splitAt(stream, [cut]))).toEqual({ names: ['SNAP', 'NEWLEADER'], error: undefined });
    }
    const bytewise = Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1));
    expect(learnerDecode(bytewise)).toEqual({ names: ['SNAP', 'NEWLEADER'], error: undefined });
  });

  it('holds SNAP back while the tree is incomplete', () => {
    const tree = freshSnapshot();
    expect(learnerDecode([concat([snap, tree.subarray(0, tree.length - 1)])])).toEqual({ names: [], error: undefined });
  });

  it('a leader-side decoder treats SNAP as an ordinary packet', () => {
    const decoder = new QuorumPacketDecoder();
    expect(decoder.push(concat([snap, newLeader])).packets.map((p) => packetTypeName(p.type))).toEqual(['SNAP', 'NEWLEADER']);
  });

  it('refuses a wrong signature, an impossible session count and an oversized path', () => {
    expect(learnerDecode([concat([snap, freshSnapshot('BenWasNotHere')])]).error?.message)
      .toMatch(/^ZAB_PACKET_DATA: snapshot signature "BenWasNotHere"/);
    const sessions = new JuteWriter().writeInt(defaultSnapshotLimits.sessionsMax + 1).toBytes();
    expect(learnerDecode([concat([snap, sessions])]).error?.code).toBe('ZAB_PACKET_COUNT');
    const path = new JuteWriter().writeInt(0).writeInt(0).writeInt(defaultSnapshotLimits.textBytesMax + 1).toBytes();
    expect(learnerDecode([concat([snap, path])]).error?.code).toBe('ZAB_PACKET_LENGTH');
  });
});
