// The connection shell: runs the pure session reducer (sessionStep.ts) against a real transport. It dials through an
// injectable connector (TCP by default, memory pairs in tests), frames bytes, matches replies to requests in order,
// sends pings and primes each new connection (auth, SetWatches, queued requests). Bad bytes from a server are an
// operating error: logged, that connection destroyed with a ProtocolError, the session moves to the next server.

import { asapScheduler, asyncScheduler, BehaviorSubject, Observable, Subscription, switchMap, timer, type SchedulerLike } from 'rxjs';
import { decodeFrames, dial, type Duplex } from '../../streams/index.js';
import { ProtocolError } from '../errors.js';
import { JUTE_MAX_BUFFER_BYTES, decodeRecord, emptyRecord, type JuteReader, type RecordCodec } from '../jute/index.js';
import type { Logger } from '../logging.js';
import { silentLogger } from '../logging.js';
import {
  OpCode, Xid, authPacketCodec, connectRequestCodec, connectResponseCodec, encodeRequest, readReplyHeader, setWatches2Codec,
  setWatchesCodec, watcherEventCodec, type AuthPacket, type ServerAddress, type WatcherEvent,
} from '../proto/index.js';
import { ClientState, type ClientStateEvent } from './clientState.js';
import { Outbox } from './outbox.js';
import { nextXid, PendingRequests } from './pendingRequests.js';
import {
  Errno, initialSessionState, sessionStep, type SessionContext, type SessionEffect, type SessionEvent,
  type SessionState,
} from './sessionStep.js';
import { probeReadWrite, tcpRwProber, type RwProber } from './rwProbe.js';
import { needsSetWatches2, setWatchesBatches, type WatchLists } from './setWatchesBatches.js';

/** Opens a byte transport to one server; emits it once connected, errors when the dial fails. `timeoutMs` is the
 *  connect timeout the session enforces itself (it unsubscribes a dial that outlives it); a connector may also use
 *  it to give up sooner. */
export type Connector = (host: ServerAddress, timeoutMs: number) => Observable<Duplex<Uint8Array, Uint8Array>>;

/** TCP dials with no timer of their own, since the session bounds each one (one timer fewer on every set-up). Used
 *  outside a client, bound a dial by unsubscribing. */
export function tcpConnector(scheduler?: SchedulerLike): Connector {
  return (host) =>
    dial({ host: host.host, port: host.port, connectTimeoutMs: Number.POSITIVE_INFINITY,
      ...(scheduler === undefined ? {} : { scheduler }) });
}

/** Requests that may wait for a connection; beyond this, new requests fail at once. */
export const QUEUED_REQUESTS_MAX = 100_000;
/** Requests sent and not yet answered on one connection; beyond this, new requests fail at once with CONNECTIONLOSS
 *  rather than growing the client's memory behind a server that has stopped answering. */
export const PENDING_REQUESTS_MAX = 100_000;
/** Java's minPingRwTimeout and maxPingRwTimeout. */
export const RW_PROBE_INTERVAL_MS = 100;
export const RW_PROBE_INTERVAL_MS_MAX = 60_000;
/** Events the reducer may have waiting; a bigger backlog is a feedback loop bug. */
const EVENT_QUEUE_MAX = 10_000;

/** What the caller hears back: errno 0 with the decoded response, or a failure. */
export type Settle = (errno: number, response: unknown, cause?: unknown) => void;

export interface RequestSpec {
  readonly type: number;
  readonly codec: RecordCodec<unknown>;
  readonly request: unknown;
  readonly response: RecordCodec<unknown>;
  readonly settle: Settle;
}

interface Pending {
  readonly xid: number;
  readonly response: RecordCodec<unknown>;
  readonly settle: Settle;
}

/** How a connection runs: the client's settings, passed on as its user gave them (every one optional). */
export interface ConnectionSettings {
  readonly connector?: Connector;
  readonly scheduler?: SchedulerLike;
  readonly random?: () => number;
  readonly logger?: Logger;
  /** Largest reply frame accepted: jute.maxbuffer, as the 3.8 client (0xFFFFF passes, 0x100000 does not). */
  readonly frameBytesMax?: number;
  readonly pendingRequestsMax?: number;
  readonly spinDelayMs?: number;
  readonly reconnectJitterMs?: number;
  /** While CONNECTEDREADONLY: first pause before an `isro` probe of another host, doubling up to the max. */
  readonly rwProbeIntervalMs?: number;
  readonly rwProbeIntervalMsMax?: number;
  /** How to ask a host whether it serves read-write; `isro` over TCP by default. */
  readonly rwProber?: RwProber;
}

