// The client's connection management in virtual time against a scripted in-memory server: ping timing, read and
// connect timeouts moving to the next host, a reconnect cascade with StaticHostProvider's spin delay and jitter,
// expiry told by the server or inferred by the client, watches restored through SetWatches, and lying replies.
import { describe, expect, it } from 'vitest';
import { map, Observable } from 'rxjs';
import { ProtocolError } from '../../src/errors.js';
import { createClient, type Client, type ClientConfig, type Connector } from '../../src/client/index.js';
import { EventType, KeeperError, OpCode } from '../../src/proto/index.js';
import { marbles } from '../support/marbles.js';
import { SESSION_ID, fakeEnsemble, type Behaviour, type FakeEnsemble } from './support/fakeServer.js';
import { marbleAt, stateMarbles } from './support/stateMarbles.js';

const states = stateMarbles;

function open(zk: FakeEnsemble, scheduler: ClientConfig['scheduler'], hosts: string, extra: ClientConfig = {}): Client {
  return createClient(hosts, { sessionTimeoutMs: 30_000, connector: zk.connector, ...(scheduler ? { scheduler } : {}),
    random: () => 0.5, ...extra });
}

const A = '127.0.0.1:2181';
const B = '127.0.0.2:2181';
const C = '127.0.0.3:2181';

