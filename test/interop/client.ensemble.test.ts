// The rxzk client against a real 3-server ZooKeeper 3.8 ensemble: kill -9 the server the client is connected to,
// and the client resumes the same session on another server with its ephemeral node and its watches intact.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { filter, firstValueFrom, take, timeout } from 'rxjs';
import { createClient, type Client } from '../../src/client/index.js';
import { CreateMode } from '../../src/proto/index.js';
import { connectString, describeInterop, startEnsemble, type RealZkEnsemble } from '../support/realZk.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const WAIT_MS = 40_000;

describeInterop('rxzk client against a real ZooKeeper 3.8 ensemble of 3', () => {
  let ensemble: RealZkEnsemble | undefined;
  const clients: Client[] = [];

  beforeAll(async () => {
    ensemble = await startEnsemble({ size: 3 });
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await ensemble?.stop();
  });

  it('every operation works through the ensemble', async () => {
    const e = ensemble as RealZkEnsemble;
    const c = createClient(connectString(e.plan), { sessionTimeoutMs: 10_000 });
    clients.push(c);
    await c.connected();
    await c.create('/ens', 'a');
    expect(text((await c.getData('/ens')).data)).toBe('a');
    await c.setData('/ens', 'b');
    expect(await c.sync('/ens')).toBe('/ens');
    expect((await c.getChildren('/')).children).toContain('ens');
    await c.delete('/ens');
    expect(await c.exists('/ens')).toBeNull();
  });

  it('kill -9 of the connected server: same session on another server, ephemeral and watch intact', async () => {
    const e = ensemble as RealZkEnsemble;
    const c = createClient(connectString(e.plan), { sessionTimeoutMs: 20_000 });
    clients.push(c);
    const first = await c.connected();
    await c.create('/failover', 'v1');
    await c.create('/failover-eph', '', { mode: CreateMode.EPHEMERAL });
    const values: string[] = [];
    c.data$('/failover').subscribe((d) => values.push(text(d.data)));
    await firstValueFrom(c.data$('/failover').pipe(take(1)));
    const victim = [...e.servers.values()].find((s) => s.clientPort === first.server?.port);
    expect(victim).toBeDefined();
    await victim?.kill9();
    await firstValueFrom(c.state$.pipe(filter((s) => s.state === 'SUSPENDED'), timeout(WAIT_MS)));
    const resumed = await firstValueFrom(c.state$.pipe(filter((s) => s.state === 'CONNECTED'), timeout(WAIT_MS)));
    expect(resumed.sessionId).toBe(first.sessionId);
    expect(resumed.server?.port).not.toBe(first.server?.port);
    const survivors = [...e.servers.values()].filter((s) => s !== victim);
    const other = createClient(survivors.map((s) => `${s.host}:${s.clientPort}`).join(','), { sessionTimeoutMs: 10_000 });
    clients.push(other);
    await other.connected();
    expect((await other.exists('/failover-eph'))?.ephemeralOwner).toBe(first.sessionId);
    await other.setData('/failover', 'v2');
    // The data$ subscribed before the kill must see the change through its restored watch.
    for (let waited = 0; values.length < 2 && waited < WAIT_MS; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(values).toEqual(['v1', 'v2']);
  });
});
