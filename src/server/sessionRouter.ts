// Binds connections to sessions (ZooKeeperServer.processConnectRequest and the request entry of NIOServerCnxn):
// negotiates the timeout, creates or revalidates the session, replays requests pipelined behind the handshake, and
// feeds every request to the pipeline with the session touched on receipt.
import type { Logger } from '../logging.js';
import type { Id } from '../proto/acl.js';
import type { AuthPacket } from '../proto/authPacket.js';
import { connectResponseCodec, type ConnectResponse } from '../proto/connectResponse.js';
import type { ConnectRequest } from '../proto/connectRequest.js';
import { ErrorCode } from '../proto/errorCodes.js';
import { OpCode } from '../proto/opCodes.js';
import { encodeReply } from '../proto/packet.js';
import type { RequestHeader } from '../proto/requestHeader.js';
import { encodeRecord } from '../jute/record.js';
import type { RequestPipeline } from './requestPipeline.js';
import type { Output, Processed, ServerCore } from './serverCore.js';
import type { SessionConnection, SessionConnectionHandler } from './sessionConnection.js';
import { passwordMatches, sessionPassword } from './sessionPassword.js';
import type { SessionTracker } from './sessionTracker.js';

export interface SessionRouterConfig {
  readonly core: ServerCore;
  readonly tracker: SessionTracker;
  readonly pipeline: RequestPipeline;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
  readonly nowMs: () => number;
  readonly logger: Logger;
}

/** digest ids as ZooKeeper's DigestAuthenticationProvider computes them: user:base64(sha1("user:password")). */
export function digestId(userPassword: string): string {
  const user = userPassword.split(':', 1)[0] ?? '';
  // node:crypto is loaded on the first digest addAuth, not at start-up: loading it initialises OpenSSL, which costs
  // an idle server that never sees digest auth about 0.5 MB of RSS.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return `${user}:${createHash('sha1').update(userPassword, 'utf8').digest('base64')}`;
}

/** Identities one connection may hold (ip plus digests added with addAuth). */
export const AUTH_IDS_PER_CONNECTION_MAX = 64;

export class SessionRouter implements SessionConnectionHandler {
  readonly connections = new Map<number, SessionConnection>();
  private readonly bySession = new Map<bigint, SessionConnection>();
  private readonly authIds = new Map<number, Id[]>();
  /** Packets of connections already closed, so srvr's Received/Sent are cumulative as in ZooKeeper. */
  closedReceived = 0n;
  closedSent = 0n;

  constructor(private readonly config: SessionRouterConfig) {}

  add(conn: SessionConnection): void {
    this.connections.set(conn.id, conn);
    this.authIds.set(conn.id, [{ scheme: 'ip', id: conn.remote.host }]);
  }

  connectionOf(sessionId: bigint): SessionConnection | undefined {
    return this.bySession.get(sessionId);
  }

  deliver(outputs: readonly Output[]): void {
    for (const output of outputs) {
      const conn = this.connections.get(output.watcher);
      if (output.kind === 'frame') conn?.send(output.payload);
      else conn?.close();
    }
  }

  onConnect(conn: SessionConnection, req: ConnectRequest): void {
    const { core, tracker, pipeline } = this.config;
    if (req.lastZxidSeen > core.lastZxid) {
      return conn.abort(`client has seen zxid 0x${req.lastZxidSeen.toString(16)}, ours is 0x${core.lastZxid.toString(16)}`);
    }
    const timeoutMs = Math.min(this.config.maxSessionTimeoutMs, Math.max(this.config.minSessionTimeoutMs, req.timeOut));
    const withReadOnly = req.readOnly !== undefined;
    const now = this.config.nowMs();
    if (req.sessionId === 0n) {
      const id = tracker.newSessionId();
      tracker.track(id, timeoutMs, now);
      this.bind(conn, id);
      pipeline.submit(() => ({ txn: core.createSession(id, timeoutMs, BigInt(now)), outputs: [this.accept(conn, timeoutMs, id, withReadOnly)] }));
      return this.replayEarly(conn);
    }
    if (!tracker.isLive(req.sessionId) || !passwordMatches(req.sessionId, req.passwd)) {
      const refusal: ConnectResponse = { protocolVersion: 0, timeOut: 0, sessionId: 0n, passwd: new Uint8Array(16),
        ...(withReadOnly && { readOnly: false }) };
      this.config.logger.info({ sessionId: `0x${req.sessionId.toString(16)}` }, 'refusing reconnect: session expired or bad password');
      pipeline.submit(() => ({ outputs: [{ kind: 'frame', watcher: conn.id, payload: encodeRecord(connectResponseCodec, refusal) },
        { kind: 'close', watcher: conn.id }] }));
      return undefined;
    }
    const previous = this.bySession.get(req.sessionId);
    if (previous !== undefined && previous !== conn) previous.abort('session reopened on another connection');
    tracker.touch(req.sessionId, now, timeoutMs);
    this.bind(conn, req.sessionId);
    pipeline.submit(() => ({ outputs: [this.accept(conn, timeoutMs, req.sessionId, withReadOnly)] }));
    return this.replayEarly(conn);
  }

