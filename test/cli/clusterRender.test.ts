import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { electionProgress } from '../../src/cli/cluster/electionProgress.js';
import { humanLogLine } from '../../src/cli/cluster/humanLog.js';
import { logLines } from '../../src/cli/cluster/logView.js';
import { planCluster } from '../../src/cli/cluster/plan.js';
import { renderView } from '../../src/cli/cluster/render.js';
import type { StatusLine } from '../../src/cli/cluster/statusLine.js';
import { frameText, ttyView } from '../../src/cli/cluster/ttyView.js';
import { type ClusterEvent, type ClusterView, initialView, reduceView, viewLimits }
  from '../../src/cli/cluster/viewState.js';

const plans = planCluster({ size: 3, clientPortBase: 2181, quorumPortBase: 2888, electionPortBase: 3888 }, '/tmp/c');
type State = StatusLine['state'];
const status = (sid: bigint, state: State, leader: bigint | undefined, voteLeader: bigint): StatusLine => ({
  sid, state, leader, voteLeader, voteZxid: 0x100000000n, electionEpoch: 2n, peerEpoch: 1n,
  lastElectionMs: leader === undefined ? undefined : 230, connections: 2, synced: undefined, lostReason: undefined, timeMs: undefined,
});
const run = (events: readonly ClusterEvent[], from: ClusterView = initialView(3)): ClusterView =>
  events.reduce(reduceView, from);
const spawned: ClusterEvent[] = [1, 2, 3].map((sid) => ({ kind: 'spawned', sid, pid: 100 + sid }));
const elected: ClusterEvent[] = [
  { kind: 'status', sid: 1, status: status(1n, 'FOLLOWING', 3n, 3n) },
  { kind: 'status', sid: 2, status: status(2n, 'FOLLOWING', 3n, 3n) },
  { kind: 'status', sid: 3, status: status(3n, 'LEADING', 3n, 3n) },
];

describe('live view renderer', () => {
  it('shows per peer state, vote, leader, epoch, election time and connections', () => {
    const view = run([...spawned, ...elected,
      { kind: 'exited', sid: 2, exit: { code: null, signal: 'SIGKILL' } }, { kind: 'selected', sid: 3 }]);
    expect(renderView(view, { plans, dir: '/tmp/c', help: 'keys: q quits' })).toEqual([
      'rxzk cluster: 3 peers on 127.0.0.1, files in /tmp/c',
      '',
      'peer  pid      state      vote            leader  epoch  round  elected in  conns  client  quorum  election',
      ' 1    101      FOLLOWING  3 0x100000000   3       1      2      230 ms      2      2181    2888    3888',
      ' 2    -        stopped (signal SIGKILL)                                            2182    2889    3889',
      '>3    103      LEADING    3 0x100000000   3       1      2      230 ms      2      2183    2890    3890',
      '',
      'election: leader 3 in epoch 1: 2 of 3 peers agree (quorum 2)',
      '',
      '  peer 1 started (pid 101)',
      '  peer 2 started (pid 102)',
      '  peer 3 started (pid 103)',
      '  peer 2 exited (signal SIGKILL)',
      '',
      'keys: q quits',
    ]);
  });

  it('keeps only the last few events', () => {
    const count = viewLimits.eventsMax + 3;
    const messages = Array.from({ length: count }, (_, i): ClusterEvent => ({ kind: 'message', text: `m${i}` }));
    const view = run(messages);
    expect(view.events).toHaveLength(viewLimits.eventsMax);
    expect(view.events.at(-1)).toBe(`m${viewLimits.eventsMax + 2}`);
  });

  it('forgets the old status when a peer is restarted', () => {
    const view = run([...spawned, ...elected,
      { kind: 'exited', sid: 1, exit: { code: 0, signal: null } }, { kind: 'spawned', sid: 1, pid: 200 }]);
    expect(view.peers[0]).toMatchObject({ pid: 200, running: true, status: undefined, starts: 2 });
  });
});

