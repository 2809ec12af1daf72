// A seeded discrete-event simulator for FastLeaderElection: N pure reducers on a virtual network with delay, loss,
// duplication, reordering, partitions and crash-restarts, plus a minimal Zab stand-in (a leader needs a quorum of
// followers, a follower needs a LEADING leader) so decided peers fall back to LOOKING as real peers do. It checks
// safety after every step and liveness once the network is calm; one seed reproduces a whole run.
import { describeStep } from '../election/describeStep.js';
import { containsQuorum, type QuorumVerifier } from '../election/quorumVerifier.js';
import { initialElectionState, step } from '../election/step.js';
import type { ElectionContext, ElectionEffect, ElectionEvent, ElectionState, OutboundNotification, TimerName, Vote }
  from '../election/types.js';
import { createPrng, type Prng } from './prng.js';

export interface SimNetworkConfig {
  readonly seed: number;
  readonly verifier: QuorumVerifier;
  readonly delayMsMin?: number;
  readonly delayMsMax?: number;
  /** Faults (loss, duplication, crashes, partitions) happen before this virtual time; after it the network is calm. */
  readonly calmAtMs?: number;
  readonly lossRate?: number;
  readonly duplicateRate?: number;
  /** Per fault tick: chance of crashing one peer, of starting a partition. */
  readonly crashRate?: number;
  readonly partitionRate?: number;
  readonly faultTickMs?: number;
  /** After calmAtMs every live peer must agree on an established leader within this bound. */
  readonly livenessBoundMs?: number;
  /** Zab stand-in: how often roles are checked, and how long a new leader may wait for its quorum. */
  readonly zabCheckMs?: number;
  readonly zabInitMs?: number;
  readonly zxidMax?: number;
  readonly startJitterMs?: number;
  readonly minNotificationIntervalMs?: number;
  readonly maxNotificationIntervalMs?: number;
  readonly finalizeWaitMs?: number;
  readonly eventsMax?: number;
  /** Keep describeStep lines of every step (slow; for failures and small runs). */
  readonly trace?: boolean;
}

export interface SimReport {
  readonly seed: number;
  readonly ok: boolean;
  readonly violations: readonly string[];
  /** First virtual time at which every peer had decided (no faults needed). */
  readonly allDecidedAtMs: number | undefined;
  /** First virtual time after calm at which all live peers agree on an established leader. */
  readonly stableAtMs: number | undefined;
  readonly leader: bigint | undefined;
  readonly messagesSent: number;
  /** Messages sent until every peer had decided. */
  readonly messagesUntilDecided: number | undefined;
  readonly steps: number;
  readonly transcript: readonly string[];
}

type SimEvent =
  | { readonly kind: 'deliver'; readonly from: bigint; readonly to: bigint; readonly notification: OutboundNotification }
  | { readonly kind: 'timer'; readonly sid: bigint; readonly name: TimerName; readonly generation: number }
  | { readonly kind: 'start'; readonly sid: bigint }
  | { readonly kind: 'zab'; readonly sid: bigint; readonly generation: number }
  | { readonly kind: 'fault' }
  | { readonly kind: 'restart'; readonly sid: bigint }
  | { readonly kind: 'heal' };

export const violationsMax = 20;

interface Scheduled { readonly at: number; readonly seq: number; readonly event: SimEvent }

/** Binary min-heap on (time, insertion order): equal times keep FIFO order, so a seed replays exactly. */
class EventQueue {
  private readonly heap: Scheduled[] = [];
  private seq = 0;
  get size(): number { return this.heap.length; }
  push(at: number, event: SimEvent): void {
    const heap = this.heap;
    heap.push({ at, seq: this.seq++, event });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Scheduled, heap[parent] as Scheduled)) break;
      [heap[i], heap[parent]] = [heap[parent] as Scheduled, heap[i] as Scheduled];
      i = parent;
    }
  }
  pop(): Scheduled | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l] as Scheduled, heap[m] as Scheduled)) m = l;
      if (r < heap.length && before(heap[r] as Scheduled, heap[m] as Scheduled)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m] as Scheduled, heap[i] as Scheduled];
      i = m;
    }
    return top;
  }
}

