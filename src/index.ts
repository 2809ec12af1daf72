// rxzk: ZooKeeper 3.8's election, quorum networking and session protocols as RxJS streams. The public API.
export { ConfigError, ProtocolError, RxzkError } from './errors.js';
export type { RxzkErrorOptions } from './errors.js';
export { createLogger, silentLogger } from './logging.js';
export type { CreateLoggerConfig, Logger } from './logging.js';
export { RXZK_VERSION } from './version.js';

// Election: FastLeaderElection as a pure reducer and its shell.
export { runElection } from './election/runElection.js';
export type { Decision, ElectionCommand, ElectionRun, ElectionStep, ElectionTransport, RunElectionConfig } from './election/runElection.js';
export { initialElectionState, step } from './election/step.js';
export { describeStep } from './election/describeStep.js';
export { hierarchicalVerifier, majorityVerifier } from './election/quorumVerifier.js';
export type { QuorumVerifier } from './election/quorumVerifier.js';
export { parseConfigText, renderConfigText } from './election/configText.js';
export { ServerState } from './election/types.js';
export type { ElectionEffect, ElectionEvent, ElectionState, Notification, Vote } from './election/types.js';

// Configuration: zoo.cfg, myid and epoch files.
export * as config from './config/index.js';

// Four-letter words.
export {
  NOT_SERVING_TEXT,
  ServingMode,
  answerFourLetterWord,
  fourLetterWordOf,
  notWhitelistedText,
  rxzkVersionText,
} from './peer/fourLetterWords.js';
export type { ConfInfo, FourLetterWordState, ServingStats } from './peer/fourLetterWords.js';

// Client protocol records.
export { CREATOR_ALL_ACL, CreateMode, KeeperError, OPEN_ACL_UNSAFE, Perms, READ_ACL_UNSAFE } from './proto/index.js';
export type { ACL, Id, Stat } from './proto/index.js';
export { parseConnectString } from './proto/connectString.js';

// The reactive ZooKeeper client.
export {
  Client, ClientState, SuspendedPolicy, createClient, isConnectedState, isTerminalState, leader$, leadership$, tcpConnector,
  tcpRwProber,
} from './client/index.js';
export type {
  CallOptions, ClientConfig, ClientStateEvent, Connector, CreateOptions, DataWatchOptions, LeadershipOptions,
  NodeChildren, NodeData, PersistentWatchOptions, RwProber, TxOp, TxResult, VersionOptions, WatchEvent,
} from './client/index.js';

// The quorum peer.
export { createPeer, statusLogFields } from './peer/index.js';
export type { CreatePeerOptions, Peer, PeerRole, PeerStatus, PeerVote, PeerTransport, PeerTransportFactory } from './peer/index.js';

// Quorum connections: ZooKeeper's election-port networking (QuorumCnxManager).
export { createQuorumManager } from './quorum/manager.js';
export type { QuorumManager, QuorumManagerConfig, QuorumServerEntry } from './quorum/manager.js';
export type { CloseReason, HandshakeOutcome, QuorumConnectionEvent, QuorumMessage } from './quorum/events.js';
export type { QuorumConnector, QuorumListenEvent } from './quorum/connector.js';

// After the election: Zab's leader/learner handshake and liveness on the quorum port.
export { LostReason, fileEpochStore, runLeader, runLearner, runRole } from './zab/index.js';
export type { EpochStore, LeaderConfig, LearnerConfig, RunRoleConfig, SyncMode, ZabEvent } from './zab/index.js';

// The standalone server for client sessions.
export { startStandaloneServer } from './server/standaloneServer.js';
export type { StandaloneServer, StandaloneServerOptions } from './server/standaloneServer.js';
export { standaloneConfigOf } from './server/serverConfig.js';
export type { StandaloneServerConfig } from './server/serverConfig.js';
