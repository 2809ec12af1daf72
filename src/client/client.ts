// The public ZooKeeper client: createClient(connectString, config) gives a handle with promise methods for one-shot
// requests, state$ for the connection, and Observables for watches (watches.ts). It wires the connection shell to the
// request codecs, the chroot and the watch registry.

import {
  Observable, asyncScheduler, defer, filter, firstValueFrom, retry, throwError, timer, type SchedulerLike,
} from 'rxjs';
import { RxzkError } from '../errors.js';
import type { Logger } from '../logging.js';
import {
  CreateMode, EventType, KeeperError, OPEN_ACL_UNSAFE, OpCode, digestAuthPacket, invalidPathReason, isSequential,
  isTTL, multiFailure, opRecords, parseConnectString, WatcherType, type ACL, type ConnectString, type RequestOf,
  type ResponseOf, type Stat, type SupportedOpCode, type WatcherEvent,
} from '../proto/index.js';
import type { RecordCodec } from '../jute/index.js';
import { chrootOf, type Chroot } from './chroot.js';
import { ClientState, isConnectedState, isTerminalState, type ClientStateEvent } from './clientState.js';
import { Connection, type Connector, type Settle } from './connection.js';
import type { RwProber } from './rwProbe.js';
import { shuffleHosts } from './hostProvider.js';
import { bytesOf, fromMultiResult, toMultiOp, type TxOp, type TxResult } from './multiOps.js';
import { Errno } from './sessionStep.js';
import { children$, data$, exists$, watch$, type DataWatchOptions, type PersistentWatchOptions,
  type WatchEvent } from './watches.js';
import { WatchRegistry, type WatchKind, type Watcher } from './watchRegistry.js';

export interface ClientConfig {
  /** Requested session timeout; the server clamps it to [2, 20] x tickTime. Default 30000. */
  readonly sessionTimeoutMs?: number;
  /** Accept read-only servers (CONNECTEDREADONLY) when no quorum is reachable. */
  readonly readOnly?: boolean;
  readonly logger?: Logger;
  readonly scheduler?: SchedulerLike;
  /** Seeds host shuffling and reconnect jitter. */
  readonly random?: () => number;
  /** Default per-request timeout; 0 (default) = wait until the reply or the connection's loss. */
  readonly requestTimeoutMs?: number;
  /** How to reach a server; TCP by default. Tests pass memory pairs. */
  readonly connector?: Connector;
  readonly spinDelayMs?: number;
  readonly reconnectJitterMs?: number;
  readonly frameBytesMax?: number;
  /** While CONNECTEDREADONLY, probe the other hosts for a read-write one after this pause (default 100 ms, as
   *  Java), doubling after each probe up to rwProbeIntervalMsMax (default 60000 ms). */
  readonly rwProbeIntervalMs?: number;
  readonly rwProbeIntervalMsMax?: number;
  /** How to ask a host whether it serves read-write; `isro` over TCP by default. Tests pass scripted answers. */
  readonly rwProber?: RwProber;
  /** Requests sent and not yet answered on one connection; past it, new requests fail at once with CONNECTIONLOSS.
   *  Default 100,000. */
  readonly pendingRequestsMax?: number;
}

export interface CallOptions {
  readonly timeoutMs?: number;
}

export interface CreateOptions extends CallOptions {
  readonly mode?: CreateMode;
  readonly acl?: readonly ACL[];
  /** Required for the TTL modes. */
  readonly ttlMs?: number;
}

export interface VersionOptions extends CallOptions {
  /** -1 (default) = any version. */
  readonly version?: number;
}

export interface NodeData {
  readonly data: Uint8Array;
  readonly stat: Stat;
}

export interface NodeChildren {
  readonly children: readonly string[];
  readonly stat: Stat;
}

/** Internal hook for watched reads: called synchronously with the reply, before the promise settles. */
type OnReply = (errno: number) => void;

/** Bound on re-sending one watched read after connection losses before giving up. */
export const WATCHED_READ_ATTEMPTS_MAX = 1000;

