// A Duplex is the one transport shape the rest of rxzk talks to: an inbound Observable plus send/close.
// Real sockets (socket.ts) and in-memory pairs (here) both implement it, so shells are testable without sockets.
import { Observable, ReplaySubject, Subject, type SchedulerLike } from 'rxjs';
import { decodeFrames, encodeFrame, encodeFrameHeader, type FrameDecoderConfig } from './frames.js';

/** Above this payload size a frame goes out as header + payload parts instead of one copied buffer. */
const GATHER_BYTES_MIN = 8 * 1024;

export interface CloseInfo {
  readonly error?: Error;
}

export interface Duplex<In, Out> {
  /** Unicast inbound items, one subscriber at a time. Completes on EOF, errors on a transport or decode error.
   *  Unsubscribing closes the transport. */
  readonly input$: Observable<In>;
  /** Hands one item to the transport. False means it is above its high-water mark (wait for ready$), or closed
   *  (the item is dropped). */
  send(item: Out): boolean;
  /** Optional: hands several items at once, letting a socket gather them into one system call. */
  sendAll?(items: readonly Out[]): boolean;
  /** Optional: stop taking inbound data until resume(). A socket leaves it in the kernel, and TCP makes the sender
   *  wait: how a server throttles a client that sends faster than it is served. */
  pause?(): void;
  resume?(): void;
  /** Emits each time a transport that answered false from send() can take more. */
  readonly ready$: Observable<void>;
  /** Graceful: deliver what was sent, then close. Idempotent. */
  close(): void;
  /** Immediate: drop what is unsent and close; the other side sees the error if one is given. Idempotent. */
  destroy(error?: Error): void;
  /** Emits once when the transport has closed, then completes; replays to late subscribers. A socket notices
   *  the peer's close only while someone reads input$ (unread bytes stay in the kernel until then). */
  readonly closed$: Observable<CloseInfo>;
}

/** Raised by input$ when a second subscriber arrives while the first is still reading. */
export class InputAlreadyConsumedError extends Error {
  override readonly name = 'InputAlreadyConsumedError';
  constructor() {
    super('input$ already has a subscriber');
  }
}

/** Raised when a memory duplex peer buffers more than bufferMax items that nobody reads. */
export class MemoryBufferOverflowError extends Error {
  override readonly name = 'MemoryBufferOverflowError';
  readonly bufferMax: number;
  constructor(bufferMax: number) {
    super(`memory duplex buffered more than ${bufferMax} unread items`);
    this.bufferMax = bufferMax;
  }
}

export interface MemoryDuplexConfig {
  /** Deliver on this scheduler (after delayMs) instead of synchronously. */
  readonly scheduler?: SchedulerLike;
  readonly delayMs?: number;
  /** Unread items one side may hold before the pair fails. */
  readonly bufferMax?: number;
}

type Signal<T> = { readonly kind: 'item'; readonly item: T } | { readonly kind: 'end'; readonly error?: Error };

/** One direction of a memory pair: a buffered mailbox read by a single subscriber. */
class Mailbox<T> {
  private readonly buffer: Signal<T>[] = [];
  private reader: ((signal: Signal<T>) => void) | undefined;
  private ended = false;

  constructor(private readonly bufferMax: number, private readonly onOverflow: () => void) {}

  post(signal: Signal<T>): void {
    if (this.ended) return;
    if (signal.kind === 'end') this.ended = true;
    if (this.reader !== undefined) {
      this.reader(signal);
      return;
    }
    if (signal.kind === 'item' && this.buffer.length >= this.bufferMax) {
      this.onOverflow();
      return;
    }
    this.buffer.push(signal);
  }

  attach(reader: (signal: Signal<T>) => void): boolean {
    if (this.reader !== undefined) return false;
    this.reader = reader;
    while (this.reader === reader && this.buffer.length > 0) reader(this.buffer.shift() as Signal<T>);
    return true;
  }

  detach(): void {
    this.reader = undefined;
  }
}

class MemoryEnd<In, Out> implements Duplex<In, Out> {
  readonly input$: Observable<In>;
  readonly ready$ = new Subject<void>();
  readonly closed$ = new ReplaySubject<CloseInfo>(1);
  other!: MemoryEnd<Out, In>;
  closed = false;

  constructor(readonly inbox: Mailbox<In>, private readonly deliver: (work: () => void) => void) {
    this.input$ = new Observable<In>((subscriber) => {
      const attached = inbox.attach((signal) => {
        if (signal.kind === 'item') subscriber.next(signal.item);
        else if (signal.error !== undefined) subscriber.error(signal.error);
        else subscriber.complete();
      });
      if (!attached) {
        subscriber.error(new InputAlreadyConsumedError());
        return undefined;
      }
      return () => {
        inbox.detach();
        this.destroy();
      };
    });
  }

  send(item: Out): boolean {
    if (this.closed) return false;
    this.deliver(() => this.other.inbox.post({ kind: 'item', item }));
    return true;
  }

  close(): void {
    this.shut(undefined);
  }

  destroy(error?: Error): void {
    this.shut(error);
  }

  private shut(error: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.other.closed = true;
    // The end travels behind the items already sent, so a graceful close delivers them first.
    this.deliver(() => {
      this.other.inbox.post(error === undefined ? { kind: 'end' } : { kind: 'end', error });
      this.inbox.post({ kind: 'end' });
      for (const end of [this, this.other] as const) {
        end.closed$.next(error === undefined ? {} : { error });
        end.closed$.complete();
        end.ready$.complete();
      }
    });
  }
}

/** Two connected in-memory Duplex ends: what one sends, the other reads. For socketless tests. */
export function memoryDuplexPair<A, B>(config: MemoryDuplexConfig = {}): [Duplex<A, B>, Duplex<B, A>] {
  const { scheduler, delayMs = 0, bufferMax = 10_000 } = config;
  const deliver =
    scheduler === undefined ? (work: () => void) => work() : (work: () => void) => void scheduler.schedule(work, delayMs);
  let left: MemoryEnd<A, B> | undefined;
  const overflow = (): void => left?.destroy(new MemoryBufferOverflowError(bufferMax));
  left = new MemoryEnd<A, B>(new Mailbox<A>(bufferMax, overflow), deliver);
  const right = new MemoryEnd<B, A>(new Mailbox<B>(bufferMax, overflow), deliver);
  left.other = right;
  right.other = left;
  return [left, right];
}

/** A byte duplex seen as a duplex of length-prefixed frames. A bad frame length errors input$, closing the transport. */
export function framed(bytes: Duplex<Uint8Array, Uint8Array>, config: FrameDecoderConfig): Duplex<Uint8Array, Uint8Array> {
  return {
    input$: bytes.input$.pipe(decodeFrames(config)),
    send: (payload) =>
      bytes.sendAll !== undefined && payload.length >= GATHER_BYTES_MIN
        ? bytes.sendAll([encodeFrameHeader(payload.length), payload])
        : bytes.send(encodeFrame(payload)),
    ready$: bytes.ready$,
    close: () => bytes.close(),
    destroy: (error) => bytes.destroy(error),
    closed$: bytes.closed$,
  };
}
