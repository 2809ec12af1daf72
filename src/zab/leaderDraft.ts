// A step's working copy of the leader state plus the effects it collects. Reducers mutate the draft, never their
// input, and return draft.result(): the step stays a pure function of (state, event).
import { containsQuorum } from '../election/quorumVerifier.js';
import type { HandlerStage, LeaderContext, LeaderEffect, LeaderPhase, LeaderResult, LeaderState, LearnerHandler }
  from './leaderTypes.js';
import type { LogLevel, LostReason, ZabEvent } from './types.js';
import type { QuorumPacket } from './wire/quorumPacket.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class LeaderDraft {
  readonly state: Mutable<Omit<LeaderState, 'learners'>>;
  readonly learners: Map<number, LearnerHandler>;
  readonly effects: LeaderEffect[] = [];

  constructor(readonly ctx: LeaderContext, state: LeaderState) {
    const { learners, ...rest } = state;
    this.state = { ...rest };
    this.learners = new Map(learners);
  }

  result(): LeaderResult {
    return { state: { ...this.state, learners: this.learners }, effects: this.effects };
  }

  get phase(): LeaderPhase {
    return this.state.phase;
  }

  enter(phase: LeaderPhase): void {
    this.state.phase = phase;
  }

  /** Each handshake wait gets initLimit ticks of its own, as each of Leader's waits does. */
  restartStageDeadline(): void {
    this.state.stageDeadlineHalfTick = this.state.halfTicks + 2 * this.ctx.initLimit;
  }

  hasQuorum(sids: ReadonlySet<bigint>): boolean {
    return containsQuorum(this.ctx.verifier, sids);
  }

  send(connId: number, packet: QuorumPacket): void {
    this.effects.push({ kind: 'send', connId, packet });
  }

  emit(event: ZabEvent): void {
    this.effects.push({ kind: 'emit', event });
  }

  note(level: LogLevel, text: string): void {
    this.effects.push({ kind: 'note', level, text });
  }

  update(handler: LearnerHandler, change: Partial<LearnerHandler>): LearnerHandler {
    const next = { ...handler, ...change };
    this.learners.set(handler.connId, next);
    return next;
  }

  advance(handler: LearnerHandler, stage: HandlerStage): LearnerHandler {
    return this.update(handler, { stage });
  }

  /** Closes one learner; the leader and every other learner carry on. */
  drop(handler: LearnerHandler, reason: string): void {
    this.learners.delete(handler.connId);
    this.effects.push({ kind: 'close', connId: handler.connId, reason });
    this.note('warn', `dropping learner ${describeHandler(handler)}: ${reason}`);
  }

  handlersIn(stage: HandlerStage): LearnerHandler[] {
    return [...this.learners.values()].filter((h) => h.stage === stage);
  }

  lose(reason: LostReason, detail: string): void {
    for (const handler of this.learners.values()) {
      this.effects.push({ kind: 'close', connId: handler.connId, reason: 'leader shutting down' });
    }
    this.learners.clear();
    this.enter('lost');
    this.note('warn', `leader gives up (${reason}): ${detail}`);
    this.emit({ kind: 'lost', reason, detail });
  }
}

export function describeHandler(handler: LearnerHandler): string {
  return handler.sid === undefined ? `#${handler.connId}` : `sid ${handler.sid} (#${handler.connId})`;
}
