// A ZooKeeper-style quorum peer: reads its epochs, opens the election port (the quorum manager), runs the election
// over it, answers four-letter words on the client port, and reports its role over time on state$.
import {
  BehaviorSubject,
  NEVER,
  Subject,
  Subscription,
  asyncScheduler,
  distinctUntilChanged,
  filter,
  map,
  mergeMap,
  of,
  timer,
  type Observable,
  type SchedulerLike,
} from 'rxjs';
import type { SocketAddress } from '../../streams/index.js';
import { loadEpochs, snapDirOf } from '../config/dataDir.js';
import type { PeerConfig } from '../config/peerConfig.js';
import { dynamicConfigText } from '../config/quorumView.js';
import { ConfigError } from '../errors.js';
import { runElection, type ElectionCommand, type ElectionStep, type ElectionTransport } from '../election/runElection.js';
import { Phase, type ServerState } from '../election/types.js';
import { debugEnabled, silentLogger, type Logger } from '../logging.js';
import { startClientPort, type ClientPort } from './clientPort.js';
import { answerFourLetterWord, fourLetterWordOf } from './fourLetterWords.js';
import { fourLetterWordState } from './fourLetterWordState.js';
import { fileEpochStore } from '../zab/epochStore.js';
import { leaderListenAddress, runRole, type RunRoleConfig } from '../zab/runRole.js';
import { rehearseZabHandshake } from '../zab/rehearsal.js';
import { standingListener, type StandingListener } from '../zab/standingListener.js';
import { isVoter, type QuorumVerifier } from '../election/quorumVerifier.js';
import { LostReason, type EpochStore, type ZabEvent } from '../zab/types.js';
import { peerTransport, type PeerTransport, type PeerTransportFactory } from './peerTransport.js';
import { sameStatus, statusLogFields, type PeerStatus } from './status.js';
import { verifierOf } from './verifierOf.js';

export interface CreatePeerOptions {
  readonly logger?: Logger;
  readonly scheduler?: SchedulerLike;
  /** The election-port layer; defaults to the quorum connection manager on real sockets. */
  readonly transport?: PeerTransportFactory;
  /** Skip the client port (tests of the election alone). */
  readonly clientPort?: boolean;
  /** What runs after a decision (ZooKeeper's Leader / Follower / Observer); defaults to the Zab liveness layer on
   *  the quorum port. In-memory tests pass one that never ends, or one that ends on cue. */
  readonly role?: (config: RunRoleConfig) => Observable<ZabEvent>;
  /** Run the Zab handshake once in memory during the first finalize wait, so the peer's first role does not start
   *  with V8 compiling it (see rehearsal.ts). Defaults to on with the real Zab role, off with an injected one. */
  readonly rehearseRoles?: boolean;
}

interface RunningPeerOptions extends CreatePeerOptions {
  readonly logger: Logger;
  readonly scheduler: SchedulerLike;
  readonly standalone?: boolean;
}

export interface Peer {
  readonly sid: bigint;
  /** The current status first, then every change. */
  readonly state$: Observable<PeerStatus>;
  /** The decided leader, undefined while LOOKING; only changes. A standalone server is its own leader. */
  readonly leader$: Observable<bigint | undefined>;
  /** The bound client address, once listening (undefined without a client port). */
  readonly clientAddress: Promise<SocketAddress | undefined>;
  /** Starts a new election round (the logical clock continues), e.g. after losing the leader. */
  restartElection(reason: string): void;
  /** Graceful: stops the election, closes every connection and listener, completes every stream. */
  stop(): Promise<void>;
}

export async function createPeer(config: PeerConfig, options: CreatePeerOptions = {}): Promise<Peer> {
  const { logger = silentLogger, scheduler = asyncScheduler, transport: makeTransport = peerTransport } = options;
  if (config.mode === 'standalone') return createStandalonePeer(config, { ...options, logger, scheduler });
  const sid = config.myid;
  if (sid === undefined) throw new ConfigError('CONFIG_INVALID', `no myid in ${config.dataDir}: a quorum peer needs one`);
  const log = logger.child({ component: 'peer', sid: sid.toString() });
  const snapDir = snapDirOf(config.dataDir);
  const epochs = fileEpochStore(snapDir, await loadEpochs(snapDir));
  const transport = makeTransport(config, { logger, scheduler });
  return new RunningPeer(sid, config, epochs, transport, { ...options, logger: log, scheduler });
}

