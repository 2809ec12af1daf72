// Pure reducer scenarios, including ZooKeeper's own election tests (tests-catalog.md §1) replayed as event scripts.
// Each main scenario is also kept as a golden describeStep transcript under test/fixtures/election/transcripts/.
import { describe, expect, it } from 'vitest';
import { hierarchicalVerifier, majorityVerifier } from '../../src/election/quorumVerifier.js';
import { step } from '../../src/election/step.js';
import type { ElectionEffect, ElectionState } from '../../src/election/types.js';
import { context, decisions, fire, majority, members, recv, run, start } from './helpers.js';

const golden = (name: string): string => `../fixtures/election/transcripts/${name}.txt`;
const transcript = (lines: string[]): string => `${lines.join('\n')}\n`;
const kinds = (effects: readonly ElectionEffect[]): string[] => effects.map((e) => e.kind);

const qv3 = majority([1, 2, 3]);

describe('fresh 3-node ensemble (fle.md §11), seen from server 1', () => {
  const r = run(context(1, qv3), [
    start(),
    recv({ sid: 1, state: 'LOOKING', leader: 1 }),
    recv({ sid: 2, state: 'LOOKING', leader: 2 }),
    recv({ sid: 1, state: 'LOOKING', leader: 2 }),
    recv({ sid: 3, state: 'LOOKING', leader: 3 }),
    recv({ sid: 1, state: 'LOOKING', leader: 3 }),
    fire('finalize'),
  ]);
  it('switches to the highest sid, waits the finalize window and follows 3', () => {
    expect(decisions(r)).toEqual([{ kind: 'decided', role: 'FOLLOWING',
      vote: { version: 0, leader: 3n, zxid: 0n, electionEpoch: 1n, peerEpoch: 0n, state: 'LOOKING' } }]);
    expect(r.state.phase).toBe('decided');
  });
  it('matches the golden transcript', async () => {
    await expect(transcript(r.lines)).toMatchFileSnapshot(golden('fresh-three'));
  });
});

describe('FLEBackwardElectionRoundTest', () => {
  const ctx = context(0, majority([0, 1, 2]));
  const following = (sid: number) => recv({ sid, state: 'FOLLOWING', leader: 0, peerEpoch: 1n, version: 0 });
  const first = run(ctx, [start(), following(1), following(2)]);
  const second = run(ctx, [start(), following(1), following(2), fire('notification'), fire('notification')], first.state);
  it('leads on same-round FOLLOWING votes naming it', () => {
    expect(decisions(first).map((d) => d.role)).toEqual(['LEADING']);
  });
  it('refuses to lead on the same round-1 messages in round 2', () => {
    expect(second.state.logicalClock).toBe(2n);
    expect(decisions(second)).toEqual([]);
    expect(second.state.outOfElection.size).toBe(2);
  });
  it('matches the golden transcript', async () => {
    await expect(transcript([...first.lines, ...second.lines])).toMatchFileSnapshot(golden('backward-election-round'));
  });
});

describe('FLELostMessageTest', () => {
  const r = run(context(1, majority([0, 1, 2])), [
    start(),
    recv({ sid: 1, state: 'LOOKING', leader: 1 }),
    recv({ sid: 0, state: 'LOOKING', leader: 0, version: 0 }),
    recv({ sid: 0, state: 'FOLLOWING', leader: 1, version: 0 }),
  ]);
  it('leads on its own LOOKING vote plus a same-round FOLLOWING vote for it', () => {
    expect(decisions(r).map((d) => d.role)).toEqual(['LEADING']);
  });
  it('matches the golden transcript', async () => {
    await expect(transcript(r.lines)).toMatchFileSnapshot(golden('lost-message'));
  });
});

