// Shared vocabulary of the Zab liveness layer: what a role reports to the peer, and the epoch files it writes.
import type { EpochFile } from '../config/epochs.js';

/** Why a role ended; the peer starts a new election round on any of them. */
export const LostReason = {
  leaderLost: 'leader lost',
  quorumLost: 'quorum lost',
  handshakeTimeout: 'handshake timeout',
  protocolError: 'protocol error',
  epochWriteFailed: 'epoch write failed',
  listenFailed: 'listen failed',
} as const;
export type LostReason = (typeof LostReason)[keyof typeof LostReason];

/** What runLeader / runLearner report. The Observable completes right after 'lost'. */
export type ZabEvent =
  | { readonly kind: 'listening'; readonly host: string; readonly port: number }
  /** The new epoch is fixed: a leader wrote currentEpoch, a learner accepted LEADERINFO. */
  | { readonly kind: 'established'; readonly epoch: bigint }
  /** Serving: a leader heard a quorum ack NEWLEADER, a learner got UPTODATE (and says how the leader synced it). */
  | { readonly kind: 'synced'; readonly epoch: bigint; readonly syncMode?: SyncMode }
  | { readonly kind: 'lost'; readonly reason: LostReason; readonly detail: string };

export type SyncMode = 'diff' | 'trunc' | 'snap';

export type PersistedEpochFile = Extract<EpochFile, 'acceptedEpoch' | 'currentEpoch'>;

/** The peer's epochs and how to write them; memory follows only after a write succeeded. Writes to one file finish
 *  in the order they began. */
export interface EpochStore {
  readonly acceptedEpoch: bigint;
  readonly currentEpoch: bigint;
  persist(file: PersistedEpochFile, epoch: bigint): Promise<void> | void;
  /** Releases what the store holds open (file handles); the peer calls it when it stops. */
  close?(): Promise<void>;
}

export type LogLevel = 'debug' | 'info' | 'warn';

/** A line for the shell to log; reducers never log themselves. */
export interface Note {
  readonly kind: 'note';
  readonly level: LogLevel;
  readonly text: string;
}
