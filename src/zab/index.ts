// Public surface of the Zab liveness layer: the two role shells the peer runs after an election, their events, and
// the quorum-port codecs.
export { runLeader } from './runLeader.js';
export type { LeaderConfig } from './runLeader.js';
export { runLearner } from './runLearner.js';
export type { LearnerConfig } from './runLearner.js';
export { socketConnector } from './connector.js';
export type { ByteDuplex, QuorumConnector, QuorumListenEvent } from './connector.js';
export { fileEpochStore } from './epochStore.js';
export { LostReason } from './types.js';
export type { EpochStore, PersistedEpochFile, SyncMode, ZabEvent } from './types.js';
export type { SyncSource } from './leaderSyncStep.js';
export { PacketType, packetTypeName } from './wire/packetType.js';
export { decodeQuorumPacket, encodeQuorumPacket, quorumPacket } from './wire/quorumPacket.js';
export type { AuthId, QuorumPacket } from './wire/quorumPacket.js';
export { QuorumPacketDecoder } from './wire/packetDecoder.js';
export { QuorumPacketError, QuorumPacketErrorCode } from './wire/quorumPacketError.js';
export { ZAB_PROTOCOL_VERSION, decodeLearnerInfo, encodeLearnerInfo } from './wire/learnerInfo.js';
export { runRole } from './runRole.js';
export type { RoleDecision, RunRoleConfig } from './runRole.js';