  onRequest(conn: SessionConnection, header: RequestHeader, body: unknown): void {
    const sessionId = conn.sessionId;
    if (sessionId === undefined) return conn.requestStarted();
    this.config.tracker.touch(sessionId, this.config.nowMs());
    if (header.type === OpCode.auth) return this.auth(conn, header, body as AuthPacket);
    const authIds = [...(this.authIds.get(conn.id) ?? [])];
    this.submitFor(conn, () => this.run(conn, sessionId, header, body, authIds));
  }

  /** Submits one of conn's requests, telling conn when the pipeline starts it (its in-flight count). A request that
   *  throws (a bug in our code, not the client's) closes that one connection with a log line; the server goes on. */
  private submitFor(conn: SessionConnection, job: () => Processed): void {
    this.config.pipeline.submit(() => {
      conn.requestStarted();
      try {
        return job();
      } catch (error) {
        this.config.logger.error({ err: error, connection: conn.id }, 'request failed inside the server; closing its connection');
        return { outputs: [{ kind: 'close', watcher: conn.id }] };
      }
    });
  }

  onClosed(conn: SessionConnection): void {
    this.closedReceived += conn.packetsReceived;
    this.closedSent += conn.packetsSent;
    this.connections.delete(conn.id);
    this.authIds.delete(conn.id);
    this.config.core.watches.removeWatcher(conn.id);
    if (conn.sessionId !== undefined && this.bySession.get(conn.sessionId) === conn) this.bySession.delete(conn.sessionId);
  }

  /** Ends a session whose bucket expired: ephemerals go, its connection (if any) is closed. */
  expire(sessionId: bigint): void {
    const { core, tracker, pipeline } = this.config;
    this.config.logger.info({ sessionId: `0x${sessionId.toString(16)}` }, 'session expired');
    pipeline.submit(() => {
      const processed = core.closeSession(sessionId, BigInt(this.config.nowMs()));
      tracker.remove(sessionId);
      const conn = this.bySession.get(sessionId);
      return conn === undefined ? processed : { ...processed, outputs: [...processed.outputs, { kind: 'close', watcher: conn.id }] };
    });
  }

  private run(conn: SessionConnection, sessionId: bigint, header: RequestHeader, body: unknown, authIds: Id[]): Processed {
    const { core, tracker } = this.config;
    if (!tracker.isLive(sessionId)) return { outputs: [] };
    if (header.type === OpCode.closeSession) tracker.setClosing(sessionId);
    const processed = core.process({ sessionId, xid: header.xid, type: header.type, body, watcher: conn.id, authIds },
      BigInt(this.config.nowMs()));
    if (header.type === OpCode.closeSession) tracker.remove(sessionId);
    return processed;
  }

  private auth(conn: SessionConnection, header: RequestHeader, packet: AuthPacket): void {
    const reply = (err: number): Output => ({ kind: 'frame', watcher: conn.id, payload: encodeReply({ xid: header.xid, zxid: 0n, err }) });
    if (packet.scheme !== 'digest' || packet.auth === null) {
      this.config.logger.warn({ scheme: packet.scheme }, 'authentication failed: unsupported scheme');
      return this.submitFor(conn, () => ({ outputs: [reply(ErrorCode.AUTHFAILED), { kind: 'close', watcher: conn.id }] }));
    }
    const id: Id = { scheme: 'digest', id: digestId(Buffer.from(packet.auth).toString('utf8')) };
    const ids = this.authIds.get(conn.id);
    // A bounded identity list: a client repeating addAuth with new credentials cannot grow it without limit.
    const fresh = ids !== undefined && !ids.some((x) => x.scheme === id.scheme && x.id === id.id);
    if (fresh && ids.length < AUTH_IDS_PER_CONNECTION_MAX) ids.push(id);
    this.submitFor(conn, () => ({ outputs: [reply(0)] }));
  }

  private bind(conn: SessionConnection, sessionId: bigint): void {
    conn.sessionId = sessionId;
    conn.established = true;
    this.bySession.set(sessionId, conn);
  }

  private accept(conn: SessionConnection, timeoutMs: number, sessionId: bigint, withReadOnly: boolean): Output {
    const response: ConnectResponse = { protocolVersion: 0, timeOut: timeoutMs, sessionId, passwd: sessionPassword(sessionId),
      ...(withReadOnly && { readOnly: false }) };
    return { kind: 'frame', watcher: conn.id, payload: encodeRecord(connectResponseCodec, response) };
  }

  private replayEarly(conn: SessionConnection): void {
    const early = conn.early.splice(0);
    for (const { header, body } of early) this.onRequest(conn, header, body);
  }
}
