// The leader shell: listens on the quorum port, turns each learner connection, half-tick and epoch write into an
// event for leaderStep, and performs its effects (sends, closes, epoch writes, logs). Emits ZabEvents and completes
// after 'lost'; unsubscribing closes the listener, every learner connection and the tick timer.
import { catchError, concat, defer, finalize, interval, map, merge, mergeMap, of, retry, takeWhile, timer,
  type Observable, type SchedulerLike, asyncScheduler } from 'rxjs';
import { feedback, type Reaction, type SocketAddress } from '../../streams/index.js';
import { renderConfigText } from '../election/configText.js';
import type { QuorumVerifier } from '../election/quorumVerifier.js';
import { silentLogger, type Logger } from '../logging.js';
import { socketConnector, type ByteDuplex, type QuorumConnector, type QuorumListenEvent } from './connector.js';
import { decodeQuorumPackets } from './decodeQuorumPackets.js';
import { endWithClose } from './endWithClose.js';
import { persistEpoch } from './epochStore.js';
import { initialLeaderState, leaderStep } from './leaderStep.js';
import type { SyncSource } from './leaderSyncStep.js';
import type { LeaderContext, LeaderEffect, LeaderEvent, LeaderState } from './leaderTypes.js';
import type { EpochStore, ZabEvent } from './types.js';
import { defaultQuorumPacketLimits, type QuorumPacketLimits } from './wire/limits.js';
import { encodeQuorumPacket } from './wire/quorumPacket.js';

export interface LeaderConfig {
  readonly sid: bigint;
  readonly verifier: QuorumVerifier;
  readonly epochs: EpochStore;
  /** Our last logged zxid (0 while rxzk has no data tree). */
  readonly lastZxid: bigint;
  readonly listenAddress: SocketAddress;
  readonly tickTimeMs: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  /** Defaults to the verifier's text and version. */
  readonly configText?: string;
  readonly configVersion?: bigint;
  readonly syncSource?: SyncSource;
  readonly connector?: QuorumConnector;
  readonly packetLimits?: QuorumPacketLimits;
  /** Binding the quorum port again right after a previous role released it may need a few tries. */
  readonly bindAttemptsMax?: number;
  readonly bindRetryDelayMs?: number;
  readonly scheduler?: SchedulerLike;
  readonly logger?: Logger;
}

export function runLeader(config: LeaderConfig): Observable<ZabEvent> {
  const { sid, verifier, epochs, lastZxid, tickTimeMs, initLimit, syncLimit, configVersion = verifier.version,
    syncSource = { lastZxid }, scheduler = asyncScheduler, logger = silentLogger } = config;
  const { configText = renderConfigText({ ...verifier, version: configVersion }) } = config;
  const ctx: LeaderContext = { sid, verifier, initLimit, syncLimit, syncSource, configText, configVersion };
  const log = logger.child({ component: 'zab-leader', sid: sid.toString() });
  return defer(() => {
    const connections = new Map<number, ByteDuplex>();
    const react = (effect: LeaderEffect): Reaction<LeaderEvent> => {
      switch (effect.kind) {
        case 'send': return void connections.get(effect.connId)?.send(encodeQuorumPacket(effect.packet));
        case 'close': return void connections.get(effect.connId)?.destroy();
        case 'persist': return persistEpoch(epochs, effect.file, effect.epoch);
        case 'emit': return log.info({ event: effect.event.kind }, `leader ${effect.event.kind}`);
        case 'note': return log[effect.level]({}, effect.text);
      }
    };
    const halfTickMs = Math.max(1, Math.floor(tickTimeMs / 2));
    const events$ = merge(
      of<LeaderEvent>({ kind: 'start' }),
      learnerEvents(config, connections, scheduler),
      interval(halfTickMs, scheduler).pipe(map((): LeaderEvent => ({ kind: 'halfTick' }))),
    );
    return events$.pipe(
      feedback<LeaderState, LeaderEvent, LeaderEffect>({
        initial: initialLeaderState(epochs), step: (state, event) => leaderStep(ctx, state, event), react }),
      mergeMap((step) => step.effects.flatMap((e) => (e.kind === 'emit' ? [e.event] : []))),
      takeWhile((event) => event.kind !== 'lost', true),
    );
  });
}

/** Listener events and each accepted connection's packets, keyed by a per-run connection id. */
function learnerEvents(config: LeaderConfig, connections: Map<number, ByteDuplex>, scheduler: SchedulerLike):
Observable<LeaderEvent> {
  const { connector = socketConnector, packetLimits = defaultQuorumPacketLimits, bindAttemptsMax = 5,
    bindRetryDelayMs = 100 } = config;
  let nextConnId = 1;
  const perConnection = (connection: ByteDuplex): Observable<LeaderEvent> => {
    const connId = nextConnId++;
    connections.set(connId, connection);
    const packets$ = connection.input$.pipe(
      decodeQuorumPackets(packetLimits),
      map((packet): LeaderEvent => ({ kind: 'packet', connId, packet })),
      endWithClose<LeaderEvent, LeaderEvent>({ ended: { kind: 'disconnected', connId, detail: 'closed by the learner' },
        failed: (error) => ({ kind: 'disconnected', connId, detail: describeError(error) }) }),
    );
    return concat(of<LeaderEvent>({ kind: 'connected', connId }), packets$).pipe(
      finalize(() => connections.delete(connId)));
  };
  return connector.listen(config.listenAddress).pipe(
    retry({ count: bindAttemptsMax - 1, delay: () => timer(bindRetryDelayMs, scheduler) }),
    mergeMap((event: QuorumListenEvent): Observable<LeaderEvent> => event.kind === 'listening'
      ? of({ kind: 'listening', host: event.address.host, port: event.address.port })
      : perConnection(event.connection)),
    catchError((error: unknown) => of<LeaderEvent>({ kind: 'listenFailed', detail: describeError(error) })),
  );
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
