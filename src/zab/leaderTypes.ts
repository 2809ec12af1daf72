// Types of the leader reducer: its phases (Leader.lead's waits), each learner handler's stage, events and effects.
import type { QuorumVerifier } from '../election/quorumVerifier.js';
import type { SyncSource } from './leaderSyncStep.js';
import type { LostReason, Note, PersistedEpochFile, ZabEvent } from './types.js';
import type { QuorumPacket } from './wire/quorumPacket.js';

export const LeaderPhase = {
  discovering: 'discovering',
  persistingAccepted: 'persistingAccepted',
  awaitingEpochAcks: 'awaitingEpochAcks',
  awaitingNewLeaderAcks: 'awaitingNewLeaderAcks',
  running: 'running',
  lost: 'lost',
} as const;
export type LeaderPhase = (typeof LeaderPhase)[keyof typeof LeaderPhase];

/** Where one learner connection is in its handshake (LearnerHandler.run). */
export const HandlerStage = {
  awaitingInfo: 'awaitingInfo',
  /** Info received; waiting for the leader to fix the epoch. */
  awaitingEpoch: 'awaitingEpoch',
  awaitingAckEpoch: 'awaitingAckEpoch',
  /** Epoch acked; waiting for a quorum of epoch acks. */
  awaitingSync: 'awaitingSync',
  awaitingNewLeaderAck: 'awaitingNewLeaderAck',
  /** NEWLEADER acked; waiting for a quorum of such acks. */
  awaitingQuorum: 'awaitingQuorum',
  awaitingUptodateAck: 'awaitingUptodateAck',
  synced: 'synced',
} as const;
export type HandlerStage = (typeof HandlerStage)[keyof typeof HandlerStage];

export interface LeaderContext {
  readonly sid: bigint;
  readonly verifier: QuorumVerifier;
  readonly initLimit: number;
  readonly syncLimit: number;
  readonly syncSource: SyncSource;
  /** Our committed config, sent in NEWLEADER. */
  readonly configText: string;
  readonly configVersion: bigint;
}

export interface LearnerHandler {
  readonly connId: number;
  readonly stage: HandlerStage;
  readonly sid: bigint | undefined;
  readonly participant: boolean;
  readonly lastZxid: bigint;
  readonly lastHeardHalfTick: number;
  /** Leader.tick up to which this learner counts as synced (LearnerHandler.tickOfNextAckDeadline). */
  readonly tickOfNextAckDeadline: number;
}

export interface LeaderState {
  readonly phase: LeaderPhase;
  readonly halfTicks: number;
  readonly runningHalfTicks: number;
  /** Leader.tick: counts whole ticks once running. */
  readonly tick: number;
  readonly stageDeadlineHalfTick: number;
  readonly acceptedEpoch: bigint;
  readonly currentEpoch: bigint;
  /** The epoch being proposed, then established. */
  readonly epoch: bigint;
  readonly connecting: ReadonlySet<bigint>;
  readonly epochAcks: ReadonlySet<bigint>;
  readonly newLeaderAcks: ReadonlySet<bigint>;
  readonly learners: ReadonlyMap<number, LearnerHandler>;
}

export type LeaderEvent =
  | { readonly kind: 'start' }
  | { readonly kind: 'listening'; readonly host: string; readonly port: number }
  | { readonly kind: 'listenFailed'; readonly detail: string }
  | { readonly kind: 'connected'; readonly connId: number }
  | { readonly kind: 'packet'; readonly connId: number; readonly packet: QuorumPacket }
  | { readonly kind: 'disconnected'; readonly connId: number; readonly detail: string }
  | { readonly kind: 'halfTick' }
  | { readonly kind: 'persisted'; readonly file: PersistedEpochFile; readonly epoch: bigint }
  | { readonly kind: 'persistFailed'; readonly file: PersistedEpochFile; readonly epoch: bigint; readonly detail: string };

export type LeaderEffect =
  | { readonly kind: 'send'; readonly connId: number; readonly packet: QuorumPacket }
  | { readonly kind: 'close'; readonly connId: number; readonly reason: string }
  | { readonly kind: 'persist'; readonly file: PersistedEpochFile; readonly epoch: bigint }
  | { readonly kind: 'emit'; readonly event: ZabEvent }
  | Note;

export interface LeaderResult {
  readonly state: LeaderState;
  readonly effects: readonly LeaderEffect[];
}

export type { LostReason };
