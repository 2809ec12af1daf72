// Public surface of the config layer: zoo.cfg parsing (pure) and data-dir files (shell).
export { ConfigErrorCode } from './configErrors.js';
export { dynamicConfigProperties, versionFromFilename } from './dynamicConfig.js';
export type { DynamicConfigSource } from './dynamicConfig.js';
export { loadEpochs, loadZooCfg, readEpochFile, readMyidFile, snapDirOf, writeEpochFile } from './dataDir.js';
export type { LoadEpochsConfig, LoadZooCfgConfig } from './dataDir.js';
export { EpochFile, decideEpochs, epochOfZxid, formatEpoch, parseEpochText } from './epochs.js';
export type { EpochDecision, EpochFileRead, EpochFiles } from './epochs.js';
export { fourLetterWordWhitelist, knownFourLetterWords } from './fourLetterWordWhitelist.js';
export type { HostPort } from './hostAddress.js';
export { configLimits } from './limits.js';
export { formatMyid, parseMyid } from './myid.js';
export { parseProperties, javaPropertiesMap, propertiesToMap } from './parseProperties.js';
export type { Property } from './parseProperties.js';
export { parseZooCfg, peerConfigFromProperties } from './parseZooCfg.js';
export type { ParseZooCfgConfig } from './parseZooCfg.js';
export { PeerMode } from './peerConfig.js';
export type { PeerConfig } from './peerConfig.js';
export { LearnerType, formatQuorumServer, parseQuorumServer } from './quorumServers.js';
export type { QuorumServerSpec } from './quorumServers.js';
export {
  dynamicConfigText, formatQuorumView, observingMembers, parseQuorumView, votingMembers,
} from './quorumView.js';
export type { HierarchicalQuorumData, QuorumSpec, QuorumView } from './quorumView.js';
