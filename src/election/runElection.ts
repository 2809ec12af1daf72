// The election shell: merges the quorum layer's inbound notifications, lifecycle commands and timer firings, scans
// them through the pure reducer (via the streams kernel's feedback loop) and performs its effects: sends, connectAll,
// timers on the injected scheduler. Bad frames are logged and dropped here; they never reach the reducer.
import { Observable, asyncScheduler, filter, map, merge, mergeMap, share, startWith, timer, type OperatorFunction,
  type SchedulerLike } from 'rxjs';
import { feedback, type Reaction } from '../../streams/index.js';
import { debugEnabled, silentLogger, type Logger } from '../logging.js';
import { describeStep } from './describeStep.js';
import type { QuorumVerifier } from './quorumVerifier.js';
import { initialElectionState, step } from './step.js';
import { readNotification } from './readNotification.js';
import { encodeNotification } from './wire/notification.js';
import { renderConfigText } from './configText.js';
import type { ElectionContext, ElectionEffect, ElectionEvent, ElectionState, OutboundNotification, ServerState, Vote }
  from './types.js';

/** The narrow port to the quorum connection manager. */
export interface ElectionTransport {
  readonly inbound$: Observable<{ readonly sid: bigint; readonly payload: Uint8Array }>;
  /** To our own sid loops back. */
  toSend(sid: bigint, payload: Uint8Array): void;
  connectAll(): void;
  /** ZooKeeper's quirk: true when some peer's send queue is empty. */
  haveDelivered(): boolean;
}

/** Commands from the peer: start a new election (the round continues), report the Zab epoch, stop. */
export type ElectionCommand = Extract<ElectionEvent, { kind: 'start' | 'peerEpochUpdated' | 'stop' }>;

export interface RunElectionConfig {
  readonly sid: bigint;
  readonly verifier: QuorumVerifier;
  readonly proposedVerifier?: QuorumVerifier;
  readonly lastLoggedZxid: bigint;
  readonly currentEpoch: bigint;
  readonly transport: ElectionTransport;
  /** Later commands; the first election starts on subscribe unless `autoStart` is false. */
  readonly commands$?: Observable<ElectionCommand>;
  readonly autoStart?: boolean;
  readonly minNotificationIntervalMs?: number;
  readonly maxNotificationIntervalMs?: number;
  readonly finalizeWaitMs?: number;
  /** Version of our committed config; defaults to the verifier's. */
  readonly configVersion?: bigint;
  /** Our committed config as sent in every notification; defaults to the verifier's text (with its version). */
  readonly configText?: string;
  readonly scheduler?: SchedulerLike;
  readonly logger?: Logger;
}

export interface ElectionStep {
  readonly event: ElectionEvent;
  readonly state: ElectionState;
  readonly effects: readonly ElectionEffect[];
}

export interface Decision {
  readonly vote: Vote;
  readonly role: ServerState;
}

export interface ElectionRun {
  /** Every reducer step. Subscribing runs the election; it stops when the last subscriber leaves. */
  readonly steps$: Observable<ElectionStep>;
  readonly state$: Observable<ElectionState>;
  readonly decision$: Observable<Decision>;
}

export function runElection(config: RunElectionConfig): ElectionRun {
  const { sid, proposedVerifier, lastLoggedZxid, currentEpoch, transport, commands$, autoStart = true,
    minNotificationIntervalMs = 200, maxNotificationIntervalMs = 60_000, finalizeWaitMs = 200,
    configVersion = config.verifier.version, scheduler = asyncScheduler, logger = silentLogger } = config;
  const verifier = { ...config.verifier, version: configVersion };
  const { configText = renderConfigText(verifier) } = config;
  const ctx: ElectionContext = { sid, verifier, minNotificationIntervalMs, maxNotificationIntervalMs, finalizeWaitMs,
    ...(proposedVerifier === undefined ? {} : { proposedVerifier }) };
  const log = logger.child({ component: 'election', sid: sid.toString() });
  const send = (to: bigint, n: OutboundNotification): void => transport.toSend(to, encodeNotification(n, configText));
  const react = (effect: ElectionEffect): Reaction<ElectionEvent> => {
    switch (effect.kind) {
      case 'send': return send(effect.to, effect.notification);
      case 'broadcast': return effect.to.forEach((to) => send(to, effect.notification));
      case 'connectAll': return transport.connectAll();
      case 'armTimer': return { key: effect.name, events$: timer(effect.delayMs, scheduler).pipe(
        map((): ElectionEvent => ({ kind: 'timerFired', name: effect.name, haveDelivered: transport.haveDelivered() }))) };
      case 'cancelTimer': return { key: effect.name, events$: undefined };
      case 'decided': return log.info({ leader: effect.vote.leader.toString(), role: effect.role }, 'election decided');
      case 'shutdown': return log.warn({ reason: effect.reason }, 'election shut down');
      case 'note': return undefined;
    }
  };
  const start: ElectionCommand = { kind: 'start', lastLoggedZxid, currentEpoch };
  const inbound$ = transport.inbound$.pipe(decodeInbound(log));
  const lifecycle$ = commands$ ?? new Observable<ElectionCommand>();
  const events$ = merge(autoStart ? lifecycle$.pipe(startWith(start)) : lifecycle$, inbound$);
  const steps$ = events$.pipe(
    feedback<ElectionState, ElectionEvent, ElectionEffect>({
      initial: initialElectionState(ctx, { lastLoggedZxid, currentEpoch }),
      step: (state, event) => step(ctx, state, event),
      react,
    }),
    map((s): ElectionStep => {
      if (debugEnabled(log)) log.debug({ step: describeStep(s) }, 'election step');
      return s;
    }),
    share(),
  );
  return {
    steps$,
    state$: steps$.pipe(map((s) => s.state)),
    decision$: steps$.pipe(map((s) => s.effects.find((e) => e.kind === 'decided')),
      filter((e): e is Extract<ElectionEffect, { kind: 'decided' }> => e !== undefined),
      map(({ vote, role }) => ({ vote, role }))),
  };
}

/** Decodes frames from the quorum layer; a malformed one is logged and dropped (an operating error, not a failure). */
function decodeInbound(log: Logger): OperatorFunction<{ readonly sid: bigint; readonly payload: Uint8Array }, ElectionEvent> {
  return mergeMap(({ sid, payload }) => {
    const decoded = readNotification(sid, payload);
    if (decoded.ok) return [{ kind: 'notification', notification: decoded.notification } as const];
    log.warn({ from: sid.toString(), bytes: payload.length, reason: decoded.reason }, 'dropped malformed notification');
    return [];
  });
}
