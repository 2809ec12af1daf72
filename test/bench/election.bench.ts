// Election benchmark: simulated elections on a calm network for growing ensembles. Prints virtual time until every
// peer decided, messages sent until then (and per N^2, since each vote change is broadcast to all N voters), and the
// wall-clock rate of simulation steps (one reducer step each, plus the simulator's own bookkeeping).
import { performance } from 'node:perf_hooks';
import { majorityVerifier } from '../../src/election/quorumVerifier.js';
import { simulateElection } from '../../src/testing/simNetwork.js';

const sizes = [3, 5, 7, 9, 15, 25, 51] as const;
const seedsPerSize = 20;

interface Row { n: number; decideMs: number; messages: number; stepsPerSecond: number }

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

function benchSize(n: number): Row {
  const verifier = majorityVerifier({ members: Array.from({ length: n }, (_, i) =>
    ({ sid: BigInt(i + 1), type: 'participant' as const, address: `127.0.0.1:${20000 + i}:${30000 + i}` })) });
  const decideMs: number[] = [];
  const messages: number[] = [];
  let steps = 0;
  const started = performance.now();
  for (let seed = 1; seed <= seedsPerSize; seed += 1) {
    const report = simulateElection({ seed, verifier });
    if (!report.ok || report.allDecidedAtMs === undefined) throw new Error(`N=${n} seed ${seed}: ${report.violations.join('; ')}`);
    decideMs.push(report.allDecidedAtMs);
    messages.push(report.messagesUntilDecided ?? Number.NaN);
    steps += report.steps;
  }
  const elapsedMs = performance.now() - started;
  return { n, decideMs: median(decideMs), messages: median(messages), stepsPerSecond: Math.round(steps / (elapsedMs / 1000)) };
}

export async function benchElection(): Promise<void> {
  console.log('\n## Election (simulated, calm network)');
  console.log(`Delay 1-40 ms, zxids 0-3, finalize wait 200 ms, medians of ${seedsPerSize} seeds per size. No reference run:`);
  console.log('real ZooKeeper elections are not simulable in-process; the captured 3-server election decided in ~300 ms.');
  console.log('| N | virtual ms to all decided | messages sent | messages / N^2 | sim steps/s (wall clock) |');
  console.log('|---:|---:|---:|---:|---:|');
  for (const n of sizes) {
    const row = benchSize(n);
    console.log(`| ${n} | ${row.decideMs} | ${row.messages} | ${(row.messages / (n * n)).toFixed(2)} | ${row.stepsPerSecond} |`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