export class Client {
  readonly state$: Observable<ClientStateEvent>;
  readonly chroot: Chroot;
  readonly registry = new WatchRegistry();
  private readonly connection: Connection;
  private readonly scheduler: SchedulerLike;
  private readonly requestTimeoutMs: number;
  /** Watched reads sent and not yet answered, per server path: the server may be about to hold a watch there. */
  private readonly watchReadsInFlight = new Map<string, number>();

  constructor(connectString: string, config: ClientConfig = {}) {
    const { sessionTimeoutMs = 30_000, readOnly = false, scheduler = asyncScheduler, random = Math.random,
      requestTimeoutMs = 0 } = config;
    const parsed = parseConnectStringOnce(connectString);
    this.chroot = chrootOf(parsed.chrootPath);
    this.scheduler = scheduler;
    this.requestTimeoutMs = requestTimeoutMs;
    // The config goes to the connection as given (an unset key stays unset: an explicit scheduler changes how it
    // flushes); what the client adds travels beside it, not merged into a copy.
    this.connection = new Connection({
      hosts: shuffleHosts(parsed.servers, random), sessionTimeoutMs, canBeReadOnly: readOnly,
      watchLists: () => (this.registry.isEmpty() ? undefined : this.registry.lists()),
      onNotification: (event) => this.onNotification(event),
      onEnded: (state) => this.onEnded(state),
    }, config);
    this.state$ = this.connection.state$.asObservable();
    this.connection.start();
  }

  get state(): ClientStateEvent { return this.connection.state$.value; }
  get sessionId(): bigint { return this.connection.sessionId; }
  get sessionPassword(): Uint8Array { return this.connection.sessionPassword; }
  get negotiatedTimeoutMs(): number { return this.connection.negotiatedTimeoutMs; }
  get lastZxid(): bigint { return this.connection.lastZxid; }

  /** Resolves once connected; rejects if the session ends first. */
  connected(): Promise<ClientStateEvent> {
    return firstValueFrom(this.whenConnected$());
  }

  // The one-shot methods below are plain functions returning the request's own promise, with the reply shaped inside
  // its settle callback: an async wrapper would add a promise, an await and their jobs to every request (a third of
  // what a pipelined getData allocated). Bad arguments still reject rather than throw: ask() checks the path.

  create(path: string, data?: Uint8Array | string, options: CreateOptions = NO_OPTIONS)
  : Promise<{ path: string; stat: Stat }> {
    const { mode = CreateMode.PERSISTENT, acl = OPEN_ACL_UNSAFE, ttlMs } = options;
    const base = { path: this.chroot.toServer(path), data: bytesOf(data), acl, flags: mode };
    // A sequential node's name gets a counter appended, so its path may end in '/'.
    const checked = isSequential(mode) ? `${path}0` : path;
    const created = (reply: ResponseOf<typeof OpCode.create2>): { path: string; stat: Stat } =>
      ({ path: this.chroot.fromServer(reply.path) ?? reply.path, stat: reply.stat });
    if (isTTL(mode)) {
      if (ttlMs === undefined || ttlMs <= 0) {
        return Promise.reject(new RxzkError('BAD_TTL', `a TTL mode needs ttlMs > 0 for ${path}`));
      }
      return this.ask(OpCode.createTTL, { ...base, ttl: BigInt(ttlMs) }, path, options, created, checked);
    }
    return this.ask(mode === CreateMode.CONTAINER ? OpCode.createContainer : OpCode.create2, base, path, options, created,
      checked);
  }

  delete(path: string, options: VersionOptions = NO_OPTIONS): Promise<void> {
    return this.ask(OpCode.delete, { path: this.chroot.toServer(path), version: options.version ?? -1 }, path, options,
      toVoid);
  }

  /** The node's Stat, or null when it does not exist. */
  async exists(path: string, options: CallOptions = NO_OPTIONS): Promise<Stat | null> {
    checkPath(path);
    try {
      return (await this.call(OpCode.exists, { path: this.chroot.toServer(path), watch: false }, path, options)).stat;
    } catch (error) {
      if (error instanceof KeeperError && error.errno === -101) return null;
      throw error;
    }
  }

