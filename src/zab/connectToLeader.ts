// Learner.connectToLeader: up to attemptsMax rounds over the leader's addresses, each dial bounded by what is left
// of the limit (tickTime × initLimit, or connectToLearnerMasterLimit), a short pause between rounds; the whole
// budget spent means the leader is unreachable.
import { defer, of, retry, tap, throwError, timer, type Observable, type SchedulerLike } from 'rxjs';
import type { SocketAddress } from '../../streams/index.js';
import type { ByteDuplex, QuorumConnector } from './connector.js';

export interface ConnectToLeaderConfig {
  readonly addresses: readonly SocketAddress[];
  readonly limitMs: number;
  readonly connector: QuorumConnector;
  readonly scheduler: SchedulerLike;
  /** ZooKeeper tries 5 times. */
  readonly attemptsMax?: number;
  /** zookeeper.leaderConnectDelayDuringRetryMs. */
  readonly retryDelayMs?: number;
}

export function connectToLeader(config: ConnectToLeaderConfig): Observable<ByteDuplex> {
  const { addresses, limitMs, connector, scheduler, attemptsMax = 5, retryDelayMs = 100 } = config;
  if (addresses.length === 0) return throwError(() => new Error('the leader has no quorum address'));
  return defer(() => {
    const startedMs = scheduler.now();
    const remainingMs = (): number => limitMs - (scheduler.now() - startedMs);
    let dials = 0;
    let connected = false;
    const attempt$ = defer(() => {
      const address = addresses[dials % addresses.length] as SocketAddress;
      dials += 1;
      return connector.dial(address, Math.max(1, Math.min(limitMs, remainingMs())));
    }).pipe(tap(() => {
      connected = true;
    }));
    return attempt$.pipe(retry({
      count: attemptsMax * addresses.length - 1,
      delay: (error: unknown) => {
        if (connected || remainingMs() <= 0) return throwError(() => error);
        const roundDone = dials % addresses.length === 0;
        return roundDone ? timer(Math.min(retryDelayMs, remainingMs()), scheduler) : of(0);
      },
    }));
  });
}
