// Read-only mode in virtual time: on a read-only server the client probes the other hosts with `isro` (100 ms,
// doubling to the cap, one probe at a time, round-robin), moves to the first that answers "rw" and, if it had a
// read-write session before, keeps it; a client whose first server was read-only starts a new session there.
import { describe, expect, it } from 'vitest';
import { createClient, type Client, type ClientConfig } from '../../src/client/index.js';
import { OpCode } from '../../src/proto/index.js';
import { marbles } from '../support/marbles.js';
import { SESSION_ID, fakeEnsemble, type Behaviour, type FakeEnsemble } from './support/fakeServer.js';
import { marbleAt, stateMarbles } from './support/stateMarbles.js';

const A = '127.0.0.1:2181';
const B = '127.0.0.2:2181';
const C = '127.0.0.3:2181';

// random 0.99 keeps the host order as written and makes every reconnect jitter 990 ms.
function open(zk: FakeEnsemble, scheduler: ClientConfig['scheduler'], hosts: string, extra: ClientConfig = {}): Client {
  return createClient(hosts, { sessionTimeoutMs: 30_000, connector: zk.connector, rwProber: zk.prober, readOnly: true,
    random: () => 0.99, ...(scheduler ? { scheduler } : {}), ...extra });
}

function probes(zk: FakeEnsemble): (readonly [number, string, unknown])[] {
  return zk.log.filter((e) => e.what === 'isro').map((e) => [e.at, e.host, e.detail] as const);
}

function sessionIdsAsked(zk: FakeEnsemble): bigint[] {
  return zk.log.filter((e) => e.what === 'connect').map((e) => (e.detail as { sessionId: bigint }).sessionId);
}

describe('read-only mode: probing for a read-write server', () => {
  it('read-write, then read-only after a cut: probes with a doubling interval and returns to the quorum keeping '
    + 'the session', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, (host): Behaviour => (host === B ? { kind: 'serve', readOnly: true }
      : { kind: 'serve' }));
    zk.isro.set(A, 'null');
    zk.isro.set(B, 'ro');
    const client = open(zk, m.scheduler, `${A},${B}`);
    m.scheduler.schedule(() => zk.connections[0]?.frames.close(), 1000);
    m.scheduler.schedule(() => zk.isro.set(A, 'rw'), 3000);
    m.scheduler.schedule(() => void client.close(), 7000);
    // Cut seen at 1001; B after 990 ms of jitter; "rw" from A at 5095, A after another 990 ms.
    m.expect(stateMarbles(client), '^ 6999ms !').toBeObservable(marbleAt(
      [[0, 'c'], [2, 'C'], [1001, 'S'], [1993, 'R'], [5095, 'S'], [6087, 'C']]));
    m.flush();
    expect(probes(zk)).toEqual([
      [2093, A, 'null'], [2293, B, 'ro'], [2693, A, 'null'], [3493, B, 'ro'], [5093, A, 'rw']]);
    expect(sessionIdsAsked(zk)).toEqual([0n, SESSION_ID, SESSION_ID]);
    expect(zk.log.filter((e) => e.what === 'closed' && e.host === B).map((e) => e.at)).toEqual([5096]);
  }));

  it('first server read-only: the session there is temporary, the read-write server gets a new one', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, (host): Behaviour => (host === A ? { kind: 'serve', readOnly: true }
      : { kind: 'serve' }));
    zk.isro.set(B, 'rw');
    zk.data.set('/r', 'r');
    const client = open(zk, m.scheduler, `${A},${B}`);
    const reads: string[] = [];
    m.scheduler.schedule(() => client.request$(OpCode.getData, { path: '/r', watch: false }, '/r')
      .subscribe(() => reads.push(`ok@${m.scheduler.now()}`)), 50);
    m.expect(stateMarbles(client), '^ 2000ms !').toBeObservable(marbleAt([[0, 'c'], [2, 'R'], [104, 'S'], [1096, 'C']]));
    m.scheduler.schedule(() => void client.close(), 2001);
    m.flush();
    expect(probes(zk)).toEqual([[102, B, 'rw']]);
    expect(sessionIdsAsked(zk)).toEqual([0n, 0n]);
    expect(reads).toEqual(['ok@52']);
  }));

  it('one probe at a time: a silent host costs the 1000 ms probe timeout; the interval stops doubling at its cap; '
    + 'probing stops when the read-only connection goes', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, (host, attempt): Behaviour => (host === A && attempt === 1
      ? { kind: 'serve', readOnly: true } : { kind: 'refuse' }));
    zk.isro.set(A, 'ro');
    zk.isro.set(B, 'silent');
    zk.isro.set(C, 'ro');
    const client = open(zk, m.scheduler, `${A},${B},${C}`, { rwProbeIntervalMsMax: 800 });
    m.scheduler.schedule(() => zk.connections[0]?.frames.close(), 5000);
    m.scheduler.schedule(() => void client.close(), 6000);
    m.flush();
    // 102 B (silent until 1102; the 302 slot passed meanwhile, so C goes at once), 1502 A (+400), 2302 B (+800,
    // silent until 3302, C at once), then +800 stays: 4102 A, 4902 B; the cut at 5001 ends probing.
    expect(probes(zk).map(([at, host]) => [at, host])).toEqual([
      [102, B], [1102, C], [1502, A], [2302, B], [3302, C], [4102, A], [4902, B]]);
    expect(client.state.state).toBe('CLOSED');
  }));

  it('a read-write connection never probes', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }));
    zk.isro.set(B, 'rw');
    const client = open(zk, m.scheduler, `${A},${B}`);
    m.scheduler.schedule(() => void client.close(), 60_000);
    m.flush();
    expect(probes(zk)).toEqual([]);
  }));
});