const before = (a: Scheduled, b: Scheduled): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

interface SimPeer {
  readonly sid: bigint;
  readonly ctx: ElectionContext;
  state: ElectionState;
  up: boolean;
  readonly timers: Map<TimerName, number>;
  timerSeq: number;
  readonly lastLoggedZxid: bigint;
  currentEpoch: bigint;
  decidedAtMs: number;
  zabGeneration: number;
  established: boolean;
  synced: boolean;
}

export function simulateElection(config: SimNetworkConfig): SimReport {
  return new Simulation(config).run();
}

class Simulation {
  private readonly random: Prng;
  private readonly queue = new EventQueue();
  private readonly peers = new Map<bigint, SimPeer>();
  private readonly cfg: Required<Omit<SimNetworkConfig, 'verifier'>>;
  private readonly verifier: QuorumVerifier;
  private now = 0;
  private partition: ReadonlyMap<bigint, number> | null = null;
  private readonly violations: string[] = [];
  private readonly transcript: string[] = [];
  /** Evidence of votes actually sent: `L/<leader>/<round>` and `D/<leader>` -> senders. */
  private readonly sentVotes = new Map<string, Set<bigint>>();
  private readonly epochLeaders = new Map<bigint, bigint>();
  private messagesSent = 0;
  private messagesUntilDecided: number | undefined;
  private steps = 0;
  private allDecidedAtMs: number | undefined;
  private stableAtMs: number | undefined;

  constructor(config: SimNetworkConfig) {
    const { seed, verifier, delayMsMin = 1, delayMsMax = 40, calmAtMs = 0, lossRate = 0.05, duplicateRate = 0.02,
      crashRate = 0.1, partitionRate = 0.1, faultTickMs = 500, livenessBoundMs = 150_000, zabCheckMs = 500,
      zabInitMs = 2_000, zxidMax = 3, startJitterMs = 100, minNotificationIntervalMs = 200,
      maxNotificationIntervalMs = 60_000, finalizeWaitMs = 200, eventsMax = 2_000_000, trace = false } = config;
    this.cfg = { seed, delayMsMin, delayMsMax, calmAtMs, lossRate, duplicateRate, crashRate, partitionRate, faultTickMs,
      livenessBoundMs, zabCheckMs, zabInitMs, zxidMax, startJitterMs, minNotificationIntervalMs,
      maxNotificationIntervalMs, finalizeWaitMs, eventsMax, trace };
    this.verifier = verifier;
    this.random = createPrng(seed);
    for (const sid of verifier.members.keys()) this.addPeer(sid);
  }

  private addPeer(sid: bigint): void {
    const { minNotificationIntervalMs, maxNotificationIntervalMs, finalizeWaitMs } = this.cfg;
    const ctx: ElectionContext = { sid, verifier: this.verifier, minNotificationIntervalMs, maxNotificationIntervalMs, finalizeWaitMs };
    const lastLoggedZxid = BigInt(this.random.int(0, this.cfg.zxidMax));
    this.peers.set(sid, { sid, ctx, state: initialElectionState(ctx, { lastLoggedZxid, currentEpoch: 0n }), up: true,
      timers: new Map(), timerSeq: 0, lastLoggedZxid, currentEpoch: 0n, decidedAtMs: 0, zabGeneration: 0,
      established: false, synced: false });
    this.queue.push(this.random.int(0, this.cfg.startJitterMs), { kind: 'start', sid });
  }

  run(): SimReport {
    const { calmAtMs, faultTickMs, livenessBoundMs, eventsMax } = this.cfg;
    if (calmAtMs > 0) this.queue.push(faultTickMs, { kind: 'fault' });
    this.queue.push(calmAtMs, { kind: 'heal' });
    const endMs = calmAtMs + livenessBoundMs;
    let processed = 0;
    while (this.stableAtMs === undefined && processed < eventsMax) {
      const next = this.queue.pop();
      if (next === undefined || next.at > endMs) break;
      this.now = next.at;
      processed += 1;
      this.handle(next.event);
    }
    if (this.stableAtMs === undefined) {
      this.violate(`liveness: no established leader agreed by all live peers within ${livenessBoundMs} ms after calm at ${calmAtMs} ms`);
    }
    return this.report();
  }