  getData(path: string, options: CallOptions = NO_OPTIONS): Promise<NodeData> {
    return this.ask(OpCode.getData, { path: this.chroot.toServer(path), watch: false }, path, options, toNodeData);
  }

  setData(path: string, data: Uint8Array | string, options: VersionOptions = NO_OPTIONS): Promise<Stat> {
    const request = { path: this.chroot.toServer(path), data: bytesOf(data), version: options.version ?? -1 };
    return this.ask(OpCode.setData, request, path, options, toStat);
  }

  getChildren(path: string, options: CallOptions = NO_OPTIONS): Promise<NodeChildren> {
    return this.ask(OpCode.getChildren2, { path: this.chroot.toServer(path), watch: false }, path, options,
      toNodeChildren);
  }

  getACL(path: string, options: CallOptions = NO_OPTIONS): Promise<{ acl: readonly ACL[]; stat: Stat }> {
    return this.ask(OpCode.getACL, { path: this.chroot.toServer(path) }, path, options,
      (reply) => ({ acl: reply.acl, stat: reply.stat }));
  }

  setACL(path: string, acl: readonly ACL[], options: VersionOptions = NO_OPTIONS): Promise<Stat> {
    const request = { path: this.chroot.toServer(path), acl, version: options.version ?? -1 };
    return this.ask(OpCode.setACL, request, path, options, toStat);
  }

  sync(path: string, options: CallOptions = NO_OPTIONS): Promise<string> {
    return this.ask(OpCode.sync, { path: this.chroot.toServer(path) }, path, options,
      (reply) => this.chroot.fromServer(reply.path) ?? reply.path);
  }

  /** All ops or none; rejects with the KeeperError of the first failing op (its `path` names it). */
  async multi(ops: readonly TxOp[], options: CallOptions = NO_OPTIONS): Promise<TxResult[]> {
    for (const op of ops) checkPath(op.op === 'create' && isSequential(op.mode ?? 0) ? `${op.path}0` : op.path);
    const reply = await this.call(OpCode.multi, { ops: ops.map((op) => toMultiOp(op, this.chroot)) }, undefined, options);
    const failure = multiFailure(reply.results);
    if (failure !== undefined) throw new KeeperError(failure.err, pathOption(ops[failure.index]?.path));
    return reply.results.map((result) => fromMultiResult(result, this.chroot)).filter((r) => r !== undefined);
  }

  /** Current data and stat, again after every change; completes when the node is deleted (see options). */
  data$(path: string, options: DataWatchOptions = {}): Observable<NodeData> {
    checkPath(path);
    return data$(this, path, options);
  }

  /** Children and stat, again after every child-list change; completes when the node is deleted. */
  children$(path: string): Observable<NodeChildren> {
    checkPath(path);
    return children$(this, path);
  }

  /** Stat or null, again after every change, creation or deletion. */
  exists$(path: string): Observable<Stat | null> {
    checkPath(path);
    return exists$(this, path);
  }

  /** Events of a persistent (optionally recursive) watch. */
  watch$(path: string, options: PersistentWatchOptions = {}): Observable<WatchEvent> {
    checkPath(path);
    return watch$(this, path, options);
  }

  /** Credentials sent now and on every reconnect; `digest` takes "user:password". */
  addAuthInfo(scheme: string, auth: Uint8Array | string): Promise<void> {
    const packet = scheme === 'digest' && typeof auth === 'string' && auth.includes(':')
      ? digestAuthPacket(auth.slice(0, auth.indexOf(':')), auth.slice(auth.indexOf(':') + 1))
      : { type: 0, scheme, auth: bytesOf(auth) };
    return new Promise((resolve, reject) => this.connection.addAuthInfo(packet, (errno, _r, cause) => {
      if (errno === 0) resolve();
      else reject(new KeeperError(errno, cause === undefined ? {} : { cause }));
    }));
  }

  /** Ends the session (closeSession round trip when connected); watches complete. */
  async close(): Promise<void> {
    if (isTerminalState(this.state.state)) return;
    const ended = firstValueFrom(this.connection.state$.pipe(filter((e) => isTerminalState(e.state))),
      { defaultValue: this.state });
    this.connection.close();
    await ended;
  }

