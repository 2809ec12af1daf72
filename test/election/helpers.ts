// Shared builders for election tests: configs of N voters, notifications, and a driver that runs events through
// step() collecting describeStep lines.
import { describeStep } from '../../src/election/describeStep.js';
import { majorityVerifier, type QuorumMember, type QuorumVerifier } from '../../src/election/quorumVerifier.js';
import { initialElectionState, step } from '../../src/election/step.js';
import type { ElectionContext, ElectionEffect, ElectionEvent, ElectionState, Notification, ServerState }
  from '../../src/election/types.js';

export function members(sids: readonly number[], observers: readonly number[] = []): QuorumMember[] {
  const one = (sid: number, type: 'participant' | 'observer'): QuorumMember =>
    ({ sid: BigInt(sid), type, address: `127.0.0.1:${2880 + sid}:${3880 + sid}` });
  return [...sids.map((s) => one(s, 'participant')), ...observers.map((s) => one(s, 'observer'))];
}

export function majority(sids: readonly number[], observers: readonly number[] = []): QuorumVerifier {
  return majorityVerifier({ members: members(sids, observers) });
}

export function context(sid: number, verifier: QuorumVerifier): ElectionContext {
  return { sid: BigInt(sid), verifier, minNotificationIntervalMs: 200, maxNotificationIntervalMs: 60_000, finalizeWaitMs: 200 };
}

export interface NotificationFields {
  readonly sid: number;
  readonly state: ServerState;
  readonly leader: number;
  readonly zxid?: bigint;
  readonly round?: bigint;
  readonly peerEpoch?: bigint;
  readonly version?: number;
}

export function notification(f: NotificationFields): Notification {
  return { sid: BigInt(f.sid), state: f.state, leader: BigInt(f.leader), zxid: f.zxid ?? 0n, electionEpoch: f.round ?? 1n,
    peerEpoch: f.peerEpoch ?? 0n, version: f.version ?? 2, config: null };
}

export const recv = (f: NotificationFields): ElectionEvent => ({ kind: 'notification', notification: notification(f) });
export const start = (lastLoggedZxid = 0n, currentEpoch = 0n): ElectionEvent => ({ kind: 'start', lastLoggedZxid, currentEpoch });
export const fire = (name: 'notification' | 'finalize', haveDelivered = true): ElectionEvent =>
  ({ kind: 'timerFired', name, haveDelivered });

export interface Run {
  readonly state: ElectionState;
  readonly lines: string[];
  readonly effects: ElectionEffect[][];
}

export function run(ctx: ElectionContext, events: readonly ElectionEvent[], from?: ElectionState): Run {
  let state = from ?? initialElectionState(ctx, { lastLoggedZxid: 0n, currentEpoch: 0n });
  const lines: string[] = [];
  const effects: ElectionEffect[][] = [];
  for (const event of events) {
    const result = step(ctx, state, event);
    state = result.state;
    lines.push(describeStep({ event, ...result }, ctx.sid));
    effects.push([...result.effects]);
  }
  return { state, lines, effects };
}

export function decisions(r: Run): Extract<ElectionEffect, { kind: 'decided' }>[] {
  return r.effects.flat().filter((e): e is Extract<ElectionEffect, { kind: 'decided' }> => e.kind === 'decided');
}
