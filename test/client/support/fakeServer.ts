// A scripted in-memory ZooKeeper server for virtual-time client tests: the client's connector hands out memory
// duplex pairs, and each host answers (or refuses, or stays silent) as the test's script says. Everything the
// fake sees is logged with the scheduler's time so tests can assert dial, ping and SetWatches timing.
import { Observable, throwError, timer, map, type SchedulerLike } from 'rxjs';
import { framed, memoryDuplexPair, type Duplex } from '../../../streams/index.js';
import { JuteWriter, decodeRecord, encodeRecord } from '../../../src/jute/index.js';
import {
  OpCode, connectRequestCodec, create2ResponseCodec, errorResponseCodec, getChildren2ResponseCodec, connectResponseCodec, encodeReply, getDataResponseCodec, opRecordsOf,
  readRequestHeader, replyHeaderCodec, statCodec, watcherEventCodec, type ConnectRequest, type ServerAddress,
  type Stat,
} from '../../../src/proto/index.js';
import type { Connector } from '../../../src/client/connection.js';
import type { RwProber } from '../../../src/client/rwProbe.js';

export type Behaviour =
  /** The dial fails at once (connection refused). */
  | { readonly kind: 'refuse' }
  /** TCP accepted, but nothing is ever answered. */
  | { readonly kind: 'silent' }
  /** Answers the handshake; `pings: false` then ignores pings (a hung server); `expire` answers timeOut 0. */
  | { readonly kind: 'serve'; readonly timeOutMs?: number; readonly pings?: boolean; readonly expire?: boolean;
      readonly readOnly?: boolean;
      /** Answer getData with a reply whose body is cut short (a lying length). */
      readonly lie?: boolean };

export interface LogEntry {
  readonly at: number;
  readonly host: string;
  readonly what: string;
  readonly detail?: unknown;
}

export const SESSION_ID = 0x0100_0000_0000_0001n;
const PASSWORD = new Uint8Array(16).fill(7);

export const stat = (version: number, mzxid: bigint): Stat => ({
  czxid: 1n, mzxid, ctime: 0n, mtime: 0n, version, cversion: 0, aversion: 0, ephemeralOwner: 0n,
  dataLength: 1, numChildren: 0, pzxid: 1n,
});

/** One live connection as the fake server sees it; tests push notifications or break it through this. */
export class FakeConnection {
  zxid = 10n;
  constructor(readonly host: string, readonly frames: Duplex<Uint8Array, Uint8Array>) {}

  notify(type: number, path: string): void {
    const w = new JuteWriter();
    replyHeaderCodec.encode(w, { xid: -1, zxid: -1n, err: 0 });
    watcherEventCodec.encode(w, { type, state: 3, path });
    this.frames.send(w.toBytes());
  }

  sendRaw(payload: Uint8Array): void {
    this.frames.send(payload);
  }
}

export interface FakeEnsemble {
  readonly connector: Connector;
  readonly log: LogEntry[];
  readonly connections: FakeConnection[];
  /** Data each path holds (getData answers from here; missing -> NONODE). */
  readonly data: Map<string, string>;
  /** Answers `isro` probes from `isro` (a host missing there refuses the probe's connection). */
  readonly prober: RwProber;
  /** What each host answers to `isro`; 'silent' never answers. Tests change it as the "ensemble" changes. */
  readonly isro: Map<string, 'rw' | 'ro' | 'null' | 'silent'>;
}

/** `latencyMs` delays every frame in both directions, so handshakes and replies take visible virtual time. */
export function fakeEnsemble(scheduler: SchedulerLike, script: (host: string, attempt: number) => Behaviour,
  latencyMs = 1): FakeEnsemble {
  const log: LogEntry[] = [];
  const connections: FakeConnection[] = [];
  const data = new Map<string, string>();
  const attempts = new Map<string, number>();
  const connector: Connector = (address: ServerAddress) => {
    const host = `${address.host}:${address.port}`;
    const attempt = (attempts.get(host) ?? 0) + 1;
    attempts.set(host, attempt);
    log.push({ at: scheduler.now(), host, what: 'dial' });
    const behaviour = script(host, attempt);
    if (behaviour.kind === 'refuse') return throwError(() => new Error(`connect ECONNREFUSED ${host}`));
    return new Observable((subscriber) => {
      const [client, server] = memoryDuplexPair<Uint8Array, Uint8Array>({ scheduler, delayMs: latencyMs });
      const frames = framed(server, { frameBytesMax: 0xfffff });
      const connection = new FakeConnection(host, frames);
      connections.push(connection);
      frames.closed$.subscribe(() => log.push({ at: scheduler.now(), host, what: 'closed' }));
      frames.input$.subscribe({
        next: (payload) => answer(connection, behaviour, payload, { log, data, scheduler }),
        error: () => undefined,
      });
      subscriber.next(client);
    });
  };
  const isro = new Map<string, 'rw' | 'ro' | 'null' | 'silent'>();
  const prober: RwProber = (address) => {
    const host = `${address.host}:${address.port}`;
    const answer = isro.get(host);
    log.push({ at: scheduler.now(), host, what: 'isro', detail: answer ?? 'refused' });
    if (answer === undefined) return throwError(() => new Error(`connect ECONNREFUSED ${host}`));
    if (answer === 'silent') return new Observable<string>(() => undefined);
    return timer(2 * latencyMs, scheduler).pipe(map(() => answer));
  };
  return { connector, log, connections, data, prober, isro };
}

