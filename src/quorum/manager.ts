// QuorumCnxManager as streams (the shell): listens on the election address, dials peers, applies the pure connection
// rules to each handshake, drains one bounded send queue per peer into whichever connection is current, and merges
// every peer's frames into one bounded inbound stream. Time comes from the injected scheduler, IO from the connector.
import { Observable, Subject, Subscription, asyncScheduler, catchError, defer, firstValueFrom, forkJoin, of, retry,
  tap, throwError, timeout, timer, type SchedulerLike } from 'rxjs';
import { BoundedQueue, FrameLengthError, decodeFrames, encodeFrame, type Duplex, type QueueTarget, type SocketAddress }
  from '../../streams/index.js';
import { ConfigError } from '../errors.js';
import { silentLogger, type Logger } from '../logging.js';
import { BIND_RETRY_DELAY_MS, CNX_TIMEOUT_MS_DEFAULT, ELECTION_PORT_BIND_RETRY_DEFAULT, OBSERVER_ID_COUNTER_START,
  PACKET_BYTES_MAX, RECV_CAPACITY, SEND_CAPACITY } from './constants.js';
import { socketConnector, type QuorumConnector } from './connector.js';
import { CloseReason, HandshakeOutcome, LinkDirection, type QuorumConnectionEvent, type QuorumMessage } from './events.js';
import { encodeInitialMessage, type InitialMessage } from './initialMessage.js';
import { HANDSHAKE_TIMEOUT_CODE, readAccepted, type AcceptedInput } from './readAccepted.js';
import { assignObserverId, bindAttemptsMax, decideAccepted, decideDialled, haveDelivered, listenAddressOf, planDial }
  from './rules.js';

export interface QuorumServerEntry {
  readonly electionAddresses: readonly SocketAddress[];
  readonly type: 'participant' | 'observer';
}

export interface QuorumManagerConfig {
  readonly sid: bigint;
  /** Every configured server, ourselves included (our entry gives the addresses we advertise and listen on). */
  readonly servers: ReadonlyMap<bigint, QuorumServerEntry>;
  /** Where to listen; default our own election addresses. An empty list means: do not listen. */
  readonly listenAddresses?: readonly SocketAddress[];
  readonly quorumListenOnAllIPs?: boolean;
  readonly multiAddressEnabled?: boolean;
  readonly cnxTimeoutMs?: number;
  /** Handshake read timeout, ZooKeeper's tickTime x syncLimit; default 10000 (2000 x 5). */
  readonly socketTimeoutMs?: number;
  readonly electionPortBindRetry?: number;
  readonly logger?: Logger;
  readonly scheduler?: SchedulerLike;
  readonly connector?: QuorumConnector;
}

export interface QuorumManager {
  /** Every peer's messages (and our own looped-back ones), held up to 100 (oldest dropped) while nobody reads.
   *  One subscriber at a time; completes on stop. */
  readonly inbound$: Observable<QuorumMessage>;
  readonly events$: Observable<QuorumConnectionEvent>;
  /** Queue for sid (capacity 1, latest wins) and make sure a connection is on its way; our own sid loops back. */
  toSend(sid: bigint, payload: Uint8Array): void;
  connectOne(sid: bigint): void;
  /** connectOne for every sid that has a send queue. */
  connectAll(): void;
  /** ZooKeeper's quirk: true when ANY peer's send queue is empty, false when there are no queues. */
  haveDelivered(): boolean;
  connectedSids(): bigint[];
  /** Sids that have a send queue: the ones connectAll dials. */
  sendQueueSids(): bigint[];
  /** Closes listeners, dials and connections, completes inbound$ and events$; resolves once every transport closed. */
  stop(): Promise<void>;
}

/** Bound on the wait for transports to report closed during stop. */
const STOP_WAIT_MS_MAX = 5000;
const DEFAULT_SOCKET_TIMEOUT_MS = 10_000;

