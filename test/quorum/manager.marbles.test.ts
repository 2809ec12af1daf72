// The manager in virtual time over a fake network of memory duplexes: reconnect cascades, simultaneous dials, the
// last-message resend, queue overflow, a hung dial beside a healthy one, and listener bind retries.
import { NEVER, concat, defer, filter, map, mergeMap, throwError, timer, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createQuorumManager, type QuorumManager, type QuorumManagerConfig } from '../../src/quorum/manager.js';
import type { QuorumConnectionEvent } from '../../src/quorum/events.js';
import type { QuorumListenEvent } from '../../src/quorum/connector.js';
import { marbles } from '../support/marbles.js';
import { FakeNetwork, peerReads } from './fakeNetwork.js';
import { bytes, serversOn } from './helpers.js';

// sid N listens on port 3880 + N.
const servers = serversOn([3881, 3882, 3883]);
const letters: Record<number, string> = { 1: 'a', 2: 'b', 3: 'c', 4: 'd' };

function manager(sid: bigint, net: FakeNetwork, scheduler: QuorumManagerConfig['scheduler'], extra: Partial<QuorumManagerConfig> = {}):
  QuorumManager {
  return createQuorumManager({ sid, servers, connector: net.connector(), scheduler, ...extra } as QuorumManagerConfig);
}

/** opened -> o, closed -> c, dialFailed -> f, dropped -> d, listening -> l, listenFailed -> x / X (final). */
function eventLetters(events$: Observable<QuorumConnectionEvent>, kinds = 'ocfdlxX'): Observable<string> {
  return events$.pipe(map((e) => {
    switch (e.kind) {
      case 'opened': return 'o';
      case 'closed': return 'c';
      case 'dialFailed': return 'f';
      case 'dropped': return 'd';
      case 'listening': return 'l';
      case 'listenFailed': return e.final ? 'X' : 'x';
      default: return '-';
    }
  }), filter((letter) => kinds.includes(letter)));
}

/** Payload first bytes that a scripted peer on `port` reads, over all its connections. */
function peerFrames(net: FakeNetwork, port: number, scheduler: Parameters<typeof peerReads>[1]): Observable<string> {
  return net.peerConnections$.pipe(
    filter((c) => c.port === port),
    mergeMap((c) => peerReads(c.end, scheduler)),
    filter((input) => input.kind === 'frame'),
    map((input) => (input.kind === 'frame' ? letters[input.payload[0] ?? 0] ?? '?' : '?')));
}