describe('out-of-election joins (FLETest.testJoin, FLERestartTest, the captured restart)', () => {
  const ctx = context(2, qv3);
  it('a restarted server follows on FOLLOWING + LEADING replies of its own round', () => {
    const r = run(ctx, [
      start(0n, 1n),
      recv({ sid: 2, state: 'LOOKING', leader: 2, peerEpoch: 1n }),
      recv({ sid: 1, state: 'FOLLOWING', leader: 3, peerEpoch: 1n }),
      recv({ sid: 3, state: 'LEADING', leader: 3, peerEpoch: 1n }),
    ]);
    expect(decisions(r).map((d) => [d.role, d.vote.leader])).toEqual([['FOLLOWING', 3n]]);
  });
  it('with a different round it joins through the out-of-election set and adopts that round', async () => {
    const r = run(ctx, [
      start(0n, 1n), start(), // second start is ignored: already looking
      recv({ sid: 1, state: 'FOLLOWING', leader: 3, round: 7n, peerEpoch: 1n }),
      recv({ sid: 3, state: 'LEADING', leader: 3, round: 7n, peerEpoch: 1n }),
    ]);
    expect(decisions(r).map((d) => [d.role, d.vote.leader, d.vote.electionEpoch])).toEqual([['FOLLOWING', 3n, 7n]]);
    expect(r.state.logicalClock).toBe(7n);
    await expect(transcript(r.lines)).toMatchFileSnapshot(golden('out-of-election-join'));
  });
  it('testJoinInconsistentEnsemble: zxid and round of a decided vote are not compared', () => {
    const r = run(ctx, [
      start(),
      recv({ sid: 1, state: 'FOLLOWING', leader: 3, zxid: 100n, round: 101n, peerEpoch: 1n }),
      recv({ sid: 3, state: 'LEADING', leader: 3, round: 1n, peerEpoch: 1n }),
    ]);
    expect(decisions(r).map((d) => d.vote.leader)).toEqual([3n]);
  });
  it('a quorum naming the leader without its own LEADING vote is not enough (checkLeader)', () => {
    const r = run(ctx, [start(), recv({ sid: 1, state: 'FOLLOWING', leader: 3, round: 4n }),
      recv({ sid: 2, state: 'FOLLOWING', leader: 3, round: 4n })]);
    expect(decisions(r)).toEqual([]);
  });
  it('OBSERVING notifications are ignored', () => {
    const r = run(ctx, [start(), recv({ sid: 1, state: 'OBSERVING', leader: 3 }), recv({ sid: 3, state: 'OBSERVING', leader: 3 })]);
    expect(decisions(r)).toEqual([]);
    expect(r.state.recvset.size).toBe(0);
  });
});

describe('rounds', () => {
  const ctx = context(1, qv3);
  it('a newer round resets the votes and compares against our own initial vote (fle.md §8.1 note)', () => {
    const r = run(ctx, [start(5n, 0n), recv({ sid: 3, state: 'LOOKING', leader: 3, zxid: 9n }),
      recv({ sid: 2, state: 'LOOKING', leader: 2, zxid: 1n, round: 4n })]);
    expect(r.state.logicalClock).toBe(4n);
    expect(r.state.proposal).toEqual({ leader: 1n, zxid: 5n, peerEpoch: 0n });
    expect([...r.state.recvset.keys()]).toEqual([2n]);
  });
  it('a LOOKING peer with a lagging round gets our proposal and is otherwise ignored', async () => {
    const ahead = run(ctx, [start(), recv({ sid: 3, state: 'LOOKING', leader: 3, round: 3n })]);
    const r = run(ctx, [recv({ sid: 2, state: 'LOOKING', leader: 2, round: 1n })], ahead.state);
    expect(r.effects[0]).toContainEqual({ kind: 'send', to: 2n,
      notification: { state: 'LOOKING', leader: 3n, zxid: 0n, electionEpoch: 3n, peerEpoch: 0n } });
    expect(r.state.recvset.has(2n)).toBe(false);
    await expect(transcript([...ahead.lines, ...r.lines])).toMatchFileSnapshot(golden('lagging-round-reply'));
  });
});

describe('the finalize wait', () => {
  const ctx = context(1, qv3);
  const quorumFor2 = [start(), recv({ sid: 1, state: 'LOOKING', leader: 1 }), recv({ sid: 2, state: 'LOOKING', leader: 2 }),
    recv({ sid: 1, state: 'LOOKING', leader: 2 })];
  const waiting = run(ctx, quorumFor2);
  it('enters the wait on a quorum and stops the notification timer', () => {
    expect(waiting.state.phase).toBe('finalizing');
    expect(kinds(waiting.effects.at(-1) ?? [])).toEqual(['cancelTimer', 'armTimer']);
  });
  it('discards a vote that is not better and polls again', () => {
    const r = run(ctx, [recv({ sid: 1, state: 'LOOKING', leader: 1 })], waiting.state);
    expect(r.state.phase).toBe('finalizing');
    expect(r.effects[0]).toContainEqual({ kind: 'armTimer', name: 'finalize', delayMs: 200 });
  });
  it('a better vote inside the window sends the loop back with that vote', async () => {
    const r = run(ctx, [recv({ sid: 3, state: 'LOOKING', leader: 3 }), recv({ sid: 1, state: 'LOOKING', leader: 3 }),
      fire('finalize')], waiting.state);
    expect(r.effects[0]?.map((e) => e.kind)).toEqual(['cancelTimer', 'broadcast', 'armTimer']);
    expect(decisions(r).map((d) => d.vote.leader)).toEqual([3n]);
    await expect(transcript([...waiting.lines, ...r.lines])).toMatchFileSnapshot(golden('better-vote-in-finalize'));
  });
  it('a stale finalize timer after the wait ended is ignored', () => {
    const r = run(ctx, [fire('finalize'), fire('finalize')], waiting.state);
    expect(decisions(r)).toHaveLength(1);
  });
});

