// Learner.connectToLeader: up to attemptsMax rounds over the leader's addresses, each dial bounded by what is left
// of the limit (tickTime × initLimit, or connectToLearnerMasterLimit), a pause between rounds; the whole budget spent
// means the leader is unreachable. ZooKeeper pauses a flat 100 ms; we start at 1 ms and double up to that, since a
// follower usually decides a network hop before its leader has bound the quorum port, and the first refusal is
// then only a matter of milliseconds (set retryDelayInitialMs = retryDelayMs = 100 and attemptsMax = 5 for 3.8's).
import { defer, of, retry, tap, throwError, timer, type Observable, type SchedulerLike } from 'rxjs';
import { backoffDelayMs, type SocketAddress } from '../../streams/index.js';
import type { ByteDuplex, QuorumConnector } from './connector.js';

export interface ConnectToLeaderConfig {
  readonly addresses: readonly SocketAddress[];
  readonly limitMs: number;
  readonly connector: QuorumConnector;
  readonly scheduler: SchedulerLike;
  /** Rounds over the addresses (ZooKeeper: 5). */
  readonly attemptsMax?: number;
  /** The longest pause between rounds (zookeeper.leaderConnectDelayDuringRetryMs, 100). */
  readonly retryDelayMs?: number;
  /** The first pause; each next one doubles, up to retryDelayMs. */
  readonly retryDelayInitialMs?: number;
}

export function connectToLeader(config: ConnectToLeaderConfig): Observable<ByteDuplex> {
  const { addresses, limitMs, connector, scheduler, attemptsMax = 10, retryDelayMs = 100, retryDelayInitialMs = 1 } = config;
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
        if (dials % addresses.length !== 0) return of(0);
        const pauseMs = backoffDelayMs(dials / addresses.length, { initialMs: retryDelayInitialMs, maxMs: retryDelayMs });
        return timer(Math.min(pauseMs, remainingMs()), scheduler);
      },
    }));
  });
}
