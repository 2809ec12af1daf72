// FLEOutOfElectionTest's five scenarios against our vote tracker and checkLeader (5 servers 0..4, FLE of server 3).
import { describe, expect, it } from 'vitest';
import { checkLeader } from '../../src/election/electionRules.js';
import { initialElectionState } from '../../src/election/step.js';
import { makeVote, makeZxid } from '../../src/election/vote.js';
import { Tally, hasAllQuorums, trackVotes } from '../../src/election/voteTracker.js';
import type { Vote } from '../../src/election/types.js';
import { context, majority } from './helpers.js';

const qv = majority([0, 1, 2, 3, 4]);
const ctx = context(3, qv);
const votes = (entries: [number, Vote][]): Map<bigint, Vote> => new Map(entries.map(([s, v]) => [BigInt(s), v]));
const z = makeZxid;

describe('vote tracker (FLEOutOfElectionTest)', () => {
  it('testIgnoringZxidElectionEpoch: version mismatch compares the leader id only', () => {
    const f = { leader: 4n, peerEpoch: 2n, state: 'FOLLOWING' as const, version: 1 };
    const set = votes([
      [0, makeVote({ ...f, zxid: z(1n, 1n), electionEpoch: 1n })],
      [1, makeVote({ ...f, zxid: z(1n, 2n), electionEpoch: 1n })],
      [3, makeVote({ ...f, zxid: z(2n, 1n), electionEpoch: 2n })],
      [4, makeVote({ ...f, zxid: z(2n, 1n), electionEpoch: 2n, state: 'LEADING' })],
    ]);
    const target = makeVote({ version: 0, leader: 4n, zxid: z(2n, 1n), electionEpoch: 2n, peerEpoch: 2n, state: 'FOLLOWING' });
    expect(hasAllQuorums(trackVotes([qv], set, target))).toBe(true);
  });

  it('testElectionWIthDifferentVersion: id-only for v1 entries, id + peerEpoch for v0 entries', () => {
    const set = votes([
      [0, makeVote({ version: 1, leader: 4n, zxid: z(1n, 1n), electionEpoch: 1n, peerEpoch: 1n, state: 'FOLLOWING' })],
      [1, makeVote({ version: 1, leader: 4n, zxid: z(1n, 1n), electionEpoch: 1n, peerEpoch: 1n, state: 'FOLLOWING' })],
      [3, makeVote({ version: 0, leader: 4n, zxid: z(2n, 1n), electionEpoch: 2n, peerEpoch: 2n, state: 'FOLLOWING' })],
      [4, makeVote({ version: 0, leader: 4n, zxid: z(2n, 1n), electionEpoch: 2n, peerEpoch: 2n, state: 'LEADING' })],
    ]);
    const target = makeVote({ version: 0, leader: 4n, zxid: z(2n, 1n), electionEpoch: 2n, peerEpoch: 2n, state: 'FOLLOWING' });
    expect(trackVotes([qv], set, target).acks).toEqual(new Set([0n, 1n, 3n, 4n]));
  });

  it('testLookingNormal: identical LOOKING votes from a quorum', () => {
    const v = { leader: 4n, zxid: z(2n, 1n), electionEpoch: 1n, peerEpoch: 1n };
    const set = votes([[0, makeVote(v)], [1, makeVote(v)], [3, makeVote(v)], [4, makeVote({ ...v, state: 'LEADING' })]]);
    expect(hasAllQuorums(trackVotes([qv], set, makeVote(v)))).toBe(true);
  });

  it('testLookingDiffRounds: only one LOOKING vote matches, the tally is lost', () => {
    const set = votes([
      [0, makeVote({ leader: 4n, zxid: z(1n, 1n), electionEpoch: 1n, peerEpoch: 1n })],
      [1, makeVote({ leader: 4n, zxid: z(2n, 1n), electionEpoch: 2n, peerEpoch: 2n })],
      [3, makeVote({ leader: 4n, zxid: z(2n, 1n), electionEpoch: 3n, peerEpoch: 2n })],
      [4, makeVote({ leader: 4n, zxid: z(2n, 1n), electionEpoch: 3n, peerEpoch: 2n, state: 'LEADING' })],
    ]);
    const tracker = trackVotes([qv], set, makeVote({ leader: 4n, zxid: z(2n, 1n), electionEpoch: 2n, peerEpoch: 2n }));
    expect(hasAllQuorums(tracker)).toBe(false);
    expect(tracker.tallies).toEqual([Tally.lost]);
  });

  it('testOutofElection: sid 5 is outside the view, 1, 2, 4 form the quorum, checkLeader sees 5 LEADING', () => {
    const f = { leader: 5n, zxid: z(15n, 0n), electionEpoch: 0xan, state: 'FOLLOWING' as const };
    const set = votes([
      [1, makeVote({ ...f, version: 0, peerEpoch: 0x17n })],
      [2, makeVote({ ...f, version: 0, peerEpoch: 0x17n })],
      [4, makeVote({ ...f, version: 1, peerEpoch: 0x18n })],
      [5, makeVote({ ...f, version: 1, peerEpoch: 0x18n, state: 'LEADING' })],
    ]);
    const target = set.get(5n) as Vote;
    expect(hasAllQuorums(trackVotes([qv], set, target))).toBe(true);
    const state = { ...initialElectionState(ctx, { lastLoggedZxid: 0n, currentEpoch: 0n }), logicalClock: 1n };
    expect(checkLeader(ctx, state, set, 5n, 0xan)).toBe(true);
  });

  it('pending while silent voters could still make a quorum', () => {
    const v = makeVote({ leader: 4n, zxid: 0n, electionEpoch: 1n, peerEpoch: 0n });
    expect(trackVotes([qv], votes([[0, v]]), v).tallies).toEqual([Tally.pending]);
  });

  it('a newer proposed config must also be satisfied', () => {
    const v = makeVote({ leader: 4n, zxid: 0n, electionEpoch: 1n, peerEpoch: 0n });
    const next = { ...majority([4, 5, 6]), version: 1n };
    const tracker = trackVotes([qv, next], votes([[0, v], [1, v], [4, v]]), v);
    expect(tracker.tallies).toEqual([Tally.won, Tally.pending]);
    expect(hasAllQuorums(tracker)).toBe(false);
  });
});
