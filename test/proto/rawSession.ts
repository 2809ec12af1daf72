// A bare-bones client connection for protocol tests: dials 127.0.0.1 with the streams kernel, sends payloads
// encoded by our codecs and hands back server frames in arrival order, recording both directions. No session logic.
import { filter, firstValueFrom, startWith, Subject, take, timeout, type Subscription } from 'rxjs';
import { dial, framed, type Duplex } from '../../streams/index.js';
import { JUTE_MAX_BUFFER_BYTES } from '../../src/jute/index.js';

export interface RecordedFrame {
  readonly name: string;
  readonly from: 'client' | 'server';
  readonly payload: Uint8Array;
}

export interface RawSessionConfig {
  readonly host: string;
  readonly port: number;
  /** Bound on every wait for a frame. */
  readonly waitMs?: number;
}

export class RawSession {
  readonly recorded: RecordedFrame[] = [];
  private readonly inbox: Uint8Array[] = [];
  private readonly arrived = new Subject<void>();
  private readonly waitMs: number;
  private connection: Duplex<Uint8Array, Uint8Array> | undefined;
  private socket: Duplex<Uint8Array, Uint8Array> | undefined;
  private subscriptions: Subscription[] = [];

  private constructor(waitMs: number) {
    this.waitMs = waitMs;
  }

  static async open(config: RawSessionConfig): Promise<RawSession> {
    const { host, port, waitMs = 10_000 } = config;
    const session = new RawSession(waitMs);
    const connected = new Subject<Duplex<Uint8Array, Uint8Array>>();
    let socket: Duplex<Uint8Array, Uint8Array> | undefined;
    const ready = firstValueFrom(connected.pipe(take(1), timeout(waitMs)));
    session.subscriptions.push(
      dial({ host, port, connectTimeoutMs: waitMs }).subscribe({
        next: (dialled) => {
          socket = dialled;
          connected.next(framed(dialled, { frameBytesMax: JUTE_MAX_BUFFER_BYTES }));
        },
        error: (error: unknown) => connected.error(error),
      }),
    );
    session.attach(await ready);
    session.socket = socket;
    return session;
  }

  send(name: string, payload: Uint8Array): void {
    if (this.connection === undefined) throw new Error('raw session is not connected');
    this.recorded.push({ name, from: 'client', payload });
    this.connection.send(payload);
  }

  /** Several whole frames (length prefixes included) in one write, to test pipelining; recorded as one entry. */
  sendFrames(name: string, frames: Uint8Array): void {
    if (this.socket === undefined) throw new Error('raw session is not connected');
    this.recorded.push({ name, from: 'client', payload: frames });
    this.socket.send(frames);
  }

  /** The next server frame, recorded under `name` (bounded by waitMs; rejects if the server closes first). */
  async receive(name: string): Promise<Uint8Array> {
    await firstValueFrom(
      this.arrived.pipe(
        startWith(undefined),
        filter(() => this.inbox.length > 0),
        take(1),
        timeout(this.waitMs),
      ),
    );
    const payload = this.inbox.shift();
    if (payload === undefined) throw new Error('raw session inbox empty');
    this.recorded.push({ name, from: 'server', payload });
    return payload;
  }

  /** Resolves once the server has closed the connection (bounded by waitMs). */
  async closedByServer(): Promise<void> {
    if (this.connection === undefined) return;
    await firstValueFrom(this.connection.closed$.pipe(timeout(this.waitMs)));
  }

  close(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions = [];
  }

  private attach(connection: Duplex<Uint8Array, Uint8Array>): void {
    this.connection = connection;
    this.subscriptions.push(
      connection.input$.subscribe({
        next: (payload) => {
          this.inbox.push(payload.slice());
          this.arrived.next();
        },
        error: (error: unknown) => this.arrived.error(error),
        complete: () => this.arrived.complete(),
      }),
    );
  }
}
