// The learner shell (follower or observer): dials the leader's quorum port within initLimit, feeds its packets, the
// read timer and epoch writes to learnerStep, and performs the effects. Emits ZabEvents and completes after 'lost';
// unsubscribing closes the connection and the timer.
import { asyncScheduler, catchError, defer, map, mergeMap, of, startWith, takeWhile, timer, type Observable,
  type SchedulerLike } from 'rxjs';
import { feedback, type Reaction, type SocketAddress } from '../../streams/index.js';
import { silentLogger, type Logger } from '../logging.js';
import { socketConnector, type ByteDuplex, type QuorumConnector } from './connector.js';
import { connectToLeader } from './connectToLeader.js';
import { decodeQuorumPackets } from './decodeQuorumPackets.js';
import { endWithClose } from './endWithClose.js';
import { persistEpoch } from './epochStore.js';
import { initialLearnerState, learnerStep } from './learnerStep.js';
import type { LearnerContext, LearnerEffect, LearnerEvent, LearnerState } from './learnerTypes.js';
import { describeError } from './runLeader.js';
import type { EpochStore, ZabEvent } from './types.js';
import { defaultQuorumPacketLimits, type QuorumPacketLimits } from './wire/limits.js';
import { encodeQuorumPacket } from './wire/quorumPacket.js';

export interface LearnerConfig {
  readonly sid: bigint;
  readonly leaderSid: bigint;
  /** The leader's quorum address(es) from our committed view. */
  readonly leaderAddresses: readonly SocketAddress[];
  readonly observer?: boolean;
  readonly epochs: EpochStore;
  readonly lastZxid: bigint;
  readonly configVersion?: bigint;
  readonly tickTimeMs: number;
  readonly initLimit: number;
  readonly syncLimit: number;
  /** Ticks for connecting when > 0, else initLimit (connectToLearnerMasterLimit). */
  readonly connectToLearnerMasterLimit?: number;
  readonly connectAttemptsMax?: number;
  readonly connectRetryDelayMs?: number;
  readonly connectRetryDelayInitialMs?: number;
  readonly connector?: QuorumConnector;
  readonly packetLimits?: QuorumPacketLimits;
  readonly scheduler?: SchedulerLike;
  readonly logger?: Logger;
}

export function runLearner(config: LearnerConfig): Observable<ZabEvent> {
  const { sid, leaderSid, observer = false, epochs, lastZxid, configVersion = 0n, tickTimeMs, initLimit, syncLimit,
    scheduler = asyncScheduler, logger = silentLogger } = config;
  const ctx: LearnerContext = { sid, observer, lastZxid, configVersion, tickTimeMs, initLimit, syncLimit };
  const log = logger.child({ component: observer ? 'zab-observer' : 'zab-follower', sid: sid.toString(),
    leader: leaderSid.toString() });
  return defer(() => {
    let link: ByteDuplex | undefined;
    const react = (effect: LearnerEffect): Reaction<LearnerEvent> => {
      switch (effect.kind) {
        case 'send': return void link?.send(encodeQuorumPacket(effect.packet));
        case 'close': return void link?.destroy();
        case 'persist': return persistEpoch(epochs, effect.file, effect.epoch);
        case 'armReadTimer': return { key: 'read', events$: timer(effect.delayMs, scheduler).pipe(
          map((): LearnerEvent => ({ kind: 'readTimeout' }))) };
        case 'emit': return log.info({ event: effect.event.kind }, `learner ${effect.event.kind}`);
        case 'note': return log[effect.level]({}, effect.text);
      }
    };
    const events$ = leaderLink(config, scheduler, (duplex) => {
      link = duplex;
    });
    return events$.pipe(
      feedback<LearnerState, LearnerEvent, LearnerEffect>({
        initial: initialLearnerState(epochs), step: (state, event) => learnerStep(ctx, state, event), react }),
      mergeMap((step) => step.effects.flatMap((e) => (e.kind === 'emit' ? [e.event] : []))),
      takeWhile((event) => event.kind !== 'lost', true),
    );
  });
}

function leaderLink(config: LearnerConfig, scheduler: SchedulerLike, onLink: (duplex: ByteDuplex) => void):
Observable<LearnerEvent> {
  const { leaderAddresses, tickTimeMs, initLimit, connectToLearnerMasterLimit = 0, connector = socketConnector,
    packetLimits = defaultQuorumPacketLimits, connectAttemptsMax, connectRetryDelayMs, connectRetryDelayInitialMs } = config;
  const limitTicks = connectToLearnerMasterLimit > 0 ? connectToLearnerMasterLimit : initLimit;
  return connectToLeader({ addresses: leaderAddresses, limitMs: tickTimeMs * limitTicks, connector, scheduler,
    ...(connectAttemptsMax === undefined ? {} : { attemptsMax: connectAttemptsMax }),
    ...(connectRetryDelayMs === undefined ? {} : { retryDelayMs: connectRetryDelayMs }),
    ...(connectRetryDelayInitialMs === undefined ? {} : { retryDelayInitialMs: connectRetryDelayInitialMs }) }).pipe(
    mergeMap((duplex) => {
      onLink(duplex);
      return duplex.input$.pipe(
        decodeQuorumPackets(packetLimits, { snapshotAfterSnap: true }),
        map((packet): LearnerEvent => ({ kind: 'packet', packet })),
        startWith<LearnerEvent>({ kind: 'connected' }),
        endWithClose<LearnerEvent, LearnerEvent>({ ended: { kind: 'disconnected', detail: 'closed by the leader' },
          failed: (error) => ({ kind: 'disconnected', detail: describeError(error) }) }),
      );
    }),
    catchError((error: unknown) => of<LearnerEvent>({ kind: 'connectFailed', detail: describeError(error) })),
  );
}
