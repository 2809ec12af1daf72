import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { containsQuorum, electionVoters, hierarchicalVerifier, isVoter, majorityVerifier, sameVerifier, weightOf }
  from '../../src/election/quorumVerifier.js';
import { majority, members } from './helpers.js';

const set = (...sids: number[]): Set<bigint> => new Set(sids.map(BigInt));

describe('QuorumMaj', () => {
  it.each([[1, 1], [2, 2], [3, 2], [4, 3], [5, 3], [6, 4], [7, 4]])('%i voters need %i acks', (n, needed) => {
    const qv = majority(Array.from({ length: n }, (_, i) => i + 1));
    const acks = (k: number) => set(...Array.from({ length: k }, (_, i) => i + 1));
    expect(containsQuorum(qv, acks(needed))).toBe(true);
    expect(containsQuorum(qv, acks(needed - 1))).toBe(false);
  });
  it('observers and unknown sids count nowhere', () => {
    const qv = majority([1, 2, 3], [4, 5]);
    expect(isVoter(qv, 4n)).toBe(false);
    expect(qv.voters).toEqual([1n, 2n, 3n]);
    expect(containsQuorum(qv, set(1, 4, 5, 9))).toBe(false);
    expect(containsQuorum(qv, set(1, 3, 4))).toBe(true);
  });
});

describe('QuorumHierarchical', () => {
  const zeroWeight = hierarchicalVerifier({
    members: members([0, 1, 2, 3, 4, 5, 6, 7, 8]),
    groups: new Map([[1n, [0n, 1n, 2n]], [2n, [3n, 4n, 5n]], [3n, [6n, 7n, 8n]]]),
    weights: new Map([[0n, 1n], [1n, 1n], [2n, 1n], ...[3, 4, 5, 6, 7, 8].map((s) => [BigInt(s), 0n] as [bigint, bigint])]),
  });
  it('FLEZeroWeightTest config: two of {0,1,2} are a quorum, zero-weight voters never help', () => {
    expect(containsQuorum(zeroWeight, set(0, 1))).toBe(true);
    expect(containsQuorum(zeroWeight, set(0, 3, 4, 5, 6, 7, 8))).toBe(false);
    expect(containsQuorum(zeroWeight, set())).toBe(false);
    expect(weightOf(zeroWeight, 5n)).toBe(0n);
    expect(isVoter(zeroWeight, 5n)).toBe(true);
  });
  it('needs a weighted majority in a majority of groups', () => {
    const qv = hierarchicalVerifier({
      members: members([1, 2, 3, 4, 5, 6]),
      groups: new Map([[1n, [1n, 2n]], [2n, [3n, 4n]], [3n, [5n, 6n]]]),
      weights: new Map([[1n, 3n], [2n, 1n]]),
    });
    expect(containsQuorum(qv, set(1, 3, 4))).toBe(true);
    expect(containsQuorum(qv, set(2, 3, 4))).toBe(false);
    expect(containsQuorum(qv, set(3, 4, 5))).toBe(false);
    expect(containsQuorum(qv, set(3, 4, 5, 6))).toBe(true);
  });
  it('rejects a server in two groups and a participant without a group', () => {
    expect(() => hierarchicalVerifier({ members: members([1, 2]), groups: new Map([[1n, [1n, 2n]], [2n, [2n]]]) }))
      .toThrow(ConfigError);
    expect(() => hierarchicalVerifier({ members: members([1, 2]), groups: new Map([[1n, [1n]]]) })).toThrow('not in a group');
  });
});

describe('equality and election voters', () => {
  it('same version is equal; otherwise members must match', () => {
    const a = majorityVerifier({ members: members([1, 2, 3]), version: 1n });
    expect(sameVerifier(a, majorityVerifier({ members: members([1, 2]), version: 1n }))).toBe(true);
    expect(sameVerifier(a, majorityVerifier({ members: members([1, 2]), version: 2n }))).toBe(false);
    expect(sameVerifier(a, majorityVerifier({ members: members([1, 2, 3]), version: 2n }))).toBe(true);
  });
  it('a proposed config adds its voters only when newer', () => {
    const committed = majorityVerifier({ members: members([1, 2, 3]), version: 1n });
    expect(electionVoters(committed, majorityVerifier({ members: members([3, 4]), version: 2n }))).toEqual([1n, 2n, 3n, 4n]);
    expect(electionVoters(committed, majorityVerifier({ members: members([3, 4]), version: 1n }))).toEqual([1n, 2n, 3n]);
  });
});
