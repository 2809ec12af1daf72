// Free TCP ports on loopback for tests that start real servers: probe a random port below the kernel's ephemeral
// range, release it, hand it out. Below that range because a port bind(0) picks is one the kernel also gives to
// outgoing connections: a client socket of any test could take it in the half second a JVM needs before it binds
// (CI once saw a real server fail with BindException that way). A port is never handed out twice by one process;
// other vitest workers can still race us for one, so callers must bind soon and fail loudly when the bind fails
// (see realZk.ts).

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

export interface FreePortConfig {
  /** Loopback address to probe on. */
  readonly host?: string;
}

/** Attempts per wanted port before giving up (a random pick that is taken or already handed out is rare). */
const attemptsPerPortMax = 20;
/** Lowest port handed out: above the well-known and registered ports most daemons listen on. */
const PORT_MIN = 10_000;

/** The first port the kernel assigns to outgoing connections (Linux's default when /proc does not say). */
function ephemeralStart(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > PORT_MIN + 1000 ? first : 32_768;
  } catch {
    return 32_768;
  }
}

/** Ports handed out lie in [PORT_MIN, this): none of them can be an outgoing connection's local port. */
const portLimit = ephemeralStart();

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

/** `count` distinct ports below the ephemeral range; each probe stays bound until all are found. */
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
      const port = PORT_MIN + Math.floor(Math.random() * (portLimit - PORT_MIN));
      if (handedOut.has(port) || ports.includes(port)) continue;
      const server = await bindPort(host, port);
      if (server === undefined) continue;
      held.push(server);
      ports.push(port);
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

/** The port bound on `host` (exclusively), or undefined when something else holds it. */
function bindPort(host: string, port: number): Promise<Server | undefined> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
