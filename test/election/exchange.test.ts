// Two or three reducers talking through an in-order message queue (loopback included): ZooKeeper's FLENewEpochTest
// and FLERestartTest as pure exchanges. Finalize timers fire when no message is in flight, as a 200 ms quiet would.
import { describe, expect, it } from 'vitest';
import { initialElectionState, step } from '../../src/election/step.js';
import type { ElectionContext, ElectionEvent, ElectionState } from '../../src/election/types.js';
import { context, majority, start } from './helpers.js';

const exchangeStepsMax = 1_000;

interface Node { ctx: ElectionContext; state: ElectionState; decided?: string }

function exchange(nodes: Map<bigint, Node>, kickoff: [bigint, ElectionEvent][]): void {
  const queue = [...kickoff];
  for (let i = 0; i < exchangeStepsMax; i += 1) {
    let next = queue.shift();
    if (next === undefined) {
      const waiting = [...nodes].find(([, n]) => n.state.phase === 'finalizing');
      if (waiting === undefined) return;
      next = [waiting[0], { kind: 'timerFired', name: 'finalize', haveDelivered: true }];
    }
    const [sid, event] = next;
    const node = nodes.get(sid);
    if (node === undefined) continue;
    const result = step(node.ctx, node.state, event);
    node.state = result.state;
    for (const e of result.effects) {
      const targets = e.kind === 'send' ? [e.to] : e.kind === 'broadcast' ? e.to : [];
      if (e.kind === 'send' || e.kind === 'broadcast') {
        for (const to of targets) queue.push([to, { kind: 'notification', notification: { ...e.notification, sid, version: 2, config: null } }]);
      }
      if (e.kind === 'decided') node.decided = `${e.role} ${e.vote.leader}`;
    }
  }
  throw new Error('exchange did not settle');
}

const node = (sid: number, qv = majority([0, 1, 2])): Node => {
  const ctx = context(sid, qv);
  return { ctx, state: initialElectionState(ctx, { lastLoggedZxid: 0n, currentEpoch: 0n }) };
};

describe('exchanges between reducers', () => {
  it('FLENewEpochTest: a peer back in LOOKING at round 2 and a fresh peer at round 1 agree', () => {
    const nodes = new Map([[1n, node(1)], [2n, node(2)]]);
    exchange(nodes, [[1n, start()], [2n, start()]]);
    expect([nodes.get(1n)?.decided, nodes.get(2n)?.decided]).toEqual(['FOLLOWING 2', 'LEADING 2']);
    nodes.delete(2n);
    nodes.set(0n, node(0));
    exchange(nodes, [[1n, start()], [0n, start()]]);
    expect(nodes.get(1n)?.state.logicalClock).toBe(2n);
    expect(nodes.get(0n)?.state.logicalClock).toBe(2n);
    expect([nodes.get(0n)?.decided, nodes.get(1n)?.decided]).toEqual(['FOLLOWING 1', 'LEADING 1']);
  });

  it('FLERestartTest: a re-created peer learns the leader from peers that stay decided', () => {
    const nodes = new Map([[0n, node(0)], [1n, node(1)], [2n, node(2)]]);
    exchange(nodes, [[0n, start()], [1n, start()], [2n, start()]]);
    expect([...nodes.values()].map((n) => n.decided)).toEqual(['FOLLOWING 2', 'FOLLOWING 2', 'LEADING 2']);
    nodes.set(0n, node(0));
    exchange(nodes, [[0n, start()]]);
    expect(nodes.get(0n)?.decided).toBe('FOLLOWING 2');
    expect([nodes.get(1n)?.state.phase, nodes.get(2n)?.state.phase]).toEqual(['decided', 'decided']);
  });

  it('FLETest.testJoin: a late joiner with the highest sid follows instead of leading', () => {
    const nodes = new Map([[0n, node(0)], [1n, node(1)]]);
    exchange(nodes, [[0n, start()], [1n, start()]]);
    nodes.set(2n, node(2));
    exchange(nodes, [[2n, start()]]);
    expect(nodes.get(2n)?.decided).toBe('FOLLOWING 1');
  });
});
