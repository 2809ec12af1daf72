// A virtual-time network for manager tests: a QuorumConnector per manager whose dials become memory duplex pairs,
// either to another manager's listener or to a scripted peer end the test drives by hand.
import { NEVER, Subject, concat, defer, map, mergeMap, of, throwError, timer, type Observable, type SchedulerLike } from 'rxjs';
import { memoryDuplexPair, type Duplex, type SocketAddress } from '../../streams/index.js';
import type { QuorumConnector, QuorumListenEvent } from '../../src/quorum/connector.js';
import { PACKET_BYTES_MAX } from '../../src/quorum/constants.js';
import { readAccepted, type AcceptedInput } from '../../src/quorum/readAccepted.js';

type Bytes = Duplex<Uint8Array, Uint8Array>;

/** How a dial to a port behaves: connect after delayMs, or hang until the connect timeout. */
export type DialBehaviour = { readonly delayMs: number } | 'hang';

export class ConnectTimeoutLikeError extends Error {
  override readonly name = 'ConnectTimeoutError';
}

export class FakeNetwork {
  /** Peer ends of connections dialled to ports no manager listens on, in dial order, per port. */
  readonly peerEnds = new Map<number, Bytes[]>();
  /** Each connection a manager dials to a scripted peer, as it opens. */
  readonly peerConnections$ = new Subject<{ readonly port: number; readonly end: Bytes }>();
  readonly dials: { readonly port: number; readonly at: number }[] = [];
  readonly pairs: { readonly ours: Bytes; readonly theirs: Bytes; closed: boolean }[] = [];
  private readonly listeners = new Map<number, Subject<QuorumListenEvent>>();
  private readonly behaviour = new Map<number, DialBehaviour>();

  constructor(private readonly scheduler: SchedulerLike) {}

  behave(port: number, behaviour: DialBehaviour): void {
    this.behaviour.set(port, behaviour);
  }

  connector(): QuorumConnector {
    return { dial: (address, timeoutMs) => this.dial(address, timeoutMs), listen: (address) => this.listen(address) };
  }

  /** Connects to a listening manager as a raw peer; the returned end is the peer's. */
  connectTo(port: number): Bytes {
    const { ours, theirs } = this.pair();
    this.listeners.get(port)?.next({ kind: 'connection', connection: ours });
    return theirs;
  }

  openPairs(): number {
    return this.pairs.filter((p) => !p.closed).length;
  }

  private pair(): { ours: Bytes; theirs: Bytes } {
    const [ours, theirs] = memoryDuplexPair<Uint8Array, Uint8Array>({ scheduler: this.scheduler });
    const entry = { ours, theirs, closed: false };
    ours.closed$.subscribe(() => (entry.closed = true));
    this.pairs.push(entry);
    return { ours, theirs };
  }

  private dial(address: SocketAddress, timeoutMs: number): Observable<Bytes> {
    return defer(() => {
      this.dials.push({ port: address.port, at: this.scheduler.now() });
      const behaviour = this.behaviour.get(address.port) ?? { delayMs: 1 };
      if (behaviour === 'hang') {
        return timer(timeoutMs, this.scheduler).pipe(mergeMap(() => throwError(() => new ConnectTimeoutLikeError(`timed out after ${timeoutMs} ms`))));
      }
      return timer(behaviour.delayMs, this.scheduler).pipe(map(() => {
        const { ours, theirs } = this.pair();
        const listener = this.listeners.get(address.port);
        if (listener !== undefined) listener.next({ kind: 'connection', connection: theirs });
        else {
          this.peerEnds.set(address.port, [...(this.peerEnds.get(address.port) ?? []), theirs]);
          this.peerConnections$.next({ port: address.port, end: theirs });
        }
        return ours;
      }), mergeMap((ours) => concat(of(ours), NEVER)));
    });
  }

  private listen(address: SocketAddress): Observable<QuorumListenEvent> {
    return defer(() => {
      const subject = new Subject<QuorumListenEvent>();
      this.listeners.set(address.port, subject);
      return concat(of<QuorumListenEvent>({ kind: 'listening', address }), subject);
    });
  }
}

/** What a scripted peer reads on a connection we dialled: our initial message, then frames. */
export function peerReads(end: Bytes, scheduler: SchedulerLike): Observable<AcceptedInput> {
  return readAccepted(end.input$, { frameBytesMax: PACKET_BYTES_MAX, handshakeTimeoutMs: 1_000_000, scheduler });
}