describe('client connection in virtual time', () => {
  it('pings after 9000 ms of send idleness when the read timeout is 20000 ms', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }));
    const client = open(zk, m.scheduler, A);
    m.expect(states(client), '^ 29990ms !').toBeObservable(marbleAt([[0, 'c'], [2, 'C']]));
    m.scheduler.schedule(() => void client.close(), 30_000);
    m.flush();
    // Idle from the ConnectRequest's write at 0: pings leave at 9000, 18000, 27000 and arrive 1 ms later.
    expect(zk.log.filter((e) => e.what === 'ping').map((e) => e.at)).toEqual([9001, 18001, 27001]);
    expect(client.state.state).toBe('CLOSED');
  }));

  it('a dial that never completes is abandoned at the connect timeout by the session check, for the next host',
    marbles((m) => {
      const dials: [number, string][] = [];
      const abandoned: [number, string][] = [];
      const connector: Connector = (host) => new Observable<never>(() => {
        dials.push([m.scheduler.now(), host.host]);
        return () => void abandoned.push([m.scheduler.now(), host.host]);
      });
      const client = createClient(`${A},${B}`, { sessionTimeoutMs: 30_000, connector, scheduler: m.scheduler,
        random: () => 0.5 });
      m.scheduler.schedule(() => void client.close(), 20_000);
      m.flush();
      // 30 s over two hosts: 15 s each. The check due at 9 s (when a connected session would first need one) only
      // re-arms; the one at 15 s leaves the first host for the second.
      expect(dials.map(([at]) => at)).toEqual([0, 15_000]);
      expect(abandoned[0]).toEqual([15_000, dials[0]?.[1]]);
      expect(dials[1]?.[1]).not.toBe(dials[0]?.[1]);
    }));

  it('a request postpones the next ping: idleness counts from the last send', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }));
    const client = open(zk, m.scheduler, A);
    m.scheduler.schedule(() => void client.exists('/nothing'), 5000);
    m.scheduler.schedule(() => void client.close(), 20_000);
    m.flush();
    expect(zk.log.filter((e) => e.what === 'ping').map((e) => e.at)).toEqual([14_001]);
  }));

  it('a server that stops answering is dropped after the read timeout; the session resumes on the next host',
    marbles((m) => {
      const zk = fakeEnsemble(m.scheduler, (host): Behaviour => (host === A ? { kind: 'serve', pings: false }
        : { kind: 'serve' }));
      const client = open(zk, m.scheduler, `${A},${B}`);
      const expected = marbleAt([[0, 'c'], [2, 'C'], [20_002, 'S'], [20_504, 'C']]);
      m.expect(states(client), '^ 21000ms !').toBeObservable(expected);
      m.scheduler.schedule(() => void client.close(), 21_001);
      m.flush();
      const connects = zk.log.filter((e) => e.what === 'connect');
      expect(connects.map((e) => [e.at, e.host])).toEqual([[1, A], [20_503, B]]);
      expect(connects[1]?.detail).toMatchObject({ sessionId: SESSION_ID, timeOut: 30_000 });
      expect(zk.log.find((e) => e.what === 'closed')?.at).toBeLessThanOrEqual(20_003);
    }));

  it('a silent server is abandoned after connectTimeout = sessionTimeout / hosts', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, (host): Behaviour => (host === A ? { kind: 'silent' } : { kind: 'serve' }));
    const client = open(zk, m.scheduler, `${A},${B}`);
    m.expect(states(client), '^ 16000ms !').toBeObservable(marbleAt([[0, 'c'], [15_502, 'C']]));
    m.scheduler.schedule(() => void client.close(), 16_001);
    m.flush();
    expect(zk.log.filter((e) => e.what === 'dial').map((e) => [e.at, e.host])).toEqual([[0, A], [15_500, B]]);
  }));

  it('reconnect cascade over three hosts: jitter before each attempt, a 1000 ms spin after each full cycle, then '
    + 'client-side expiry a session timeout after the server was last heard', marbles((m) => {
    // random 0.25: the shuffle puts B, C, A; every reconnect waits 250 ms of jitter.
    const zk = fakeEnsemble(m.scheduler, (_host, attempt): Behaviour =>
      (zk.connections.length === 0 && attempt === 1 ? { kind: 'serve' } : { kind: 'refuse' }));
    const client = open(zk, m.scheduler, `${A},${B},${C}`, { random: () => 0.25 });
    m.scheduler.schedule(() => zk.connections[0]?.frames.close(), 1000);
    const errors: unknown[] = [];
    m.scheduler.schedule(() => client.data$('/w').subscribe({ error: (e: unknown) => errors.push(e) }), 2000);
    m.expect(states(client)).toBeObservable(marbleAt([[0, 'c'], [2, 'C'], [1001, 'S'], [30_002, '(E|)']]));
    m.flush();
    const dials = zk.log.filter((e) => e.what === 'dial');
    expect(dials.slice(0, 7).map((e) => [e.at, e.host])).toEqual([
      [0, B], [1251, C], [1501, A], [2751, B], [3001, C], [3251, A], [4501, B]]);
    expect(dials.every((e) => e.at < 30_002)).toBe(true);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'KeeperError', code: 'SESSIONEXPIRED' });
  }));

  it('a server answering timeOut 0 on reconnect expires the session and fails what was waiting', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, (host): Behaviour => (host === A ? { kind: 'serve' }
      : { kind: 'serve', expire: true }));
    const client = open(zk, m.scheduler, `${A},${B}`);
    m.scheduler.schedule(() => zk.connections[0]?.frames.close(), 1000);
    m.expect(states(client)).toBeObservable(marbleAt([[0, 'c'], [2, 'C'], [1001, 'S'], [1503, '(E|)']]));
    m.flush();
    expect(client.state.state).toBe('EXPIRED');
  }));

  it('watches are restored with SetWatches on the next server and keep firing there', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }));
    zk.data.set('/w', 'v1');
    const client = open(zk, m.scheduler, `${A},${B}`);
    const values$ = client.data$('/w').pipe(map((d) => new TextDecoder().decode(d.data)));
    m.scheduler.schedule(() => zk.connections[0]?.frames.close(), 1000);
    m.scheduler.schedule(() => {
      zk.data.set('/w', 'v2');
      zk.connections[1]?.notify(EventType.NodeDataChanged, '/w');
    }, 2000);
    m.expect(values$, '^ 2500ms !').toBeObservable(marbleAt([[4, 'a'], [2003, 'b']]), { a: 'v1', b: 'v2' });
    m.scheduler.schedule(() => void client.close(), 2600);
    m.flush();
    const restore = zk.log.find((e) => e.what === 'setWatches');
    expect(restore).toMatchObject({ at: 1504, host: B, detail: { relativeZxid: 10n, dataWatches: ['/w'],
      existWatches: [], childWatches: [] } });
  }));

  it('a lying reply closes that connection with a ProtocolError and the client moves on', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, (host): Behaviour => (host === A ? { kind: 'serve', lie: true }
      : { kind: 'serve' }));
    zk.data.set('/x', 'x');
    const client = open(zk, m.scheduler, `${A},${B}`);
    const errors: unknown[] = [];
    m.scheduler.schedule(() => client.request$(OpCode.getData, { path: '/x', watch: false }, '/x')
      .subscribe({ error: (e: unknown) => errors.push(e) }), 100);
    m.expect(states(client), '^ 1000ms !').toBeObservable(marbleAt([[0, 'c'], [2, 'C'], [102, 'S'], [604, 'C']]));
    m.scheduler.schedule(() => void client.close(), 1001);
    m.flush();
    expect(errors[0]).toBeInstanceOf(KeeperError);
    expect(errors[0]).toMatchObject({ code: 'CONNECTIONLOSS' });
    expect((errors[0] as Error).cause).toBeInstanceOf(ProtocolError);
    // Destroyed by the client on receipt at 102; the memory link carries the close to the server in 1 ms.
    expect(zk.log.filter((e) => e.what === 'closed' && e.host === A).map((e) => e.at)).toEqual([103]);
  }));

  it('a reply frame above jute.maxbuffer (0x100000) closes the connection', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }));
    const client = open(zk, m.scheduler, `${A},${B}`);
    m.scheduler.schedule(() => zk.connections[0]?.sendRaw(new Uint8Array(0x100000)), 100);
    m.expect(states(client), '^ 1000ms !').toBeObservable(marbleAt([[0, 'c'], [2, 'C'], [101, 'S'], [603, 'C']]));
    m.scheduler.schedule(() => void client.close(), 1001);
    m.flush();
  }));

  it('a per-request timeout rejects with REQUESTTIMEOUT and leaves the connection and later replies intact',
    marbles((m) => {
      const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }), 50);
      zk.data.set('/slow', 's');
      const client = open(zk, m.scheduler, A, { requestTimeoutMs: 60 });
      const outcomes: string[] = [];
      const note = (name: string) => ({
        next: () => outcomes.push(`${name}:ok@${m.scheduler.now()}`),
        error: (e: unknown) => outcomes.push(`${name}:${(e as KeeperError).code}@${m.scheduler.now()}`),
      });
      m.scheduler.schedule(() => {
        client.request$(OpCode.getData, { path: '/slow', watch: false }, '/slow').subscribe(note('short'));
        client.request$(OpCode.getData, { path: '/slow', watch: false }, '/slow', { timeoutMs: 500 })
          .subscribe(note('long'));
      }, 200);
      m.scheduler.schedule(() => void client.close(), 1000);
      m.flush();
      // Handshake takes 100 ms of latency; each reply another 100 ms round trip.
      expect(outcomes).toEqual(['short:REQUESTTIMEOUT@260', 'long:ok@300']);
      expect(client.state.state).toBe('CLOSED');
    }));

  it('requests beyond pendingRequestsMax awaiting replies fail at once with CONNECTIONLOSS', marbles((m) => {
    // Six requests in one turn with room for five: replies take a 100 ms round trip, so five are pending at once.
    const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve', pings: false }), 50);
    const client = open(zk, m.scheduler, A, { pendingRequestsMax: 5 });
    const failures: string[] = [];
    m.scheduler.schedule(() => {
      for (let i = 0; i < 6; i += 1) {
        client.request$(OpCode.exists, { path: '/x', watch: false }, '/x').subscribe({
          next: () => failures.push(`${i}:ok@${m.scheduler.now()}`),
          error: (e: unknown) => failures.push(`${i}:${(e as KeeperError).code}@${m.scheduler.now()}`),
        });
      }
    }, 200);
    m.scheduler.schedule(() => void client.close(), 1000);
    m.flush();
    expect(failures[0]).toBe('5:CONNECTIONLOSS@200');
    expect(failures.slice(1).every((f) => /:(ok|NONODE)@300$/.test(f))).toBe(true);
  }));

  it('a read-only server gives CONNECTEDREADONLY, and persistent watches are restored with SetWatches2',
    marbles((m) => {
      const zk = fakeEnsemble(m.scheduler, (host): Behaviour => (host === A ? { kind: 'serve', readOnly: true }
        : { kind: 'serve' }));
      // The first isro probe would move the host cursor (as Java's does); keep it after this scenario's cut.
      const client = open(zk, m.scheduler, `${A},${B}`, { readOnly: true, rwProber: zk.prober, rwProbeIntervalMs: 5000 });
      const events: string[] = [];
      client.watch$('/tree', { recursive: true }).subscribe((e) => events.push(`${e.type} ${e.path}`));
      m.scheduler.schedule(() => zk.connections[0]?.frames.close(), 1000);
      m.scheduler.schedule(() => zk.connections[1]?.notify(EventType.NodeCreated, '/tree/a/b'), 2000);
      m.expect(states(client), '^ 2500ms !').toBeObservable(marbleAt([[0, 'c'], [2, 'R'], [1001, 'S'], [1503, 'C']]));
      m.scheduler.schedule(() => void client.close(), 2600);
      m.flush();
      const connects = zk.log.filter((e) => e.what === 'connect');
      // Never seen a read-write server before: the second handshake asks for a new session, as Java does.
      expect(connects.map((e) => (e.detail as { sessionId: bigint }).sessionId)).toEqual([0n, 0n]);
      expect(zk.log.find((e) => e.what === 'setWatches2')?.detail).toMatchObject({
        persistentRecursiveWatches: ['/tree'], dataWatches: [] });
      expect(events).toEqual(['created /tree/a/b']);
    }));

  it('data$ emits, re-reads on change, completes on deletion; a missing node is a NONODE error', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }));
    zk.data.set('/d', 'one');
    const client = open(zk, m.scheduler, A);
    const values$ = client.data$('/d').pipe(map((d) => new TextDecoder().decode(d.data)));
    m.scheduler.schedule(() => {
      zk.data.set('/d', 'two');
      zk.connections[0]?.notify(EventType.NodeDataChanged, '/d');
    }, 100);
    m.scheduler.schedule(() => {
      zk.data.delete('/d');
      zk.connections[0]?.notify(EventType.NodeDeleted, '/d');
    }, 200);
    m.expect(values$).toBeObservable(marbleAt([[4, 'a'], [103, 'b'], [201, '|']]), { a: 'one', b: 'two' });
    m.expect(client.data$('/missing')).toBeObservable(marbleAt([[4, '#']]), undefined,
      new KeeperError(-101, { path: '/missing' }));
    m.scheduler.schedule(() => void client.close(), 300);
    m.flush();
  }));

  it('requests made while SUSPENDED wait for the next connection; a failed attempt fails them with CONNECTIONLOSS',
    marbles((m) => {
      // Hosts in order A, B, C (random 0.99 keeps the order); B refuses, C serves.
      const zk = fakeEnsemble(m.scheduler, (host): Behaviour => (host === B ? { kind: 'refuse' } : { kind: 'serve' }));
      zk.data.set('/q', 'q');
      const client = open(zk, m.scheduler, `${A},${B},${C}`, { random: () => 0.99 });
      const outcomes: string[] = [];
      const ask = (name: string) => client.request$(OpCode.getData, { path: '/q', watch: false }, '/q').subscribe({
        next: () => outcomes.push(`${name}:ok@${m.scheduler.now()}`),
        error: (e: unknown) => outcomes.push(`${name}:${(e as KeeperError).code}@${m.scheduler.now()}`),
      });
      m.scheduler.schedule(() => zk.connections[0]?.frames.close(), 100);
      m.scheduler.schedule(() => ask('beforeRefusal'), 500);
      m.scheduler.schedule(() => ask('afterRefusal'), 1500);
      m.scheduler.schedule(() => void client.close(), 5000);
      m.flush();
      const dials = zk.log.filter((e) => e.what === 'dial').map((e) => [e.at, e.host]);
      expect(dials).toEqual([[0, A], [1091, B], [2081, C]]);
      expect(outcomes).toEqual(['beforeRefusal:CONNECTIONLOSS@1091', 'afterRefusal:ok@2085']);
    }));
});
