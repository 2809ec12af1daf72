// Barrel of the reactive ZooKeeper client.
export { Client, createClient, WATCHED_READ_ATTEMPTS_MAX } from './client.js';
export type { CallOptions, ClientConfig, CreateOptions, NodeChildren, NodeData, VersionOptions } from './client.js';
export { ClientState, isConnectedState, isTerminalState } from './clientState.js';
export type { ClientStateEvent } from './clientState.js';
export { tcpConnector } from './connection.js';
export type { Connector } from './connection.js';
export { tcpRwProber } from './rwProbe.js';
export type { RwProber } from './rwProbe.js';
export type { TxOp, TxResult } from './multiOps.js';
export type { DataWatchOptions, PersistentWatchOptions, WatchEvent } from './watches.js';
export { SuspendedPolicy, leader$, leadership$, sortCandidates } from './leadership.js';
export type { LeadershipOptions } from './leadership.js';