describe('QuorumManager in virtual time', () => {
  it('reconnect cascade: a peer that drops every link is re-dialled on each send, the queue drained each time', marbles((m) => {
    const net = new FakeNetwork(m.scheduler);
    net.behave(3881, { delayMs: 10 });
    // The peer hangs up 50 ms after each connection opens.
    net.peerConnections$.subscribe(({ end }) => m.scheduler.schedule(() => end.close(), 50));
    const q = manager(2n, net, m.scheduler);
    const frames$ = peerFrames(net, 3881, m.scheduler);
    // The election's sends at 0, 200, 600, 1400 ms (its doubling backoff).
    [0, 200, 600, 1400].forEach((at, i) => m.scheduler.schedule(() => q.toSend(1n, bytes(i + 1)), at));
    m.expect(eventLetters(q.events$, 'oc'), '^ 1500ms !').toBeObservable('10ms o 49ms c 149ms o 49ms c 349ms o 49ms c 749ms o 49ms c');
    m.expect(frames$, '^ 1500ms !').toBeObservable('10ms a 199ms b 399ms c 799ms d');
    m.flush();
    expect(net.dials.map((d) => d.at)).toEqual([0, 200, 600, 1400]);
  }));

  it('simultaneous dials from both sides end with exactly one connection, and both messages arrive', marbles((m) => {
    const net = new FakeNetwork(m.scheduler);
    const q1 = manager(1n, net, m.scheduler);
    const q2 = manager(2n, net, m.scheduler);
    const at1: string[] = [];
    const at2: string[] = [];
    q1.inbound$.subscribe((msg) => at1.push(`${msg.sid}:${msg.payload[0]}`));
    q2.inbound$.subscribe((msg) => at2.push(`${msg.sid}:${msg.payload[0]}`));
    m.scheduler.schedule(() => {
      q1.toSend(2n, bytes(1));
      q2.toSend(1n, bytes(2));
    }, 5);
    m.scheduler.schedule(() => {
      expect(net.openPairs()).toBe(1);
      expect([q1.connectedSids(), q2.connectedSids()]).toEqual([[2n], [1n]]);
      expect(new Set(at1)).toEqual(new Set(['2:2']));
      expect(at2).toEqual(['1:1']);
      // The surviving connection is the one sid 2 dialled.
      expect(net.dials.filter((d) => d.port === 3881).length).toBeGreaterThanOrEqual(1);
    }, 100);
    m.flush();
    void Promise.all([q1.stop(), q2.stop()]);
    m.flush();
    expect(net.openPairs()).toBe(0);
  }));

  it('resends the last message when a new connection opens and the queue is empty', marbles((m) => {
    const net = new FakeNetwork(m.scheduler);
    net.behave(3881, { delayMs: 10 });
    const q = manager(2n, net, m.scheduler);
    const frames$ = peerFrames(net, 3881, m.scheduler);
    const resent: boolean[] = [];
    q.events$.subscribe((e) => e.kind === 'opened' && resent.push(e.resent));
    m.scheduler.schedule(() => q.toSend(1n, bytes(1)), 0);
    m.scheduler.schedule(() => net.peerEnds.get(3881)?.[0]?.close(), 50);
    m.scheduler.schedule(() => q.connectAll(), 100); // FLE's notification timeout with nothing delivered
    m.expect(frames$, '^ 300ms !').toBeObservable('10ms a 99ms a');
    m.flush();
    expect(resent).toEqual([false, true]);
    expect(q.haveDelivered()).toBe(true);
  }));

  it('a full send queue drops the oldest; only the latest message goes out when the link opens', marbles((m) => {
    const net = new FakeNetwork(m.scheduler);
    net.behave(3881, { delayMs: 100 });
    const q = manager(2n, net, m.scheduler);
    const frames$ = peerFrames(net, 3881, m.scheduler);
    const delivered: boolean[] = [];
    [0, 10, 20].forEach((at, i) => m.scheduler.schedule(() => {
      q.toSend(1n, bytes(i + 1));
      delivered.push(q.haveDelivered());
    }, at));
    m.expect(eventLetters(q.events$, 'od'), '^ 300ms !').toBeObservable('10ms d 9ms d 79ms o');
    m.expect(frames$, '^ 300ms !').toBeObservable('100ms c');
    m.flush();
    expect(delivered).toEqual([false, false, false]);
    expect(net.dials).toHaveLength(1); // a dial in progress is not repeated
  }));

  it('the inbound stream holds 100 messages while nobody reads, dropping the oldest', marbles((m) => {
    const net = new FakeNetwork(m.scheduler);
    const q = manager(2n, net, m.scheduler);
    const drops: number[] = [];
    q.events$.subscribe((e) => e.kind === 'dropped' && e.queue === 'receive' && drops.push(e.droppedTotal));
    m.scheduler.schedule(() => {
      for (let i = 0; i < 103; i += 1) q.toSend(2n, bytes(i)); // to ourselves: loopback
    }, 10);
    const read: number[] = [];
    m.scheduler.schedule(() => q.inbound$.subscribe((msg) => read.push(msg.payload[0] ?? -1)), 20);
    m.flush();
    expect(drops).toEqual([1, 2, 3]);
    expect(read).toEqual(Array.from({ length: 100 }, (_, i) => i + 3));
  }));

  it('a hung dial times out after cnxTimeoutMs without delaying the other peers', marbles((m) => {
    const net = new FakeNetwork(m.scheduler);
    net.behave(3881, 'hang');
    net.behave(3882, { delayMs: 10 });
    const q = manager(3n, net, m.scheduler, { cnxTimeoutMs: 5000 });
    m.scheduler.schedule(() => {
      q.toSend(1n, bytes(1));
      q.toSend(2n, bytes(2));
    }, 0);
    m.scheduler.schedule(() => q.connectAll(), 6000);
    m.expect(eventLetters(q.events$, 'of'), '^ 12000ms !').toBeObservable('10ms o 4989ms f 5999ms f');
    m.flush();
    expect(net.dials.map((d) => `${d.port}@${d.at}`)).toEqual(['3881@0', '3882@0', '3881@6000']);
  }));

  it('a smaller peer dialling while connected makes us drop the link and dial back', marbles((m) => {
    const net = new FakeNetwork(m.scheduler);
    const q = manager(2n, net, m.scheduler);
    const reasons: string[] = [];
    q.events$.subscribe((e) => e.kind === 'closed' && reasons.push(e.reason));
    m.scheduler.schedule(() => q.toSend(1n, bytes(1)), 0);
    m.scheduler.schedule(() => {
      const end = net.connectTo(3882);
      end.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 3, 0x61, 0x3a, 0x39]));
    }, 50);
    m.flush();
    expect(reasons).toEqual(['dialBack']);
    // The dial-back goes to the address sid 1 advertised (a:9), not the configured one.
    expect(net.dials.map((d) => `${d.port}@${d.at}`)).toEqual(['3881@0', '9@50']);
  }));

  it('retries a failed bind every second, electionPortBindRetry times in all', marbles((m) => {
    let attempts = 0;
    const failTwice = (): Observable<QuorumListenEvent> => defer(() => {
      attempts += 1;
      return attempts <= 2 ? throwError(() => new Error('EADDRINUSE')) : concat(timer(0, m.scheduler).pipe(
        map((): QuorumListenEvent => ({ kind: 'listening', address: { host: '127.0.0.1', port: 3882 } }))), NEVER);
    });
    const net = new FakeNetwork(m.scheduler);
    const connector = { dial: net.connector().dial, listen: failTwice };
    const ok = createQuorumManager({ sid: 2n, servers, connector, scheduler: m.scheduler });
    const okEvents: string[] = [];
    eventLetters(ok.events$).subscribe((letter) => okEvents.push(`${letter}@${m.scheduler.now()}`));
    m.flush();
    expect(okEvents).toEqual(['x@0', 'x@1000', 'l@2000']);
    attempts = -10; // always fails from here on
    const gaveUp = createQuorumManager({ sid: 2n, servers, connector, scheduler: m.scheduler, electionPortBindRetry: 2 });
    const events: string[] = [];
    const start = m.scheduler.now();
    eventLetters(gaveUp.events$).subscribe((letter) => events.push(`${letter}@${m.scheduler.now() - start}`));
    m.flush();
    expect(events).toEqual(['x@0', 'X@1000']);
  }));
});

