// TCP as Observables: dial() emits one connection, listen() emits accepted ones. Each connection is a byte Duplex
// whose input$ pulls from the socket only while subscribed (the kernel holds the rest), and whose send() reports
// the socket's own backpressure instead of buffering in our code.
import * as net from 'node:net';
import { Observable, ReplaySubject, Subject, Subscription, asyncScheduler, type SchedulerLike } from 'rxjs';
import { InputAlreadyConsumedError, type CloseInfo, type Duplex } from './duplex.js';

export interface SocketAddress {
  readonly host: string;
  readonly port: number;
}

export interface SocketDuplex extends Duplex<Uint8Array, Uint8Array> {
  readonly local: SocketAddress;
  readonly remote: SocketAddress;
}

export class ConnectTimeoutError extends Error {
  override readonly name = 'ConnectTimeoutError';
  readonly address: SocketAddress;
  readonly timeoutMs: number;
  constructor(address: SocketAddress, timeoutMs: number) {
    super(`connect to ${address.host}:${address.port} timed out after ${timeoutMs} ms`);
    this.address = address;
    this.timeoutMs = timeoutMs;
  }
}

export interface SocketOptions {
  /** TCP_NODELAY; ZooKeeper sets it on election and client sockets. Default true. */
  readonly noDelay?: boolean;
  readonly keepAlive?: boolean;
}

class TcpConnection implements SocketDuplex {
  readonly input$: Observable<Uint8Array>;
  readonly ready$ = new Subject<void>();
  readonly closed$ = new ReplaySubject<CloseInfo>(1);
  private localAddress: SocketAddress | undefined;
  private remoteAddress: SocketAddress | undefined;
  private failure: Error | undefined;
  private reading = false;
  private paused = false;

  constructor(private readonly socket: net.Socket, addresses: 'eager' | 'lazy') {
    if (addresses === 'eager') {
      void this.local;
      void this.remote;
    }
    // An 'error' without a listener would crash the process; keep one for the socket's whole life.
    socket.on('error', (error) => {
      this.failure ??= error;
    });
    socket.on('drain', () => this.ready$.next());
    socket.once('close', () => {
      this.closed$.next(this.failure === undefined ? {} : { error: this.failure });
      this.closed$.complete();
      this.ready$.complete();
    });
    this.input$ = new Observable<Uint8Array>((subscriber) => {
      if (this.reading) {
        subscriber.error(new InputAlreadyConsumedError());
        return undefined;
      }
      this.reading = true;
      const onData = (chunk: Buffer): void => subscriber.next(chunk);
      const onEnd = (): void => subscriber.complete();
      const onError = (error: Error): void => subscriber.error(error);
      const onClose = (): void => {
        if (this.failure !== undefined) subscriber.error(this.failure);
        else subscriber.complete();
      };
      socket.on('data', onData);
      socket.on('end', onEnd);
      socket.on('error', onError);
      socket.on('close', onClose);
      if (socket.destroyed) onClose();
      else if (!this.paused) socket.resume();
      return () => {
        socket.off('data', onData);
        socket.off('end', onEnd);
        socket.off('error', onError);
        socket.off('close', onClose);
        socket.destroy();
      };
    });
  }

  // Read on first use: each is a system call, and a client's dial rarely needs them. An accepted connection reads
  // both at once (wrapSocket's `addresses`), so what a server logs about it stays known after the close.
  get local(): SocketAddress {
    this.localAddress ??= { host: this.socket.localAddress ?? '', port: this.socket.localPort ?? 0 };
    return this.localAddress;
  }

  get remote(): SocketAddress {
    this.remoteAddress ??= { host: this.socket.remoteAddress ?? '', port: this.socket.remotePort ?? 0 };
    return this.remoteAddress;
  }

  send(bytes: Uint8Array): boolean {
    if (this.socket.destroyed || this.socket.writableEnded) return false;
    return this.socket.write(bytes);
  }

  pause(): void {
    this.paused = true;
    this.socket.pause();
  }

  resume(): void {
    this.paused = false;
    if (this.reading) this.socket.resume();
  }

  sendAll(parts: readonly Uint8Array[]): boolean {
    if (this.socket.destroyed || this.socket.writableEnded) return false;
    this.socket.cork();
    let more = true;
    for (const part of parts) more = this.socket.write(part);
    this.socket.uncork();
    return more;
  }

