// Free TCP ports on loopback for tests that start real servers: ask the kernel (bind port 0), release, hand out.
// A port is never handed out twice by one process; other vitest workers can still race us for it, so callers must
// bind soon and fail loudly when the bind fails (see realZk.ts).

import { createServer, type Server } from 'node:net';

export interface FreePortConfig {
  /** Loopback address to probe on. */
  readonly host?: string;
}

/** Attempts per wanted port before giving up (the kernel repeating a port we already handed out is rare). */
const attemptsPerPortMax = 20;

const handedOut = new Set<number>();

export function assertLoopback(host: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) {
    throw new Error(`tests may only use loopback addresses (127.0.0.0/8), got ${host}`);
  }
}

/** One port that was free a moment ago and that this process has not handed out before. */
export async function freePort(config: FreePortConfig = {}): Promise<number> {
  const [port] = await freePorts(1, config);
  if (port === undefined) throw new Error('freePorts(1) returned nothing');
  return port;
}

/** `count` distinct ports; all probes stay bound until every port is found, so the kernel cannot repeat one. */
export async function freePorts(count: number, config: FreePortConfig = {}): Promise<number[]> {
  const { host = '127.0.0.1' } = config;
  assertLoopback(host);
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    for (let attempt = 0; ports.length < count; attempt += 1) {
      if (attempt >= count * attemptsPerPortMax) {
        throw new Error(`could not find ${count} unused ports on ${host} in ${attempt} attempts`);
      }
      const { server, port } = await bindAnyPort(host);
      held.push(server);
      if (!handedOut.has(port)) ports.push(port);
    }
  } finally {
    await Promise.all(held.map(closeServer));
  }
  for (const port of ports) handedOut.add(port);
  return ports;
}

/** True when `port` can be bound on `host` right now (it is released again before returning). */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  assertLoopback(host);
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => resolve(true));
  });
  if (bound) await closeServer(server);
  return bound;
}

function bindAnyPort(host: string): Promise<{ server: Server; port: number }> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error(`unexpected listen address ${String(address)}`));
        return;
      }
      resolve({ server, port: address.port });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
