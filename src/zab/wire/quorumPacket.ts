// QuorumPacket, the one record on the quorum port (quorum-config.md §9.1), written back to back with no frame header:
//   int type; long zxid; buffer data (int length, -1 = null); vector<Id> authinfo (int count, -1 = null),
//   Id = { ustring scheme; ustring id }.
import { JuteReader, JuteWriter } from '../../jute/index.js';
import { defaultQuorumPacketLimits, type QuorumPacketLimits } from './limits.js';
import { isPacketType, type PacketType } from './packetType.js';
import { QuorumPacketError, QuorumPacketErrorCode } from './quorumPacketError.js';

export interface AuthId {
  readonly scheme: string;
  readonly id: string;
}

export interface QuorumPacket {
  readonly type: PacketType;
  readonly zxid: bigint;
  readonly data: Uint8Array | null;
  readonly authinfo: readonly AuthId[] | null;
}

export function quorumPacket(type: PacketType, zxid: bigint, data: Uint8Array | null = null): QuorumPacket {
  return { type, zxid, data, authinfo: null };
}

export function encodeQuorumPacket(packet: QuorumPacket): Uint8Array {
  const writer = new JuteWriter({ initialBytes: 20 + (packet.data?.length ?? 0) });
  writer.writeInt(packet.type).writeLong(packet.zxid).writeBuffer(packet.data);
  if (packet.authinfo === null) return writer.writeInt(-1).toBytes();
  writer.writeInt(packet.authinfo.length);
  for (const { scheme, id } of packet.authinfo) writer.writeUstring(scheme).writeUstring(id);
  return writer.toBytes();
}

/** Decodes exactly one packet from bytes that hold exactly one (the push decoder measures it first). */
export function decodeQuorumPacket(bytes: Uint8Array, limits: QuorumPacketLimits = defaultQuorumPacketLimits): QuorumPacket {
  const reader = new JuteReader(bytes, { lengthBytesMax: Math.max(limits.dataBytesMax, limits.authTextBytesMax) });
  const type = reader.readInt();
  if (!isPacketType(type)) throw new QuorumPacketError(QuorumPacketErrorCode.type, `unknown packet type ${type}`, 0);
  const zxid = reader.readLong();
  const data = reader.readBuffer();
  const authinfo = reader.readVector((r) => ({ scheme: r.readString(), id: r.readString() }), limits.authCountMax);
  reader.expectEnd();
  return { type, zxid, data, authinfo };
}
