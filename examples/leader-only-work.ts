// A Node app that does its work only while its own peer leads: leader$ composed with switchMap, so the work starts
// when this peer wins an election and is cancelled the moment it stops leading.
// Run: npx tsx examples/leader-only-work.ts
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMPTY, interval, map, switchMap, take, tap } from 'rxjs';
import { config as zkConfig, createPeer, type Peer } from '../src/index.js';

const base = 24000 + Math.floor(Math.random() * 20000);
const dir = mkdtempSync(join(tmpdir(), 'rxzk-leader-work-'));
const servers = [1, 2, 3].map((sid) => `server.${sid}=127.0.0.1:${base + sid}:${base + 10 + sid}`);
const peers: Peer[] = [];
for (const sid of [1, 2, 3]) {
  const text = ['tickTime=2000', 'initLimit=10', 'syncLimit=5', `dataDir=${join(dir, `p${sid}`)}`, ...servers].join('\n');
  peers.push(await createPeer(zkConfig.parseZooCfg(text, { myidText: String(sid) })));
}

/** The work a leader does: here, a heartbeat every 100 ms. */
const leaderWork = (sid: bigint) => interval(100).pipe(map((n) => `peer ${sid} (leader) does job #${n}`));

const jobs = peers.map((peer) =>
  peer.leader$.pipe(
    tap((leader) => console.log(`peer ${peer.sid}: leader is ${leader ?? 'unknown (electing)'}`)),
    switchMap((leader) => (leader === peer.sid ? leaderWork(peer.sid) : EMPTY)),
  ),
);

let done = 0;
const subscriptions = jobs.map((job$) =>
  job$.pipe(take(5)).subscribe({
    next: (line) => console.log(line),
    complete: async () => {
      if (++done === 1) {
        subscriptions.forEach((s) => s.unsubscribe());
        await Promise.all(peers.map((p) => p.stop()));
      }
    },
  }),
);
