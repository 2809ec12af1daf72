// LearnerInfo, the data of FOLLOWERINFO / OBSERVERINFO (quorum-config.md §9.3 step 2), and the 4-byte int payloads of
// LEADERINFO (protocol version) and ACKEPOCH (current epoch, -1 = "do not count me"):
//   LearnerInfo { long serverid; int protocolVersion; long configVersion }   (20 bytes; older peers send 8 or 12)
import { JuteReader, JuteWriter } from '../../jute/index.js';
import { QuorumPacketError, QuorumPacketErrorCode } from './quorumPacketError.js';

/** Zab 1.0, the only protocol 3.8 speaks with learners. */
export const ZAB_PROTOCOL_VERSION = 0x10000;
const SID_BYTES = 8;
const WITH_VERSION_BYTES = 12;
const FULL_BYTES = 20;

export interface LearnerInfo {
  readonly sid: bigint;
  readonly protocolVersion: number;
  /** Absent in pre-3.5 learners, which ZooKeeper then never refuses for a newer config. */
  readonly configVersion: bigint | undefined;
}

export function encodeLearnerInfo(info: { sid: bigint; protocolVersion: number; configVersion: bigint }): Uint8Array {
  return new JuteWriter({ initialBytes: FULL_BYTES })
    .writeLong(info.sid).writeInt(info.protocolVersion).writeLong(info.configVersion).toBytes();
}

export function decodeLearnerInfo(data: Uint8Array | null): LearnerInfo {
  if (data === null || data.length < SID_BYTES) {
    throw new QuorumPacketError(QuorumPacketErrorCode.data, `learner info of ${data?.length ?? -1} bytes`, 0);
  }
  const reader = new JuteReader(data);
  const sid = reader.readLong();
  const protocolVersion = data.length >= WITH_VERSION_BYTES ? reader.readInt() : 0;
  const configVersion = data.length >= FULL_BYTES ? reader.readLong() : undefined;
  return { sid, protocolVersion, configVersion };
}

export function encodeIntData(value: number): Uint8Array {
  return new JuteWriter({ initialBytes: 4 }).writeInt(value).toBytes();
}

/** ZooKeeper reads the first 4 bytes (ByteBuffer.getInt); fewer is a broken packet. */
export function decodeIntData(data: Uint8Array | null): number {
  if (data === null || data.length < 4) {
    throw new QuorumPacketError(QuorumPacketErrorCode.data, `int payload of ${data?.length ?? -1} bytes`, 0);
  }
  return new JuteReader(data).readInt();
}