/** What the client wires in. Kept apart from the settings so that neither has to be merged into a new object on
 *  every session set-up (V8 builds merged objects property by property, ~10 us there). */
export interface ConnectionWiring {
  readonly hosts: readonly ServerAddress[];
  readonly sessionTimeoutMs: number;
  readonly canBeReadOnly?: boolean;
  /** Server-side paths of the watches to restore on reconnect. */
  readonly watchLists?: () => WatchLists | undefined;
  readonly onNotification?: (event: WatcherEvent) => void;
  readonly onEnded?: (state: ClientState) => void;
}

export class Connection {
  readonly state$: BehaviorSubject<ClientStateEvent>;
  private readonly ctx: SessionContext;
  private readonly scheduler: SchedulerLike;
  private readonly connector: Connector;
  private readonly rwProber: RwProber;
  private readonly logger: Logger;
  private readonly frameBytesMax: number;
  private readonly logging: boolean;
  private readonly pendingRequestsMax: number;
  private session: SessionState = initialSessionState();
  private readonly events: SessionEvent[] = [];
  private draining = false;
  private duplex: Duplex<Uint8Array, Uint8Array> | undefined;
  private outbox: Outbox | undefined;
  private readonly flushScheduler: SchedulerLike;
  private duplexId = 0;
  private link = new Subscription();
  private check = new Subscription();
  private checkAtMs = Number.POSITIVE_INFINITY;
  private pending = new PendingRequests<Pending>();
  private queued: RequestSpec[] = [];
  private xid = 0;
  private readonly authInfo: AuthPacket[] = [];
  private authWaiters: Settle[] = [];
  /** The protocol error that killed the last connection, handed to the requests it failed. */
  private lastFailure: ProtocolError | undefined;
  lastZxid = 0n;
  private lastHeardMs = 0;
  private lastSentMs = 0;

  constructor(private readonly wiring: ConnectionWiring, settings: ConnectionSettings = {}) {
    const { scheduler = asyncScheduler, random = Math.random, logger = silentLogger,
      frameBytesMax = JUTE_MAX_BUFFER_BYTES, pendingRequestsMax = PENDING_REQUESTS_MAX, spinDelayMs = 1000,
      reconnectJitterMs = 1000, rwProbeIntervalMs = RW_PROBE_INTERVAL_MS, rwProbeIntervalMsMax = RW_PROBE_INTERVAL_MS_MAX,
    } = settings;
    const { hosts, sessionTimeoutMs, canBeReadOnly = false } = wiring;
    this.ctx = { hosts, sessionTimeoutMs, canBeReadOnly, spinDelayMs, reconnectJitterMs, rwProbeIntervalMs,
      rwProbeIntervalMsMax, random };
    this.scheduler = scheduler;
    this.pendingRequestsMax = pendingRequestsMax;
    // Frames sent in one turn leave together (in 16 KiB writes); asap keeps that a microtask (virtual under a
    // TestScheduler run).
    this.flushScheduler = settings.scheduler === undefined ? asapScheduler : scheduler;
    this.connector = settings.connector ?? tcpConnector(scheduler);
    this.rwProber = settings.rwProber ?? tcpRwProber(scheduler);
    this.logger = logger.child({ component: 'zk-client' });
    // The set-up path's log lines are built only when someone listens: formatting them cost more than the step.
    this.logging = logger !== silentLogger;
    this.frameBytesMax = frameBytesMax;
    this.state$ = new BehaviorSubject<ClientStateEvent>(
      { state: ClientState.CONNECTING, sessionId: 0n, server: undefined });
  }

  get sessionId(): bigint { return this.session.sessionId; }
  get sessionPassword(): Uint8Array { return this.session.passwd; }
  get negotiatedTimeoutMs(): number { return this.session.negotiatedTimeoutMs; }
  get phase(): SessionState['phase'] { return this.session.phase; }

  start(): void {
    this.dispatch({ kind: 'start', nowMs: this.scheduler.now() });
  }

  close(): void {
    this.dispatch({ kind: 'close', nowMs: this.scheduler.now() });
  }