  /** Keeps the first distinct violations only: one broken invariant usually repeats on every later step. */
  private violate(text: string): void {
    if (this.violations.length < violationsMax && !this.violations.includes(text)) this.violations.push(text);
  }

  private report(): SimReport {
    const leader = this.stableAtMs === undefined ? undefined : this.agreedLeader();
    return { seed: this.cfg.seed, ok: this.violations.length === 0, violations: this.violations,
      allDecidedAtMs: this.allDecidedAtMs, stableAtMs: this.stableAtMs, leader, messagesSent: this.messagesSent,
      messagesUntilDecided: this.messagesUntilDecided, steps: this.steps, transcript: this.transcript };
  }

  private handle(event: SimEvent): void {
    switch (event.kind) {
      case 'deliver': return this.deliver(event.from, event.to, event.notification);
      case 'timer': return this.fireTimer(event.sid, event.name, event.generation);
      case 'start': return this.startPeer(event.sid);
      case 'zab': return this.zabCheck(event.sid, event.generation);
      case 'fault': return this.injectFault();
      case 'restart': return this.restart(event.sid);
      case 'heal': return this.heal();
    }
  }

  private peer(sid: bigint): SimPeer {
    const p = this.peers.get(sid);
    if (p === undefined) throw new Error(`unknown sid ${sid}`);
    return p;
  }

  private reachable(a: bigint, b: bigint): boolean {
    return this.partition === null || this.partition.get(a) === this.partition.get(b);
  }

  private startPeer(sid: bigint): void {
    const p = this.peer(sid);
    if (p.up) this.apply(p, { kind: 'start', lastLoggedZxid: p.lastLoggedZxid, currentEpoch: p.currentEpoch });
  }

  private deliver(from: bigint, to: bigint, n: OutboundNotification): void {
    const p = this.peer(to);
    if (!p.up || !this.reachable(from, to)) return;
    this.apply(p, { kind: 'notification', notification: { ...n, sid: from, version: 2, config: null } });
  }

  private fireTimer(sid: bigint, name: TimerName, generation: number): void {
    const p = this.peer(sid);
    if (!p.up || p.timers.get(name) !== generation) return;
    p.timers.delete(name);
    const haveDelivered = [...this.peers.values()].some((q) => q.sid !== sid && q.up && this.reachable(sid, q.sid));
    this.apply(p, { kind: 'timerFired', name, haveDelivered });
  }

  private apply(p: SimPeer, event: ElectionEvent): void {
    const result = step(p.ctx, p.state, event);
    p.state = result.state;
    this.steps += 1;
    if (this.cfg.trace) this.transcript.push(`${this.now}ms ${describeStep({ event, ...result }, p.sid)}`);
    for (const effect of result.effects) this.perform(p, effect);
    this.checkAfterStep();
  }

  private perform(p: SimPeer, effect: ElectionEffect): void {
    switch (effect.kind) {
      case 'send': return this.transmit(p.sid, effect.to, effect.notification);
      case 'broadcast':
        for (const to of effect.to) this.transmit(p.sid, to, effect.notification);
        return;
      case 'armTimer': {
        p.timerSeq += 1;
        p.timers.set(effect.name, p.timerSeq);
        this.queue.push(this.now + effect.delayMs, { kind: 'timer', sid: p.sid, name: effect.name, generation: p.timerSeq });
        return;
      }
      case 'cancelTimer':
        p.timers.delete(effect.name);
        return;
      case 'decided': return this.onDecided(p, effect.vote);
      case 'shutdown': return this.queue.push(this.now, { kind: 'start', sid: p.sid });
      case 'connectAll':
      case 'note':
        return;
    }
  }

