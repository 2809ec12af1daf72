// Three rxzk peers in one process on loopback ports, printing every role change; then the leader stops, the
// followers notice through Zab (their leader connection closes) and elect a new one by themselves.
// Run: npx tsx examples/ensemble-in-process.ts
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distinctUntilChanged, filter, firstValueFrom, merge } from 'rxjs';
import { config as zkConfig, createPeer, type Peer } from '../src/index.js';

const base = 24000 + Math.floor(Math.random() * 20000);
const dir = mkdtempSync(join(tmpdir(), 'rxzk-example-'));
const servers = [1, 2, 3].map((sid) => `server.${sid}=127.0.0.1:${base + sid}:${base + 10 + sid}`);

const peers: Peer[] = [];
for (const sid of [1, 2, 3]) {
  const text = ['tickTime=2000', 'initLimit=10', 'syncLimit=5', `dataDir=${join(dir, `peer${sid}`)}`, ...servers].join('\n');
  peers.push(await createPeer(zkConfig.parseZooCfg(text, { myidText: String(sid) })));
}

const roles$ = merge(...peers.map((peer) => peer.state$));
const printing = roles$.pipe(distinctUntilChanged((a, b) => a.sid === b.sid && a.state === b.state && a.synced === b.synced))
  .subscribe((s) =>
    console.log(`peer ${s.sid}: ${s.state.padEnd(9)} leader=${s.leader ?? '-'} round=${s.electionEpoch}` +
      ` epoch=${s.peerEpoch} ${s.synced ? 'serving' : ''}` +
      (s.state === 'LOOKING' && s.lostReason !== undefined ? ` (${s.lostReason})` : '') +
      (s.synced && s.lastElectionMs !== undefined ? ` (election took ${s.lastElectionMs} ms)` : '')),
  );

const serving = (peer: Peer, round: bigint) =>
  firstValueFrom(peer.state$.pipe(filter((s) => s.synced && s.electionEpoch === round)));
await Promise.all(peers.map((p) => serving(p, 1n)));

const [one, two, three] = peers as [Peer, Peer, Peer];
console.log('\nstopping the leader (peer 3); nobody tells the others\n');
await three.stop();
await Promise.all([serving(one, 2n), serving(two, 2n)]);

printing.unsubscribe();
await Promise.all([one.stop(), two.stop()]);
