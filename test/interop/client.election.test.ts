// The leadership recipe with three rxzk clients on a real ZooKeeper 3.8: exactly one leads, observers agree on
// its id, and when the leader's client is cut off (killed, as far as the server can tell) its session expires,
// its node goes, and exactly one other client takes over. Unsubscribing hands leadership on at once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { filter, firstValueFrom, timeout, type Subscription } from 'rxjs';
import { createClient, leader$, leadership$, type Client } from '../../src/client/index.js';
import { describeInterop, startStandalone, type RealZkServer } from '../support/realZk.js';
import { startProxy, type LoopbackProxy } from '../client/support/proxy.js';

const WAIT_MS = 20_000;

describeInterop('leadership recipe against real ZooKeeper 3.8', () => {
  let server: RealZkServer | undefined;
  const clients: Client[] = [];
  const proxies: LoopbackProxy[] = [];
  const subs: Subscription[] = [];

  beforeAll(async () => {
    server = await startStandalone();
  });

  afterAll(async () => {
    for (const sub of subs) sub.unsubscribe();
    await Promise.allSettled(clients.map((c) => c.close()));
    await Promise.allSettled(proxies.map((p) => p.close()));
    await server?.stop();
  });

  it('three candidates, one leader; the leader is killed and exactly one other takes over', async () => {
    const s = server as RealZkServer;
    const ids = ['c1', 'c2', 'c3'];
    const leading = new Map<string, boolean>();
    const history = new Map<string, boolean[]>();
    const errors = new Map<string, unknown>();
    const candidates: { id: string; client: Client; proxy: LoopbackProxy }[] = [];
    for (const id of ids) {
      const proxy = await startProxy({ host: s.host, port: s.clientPort });
      proxies.push(proxy);
      const client = createClient(`${proxy.host}:${proxy.port}`, { sessionTimeoutMs: 4000 });
      clients.push(client);
      await client.connected();
      subs.push(leadership$(client, '/election/app', { id }).subscribe({
        next: (v) => {
          leading.set(id, v);
          history.set(id, [...(history.get(id) ?? []), v]);
        },
        error: (e: unknown) => {
          leading.set(id, false);
          errors.set(id, e);
        },
      }));
      candidates.push({ id, client, proxy });
      // Its first answer comes after its node exists, so c1, c2, c3 queue in that order.
      await waitFor(() => leading.has(id));
    }
    const observer = createClient(`${s.host}:${s.clientPort}`, { sessionTimeoutMs: 10_000 });
    clients.push(observer);
    const firstLeader = await firstValueFrom(leader$(observer, '/election/app').pipe(
      filter((id) => id !== undefined), timeout(WAIT_MS)));
    await waitFor(() => [...leading.values()].filter(Boolean).length === 1 && leading.get(firstLeader) === true);
    expect(firstLeader).toBe('c1');

    const victim = candidates.find((c) => c.id === firstLeader);
    victim?.proxy.stall();
    const next = await firstValueFrom(leader$(observer, '/election/app').pipe(
      filter((id): id is string => id !== undefined && id !== firstLeader), timeout(WAIT_MS)));
    await waitFor(() => leading.get(next) === true && errors.has(firstLeader));
    expect(next).toBe('c2');
    expect([...leading.entries()].filter(([, v]) => v).map(([id]) => id)).toEqual(['c2']);
    expect(errors.get(firstLeader)).toMatchObject({ code: 'SESSIONEXPIRED' });
    // The default SUSPENDED policy gave leadership up as soon as the connection was lost, before expiry.
    expect(history.get(firstLeader)).toEqual([true, false]);
    expect(history.get(next)).toEqual([false, true]);
  });

  it('unsubscribing deletes the candidate node and the next candidate leads', async () => {
    const s = server as RealZkServer;
    const a = createClient(`${s.host}:${s.clientPort}`, { sessionTimeoutMs: 10_000 });
    const b = createClient(`${s.host}:${s.clientPort}`, { sessionTimeoutMs: 10_000 });
    clients.push(a, b);
    const seenA: boolean[] = [];
    const subA = leadership$(a, '/election/handover', { id: 'a' }).subscribe((v) => seenA.push(v));
    await waitFor(() => seenA.includes(true));
    const seenB: boolean[] = [];
    subs.push(leadership$(b, '/election/handover', { id: 'b' }).subscribe((v) => seenB.push(v)));
    await waitFor(() => seenB.includes(false));
    subA.unsubscribe();
    await waitFor(() => seenB.includes(true));
    expect(seenB).toEqual([false, true]);
    expect((await b.getChildren('/election/handover')).children).toHaveLength(1);
  });
  it("the 'keep' SUSPENDED policy holds leadership through a short disconnect", async () => {
    const s = server as RealZkServer;
    const proxy = await startProxy({ host: s.host, port: s.clientPort });
    proxies.push(proxy);
    const c = createClient(`${proxy.host}:${proxy.port}`, { sessionTimeoutMs: 8000 });
    clients.push(c);
    const seen: boolean[] = [];
    subs.push(leadership$(c, '/election/keep', { id: 'k', onSuspended: 'keep' }).subscribe((v) => seen.push(v)));
    await waitFor(() => seen.includes(true));
    proxy.cut();
    await firstValueFrom(c.state$.pipe(filter((e) => e.state === 'SUSPENDED'), timeout(WAIT_MS)));
    proxy.restore();
    await firstValueFrom(c.state$.pipe(filter((e) => e.state === 'CONNECTED'), timeout(WAIT_MS)));
    await c.sync('/');
    expect(seen).toEqual([true]);
  });
});

/** Polls a condition every 50 ms, failing after WAIT_MS. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 50) {
    if (waited >= WAIT_MS) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));  }
}
