// One client connection after it has been recognised as a session (NIOServerCnxn's read side): length-prefixed
// frames bounded by jute.maxbuffer, the ConnectRequest first, then request headers and bodies decoded for the
// pipeline. Anything undecodable before a header is readable closes this connection only; a bad body is answered
// with MARSHALLINGERROR, as ZooKeeper does.
import { Subscription, timer, type Observable, type SchedulerLike } from 'rxjs';
import { FrameDecoder, encodeFrame, type SocketDuplex } from '../../streams/index.js';
import { JuteReader } from '../jute/reader.js';
import type { Logger } from '../logging.js';
import { connectRequestCodec, type ConnectRequest } from '../proto/connectRequest.js';
import { ErrorCode } from '../proto/errorCodes.js';
import { OpCode } from '../proto/opCodes.js';
import { opRecordsOf } from '../proto/opRecords.js';
import { encodeReply, readRequestHeader } from '../proto/packet.js';
import type { RequestHeader } from '../proto/requestHeader.js';

export interface SessionConnectionHandler {
  onConnect(conn: SessionConnection, request: ConnectRequest): void;
  onRequest(conn: SessionConnection, header: RequestHeader, body: unknown): void;
  onClosed(conn: SessionConnection): void;
}

export interface SessionConnectionConfig {
  readonly id: number;
  readonly frameBytesMax: number;
  readonly handshakeTimeoutMs?: number;
  readonly logger: Logger;
  readonly scheduler?: SchedulerLike;
}

/** Requests of one connection handed on but not yet started by the pipeline; past it, reading pauses (TCP then makes
 *  the client wait), as ZooKeeper throttles a connection with too many outstanding requests. */
export const IN_FLIGHT_REQUESTS_MAX = 1000;

export class SessionConnection {
  readonly id: number;
  readonly remote: { readonly host: string; readonly port: number };
  sessionId: bigint | undefined;
  /** Requests that arrived before the session was set up (clients may pipeline behind the ConnectRequest). */
  readonly early: { header: RequestHeader; body: unknown }[] = [];
  established = false;
  packetsReceived = 0n;
  packetsSent = 0n;
  private readonly subscription = new Subscription();
  private readonly log: Logger;
  private connectSeen = false;
  private closed = false;
  private inFlight = 0;
  private writeBlocked = false;
  private readPaused = false;

  constructor(
    private readonly socket: SocketDuplex,
    bytes$: Observable<Uint8Array>,
    private readonly handler: SessionConnectionHandler,
    config: SessionConnectionConfig,
  ) {
    this.id = config.id;
    this.remote = socket.remote;
    this.log = config.logger.child({ connection: config.id, remote: `${socket.remote.host}:${socket.remote.port}` });
    const decoder = new FrameDecoder({ frameBytesMax: config.frameBytesMax });
    const { handshakeTimeoutMs = 10_000 } = config;
    this.subscription.add(timer(handshakeTimeoutMs, config.scheduler).subscribe(() => {
      if (!this.established) this.abort(`no session established within ${handshakeTimeoutMs} ms`);
    }));
    this.subscription.add(bytes$.subscribe({
      next: (chunk) => this.onChunk(decoder, chunk),
      error: () => this.finish(),
      complete: () => this.finish(),
    }));
    this.subscription.add(socket.closed$.subscribe(() => this.finish()));
  }

  send(payload: Uint8Array): void {
    if (this.closed) return;
    this.packetsSent += 1n;
    if (this.socket.send(encodeFrame(payload)) || this.writeBlocked) return;
    // The client is not reading its replies: stop reading its requests until the socket drains.
    this.writeBlocked = true;
    this.updateFlow();
    const drained = this.socket.ready$.subscribe(() => {
      drained.unsubscribe();
      this.writeBlocked = false;
      this.updateFlow();
    });
    this.subscription.add(drained);
  }

  /** The pipeline started one of this connection's requests. */
  requestStarted(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.updateFlow();
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  private requestQueued(): void {
    this.inFlight += 1;
    this.updateFlow();
  }

  /** Pause reads while too much is in flight or replies back up; resume below half the limit. */
  private updateFlow(): void {
    const overloaded = this.inFlight >= IN_FLIGHT_REQUESTS_MAX || this.writeBlocked;
    if (overloaded && !this.readPaused) {
      this.readPaused = true;
      this.socket.pause?.();
    } else if (this.readPaused && !this.writeBlocked && this.inFlight <= IN_FLIGHT_REQUESTS_MAX / 2) {
      this.readPaused = false;
      this.socket.resume?.();
    }
  }

  /** Flush what was sent, then close. */
  close(): void {
    this.socket.close();
  }

  /** A protocol violation: log why and drop the connection at once. */
  abort(reason: string): void {
    if (this.closed) return;
    this.log.warn({ reason }, `closing client connection: ${reason}`);
    this.socket.destroy();
    this.finish();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private onChunk(decoder: FrameDecoder, chunk: Uint8Array): void {
    if (this.closed) return;
    let frames: Uint8Array[];
    try {
      frames = decoder.push(chunk);
    } catch (error) {
      return this.abort(error instanceof Error ? error.message : String(error));
    }
    for (const frame of frames) {
      if (this.closed) return;
      this.packetsReceived += 1n;
      if (!this.connectSeen) this.onConnectFrame(frame);
      else this.onRequestFrame(frame);
    }
  }

  private onConnectFrame(frame: Uint8Array): void {
    this.connectSeen = true;
    let request: ConnectRequest;
    try {
      const reader = new JuteReader(frame);
      request = connectRequestCodec.decode(reader);
      reader.expectEnd();
    } catch (error) {
      return this.abort(`bad ConnectRequest: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.handler.onConnect(this, request);
  }

  private onRequestFrame(frame: Uint8Array): void {
    let header: RequestHeader;
    let reader: JuteReader;
    try {
      ({ header, reader } = readRequestHeader(frame));
    } catch (error) {
      return this.abort(`bad request header: ${error instanceof Error ? error.message : String(error)}`);
    }
    const records = opRecordsOf(header.type);
    if (records === undefined || header.type === OpCode.sasl) {
      return this.send(encodeReply({ xid: header.xid, zxid: 0n, err: ErrorCode.UNIMPLEMENTED }));
    }
    let body: unknown;
    try {
      body = records.request.decode(reader);
      reader.expectEnd();
    } catch (error) {
      this.log.warn({ type: header.type }, `undecodable request: ${error instanceof Error ? error.message : String(error)}`);
      return this.send(encodeReply({ xid: header.xid, zxid: 0n, err: ErrorCode.MARSHALLINGERROR }));
    }
    this.requestQueued();
    if (!this.established) this.early.push({ header, body });
    else this.handler.onRequest(this, header, body);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.subscription.unsubscribe();
    this.handler.onClosed(this);
  }
}
