// Peers in one process on the in-memory election network, in virtual time: the election's timers, the finalize wait
// and the role reports all run on a VirtualTimeScheduler that the test advances.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NEVER, Observable, Subject, VirtualTimeScheduler, map, mergeMap, take, throwError, timer } from 'rxjs';
import type { ZabEvent } from '../../src/zab/types.js';
import { parseZooCfg } from '../../src/config/parseZooCfg.js';
import { createPeer, type Peer } from '../../src/peer/peer.js';
import type { PeerStatus } from '../../src/peer/status.js';
import { memoryQuorumNetwork } from '../../src/testing/memoryQuorum.js';
import type { Logger } from '../../src/logging.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rxzk-peer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function configFor(sid: number, size: number, extra = ''): ReturnType<typeof parseZooCfg> {
  const servers = Array.from({ length: size }, (_, i) => `server.${i + 1}=127.0.0.1:${12888 + i}:${13888 + i}`).join('\n');
  const text = `tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=${join(dir, `peer${sid}`)}\n${servers}\n${extra}`;
  return parseZooCfg(text, { myidText: String(sid) });
}

async function startEnsemble(size: number, scheduler: VirtualTimeScheduler) {
  const network = memoryQuorumNetwork({ scheduler, delayMs: 5 });
  const peers: Peer[] = [];
  const latest = new Map<bigint, PeerStatus>();
  for (let sid = 1; sid <= size; sid += 1) {
    const peer = await createPeer(configFor(sid, size), { scheduler, transport: network.transport, clientPort: false, role: () => NEVER });
    peer.state$.subscribe((s) => latest.set(s.sid, s));
    peers.push(peer);
  }
  return { network, peers, latest };
}

/** Runs virtual time until no action is due before `untilMs` (bounded: the scheduler's own maxFrames). */
function advance(scheduler: VirtualTimeScheduler, byMs: number): void {
  scheduler.maxFrames = scheduler.frame + byMs;
  scheduler.flush();
}

