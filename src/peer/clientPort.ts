// The client port as a stream of accepted connections. The first four bytes decide what a connection is: a known
// four-letter word gets its text reply and the connection closes (as ZooKeeper does); anything else is handed to
// the session handler, which later issues provide. Until one exists, such connections are closed with a log line.
import { Subject, Subscription, timer, type Observable, type SchedulerLike } from 'rxjs';
import { listen, type ListenEvent, type SocketAddress, type SocketDuplex } from '../../streams/index.js';
import { silentLogger, type Logger } from '../logging.js';

export const FOUR_LETTER_WORD_BYTES = 4;

export interface ClientPortConfig {
  readonly address: SocketAddress;
  /** Reply text when the first four bytes are a four-letter word, undefined otherwise (they start a session). */
  readonly answerFourLetterWord: (firstFour: Uint8Array) => string | undefined;
  /** Takes a connection whose first bytes are not a four-letter word. `bytes$` carries everything it sent, those
   *  first bytes included; subscribe to it before returning (it is hot). */
  readonly onSession?: (connection: SocketDuplex, bytes$: Observable<Uint8Array>) => void;
  /** A connection that sends nothing for this long is closed. */
  readonly firstBytesTimeoutMs?: number;
  readonly connectionsMax?: number;
  /** ZooKeeper's maxClientCnxns: connections one host may hold at once, applied at accept so idle sockets from one
   *  host cannot starve the others. 0 = no limit. */
  readonly connectionsPerHostMax?: number;
  readonly logger?: Logger;
  readonly scheduler?: SchedulerLike;
}

export interface ClientPort {
  /** Emits the bound address once listening (port 0 becomes a real port). */
  readonly listening: Promise<SocketAddress>;
  readonly connections: () => number;
  close(): void;
}

export function startClientPort(config: ClientPortConfig): ClientPort {
  const { address, connectionsMax = 60_000, connectionsPerHostMax = 0, logger = silentLogger } = config;
  const log = logger.child({ component: 'clientPort' });
  const perHost = new Map<string, number>();
  let open = 0;
  let resolveListening: (a: SocketAddress) => void = () => undefined;
  let rejectListening: (e: unknown) => void = () => undefined;
  const listening = new Promise<SocketAddress>((resolve, reject) => {
    resolveListening = resolve;
    rejectListening = reject;
  });
  const events$: Observable<ListenEvent> = listen({ host: address.host, port: address.port, connectionsMax });
  const subscription = new Subscription();
  subscription.add(
    events$.subscribe({
      next: (event) => {
        if (event.kind === 'listening') {
          log.info({ address: `${event.address.host}:${event.address.port}` }, 'client port listening');
          resolveListening(event.address);
          return;
        }
        const { connection } = event;
        const host = connection.remote.host;
        const fromHost = perHost.get(host) ?? 0;
        if (connectionsPerHostMax > 0 && fromHost >= connectionsPerHostMax) {
          log.warn({ host, connectionsPerHostMax }, `Too many connections from /${host} - max is ${connectionsPerHostMax}`);
          connection.destroy();
          return;
        }
        perHost.set(host, fromHost + 1);
        open += 1;
        const serving = serveConnection(connection, config, log);
        subscription.add(serving);
        // Drop the finished connection's bookkeeping from the listener, so a long-lived port does not collect it.
        connection.closed$.subscribe(() => {
          open -= 1;
          const left = (perHost.get(host) ?? 1) - 1;
          if (left === 0) perHost.delete(host);
          else perHost.set(host, left);
          subscription.remove(serving);
          serving.unsubscribe();
        });
      },
      error: (error: unknown) => {
        log.error({ err: error }, 'client port failed');
        rejectListening(error);
      },
    }),
  );
  return { listening, connections: () => open, close: () => subscription.unsubscribe() };
}

function serveConnection(connection: SocketDuplex, config: ClientPortConfig, log: Logger): Subscription {
  const { firstBytesTimeoutMs = 10_000, scheduler } = config;
  const remote = `${connection.remote.host}:${connection.remote.port}`;
  const received: Uint8Array[] = [];
  let session: Subject<Uint8Array> | undefined;
  let decided = false;
  const subscription = new Subscription();
  const silence = timer(firstBytesTimeoutMs, scheduler).subscribe(() => {
    log.warn({ remote }, `closing a client connection that sent nothing for ${firstBytesTimeoutMs} ms`);
    connection.destroy();
  });
  subscription.add(silence);
  const decide = (first: Uint8Array): void => {
    decided = true;
    silence.unsubscribe();
    const reply = config.answerFourLetterWord(first.subarray(0, FOUR_LETTER_WORD_BYTES));
    if (reply !== undefined) {
      log.debug({ remote }, 'four-letter word');
      if (reply.length > 0) connection.send(Buffer.from(reply, 'utf8'));
      connection.close();
    } else if (config.onSession !== undefined) {
      session = new Subject<Uint8Array>();
      config.onSession(connection, session);
      session.next(first);
    } else {
      log.warn({ remote }, 'closing a client connection: this peer serves no sessions yet');
      connection.destroy();
    }
  };
  subscription.add(
    connection.input$.subscribe({
      next: (chunk) => {
        if (session !== undefined) return session.next(chunk);
        if (decided) return undefined; // bytes after a four-letter word are ignored, as ZooKeeper does
        received.push(chunk);
        if (received.reduce((n, c) => n + c.length, 0) >= FOUR_LETTER_WORD_BYTES) decide(Buffer.concat(received));
        return undefined;
      },
      error: (error: unknown) => {
        silence.unsubscribe();
        session?.error(error);
      },
      complete: () => {
        silence.unsubscribe();
        session?.complete();
      },
    }),
  );
  return subscription;
}
