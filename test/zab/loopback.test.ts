// Zab over real loopback sockets. In-process: a leader and two learners sync; a partitioned follower (its traffic
// silently dropped by a proxy) goes LOOKING after syncLimit ticks while the leader keeps its quorum; the leader's
// end closes its followers. Processes: three `rxzk start` peers; kill -9 the leader, the survivors elect and sync a
// new one; the restarted peer rejoins as a follower.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { firstValueFrom, filter, ReplaySubject, type Observable, type Subscription } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { runLeader } from '../../src/zab/runLeader.js';
import { runLearner } from '../../src/zab/runLearner.js';
import type { ZabEvent } from '../../src/zab/types.js';
import { majority } from '../election/helpers.js';
import { recordingStore } from './helpers.js';
import { pausableProxy, type PausableProxy } from './support/pausableProxy.js';
import { startZabCluster, type ZabCluster } from './support/zabCluster.js';

const tickTimeMs = 100;
const limits = { tickTimeMs, initLimit: 10, syncLimit: 5 };
const waitMs = 10_000;

function recorded(events$: Observable<ZabEvent>, subscriptions: Subscription[]): ReplaySubject<ZabEvent> {
  const replay = new ReplaySubject<ZabEvent>();
  subscriptions.push(events$.subscribe(replay));
  return replay;
}

const next = (events: Observable<ZabEvent>, kind: ZabEvent['kind']): Promise<ZabEvent> =>
  firstValueFrom(events.pipe(filter((e) => e.kind === kind)));

describe('Zab shells on loopback sockets', () => {
  const subscriptions: Subscription[] = [];
  let proxy: PausableProxy | undefined;
  afterEach(async () => {
    for (const s of subscriptions.splice(0)) s.unsubscribe();
    await proxy?.close();
  });

  it('a partitioned follower goes LOOKING after syncLimit ticks; the leader keeps its other follower', async () => {
    const leader = recorded(runLeader({ sid: 1n, verifier: majority([1, 2, 3]), epochs: recordingStore(), lastZxid: 0n,
      listenAddress: { host: '127.0.0.1', port: 0 }, ...limits }), subscriptions);
    const listening = await next(leader, 'listening');
    if (listening.kind !== 'listening') throw new Error('unreachable');
    proxy = await pausableProxy({ host: '127.0.0.1', port: listening.port });
    const learner = (sid: bigint, port: number) => recorded(runLearner({ sid, leaderSid: 1n, epochs: recordingStore(),
      lastZxid: 0n, leaderAddresses: [{ host: '127.0.0.1', port }], ...limits }), subscriptions);
    const direct = learner(2n, listening.port);
    const partitioned = learner(3n, proxy.port);
    await Promise.all([next(leader, 'synced'), next(direct, 'synced'), next(partitioned, 'synced')]);
    proxy.partition();
    // The read timeout (syncLimit × tickTime of silence), not a closed socket: the proxy keeps both ends open.
    expect(await next(partitioned, 'lost')).toMatchObject({ reason: 'leader lost', detail: 'no packet from the leader for 500 ms' });
    // The leader still holds {1, 2}: a second of pings later it has reported nothing new.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const seen: string[] = [];
    leader.subscribe((e) => seen.push(e.kind)).unsubscribe();
    expect(seen).toEqual(['listening', 'established', 'synced']);
  });

  it('the followers notice at once when the leader goes away', async () => {
    const leaderSub: Subscription[] = [];
    const leader = recorded(runLeader({ sid: 1n, verifier: majority([1, 2, 3]), epochs: recordingStore(), lastZxid: 0n,
      listenAddress: { host: '127.0.0.1', port: 0 }, ...limits }), leaderSub);
    const listening = await next(leader, 'listening');
    if (listening.kind !== 'listening') throw new Error('unreachable');
    const followers = [2n, 3n].map((sid) => recorded(runLearner({ sid, leaderSid: 1n, epochs: recordingStore(), lastZxid: 0n,
      leaderAddresses: [{ host: '127.0.0.1', port: listening.port }], ...limits }), subscriptions));
    await Promise.all(followers.map((f) => next(f, 'synced')));
    leaderSub[0]?.unsubscribe();
    const lost = await Promise.all(followers.map((f) => next(f, 'lost')));
    expect(lost.map((e) => e.kind === 'lost' && e.reason)).toEqual(['leader lost', 'leader lost']);
  });
});

describe('three rxzk peer processes', () => {
  let cluster: ZabCluster | undefined;
  afterEach(async () => {
    await cluster?.stop();
  });

  it('kill -9 of the leader: the survivors elect and sync a new leader; the old one rejoins as a follower', async () => {
    cluster = await startZabCluster({ size: 3, tickTimeMs: 200 });
    const c = cluster;
    const first = await c.waitFor('a synced leader and follower', () => c.servingLeader(), 30_000);
    c.kill9(first);
    const second = await c.waitFor('a new leader among the survivors', () => c.servingLeader(first), waitMs);
    expect(second).not.toBe(first);
    c.start(first);
    await c.waitFor(`sid ${first} following ${second}`, () => {
      const view = c.views.get(first);
      return view?.role === 'FOLLOWING' && view.leader === second && view.synced ? true : undefined;
    }, waitMs);
    const survivors = [...c.views.entries()].filter(([sid]) => sid !== first && sid !== second);
    expect(survivors.map(([, v]) => [v.role, v.leader])).toEqual([['FOLLOWING', second]]);
    // Every peer wrote the second epoch to both files, as ZooKeeper does during the handshake.
    for (const sid of ['1', '2', '3']) {
      const snapDir = join(c.dir, `data${sid}`, 'version-2');
      expect([await readFile(join(snapDir, 'acceptedEpoch'), 'utf8'), await readFile(join(snapDir, 'currentEpoch'), 'utf8')])
        .toEqual(['2', '2']);
    }
  }, 60_000);
});