describe('peer (in-memory network, virtual time)', () => {
  it('three peers elect the highest sid and report their roles, votes and election time', async () => {
    const scheduler = new VirtualTimeScheduler();
    const { peers, latest } = await startEnsemble(3, scheduler);
    advance(scheduler, 5_000);
    const roles = [1n, 2n, 3n].map((sid) => latest.get(sid)?.state);
    expect(roles).toEqual(['FOLLOWING', 'FOLLOWING', 'LEADING']);
    for (const status of latest.values()) {
      expect(status.leader).toBe(3n);
      expect(status.vote?.leader).toBe(3n);
      expect(status.electionEpoch).toBe(1n);
      expect(status.connections).toBe(2);
      // Decided after the 200 ms finalize wait, a few 5 ms hops later: virtual time, so exact and repeatable.
      expect(status.lastElectionMs).toBeGreaterThanOrEqual(200);
      expect(status.lastElectionMs).toBeLessThan(400);
    }
    await Promise.all(peers.map((p) => p.stop()));
  });

  it('after the leader stops, the others re-elect in a new round', async () => {
    const scheduler = new VirtualTimeScheduler();
    const { peers, latest } = await startEnsemble(3, scheduler);
    advance(scheduler, 5_000);
    const [one, two, three] = peers as [Peer, Peer, Peer];
    await three.stop();
    one.restartElection('leader lost');
    two.restartElection('leader lost');
    advance(scheduler, 5_000);
    expect(latest.get(1n)).toMatchObject({ state: 'FOLLOWING', leader: 2n, electionEpoch: 2n, connections: 1 });
    expect(latest.get(2n)).toMatchObject({ state: 'LEADING', leader: 2n, electionEpoch: 2n });
    await Promise.all([one.stop(), two.stop()]);
  });

  it('a minority peer cut off from the others stays LOOKING while the majority elects', async () => {
    const scheduler = new VirtualTimeScheduler();
    const network = memoryQuorumNetwork({ scheduler, delayMs: 5 });
    network.partition([3n], [1n, 2n]);
    const latest = new Map<bigint, PeerStatus>();
    const peers: Peer[] = [];
    for (let sid = 1; sid <= 3; sid += 1) {
      const peer = await createPeer(configFor(sid, 3), { scheduler, transport: network.transport, clientPort: false, role: () => NEVER });
      peer.state$.subscribe((s) => latest.set(s.sid, s));
      peers.push(peer);
    }
    advance(scheduler, 10_000);
    expect(latest.get(3n)?.state).toBe('LOOKING');
    expect(latest.get(2n)).toMatchObject({ state: 'LEADING', leader: 2n });
    expect(latest.get(1n)).toMatchObject({ state: 'FOLLOWING', leader: 2n });
    // Healed, the lone peer learns the running leader from the others' replies and follows it.
    network.heal();
    advance(scheduler, 70_000);
    expect(latest.get(3n)).toMatchObject({ state: 'FOLLOWING', leader: 2n });
    await Promise.all(peers.map((p) => p.stop()));
  });

  it('a role that fails (lost or throwing) sends the peer back to LOOKING with the reason, then it re-elects', async () => {
    const scheduler = new VirtualTimeScheduler();
    const network = memoryQuorumNetwork({ scheduler, delayMs: 5 });
    let roles = 0;
    // sid 3's first role throws 10 ms in (a bug in a role must not crash the peer); its followers' roles then end
    // as Zab's would when their leader's connection closes. Every later role runs quietly.
    const leaderFailed = new Subject<void>();
    const role = (config: { peer: { myid: bigint | undefined }; decision: { role: string } }): Observable<ZabEvent> => {
      roles += 1;
      if (roles > 3) return NEVER;
      if (config.peer.myid === 3n) {
        return timer(10, scheduler).pipe(mergeMap(() => {
          leaderFailed.next();
          return throwError(() => new RangeError('epoch out of range'));
        }));
      }
      return leaderFailed.pipe(take(1), map((): ZabEvent => ({ kind: 'lost', reason: 'leader lost', detail: 'closed' })));
    };
    const latest = new Map<bigint, PeerStatus>();
    const seen: PeerStatus[] = [];
    const peers: Peer[] = [];
    for (let sid = 1; sid <= 3; sid += 1) {
      const peer = await createPeer(configFor(sid, 3), { scheduler, transport: network.transport, clientPort: false, role });
      peer.state$.subscribe((s) => {
        latest.set(s.sid, s);
        if (s.sid === 3n) seen.push(s);
      });
      peers.push(peer);
    }
    advance(scheduler, 5_000);
    const lost = seen.find((s) => s.state === 'LOOKING' && s.lostReason !== undefined);
    expect(lost?.lostReason).toBe('protocol error: role failed: RangeError: epoch out of range');
    expect(roles).toBe(6);
    expect(latest.get(3n)).toMatchObject({ state: 'LEADING', leader: 3n, electionEpoch: 2n });
    expect(latest.get(1n)).toMatchObject({ state: 'FOLLOWING', leader: 3n, electionEpoch: 2n });
    await Promise.all(peers.map((p) => p.stop()));
  });

  it('a peer that loses its leader sends its new votes before it tears the old role down', async () => {
    const scheduler = new VirtualTimeScheduler();
    const network = memoryQuorumNetwork({ scheduler, delayMs: 5 });
    const order: string[] = [];
    const leaderLost = new Subject<void>();
    // sid 1's first role ends as a follower's does when its leader's socket closes; its teardown is recorded.
    let firstRole = true;
    const role = (config: { peer: { myid: bigint | undefined } }): Observable<ZabEvent> => {
      if (config.peer.myid !== 1n || !firstRole) return NEVER;
      firstRole = false;
      return new Observable<ZabEvent>((subscriber) => {
        const cue = leaderLost.subscribe(() => subscriber.next({ kind: 'lost', reason: 'leader lost', detail: 'closed' }));
        return () => {
          cue.unsubscribe();
          order.push('old role torn down');
        };
      });
    };
    const peers: Peer[] = [];
    for (let sid = 1; sid <= 3; sid += 1) {
      const recordingSends: typeof network.transport = (config, options) => {
        const inner = network.transport(config, options);
        return { ...inner, toSend: (to, payload) => {
          if (config.myid === 1n && to !== 1n) order.push(`vote to ${to}`);
          inner.toSend(to, payload);
        } };
      };
      peers.push(await createPeer(configFor(sid, 3), { scheduler, transport: recordingSends, clientPort: false, role }));
    }
    advance(scheduler, 5_000);
    order.length = 0;
    leaderLost.next();
    expect(order).toEqual(['vote to 2', 'vote to 3', 'old role torn down']);
    await Promise.all(peers.map((p) => p.stop()));
  });

  it('rehearses the Zab handshake once, during its first finalize wait, and not again in later elections', async () => {
    const scheduler = new VirtualTimeScheduler();
    const network = memoryQuorumNetwork({ scheduler, delayMs: 5 });
    const lines: { readonly sid: bigint; readonly atMs: number; readonly msg: string }[] = [];
    const recording = (sid: bigint): Logger => {
      const logger: Logger = {
        trace: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined,
        debug: (_fields, msg) => void (msg === undefined || msg === 'peer status' || lines.push({ sid, atMs: scheduler.now(), msg })),
        child: () => logger,
      };
      return logger;
    };
    const peers: Peer[] = [];
    for (let sid = 1n; sid <= 3n; sid += 1n) {
      peers.push(await createPeer(configFor(Number(sid), 3), { scheduler, transport: network.transport, clientPort: false,
        role: () => NEVER, rehearseRoles: true, logger: recording(sid) }));
    }
    const latest = new Map<bigint, PeerStatus>();
    for (const peer of peers) peer.state$.subscribe((s) => latest.set(s.sid, s));
    advance(scheduler, 5_000);
    const rehearsals = () => lines.filter((l) => l.msg === 'rehearsed the Zab handshake in memory');
    expect(rehearsals().map((l) => l.sid)).toEqual([1n, 2n, 3n]);
    // Each within its peer's 200 ms finalize wait (the election took 200 ms plus a few 5 ms hops).
    for (const { sid, atMs } of rehearsals()) {
      expect(atMs).toBeGreaterThanOrEqual(50);
      expect(atMs).toBeLessThan(latest.get(sid)?.lastElectionMs ?? 0);
    }
    const [one, two, three] = peers as [Peer, Peer, Peer];
    await three.stop();
    one.restartElection('leader lost');
    two.restartElection('leader lost');
    advance(scheduler, 5_000);
    expect(latest.get(2n)).toMatchObject({ state: 'LEADING', electionEpoch: 2n });
    expect(rehearsals()).toHaveLength(3);
    await Promise.all([one.stop(), two.stop()]);
  });

  it('runs standalone without an election when there is one participant', async () => {
    const standalone = parseZooCfg(`tickTime=2000\ndataDir=${dir}\nclientPort=2181\n`);
    const peer = await createPeer(standalone, { clientPort: false });
    const statuses: PeerStatus[] = [];
    peer.state$.subscribe((s) => statuses.push(s));
    expect(statuses.at(-1)).toMatchObject({ state: 'LEADING', leader: 0n, lastElectionMs: 0, connections: 0 });
    peer.restartElection('ignored: nothing to elect');
    expect(statuses.at(-1)?.state).toBe('LEADING');
    await peer.stop();
  });

  it('refuses a quorum config without a myid', async () => {
    const servers = 'server.1=127.0.0.1:1:2\nserver.2=127.0.0.1:3:4\n';
    const noMyid = parseZooCfg(`tickTime=2000\ninitLimit=5\nsyncLimit=2\ndataDir=${dir}\n${servers}`, { myidText: '1' });
    await expect(createPeer({ ...noMyid, myid: undefined })).rejects.toThrow(/no myid/);
  });
});
