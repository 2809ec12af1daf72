// A dress rehearsal of the Zab handshake, run once in memory so the leader and learner code is compiled before this
// peer needs it. V8 compiles a function on its first call, so a peer that has never led pays for compiling the whole
// leader path (shell, reducers, codec) in the few milliseconds between its election decision and its follower's sync,
// which is the critical path of a failover. The rehearsal pays that cost at a moment the caller picks (the peer uses
// its election's finalize wait, 200 ms of idle), on a memory duplex with a throwaway epoch store and no logger: it
// binds no port, writes no file and shares no state with the real roles.
import { asyncScheduler, filter, map, merge, Observable, scan, take, takeUntil, timer, type SchedulerLike } from 'rxjs';
import { memoryDuplexPair, type MemoryDuplexConfig, type SocketAddress } from '../../streams/index.js';
import { majorityVerifier } from '../election/quorumVerifier.js';
import { LearnerType } from '../election/types.js';
import type { ByteDuplex, QuorumConnector, QuorumListenEvent } from './connector.js';
import { runLeader } from './runLeader.js';
import { runLearner } from './runLearner.js';
import type { EpochStore, ZabEvent } from './types.js';

export type RehearsalOutcome = 'synced' | 'timedOut';

export interface RehearsalConfig {
  /** Bound on the whole rehearsal; it normally takes a few milliseconds. */
  readonly timeoutMs?: number;
  /** Delivery delay on the memory link, on the scheduler (0: synchronous). Tests use it to see the bound work. */
  readonly linkDelayMs?: number;
  readonly scheduler?: SchedulerLike;
}

const leaderSid = 1n;
const learnerSid = 2n;
/** Text only: the rehearsal's connector never resolves these. */
const stageAddress: SocketAddress = { host: '127.0.0.1', port: 1 };
const member = (sid: bigint) => ({ sid, type: LearnerType.participant, address: '127.0.0.1:1:2' });

/** Emits one outcome, then completes: 'synced' once both sides of the handshake reported synced. Unsubscribing
 *  tears both roles down. */
export function rehearseZabHandshake(config: RehearsalConfig = {}): Observable<RehearsalOutcome> {
  const { timeoutMs = 1000, linkDelayMs = 0, scheduler = asyncScheduler } = config;
  return new Observable<RehearsalOutcome>((subscriber) => {
    const { leaderConnector, learnerConnector } = memoryStage(linkDelayMs > 0 ? { scheduler, delayMs: linkDelayMs } : {});
    const limits = { tickTimeMs: 1000, initLimit: 10, syncLimit: 5, lastZxid: 0n, scheduler };
    const leader$ = runLeader({ ...limits, sid: leaderSid, verifier: majorityVerifier({
      members: [member(leaderSid), member(learnerSid), member(3n)] }), epochs: memoryEpochs(),
    listenAddress: stageAddress, connector: leaderConnector });
    const learner$ = runLearner({ ...limits, sid: learnerSid, leaderSid, leaderAddresses: [stageAddress],
      epochs: memoryEpochs(), connector: learnerConnector });
    // Both roles stay subscribed until both report synced: the leader reports it a moment before its UPTODATE has
    // reached the learner.
    const bothSynced$ = merge(leader$, learner$).pipe(
      scan((count, event) => (event.kind === 'synced' ? count + 1 : count), 0), filter((count) => count === 2),
      map((): RehearsalOutcome => 'synced'));
    const timedOut$ = timer(timeoutMs, scheduler).pipe(map((): RehearsalOutcome => 'timedOut'));
    return merge(bothSynced$.pipe(takeUntil(timedOut$)), timedOut$).pipe(take(1)).subscribe(subscriber);
  });
}

function memoryEpochs(): EpochStore {
  const memory = { acceptedEpoch: 0n, currentEpoch: 0n };
  return {
    get acceptedEpoch() { return memory.acceptedEpoch; },
    get currentEpoch() { return memory.currentEpoch; },
    persist(file, epoch) {
      memory[file] = epoch;
    },
  };
}

/** One listener and one dialer joined by memory pairs: each dial hands its far end to the listener. */
function memoryStage(link: MemoryDuplexConfig): { leaderConnector: QuorumConnector; learnerConnector: QuorumConnector } {
  const accepted: ((event: QuorumListenEvent) => void)[] = [];
  const leaderConnector: QuorumConnector = {
    listen: (address) => new Observable<QuorumListenEvent>((subscriber) => {
      const taken: ByteDuplex[] = [];
      const take = (event: QuorumListenEvent): void => {
        if (event.kind === 'connection') taken.push(event.connection);
        subscriber.next(event);
      };
      accepted.push(take);
      subscriber.next({ kind: 'listening', address });
      return () => {
        accepted.splice(accepted.indexOf(take), 1);
        for (const connection of taken) connection.destroy();
      };
    }),
    dial: () => new Observable<ByteDuplex>((subscriber) => subscriber.error(new Error('the rehearsal leader never dials'))),
  };
  const learnerConnector: QuorumConnector = {
    listen: () => new Observable<QuorumListenEvent>((subscriber) => subscriber.error(new Error('a learner never listens'))),
    dial: () => new Observable<ByteDuplex>((subscriber) => {
      const [learnerEnd, leaderEnd] = memoryDuplexPair<Uint8Array, Uint8Array>(link);
      const listener = accepted[0];
      if (listener === undefined) {
        subscriber.error(new Error('nothing listens on the rehearsal stage'));
        return undefined;
      }
      listener({ kind: 'connection', connection: leaderEnd });
      subscriber.next(learnerEnd);
      const closed = learnerEnd.closed$.subscribe(() => subscriber.complete());
      return () => {
        closed.unsubscribe();
        learnerEnd.destroy();
      };
    }),
  };
  return { leaderConnector, learnerConnector };
}