interface Link {
  readonly direction: LinkDirection;
  readonly bytes: Duplex<Uint8Array, Uint8Array>;
  readonly teardown: Subscription;
  sid: bigint | undefined;
  registered: boolean;
  finished: boolean;
}

export function createQuorumManager(config: QuorumManagerConfig): QuorumManager {
  return new Manager(config);
}

class Manager implements QuorumManager {
  readonly inbound$: Observable<QuorumMessage>;
  readonly events$: Observable<QuorumConnectionEvent>;
  private readonly mySid: bigint;
  private readonly servers: ReadonlyMap<bigint, QuorumServerEntry>;
  private readonly hello: Uint8Array;
  private readonly cnxTimeoutMs: number;
  private readonly socketTimeoutMs: number;
  private readonly scheduler: SchedulerLike;
  private readonly connector: QuorumConnector;
  private readonly log: Logger;
  private readonly inbound = new BoundedQueue<QuorumMessage>({ capacity: RECV_CAPACITY });
  private readonly eventSubject = new Subject<QuorumConnectionEvent>();
  private readonly sendQueues = new Map<bigint, BoundedQueue<Uint8Array>>();
  private readonly current = new Map<bigint, Link>();
  private readonly links = new Set<Link>();
  /** Dialled losers of the challenge, flushing their initial message before they close. */
  private readonly draining = new Set<Link>();
  private readonly dialling = new Set<bigint>();
  private readonly background = new Subscription();
  private observerCounter = OBSERVER_ID_COUNTER_START;
  private stopped = false;
  private stopping: Promise<void> | undefined;

  constructor(config: QuorumManagerConfig) {
    const { sid, servers, quorumListenOnAllIPs = false, multiAddressEnabled = false, cnxTimeoutMs = CNX_TIMEOUT_MS_DEFAULT,
      socketTimeoutMs = DEFAULT_SOCKET_TIMEOUT_MS, electionPortBindRetry = ELECTION_PORT_BIND_RETRY_DEFAULT,
      logger = silentLogger, scheduler = asyncScheduler } = config;
    const own = servers.get(sid)?.electionAddresses ?? config.listenAddresses ?? [];
    if (own.length === 0) throw new ConfigError('QUORUM_NO_ADDRESS', `server ${sid} has no election address`);
    this.mySid = sid;
    this.servers = servers;
    this.cnxTimeoutMs = cnxTimeoutMs;
    this.socketTimeoutMs = socketTimeoutMs;
    this.scheduler = scheduler;
    this.connector = config.connector ?? socketConnector({ scheduler });
    this.log = logger.child({ component: 'quorum', sid: `${sid}` });
    this.hello = encodeInitialMessage({ sid, addresses: own, multiAddress: multiAddressEnabled });
    this.inbound$ = new Observable<QuorumMessage>((subscriber) => this.inbound.subscribe(subscriber));
    this.events$ = this.eventSubject.asObservable();
    this.background.add(this.inbound.dropped$.subscribe((droppedTotal) => this.emit({ kind: 'dropped', queue: 'receive', droppedTotal })));
    const listenOn = config.listenAddresses ?? own;
    // Bind on the scheduler, not in the constructor, so a subscriber to events$ sees the first attempt's outcome.
    this.background.add(scheduler.schedule(() => {
      for (const address of listenOn) this.startListener(listenAddressOf(address, quorumListenOnAllIPs), electionPortBindRetry);
    }));
  }

  toSend(sid: bigint, payload: Uint8Array): void {
    if (this.stopped) return;
    if (sid === this.mySid) {
      this.inbound.next({ sid, payload: payload.slice() });
      return;
    }
    this.queueFor(sid).next(payload);
    this.connectOne(sid);
  }

  connectOne(sid: bigint): void {
    this.dialPeer(sid, undefined);
  }