  private transmit(from: bigint, to: bigint, n: OutboundNotification): void {
    this.messagesSent += 1;
    this.recordEvidence(from, n);
    if (from === to) return this.queue.push(this.now, { kind: 'deliver', from, to, notification: n });
    const faulty = this.now < this.cfg.calmAtMs;
    if (faulty && this.random.chance(this.cfg.lossRate)) return;
    const copies = faulty && this.random.chance(this.cfg.duplicateRate) ? 2 : 1;
    for (let i = 0; i < copies; i += 1) {
      const delayMs = this.random.int(this.cfg.delayMsMin, this.cfg.delayMsMax);
      this.queue.push(this.now + delayMs, { kind: 'deliver', from, to, notification: n });
    }
  }

  private recordEvidence(from: bigint, n: OutboundNotification): void {
    const key = n.state === 'LOOKING' ? `L/${n.leader}/${n.electionEpoch}` : `D/${n.leader}`;
    let senders = this.sentVotes.get(key);
    if (senders === undefined) this.sentVotes.set(key, (senders = new Set()));
    senders.add(from);
  }

  /** Safety 1: a decision must rest on votes a quorum really sent for that leader (that round, or decided). */
  private onDecided(p: SimPeer, vote: Vote): void {
    p.decidedAtMs = this.now;
    p.zabGeneration += 1;
    const backers = new Set([...(this.sentVotes.get(`L/${vote.leader}/${vote.electionEpoch}`) ?? []),
      ...(this.sentVotes.get(`D/${vote.leader}`) ?? [])]);
    if (!containsQuorum(this.verifier, backers)) {
      this.violate(`safety: ${p.sid} decided leader ${vote.leader} round ${vote.electionEpoch} at ${this.now} ms `
        + `without a quorum of votes (backers ${[...backers].join(',')})`);
    }
    this.queue.push(this.now + this.cfg.zabCheckMs, { kind: 'zab', sid: p.sid, generation: p.zabGeneration });
    if (this.allDecidedAtMs === undefined && [...this.peers.values()].every((q) => q.state.phase === 'decided')) {
      this.allDecidedAtMs = this.now;
      this.messagesUntilDecided = this.messagesSent;
    }
  }

  /** Safety 2, after every step: at most one established leader holds a quorum of followers at any time. */
  private checkAfterStep(): void {
    let withQuorum: bigint | undefined;
    for (const p of this.peers.values()) {
      if (!p.up || !p.established || p.state.peerState !== 'LEADING') continue;
      if (!containsQuorum(this.verifier, this.supporters(p))) continue;
      if (withQuorum !== undefined) {
        this.violate(`safety: leaders ${withQuorum} and ${p.sid} both hold a quorum at ${this.now} ms`);
      }
      withQuorum = p.sid;
    }
    if (this.now >= this.cfg.calmAtMs && this.stableAtMs === undefined && this.isStable()) this.stableAtMs = this.now;
  }

  private supporters(leader: SimPeer): Set<bigint> {
    const backing = new Set([leader.sid]);
    for (const q of this.peers.values()) {
      if (q.up && q.state.phase === 'decided' && q.state.peerState === 'FOLLOWING' && q.state.currentVote.leader === leader.sid
        && this.reachable(leader.sid, q.sid)) backing.add(q.sid);
    }
    return backing;
  }

  private agreedLeader(): bigint | undefined {
    let leader: bigint | undefined;
    for (const p of this.peers.values()) {
      if (!p.up) continue;
      if (p.state.phase !== 'decided') return undefined;
      if (leader !== undefined && leader !== p.state.currentVote.leader) return undefined;
      leader = p.state.currentVote.leader;
    }
    return leader;
  }

  private isStable(): boolean {
    const leader = this.agreedLeader();
    if (leader === undefined) return false;
    const p = this.peers.get(leader);
    return p !== undefined && p.up && p.established && p.state.peerState === 'LEADING';
  }

  // ---- Zab stand-in -------------------------------------------------------------------------------------------

  private zabCheck(sid: bigint, generation: number): void {
    const p = this.peer(sid);
    if (!p.up || p.zabGeneration !== generation || p.state.phase !== 'decided') return;
    const keep = p.state.peerState === 'LEADING' ? this.leaderHolds(p) : this.learnerHolds(p);
    if (!keep) return this.backToLooking(p);
    this.queue.push(this.now + this.cfg.zabCheckMs, { kind: 'zab', sid, generation });
    this.checkAfterStep();
  }

