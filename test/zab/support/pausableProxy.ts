// A loopback TCP proxy whose traffic can be stopped without closing anything: what a network partition looks like
// to both ends (silence, not a reset).
import * as net from 'node:net';

export interface PausableProxy {
  readonly port: number;
  /** Drop every byte in both directions from now on (connections stay open). */
  partition(): void;
  close(): Promise<void>;
}

export async function pausableProxy(target: { host: string; port: number }): Promise<PausableProxy> {
  let partitioned = false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((inbound) => {
    const outbound = net.connect(target);
    for (const [from, to] of [[inbound, outbound], [outbound, inbound]] as const) {
      sockets.add(from);
      from.on('data', (chunk) => {
        if (!partitioned) to.write(chunk);
      });
      from.on('error', () => undefined);
      from.on('close', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    partition: () => {
      partitioned = true;
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}
