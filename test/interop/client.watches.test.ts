// Watch Observables against a real standalone ZooKeeper 3.8, and the client's behaviour when the network to it is
// cut: a short cut resumes the session with its watches (SetWatches reports what changed meanwhile), a cut longer
// than the session timeout ends in EXPIRED (client-side) while the server expires the session and its ephemeral.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { filter, firstValueFrom, map, take, toArray, timeout } from 'rxjs';
import { createClient, type Client } from '../../src/client/index.js';
import { CreateMode } from '../../src/proto/index.js';
import { describeInterop, startStandalone, type RealZkServer } from '../support/realZk.js';
import { startProxy, type LoopbackProxy } from '../client/support/proxy.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const WAIT_MS = 15_000;

describeInterop('rxzk client watches against real ZooKeeper 3.8', () => {
  let server: RealZkServer | undefined;
  const clients: Client[] = [];
  const proxies: LoopbackProxy[] = [];
  const open = async (connect?: string, sessionTimeoutMs = 10_000): Promise<Client> => {
    const s = server as RealZkServer;
    const client = createClient(connect ?? `${s.host}:${s.clientPort}`, { sessionTimeoutMs });
    clients.push(client);
    await client.connected();
    return client;
  };

  beforeAll(async () => {
    server = await startStandalone();
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await Promise.allSettled(proxies.map((p) => p.close()));
    await server?.stop();
  });

  it('data$ emits the data, each change, and completes when the node is deleted', async () => {
    const c = await open();
    await c.create('/d', 'v0');
    const seen = firstValueFrom(c.data$('/d').pipe(map((d) => text(d.data)), toArray(), timeout(WAIT_MS)));
    await firstValueFrom(c.data$('/d').pipe(take(1)));
    const writer = await open();
    for (const v of ['v1', 'v2']) {
      await writer.setData('/d', v);
      await firstValueFrom(c.data$('/d').pipe(filter((d) => text(d.data) === v), take(1), timeout(WAIT_MS)));
    }
    await writer.delete('/d');
    const values = await seen;
    expect(values[0]).toBe('v0');
    expect(values.at(-1)).toBe('v2');
    expect(values).toContain('v1');
  });

  it('children$ and exists$ follow changes', async () => {
    const c = await open();
    await c.create('/k');
    const children = firstValueFrom(c.children$('/k').pipe(map((k) => k.children.length), take(3), toArray(),
      timeout(WAIT_MS)));
    const exists = firstValueFrom(c.exists$('/k/e').pipe(map((s) => s !== null), take(2), toArray(), timeout(WAIT_MS)));
    await firstValueFrom(c.exists$('/k').pipe(take(1)));
    const writer = await open();
    await writer.create('/k/e');
    await firstValueFrom(c.children$('/k').pipe(filter((k) => k.children.length === 1), take(1), timeout(WAIT_MS)));
    await writer.create('/k/f');
    expect(await children).toEqual([0, 1, 2]);
    expect(await exists).toEqual([false, true]);
  });

  // A separate subtree: 3.8 keeps one watch mode per (connection, path), so a standard and a persistent watch on the
  // same path interfere on the server (ZOOKEEPER-4466, fixed in 3.9) for the Java client too.
  it('a recursive watch$ streams its subtree\'s events', async () => {
    const c = await open();
    await c.create('/r');
    const events = firstValueFrom(c.watch$('/r', { recursive: true }).pipe(take(3), toArray(), timeout(WAIT_MS)));
    // Replies come in order: once sync answers, the addWatch sent before it is in place.
    await c.sync('/r');
    const writer = await open();
    await writer.create('/r/e');
    await writer.create('/r/e/f');
    await writer.setData('/r/e/f', 'x');
    expect(await events).toEqual([
      { type: 'created', path: '/r/e' }, { type: 'created', path: '/r/e/f' }, { type: 'dataChanged', path: '/r/e/f' }]);
  });

  it('a short network cut resumes the same session; a change made meanwhile reaches data$ via SetWatches', async () => {
    const s = server as RealZkServer;
    const proxy = await startProxy({ host: s.host, port: s.clientPort });
    proxies.push(proxy);
    const c = await open(`${proxy.host}:${proxy.port}`, 6000);
    const sessionId = c.sessionId;
    await c.create('/cut', 'before');
    const values: string[] = [];
    const sub = c.data$('/cut').subscribe((d) => values.push(text(d.data)));
    await firstValueFrom(c.data$('/cut').pipe(take(1)));
    proxy.cut();
    await firstValueFrom(c.state$.pipe(filter((e) => e.state === 'SUSPENDED'), timeout(WAIT_MS)));
    const writer = await open();
    await writer.setData('/cut', 'during');
    proxy.restore();
    await firstValueFrom(c.state$.pipe(filter((e) => e.state === 'CONNECTED'), timeout(WAIT_MS)));
    expect(c.sessionId).toBe(sessionId);
    await firstValueFrom(c.data$('/cut').pipe(filter((d) => text(d.data) === 'during'), take(1), timeout(WAIT_MS)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    sub.unsubscribe();
    expect(values).toEqual(['before', 'during']);
  });

  it('cut off longer than the session timeout: EXPIRED on the client, watches error, the ephemeral is gone', async () => {
    const s = server as RealZkServer;
    const proxy = await startProxy({ host: s.host, port: s.clientPort });
    proxies.push(proxy);
    const c = await open(`${proxy.host}:${proxy.port}`, 4000);
    await c.create('/eph', '', { mode: CreateMode.EPHEMERAL });
    const watchError = firstValueFrom(c.exists$('/eph').pipe(toArray(), timeout(WAIT_MS))).catch((e: unknown) => e);
    await firstValueFrom(c.exists$('/eph').pipe(take(1)));
    proxy.stall();
    const states = await firstValueFrom(c.state$.pipe(map((e) => e.state), toArray(), timeout(WAIT_MS)));
    expect(states).toEqual(['CONNECTED', 'SUSPENDED', 'EXPIRED']);
    expect(await watchError).toMatchObject({ code: 'SESSIONEXPIRED' });
    await expect(c.getData('/')).rejects.toMatchObject({ code: 'SESSIONEXPIRED' });
    const observer = await open();
    const gone = await firstValueFrom(observer.exists$('/eph').pipe(filter((st) => st === null), take(1),
      timeout(WAIT_MS)));
    expect(gone).toBeNull();
  });

  it('2,000 watches on long paths (> 128 KiB of path text) are restored in several SetWatches and all still fire',
    async () => {
      const s = server as RealZkServer;
      const proxy = await startProxy({ host: s.host, port: s.clientPort });
      proxies.push(proxy);
      const c = await open(`${proxy.host}:${proxy.port}`, 10_000);
      const count = 2000;
      const base = `/many-${'w'.repeat(100)}`;
      await c.create(base);
      const paths = Array.from({ length: count }, (_, i) => `${base}/n${i}`);
      await Promise.all(paths.map((path) => c.create(path)));
      const changed = new Set<string>();
      const subs = paths.map((path) => c.exists$(path).subscribe((st) => {
        if (st !== null && st.version > 0) changed.add(path);
      }));
      await c.sync('/');
      expect(paths.reduce((n, p) => n + p.length, 0)).toBeGreaterThan(128 * 1024);
      proxy.cut();
      await firstValueFrom(c.state$.pipe(filter((e) => e.state === 'SUSPENDED'), timeout(WAIT_MS)));
      proxy.restore();
      await firstValueFrom(c.state$.pipe(filter((e) => e.state === 'CONNECTED'), timeout(WAIT_MS)));
      const writer = await open();
      await Promise.all(paths.map((path) => writer.setData(path, 'x')));
      for (let waited = 0; changed.size < count && waited < WAIT_MS; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      for (const sub of subs) sub.unsubscribe();
      expect(changed.size).toBe(count);
    });
});
