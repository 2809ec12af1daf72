// Three peers in one process over real loopback sockets: the quorum manager, the election and the client port
// together. Roles are read the way an operator would, with srvr on each client port.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { parseZooCfg } from '../../src/config/parseZooCfg.js';
import { createPeer, type Peer } from '../../src/peer/index.js';
import { fourLetterWord } from '../support/realZk.js';
import { freePorts } from '../support/ports.js';

let dir = '';
let peers: Peer[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxzk-loopback-'));
});
afterEach(async () => {
  await Promise.all(peers.map((p) => p.stop()));
  peers = [];
  await rm(dir, { recursive: true, force: true });
});

/** Creates the first `count` of `size` peers; `startOthers` creates the rest. */
async function startPeers(size: number, count = size):
Promise<{ clientPorts: number[]; quorumPorts: number[]; startOthers(): Promise<void> }> {
  const ports = await freePorts(size * 3);
  const quorumPort = (i: number): number => ports[i] as number;
  const electionPort = (i: number): number => ports[size + i] as number;
  const clientPorts = Array.from({ length: size }, (_, i) => ports[2 * size + i] as number);
  const servers = Array.from({ length: size }, (_, i) => `server.${i + 1}=127.0.0.1:${quorumPort(i)}:${electionPort(i)}`);
  const create = async (from: number, to: number): Promise<void> => {
    for (let i = from; i < to; i += 1) {
      const text = [
        'tickTime=2000', 'initLimit=10', 'syncLimit=5', `dataDir=${join(dir, `peer${i + 1}`)}`,
        `clientPort=${clientPorts[i]}`, 'clientPortAddress=127.0.0.1', '4lw.commands.whitelist=*', ...servers,
      ].join('\n');
      peers.push(await createPeer(parseZooCfg(text, { myidText: String(i + 1) })));
    }
  };
  await create(0, count);
  const quorumPorts = Array.from({ length: size }, (_, i) => quorumPort(i));
  return { clientPorts, quorumPorts, startOthers: () => create(count, size) };
}

/** A raw TCP client: resolves when connected; `closed` resolves when the far end closes it. */
function rawDial(port: number): Promise<{ closed: Promise<void>; isClosed(): boolean; destroy(): void }> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let ended = false;
    const closed = new Promise<void>((done) => socket.once('close', () => {
      ended = true;
      done();
    }));
    socket.on('data', () => undefined);
    socket.once('error', reject);
    socket.once('connect', () => resolve({ closed, isClosed: () => ended, destroy: () => socket.destroy() }));
  });
}

/** Decided and synced through the Zab handshake: serving. */
const decided = (peer: Peer) =>
  firstValueFrom(peer.state$.pipe(filter((s) => s.state !== 'LOOKING' && s.synced), timeout(10_000)));

describe('peers over loopback sockets', () => {
  it('three peers elect sid 3, and srvr on each client port says so', async () => {
    const { clientPorts } = await startPeers(3);
    const statuses = await Promise.all(peers.map(decided));
    expect(statuses.map((s) => s.state)).toEqual(['FOLLOWING', 'FOLLOWING', 'LEADING']);
    expect(statuses.every((s) => s.leader === 3n && s.connections === 2)).toBe(true);
    const modes = await Promise.all(clientPorts.map((port) => fourLetterWord('127.0.0.1', port, 'srvr')));
    expect(modes.map((m) => /Mode: (\w+)/.exec(m)?.[1])).toEqual(['follower', 'follower', 'leader']);
    expect(await fourLetterWord('127.0.0.1', clientPorts[0] as number, 'ruok')).toBe('imok');
  });

  it('when the leader stops, the followers notice through Zab and re-elect sid 2 on their own', async () => {
    await startPeers(3);
    await Promise.all(peers.map(decided));
    const [one, two, three] = peers as [Peer, Peer, Peer];
    const lost = [one, two].map((p) => firstValueFrom(p.state$.pipe(filter((s) => s.state === 'LOOKING'), timeout(10_000))));
    const next = [one, two].map((p) =>
      firstValueFrom(p.state$.pipe(filter((s) => s.synced && s.electionEpoch === 2n), timeout(15_000))));
    await three.stop();
    const [l1, l2] = await Promise.all(lost);
    expect(l1?.lostReason).toMatch(/^leader lost/);
    expect(l2?.lostReason).toMatch(/^leader lost/);
    const [s1, s2] = await Promise.all(next);
    expect(s1).toMatchObject({ state: 'FOLLOWING', leader: 2n, lostReason: undefined });
    expect(s2).toMatchObject({ state: 'LEADING', leader: 2n });
    // The new epoch was established and written by Zab, and reported to the election.
    expect(s2?.peerEpoch).toBeGreaterThan(1n);
  });

  it('a voter holds its quorum port while LOOKING: an early learner waits, and is closed once the peer follows', async () => {
    const { quorumPorts, startOthers } = await startPeers(3, 1);
    const [one] = peers as [Peer];
    // Alone, peer 1 cannot decide; a learner that dials its quorum port now is accepted and kept waiting.
    const early = await rawDial(quorumPorts[0] as number);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(early.isClosed()).toBe(false);
    await startOthers();
    const following = await decided(one);
    expect(following.state).toBe('FOLLOWING');
    await early.closed;
    // Following, it turns learners away at once.
    const late = await rawDial(quorumPorts[0] as number);
    await late.closed;
  });

  it('a follower that goes back to LOOKING holds learners again instead of turning them away', async () => {
    const { quorumPorts } = await startPeers(3);
    await Promise.all(peers.map(decided));
    const [one, two, three] = peers as [Peer, Peer, Peer];
    const looking = firstValueFrom(one.state$.pipe(filter((s) => s.state === 'LOOKING'), timeout(10_000)));
    await Promise.all([two.stop(), three.stop()]);
    await looking;
    const early = await rawDial(quorumPorts[0] as number);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(early.isClosed()).toBe(false);
    early.destroy();
  });

  it('a one-participant config runs standalone: srvr says Mode: standalone, with no election port', async () => {
    const [clientPort] = await freePorts(1);
    const text = `tickTime=2000\ndataDir=${join(dir, 'solo')}\nclientPort=${clientPort}\nclientPortAddress=127.0.0.1\n`;
    peers.push(await createPeer(parseZooCfg(text)));
    const reply = await fourLetterWord('127.0.0.1', clientPort as number, 'srvr');
    expect(reply).toMatch(/^Zookeeper version: 3\.8\.0-rxzk-/);
    expect(reply).toContain('Mode: standalone');
  });
});
