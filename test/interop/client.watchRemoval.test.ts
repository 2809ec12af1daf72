// Against a real ZooKeeper 3.8: unsubscribing the last watch$ of a path makes the server drop its watch, as its own
// `wchc` listing shows, while the watches other subscribers still hold stay listed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { firstValueFrom, take, timeout, toArray } from 'rxjs';
import { createClient, type Client } from '../../src/client/index.js';
import { describeInterop, startStandalone, type RealZkServer } from '../support/realZk.js';

const WAIT_MS = 15_000;

/** Paths `wchc` lists for one session ("0x<id>" line, then a tab-indented line per path). */
function watchedPaths(wchc: string, sessionId: bigint): string[] {
  const lines = wchc.split('\n');
  const start = lines.indexOf(`0x${sessionId.toString(16)}`);
  if (start < 0) return [];
  const out: string[] = [];
  for (let i = start + 1; i < lines.length && (lines[i] ?? '').startsWith('\t'); i += 1) {
    out.push((lines[i] as string).trim());
  }
  return out.sort();
}

describeInterop('rxzk client releases persistent watches on real ZooKeeper 3.8', () => {
  let server: RealZkServer | undefined;
  const clients: Client[] = [];
  const open = async (): Promise<Client> => {
    const s = server as RealZkServer;
    const client = createClient(`${s.host}:${s.clientPort}`, { sessionTimeoutMs: 10_000 });
    clients.push(client);
    await client.connected();
    return client;
  };

  beforeAll(async () => {
    server = await startStandalone();
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await server?.stop();
  });

  it('wchc lists a watch$ path while subscribed and not after the last unsubscribe', async () => {
    const s = server as RealZkServer;
    const c = await open();
    await c.create('/rm');
    await c.create('/stay');
    const recursive = [c.watch$('/rm', { recursive: true }).subscribe(), c.watch$('/rm', { recursive: true }).subscribe()];
    const stay = c.watch$('/stay').subscribe();
    // Replies come in request order: once sync answers, every addWatch before it is in place.
    await c.sync('/');
    expect(watchedPaths(await s.fourLetterWord('wchc'), c.sessionId)).toEqual(['/rm', '/stay']);
    recursive[0]?.unsubscribe();
    await c.sync('/');
    expect(watchedPaths(await s.fourLetterWord('wchc'), c.sessionId)).toEqual(['/rm', '/stay']);
    recursive[1]?.unsubscribe();
    await c.sync('/');
    expect(watchedPaths(await s.fourLetterWord('wchc'), c.sessionId)).toEqual(['/stay']);
    stay.unsubscribe();
    await c.sync('/');
    expect(watchedPaths(await s.fourLetterWord('wchc'), c.sessionId)).toEqual([]);
    // The connection is still healthy: the removeWatches replies parsed, and a new watch works.
    const events = firstValueFrom(c.watch$('/rm', { recursive: true }).pipe(take(1), toArray(), timeout(WAIT_MS)));
    await c.sync('/');
    const writer = await open();
    await writer.create('/rm/again');
    expect(await events).toEqual([{ type: 'created', path: '/rm/again' }]);
    expect(c.state.state).toBe('CONNECTED');
  });
});
