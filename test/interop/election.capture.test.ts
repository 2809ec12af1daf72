// Replays the notification frames captured from a real ZooKeeper 3.8.0 ensemble (vectors/zk38-election.md) into our
// reducers, one per server, in capture time order: each must reach the decision the real server logged, and the
// FOLLOWING/LEADING answers our reducers produce must be the frames the real servers sent.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { initialElectionState, step } from '../../src/election/step.js';
import { readNotification } from '../../src/election/readNotification.js';
import { encodeNotification } from '../../src/election/wire/notification.js';
import { parseConfigText } from '../../src/election/configText.js';
import type { ElectionContext, ElectionEvent, ElectionState, OutboundNotification, ServerState } from '../../src/election/types.js';

interface Row { tMs: number; from: number; to: number; state: ServerState; leader: number; zxid: string; electionEpoch: string;
  peerEpoch: string }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/election/zk38-notifications.json', import.meta.url), 'utf8')) as
  { configText: string; capture: Row[] };
const verifier = parseConfigText(fixture.configText);

/** `token` ties a timer firing to the arming it belongs to, so a re-armed or cancelled timer's old firing is skipped. */
type Timed = { at: number; seq: number; sid: bigint; event: ElectionEvent | 'restart'; token?: number };

interface Server { ctx: ElectionContext; state: ElectionState; timers: Map<string, number>; instance: number }

/** Server start times (ms, from the capture: first connection attempts), the restart of server 1, and when Zab gave
 *  every member epoch 1 (not on the election port; any time between the election and the restart will do). */
const startsMs: [bigint, number][] = [[1n, 40], [2n, 40], [3n, 470]];
const restartMs = 3_800;
const epochSyncedMs = 1_500;

function replay() {
  const servers = new Map<bigint, Server>();
  const queue: Timed[] = [];
  let seq = 0;
  const push = (at: number, sid: bigint, event: ElectionEvent | 'restart', token?: number) =>
    queue.push({ at, seq: seq++, sid, event, ...(token === undefined ? {} : { token }) });
  const decisions: string[] = [];
  const replies: string[] = [];
  const fresh = (sid: bigint, epoch: bigint): Server => {
    const ctx: ElectionContext = { sid, verifier, minNotificationIntervalMs: 200, maxNotificationIntervalMs: 60_000, finalizeWaitMs: 200 };
    return { ctx, state: initialElectionState(ctx, { lastLoggedZxid: 0n, currentEpoch: epoch }), timers: new Map(), instance: 0 };
  };
  for (const [sid, at] of startsMs) {
    servers.set(sid, fresh(sid, 0n));
    push(at, sid, { kind: 'start', lastLoggedZxid: 0n, currentEpoch: 0n });
    push(epochSyncedMs, sid, { kind: 'peerEpochUpdated', peerEpoch: 1n });
  }
  push(restartMs, 1n, 'restart');
  for (const row of fixture.capture) {
    const out: OutboundNotification = { state: row.state, leader: BigInt(row.leader), zxid: BigInt(row.zxid),
      electionEpoch: BigInt(row.electionEpoch), peerEpoch: BigInt(row.peerEpoch) };
    const decoded = readNotification(BigInt(row.from), encodeNotification(out, fixture.configText));
    if (!decoded.ok) throw new Error(decoded.reason);
    push(row.tMs, BigInt(row.to), { kind: 'notification', notification: decoded.notification });
  }
  for (let guard = 0; queue.length > 0 && guard < 10_000; guard += 1) {
    queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const { at, sid, event, token } = queue.shift() as Timed;
    const server = servers.get(sid) as Server;
    if (event === 'restart') {
      servers.set(sid, fresh(sid, 1n));
      push(at, sid, { kind: 'start', lastLoggedZxid: 0n, currentEpoch: 1n });
      continue;
    }
    if (event.kind === 'timerFired' && server.timers.get(event.name) !== token) continue;
    const result = step(server.ctx, server.state, event);
    server.state = result.state;
    for (const effect of result.effects) {
      if (effect.kind === 'decided') decisions.push(`${sid} ${effect.role} ${effect.vote.leader} @${at < restartMs ? 'first' : 'restart'}`);
      if (effect.kind === 'send') replies.push(`${sid}->${effect.to} ${effect.notification.state} ${effect.notification.leader} `
        + `round=${effect.notification.electionEpoch} peerEpoch=${effect.notification.peerEpoch}`);
      if (effect.kind === 'broadcast' && effect.to.includes(sid)) {
        push(at, sid, { kind: 'notification', notification: { ...effect.notification, sid, version: 2, config: null } });
      }
      if (effect.kind === 'armTimer') {
        const token = seq;
        server.timers.set(effect.name, token);
        push(at + effect.delayMs, sid, { kind: 'timerFired', name: effect.name, haveDelivered: true }, token);
      }
      if (effect.kind === 'cancelTimer') server.timers.delete(effect.name);
    }
  }
  return { decisions, replies };
}

describe('captured ZooKeeper 3.8 election, replayed into our reducers', () => {
  const { decisions, replies } = replay();
  it('reaches the decisions the real servers logged: 2 leads, 1 and 3 follow, restarted 1 follows 2 again', () => {
    expect(decisions).toEqual(['1 FOLLOWING 2 @first', '2 LEADING 2 @first', '3 FOLLOWING 2 @first', '1 FOLLOWING 2 @restart']);
  });
  it('answers LOOKING peers with exactly the FOLLOWING/LEADING frames the real servers sent', () => {
    const captured = fixture.capture.filter((r) => r.state !== 'LOOKING').map((r) =>
      `${r.from}->${r.to} ${r.state} ${r.leader} round=${BigInt(r.electionEpoch)} peerEpoch=${BigInt(r.peerEpoch)}`);
    expect(captured).toHaveLength(4);
    for (const frame of captured) expect(replies).toContain(frame);
  });
});
