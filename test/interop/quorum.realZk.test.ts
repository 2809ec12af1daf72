// Our quorum manager against a real ZooKeeper 3.8 server (sid 2 of a planned 3-server ensemble whose sids 1 and 3
// are ours). Alone it cannot form a quorum, so it stays LOOKING and keeps dialling 1 and 3: we decode the initial
// message and notifications it sends; as sid 3 we dial it back and it keeps our connection (and answers our vote);
// as sid 1 our dial makes it dial back, and the connection it opens is the one that carries its notifications.
import { createServer, type Server, type Socket } from 'node:net';
import { filter, firstValueFrom, map, take, timeout, toArray, type Observable } from 'rxjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FrameDecoder } from '../../streams/index.js';
import { decodeNotification, encodeNotification, type DecodedNotification } from '../../src/election/wire/notification.js';
import { PACKET_BYTES_MAX } from '../../src/quorum/constants.js';
import type { QuorumConnectionEvent } from '../../src/quorum/events.js';
import { InitialMessageParser } from '../../src/quorum/initialMessage.js';
import { createQuorumManager, type QuorumManager, type QuorumServerEntry } from '../../src/quorum/manager.js';
import { describeInterop, planEnsemble, serverLines, serverOf, startEnsemble, type EnsemblePlan, type RealZkEnsemble }
  from '../support/realZk.js';

const waitMsMax = 20_000;

function quorumServers(plan: EnsemblePlan): Map<bigint, QuorumServerEntry> {
  return new Map(plan.servers.map((s) => [s.sid, { electionAddresses: [{ host: s.host, port: s.electionPort }], type: s.role }]));
}

function notificationsFrom(manager: QuorumManager, sid: bigint): Observable<DecodedNotification> {
  return manager.inbound$.pipe(filter((m) => m.sid === sid), map((m) => {
    const decoded = decodeNotification(m.sid, m.payload);
    if (!decoded.ok) throw new Error(`undecodable notification from ${sid}: ${decoded.reason}`);
    return decoded.notification;
  }));
}

function firstEvent(manager: QuorumManager, predicate: (e: QuorumConnectionEvent) => boolean): Promise<QuorumConnectionEvent> {
  return firstValueFrom(manager.events$.pipe(filter(predicate), timeout(waitMsMax)));
}

/** A bare listener on sid 1's election port that keeps the first connection's bytes. */
function captureFirstConnection(host: string, port: number): { server: Server; bytes: () => Uint8Array; sockets: Socket[] } {
  const chunks: Buffer[] = [];
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    if (sockets.length === 1) socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  });
  server.listen(port, host);
  return { server, bytes: () => new Uint8Array(Buffer.concat(chunks)), sockets };
}

describeInterop('quorum manager beside a real ZooKeeper 3.8 server', () => {
  let plan: EnsemblePlan;
  let ensemble: RealZkEnsemble | undefined;
  let capture: ReturnType<typeof captureFirstConnection>;
  let m3: QuorumManager;
  let m1: QuorumManager | undefined;
  let m3Events: QuorumConnectionEvent[];

  beforeAll(async () => {
    plan = await planEnsemble({ size: 3, external: [1n, 3n] });
    const one = serverOf(plan, 1n);
    capture = captureFirstConnection(one.host, one.electionPort);
    m3 = createQuorumManager({ sid: 3n, servers: quorumServers(plan) });
    m3Events = [];
    m3.events$.subscribe((e) => m3Events.push(e));
    await firstEvent(m3, (e) => e.kind === 'listening');
    ensemble = await startEnsemble(plan, { waitServing: false });
  }, 60_000);

  afterAll(async () => {
    await Promise.all([m3.stop(), m1?.stop()]);
    capture.sockets.forEach((s) => s.destroy());
    capture.server.close();
    await ensemble?.stop();
  });

  it('the real server dials sid 1: its initial message and its first notification decode', async () => {
    const deadline = Date.now() + waitMsMax;
    let parsed: ReturnType<InitialMessageParser['push']> = { kind: 'pending' };
    let frames: Uint8Array[] = [];
    while (Date.now() < deadline) {
      parsed = new InitialMessageParser().push(capture.bytes());
      frames = parsed.kind === 'parsed' ? new FrameDecoder({ frameBytesMax: PACKET_BYTES_MAX }).push(parsed.rest) : [];
      if (frames.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const two = serverOf(plan, 2n);
    expect(parsed).toMatchObject({ kind: 'parsed', message: { kind: 'v1', sid: 2n, addresses: [{ host: two.host, port: two.electionPort }] } });
    const first = decodeNotification(2n, frames[0] ?? new Uint8Array(0));
    expect(first).toMatchObject({ ok: true, notification: { state: 'LOOKING', leader: 2n, version: 2 } });
  });

  it('as sid 3 we dial back the real server, it keeps our connection, sends its notifications and answers our vote', async () => {
    const notifications = notificationsFrom(m3, 2n);
    const first = await firstValueFrom(notifications.pipe(timeout(waitMsMax)));
    expect(first).toMatchObject({ sid: 2n, state: 'LOOKING' });
    const opened = m3Events.find((e) => e.kind === 'opened' && e.sid === 2n);
    expect(opened).toMatchObject({ direction: 'dialled' });
    expect(m3Events.some((e) => e.kind === 'handshakeClosed' && e.outcome === 'dialBack' && e.sid === 2n)).toBe(true);
    // Our vote for 3 beats its vote for itself: it adopts it and tells us.
    const configText = [...serverLines(plan), 'version=0'].join('\n');
    const adopted = firstValueFrom(notifications.pipe(filter((n) => n.leader === 3n), timeout(waitMsMax)));
    m3.toSend(2n, encodeNotification({ state: 'LOOKING', leader: 3n, zxid: 0n, electionEpoch: 1n, peerEpoch: 0n }, configText));
    expect(await adopted).toMatchObject({ sid: 2n, state: 'LOOKING', leader: 3n });
    expect(m3.connectedSids()).toEqual([2n]);
  });

  it('as sid 1 our dial makes the real server dial back; its connection carries its notifications', async () => {
    capture.sockets.forEach((s) => s.destroy());
    await new Promise<void>((resolve) => capture.server.close(() => resolve()));
    m1 = createQuorumManager({ sid: 1n, servers: quorumServers(plan) });
    const events: QuorumConnectionEvent[] = [];
    m1.events$.subscribe((e) => events.push(e));
    await firstEvent(m1, (e) => e.kind === 'listening');
    const configText = [...serverLines(plan), 'version=0'].join('\n');
    const received = firstValueFrom(notificationsFrom(m1, 2n).pipe(take(2), toArray(), timeout(waitMsMax)));
    m1.toSend(2n, encodeNotification({ state: 'LOOKING', leader: 1n, zxid: 0n, electionEpoch: 1n, peerEpoch: 0n }, configText));
    const notes = await received;
    expect(notes.every((n) => n.sid === 2n && n.state === 'LOOKING')).toBe(true);
    expect(events.filter((e) => e.kind === 'opened')).toMatchObject([{ sid: 2n, direction: 'accepted' }]);
    // If our dial got there before the real server's own retry, we sent our initial message and closed it.
    const ours = events.filter((e) => e.kind === 'handshakeClosed');
    expect(ours.every((e) => e.kind === 'handshakeClosed' && e.outcome === 'challengeLost')).toBe(true);
    expect(m1.connectedSids()).toEqual([2n]);
  });
});