interface Env {
  readonly log: LogEntry[];
  readonly data: Map<string, string>;
  readonly scheduler: SchedulerLike;
}

const handshaken = new WeakSet<FakeConnection>();

function answer(connection: FakeConnection, behaviour: Behaviour, payload: Uint8Array, env: Env): void {
  if (behaviour.kind !== 'serve') return;
  const at = env.scheduler.now();
  if (!handshaken.has(connection)) {
    handshaken.add(connection);
    const request: ConnectRequest = decodeRecord(connectRequestCodec, payload);
    env.log.push({ at, host: connection.host, what: 'connect', detail: request });
    const timeOut = behaviour.expire === true ? 0 : behaviour.timeOutMs ?? request.timeOut;
    connection.frames.send(encodeRecord(connectResponseCodec, {
      protocolVersion: 0, timeOut, sessionId: behaviour.expire === true ? 0n : SESSION_ID,
      passwd: behaviour.expire === true ? new Uint8Array(16) : PASSWORD, readOnly: behaviour.readOnly ?? false,
    }));
    if (behaviour.expire === true) connection.frames.close();
    return;
  }
  const { header, reader } = readRequestHeader(payload);
  if (header.type === OpCode.ping) {
    env.log.push({ at, host: connection.host, what: 'ping' });
    if (behaviour.pings !== false) connection.frames.send(encodeReply({ xid: -2, zxid: connection.zxid, err: 0 }));
    return;
  }
  const request = opRecordsOf(header.type)?.request.decode(reader);
  env.log.push({ at, host: connection.host, what: opName(header.type), detail: request });
  const reply = replyFor(connection, header.xid, header.type, request, env);
  connection.frames.send(behaviour.lie === true && header.type === OpCode.getData ? reply.subarray(0, 24) : reply);
  if (header.type === OpCode.closeSession) connection.frames.close();
}

function replyFor(connection: FakeConnection, xid: number, type: number, request: unknown, env: Env): Uint8Array {
  const zxid = connection.zxid;
  if (type === OpCode.getData) {
    const value = env.data.get((request as { path: string }).path);
    if (value === undefined) return encodeReply({ xid, zxid, err: -101 });
    return encodeReply({ xid, zxid, err: 0 }, getDataResponseCodec,
      { data: new TextEncoder().encode(value), stat: stat(Number(zxid), zxid) });
  }
  if (type === OpCode.exists) {
    const present = env.data.has((request as { path: string }).path);
    return present ? encodeReply({ xid, zxid, err: 0 }, statCodec, stat(0, zxid)) : encodeReply({ xid, zxid, err: -101 });
  }
  if (type === OpCode.addWatch) return encodeReply({ xid, zxid, err: 0 }, errorResponseCodec, { err: 0 });
  if (type === OpCode.create2) return create2Reply(xid, zxid, request as { path: string; data: Uint8Array | null;
    flags: number }, env);
  if (type === OpCode.getChildren2) {
    const path = (request as { path: string }).path;
    if (!env.data.has(path) && path !== '/') return encodeReply({ xid, zxid, err: -101 });
    return encodeReply({ xid, zxid, err: 0 }, getChildren2ResponseCodec, { children: childrenOf(env.data, path),
      stat: stat(0, zxid) });
  }
  if (type === OpCode.delete) {
    const path = (request as { path: string }).path;
    return encodeReply({ xid, zxid, err: env.data.delete(path) ? 0 : -101 });
  }
  return encodeReply({ xid, zxid, err: 0 });
}

function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at <= 0 ? '/' : path.slice(0, at);
}

function childrenOf(data: ReadonlyMap<string, string>, path: string): string[] {
  return [...data.keys()].filter((key) => key !== '/' && parentOf(key) === path)
    .map((key) => key.slice(key.lastIndexOf('/') + 1));
}

/** Sequential names count every child the parent ever had, like the parent's cversion. */
const sequenceCounters = new WeakMap<Map<string, string>, Map<string, number>>();

function create2Reply(xid: number, zxid: bigint, request: { path: string; data: Uint8Array | null; flags: number },
  env: Env): Uint8Array {
  const parent = parentOf(request.path);
  if (parent !== '/' && !env.data.has(parent)) return encodeReply({ xid, zxid, err: -101 });
  const counters = sequenceCounters.get(env.data) ?? new Map<string, number>();
  sequenceCounters.set(env.data, counters);
  // Nodes a test put in place beforehand count as children created earlier.
  const sequence = counters.get(parent) ?? childrenOf(env.data, parent).length;
  counters.set(parent, sequence + 1);
  const sequential = (request.flags & 2) !== 0;
  const path = sequential ? `${request.path}${String(sequence).padStart(10, '0')}` : request.path;
  if (env.data.has(path)) return encodeReply({ xid, zxid, err: -110 });
  env.data.set(path, new TextDecoder().decode(request.data ?? new Uint8Array()));
  return encodeReply({ xid, zxid, err: 0 }, create2ResponseCodec, { path, stat: stat(0, zxid) });
}

function opName(type: number): string {
  return Object.entries(OpCode).find(([, code]) => code === type)?.[0] ?? `op${type}`;
}
