// Seeded simulations of whole ensembles: safety after every step, liveness once calm. RXZK_SIM_SEEDS sets the total
// seed count (default 2000), spread over majority ensembles of 3, 5 and 7, observers, and hierarchical configs.
import { describe, expect, it } from 'vitest';
import { hierarchicalVerifier, majorityVerifier, type QuorumVerifier } from '../../src/election/quorumVerifier.js';
import { simulateElection, type SimNetworkConfig, type SimReport } from '../support/simNetwork.js';
import { members } from './helpers.js';

const seedsTotal = Number(process.env['RXZK_SIM_SEEDS'] ?? 2000);
const sids = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
const groups3x3 = new Map([[1n, [1n, 2n, 3n]], [2n, [4n, 5n, 6n]], [3n, [7n, 8n, 9n]]]);

const scenarios: { name: string; verifier: QuorumVerifier; share: number; check?: (r: SimReport) => string | undefined }[] = [
  { name: 'majority N=3', verifier: majorityVerifier({ members: members(sids(3)) }), share: 0.25 },
  { name: 'majority N=5', verifier: majorityVerifier({ members: members(sids(5)) }), share: 0.25 },
  { name: 'majority N=7', verifier: majorityVerifier({ members: members(sids(7)) }), share: 0.2 },
  { name: 'majority N=5 + 2 observers', verifier: majorityVerifier({ members: members(sids(5), [6, 7]) }), share: 0.1 },
  { name: 'hierarchical 3 groups of 3', verifier: hierarchicalVerifier({ members: members(sids(9)), groups: groups3x3 }), share: 0.1 },
  {
    name: 'hierarchical zero weight (FLEZeroWeightTest)',
    verifier: hierarchicalVerifier({ members: members(sids(9)), groups: groups3x3,
      weights: new Map([4n, 5n, 6n, 7n, 8n, 9n].map((s) => [s, 0n])) }),
    share: 0.1,
    check: (r) => (r.leader !== undefined && r.leader > 3n ? `zero-weight server ${r.leader} leads` : undefined),
  },
];

const faulty: Omit<SimNetworkConfig, 'seed' | 'verifier'> = { calmAtMs: 10_000, lossRate: 0.1, duplicateRate: 0.05,
  crashRate: 0.15, partitionRate: 0.15, delayMsMax: 150 };

function failureText(name: string, config: SimNetworkConfig, report: SimReport): string {
  const replay = simulateElection({ ...config, trace: true });
  return [`${name}: seed ${config.seed} failed (replay with simulateElection({ seed: ${config.seed}, ... }))`,
    ...report.violations, '--- last steps ---', ...replay.transcript.slice(-30)].join('\n');
}

describe('simulated elections', () => {
  let base = 1;
  for (const scenario of scenarios) {
    const count = Math.max(1, Math.round(seedsTotal * scenario.share));
    const first = base;
    base += count;
    it(`${scenario.name}: ${count} seeds with loss, duplication, reordering, partitions and crashes`, () => {
      const failures: string[] = [];
      for (let seed = first; seed < first + count && failures.length === 0; seed += 1) {
        const config = { ...faulty, seed, verifier: scenario.verifier };
        const report = simulateElection(config);
        const extra = scenario.check?.(report);
        if (!report.ok || extra !== undefined) {
          failures.push(failureText(scenario.name, config, { ...report, violations: [...report.violations, ...(extra ? [extra] : [])] }));
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('the simulator itself', () => {
  const verifier = majorityVerifier({ members: members(sids(5)) });
  it('one seed replays exactly', () => {
    const a = simulateElection({ ...faulty, seed: 42, verifier, trace: true });
    const b = simulateElection({ ...faulty, seed: 42, verifier, trace: true });
    expect(a.transcript).toEqual(b.transcript);
    expect(a.transcript.length).toBeGreaterThan(50);
  });
  it('a calm network elects the highest (zxid, sid) and every peer decides', () => {
    const r = simulateElection({ seed: 7, verifier, zxidMax: 0 });
    expect(r.ok).toBe(true);
    expect(r.leader).toBe(5n);
    expect(r.allDecidedAtMs).toBeDefined();
  });
  it('catches a broken quorum rule (a verifier claiming a single voter is a quorum)', () => {
    const broken: QuorumVerifier = { ...verifier, voters: [1n] };
    const reports = Array.from({ length: 20 }, (_, i) => simulateElection({ ...faulty, seed: i + 1, verifier: broken }));
    expect(reports.some((r) => r.violations.some((v) => v.startsWith('safety:')))).toBe(true);
  });
  it('reports liveness failures: a bound shorter than one election cannot be met', () => {
    const r = simulateElection({ seed: 3, verifier, livenessBoundMs: 50 });
    expect(r.violations[0]).toMatch(/^liveness:/);
  });
});