  /** `learned`: what the peer advertised in the initial message that made us dial back; used for that dial only. */
  private dialPeer(sid: bigint, learned: readonly SocketAddress[] | undefined): void {
    if (this.stopped) return;
    const plan = planDial({ mySid: this.mySid, sid, connected: this.current.has(sid), inProgress: this.dialling.has(sid),
      learned, configured: this.servers.get(sid)?.electionAddresses });
    if (plan.kind === 'dial') this.startDial(sid, plan.addresses);
    else if (plan.kind === 'unknownSid' || plan.kind === 'onlyWildcard') this.log.warn({ peer: `${sid}`, plan: plan.kind }, 'Invalid server id');
  }

  connectAll(): void {
    for (const sid of [...this.sendQueues.keys()]) this.connectOne(sid);
  }

  haveDelivered(): boolean {
    return haveDelivered([...this.sendQueues.values()].map((queue) => queue.size));
  }

  sendQueueSids(): bigint[] {
    return [...this.sendQueues.keys()];
  }

  connectedSids(): bigint[] {
    return [...this.current.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.stopped = true;
    const closing = [...this.links, ...this.draining].map((link) => link.bytes.closed$);
    // Our own links first, so they report 'shutdown' rather than the EOF the listener's teardown would cause.
    for (const link of [...this.links]) this.finish(link, CloseReason.shutdown);
    for (const link of [...this.draining]) {
      link.bytes.destroy();
      link.teardown.unsubscribe();
    }
    this.background.unsubscribe();
    for (const queue of this.sendQueues.values()) queue.complete();
    this.inbound.complete();
    const allClosed$: Observable<unknown> = closing.length === 0 ? of(undefined) : forkJoin(closing);
    await firstValueFrom(allClosed$.pipe(timeout({ first: STOP_WAIT_MS_MAX, scheduler: this.scheduler }),
      catchError(() => of(undefined))), { defaultValue: undefined });
    this.eventSubject.complete();
  }

  private emit(event: QuorumConnectionEvent): void {
    this.eventSubject.next(event);
  }

  private queueFor(sid: bigint): BoundedQueue<Uint8Array> {
    let queue = this.sendQueues.get(sid);
    if (queue === undefined) {
      queue = new BoundedQueue<Uint8Array>({ capacity: SEND_CAPACITY });
      this.sendQueues.set(sid, queue);
      this.background.add(queue.dropped$.subscribe((droppedTotal) => this.emit({ kind: 'dropped', queue: 'send', sid, droppedTotal })));
    }
    return queue;
  }

  // ---- listening and accepting ------------------------------------------------------------------------------------

  private startListener(address: SocketAddress, electionPortBindRetry: number): void {
    const attemptsMax = bindAttemptsMax(electionPortBindRetry);
    let attempt = 0;
    const failed = (error: Error, final: boolean): void => {
      this.log.warn({ address, attempt, err: error }, `cannot bind election address ${address.host}:${address.port}`);
      this.emit({ kind: 'listenFailed', address, attempt, final, error });
    };
    const listening$ = defer(() => {
      attempt += 1;
      return this.connector.listen(address);
    }).pipe(retry({ count: attemptsMax - 1, resetOnSuccess: true, delay: (error: Error) => {
      failed(error, false);
      return timer(BIND_RETRY_DELAY_MS, this.scheduler);
    } }));
    this.background.add(listening$.subscribe({
      next: (event) => (event.kind === 'listening' ? this.emit(event) : this.accept(event.connection)),
      error: (error: Error) => {
        failed(error, true);
        this.log.error({ address }, 'election listener gave up: this server can no longer take part in elections');
      },
    }));
  }

  private accept(bytes: Duplex<Uint8Array, Uint8Array>): void {
    if (this.stopped) {
      bytes.destroy();
      return;
    }
    const link = this.track(bytes, LinkDirection.accepted);
    const reading = readAccepted(bytes.input$, { frameBytesMax: PACKET_BYTES_MAX, handshakeTimeoutMs: this.socketTimeoutMs,
      scheduler: this.scheduler }).subscribe({
      next: (input: AcceptedInput) => (input.kind === 'hello' ? this.onHello(link, input.message) : this.deliver(link, input.payload)),
      error: (error: unknown) => this.onReadError(link, error),
      complete: () => this.finish(link, CloseReason.eof),
    });
    link.teardown.add(reading);
  }

  private onHello(link: Link, message: InitialMessage): void {
    const { sid, counter } = assignObserverId(message.sid, this.observerCounter);
    this.observerCounter = counter;
    link.sid = sid;
    const decision = decideAccepted(this.mySid, sid);
    if (decision === 'keep') {
      this.register(link);
      return;
    }
    if (decision === 'refuseSelf') {
      this.log.warn({ peer: `${sid}` }, 'connection request from a server with our own ID; closing it');
      this.endHandshake(link, HandshakeOutcome.ownSid);
      return;
    }
    const existing = this.current.get(sid);
    if (existing !== undefined) this.finish(existing, CloseReason.dialBack);
    this.endHandshake(link, HandshakeOutcome.dialBack);
    this.dialPeer(sid, message.addresses);
  }

  // ---- dialling -------------------------------------------------------------------------------------------------

  private startDial(sid: bigint, addresses: readonly SocketAddress[]): void {
    this.dialling.add(sid);
    const attempt = new Subscription();
    this.background.add(attempt);
    attempt.add(dialFirst(addresses, (address) => this.connector.dial(address, this.cnxTimeoutMs)).subscribe({
      next: (bytes) => {
        this.dialling.delete(sid);
        this.onDialled(sid, bytes, attempt);
      },
      error: (error: Error) => {
        this.dialling.delete(sid);
        this.background.remove(attempt);
        this.log.warn({ peer: `${sid}`, err: error }, `Cannot open channel to ${sid} at election address ${addresses.map(text).join('|')}`);
        this.emit({ kind: 'dialFailed', sid, error });
      },
    }));
  }

  private onDialled(sid: bigint, bytes: Duplex<Uint8Array, Uint8Array>, attempt: Subscription): void {
    this.background.remove(attempt);
    const link = this.track(bytes, LinkDirection.dialled, attempt);
    link.sid = sid;
    bytes.send(this.hello);
    if (decideDialled(this.mySid, sid) === 'closeAfterHello') {
      // Graceful: the larger peer must read our initial message to know whom to dial back.
      this.endHandshake(link, HandshakeOutcome.challengeLost);
      return;
    }
    link.teardown.add(bytes.input$.pipe(decodeFrames({ frameBytesMax: PACKET_BYTES_MAX })).subscribe({
      next: (payload) => this.deliver(link, payload),
      error: (error: unknown) => this.onReadError(link, error),
      complete: () => this.finish(link, CloseReason.eof),
    }));
    this.register(link);
  }

  // ---- established connections ------------------------------------------------------------------------------------

  private track(bytes: Duplex<Uint8Array, Uint8Array>, direction: LinkDirection, dialAttempt?: Subscription): Link {
    const link: Link = { direction, bytes, teardown: new Subscription(), sid: undefined, registered: false, finished: false };
    if (dialAttempt !== undefined) link.teardown.add(dialAttempt);
    this.links.add(link);
    link.teardown.add(bytes.closed$.subscribe(({ error }) =>
      this.finish(link, error === undefined ? CloseReason.eof : CloseReason.error, error)));
    return link;
  }

  private register(link: Link): void {
    const sid = link.sid as bigint;
    const previous = this.current.get(sid);
    if (previous !== undefined) this.finish(previous, CloseReason.replaced);
    link.registered = true;
    this.current.set(sid, link);
    const queue = this.queueFor(sid);
    const target: QueueTarget<Uint8Array> = { send: (payload) => link.bytes.send(encodeFrame(payload)), ready$: link.bytes.ready$ };
    // A peer may have missed our last message in the reconnect; ZooKeeper resends it, receivers are idempotent.
    const resend = queue.isEmpty() ? queue.lastDelivered : undefined;
    if (resend !== undefined) target.send(resend);
    link.teardown.add(queue.pipeTo(target));
    this.log.info({ peer: `${sid}`, direction: link.direction }, `election connection to ${sid} opened`);
    this.emit({ kind: 'opened', sid, direction: link.direction, resent: resend !== undefined });
  }

  private deliver(link: Link, payload: Uint8Array): void {
    if (link.registered && !link.finished) this.inbound.next({ sid: link.sid as bigint, payload });
  }

  private onReadError(link: Link, error: unknown): void {
    const err = error instanceof Error ? error : new Error(String(error));
    if (!link.registered) {
      const timedOut = (err as { code?: string }).code === HANDSHAKE_TIMEOUT_CODE;
      this.log.warn({ err, direction: link.direction }, `closing election connection during handshake: ${err.message}`);
      this.endHandshake(link, timedOut ? HandshakeOutcome.handshakeTimeout : HandshakeOutcome.badHandshake, err);
      return;
    }
    if (err instanceof FrameLengthError) {
      this.log.warn({ peer: `${link.sid}`, length: err.length }, `closing election connection to ${link.sid}: ${err.message}`);
      this.finish(link, CloseReason.badFrame, err);
      return;
    }
    this.finish(link, CloseReason.error, err);
  }

  /** Ends a connection that never carried election messages; a dialled loser is closed gracefully after its hello. */
  private endHandshake(link: Link, outcome: HandshakeOutcome, error?: Error): void {
    if (link.finished) return;
    link.finished = true;
    this.links.delete(link);
    link.bytes.close();
    if (outcome === HandshakeOutcome.challengeLost) {
      // Keep the dial subscription (which owns the socket) until the close has flushed, then release it.
      this.draining.add(link);
      link.bytes.closed$.subscribe({ complete: () => {
        this.draining.delete(link);
        link.teardown.unsubscribe();
      } });
    } else {
      link.teardown.unsubscribe();
    }
    this.emit({ kind: 'handshakeClosed', direction: link.direction, outcome, ...(link.sid === undefined ? {} : { sid: link.sid }),
      ...(error === undefined ? {} : { error }) });
  }

  private finish(link: Link, reason: CloseReason, error?: Error): void {
    if (!link.registered) {
      const outcome = reason === CloseReason.shutdown ? HandshakeOutcome.shutdown : HandshakeOutcome.eof;
      this.endHandshake(link, outcome, error);
      return;
    }
    if (link.finished) return;
    link.finished = true;
    this.links.delete(link);
    const sid = link.sid as bigint;
    if (this.current.get(sid) === link) this.current.delete(sid);
    link.bytes.destroy();
    link.teardown.unsubscribe();
    // A peer outside our config (an anonymous observer's counter sid, a learned one) keeps no queue once its link is
    // gone: ZooKeeper would keep it forever, and every reconnect of such a peer would add one more.
    if (!this.servers.has(sid) && this.current.get(sid) === undefined) {
      this.sendQueues.get(sid)?.complete();
      this.sendQueues.delete(sid);
    }
    this.log.info({ peer: `${sid}`, reason }, `election connection to ${sid} closed: ${reason}`);
    this.emit({ kind: 'closed', sid, direction: link.direction, reason, ...(error === undefined ? {} : { error }) });
  }
}

/** Tries each address in turn; the first that connects wins. Errors only before a connection was made. */
function dialFirst<T>(addresses: readonly SocketAddress[], dialOne: (address: SocketAddress) => Observable<T>): Observable<T> {
  const [first, ...others] = addresses;
  if (first === undefined) return throwError(() => new Error('no address to dial'));
  return defer(() => {
    let connected = false;
    return dialOne(first).pipe(
      tap(() => (connected = true)),
      catchError((error: unknown) => (connected || others.length === 0 ? throwError(() => error) : dialFirst(others, dialOne))),
    );
  });
}

function text(address: SocketAddress): string {
  return `${address.host}:${address.port}`;
}
