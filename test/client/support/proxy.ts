// A loopback TCP proxy for interop tests: forwards to one server, and can be cut (every live connection destroyed,
// new ones accepted but never forwarded, so a client sees silence as behind a dead network) and restored.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { assertLoopback } from '../../support/ports.js';

/** Connections one proxy keeps; more is a leak in the test. */
const CONNECTIONS_MAX = 256;

export interface LoopbackProxy {
  readonly host: string;
  readonly port: number;
  /** Drop every connection (the client sees EOF) and blackhole new ones. */
  cut(): void;
  /** Blackhole: live connections stay open but nothing passes either way, and new ones are never forwarded. */
  stall(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startProxy(target: { host: string; port: number }, host = '127.0.0.1'): Promise<LoopbackProxy> {
  assertLoopback(host);
  assertLoopback(target.host);
  const sockets = new Set<Socket>();
  const pairs = new Set<readonly [Socket, Socket]>();
  let cut = false;
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  };
  const server: Server = createServer((client) => {
    track(client);
    if (cut || sockets.size > CONNECTIONS_MAX) {
      client.pause();
      return;
    }
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const pair = [client, upstream] as const;
    pairs.add(pair);
    client.once('close', () => pairs.delete(pair));
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    host,
    port: address.port,
    cut: () => {
      cut = true;
      for (const socket of sockets) socket.destroy();
    },
    stall: () => {
      cut = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        // Keep reading and dropping, so nothing is delivered and nothing backs up.
        client.on('data', () => undefined);
        upstream.on('data', () => undefined);
      }
    },
    restore: () => {
      cut = false;
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
