// Zab against real ZooKeeper 3.8: a fresh mixed ensemble where the rxzk peer (sid 3, the highest, so every fresh
// vote goes to it) leads and two real 3.8 servers sync with it as followers; `srvr` on them must say follower.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, filter, ReplaySubject, timeout } from 'rxjs';
import { afterAll, expect, it } from 'vitest';
import { loadZooCfg } from '../../src/config/dataDir.js';
import { createPeer, type Peer, type PeerStatus } from '../../src/peer/index.js';
import { describeInterop, fourLetterWord, parseMode, planEnsemble, serverOf, startEnsemble, zooCfgText,
  type EnsemblePlan, type RealZkEnsemble } from '../support/realZk.js';

const ourSid = 3n;
const syncTimeoutMs = 40_000;
const pollIntervalMs = 250;

async function modeOf(host: string, port: number): Promise<string | undefined> {
  try {
    return parseMode(await fourLetterWord(host, port, 'srvr', 2000));
  } catch {
    return undefined;
  }
}

/** Our peer (sid 3) from the plan's zoo.cfg in `dir`, with every status it reports replayed. */
async function startOurPeer(plan: EnsemblePlan, dir: string): Promise<{ node: Peer; reports: ReplaySubject<PeerStatus> }> {
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'myid'), `${ourSid}\n`);
  writeFileSync(join(dir, 'zoo.cfg'), zooCfgText(plan, serverOf(plan, ourSid), dataDir));
  const node = await createPeer(await loadZooCfg(join(dir, 'zoo.cfg')));
  const reports = new ReplaySubject<PeerStatus>();
  node.state$.subscribe(reports);
  return { node, reports };
}

/** What a describe block's test starts; all of it is stopped and removed after the block, pass or fail. */
interface Owned { ensemble?: RealZkEnsemble; node?: Peer; dir?: string }

function stoppedAfterAll(): Owned {
  const owned: Owned = {};
  afterAll(async () => {
    await owned.node?.stop();
    await owned.ensemble?.stop();
    if (owned.dir !== undefined) rmSync(owned.dir, { recursive: true, force: true });
  });
  return owned;
}

describeInterop('rxzk leader with real ZooKeeper 3.8 followers', () => {
  const owned = stoppedAfterAll();

  it('real followers complete the Zab 1.0 handshake with an rxzk leader and serve as followers', async () => {
    const plan = await planEnsemble({ size: 3, external: [ourSid], tickTimeMs: 500 });
    const dir = mkdtempSync(join(tmpdir(), 'rxzk-zab-interop-'));
    owned.dir = dir;
    const started = await startOurPeer(plan, dir);
    owned.node = started.node;
    const { reports } = started;
    owned.ensemble = await startEnsemble(plan, { waitServing: false });
    const synced = await firstValueFrom(reports.pipe(filter((r) => r.synced), timeout(syncTimeoutMs)));
    expect(synced).toMatchObject({ state: 'LEADING', leader: ourSid, peerEpoch: 1n });
    const real = plan.servers.filter((s) => s.sid !== ourSid);
    const deadline = Date.now() + syncTimeoutMs;
    let modes: (string | undefined)[] = [];
    while (Date.now() < deadline) {
      modes = await Promise.all(real.map((s) => modeOf(s.host, s.clientPort)));
      if (modes.every((m) => m === 'follower')) break;
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
    }
    expect(modes).toEqual(['follower', 'follower']);
    // Still following a few pings later: the real followers answer our PINGs and our leader keeps its quorum.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await Promise.all(real.map((s) => modeOf(s.host, s.clientPort)))).toEqual(['follower', 'follower']);
    const seen: PeerStatus[] = [];
    reports.subscribe((r) => void seen.push(r)).unsubscribe();
    expect(seen.filter((r) => r.lostReason !== undefined)).toEqual([]);
    expect(seen.at(-1)).toMatchObject({ state: 'LEADING', synced: true });
  }, 90_000);
});

describeInterop('rxzk follower of a real ZooKeeper 3.8 leader', () => {
  const owned = stoppedAfterAll();

  it('joins the real ensemble, reads past its SNAP, syncs, and the real leader counts it as a synced follower', async () => {
    const plan = await planEnsemble({ size: 3, external: [ourSid], tickTimeMs: 500 });
    const ensemble = await startEnsemble(plan, { waitServing: true });
    owned.ensemble = ensemble;
    const leader = await ensemble.leaderSid();
    const dir = mkdtempSync(join(tmpdir(), 'rxzk-zab-interop-'));
    owned.dir = dir;
    const started = await startOurPeer(plan, dir);
    owned.node = started.node;
    const { reports } = started;
    // A fresh 3.8 leader has no committed log to DIFF from, so it streams its (small) data tree, which we read past.
    const synced = await firstValueFrom(reports.pipe(filter((r) => r.synced), timeout(syncTimeoutMs)));
    expect(synced).toMatchObject({ state: 'FOLLOWING', leader, peerEpoch: 1n });
    // A few syncLimit periods later we are still there: the real leader's pings get answers.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const seen: PeerStatus[] = [];
    reports.subscribe((r) => void seen.push(r)).unsubscribe();
    expect(seen.filter((r) => r.lostReason !== undefined)).toEqual([]);
    expect(seen.at(-1)).toMatchObject({ state: 'FOLLOWING', leader, synced: true });
    const leaderPlan = serverOf(plan, leader ?? 0n);
    const mntr = await fourLetterWord(leaderPlan.host, leaderPlan.clientPort, 'mntr');
    expect(/^zk_synced_followers\s+(\d+)/m.exec(mntr)?.[1]).toBe('2');
  }, 90_000);
});