describe('election progress line', () => {
  it('says who leads once a quorum agrees', () => {
    expect(electionProgress(run([...spawned, ...elected]).peers))
      .toBe('leader 3 in epoch 1: 3 of 3 peers agree (quorum 2)');
  });

  it('counts votes while peers are looking, and peers that still follow an old leader', () => {
    const view = run([...spawned, ...elected, { kind: 'exited', sid: 3, exit: { code: 0, signal: null } },
      { kind: 'status', sid: 1, status: status(1n, 'LOOKING', undefined, 2n) }]);
    expect(electionProgress(view.peers)).toBe('electing: 1 looking (votes 2×1), 1 decided for 3×1; a leader needs 2');
  });

  it('says when too few peers run to elect anyone', () => {
    const view = run([{ kind: 'spawned', sid: 1, pid: 5 }]);
    expect(electionProgress(view.peers)).toBe('no quorum: 1 of 3 peers running, a leader needs 2');
  });

  it('notes peers that have not reported yet', () => {
    expect(electionProgress(run(spawned).peers)).toBe('electing: 0 looking; a leader needs 2; 3 starting');
  });
});

describe('log view (stdout is not a TTY)', () => {
  it('prints one line per status change, and the election line when it changes', () => {
    const before = run([...spawned, ...elected.slice(0, 2)]);
    const event = elected[2] as ClusterEvent;
    expect(logLines(event, before, reduceView(before, event))).toEqual([
      'peer 3 LEADING leader=3 vote=3/0x100000000 epoch=1 round=2 elected in 230 ms conns=2',
      'election: leader 3 in epoch 1: 3 of 3 peers agree (quorum 2)',
    ]);
  });

  it('prints lifecycle events and nothing for a selection', () => {
    const before = run(spawned);
    const exited: ClusterEvent = { kind: 'exited', sid: 1, exit: { code: 0, signal: null } };
    expect(logLines(exited, before, reduceView(before, exited))).toEqual([
      'peer 1 exited (code 0)',
      'election: electing: 0 looking; a leader needs 2; 2 starting',
    ]);
    const select: ClusterEvent = { kind: 'selected', sid: 1 };
    expect(logLines(select, before, reduceView(before, select))).toEqual([]);
  });
});

describe('terminal output', () => {
  it('draws from the top-left, clears each line end and the rest of the screen, and cuts to the terminal size', () => {
    expect(frameText(['abcdef', 'x', 'hidden'], 4, 3)).toBe('\x1b[Habc\x1b[K\r\nx\x1b[K\x1b[J');
  });

  it('renders pino JSON as a compact human line', () => {
    const time = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
    const pino = { level: 30, time, pid: 1, hostname: 'h', name: 'rxzk' };
    const line = JSON.stringify({ ...pino, msg: 'peer status', sid: '2', connections: 2 });
    expect(humanLogLine(line)).toBe('03:04:05.006 INFO  peer status sid=2 connections=2');
    expect(humanLogLine('not json')).toBe('not json');
  });
});

describe('terminal redraw rate', () => {
  it('draws the first change at once, then at most once per interval with the latest view', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, flush }) => {
      const writes: Array<[number, string]> = [];
      const output = { columns: 80, rows: 10, write: (text: string) => void writes.push([scheduler.now(), text]) };
      const view = ttyView(output, { redrawIntervalMs: 100, scheduler });
      cold('a 9ms b 9ms c 129ms d', { a: ['a'], b: ['b'], c: ['c'], d: ['d'] }).subscribe((lines) => view.show(lines));
      flush();
      view.close();
      const drawn = writes.map(([at, text]) => [at, text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')]);
      // '' = the alternate-screen escapes on open and close; b is skipped, d waits for the next window.
      expect(drawn).toEqual([[0, ''], [0, 'a'], [100, 'c'], [200, 'd'], [300, '']]);
    });
  });
});
