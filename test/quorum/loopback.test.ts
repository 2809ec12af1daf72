// Three managers in one process over real loopback sockets: a full mesh forms by the challenge rule, frames flow both
// ways, a forced reconnect resends the last message, and stop leaves no TCP handle behind.
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { firstValueFrom, take, timeout, toArray } from 'rxjs';
import { createQuorumManager, type QuorumManager } from '../../src/quorum/manager.js';
import type { QuorumMessage } from '../../src/quorum/events.js';
import { freePorts } from '../support/ports.js';
import { encodeInitialMessage } from '../../src/quorum/initialMessage.js';
import { bytes, eventually, firstMatch, host, serversOn, tcpHandles, waitMsMax } from './helpers.js';

let managers: QuorumManager[] = [];

afterEach(async () => {
  await Promise.all(managers.map((manager) => manager.stop()));
  managers = [];
});

async function mesh(size: number): Promise<QuorumManager[]> {
  const ports = await freePorts(size);
  const servers = serversOn(ports);
  managers = [...servers.keys()].map((sid) => createQuorumManager({ sid, servers }));
  await Promise.all(managers.map((manager) => firstMatch(manager.events$, (e) => e.kind === 'listening')));
  return managers;
}

function received(manager: QuorumManager, count: number): Promise<QuorumMessage[]> {
  return firstValueFrom(manager.inbound$.pipe(take(count), toArray(), timeout(waitMsMax)));
}

const sids = [1n, 2n, 3n];

describe('three managers on loopback', () => {
  it('every manager receives one message from each other and itself; one connection per pair', async () => {
    const [m1, m2, m3] = await mesh(3);
    const all = [m1, m2, m3] as QuorumManager[];
    const inboxes = all.map((manager) => received(manager, 3));
    all.forEach((manager, index) => sids.forEach((to) => manager.toSend(to, bytes(index + 1, Number(to)))));
    const got = await Promise.all(inboxes);
    got.forEach((messages, index) => {
      const mine = BigInt(index + 1);
      const bySender = messages.map((m) => [m.sid, [...m.payload]] as const).sort((a, b) => Number(a[0] - b[0]));
      expect(bySender).toEqual(sids.map((from) => [from, [Number(from), Number(mine)]]));
    });
    await eventually(() => all.every((manager) => manager.connectedSids().length === 2), 'full mesh');
    all.forEach((manager, index) => expect(manager.connectedSids()).toEqual(sids.filter((s) => s !== BigInt(index + 1))));
  });

  it('a smaller sid dialling again makes the larger one dial back and resend its last message (testCnxManager)', async () => {
    const ports = await freePorts(2);
    const servers = serversOn(ports);
    managers = [...servers.keys()].map((sid) => createQuorumManager({ sid, servers }));
    const [m1, m2] = managers as [QuorumManager, QuorumManager];
    await Promise.all(managers.map((manager) => firstMatch(manager.events$, (e) => e.kind === 'listening')));
    const first = received(m1, 1);
    m2.toSend(1n, bytes(42));
    expect((await first)[0]?.payload).toEqual(bytes(42));
    const oldLinkClosed = firstMatch(m1.events$, (e) => e.kind === 'closed' && e.sid === 2n);
    const reopened = firstMatch(m2.events$, (e) => e.kind === 'opened' && e.sid === 1n && e.resent);
    const again = received(m1, 1);
    // sid 1 (or a restarted sid 1) dials sid 2 again: its initial message alone makes 2 drop the link and dial back.
    const socket = connect({ host, port: ports[1] as number });
    socket.on('error', () => undefined);
    socket.write(encodeInitialMessage({ sid: 1n, addresses: [{ host, port: ports[0] as number }] }));
    await reopened;
    await oldLinkClosed;
    expect((await again)[0]).toEqual({ sid: 2n, payload: bytes(42) });
    socket.destroy();
  });

  it('stop closes listeners and connections: no TCP handle left', async () => {
    const before = tcpHandles();
    const [m1, m2, m3] = await mesh(3);
    m1?.toSend(2n, bytes(1));
    m1?.toSend(3n, bytes(1));
    m2?.toSend(3n, bytes(1));
    await eventually(() => m3?.connectedSids().length === 2, 'm3 connected to both');
    expect(tcpHandles()).toBeGreaterThanOrEqual(before + 3 + 2 * 2); // 3 listeners, both ends of 2+ links
    const completed: string[] = [];
    const reasons = new Set<string>();
    managers.forEach((manager, i) => {
      manager.events$.subscribe({ next: (e) => e.kind === 'closed' && reasons.add(e.reason),
        complete: () => completed.push(`events ${i + 1}`) });
      manager.inbound$.subscribe({ complete: () => completed.push(`inbound ${i + 1}`) });
    });
    await Promise.all(managers.map((manager) => manager.stop()));
    expect(completed.sort()).toEqual(['events 1', 'events 2', 'events 3', 'inbound 1', 'inbound 2', 'inbound 3']);
    expect([...reasons]).toEqual(['shutdown']);
    await eventually(() => tcpHandles() <= before, `TCP handles back to ${before}`);
    expect(tcpHandles()).toBeLessThanOrEqual(before);
  });
});
