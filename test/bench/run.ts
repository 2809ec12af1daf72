// npm run bench: every benchmark, each printing ours beside its reference measured in the same run.
import { benchClient } from './client.bench.js';
import { benchElection } from './election.bench.js';
import { benchEnsemble } from './ensemble.bench.js';
import { benchFailover } from './failover.bench.js';
import { benchFraming } from './framing.bench.js';
import { benchQuorum } from './quorum.bench.js';
import { benchServer } from './server.bench.js';

const only = process.argv[2];
const benches: Record<string, () => Promise<void>> = {
  framing: benchFraming,
  quorum: benchQuorum,
  election: benchElection,
  ensemble: benchEnsemble,
  failover: benchFailover,
  server: benchServer,
  client: benchClient,
};

console.log(`# rxzk benchmarks (node ${process.version}, ${new Date().toISOString()})`);
for (const [name, bench] of Object.entries(benches)) {
  if (only !== undefined && only !== name) continue;
  await bench();
}