describe('the notification timeout', () => {
  const ctx = context(1, qv3);
  it('doubles from 200 ms to the 60000 ms cap; resends when delivered, reconnects otherwise', () => {
    const fires = Array.from({ length: 11 }, (_, i) => fire('notification', i % 2 === 0));
    const r = run(ctx, [start(), ...fires]);
    const delays = r.effects.flat().flatMap((e) => (e.kind === 'armTimer' ? [e.delayMs] : []));
    expect(delays).toEqual([200, 400, 800, 1600, 3200, 6400, 12800, 25600, 51200, 60000, 60000, 60000]);
    expect(r.effects.slice(1).map((e) => e[0]?.kind)).toEqual(fires.map((f) =>
      (f.kind === 'timerFired' && f.haveDelivered ? 'broadcast' : 'connectAll')));
  });
  it('each processed notification restarts the poll with the current interval', () => {
    const r = run(ctx, [start(), fire('notification'), recv({ sid: 2, state: 'LOOKING', leader: 2 })]);
    expect(r.effects[2]?.at(-1)).toEqual({ kind: 'armTimer', name: 'notification', delayMs: 400 });
  });
});

describe('once decided (WorkerReceiver replies)', () => {
  const ctx = context(3, majority([1, 2, 3], [4]));
  const decided = run(ctx, [start(), recv({ sid: 3, state: 'LOOKING', leader: 3 }), recv({ sid: 1, state: 'LOOKING', leader: 3 }),
    fire('finalize'), { kind: 'peerEpochUpdated', peerEpoch: 1n }]);
  it('answers a LOOKING voter with the decided vote, its round and the new peerEpoch', () => {
    expect(decided.state.peerState).toBe('LEADING');
    const r = run(ctx, [recv({ sid: 2, state: 'LOOKING', leader: 2, round: 1n, peerEpoch: 1n })], decided.state);
    expect(r.effects[0]).toEqual([{ kind: 'send', to: 2n,
      notification: { state: 'LEADING', leader: 3n, zxid: 0n, electionEpoch: 1n, peerEpoch: 1n } }]);
  });
  it('says nothing to voters that are not LOOKING', () => {
    expect(run(ctx, [recv({ sid: 2, state: 'FOLLOWING', leader: 3 })], decided.state).effects[0]).toEqual([]);
  });
  it('answers a non-voter with its current round and state, whatever that sender says', () => {
    const r = run(ctx, [recv({ sid: 4, state: 'LOOKING', leader: 4, round: 9n })], decided.state);
    expect(r.effects[0]).toEqual([{ kind: 'send', to: 4n,
      notification: { state: 'LEADING', leader: 3n, zxid: 0n, electionEpoch: 1n, peerEpoch: 1n } }]);
  });
});

describe('observers', () => {
  const qv = majority([1, 2, 3], [4]);
  it('propose Long.MIN_VALUE to the voters only and end OBSERVING', async () => {
    const r = run(context(4, qv), [start(7n, 1n), recv({ sid: 1, state: 'FOLLOWING', leader: 3, peerEpoch: 1n }),
      recv({ sid: 3, state: 'LEADING', leader: 3, peerEpoch: 1n })]);
    expect(r.effects[0]?.[0]).toMatchObject({ kind: 'broadcast', to: [1n, 2n, 3n], notification: { leader: -(2n ** 63n) } });
    expect(decisions(r).map((d) => d.role)).toEqual(['OBSERVING']);
    await expect(transcript(r.lines)).toMatchFileSnapshot(golden('observer-joins'));
  });
});

describe('zero weight (FLEZeroWeightTest)', () => {
  const qv = hierarchicalVerifier({
    members: members([0, 1, 2, 3, 4, 5]),
    groups: new Map([[1n, [0n, 1n, 2n]], [2n, [3n, 4n, 5n]]]),
    weights: new Map([[3n, 0n], [4n, 0n], [5n, 0n]]),
  });
  it('a zero-weight server keeps its own vote but zero-weight votes for it never make a quorum', () => {
    const r = run(context(5, qv), [start(9n, 9n), recv({ sid: 5, state: 'LOOKING', leader: 5, zxid: 9n, peerEpoch: 9n }),
      recv({ sid: 4, state: 'LOOKING', leader: 5, zxid: 9n, peerEpoch: 9n }), recv({ sid: 3, state: 'LOOKING', leader: 5, zxid: 9n, peerEpoch: 9n }),
      recv({ sid: 2, state: 'LOOKING', leader: 2 })]);
    expect(r.state.phase).toBe('looking');
    expect(r.state.proposal.leader).toBe(5n);
  });
  it('a weighted server never switches to a zero-weight candidate, even a higher one', () => {
    const r = run(context(2, qv), [start(), recv({ sid: 5, state: 'LOOKING', leader: 5, zxid: 9n, peerEpoch: 9n }),
      recv({ sid: 0, state: 'LOOKING', leader: 2 }), recv({ sid: 2, state: 'LOOKING', leader: 2 })]);
    expect(r.state.proposal.leader).toBe(2n);
    expect(r.state.phase).toBe('finalizing');
  });
  it('the zero-weight server ends FOLLOWING the weighted leader', () => {
    const r = run(context(5, qv), [start(), recv({ sid: 0, state: 'FOLLOWING', leader: 2 }), recv({ sid: 2, state: 'LEADING', leader: 2 })]);
    expect(decisions(r).map((d) => [d.role, d.vote.leader])).toEqual([['FOLLOWING', 2n]]);
  });
});

