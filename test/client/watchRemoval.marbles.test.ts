// Persistent watches are released on the server when their last local subscriber leaves: removeWatches with
// WatcherType Any (3.8 has no Persistent type), never while another subscriber or an unanswered addWatch still needs
// the server's watch, and not at all while disconnected (SetWatches on the next server leaves the path out).
import { describe, expect, it } from 'vitest';
import { EventType } from '../../src/proto/index.js';
import { createClient, type Client } from '../../src/client/index.js';
import { marbles } from '../support/marbles.js';
import { fakeEnsemble, type FakeEnsemble } from './support/fakeServer.js';

const A = '127.0.0.1:2181';
const B = '127.0.0.2:2181';

function open(zk: FakeEnsemble, scheduler: Parameters<typeof fakeEnsemble>[0], hosts = A): Client {
  return createClient(hosts, { sessionTimeoutMs: 30_000, connector: zk.connector, scheduler, random: () => 0.5 });
}

function removals(zk: FakeEnsemble): (readonly [number, unknown])[] {
  return zk.log.filter((e) => e.what === 'removeWatches').map((e) => [e.at, e.detail] as const);
}

describe('releasing persistent watches on the server', () => {
  it('the last unsubscribe of a recursive watch$ sends removeWatches(Any); events after it reach nobody',
    marbles((m) => {
      const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }));
      const client = open(zk, m.scheduler);
      const seen: string[] = [];
      const first = client.watch$('/tree', { recursive: true }).subscribe((e) => seen.push(`1:${e.type} ${e.path}`));
      const second = client.watch$('/tree', { recursive: true }).subscribe((e) => seen.push(`2:${e.type} ${e.path}`));
      m.scheduler.schedule(() => zk.connections[0]?.notify(EventType.NodeCreated, '/tree/a'), 100);
      m.scheduler.schedule(() => first.unsubscribe(), 200);
      m.scheduler.schedule(() => zk.connections[0]?.notify(EventType.NodeCreated, '/tree/b'), 300);
      m.scheduler.schedule(() => second.unsubscribe(), 400);
      m.scheduler.schedule(() => zk.connections[0]?.notify(EventType.NodeCreated, '/tree/c'), 500);
      m.scheduler.schedule(() => void client.close(), 600);
      m.flush();
      expect(seen).toEqual(['1:created /tree/a', '2:created /tree/a', '2:created /tree/b']);
      // Sent at 400, seen by the server 1 ms later; only once, for the last subscriber.
      expect(removals(zk)).toEqual([[401, { path: '/tree', type: 3 }]]);
    }));

  it('a persistent watch$ unsubscribed before its addWatch is answered is released once the reply comes',
    marbles((m) => {
      const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }), 10);
      const client = open(zk, m.scheduler);
      m.scheduler.schedule(() => client.watch$('/p').subscribe().unsubscribe(), 50);
      m.scheduler.schedule(() => void client.close(), 200);
      m.flush();
      // addWatch reaches the server at 60 and its reply the client at 70; removeWatches then takes 10 ms more.
      expect(zk.log.filter((e) => e.what === 'addWatch').map((e) => e.at)).toEqual([60]);
      expect(removals(zk)).toEqual([[80, { path: '/p', type: 3 }]]);
      expect(client.registry.isEmpty()).toBe(true);
    }));

  it('a one-shot watch on the same path keeps the server watch; releasing waits until nothing local needs it',
    marbles((m) => {
      const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }));
      zk.data.set('/same', 'x');
      const client = open(zk, m.scheduler);
      const persistent = client.watch$('/same').subscribe();
      const oneShot = client.data$('/same').subscribe();
      m.scheduler.schedule(() => persistent.unsubscribe(), 100);
      m.scheduler.schedule(() => oneShot.unsubscribe(), 200);
      m.scheduler.schedule(() => void client.close(), 300);
      m.flush();
      // data$ forgetting its one-shot watcher is local only (as in Java); nothing asked for a removal.
      expect(removals(zk)).toEqual([]);
    }));

  it('unsubscribing while disconnected sends nothing, and the next server is not told about the watch',
    marbles((m) => {
      const zk = fakeEnsemble(m.scheduler, () => ({ kind: 'serve' }));
      const client = open(zk, m.scheduler, `${A},${B}`);
      const keep = client.watch$('/keep').subscribe();
      const drop = client.watch$('/drop', { recursive: true }).subscribe();
      m.scheduler.schedule(() => zk.connections[0]?.frames.close(), 100);
      m.scheduler.schedule(() => drop.unsubscribe(), 200);
      m.scheduler.schedule(() => keep.unsubscribe(), 1000);
      m.scheduler.schedule(() => void client.close(), 1100);
      m.flush();
      expect(zk.log.find((e) => e.what === 'setWatches2')?.detail).toMatchObject({
        persistentWatches: ['/keep'], persistentRecursiveWatches: [] });
      expect(removals(zk).map(([, detail]) => detail)).toEqual([{ path: '/keep', type: 3 }]);
    }));
});