  /** Sends one request; `onReply` runs synchronously with the reply (watch registration). @internal */
  call<K extends SupportedOpCode>(type: K, request: RequestOf<K>, path: string | undefined,
    options: CallOptions = NO_OPTIONS, onReply?: OnReply): Promise<ResponseOf<K>> {
    if ((options.timeoutMs ?? this.requestTimeoutMs) > 0) {
      return firstValueFrom(this.request$(type, request, path, options, onReply));
    }
    // The common case skips the Observable: one promise and one settle callback per request.
    return new Promise<ResponseOf<K>>((resolve, reject) => {
      this.submit(type, request, path, onReply, notAbandoned, resolve, reject);
    });
  }

  /** One request as a promise of `shape(response)`, shaped as the reply settles it (no second promise). Rejects
   *  without sending when `checked` (the caller's path unless told otherwise) is not a valid path. */
  private ask<K extends SupportedOpCode, R>(type: K, request: RequestOf<K>, path: string, options: CallOptions,
    shape: (response: ResponseOf<K>) => R, checked = path): Promise<R> {
    const invalid = pathError(checked);
    if (invalid !== undefined) return Promise.reject(invalid);
    if ((options.timeoutMs ?? this.requestTimeoutMs) > 0) {
      return firstValueFrom(this.request$(type, request, path, options)).then(shape);
    }
    return new Promise<R>((resolve, reject) => {
      this.submit(type, request, path, undefined, notAbandoned, (response) => resolve(shape(response)), reject);
    });
  }

  /**
   * One request as a cold Observable: sent on subscribe, emits the response synchronously when the reply arrives
   * (so it runs in virtual time), errors with a KeeperError. Unsubscribing does not recall a sent request; its
   * reply is just ignored. @internal
   */
  request$<K extends SupportedOpCode>(type: K, request: RequestOf<K>, path: string | undefined,
    options: CallOptions = {}, onReply?: OnReply): Observable<ResponseOf<K>> {
    return new Observable<ResponseOf<K>>((subscriber) => {
      const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
      if (timeoutMs > 0) {
        subscriber.add(timer(timeoutMs, this.scheduler).subscribe(() =>
          subscriber.error(new KeeperError(-122, pathOption(path)))));
      }
      this.submit(type, request, path, onReply, () => subscriber.closed, (response) => {
        subscriber.next(response);
        subscriber.complete();
      }, (error) => subscriber.error(error));
    });
  }

  private submit<K extends SupportedOpCode>(type: K, request: RequestOf<K>, path: string | undefined,
    onReply: OnReply | undefined, abandoned: () => boolean, resolve: (response: ResponseOf<K>) => void,
    reject: (error: KeeperError) => void): void {
    const records = opRecords[type];
    this.connection.submit({ type, codec: records.request as RecordCodec<unknown>, request,
      response: records.response as RecordCodec<unknown>,
      settle: (errno, response, cause) => {
        onReply?.(errno);
        if (abandoned()) return;
        if (errno === 0) resolve(response as ResponseOf<K>);
        else reject(new KeeperError(errno, { ...pathOption(path), ...(cause === undefined ? {} : { cause }) }));
      } });
  }

