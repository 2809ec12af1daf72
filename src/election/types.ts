// Shared shapes of the election: server states, votes, decoded notifications, and the events and effects that
// connect the pure reducer (step.ts) to its shell (runElection.ts).
import type { QuorumVerifier } from './quorumVerifier.js';

export const ServerState = { LOOKING: 'LOOKING', FOLLOWING: 'FOLLOWING', LEADING: 'LEADING', OBSERVING: 'OBSERVING' } as const;
export type ServerState = (typeof ServerState)[keyof typeof ServerState];


export const LearnerType = { participant: 'participant', observer: 'observer' } as const;
export type LearnerType = (typeof LearnerType)[keyof typeof LearnerType];

/** Java's Long.MIN_VALUE: what non-voters propose (initId/initZxid/initEpoch). */
export const LONG_MIN = -(2n ** 63n);

/** A vote as ZooKeeper's Vote class holds it; `version` 0 means "unknown" (fle.md §1.4). */
export interface Vote {
  readonly version: number;
  readonly leader: bigint;
  readonly zxid: bigint;
  readonly electionEpoch: bigint;
  readonly peerEpoch: bigint;
  readonly state: ServerState;
}

/** The candidate part of a vote: what lookForLeader calls the proposal. */
export interface Proposal {
  readonly leader: bigint;
  readonly zxid: bigint;
  readonly peerEpoch: bigint;
}

/** The sender's committed config carried by a version-2 notification, parsed; null when absent or unparsable. */
export interface NotificationConfig {
  readonly text: string;
  readonly verifier: QuorumVerifier | null;
  /** Why the text did not parse (the notification is still processed, as ZooKeeper does). */
  readonly error?: string;
}

/** A decoded notification, with the sender's sid taken from the connection it arrived on. */
export interface Notification {
  readonly sid: bigint;
  readonly version: number;
  readonly state: ServerState;
  readonly leader: bigint;
  readonly zxid: bigint;
  readonly electionEpoch: bigint;
  readonly peerEpoch: bigint;
  readonly config: NotificationConfig | null;
}

/** What we put on the wire; the codec adds version 2 and our committed config text. */
export interface OutboundNotification {
  readonly state: ServerState;
  readonly leader: bigint;
  readonly zxid: bigint;
  readonly electionEpoch: bigint;
  readonly peerEpoch: bigint;
}

export const TimerName = { notification: 'notification', finalize: 'finalize' } as const;
export type TimerName = (typeof TimerName)[keyof typeof TimerName];

export type ElectionEvent =
  /** Begin a lookForLeader call (the logical clock advances); the persisted inputs of the initial vote. */
  | { readonly kind: 'start'; readonly lastLoggedZxid: bigint; readonly currentEpoch: bigint }
  | { readonly kind: 'notification'; readonly notification: Notification }
  /** A timer we armed fired. `haveDelivered` is the transport's answer at that moment (asked by the shell). */
  | { readonly kind: 'timerFired'; readonly name: TimerName; readonly haveDelivered: boolean }
  /** Zab finished sync with a new epoch: the stored vote's peerEpoch changes (ZOOKEEPER-1732). */
  | { readonly kind: 'peerEpochUpdated'; readonly peerEpoch: bigint }
  /** The peer shuts this election down (no decision). */
  | { readonly kind: 'stop' };

export type ElectionEffect =
  | { readonly kind: 'send'; readonly to: bigint; readonly notification: OutboundNotification }
  /** sendNotifications(): one copy to every voter of the committed and proposed configs, ourselves included. */
  | { readonly kind: 'broadcast'; readonly to: readonly bigint[]; readonly notification: OutboundNotification }
  | { readonly kind: 'connectAll' }
  | { readonly kind: 'armTimer'; readonly name: TimerName; readonly delayMs: number }
  | { readonly kind: 'cancelTimer'; readonly name: TimerName }
  | { readonly kind: 'decided'; readonly vote: Vote; readonly role: ServerState }
  /** A newer, different config arrived while LOOKING: ZooKeeper restarts its election machinery. */
  | { readonly kind: 'shutdown'; readonly reason: string }
  /** Why an input changed nothing; for logs and transcripts only. */
  | { readonly kind: 'note'; readonly text: string };

export const Phase = { idle: 'idle', looking: 'looking', finalizing: 'finalizing', decided: 'decided', stopped: 'stopped' } as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

export interface ElectionState {
  readonly phase: Phase;
  /** The round; survives restarts of the election within one process. */
  readonly logicalClock: bigint;
  readonly proposal: Proposal;
  /** The initial vote of the current lookForLeader call (initId/initZxid/initEpoch). */
  readonly initial: Proposal;
  readonly recvset: ReadonlyMap<bigint, Vote>;
  readonly outOfElection: ReadonlyMap<bigint, Vote>;
  readonly notTimeoutMs: number;
  /** The peer's stored vote: answered to LOOKING peers once decided (fle.md §4). */
  readonly currentVote: Vote;
  /** LOOKING while electing, else the decided role. */
  readonly peerState: ServerState;
  /** Notifications received while LOOKING before the loop started (ZooKeeper queues them for lookForLeader). */
  readonly pending: readonly Notification[];
}

/** Static inputs of the reducer. */
export interface ElectionContext {
  readonly sid: bigint;
  readonly verifier: QuorumVerifier;
  /** The last-proposed config; counted only when its version is higher than the committed one. */
  readonly proposedVerifier?: QuorumVerifier;
  readonly minNotificationIntervalMs: number;
  readonly maxNotificationIntervalMs: number;
  readonly finalizeWaitMs: number;
}

export interface StepResult {
  readonly state: ElectionState;
  readonly effects: readonly ElectionEffect[];
}
