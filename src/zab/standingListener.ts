// The quorum port, bound for the peer's whole life instead of only while it leads. Both ends of an election decide
// within a millisecond or two of each other, and a follower dials at once: with the port bound only after the
// leader's own decision, that first dial is refused and retried (ZooKeeper 3.8 sleeps 100 ms there). Held open, the
// port accepts the learner early and parks the connection, paused, with its FOLLOWERINFO waiting in the socket, until
// this peer leads; a parked connection is closed when the peer decides to follow or observe, when it has waited
// `parkMs`, or when more than `parkedMax` are waiting (the oldest goes). A paused socket cannot see its learner leave
// (the close waits unread in the kernel, like the FOLLOWERINFO), so the wait is kept short: the peer parks for one
// tick, far more than the millisecond or two that separates the two decisions, and the leader keeps only the newest
// connection per sid. While the peer follows or observes, new
// connections close at once. A learner then sees its connection close, as it would if a leader dropped it during the
// handshake, and starts over.
//
// The leader shell reaches it as an ordinary QuorumConnector: listen() on the held address takes the parked
// connections and every new one until unsubscribed, then closes what it took (the port stays bound). Any other
// address, or a port that failed to bind at start, binds on demand as before.
import { asyncScheduler, Observable, Subscription, type SchedulerLike } from 'rxjs';
import type { SocketAddress } from '../../streams/index.js';
import { silentLogger, type Logger } from '../logging.js';
import { socketConnector, type ByteDuplex, type QuorumConnector, type QuorumListenEvent } from './connector.js';

export interface StandingListenerConfig {
  readonly address: SocketAddress;
  /** Longest wait for this peer to lead (the peer uses one tick). */
  readonly parkMs: number;
  /** Connections that may wait at once; more close the oldest. */
  readonly parkedMax?: number;
  readonly connector?: QuorumConnector;
  readonly scheduler?: SchedulerLike;
  readonly logger?: Logger;
}

export interface StandingListener {
  readonly connector: QuorumConnector;
  /** This peer decided not to lead: close the parked connections and every new one until park() again. */
  refuse(reason: string): void;
  /** This peer is looking again: connections wait for it to lead (the initial mode). */
  park(): void;
  /** Unbinds the port and closes every connection. Idempotent. */
  close(): void;
}

interface Parked {
  readonly connection: ByteDuplex;
  readonly watch: Subscription;
}

interface Taker {
  take(event: QuorumListenEvent): void;
  fail(error: unknown): void;
}

const sameAddress = (a: SocketAddress, b: SocketAddress): boolean => a.host === b.host && a.port === b.port;

export function standingListener(config: StandingListenerConfig): StandingListener {
  const { address, parkMs, parkedMax = 8, connector: inner = socketConnector, scheduler = asyncScheduler,
    logger = silentLogger } = config;
  const log = logger.child({ component: 'quorum-port' });
  const parked: Parked[] = [];
  let bound: SocketAddress | undefined;
  let failed = false;
  let taker: Taker | undefined;
  let refusing: string | undefined;

  const unpark = (entry: Parked): void => {
    const at = parked.indexOf(entry);
    if (at >= 0) parked.splice(at, 1);
    entry.watch.unsubscribe();
  };
  const closeParked = (entry: Parked, reason: string): void => {
    unpark(entry);
    entry.connection.destroy();
    log.info({ reason }, `closed a learner connection that waited for this peer to lead: ${reason}`);
  };
  const hold = (connection: ByteDuplex): void => {
    const oldest = parked[0];
    if (parked.length >= parkedMax && oldest !== undefined) closeParked(oldest, `more than ${parkedMax} waiting`);
    const watch = new Subscription();
    const entry: Parked = { connection, watch };
    parked.push(entry);
    watch.add(scheduler.schedule(() => closeParked(entry, `this peer did not lead within ${parkMs} ms`), parkMs));
    watch.add(connection.closed$.subscribe(() => unpark(entry)));
    log.debug({}, 'parked a learner connection until this peer leads');
  };

  const holding = inner.listen(address).subscribe({
    next: (event) => {
      if (event.kind === 'listening') bound = event.address;
      if (taker !== undefined) taker.take(event);
      else if (event.kind !== 'connection') return;
      else if (refusing === undefined) hold(event.connection);
      else {
        event.connection.destroy();
        log.info({ reason: refusing }, `closed a learner connection: ${refusing}`);
      }
    },
    error: (error: unknown) => {
      failed = true;
      bound = undefined;
      for (const entry of [...parked]) closeParked(entry, 'the quorum port failed');
      log.warn({ err: error }, 'the quorum port failed; a leader will bind it when it needs it');
      taker?.fail(error);
    },
  });

  const take = (requested: SocketAddress): Observable<QuorumListenEvent> => new Observable((subscriber) => {
    if (failed || taker !== undefined) return inner.listen(requested).subscribe(subscriber);
    const taken = new Set<ByteDuplex>();
    const watches = new Subscription();
    const me: Taker = {
      take: (event) => {
        if (event.kind === 'connection') {
          taken.add(event.connection);
          watches.add(event.connection.closed$.subscribe(() => taken.delete(event.connection)));
        }
        subscriber.next(event);
      },
      fail: (error) => subscriber.error(error),
    };
    taker = me;
    if (bound !== undefined) me.take({ kind: 'listening', address: bound });
    for (const entry of [...parked]) {
      unpark(entry);
      me.take({ kind: 'connection', connection: entry.connection });
    }
    return () => {
      if (taker === me) taker = undefined;
      watches.unsubscribe();
      for (const connection of taken) connection.destroy();
    };
  });

  return {
    connector: {
      listen: (requested) => (sameAddress(requested, address) ? take(requested) : inner.listen(requested)),
      dial: (to, connectTimeoutMs) => inner.dial(to, connectTimeoutMs),
    },
    refuse: (reason) => {
      refusing = reason;
      for (const entry of [...parked]) closeParked(entry, reason);
    },
    park: () => {
      refusing = undefined;
    },
    close: () => {
      failed = true;
      bound = undefined;
      for (const entry of [...parked]) {
        unpark(entry);
        entry.connection.destroy();
      }
      holding.unsubscribe();
    },
  };
}
