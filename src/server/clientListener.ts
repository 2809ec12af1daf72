// The standalone server's client port: one listener for four-letter words and sessions (the first four bytes
// decide, as in ZooKeeper), with ZooKeeper's per-IP limit (maxClientCnxns) applied at accept so idle sockets from
// one host cannot starve the others. Connections that start a session are handed on with their bytes as a stream.
import { Subject, Subscription, timer, type Observable, type SchedulerLike } from 'rxjs';
import { listen, type SocketAddress, type SocketDuplex } from '../../streams/index.js';
import { silentLogger, type Logger } from '../logging.js';
import { fourLetterWordOf } from '../peer/fourLetterWords.js';

export interface ClientListenerConfig {
  readonly address: SocketAddress;
  /** 0 = no per-host limit (ZooKeeper's maxClientCnxns=0). */
  readonly connectionsPerHostMax: number;
  readonly connectionsMax?: number;
  /** Reply text for a recognised four-letter word, or undefined to close without a reply. */
  readonly answerFourLetterWord: (word: string) => string | undefined;
  readonly onSession: (connection: SocketDuplex, bytes$: Observable<Uint8Array>) => void;
  readonly firstBytesTimeoutMs?: number;
  readonly logger?: Logger;
  readonly scheduler?: SchedulerLike;
}

export interface ClientListener {
  readonly listening: Promise<SocketAddress>;
  connections(): number;
  close(): void;
}

export function startClientListener(config: ClientListenerConfig): ClientListener {
  const { address, connectionsPerHostMax, connectionsMax = 60_000, logger = silentLogger } = config;
  const log = logger.child({ component: 'clientListener' });
  const perHost = new Map<string, number>();
  let open = 0;
  let settle: { resolve: (a: SocketAddress) => void; reject: (e: unknown) => void } | undefined;
  const listening = new Promise<SocketAddress>((resolve, reject) => (settle = { resolve, reject }));
  const subscription = new Subscription();
  subscription.add(listen({ host: address.host, port: address.port, connectionsMax }).subscribe({
    next: (event) => {
      if (event.kind === 'listening') return settle?.resolve(event.address);
      const { connection } = event;
      const host = connection.remote.host;
      const count = perHost.get(host) ?? 0;
      if (connectionsPerHostMax > 0 && count >= connectionsPerHostMax) {
        log.warn({ host, connectionsPerHostMax }, `Too many connections from /${host} - max is ${connectionsPerHostMax}`);
        connection.destroy();
        return undefined;
      }
      perHost.set(host, count + 1);
      open += 1;
      connection.closed$.subscribe(() => {
        open -= 1;
        const left = (perHost.get(host) ?? 1) - 1;
        if (left === 0) perHost.delete(host);
        else perHost.set(host, left);
      });
      subscription.add(serve(connection, config, log));
      return undefined;
    },
    error: (error: unknown) => {
      log.error({ err: error }, 'client port failed');
      settle?.reject(error);
    },
  }));
  return { listening, connections: () => open, close: () => subscription.unsubscribe() };
}

function serve(connection: SocketDuplex, config: ClientListenerConfig, log: Logger): Subscription {
  const { firstBytesTimeoutMs = 10_000, scheduler } = config;
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let session: Subject<Uint8Array> | undefined;
  let decided = false;
  const subscription = new Subscription();
  const silence = timer(firstBytesTimeoutMs, scheduler).subscribe(() => {
    log.warn({ remote: connection.remote }, `closing a connection that sent nothing for ${firstBytesTimeoutMs} ms`);
    connection.destroy();
  });
  subscription.add(silence);
  const decide = (first: Uint8Array): void => {
    decided = true;
    silence.unsubscribe();
    const word = fourLetterWordOf(first.subarray(0, 4));
    if (word !== undefined) {
      const reply = config.answerFourLetterWord(word);
      if (reply !== undefined) connection.send(new TextEncoder().encode(reply));
      connection.close();
      return;
    }
    session = new Subject<Uint8Array>();
    config.onSession(connection, session);
    session.next(first);
  };
  subscription.add(connection.input$.subscribe({
    next: (chunk) => {
      if (session !== undefined) return session.next(chunk);
      if (decided) return undefined;
      head.push(chunk);
      headBytes += chunk.length;
      if (headBytes >= 4) decide(Buffer.concat(head));
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
  }));
  return subscription;
}