describe('QuorumManager configuration and shutdown', () => {
  it('multiAddress.enabled sends a V2 initial message with every address; quorumListenOnAllIPs binds the wildcard', marbles((m) => {
    const net = new FakeNetwork(m.scheduler);
    const bound: string[] = [];
    const connector = { dial: net.connector().dial, listen: (a: { host: string; port: number }) => {
      bound.push(`${a.host}:${a.port}`);
      return net.connector().listen(a);
    } };
    const multi = new Map(servers);
    multi.set(2n, { electionAddresses: [{ host: '127.0.0.1', port: 3882 }, { host: '127.0.0.2', port: 3892 }], type: 'participant' });
    const q = createQuorumManager({ sid: 2n, servers: multi, connector, scheduler: m.scheduler, multiAddressEnabled: true,
      quorumListenOnAllIPs: true });
    const hellos: string[] = [];
    net.peerConnections$.pipe(mergeMap((c) => peerReads(c.end, m.scheduler))).subscribe((input) => {
      if (input.kind === 'hello') hellos.push(`${input.message.kind} ${input.message.addresses.map((a) => `${a.host}:${a.port}`).join('|')}`);
    });
    m.scheduler.schedule(() => q.connectOne(1n), 0);
    m.flush();
    expect(bound).toEqual(['0.0.0.0:3882', '0.0.0.0:3892']);
    expect(hellos).toEqual(['v2 127.0.0.1:3882|127.0.0.2:3892']);
  }));

  it('stop closes every connection, completes inbound$ and events$, and ignores later sends', marbles((m) => {
    const net = new FakeNetwork(m.scheduler);
    const q = manager(3n, net, m.scheduler);
    const ends: string[] = [];
    q.inbound$.subscribe({ complete: () => ends.push('inbound complete') });
    q.events$.subscribe({ next: (e) => e.kind === 'closed' && ends.push(`closed ${e.sid} ${e.reason}`),
      complete: () => ends.push('events complete') });
    m.scheduler.schedule(() => {
      q.toSend(1n, bytes(1));
      q.toSend(2n, bytes(2));
    }, 0);
    m.scheduler.schedule(() => {
      void q.stop();
      q.toSend(1n, bytes(3));
      q.connectAll();
    }, 10);
    m.flush();
    expect(ends).toEqual(['closed 1 shutdown', 'closed 2 shutdown', 'inbound complete']);
    expect(net.openPairs()).toBe(0);
    expect(net.dials).toHaveLength(2);
  }));
});
