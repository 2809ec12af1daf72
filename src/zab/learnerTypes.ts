// Types of the learner reducer (Learner.registerWithLeader + syncWithLeader + the follow loop).
import type { Note, PersistedEpochFile, SyncMode, ZabEvent } from './types.js';
import type { QuorumPacket } from './wire/quorumPacket.js';

export const LearnerStage = {
  connecting: 'connecting',
  awaitingLeaderInfo: 'awaitingLeaderInfo',
  persistingAccepted: 'persistingAccepted',
  /** ACKEPOCH sent; the leader answers with DIFF, TRUNC or SNAP (the decoder has read past SNAP's data tree). */
  awaitingSyncMode: 'awaitingSyncMode',
  /** Between the sync mode and NEWLEADER (a DIFF may carry proposals). */
  syncing: 'syncing',
  persistingCurrent: 'persistingCurrent',
  awaitingUptodate: 'awaitingUptodate',
  following: 'following',
  lost: 'lost',
} as const;
export type LearnerStage = (typeof LearnerStage)[keyof typeof LearnerStage];

export interface LearnerContext {
  readonly sid: bigint;
  readonly observer: boolean;
  readonly lastZxid: bigint;
  readonly configVersion: bigint;
  readonly tickTimeMs: number;
  readonly initLimit: number;
  readonly syncLimit: number;
}

export interface LearnerState {
  readonly stage: LearnerStage;
  readonly acceptedEpoch: bigint;
  readonly currentEpoch: bigint;
  readonly newEpoch: bigint;
  readonly newLeaderZxid: bigint;
  readonly syncMode: SyncMode | undefined;
  /** Proposals and commits seen and not applied: rxzk has no data tree yet. */
  readonly skippedTxns: number;
}

export type LearnerEvent =
  | { readonly kind: 'connected' }
  | { readonly kind: 'connectFailed'; readonly detail: string }
  | { readonly kind: 'packet'; readonly packet: QuorumPacket }
  | { readonly kind: 'disconnected'; readonly detail: string }
  | { readonly kind: 'readTimeout' }
  | { readonly kind: 'persisted'; readonly file: PersistedEpochFile; readonly epoch: bigint }
  | { readonly kind: 'persistFailed'; readonly file: PersistedEpochFile; readonly epoch: bigint; readonly detail: string };

export type LearnerEffect =
  | { readonly kind: 'send'; readonly packet: QuorumPacket }
  | { readonly kind: 'close'; readonly reason: string }
  | { readonly kind: 'persist'; readonly file: PersistedEpochFile; readonly epoch: bigint }
  /** (Re)arm the read timeout: the socket's SO_TIMEOUT, initLimit ticks until NEWLEADER, syncLimit after. */
  | { readonly kind: 'armReadTimer'; readonly delayMs: number }
  | { readonly kind: 'emit'; readonly event: ZabEvent }
  | Note;

export interface LearnerResult {
  readonly state: LearnerState;
  readonly effects: readonly LearnerEffect[];
}