/** One participant with standaloneEnabled: ZooKeeper runs a plain server, no election and no quorum ports. The peer
 *  reports itself as its own leader from the start, and srvr says `Mode: standalone`. */
function createStandalonePeer(
  config: PeerConfig,
  options: CreatePeerOptions & { readonly logger: Logger; readonly scheduler: SchedulerLike },
): Promise<Peer> {
  const sid = config.myid ?? 0n;
  options.logger.info({ sid: sid.toString() }, 'standalone mode: one participant, no election');
  const noElection: PeerTransport = {
    inbound$: NEVER, toSend: () => undefined, connectAll: () => undefined, haveDelivered: () => false,
    connections$: of(0), stop: async () => undefined,
  };
  const epochs: EpochStore = { acceptedEpoch: 0n, currentEpoch: 0n, persist: () => undefined };
  return Promise.resolve(new RunningPeer(sid, config, epochs, noElection, { ...options, standalone: true }));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** First pause before re-electing after a role failed without ever syncing; doubles up to one tick. */
const RESTART_DELAY_MS_MIN = 20;
/** How far into the first finalize wait the Zab rehearsal starts. */
const REHEARSAL_DELAY_MS = 50;

class RunningPeer implements Peer {
  readonly state$: Observable<PeerStatus>;
  readonly leader$: Observable<bigint | undefined>;
  readonly clientAddress: Promise<SocketAddress | undefined>;
  private readonly status: BehaviorSubject<PeerStatus>;
  /** The committed view as the election and the roles use it: built once, not at every role start. */
  private readonly verifier: QuorumVerifier;
  private readonly configText: string;
  private readonly commands = new Subject<ElectionCommand>();
  private readonly subscription = new Subscription();
  private readonly clientPort: ClientPort | undefined;
  private readonly quorumPort: StandingListener | undefined;
  private electionStartedAt: number;
  private stopped = false;
  private role: Subscription | undefined;
  /** A role that ended, while the election round that replaces it starts. */
  private retiring: Subscription | undefined;
  private restartTimer: Subscription | undefined;
  private restartDelayMs = 0;
  private rehearsal: Subscription | undefined;
  private rehearsalStarted = false;

  constructor(
    readonly sid: bigint,
    private readonly config: PeerConfig,
    private readonly epochs: EpochStore,
    private readonly transport: PeerTransport,
    private readonly options: RunningPeerOptions,
  ) {
    this.verifier = verifierOf(config.view);
    this.configText = dynamicConfigText(config);
    this.status = new BehaviorSubject<PeerStatus>({
      sid, state: 'LOOKING', vote: undefined, leader: undefined, electionEpoch: 0n, peerEpoch: epochs.currentEpoch,
      lastElectionMs: undefined, connections: 0, synced: false, lostReason: undefined,
    });
    this.state$ = this.status.pipe(distinctUntilChanged(sameStatus));
    this.leader$ = this.status.pipe(map((s) => s.leader), distinctUntilChanged());
    this.electionStartedAt = options.scheduler.now();
    this.subscription.add(transport.connections$.subscribe((connections) => this.update({ connections })));
    this.quorumPort = this.holdQuorumPort();
    if (options.standalone === true) this.update({ state: 'LEADING', leader: sid, lastElectionMs: 0, synced: true });
    else this.subscription.add(this.startElection(transport));
    this.clientPort = options.clientPort === false ? undefined : this.startClientPort();
    this.clientAddress = this.clientPort?.listening ?? Promise.resolve(undefined);
    this.subscription.add(this.state$.subscribe((s) => {
      if (debugEnabled(options.logger)) options.logger.debug(statusLogFields(s), 'peer status');
    }));
  }

  restartElection(reason: string): void {
    if (this.stopped || this.options.standalone === true) return;
    // The new round's votes go out first; the old role's sockets and timers are torn down after them (or by a role
    // that starts meanwhile), since every millisecond before our vote leaves delays the whole ensemble.
    this.retiring = this.role;
    this.role = undefined;
    this.quorumPort?.park();
    this.electionStartedAt = this.options.scheduler.now();
    this.update({ state: 'LOOKING', leader: undefined, synced: false, lostReason: reason });
    // The epochs the last role wrote count in the new round (a restarted old leader must not outvote survivors).
    this.commands.next({ kind: 'start', lastLoggedZxid: 0n, currentEpoch: this.epochs.currentEpoch });
    this.retireRole();
    this.options.logger.info({ reason }, `going back to LOOKING: ${reason}`);
  }

  private retireRole(): void {
    const retiring = this.retiring;
    this.retiring = undefined;
    retiring?.unsubscribe();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.retireRole();
    this.role?.unsubscribe();
    this.restartTimer?.unsubscribe();
    this.commands.complete();
    this.subscription.unsubscribe();
    this.quorumPort?.close();
    this.clientPort?.close();
    try {
      await this.transport.stop();
    } finally {
      await this.epochs.close?.();
      this.status.complete();
    }
  }

  private startElection(transport: ElectionTransport): Subscription {
    const { config, sid, options } = this;
    const election = runElection({
      sid,
      verifier: this.verifier,
      lastLoggedZxid: 0n,
      currentEpoch: this.epochs.currentEpoch,
      transport,
      commands$: this.commands,
      minNotificationIntervalMs: config.minNotificationIntervalMs,
      maxNotificationIntervalMs: config.maxNotificationIntervalMs,
      configText: this.configText,
      scheduler: options.scheduler,
      logger: options.logger,
    });
    return election.steps$.pipe(filter((s) => !this.stopped)).subscribe({
      next: (s) => this.onStep(s),
      // A failing election shell (a bug, a runaway feedback loop) must not take the process down: log it and run a
      // fresh election after a pause.
      error: (error: unknown) => {
        options.logger.error({ err: error }, 'election failed; starting a new one');
        this.role?.unsubscribe();
        this.quorumPort?.park();
        this.update({ state: 'LOOKING', leader: undefined, synced: false, lostReason: `election failed: ${describe(error)}` });
        this.scheduleRestart(() => this.subscription.add(this.startElection(transport)), RESTART_DELAY_MS_MIN);
      },
    });
  }

  private onStep(step: ElectionStep): void {
    const { state } = step;
    const vote = state.phase === 'decided' ? state.currentVote : { ...state.proposal, electionEpoch: state.logicalClock };
    const peerVote = { leader: vote.leader, zxid: vote.zxid, electionEpoch: state.logicalClock, peerEpoch: vote.peerEpoch };
    const decided = step.effects.find((e) => e.kind === 'decided');
    if (decided === undefined) {
      this.update({ vote: peerVote, electionEpoch: state.logicalClock });
      if (state.phase === Phase.finalizing) this.rehearseOnce();
      return;
    }
    if (!this.rehearsalStarted) {
      this.rehearsal?.unsubscribe();
      this.rehearsal = undefined;
    }
    const lastElectionMs = this.options.scheduler.now() - this.electionStartedAt;
    this.update({
      state: decided.role, vote: peerVote, leader: decided.vote.leader, electionEpoch: state.logicalClock,
      peerEpoch: decided.vote.peerEpoch, lastElectionMs,
    });
    this.options.logger.info(
      { role: decided.role, leader: decided.vote.leader.toString(), electionMs: lastElectionMs },
      `${decided.role} (leader ${decided.vote.leader}) after ${lastElectionMs} ms of election`,
    );
    this.startRole(decided.role, decided.vote.leader);
  }

  /** Runs the Zab role for a decision; when it is lost, a new election round starts (after a pause that grows while
   *  roles keep failing before they sync, so a leader that is not there yet is not dialled in a tight loop). */
  private startRole(role: ServerState, leader: bigint): void {
    this.retireRole();
    this.role?.unsubscribe();
    if (role === 'LOOKING') return;
    if (role !== 'LEADING') this.quorumPort?.refuse(`this peer is ${role}`);
    const { config, options } = this;
    const run = options.role ?? runRole;
    const events$ = run({
      peer: config, decision: { role, leader }, verifier: this.verifier, configText: this.configText,
      epochs: this.epochs, scheduler: options.scheduler, logger: options.logger,
      ...(this.quorumPort === undefined ? {} : { connector: this.quorumPort.connector }),
    });
    this.role = events$.subscribe({
      next: (event) => this.onRoleEvent(event),
      error: (error: unknown) =>
        this.onRoleEvent({ kind: 'lost', reason: LostReason.protocolError, detail: `role failed: ${describe(error)}` }),
    });
  }

  private onRoleEvent(event: ZabEvent): void {
    if (event.kind === 'synced') {
      this.restartDelayMs = 0;
      this.commands.next({ kind: 'peerEpochUpdated', peerEpoch: event.epoch });
      this.update({ synced: true, peerEpoch: event.epoch, lostReason: undefined });
      return;
    }
    if (event.kind !== 'lost') return;
    const delayMs = this.restartDelayMs;
    this.restartDelayMs = Math.min(Math.max(delayMs * 2, RESTART_DELAY_MS_MIN), this.config.tickTimeMs);
    this.scheduleRestart(() => this.restartElection(`${event.reason}: ${event.detail}`), delayMs);
  }

  /** The first finalize wait (200 ms in which this peer only listens) compiles the Zab roles in a memory rehearsal,
   *  so the peer's first leadership, often the one a failover hands it, does not start with V8 compiling it. It
   *  starts a little into the wait, once the votes that ended the loop have gone out and come in; a decision that
   *  comes first calls it off until the next finalize wait. */
  private rehearseOnce(): void {
    const { scheduler, logger, rehearseRoles = this.options.role === undefined } = this.options;
    if (this.rehearsal !== undefined || !rehearseRoles) return;
    this.rehearsal = timer(REHEARSAL_DELAY_MS, scheduler).pipe(
      mergeMap(() => {
        this.rehearsalStarted = true;
        return rehearseZabHandshake({ scheduler });
      }),
    ).subscribe({
      next: (outcome) => {
        if (outcome === 'synced') logger.debug({}, 'rehearsed the Zab handshake in memory');
        else logger.warn({ outcome }, 'the in-memory Zab rehearsal did not sync');
      },
      // Only a bug gets here; the peer goes on without the warm-up.
      error: (error: unknown) => logger.warn({ err: describe(error) }, 'the in-memory Zab rehearsal failed'),
    });
    this.subscription.add(this.rehearsal);
  }

  /** One pending restart at a time: a newer one replaces it, and stop() cancels it. */
  private scheduleRestart(restart: () => void, delayMs: number): void {
    this.restartTimer?.unsubscribe();
    this.restartTimer = undefined;
    // The first loss re-elects at once: every millisecond before our new vote goes out delays the whole ensemble.
    if (delayMs === 0) return restart();
    this.restartTimer = this.options.scheduler.schedule(() => {
      this.restartTimer = undefined;
      restart();
    }, delayMs);
  }

  /** A voter that may lead keeps its quorum port bound from the start, so a follower that decides a moment before
   *  us is accepted at once (standingListener.ts). Only with the real Zab role: an injected one owns no port. */
  private holdQuorumPort(): StandingListener | undefined {
    const { config, options, sid } = this;
    if (options.standalone === true || options.role !== undefined || !isVoter(this.verifier, sid)) return undefined;
    const address = leaderListenAddress(config, sid);
    if (address === undefined) return undefined;
    return standingListener({ address, parkMs: config.tickTimeMs, scheduler: options.scheduler,
      logger: options.logger });
  }

  private startClientPort(): ClientPort | undefined {
    const address = this.config.clientAddress;
    if (address === undefined) return undefined;
    let received = 0n;
    let sent = 0n;
    const port: ClientPort = startClientPort({
      address: { host: address.host, port: address.port },
      connectionsPerHostMax: this.config.maxClientCnxns,
      answerFourLetterWord: (firstFour) => {
        const known = fourLetterWordOf(firstFour);
        if (known === undefined) return undefined;
        received += 1n;
        const snapshot = fourLetterWordState(this.config, this.status.value, {
          connections: port.connections(), packetsReceived: received, packetsSent: sent,
        });
        const answer = answerFourLetterWord(known, snapshot, this.config.fourLetterWordWhitelist);
        sent += 1n;
        return answer.kind === 'reply' ? answer.text : '';
      },
      logger: this.options.logger,
      scheduler: this.options.scheduler,
    });
    return port;
  }

  private update(change: Partial<PeerStatus>): void {
    if (this.status.closed) return;
    this.status.next({ ...this.status.value, ...change });
  }
}
