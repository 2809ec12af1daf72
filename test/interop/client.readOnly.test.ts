// Read-only mode against real ZooKeeper 3.8: a lone member of a three-server ensemble, run with
// -Dreadonlymode.enabled=true, serves read-only; a standalone server elsewhere serves read-write. A client listing
// the lone member first connects to it (CONNECTEDREADONLY, reads work, writes fail NOTREADONLY), finds the
// read-write server with `isro` probes and moves there with a new session, as the Java client does.
// Seen while writing this: without localSessionsEnabled the read-only server answers a new session with a 16-byte
// NOTREADONLY reply header; our client then logs a protocol error and tries the next host.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { filter, firstValueFrom, map, takeWhile, timeout, toArray } from 'rxjs';
import { createClient, tcpRwProber, type Client } from '../../src/client/index.js';
import {
  defaultJvmArgs, describeInterop, fourLetterWord, startEnsemble, startStandalone, type RealZkEnsemble,
  type RealZkServer,
} from '../support/realZk.js';

const WAIT_MS = 20_000;
/** Bound on polling the lone member until its read-only server is up (it waits a few ticks after losing quorum). */
const RO_POLLS_MAX = 150;
const RO_POLL_INTERVAL_MS = 200;

async function waitReadOnly(host: string, port: number): Promise<void> {
  let last = '';
  for (let poll = 0; poll < RO_POLLS_MAX; poll += 1) {
    last = await fourLetterWord(host, port, 'isro', 2000).catch((e: unknown) => String(e));
    if (last === 'ro') return;
    await new Promise((resolve) => setTimeout(resolve, RO_POLL_INTERVAL_MS));
  }
  throw new Error(`no read-only server at ${host}:${port} after ${RO_POLLS_MAX} polls (last answer: ${last})`);
}

describeInterop('rxzk client in read-only mode against real ZooKeeper 3.8', () => {
  let lone: RealZkEnsemble | undefined;
  let rw: RealZkServer | undefined;
  const clients: Client[] = [];

  beforeAll(async () => {
    // Without local sessions a read-only 3.8 server refuses to create a session (a bare NOTREADONLY reply header
    // instead of a ConnectResponse, which the Java client cannot read either).
    lone = await startEnsemble({ size: 3, external: [2n, 3n], extra: { localSessionsEnabled: 'true' } },
      { jvmArgs: [...defaultJvmArgs, '-Dreadonlymode.enabled=true'], waitServing: false });
    rw = await startStandalone();
    const member = lone.plan.servers[0];
    if (member === undefined) throw new Error('empty plan');
    await waitReadOnly(member.host, member.clientPort);
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await Promise.allSettled([lone?.stop(), rw?.stop()]);
  });

  it('tcpRwProber reads "ro" and "rw" from real servers', async () => {
    const member = lone?.plan.servers[0];
    const s = rw as RealZkServer;
    if (member === undefined) throw new Error('no lone member');
    const prober = tcpRwProber();
    expect(await firstValueFrom(prober({ host: member.host, port: member.clientPort }, 2000))).toBe('ro');
    expect(await firstValueFrom(prober({ host: s.host, port: s.clientPort }, 2000))).toBe('rw');
  });

  it('starts read-only on the lone member, probes, and moves to the read-write server', async () => {
    const member = lone?.plan.servers[0];
    const s = rw as RealZkServer;
    if (member === undefined) throw new Error('no lone member');
    // random 0.99 keeps the connect string's order, so the read-only member is tried first.
    const client = createClient(`${member.host}:${member.clientPort},${s.host}:${s.clientPort}`,
      { sessionTimeoutMs: 10_000, readOnly: true, random: () => 0.99, rwProbeIntervalMs: 1000 });
    clients.push(client);
    const states = firstValueFrom(client.state$.pipe(map((e) => e.state), takeWhile((st) => st !== 'CONNECTED', true),
      toArray(), timeout(WAIT_MS)));
    const ro = await firstValueFrom(client.state$.pipe(filter((e) => e.state === 'CONNECTEDREADONLY'),
      timeout(WAIT_MS)));
    const roSession = ro.sessionId;
    expect(ro.server).toEqual({ host: member.host, port: member.clientPort });
    expect((await client.getData('/')).stat).toBeDefined();
    await expect(client.create('/ro-write')).rejects.toMatchObject({ code: 'NOTREADONLY' });
    expect(await states).toEqual(['CONNECTING', 'CONNECTEDREADONLY', 'SUSPENDED', 'CONNECTED']);
    expect(client.state.server).toEqual({ host: s.host, port: s.clientPort });
    expect(client.sessionId).not.toBe(roSession);
    await client.create('/rw-write', 'ok');
    expect(new TextDecoder().decode((await client.getData('/rw-write')).data)).toBe('ok');
  });
});
