import { describe, expect, it } from 'vitest';
import { hierarchicalVerifier } from '../../src/election/quorumVerifier.js';
import { epochOfZxid, makeVote, makeZxid, newBeatsCurrent, votesEqual } from '../../src/election/vote.js';
import { majority, members } from './helpers.js';

const p = (leader: bigint, zxid: bigint, peerEpoch: bigint) => ({ leader, zxid, peerEpoch });

describe('newBeatsCurrent (FLEPredicateTest.testPredicate)', () => {
  const qv = majority([0, 1, 2, 3, 4]);
  it.each([
    ['lower peerEpoch loses even with a higher id', p(4n, 0n, 0n), p(3n, 0n, 2n), false],
    ['higher epoch wins', p(0n, 0n, 1n), p(1n, 0n, 0n), true],
    ['higher zxid wins', p(0n, 1n, 0n), p(1n, 0n, 0n), true],
    ['same epoch and zxid: higher id wins', p(1n, 1n, 0n), p(0n, 1n, 0n), true],
    ['equal votes do not beat each other', p(1n, 1n, 0n), p(1n, 1n, 0n), false],
  ])('%s', (_name, next, current, expected) => {
    expect(newBeatsCurrent(qv, next, current)).toBe(expected);
  });

  it('never switches to a zero-weight candidate (FLEZeroWeightTest)', () => {
    const qv0 = hierarchicalVerifier({
      members: members([0, 1, 2, 3, 4, 5]),
      groups: new Map([[1n, [0n, 1n, 2n]], [2n, [3n, 4n, 5n]]]),
      weights: new Map([[3n, 0n], [4n, 0n], [5n, 0n]]),
    });
    expect(newBeatsCurrent(qv0, p(5n, 100n, 9n), p(2n, 0n, 0n))).toBe(false);
    expect(newBeatsCurrent(qv0, p(2n, 0n, 0n), p(5n, 100n, 9n))).toBe(false);
    expect(newBeatsCurrent(qv0, p(2n, 1n, 0n), p(1n, 0n, 0n))).toBe(true);
  });
});

describe('votesEqual', () => {
  const base = { leader: 4n, zxid: makeZxid(2n, 1n), electionEpoch: 2n, peerEpoch: 2n };
  it('LOOKING votes compare id, zxid, round and peerEpoch', () => {
    expect(votesEqual(makeVote(base), makeVote(base))).toBe(true);
    expect(votesEqual(makeVote(base), makeVote({ ...base, electionEpoch: 1n }))).toBe(false);
    expect(votesEqual(makeVote(base), makeVote({ ...base, state: 'FOLLOWING', zxid: 7n }))).toBe(false);
  });
  it('decided votes with one unknown version compare the leader only', () => {
    const a = makeVote({ ...base, version: 0, state: 'FOLLOWING' });
    const b = makeVote({ ...base, version: 2, state: 'LEADING', peerEpoch: 9n, zxid: 0n });
    expect(votesEqual(a, b)).toBe(true);
  });
  it('decided votes with both versions known compare leader and peerEpoch', () => {
    const a = makeVote({ ...base, version: 1, state: 'FOLLOWING', zxid: 1n, electionEpoch: 1n });
    expect(votesEqual(a, makeVote({ ...base, version: 2, state: 'FOLLOWING' }))).toBe(true);
    expect(votesEqual(a, makeVote({ ...base, version: 2, state: 'FOLLOWING', peerEpoch: 3n }))).toBe(false);
  });
});

describe('zxid', () => {
  it('splits into epoch and counter', () => {
    expect(makeZxid(1n, 0n)).toBe(0x100000000n);
    expect(epochOfZxid(makeZxid(0x17n, 5n))).toBe(0x17n);
    expect(epochOfZxid(-1n)).toBe(-1n);
  });
});
