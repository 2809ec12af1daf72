// The slice of src/peer's public contract the CLI codes against, declared here so `rxzk start` can load the peer
// module lazily and tests can hand in a fake with the same shape.
import type { Observable, SchedulerLike } from 'rxjs';
import type { PeerConfig } from '../../config/peerConfig.js';
import type { Logger } from '../../logging.js';

export const peerRoles = ['LOOKING', 'FOLLOWING', 'LEADING', 'OBSERVING'] as const;
export type PeerRole = (typeof peerRoles)[number];

export interface PeerVoteView {
  readonly leader: bigint;
  readonly zxid: bigint;
  readonly electionEpoch: bigint;
  readonly peerEpoch: bigint;
}

export interface PeerStatusView {
  readonly sid: bigint;
  readonly state: PeerRole;
  readonly vote: PeerVoteView | undefined;
  readonly leader: bigint | undefined;
  readonly electionEpoch: bigint;
  readonly peerEpoch: bigint;
  readonly lastElectionMs: number | undefined;
  readonly connections: number;
  /** Serving: the role finished its handshake. */
  readonly synced?: boolean;
  /** Why the peer last went back to LOOKING, until it syncs again. */
  readonly lostReason?: string | undefined;
}

export interface PeerHandle {
  readonly state$: Observable<PeerStatusView>;
  stop(): Promise<void>;
}

export interface PeerModule {
  createPeer(config: PeerConfig, options?: { logger?: Logger; scheduler?: SchedulerLike }): Promise<PeerHandle>;
  statusLogFields(status: PeerStatusView): Record<string, string | number | null>;
}
