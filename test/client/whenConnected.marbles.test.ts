// connected() / whenConnected$ in virtual time: the first CONNECTED (or CONNECTEDREADONLY) event, at once when
// already connected, and an error when the session ends before it (expired, closed, or already over).
import { describe, expect, it } from 'vitest';
import { map, switchMap } from 'rxjs';
import { createClient, type Client } from '../../src/client/index.js';
import { KeeperError } from '../../src/proto/index.js';
import { marbles } from '../support/marbles.js';
import { fakeEnsemble, type Behaviour, type FakeEnsemble } from './support/fakeServer.js';
import type { ClientStateEvent } from '../../src/client/clientState.js';

const A = '127.0.0.1:2181';
const expired = new KeeperError(-112);
const letter = (e: ClientStateEvent): string => e.state;

function open(zk: FakeEnsemble, scheduler: Parameters<typeof fakeEnsemble>[0], readOnly = false): Client {
  return createClient(A, { sessionTimeoutMs: 30_000, connector: zk.connector, scheduler, random: () => 0.5, readOnly });
}

describe('whenConnected$ in virtual time', () => {
  it('emits the CONNECTED event when the handshake answers, then completes', marbles((m) => {
    const client = open(fakeEnsemble(m.scheduler, () => ({ kind: 'serve' })), m.scheduler);
    const connected$ = client.whenConnected$();
    m.expect(connected$.pipe(mapState())).toBeObservable('--(C|)', { C: 'CONNECTED' });
    m.scheduler.schedule(() => void client.close(), 10);
  }));

  it('a read-only server counts as connected', marbles((m) => {
    const client = open(fakeEnsemble(m.scheduler, () => ({ kind: 'serve', readOnly: true })), m.scheduler, true);
    m.expect(client.whenConnected$().pipe(mapState())).toBeObservable('--(R|)', { R: 'CONNECTEDREADONLY' });
    m.scheduler.schedule(() => void client.close(), 10);
  }));

  it('emits at once for a subscriber that arrives while connected', marbles((m) => {
    const client = open(fakeEnsemble(m.scheduler, () => ({ kind: 'serve' })), m.scheduler);
    const late = m.cold('-----(x|)').pipe(switchTo(() => client.whenConnected$().pipe(mapState())));
    m.expect(late).toBeObservable('-----(C|)', { C: 'CONNECTED' });
    m.scheduler.schedule(() => void client.close(), 10);
  }));

  it('errors with SESSIONEXPIRED when the server says the session expired', marbles((m) => {
    const zk = fakeEnsemble(m.scheduler, (): Behaviour => ({ kind: 'serve', expire: true }));
    const client = open(zk, m.scheduler);
    m.expect(client.whenConnected$()).toBeObservable('--#', undefined, expired);
  }));

  it('errors when the client is closed before connecting, and for a subscriber that comes after the end',
    marbles((m) => {
      const client = open(fakeEnsemble(m.scheduler, () => ({ kind: 'silent' })), m.scheduler);
      m.scheduler.schedule(() => void client.close(), 3);
      m.expect(client.whenConnected$()).toBeObservable('---#', undefined, expired);
      const late = m.cold('-----x').pipe(switchTo(() => client.whenConnected$()));
      m.expect(late).toBeObservable('-----#', undefined, expired);
    }));

  it('connected() resolves with the event, and rejects once the session has ended', async () => {
    const { TestScheduler } = await import('rxjs/testing');
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const client = open(fakeEnsemble(scheduler, () => ({ kind: 'serve' })), scheduler);
    const connected = client.connected();
    scheduler.flush();
    await expect(connected).resolves.toMatchObject({ state: 'CONNECTED' });
    const closed = client.close();
    scheduler.flush();
    await closed;
    await expect(client.connected()).rejects.toMatchObject({ name: expired.name, errno: -112 });
  });

  it('a connected() that waits rejects when the session ends first: the server expires it, or the client closes',
    async () => {
      const { TestScheduler } = await import('rxjs/testing');
      const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
      const expiring = open(fakeEnsemble(scheduler, (): Behaviour => ({ kind: 'serve', expire: true })), scheduler);
      const silent = open(fakeEnsemble(scheduler, () => ({ kind: 'silent' })), scheduler);
      const [first, second] = [expiring.connected(), expiring.connected()];
      const waiting = silent.connected();
      scheduler.schedule(() => void silent.close(), 3);
      scheduler.flush();
      await expect(first).rejects.toMatchObject({ name: expired.name, errno: -112 });
      await expect(second).rejects.toMatchObject({ errno: -112 });
      await expect(waiting).rejects.toMatchObject({ errno: -112 });
      expect(silent.state.state).toBe('CLOSED');
    });
});

function mapState() {
  return map(letter);
}

function switchTo<T>(make: () => import('rxjs').Observable<T>) {
  return switchMap(make);
}