describe('config changes and stray inputs', () => {
  const ctx = context(1, qv3);
  const looking = run(ctx, [start()]).state;
  const withConfig = (version: bigint, sids: number[]) => ({ kind: 'notification' as const, notification: {
    sid: 2n, state: 'LOOKING' as const, leader: 2n, zxid: 0n, electionEpoch: 1n, peerEpoch: 0n, version: 2,
    config: { text: '', verifier: majorityVerifier({ members: members(sids), version }) } } });
  it('a newer, different config while LOOKING shuts the election down', () => {
    const r = step(ctx, looking, withConfig(5n, [1, 2]));
    expect(r.state.phase).toBe('stopped');
    expect(r.effects.at(-1)).toEqual({ kind: 'shutdown', reason: 'config version 5 from 2' });
  });
  it('a newer config describing the same members is accepted', () => {
    expect(step(ctx, looking, withConfig(5n, [1, 2, 3])).state.phase).toBe('looking');
  });
  it('notifications from non-voters are answered but never reach the loop', () => {
    const r = step(ctx, looking, recv({ sid: 9, state: 'LOOKING', leader: 9 }));
    expect(r.state.recvset.size).toBe(0);
    expect(kinds(r.effects)).toEqual(['send']);
  });
  it('a vote for a non-voting leader is ignored', () => {
    expect(step(ctx, looking, recv({ sid: 2, state: 'LOOKING', leader: 9 })).state.recvset.size).toBe(0);
  });
  it('stop ends the loop; notifications are then ignored until the next start', () => {
    const stopped: ElectionState = step(ctx, looking, { kind: 'stop' }).state;
    expect(step(ctx, stopped, recv({ sid: 2, state: 'LOOKING', leader: 2 })).state).toBe(stopped);
    expect(step(ctx, stopped, start()).state.logicalClock).toBe(2n);
  });
});

describe('a vote from a newer round that arrives while decided', () => {
  // Peer 1 follows 3 (round 1). Peer 2 noticed first that 3 is gone and sent its round-2 vote while 1 was still
  // FOLLOWING; 1 answered it. When 1 starts its own round 2, that vote counts at once, so 1 switches to 2 and, with
  // its own looped-back vote, has a quorum: no notification timeout is waited for a vote peer 2 will not repeat.
  const ctx = context(1, majority([1, 2, 3]));
  const decided = run(ctx, [
    start(),
    recv({ sid: 3, state: 'LOOKING', leader: 3 }),
    recv({ sid: 2, state: 'LOOKING', leader: 3 }),
    recv({ sid: 1, state: 'LOOKING', leader: 3 }),
    fire('finalize'),
  ]);
  const early = run(ctx, [recv({ sid: 2, state: 'LOOKING', leader: 2, round: 2n })], decided.state);
  const next = run(ctx, [start(), recv({ sid: 1, state: 'LOOKING', leader: 2, round: 2n }), fire('finalize')], early.state);

  it('answers it with the decided vote, as ZooKeeper does', () => {
    expect(early.effects[0]).toEqual([{ kind: 'send', to: 2n,
      notification: { state: 'FOLLOWING', leader: 3n, zxid: 0n, electionEpoch: 1n, peerEpoch: 0n } }]);
  });
  it('counts it in the next round: switches to 2 and follows it after the finalize wait', () => {
    expect(next.state.logicalClock).toBe(2n);
    expect(decisions(next).map((d) => [d.role, d.vote.leader])).toEqual([['FOLLOWING', 2n]]);
  });
  it('keeps only votes of rounds newer than its own', () => {
    const stale = run(ctx, [recv({ sid: 2, state: 'LOOKING', leader: 2, round: 1n })], decided.state);
    expect(stale.state.pending).toEqual([]);
  });
});
