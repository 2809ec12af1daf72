// Failover benchmark: kill -9 the leader of a 3-peer ensemble and time until the two survivors serve again as a new
// leader and its synced follower. rxzk peers (`rxzk start` processes of the bundled bin) against real ZooKeeper 3.8 JVMs, same zoo.cfg
// timing, both observed from this process by polling at the same interval; median of 5 kills each, the killed peer
// restarted and rejoined between kills.
import { fourLetterWord, parseMode, planEnsemble, startEnsemble, zkAvailable, zkMissingMessage } from '../support/realZk.js';
import { startZabCluster } from '../zab/support/zabCluster.js';
import { median, printTable } from './report.js';

const kills = 5;
const timing = { tickTimeMs: 1000, initLimit: 10, syncLimit: 5 };
// 1 ms: what separates the two is a few ms, and a coarser poll adds half its period to each side's figure. A srvr
// probe of the two JVMs takes ~1 ms itself, so ZooKeeper is seen about that much later; rxzk's report lines are
// in this process already.
const pollIntervalMs = 1;
const failoverTimeoutMs = 30_000;
const startTimeoutMs = 60_000;

async function pollUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}

async function rxzkFailoversMs(): Promise<number[]> {
  const cluster = await startZabCluster({ size: 3, ...timing, bundled: true });
  const times: number[] = [];
  try {
    let leader = await cluster.waitFor('a first leader', () => cluster.servingLeader(), startTimeoutMs);
    for (let run = 0; run < kills; run += 1) {
      const killedAt = Date.now();
      cluster.kill9(leader);
      const next = await pollUntil('an rxzk failover', async () => cluster.servingLeader(leader), failoverTimeoutMs);
      times.push(Date.now() - killedAt);
      cluster.start(leader);
      const rejoined = leader;
      await cluster.waitFor('the killed peer to rejoin', () => {
        const view = cluster.views.get(rejoined);
        return view?.synced === true ? true : undefined;
      }, startTimeoutMs);
      leader = next;
    }
  } finally {
    await cluster.stop();
  }
  return times;
}

async function modeOf(host: string, port: number): Promise<string | undefined> {
  return fourLetterWord(host, port, 'srvr', 1000).then(parseMode, () => undefined);
}

async function zookeeperFailoversMs(): Promise<number[]> {
  // ZooKeeper as it ships, like the other benches: zkServer.sh's heap flag and the default forceSync=yes (the test
  // harness turns fsync off and trims the JIT for speed of the suite, which is not what users run).
  const plan = await planEnsemble({ size: 3, ...timing, extra: { forceSync: 'yes' } });
  const ensemble = await startEnsemble(plan, { waitServing: true, logs: false, jvmArgs: ['-Xmx1000m'] });
  const times: number[] = [];
  try {
    for (let run = 0; run < kills; run += 1) {
      const leader = await pollUntil('a ZooKeeper leader', async () => ensemble.leaderSid(), startTimeoutMs);
      const survivors = plan.servers.filter((s) => s.sid !== leader);
      const killedAt = Date.now();
      await ensemble.kill9(leader);
      await pollUntil('a ZooKeeper failover', async () => {
        const modes = await Promise.all(survivors.map((s) => modeOf(s.host, s.clientPort)));
        return modes.includes('leader') && modes.includes('follower') ? true : undefined;
      }, failoverTimeoutMs);
      times.push(Date.now() - killedAt);
      await ensemble.restart(leader, { waitServing: true });
    }
  } finally {
    await ensemble.stop();
  }
  return times;
}

export async function benchFailover(): Promise<void> {
  if (!zkAvailable()) {
    console.log(`\n## Failover (kill -9 of the leader)\nskipped: ${zkMissingMessage}`);
    return;
  }
  const ours = await rxzkFailoversMs();
  const reference = await zookeeperFailoversMs();
  console.log(`\nrxzk kills (ms): ${ours.join(', ')}; ZooKeeper 3.8 kills (ms): ${reference.join(', ')}`);
  console.log(`tickTime ${timing.tickTimeMs} ms, initLimit ${timing.initLimit}, syncLimit ${timing.syncLimit}; ` +
    `observed by polling every ${pollIntervalMs} ms (rxzk: report lines, ZooKeeper: srvr)`);
  printTable('Failover (kill -9 of the leader of 3, until a new leader and a synced follower)', 'ZooKeeper 3.8', [
    { label: 'median of 5 kills', ours: median(ours), reference: median(reference), unit: 'ms', better: 'lower', goal: 0.6 },
  ]);
}