  close(): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    // Flush what was written, send FIN, then release the descriptor without waiting on the peer.
    this.socket.end(() => this.socket.destroy());
  }

  destroy(error?: Error): void {
    if (error !== undefined) this.failure ??= error;
    this.socket.destroy();
  }
}

/** `addresses: 'lazy'` defers reading the local and remote address until asked (dialed sockets). */
export function wrapSocket(socket: net.Socket, options: SocketOptions & { readonly addresses?: 'eager' | 'lazy' } = {})
: SocketDuplex {
  const { noDelay = true, keepAlive = false, addresses = 'eager' } = options;
  socket.setNoDelay(noDelay);
  if (keepAlive) socket.setKeepAlive(true);
  socket.pause();
  return new TcpConnection(socket, addresses);
}

export interface DialConfig extends SocketOptions {
  readonly host: string;
  readonly port: number;
  /** Default 5000, ZooKeeper's cnxTimeout. Infinity: no timer, the caller bounds the dial (unsubscribing aborts it). */
  readonly connectTimeoutMs?: number;
  readonly localHost?: string;
  readonly scheduler?: SchedulerLike;
}

/** Emits one SocketDuplex once connected and completes when it closes; unsubscribing closes it or aborts the dial. */
export function dial(config: DialConfig): Observable<SocketDuplex> {
  const { host, port, connectTimeoutMs = 5000, localHost, scheduler = asyncScheduler } = config;
  return new Observable<SocketDuplex>((subscriber) => {
    const socket = net.connect(localHost === undefined ? { host, port } : { host, port, localAddress: localHost });
    const onDialError = (error: Error): void => {
      timeout.unsubscribe();
      subscriber.error(error);
    };
    socket.once('error', onDialError);
    // The scheduler directly rather than timer(): one action instead of an Observable and its subscriber per dial.
    const timeout = connectTimeoutMs !== Number.POSITIVE_INFINITY ? scheduler.schedule(() => {
      socket.destroy();
      subscriber.error(new ConnectTimeoutError({ host, port }, connectTimeoutMs));
    }, connectTimeoutMs) : Subscription.EMPTY;
    socket.once('connect', () => {
      socket.off('error', onDialError);
      const connection = wrapSocket(socket, { noDelay: config.noDelay ?? true, keepAlive: config.keepAlive ?? false,
        addresses: 'lazy' });
      subscriber.next(connection);
      // Cleared after the hand-over (it cannot fire in between): a client writes its first request sooner.
      timeout.unsubscribe();
      connection.closed$.subscribe(() => subscriber.complete());
    });
    return () => {
      timeout.unsubscribe();
      socket.destroy();
    };
  });
}

export interface ListenConfig extends SocketOptions {
  readonly host: string;
  /** 0 picks a free port; the 'listening' event says which. */
  readonly port: number;
  readonly backlog?: number;
  /** Accepted connections held open at once; more are closed on arrival. */
  readonly connectionsMax?: number;
}

export type ListenEvent =
  | { readonly kind: 'listening'; readonly address: SocketAddress }
  | { readonly kind: 'connection'; readonly connection: SocketDuplex };

/** Binds on subscribe (a bind failure errors, so retry() works); unsubscribing closes the server and its connections. */
export function listen(config: ListenConfig): Observable<ListenEvent> {
  const { host, port, backlog = 511, connectionsMax = 10_000 } = config;
  return new Observable<ListenEvent>((subscriber) => {
    const open = new Set<SocketDuplex>();
    const server = net.createServer({ pauseOnConnect: true });
    server.on('connection', (socket) => {
      if (open.size >= connectionsMax) {
        socket.destroy();
        return;
      }
      socket.on('error', () => undefined); // wrapSocket records errors; this covers the gap before it.
      const connection = wrapSocket(socket, config);
      open.add(connection);
      connection.closed$.subscribe(() => open.delete(connection));
      subscriber.next({ kind: 'connection', connection });
    });
    server.on('error', (error) => subscriber.error(error));
    server.listen({ host, port, backlog }, () => {
      const address = server.address() as net.AddressInfo;
      subscriber.next({ kind: 'listening', address: { host: address.address, port: address.port } });
    });
    return () => {
      server.close();
      for (const connection of open) connection.destroy();
      open.clear();
    };
  });
}