  private leaderHolds(p: SimPeer): boolean {
    const backing = this.supporters(p);
    if (!containsQuorum(this.verifier, backing)) return !p.established && this.now - p.decidedAtMs < this.cfg.zabInitMs;
    if (!p.established) this.establish(p, backing);
    return true;
  }

  /** New epoch = one more than any backer's; quorum intersection makes it unique, which this checks. */
  private establish(p: SimPeer, backing: ReadonlySet<bigint>): void {
    let epoch = 0n;
    for (const sid of backing) epoch = this.peer(sid).currentEpoch > epoch ? this.peer(sid).currentEpoch : epoch;
    epoch += 1n;
    const previous = this.epochLeaders.get(epoch);
    if (previous !== undefined) this.violate(`safety: epoch ${epoch} established by ${previous} and by ${p.sid} (${this.now} ms)`);
    this.epochLeaders.set(epoch, p.sid);
    p.established = true;
    for (const sid of backing) this.syncEpoch(this.peer(sid), epoch);
  }

  private syncEpoch(q: SimPeer, epoch: bigint): void {
    if (q.currentEpoch === epoch && q.state.currentVote.peerEpoch === epoch) return;
    q.currentEpoch = epoch;
    this.apply(q, { kind: 'peerEpochUpdated', peerEpoch: epoch });
  }

  private learnerHolds(p: SimPeer): boolean {
    const leader = this.peers.get(p.state.currentVote.leader);
    const ok = leader !== undefined && leader.up && this.reachable(p.sid, leader.sid) && leader.state.phase === 'decided'
      && leader.state.peerState === 'LEADING';
    if (!ok) return !p.synced && this.now - p.decidedAtMs < this.cfg.zabInitMs;
    if (leader.established) {
      p.synced = true;
      this.syncEpoch(p, leader.currentEpoch);
    }
    return true;
  }

  private backToLooking(p: SimPeer): void {
    p.established = false;
    p.synced = false;
    p.zabGeneration += 1;
    this.apply(p, { kind: 'start', lastLoggedZxid: p.lastLoggedZxid, currentEpoch: p.currentEpoch });
  }

  // ---- faults ---------------------------------------------------------------------------------------------------

  private injectFault(): void {
    const { calmAtMs, faultTickMs, crashRate, partitionRate } = this.cfg;
    if (this.now >= calmAtMs) return;
    const up = [...this.peers.values()].filter((p) => p.up);
    if (up.length > 0 && this.random.chance(crashRate)) this.crash(this.random.pick(up));
    if (this.partition === null && this.random.chance(partitionRate)) this.split();
    else if (this.partition !== null && this.random.chance(0.3)) this.partition = null;
    this.queue.push(this.now + faultTickMs, { kind: 'fault' });
  }

  private crash(p: SimPeer): void {
    p.up = false;
    p.timers.clear();
    p.zabGeneration += 1;
    p.established = false;
    p.synced = false;
    const at = Math.min(this.cfg.calmAtMs, this.now + this.random.int(100, 3_000));
    this.queue.push(at, { kind: 'restart', sid: p.sid });
  }

  /** A brand-new process: round counter from 0, the persisted epoch and log. */
  private restart(sid: bigint): void {
    const p = this.peer(sid);
    if (p.up) return;
    p.up = true;
    p.state = initialElectionState(p.ctx, { lastLoggedZxid: p.lastLoggedZxid, currentEpoch: p.currentEpoch });
    this.apply(p, { kind: 'start', lastLoggedZxid: p.lastLoggedZxid, currentEpoch: p.currentEpoch });
  }

  private split(): void {
    const side = new Map<bigint, number>();
    for (const sid of this.peers.keys()) side.set(sid, this.random.int(0, 1));
    this.partition = side;
  }

  private heal(): void {
    this.partition = null;
    for (const p of this.peers.values()) if (!p.up) this.restart(p.sid);
  }
}