  /** Sends now when connected, queues while (re)connecting, fails at once when the session cannot carry it. */
  submit(spec: RequestSpec): void {
    const phase = this.session.phase;
    if (phase === 'connected') {
      if (this.pending.size >= this.pendingRequestsMax) {
        spec.settle(Errno.CONNECTIONLOSS, undefined,
          new Error(`more than ${this.pendingRequestsMax} requests awaiting replies`));
        return;
      }
      this.send(spec);
      return;
    }
    if (phase === 'dialing' || phase === 'handshaking') {
      if (this.queued.length >= QUEUED_REQUESTS_MAX) {
        spec.settle(Errno.CONNECTIONLOSS, undefined, new Error(`more than ${QUEUED_REQUESTS_MAX} queued requests`));
      } else {
        this.queued.push(spec);
      }
      return;
    }
    spec.settle(this.refusalErrno(), undefined);
  }

  private refusalErrno(): number {
    const state = this.state$.value.state;
    if (state === ClientState.AUTH_FAILED) return Errno.AUTHFAILED;
    return this.session.phase === 'closing' ? Errno.CONNECTIONLOSS : Errno.SESSIONEXPIRED;
  }

  /** Remembers the credentials for every later connection and sends them now if connected. */
  addAuthInfo(packet: AuthPacket, settle: Settle): void {
    this.authInfo.push(packet);
    if (this.session.phase !== 'connected') {
      settle(0, undefined);
      return;
    }
    this.authWaiters.push(settle);
    this.sendRaw(encodeRequest({ xid: Xid.auth, type: OpCode.auth }, authPacketCodec, packet));
  }

  /** Encodes first: a request that cannot be encoded throws here without taking an xid or a pending slot. */
  private send(spec: RequestSpec): void {
    const xid = nextXid(this.xid);
    if (this.duplex !== undefined) this.outbox?.pushRequest({ xid, type: spec.type }, spec.codec, spec.request);
    this.xid = xid;
    this.pending.push({ xid, response: spec.response, settle: spec.settle });
  }

  private sendRaw(payload: Uint8Array): void {
    if (this.duplex !== undefined) this.outbox?.pushPayload(payload);
  }

