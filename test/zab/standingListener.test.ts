// The quorum port held for a peer's life: learners that connect before this peer leads wait, paused, and the leader
// takes them; they close when the peer follows, after parkMs (virtual time), or when too many wait; a port that
// failed to bind is bound on demand again. A memory port stands in for the socket.
import { map, Observable, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { memoryDuplexPair } from '../../streams/index.js';
import type { ByteDuplex, QuorumConnector, QuorumListenEvent } from '../../src/zab/connector.js';
import { runLeader } from '../../src/zab/runLeader.js';
import { standingListener } from '../../src/zab/standingListener.js';
import { PacketType } from '../../src/zab/wire/packetType.js';
import { majority } from '../election/helpers.js';
import { marbles } from '../support/marbles.js';
import { recordingStore, scriptedFollower, timeline, zabLabel, zabMarbleValues as v } from './helpers.js';

const address = { host: '127.0.0.1', port: 2888 };

/** A memory quorum port: each listen() is one bind; `connect` is a learner's dial reaching the current bind. */
function memoryPort() {
  let current: Subject<QuorumListenEvent> | undefined;
  const binds: string[] = [];
  const port: QuorumConnector = {
    listen: (at) => new Observable<QuorumListenEvent>((subscriber) => {
      binds.push(`${at.host}:${at.port}`);
      const events = new Subject<QuorumListenEvent>();
      current = events;
      const subscription = events.subscribe(subscriber);
      events.next({ kind: 'listening', address: at });
      return () => {
        subscription.unsubscribe();
        if (current === events) current = undefined;
      };
    }),
    dial: () => {
      throw new Error('not used');
    },
  };
  return {
    port,
    binds,
    connect(): ByteDuplex {
      const [learnerEnd, leaderEnd] = memoryDuplexPair<Uint8Array, Uint8Array>();
      if (current === undefined) throw new Error('connection refused');
      current.next({ kind: 'connection', connection: leaderEnd });
      return learnerEnd;
    },
    failBind(error: Error): void {
      current?.error(error);
    },
  };
}

const closedNow = (end: ByteDuplex): boolean => {
  let closed = false;
  end.closed$.subscribe(() => {
    closed = true;
  }).unsubscribe();
  return closed;
};

/** Events a consumer sees from listen(), as 'listening' or 'connection'. */
function take(connector: QuorumConnector) {
  const seen: string[] = [];
  const connections: ByteDuplex[] = [];
  const subscription = connector.listen(address).subscribe((event) => {
    seen.push(event.kind);
    if (event.kind === 'connection') connections.push(event.connection);
  });
  return { seen, connections, subscription };
}

describe('standingListener', () => {
  it('binds at once and hands connections that came before the leader to it, after its listening event', () => {
    const net = memoryPort();
    const standing = standingListener({ address, parkMs: 10_000, connector: net.port });
    expect(net.binds).toEqual(['127.0.0.1:2888']);
    const early = net.connect();
    const leader = take(standing.connector);
    expect(leader.seen).toEqual(['listening', 'connection']);
    net.connect();
    expect(leader.seen).toEqual(['listening', 'connection', 'connection']);
    expect(closedNow(early)).toBe(false);
    standing.close();
  });

  it('a follower that decides before its leader is synced without a refused dial', marbles((m) => {
    const net = memoryPort();
    const standing = standingListener({ address, parkMs: 10_000, connector: net.port, scheduler: m.scheduler });
    // The follower connects and sends FOLLOWERINFO at 0; this peer decides to lead 5 ms later.
    const follower = scriptedFollower(net.connect(), { sid: 2n });
    const leader$ = runLeader({ sid: 1n, verifier: majority([1, 2, 3]), epochs: recordingStore(), lastZxid: 0n,
      listenAddress: address, tickTimeMs: 100, initLimit: 10, syncLimit: 5, connector: standing.connector,
      scheduler: m.scheduler }).pipe(map(zabLabel));
    m.expect(leader$, '5ms ^ 20ms !').toBeObservable(timeline([[5, '(nes)']]), v);
    m.flush();
    expect(follower.received.map((p) => p.type)).toContain(PacketType.upToDate);
    expect(net.binds).toHaveLength(1);
    standing.close();
  }));

  it('closes a waiting connection after parkMs; while the peer follows, all of them and every new one', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ flush }) => {
      const net = memoryPort();
      const standing = standingListener({ address, parkMs: 1000, connector: net.port, scheduler });
      const first = net.connect();
      let second: ByteDuplex | undefined;
      let third: ByteDuplex | undefined;
      scheduler.schedule(() => void (second = net.connect()), 600);
      scheduler.schedule(() => void (third = net.connect()), 700);
      scheduler.schedule(() => {
        expect(closedNow(first)).toBe(true);
        expect(closedNow(second!)).toBe(false);
        standing.refuse('this peer is FOLLOWING');
        expect(closedNow(second!)).toBe(true);
        expect(closedNow(third!)).toBe(true);
        expect(closedNow(net.connect())).toBe(true);
        standing.park();
        const waiting = net.connect();
        expect(closedNow(waiting)).toBe(false);
        expect(take(standing.connector).connections).toEqual([expect.anything()]);
      }, 1001);
      flush();
      standing.close();
    });
  });

  it('keeps at most parkedMax waiting, closing the oldest', () => {
    const net = memoryPort();
    const standing = standingListener({ address, parkMs: 10_000, parkedMax: 2, connector: net.port });
    const [a, b, c] = [net.connect(), net.connect(), net.connect()];
    expect([a, b, c].map(closedNow)).toEqual([true, false, false]);
    expect(take(standing.connector).connections).toHaveLength(2);
    standing.close();
  });

  it('forgets a waiting connection its learner closed', () => {
    const net = memoryPort();
    const standing = standingListener({ address, parkMs: 10_000, connector: net.port });
    net.connect().destroy();
    expect(take(standing.connector).seen).toEqual(['listening']);
    standing.close();
  });

  it('a leader that stops closes the connections it took; the port stays bound for the next one', () => {
    const net = memoryPort();
    const standing = standingListener({ address, parkMs: 10_000, connector: net.port });
    const first = take(standing.connector);
    const learner = net.connect();
    first.subscription.unsubscribe();
    expect(closedNow(learner)).toBe(true);
    net.connect();
    const second = take(standing.connector);
    expect(second.seen).toEqual(['listening', 'connection']);
    expect(net.binds).toHaveLength(1);
    standing.close();
  });

  it('a port that failed binds again on demand, and another address is bound as asked', () => {
    const net = memoryPort();
    const standing = standingListener({ address, parkMs: 10_000, connector: net.port });
    const waiting = net.connect();
    net.failBind(new Error('EADDRINUSE'));
    expect(closedNow(waiting)).toBe(true);
    expect(take(standing.connector).seen).toEqual(['listening']);
    take(standing.connector).subscription.unsubscribe();
    standing.connector.listen({ host: '0.0.0.0', port: 2888 }).subscribe().unsubscribe();
    expect(net.binds).toEqual(['127.0.0.1:2888', '127.0.0.1:2888', '127.0.0.1:2888', '0.0.0.0:2888']);
    standing.close();
  });

  it('a leader listening when the port fails sees the error, and one listening after close() binds on its own', () => {
    const net = memoryPort();
    const standing = standingListener({ address, parkMs: 10_000, connector: net.port });
    const errors: unknown[] = [];
    standing.connector.listen(address).subscribe({ error: (e: unknown) => errors.push(e) });
    net.failBind(new Error('EADDRINUSE'));
    expect(errors).toHaveLength(1);
    standing.close();
    standing.connector.listen(address).subscribe().unsubscribe();
    expect(net.binds).toEqual(['127.0.0.1:2888', '127.0.0.1:2888']);
  });
});