  /** Emits once connected (at once if already), errors if the session ends first. @internal */
  whenConnected$(): Observable<ClientStateEvent> {
    // One subscriber on state$ rather than an operator chain: connected() is on every session set-up's path.
    return new Observable<ClientStateEvent>((subscriber) => this.connection.state$.subscribe({
      next: (e) => {
        if (isConnectedState(e.state)) {
          subscriber.next(e);
          subscriber.complete();
        } else if (isTerminalState(e.state)) {
          subscriber.error(endedError(e.state) ?? new KeeperError(Errno.SESSIONEXPIRED));
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.error(endedError(this.state.state) ?? new KeeperError(Errno.SESSIONEXPIRED)),
    }));
  }

  /**
   * A read that leaves a watch: re-sent after connection losses (bounded) until it gets an answer; `registers(errno)`
   * names the watch kind to record with the reply, synchronously, before any later notification. @internal
   */
  watchedRequest$<K extends SupportedOpCode>(type: K, request: RequestOf<K> & { path: string }, path: string,
    watcher: Watcher, registers: (errno: number) => WatchKind | undefined): Observable<ResponseOf<K>> {
    return defer(() => {
      this.countWatchRead(request.path, 1);
      return this.request$(type, request, path, {}, (errno) => {
        this.countWatchRead(request.path, -1);
        const kind = registers(errno);
        if (kind !== undefined) this.registry.add(kind, request.path, watcher);
      });
    }).pipe(retry({
      count: WATCHED_READ_ATTEMPTS_MAX,
      delay: (error: unknown) =>
        error instanceof KeeperError && error.errno === Errno.CONNECTIONLOSS ? this.whenConnected$() : throwError(() => error),
    }));
  }

  /**
   * The last local watcher on `serverPath` is gone: ask the server to drop its watch as well (3.8 knows WatcherType
   * Any, which clears the data and child sides where addWatch put a persistent watch). Skipped while a watched read
   * on the path is unanswered (its reply would be orphaned), and while not connected (the next connection's
   * SetWatches leaves the path out anyway). @internal
   */
  releaseServerWatch(serverPath: string): void {
    if (this.registry.hasPath(serverPath) || (this.watchReadsInFlight.get(serverPath) ?? 0) > 0) return;
    if (this.connection.phase !== 'connected') return;
    this.request$(OpCode.removeWatches, { path: serverPath, type: WatcherType.Any }, undefined)
      .subscribe({ error: () => undefined });
  }

  private countWatchRead(serverPath: string, delta: number): void {
    const count = (this.watchReadsInFlight.get(serverPath) ?? 0) + delta;
    if (count > 0) this.watchReadsInFlight.set(serverPath, count);
    else this.watchReadsInFlight.delete(serverPath);
  }

  private onNotification(event: WatcherEvent): void {
    if (event.type === EventType.None) return;
    for (const watcher of this.registry.take({ type: event.type, path: event.path })) {
      watcher.fire({ type: event.type, path: event.path });
    }
  }

  private onEnded(state: ClientState): void {
    const error = endedError(state);
    for (const watcher of this.registry.takeAll()) watcher.end(error);
  }
}

export function createClient(connectString: string, config: ClientConfig = {}): Client {
  return new Client(connectString, config);
}

/** The last connect string parsed and its (read-only) result: an application's clients mostly share one string, and
 *  parsing it again showed up on every session set-up. */
let lastConnectString: { readonly text: string; readonly parsed: ConnectString } | undefined;

function parseConnectStringOnce(text: string): ConnectString {
  if (lastConnectString?.text !== text) lastConnectString = { text, parsed: parseConnectString(text) };
  return lastConnectString.parsed;
}

function endedError(state: ClientState): KeeperError | undefined {
  if (state === ClientState.EXPIRED) return new KeeperError(Errno.SESSIONEXPIRED);
  if (state === ClientState.AUTH_FAILED) return new KeeperError(Errno.AUTHFAILED);
  return undefined;
}

function pathError(path: string): RxzkError | undefined {
  const reason = invalidPathReason(path);
  return reason === undefined ? undefined : new RxzkError('BAD_PATH', `invalid path "${path}": ${reason}`);
}

function checkPath(path: string): void {
  const invalid = pathError(path);
  if (invalid !== undefined) throw invalid;
}

/** The options every call without its own shares: a default `{}` would be a new object per request. */
const NO_OPTIONS: CallOptions = Object.freeze({});
const notAbandoned = (): boolean => false;
const toVoid = (): void => undefined;
const toStat = (reply: { readonly stat: Stat }): Stat => reply.stat;
const toNodeData = (reply: ResponseOf<typeof OpCode.getData>): NodeData =>
  ({ data: reply.data ?? new Uint8Array(), stat: reply.stat });
const toNodeChildren = (reply: ResponseOf<typeof OpCode.getChildren2>): NodeChildren =>
  ({ children: reply.children, stat: reply.stat });

function pathOption(path: string | undefined): { path?: string } {
  return path === undefined ? {} : { path };
}