  private dispatch(event: SessionEvent): void {
    if (this.events.length >= EVENT_QUEUE_MAX) throw new Error(`client event queue exceeded ${EVENT_QUEUE_MAX}`);
    this.events.push(event);
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.events.shift(); next !== undefined; next = this.events.shift()) {
        const result = sessionStep(this.ctx, this.session, next);
        this.session = result.state;
        // Indexed: this runs a few times per session, mostly before V8 optimises it, where for-of's iterator costs.
        const effects = result.effects;
        for (let i = 0; i < effects.length; i += 1) this.perform(effects[i] as SessionEffect);
      }
    } finally {
      this.draining = false;
    }
  }

  private perform(effect: SessionEffect): void {
    switch (effect.kind) {
      case 'dial':
        return this.dial(effect.connectionId, effect.host, effect.delayMs, effect.timeoutMs);
      case 'sendConnect':
        if (this.logging) {
          this.logger.debug({ connectionId: effect.connectionId, sessionId: hex(effect.request.sessionId) }, 'handshake');
        }
        // Encoded straight into the outbox and written now: nothing else may follow before the answer.
        if (this.duplex !== undefined) this.outbox?.writeRecordNow(connectRequestCodec, effect.request);
        return;
      case 'prime':
        return this.prime();
      case 'ping':
        return this.sendRaw(PING_PAYLOAD);
      case 'probeRw':
        return this.probeRw(effect.connectionId, effect.hostIndex, effect.host, effect.timeoutMs);
      case 'sendCloseSession':
        return this.send({ type: OpCode.closeSession, codec: emptyRecord as RecordCodec<unknown>, request: {},
          response: emptyRecord as RecordCodec<unknown>,
          settle: () => this.dispatch({ kind: 'closeReplied', connectionId: effect.connectionId }) });
      case 'drop':
        return this.drop(effect.connectionId, effect.reason);
      case 'failRequests':
        return this.failRequests(effect.errno, effect.reason);
      case 'state':
        if (this.logging) this.logStateChange(effect);
        return this.state$.next({ state: effect.state, sessionId: effect.sessionId, server: effect.server });
      case 'armCheck':
        return this.armCheck(effect.atMs);
      case 'ended':
        this.check.unsubscribe();
        this.wiring.onEnded?.(effect.state);
        return this.state$.complete();
    }
  }

  private logStateChange(effect: Extract<SessionEffect, { kind: 'state' }>): void {
    this.logger.info({ state: effect.state, sessionId: hex(effect.sessionId),
      server: effect.server === undefined ? undefined : `${effect.server.host}:${effect.server.port}` }, 'state');
  }

  private dial(connectionId: number, host: ServerAddress, delayMs: number, timeoutMs: number): void {
    this.link.unsubscribe();
    this.link = new Subscription();
    if (this.logging) this.logger.debug({ connectionId, host: `${host.host}:${host.port}`, delayMs }, 'dial');
    const lost = (reason: string): void => this.dispatch({ kind: 'connectionLost', connectionId,
      nowMs: this.scheduler.now(), lastHeardMs: this.lastHeardMs, reason });
    // No timer for a zero delay: on the async scheduler even timer(0) costs a macrotask (~1 ms) per dial.
    const dial$ = delayMs > 0
      ? timer(delayMs, this.scheduler).pipe(switchMap(() => this.connector(host, timeoutMs)))
      : this.connector(host, timeoutMs);
    this.link.add(dial$.subscribe({
      next: (bytes) => this.attach(connectionId, bytes, lost),
      error: (error: unknown) => lost(`connect to ${host.host}:${host.port} failed: ${messageOf(error)}`),
    }));
  }

  /** Part of the current link, so leaving the read-only server also abandons its probe. */
  private probeRw(connectionId: number, hostIndex: number, host: ServerAddress, timeoutMs: number): void {
    this.logger.debug({ connectionId, host: `${host.host}:${host.port}` }, 'probe for a read-write server');
    this.link.add(probeReadWrite(this.rwProber, host, timeoutMs, this.scheduler).subscribe((readWrite) =>
      this.dispatch({ kind: 'rwProbeResult', connectionId, hostIndex, nowMs: this.scheduler.now(), readWrite })));
  }

  private attach(connectionId: number, bytes: Duplex<Uint8Array, Uint8Array>, lost: (reason: string) => void): void {
    if (this.duplex !== undefined) return;
    const duplex = bytes;
    this.duplex = duplex;
    // Send idleness (for pings) counts from the last write, stamped once per write rather than per request.
    this.outbox = new Outbox(bytes, this.flushScheduler, () => {
      this.lastSentMs = this.scheduler.now();
    });
    this.duplexId = connectionId;
    this.lastHeardMs = this.scheduler.now();
    this.lastSentMs = this.lastHeardMs;
    // The ConnectRequest goes first and reading starts after it, in the same turn: no reply can be missed (a socket
    // delivers on a later turn, a memory pair buffers), and the server starts on the request sooner.
    this.dispatch({ kind: 'dialed', connectionId, nowMs: this.lastHeardMs, lastZxid: this.lastZxid });
    if (this.duplex !== duplex) {
      duplex.destroy(); // dropped while the request went out: nothing reads it, nothing else will close it
      return;
    }
    this.link.add(duplex.input$.pipe(decodeFrames({ frameBytesMax: this.frameBytesMax })).subscribe({
      next: (frame) => this.onFrame(connectionId, frame),
      error: (error: unknown) => {
        this.logger.warn({ connectionId, err: messageOf(error) }, 'connection failed');
        lost(`connection failed: ${messageOf(error)}`);
      },
      complete: () => lost('server closed the connection'),
    }));
    this.link.add(() => duplex.close());
  }

  private drop(connectionId: number, reason: string): void {
    this.logger.debug({ connectionId, reason }, 'drop connection');
    this.outbox?.flush();
    this.outbox = undefined;
    this.duplex = undefined;
    this.link.unsubscribe();
    this.link = new Subscription();
  }

  private failRequests(errno: number, reason: string): void {
    const failure = this.lastFailure;
    this.lastFailure = undefined;
    const victims = [...this.pending.drain(), ...this.queued];
    this.queued = [];
    const waiters = this.authWaiters;
    this.authWaiters = [];
    if (victims.length === 0 && waiters.length === 0) return;
    // Only built when someone hears it: capturing a stack costs more than the rest of a close.
    const cause = failure ?? new Error(reason);
    for (const entry of victims) entry.settle(errno, undefined, cause);
    for (const settle of waiters) settle(errno, undefined, cause);
  }

  /** A check no later than atMs. One already due sooner stays: every check re-arms from the session's own deadlines,
   *  so an early one costs a wake-up, while moving a timer costs clearing and setting one (the set-up path's). */
  private armCheck(atMs: number): void {
    if (!this.check.closed && this.checkAtMs <= atMs) return;
    this.check.unsubscribe();
    this.checkAtMs = atMs;
    const delayMs = Math.max(0, atMs - this.scheduler.now());
    // The scheduler directly, not timer(): this re-arms a few times per connection.
    this.check = this.scheduler.schedule(() => {
      this.check.unsubscribe();
      this.dispatch({ kind: 'check', nowMs: this.scheduler.now(), lastHeardMs: this.lastHeardMs,
        lastSentMs: this.lastSentMs });
    }, delayMs);
  }

  /** Priming order after the handshake: credentials, watches to restore, then whatever waited. */
  private prime(): void {
    for (const packet of this.authInfo) {
      this.authWaiters.push(() => undefined);
      this.sendRaw(encodeRequest({ xid: Xid.auth, type: OpCode.auth }, authPacketCodec, packet));
    }
    const lists = this.wiring.watchLists?.();
    if (lists !== undefined) this.restoreWatches(lists);
    const queued = this.queued;
    this.queued = [];
    for (const spec of queued) this.send(spec);
  }

  private restoreWatches(lists: WatchLists): void {
    for (const batch of setWatchesBatches(lists, this.lastZxid)) {
      const settle: Settle = (errno) => {
        if (errno !== 0 && errno !== Errno.CONNECTIONLOSS) this.logger.warn({ errno }, 'SetWatches refused');
      };
      const v2 = needsSetWatches2(batch);
      this.send({
        type: v2 ? OpCode.setWatches2 : OpCode.setWatches,
        codec: (v2 ? setWatches2Codec : setWatchesCodec) as RecordCodec<unknown>,
        request: batch,
        response: emptyRecord as RecordCodec<unknown>,
        settle,
      });
    }
  }

  private onFrame(connectionId: number, frame: Uint8Array): void {
    if (connectionId !== this.duplexId || this.duplex === undefined) return;
    this.lastHeardMs = this.scheduler.now();
    try {
      if (this.session.phase === 'handshaking') {
        const response = decodeRecord(connectResponseCodec, frame);
        this.dispatch({ kind: 'connectResponse', connectionId, nowMs: this.lastHeardMs, response });
      } else {
        this.onReply(connectionId, frame);
      }
    } catch (error) {
      this.protocolFailure(connectionId, error);
    }
  }

  private onReply(connectionId: number, frame: Uint8Array): void {
    const { header, reader } = readReplyHeader(frame);
    if (header.xid === Xid.ping) return reader.expectEnd();
    if (header.xid === Xid.notification) return this.onNotification(reader);
    if (header.xid === Xid.auth) return this.onAuthReply(connectionId, header.err, reader);
    const head = this.pending.peek();
    if (head === undefined) throw new ProtocolError('CLIENT_XID', `reply xid ${header.xid} with nothing pending`);
    if (head.xid !== header.xid) {
      throw new ProtocolError('CLIENT_XID', `xid out of order: got ${header.xid}, expected ${head.xid}`);
    }
    const response = header.err === 0 ? head.response.decode(reader) : undefined;
    reader.expectEnd();
    this.pending.shift();
    if (header.zxid > 0n) this.lastZxid = header.zxid;
    head.settle(header.err, response);
  }

  private onNotification(reader: JuteReader): void {
    const event = watcherEventCodec.decode(reader);
    reader.expectEnd();
    this.wiring.onNotification?.(event);
  }

  private onAuthReply(connectionId: number, err: number, reader: JuteReader): void {
    reader.expectEnd();
    const settle = this.authWaiters.shift();
    settle?.(err, undefined);
    if (err === Errno.AUTHFAILED) this.dispatch({ kind: 'authFailed', connectionId, nowMs: this.scheduler.now() });
  }

  private protocolFailure(connectionId: number, error: unknown): void {
    const failure = error instanceof ProtocolError ? error
      : new ProtocolError('CLIENT_PROTOCOL', `bad reply: ${messageOf(error)}`, { cause: error });
    this.logger.warn({ connectionId, err: failure.message }, 'protocol error from server; closing the connection');
    const duplex = this.duplex;
    this.duplex = undefined;
    this.outbox = undefined;
    this.lastFailure = failure;
    duplex?.destroy(failure);
    this.dispatch({ kind: 'connectionLost', connectionId, nowMs: this.scheduler.now(), lastHeardMs: this.lastHeardMs,
      reason: failure.message });
  }
}

const PING_PAYLOAD = encodeRequest({ xid: Xid.ping, type: OpCode.ping }, emptyRecord, {});

function hex(id: bigint): string {
  return `0x${id.toString(16)}`;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
